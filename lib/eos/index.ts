/**
 * Equation of state (PHYSICS.md §2): the built-in analytic EOS (electrons and positrons at any
 * degeneracy and relativity, photons, nucleons, nuclear statistical equilibrium — the embedded
 * default, offline) and tabulated EOSs in the stellarcollapse.org HDF5 layout. Units: ρ [g cm⁻³],
 * T [MeV], P [dyn cm⁻²], e [erg g⁻¹], s [k_B per baryon], chemical potentials [MeV] with the
 * PHYSICS.md §0 conventions (mu_e includes m_e c²; mu_n, mu_p measured from the neutron rest mass).
 * @module
 */
import { callNative, InvalidInputError } from '../core/errors';
import { jobSlotFree, runNativeJob, type JobOptions } from '../core/jobs';
import { finiteNumber, toFloat64Array } from '../core/validate';
import { native } from '../native/loader';
import type { NativeEosTable } from '../native/binding';
import { readStellarCollapse, writeStellarCollapse, EOS_TABLE_VARS, type EosTableData, type EosTableVar } from './stellarcollapse';

export { readStellarCollapse, writeStellarCollapse, EOS_TABLE_VARS, type EosTableData, type EosTableVar };
export { fractionWithin, midCellErrors, type MidCellErrors } from './accuracy';

/** A thermodynamic state (all derivatives at fixed Ye). */
export interface EosState {
  rho_gcc: number;
  T_MeV: number;
  Ye: number;
  /** total pressure [dyn cm⁻²] */
  P_dyncm2: number;
  /** specific internal energy [erg g⁻¹] (zero point: see the EOS) */
  e_ergg: number;
  /** entropy per baryon [k_B] */
  s_kB: number;
  /** electron chemical potential including m_e c² [MeV] */
  mu_e_MeV: number;
  /** neutron chemical potential, measured from m_n c² [MeV] */
  mu_n_MeV: number;
  /** proton chemical potential, measured from m_n c² [MeV] */
  mu_p_MeV: number;
  /** mu_n − mu_p (includes Δ) [MeV] */
  muhat_MeV: number;
  /** mu_e − muhat [MeV] */
  mu_nue_MeV: number;
  /** (mu_e − m_e c²)/T */
  eta_e: number;
  Xn: number;
  Xp: number;
  Xa: number;
  Xh: number;
  Abar: number;
  Zbar: number;
  /** ∂P/∂T|ρ [dyn cm⁻² MeV⁻¹] */
  dPdT: number;
  /** ∂P/∂ρ|T [dyn cm⁻² / (g cm⁻³)] */
  dPdrho: number;
  /** ∂e/∂T|ρ [erg g⁻¹ MeV⁻¹] */
  dedT: number;
  /** ∂e/∂ρ|T [erg g⁻¹ / (g cm⁻³)] */
  dedrho: number;
  /** ∂s/∂T|ρ [k_B MeV⁻¹] */
  dsdT: number;
  /** ∂s/∂ρ|T [k_B / (g cm⁻³)] */
  dsdrho: number;
  /** adiabatic sound speed squared [cm² s⁻²] */
  cs2_cm2s2: number;
  /** adiabatic index */
  gamma: number;
}

/** Validity domain (inclusive). */
export interface EosDomain {
  rho_min_gcc: number;
  rho_max_gcc: number;
  T_min_MeV: number;
  T_max_MeV: number;
  Ye_min: number;
  Ye_max: number;
}

/** Structure-of-arrays batch result: one Float64Array per state field. */
export type EosBatch = { [K in keyof EosState]: Float64Array } & { threads: number };

/** An equation of state. */
export interface Eos {
  readonly kind: 'analytic' | 'table';
  domain(): EosDomain;
  /** The state at one point. */
  evaluate(rho_gcc: number, T_MeV: number, Ye: number): EosState;
  /** Many points as an async native job (OpenMP over points). */
  evaluateBatch(input: { rho_gcc: Float64Array | number[]; T_MeV: Float64Array | number[]; Ye: Float64Array | number[] }, opts?: JobOptions): Promise<EosBatch>;
  /** @internal the native handle (undefined for the analytic EOS) */
  readonly handle: NativeEosTable | undefined;
}

