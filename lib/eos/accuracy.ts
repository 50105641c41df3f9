/**
 * How well a tabulated EOS reproduces the EOS it was made from: relative errors of P, e + shift and
 * s at the centres of the table's cells (the points farthest from every node, where interpolation
 * errors peak), against a reference EOS evaluated exactly there. Used by the round-trip tests
 * (issue 3: ≤ 1e-3 at mid-cells of a 0.05-dex grid) and by bench/eos-table.ts (the error map over
 * the analytic EOS's whole domain). Units: ρ [g cm⁻³], T [MeV]; errors dimensionless.
 *
 * The energy error is measured on e + energy_shift, the quantity the stellarcollapse layout stores
 * (as its log10), so that it is defined where e changes sign.
 * @module
 */
import { InvalidInputError } from '../core/errors';
import type { JobOptions } from '../core/jobs';
import type { Eos, EosTableData } from './index';

/** Relative errors at the sampled mid-cells, one entry per point. */
export interface MidCellErrors {
  /** mid-cell coordinates: ρ [g cm⁻³], T [MeV], Ye */
  rho_gcc: Float64Array;
  T_MeV: Float64Array;
  Ye: Float64Array;
  /** |P_table/P − 1| */
  P: Float64Array;
  /** |(e_table + shift)/(e + shift) − 1| */
  e: Float64Array;
  /** |s_table/s − 1| */
  s: Float64Array;
  /** the largest of each over the sample */
  worst: { P: number; e: number; s: number };
}

/**
 * Samples every `stride`-th cell along (ρ, T, Ye) of `data` (default every cell), evaluates the
 * reference and the table at the cell centres (midpoints in log ρ, log T and Ye), and returns the
 * relative errors. The table must have been built from `data`; both EOSs run as batch jobs.
 */
export async function midCellErrors(
  reference: Eos,
  table: Eos,
  data: EosTableData,
  opts: JobOptions & { stride?: [number, number, number] } = {},
): Promise<MidCellErrors> {
  const [sr, st, sy] = opts.stride ?? [1, 1, 1];
  for (const [k, v] of [['stride[0]', sr], ['stride[1]', st], ['stride[2]', sy]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InvalidInputError(`${k}: expected an integer ≥ 1, got ${v}`, 'stride');
  }
  const mids = (a: Float64Array, s: number) => {
    const out: number[] = [];
    for (let i = 0; i + 1 < a.length; i += s) out.push(0.5 * (a[i] + a[i + 1]));
    return out;
  };
  const lr = mids(data.logrho, sr), lt = mids(data.logtemp, st), ye = mids(data.ye, sy);
  const n = lr.length * lt.length * ye.length;
  const rho = new Float64Array(n), T = new Float64Array(n), Y = new Float64Array(n);
  let i = 0;
  for (const y of ye)
    for (const t of lt)
      for (const r of lr) {
        rho[i] = 10 ** r;
        T[i] = 10 ** t;
        Y[i++] = y;
      }
  const job = { threads: opts.threads, signal: opts.signal };
  const a = await reference.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye: Y }, job);
  const b = await table.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye: Y }, job);
  const P = new Float64Array(n), e = new Float64Array(n), s = new Float64Array(n);
  const worst = { P: 0, e: 0, s: 0 };
  const shift = data.energy_shift;
  const abs = Math.abs;
  for (let k = 0; k < n; k++) {
    P[k] = abs(b.P_dyncm2[k] / a.P_dyncm2[k] - 1);
    e[k] = abs((b.e_ergg[k] + shift) / (a.e_ergg[k] + shift) - 1);
    s[k] = abs(b.s_kB[k] / a.s_kB[k] - 1);
    // NaN must surface, not vanish in a max()
    if (!(P[k] >= 0 && e[k] >= 0 && s[k] >= 0)) throw new InvalidInputError(`non-finite state at mid-cell ρ=${rho[k]}, T=${T[k]}, Ye=${Y[k]}`, 'table');
    if (P[k] > worst.P) worst.P = P[k];
    if (e[k] > worst.e) worst.e = e[k];
    if (s[k] > worst.s) worst.s = s[k];
  }
  return { rho_gcc: rho, T_MeV: T, Ye: Y, P, e, s, worst };
}

/** Share of the sampled mid-cells where P, e + shift and s are all within `tol` (relative). */
export function fractionWithin(e: MidCellErrors, tol = 1e-3): number {
  const n = e.P.length;
  let ok = 0;
  for (let i = 0; i < n; i++) if (e.P[i] <= tol && e.e[i] <= tol && e.s[i] <= tol) ok++;
  return n ? ok / n : 1;
}
