/**
 * The private typed interface of the raw N-API binding. Never re-exported: facades wrap it with
 * validation, unit names and NusphereError conversion.
 * @internal
 * @module
 */

export interface NativeCancelToken {
  cancel(): void;
  readonly cancelled: boolean;
}

export interface NativeJobOptions {
  threads?: number;
  onProgress?: (fraction: number) => void;
  token?: NativeCancelToken;
}

export interface NativeInfo {
  napiVersion: number;
  openmp: { enabled: boolean; maxThreads: number };
  isa: { available: string[]; selected: string; requested: string | null; note?: string };
  compiler: string;
  buildType: string;
  buildTool: string;
}

export interface NativeBinding extends NativeMicrophysics {
  CancelToken: new () => NativeCancelToken;
  info(): NativeInfo;
  setIsa(isa: string): string;
  fermiDirac(k: number, eta: number, beta?: number): { f: number; dfDeta: number; dfDbeta: number };
  fermiDiracBatch(k: number, eta: Float64Array, beta: Float64Array | number | undefined, out: Float64Array, threads?: number): { threads: number; kernelNs: number };
  fermiDiracJob(
    k: number,
    eta: Float64Array,
    beta: Float64Array | number | undefined,
    opts: NativeJobOptions,
  ): Promise<{ values: Float64Array; threads: number; isa: string; elapsedMs: number }>;
  sleepJob(ms: number, opts: NativeJobOptions): Promise<{ threads: number; chunks: number }>;
}

/** Field names of the EOS batch columns (native order). */
export interface NativeEosTable {
  temperatureFromEnergy(rho_gcc: number, e_ergg: number, Ye: number): number;
  temperatureFromEntropy(rho_gcc: number, s_kB: number, Ye: number): number;
  domain(): NativeEosDomain;
  dispose(): void;
}
export interface NativeEosDomain {
  rho_min_gcc: number;
  rho_max_gcc: number;
  T_min_MeV: number;
  T_max_MeV: number;
  Ye_min: number;
  Ye_max: number;
}
export interface PairKernel {
  phi0_production: number;
  phi0_annihilation: number;
  phi1_production: number;
  phi1_annihilation: number;
}
export interface NativeOpacityTable {
  interpolate(rho_gcc: number, T_MeV: number, Ye: number, species: string, clamp?: boolean): { kappa_a: Float64Array; kappa_s: Float64Array; eta: Float64Array };
  data(): {
    rho_gcc: Float64Array; T_MeV: Float64Array; Ye: Float64Array; bin_edges_MeV: Float64Array; sub_points: number; species: number;
    kappa_a: Float64Array; kappa_s: Float64Array; eta: Float64Array;
    kernels?: { T_MeV: Float64Array; eta: Float64Array; pair: boolean }; nes_phi0?: Float64Array; nes_phi1?: Float64Array;
    pair_phi0?: Float64Array; pair_phi1?: Float64Array;
  };
  dispose(): void;
}
export interface NativeNeutrinosphere {
  sphereRadii(r_cm: Float64Array, kappa: Float64Array, groups: number, tauTarget: number, threads?: number): { radius_cm: Float64Array; tau: Float64Array };
}
export interface NativeTransportSolution {
  J: Float64Array;
  H: Float64Array;
  K: Float64Array;
  Q: Float64Array;
  J_err?: Float64Array;
  H_err?: Float64Array;
  iterations: number;
  residual: number;
}
export interface NativeTransport {
  transportMc(problem: unknown, opts: NativeJobOptions & { packets?: number; seed?: number }): Promise<NativeTransportSolution & { stats: { packets: number; steps: number; seconds: number; threads: number; escaped_ergs: Float64Array; L_out_err: Float64Array } }>;
  transportDo(problem: unknown, opts: NativeJobOptions & { extraRays?: number; coreRays?: number; maxIterations?: number; tolerance?: number }): Promise<NativeTransportSolution>;
}
export interface NativeMicrophysics extends NativeNeutrinosphere, NativeTransport {
  EosTable: new (data: unknown, clamp?: boolean, cubic?: boolean) => NativeEosTable;
  /** fills out (length ≥ eosFieldNames().length) in eosFieldNames() order */
  eosEvaluateInto(eos: NativeEosTable | undefined, rho_gcc: number, T_MeV: number, Ye: number, out: Float64Array): void;
  eosDomain(eos: NativeEosTable | undefined): NativeEosDomain;
  eosBatch(eos: NativeEosTable | undefined, rho: Float64Array, T: Float64Array, Ye: Float64Array, opts: NativeJobOptions): Promise<{ columns: Record<string, Float64Array>; threads: number }>;
  eosFieldNames(): string[];
  OpacityTable: new (data: unknown) => NativeOpacityTable;
  opacityCompute(state: unknown, species: string[], energies: Float64Array, params: unknown, terms: boolean): {
    total: Record<string, { kappa_a: Float64Array; kappa_s: Float64Array; eta: Float64Array }>;
    terms?: Record<string, Record<string, Float64Array>>;
    params: Record<string, unknown>;
    kernelNs: number;
  };
  opacityParams(params: unknown): Record<string, unknown>;
  opacityTerm(name: string, state: unknown, species: string, energies: Float64Array, params: unknown): { values: Float64Array; kernelNs: number };
  opacityTableBuild(eos: NativeEosTable | undefined, spec: unknown, params: unknown, opts: NativeJobOptions & { maxBytes?: number }): Promise<{ table: NativeOpacityTable; threads: number }>;
  opacityTableBytes(spec: unknown): number;
  opacityPairKernel(T_MeV: number, eta_e: number, E_MeV: number, E_partner_MeV: number, species: string, params: unknown): PairKernel;
  opacityNesKernel(T_MeV: number, eta_e: number, E_in_MeV: number, E_out_MeV: number, species: string, params: unknown, direction?: 'out' | 'in'): { phi0: number; phi1: number };
}