function checkPoint(rho_gcc: number, T_MeV: number, Ye: number): void {
  finiteNumber(rho_gcc, 'rho_gcc');
  finiteNumber(T_MeV, 'T_MeV');
  finiteNumber(Ye, 'Ye');
  if (rho_gcc <= 0) throw new InvalidInputError(`rho_gcc: must be > 0, got ${rho_gcc}`, 'rho_gcc');
  if (T_MeV <= 0) throw new InvalidInputError(`T_MeV: must be > 0, got ${T_MeV}`, 'T_MeV');
  if (Ye < 0 || Ye > 1) throw new InvalidInputError(`Ye: must lie in [0, 1], got ${Ye}`, 'Ye');
}

/** The state fields in the native binding's order (checked against eosFieldNames() by the tests). */
export const EOS_STATE_FIELDS = [
  'rho_gcc', 'T_MeV', 'Ye', 'P_dyncm2', 'e_ergg', 's_kB', 'mu_e_MeV', 'mu_n_MeV', 'mu_p_MeV', 'muhat_MeV',
  'mu_nue_MeV', 'eta_e', 'Xn', 'Xp', 'Xa', 'Xh', 'Abar', 'Zbar', 'dPdT', 'dPdrho', 'dedT', 'dedrho',
  'dsdT', 'dsdrho', 'cs2_cm2s2', 'gamma',
] as const satisfies readonly (keyof EosState)[];

const scratchState = new Float64Array(EOS_STATE_FIELDS.length);

// one object literal: a fixed shape V8 creates in nanoseconds (native property-by-property creation
// cost ≈ 5 µs per state)
function stateFromRow(r: Float64Array): EosState {
  return {
    rho_gcc: r[0], T_MeV: r[1], Ye: r[2], P_dyncm2: r[3], e_ergg: r[4], s_kB: r[5], mu_e_MeV: r[6],
    mu_n_MeV: r[7], mu_p_MeV: r[8], muhat_MeV: r[9], mu_nue_MeV: r[10], eta_e: r[11], Xn: r[12], Xp: r[13],
    Xa: r[14], Xh: r[15], Abar: r[16], Zbar: r[17], dPdT: r[18], dPdrho: r[19], dedT: r[20], dedrho: r[21],
    dsdT: r[22], dsdrho: r[23], cs2_cm2s2: r[24], gamma: r[25],
  };
}

