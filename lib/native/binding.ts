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

export interface NativeBinding {
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