class NativeEos implements Eos {
  readonly kind: 'analytic' | 'table';
  /** @internal the native handle (undefined for the analytic EOS) */
  readonly handle: NativeEosTable | undefined;
  constructor(kind: 'analytic' | 'table', handle: NativeEosTable | undefined) {
    this.kind = kind;
    this.handle = handle;
  }
  domain(): EosDomain {
    return callNative(() => native().eosDomain(this.handle));
  }
  evaluate(rho_gcc: number, T_MeV: number, Ye: number): EosState {
    checkPoint(rho_gcc, T_MeV, Ye);
    const r = scratchState;
    callNative(() => native().eosEvaluateInto(this.handle, rho_gcc, T_MeV, Ye, r));
    return stateFromRow(r);
  }
  evaluateBatch(input: { rho_gcc: Float64Array | number[]; T_MeV: Float64Array | number[]; Ye: Float64Array | number[] }, opts: JobOptions = {}): Promise<EosBatch> {
    try {
      let rho = toFloat64Array(input.rho_gcc, 'rho_gcc');
      let T = toFloat64Array(input.T_MeV, 'T_MeV');
      let Ye = toFloat64Array(input.Ye, 'Ye');
      if (T.length !== rho.length) throw new InvalidInputError('T_MeV: length differs from rho_gcc', 'T_MeV');
      if (Ye.length !== rho.length) throw new InvalidInputError('Ye: length differs from rho_gcc', 'Ye');
      if (!jobSlotFree()) [rho, T, Ye] = [rho.slice(), T.slice(), Ye.slice()];
      return runNativeJob(opts, (o) => native().eosBatch(this.handle, rho, T, Ye, o)).then((r) => {
        const out = { threads: r.threads } as EosBatch;
        for (const name of native().eosFieldNames()) (out as unknown as Record<string, Float64Array>)[name] = r.columns[name];
        return out;
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }
}

/** The built-in analytic EOS (embedded default; domain ρ ∈ [1e3, 1e15], T ∈ [0.01, 100] MeV, Ye ∈ [0.01, 0.6]). */
export const analyticEos: Eos = new NativeEos('analytic', undefined);

/** A tabulated EOS; release its memory with dispose() (or `using`). */
export class TableEos extends NativeEos {
  private constructor(handle: NativeEosTable) {
    super('table', handle);
  }
  /**
   * Builds a table EOS from data in the stellarcollapse layout. Interpolation: 'linear' (trilinear in
   * (log ρ, log T, Ye), what GR1D/NuLib/FLASH readers do; the default) or 'cubic' (4-point Lagrange
   * per axis: O(h⁴) errors where the table is curved). clamp: clamp to the table edges instead of
   * OUT_OF_DOMAIN.
   */
  static fromData(data: EosTableData, opts: { clamp?: boolean; interpolation?: 'linear' | 'cubic' } = {}): TableEos {
    if (opts.interpolation !== undefined && opts.interpolation !== 'linear' && opts.interpolation !== 'cubic') {
      throw new InvalidInputError(`interpolation: expected 'linear' or 'cubic'`, 'interpolation');
    }
    return new TableEos(callNative(() => new (native().EosTable)(data, opts.clamp ?? false, opts.interpolation === 'cubic')));
  }
  /** Loads a stellarcollapse.org HDF5 table. */
  static async load(path: string, opts: { clamp?: boolean; interpolation?: 'linear' | 'cubic' } = {}): Promise<TableEos> {
    return TableEos.fromData(await readStellarCollapse(path), opts);
  }
  /** Temperature [MeV] at which e(ρ, T, Ye) = e_ergg. */
  temperatureFromEnergy(rho_gcc: number, e_ergg: number, Ye: number): number {
    finiteNumber(e_ergg, 'e_ergg');
    return callNative(() => this.handle!.temperatureFromEnergy(rho_gcc, e_ergg, Ye));
  }
  /** Temperature [MeV] at which s(ρ, T, Ye) = s_kB. */
  temperatureFromEntropy(rho_gcc: number, s_kB: number, Ye: number): number {
    finiteNumber(s_kB, 's_kB');
    return callNative(() => this.handle!.temperatureFromEntropy(rho_gcc, s_kB, Ye));
  }
  dispose(): void {
    this.handle?.dispose();
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Grid of a written EOS table. */
export interface EosTableGrid {
  /** log10 ρ axis [g cm⁻³] */
  logrho: Float64Array | number[];
  /** log10 T axis [MeV] */
  logtemp: Float64Array | number[];
  /** Ye axis */
  ye: Float64Array | number[];
}

/** Tabulates an EOS on a grid in the stellarcollapse layout (in memory). */
export async function tabulateEos(eos: Eos, grid: EosTableGrid, opts: JobOptions = {}): Promise<EosTableData> {
  const logrho = toFloat64Array(grid.logrho, 'logrho'), logtemp = toFloat64Array(grid.logtemp, 'logtemp'), ye = toFloat64Array(grid.ye, 'ye');
  const nr = logrho.length, nt = logtemp.length, ny = ye.length, n = nr * nt * ny;
  const rho = new Float64Array(n), T = new Float64Array(n), Y = new Float64Array(n);
  for (let iy = 0; iy < ny; iy++)
    for (let it = 0; it < nt; it++)
      for (let ir = 0; ir < nr; ir++) {
        const i = (iy * nt + it) * nr + ir;
        rho[i] = 10 ** logrho[ir];
        T[i] = 10 ** logtemp[it];
        Y[i] = ye[iy];
      }
  const b = await eos.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye: Y }, opts);
  let emin = Infinity;
  for (let i = 0; i < n; i++) emin = Math.min(emin, b.e_ergg[i]);
  // energy_shift makes e + shift > 0 so that log10 is defined (stellarcollapse convention)
  const energy_shift = emin < 0 ? -2 * emin + 1e17 : 0;
  const fields = {} as EosTableData['fields'];
  const logp = new Float64Array(n), loge = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    logp[i] = Math.log10(b.P_dyncm2[i]);
    loge[i] = Math.log10(b.e_ergg[i] + energy_shift);
  }
  fields.logpress = logp;
  fields.logenergy = loge;
  fields.entropy = b.s_kB;
  fields.munu = b.mu_nue_MeV;
  fields.muhat = b.muhat_MeV;
  fields.mu_e = b.mu_e_MeV;
  fields.mu_p = b.mu_p_MeV;
  fields.mu_n = b.mu_n_MeV;
  fields.Xa = b.Xa;
  fields.Xh = b.Xh;
  fields.Xn = b.Xn;
  fields.Xp = b.Xp;
  fields.Abar = b.Abar;
  fields.Zbar = b.Zbar;
  fields.cs2 = b.cs2_cm2s2;
  fields.gamma = b.gamma;
  return { logrho, logtemp, ye, energy_shift, fields };
}

