/**
 * Interpolation of the inelastic kernels an opacity table stores (NES Φ0, Φ1 and, when present, the
 * e⁺e⁻ pair production/annihilation Φ0, Φ1; NuLib's inelastic_phi0/1 and epannihil_phi0/1) at an
 * arbitrary (T, η_e). Used through {@link OpacityTable.interpolateKernels}.
 *
 * Scheme (NuLib's own table reader, GR1D's nulibtable, with three refinements marked ★):
 * - Coordinates (ln T, ln η_e): the kernel grid is log spaced in both (NuLib: T 0.05–150 MeV, η 0.1–100).
 * - Φ0 is interpolated bilinearly in ln Φ0. It spans tens of decades over the grid, so its logarithm is
 *   the smooth function; the error is second order, ∝ h_T² ∂²lnΦ0/∂(ln T)² + h_η² ∂²lnΦ0/∂(ln η)².
 * - Φ1 is interpolated as the ratio Φ1/Φ0, linearly (NuLib does the same), and multiplied by the
 *   interpolated Φ0. Φ1 changes sign (NES: forward- vs backward-peaked; the pair Φ1 is mostly negative),
 *   so ln Φ1 does not exist and a linear interpolation of Φ1 itself would carry Φ0's decades of curvature.
 *   The ratio is smooth, bounded by 1 in magnitude, and a convex combination of ratios in [-1, 1] stays
 *   in [-1, 1]: the interpolant keeps |Φ1| ≤ Φ0 wherever the table does.
 * - NES, E_out > E_in: only the down-scattering half (E_out ≤ E_in) is interpolated; the up-scattering
 *   half is filled by detailed balance AT THE REQUESTED T, Φ0,1(E_in, E_out) = e^{−(E_out−E_in)/T}
 *   Φ0,1(E_out, E_in), as NuLib fills its table and GR1D fills after interpolating. Detailed balance
 *   then holds exactly (one rounding) at every T, not only at the nodes, and the Boltzmann factor —
 *   which varies like e^{−ΔE/T} and which interpolation in ln T would get wrong by ~h²ΔE/(8T) in the
 *   exponent — is never interpolated. NuLib writes the up-scattering half with exactly this fill, so
 *   the table's own upper-half values are reproduced at the nodes.
 * - ★ Pair production: its Φ carries the Boltzmann factor e^{−(E+Ē)/T} of the thermal pairs
 *   (production = e^{−(E+Ē)/T} × annihilation, exactly, for every moment). NuLib/GR1D interpolate
 *   ln Φ_production directly, which interpolates that factor in ln T (errors of order h²(E+Ē)/(8T) in
 *   the exponent: 41 % measured, below). Here ln Φ_production + (E+Ē)/T_node is
 *   interpolated and e^{−(E+Ē)/T} applied at the requested T: the result equals the table at the nodes
 *   and obeys production = e^{−(E+Ē)/T} × annihilation between them to the table's own consistency
 *   (~1e-14). Where the table's production value is below 1e-300 (underflowed; low T, high E) the
 *   annihilation value stands in for it in the interpolated quantity (the two are equal there up to rounding).
 * - ★ Node exactness: the interpolant is evaluated as Φ_ref · exp(Σ_c w_c (S_c − S_ref)), ref = the
 *   corner with the largest weight, so at a node the table value comes back bit for bit (instead of
 *   exp(ln Φ), which is off by ~|ln Φ|·2⁻⁵³ ≈ 1e-14 for Φ ~ 1e-42 cm³ s⁻¹); Φ1 at a node is (Φ1/Φ0)·Φ0,
 *   within one or two roundings.
 * - ★ Zeros: table values below 1e-300 (NuLib's floor) enter ln Φ0 as 1e-300 and come back as 0.
 *
 * Accuracy (test/native/kernel-interp.test.ts, 30 × 30 grid over T 0.5–50 MeV, η 0.1–100, 6 groups to
 * 64 MeV): second order, ≤ 1e-2 relative for η ≤ 3, falling 4x when the spacing halves. For η ≳ 10 the
 * electrons' Fermi surface crossing a neutrino energy (a feature of width Δln η ~ 1/η) is narrower than
 * a cell and the error is first order there: NES Φ0 up to 8e-2, the Pauli-blocked pair kernels up to a
 * factor e³ at η 30–100. Alternatives, measured on a 29 × 29 grid over T 0.5–50 MeV, η 0.1–3: Φ1
 * interpolated linearly is off by up to 28 Φ0 (the ratio: 2.5e-3 Φ0); ln Φ_production interpolated
 * directly by 41 % (here: 7e-3); the table's up-scattering half interpolated in ln T by 23 % (the
 * detailed-balance fill: 4e-3).
 *
 * Cost: prepared once per table (ln Φ0 + a/T, Φ1/Φ0 and the node Φ0: three arrays of Φ0's size per
 * kernel, 1.5x the kernel table's memory), then per call one exp per (species, E_in ≥ E_out) element,
 * one per (E_in < E_out) group pair, and two per (species, E, Ē) for the pair kernels; no per-element
 * allocation (the returned arrays and a few small objects per call).
 * @module
 */
import { InvalidInputError, OutOfDomainError } from '../core/errors';
import type { NesKernelTable } from './nulib-format';

/** Values below this are zero for the interpolation (NuLib's output floor, NULIB_VALUE_FLOOR). */
const FLOOR = 1e-300;
const LN_FLOOR = Math.log(FLOOR);

/** Φ0 and Φ1 of one kernel [cm³ s⁻¹], index (s·ng + i)·ng + o (see {@link TableKernels}). */
export interface KernelMoments {
  /** Legendre moment 0 [cm³ s⁻¹] */
  phi0: Float64Array;
  /** Legendre moment 1 [cm³ s⁻¹] (may be negative; |Φ1| ≤ Φ0) */
  phi1: Float64Array;
}

/**
 * Kernels of an opacity table interpolated to one (T, η_e), as returned by
 * {@link OpacityTable.interpolateKernels}. Every array has species·ng·ng values with the index
 * (s·ng + i)·ng + o, i.e. [species][E_in][E_out]: species s = 0 nue, 1 anue, 2 nux (one heavy flavour),
 * i and o groups (energies `energies_MeV`). Units cm³ s⁻¹.
 */
export interface TableKernels {
  /** group centres [MeV] the kernels are tabulated at (ng values) */
  energies_MeV: Float64Array;
  /** NES out-scattering kernel Φ0^out(E_in = group i → E_out = group o) [cm³ s⁻¹] (>= 0) */
  phi0: Float64Array;
  /** NES Φ1^out [cm³ s⁻¹] (signed) */
  phi1: Float64Array;
  /**
   * e⁺e⁻ pair kernels, when the table stores them: i is the neutrino's group (E), o its partner
   * antineutrino's (Ē); production e⁻e⁺ → νν̄ and annihilation νν̄ → e⁻e⁺ (NuLib's epannihil channels 1, 2).
   */
  pair?: { production: KernelMoments; annihilation: KernelMoments };
}

/** One interpolated quantity: per element and node, S = ln max(Φ0, 1e-300) (+ a/T_node) and R = Φ1/Φ0. */
interface Prepared {
  /** Φ0 at the nodes (the table's values; the interpolant's base at the reference corner) */
  raw: Float64Array;
  S: Float64Array;
  R: Float64Array;
}

/** Interpolator over one table's kernels (immutable after construction). @internal */
export class KernelInterpolator {
  readonly ns: number;
  readonly ng: number;
  private readonly T: Float64Array;
  private readonly eta: Float64Array;
  private readonly lnT: Float64Array;
  private readonly lnEta: Float64Array;
  private readonly E: Float64Array;
  private readonly nes: Prepared;
  private readonly prod?: Prepared;
  private readonly ann?: Prepared;

  /**
   * @param k the table's kernels
   * @param energies_MeV the group centres the kernels were computed at (NuLib: neutrino_energies)
   * @param ns number of species
   */
  constructor(k: NesKernelTable, energies_MeV: Float64Array, ns: number) {
    const log = Math.log;
    const ng = energies_MeV.length, nT = k.T_MeV.length, ne = k.eta.length, nn = nT * ne;
    const n = ng * ns * ng * nn;
    if (k.phi0.length !== n || k.phi1.length !== n) throw new InvalidInputError(`kernels: phi0/phi1 need ${n} values`, 'kernels');
    this.ns = ns;
    this.ng = ng;
    this.T = Float64Array.from(k.T_MeV);
    this.eta = Float64Array.from(k.eta);
    this.lnT = this.T.map((v) => log(v));
    this.lnEta = this.eta.map((v) => log(v));
    this.E = Float64Array.from(energies_MeV);

    // NES: the down-scattering half (E_out = o <= E_in = i) only
    const nes: Prepared = { raw: k.phi0, S: new Float64Array(n), R: new Float64Array(n) };
    for (let o = 0; o < ng; o++)
      for (let s = 0; s < ns; s++)
        for (let i = o; i < ng; i++) {
          const b = ((o * ns + s) * ng + i) * nn;
          for (let j = b; j < b + nn; j++) {
            const p0 = k.phi0[j];
            nes.S[j] = p0 > FLOOR ? log(p0) : LN_FLOOR;
            nes.R[j] = p0 > 0 ? k.phi1[j] / p0 : 0;
          }
        }
    this.nes = nes;

    if (k.pair_phi0 && k.pair_phi1) {
      if (k.pair_phi0.length !== 2 * n || k.pair_phi1.length !== 2 * n) throw new InvalidInputError(`kernels: pair_phi0/pair_phi1 need ${2 * n} values`, 'kernels');
      const p0 = k.pair_phi0, p1 = k.pair_phi1;
      const prod: Prepared = { raw: p0.subarray(0, n), S: new Float64Array(n), R: new Float64Array(n) };
      const ann: Prepared = { raw: p0.subarray(n), S: new Float64Array(n), R: new Float64Array(n) };
      for (let o = 0; o < ng; o++)
        for (let s = 0; s < ns; s++)
          for (let i = 0; i < ng; i++) {
            const a = energies_MeV[i] + energies_MeV[o];
            const b = ((o * ns + s) * ng + i) * nn;
            for (let je = 0; je < ne; je++)
              for (let it = 0; it < nT; it++) {
                const j = b + je * nT + it, ja = n + j;
                const a0 = p0[ja];
                ann.S[j] = a0 > FLOOR ? log(a0) : LN_FLOOR;
                ann.R[j] = a0 > 0 ? p1[ja] / a0 : 0;
                const q0 = p0[j];
                if (q0 > FLOOR) {
                  // ln Φ_production + (E+Ē)/T_node = ln Φ_annihilation up to the table's rounding: smooth in T
                  prod.S[j] = log(q0) + a / this.T[it];
                  prod.R[j] = p1[j] / q0;
                } else {
                  // underflowed production: the annihilation channel carries the same smooth part
                  prod.S[j] = ann.S[j];
                  prod.R[j] = ann.R[j];
                }
              }
          }
      this.prod = prod;
      this.ann = ann;
    }
  }

  get hasPair(): boolean {
    return this.prod !== undefined;
  }

  /** The (T, η) range [MeV, dimensionless]. */
  range(): { T_MeV: [number, number]; eta: [number, number] } {
    return { T_MeV: [this.T[0], this.T[this.T.length - 1]], eta: [this.eta[0], this.eta[this.eta.length - 1]] };
  }

  /**
   * Kernels at (T_MeV, eta_e); both already checked finite and T_MeV > 0 by the caller. Outside the
   * grid: OUT_OF_DOMAIN naming the field, or, with clamp, the tabulated part taken at the nearest
   * grid point while the exact Boltzmann factors use the requested T.
   */
  at(T_MeV: number, eta_e: number, clamp: boolean): TableKernels {
    const exp = Math.exp, log = Math.log;
    const { ns, ng, T, eta, lnT, lnEta, E } = this;
    const nT = T.length, ne = eta.length, nn = nT * ne;

    // cell and weights along T
    let qT: number;
    if (T_MeV < T[0] || T_MeV > T[nT - 1]) {
      if (!clamp) throw new OutOfDomainError(`T_MeV: ${T_MeV} MeV is outside the kernel table's range [${T[0]}, ${T[nT - 1]}] MeV (pass {clamp: true} to clamp)`, 'T_MeV');
      qT = T_MeV < T[0] ? lnT[0] : lnT[nT - 1];
    } else qT = log(T_MeV);
    // ... and along η (positive, log spaced: η <= 0 is below the range)
    let qE: number;
    if (eta_e < eta[0] || eta_e > eta[ne - 1]) {
      if (!clamp) {
        throw new OutOfDomainError(
          eta_e <= 0
            ? `eta_e: ${eta_e} <= 0 lies below the kernel table's η axis [${eta[0]}, ${eta[ne - 1]}], which is positive and log spaced as NuLib's (pass {clamp: true} to use η = ${eta[0]})`
            : `eta_e: ${eta_e} is outside the kernel table's range [${eta[0]}, ${eta[ne - 1]}] (pass {clamp: true} to clamp)`,
          'eta_e',
        );
      }
      qE = eta_e < eta[0] ? lnEta[0] : lnEta[ne - 1];
    } else qE = log(eta_e);
    const [iT, wT] = cell(lnT, qT);
    const [iE, wE] = cell(lnEta, qE);
    const dT = nT > 1 ? 1 : 0, dE = ne > 1 ? nT : 0; // offsets of the +1 corners (none on a one-point axis)
    const w00 = (1 - wT) * (1 - wE), w10 = wT * (1 - wE), w01 = (1 - wT) * wE, w11 = wT * wE;
    const rT = wT >= 0.5 ? 1 : 0, rE = wE >= 0.5 ? 1 : 0; // reference corner: the largest weight
    const node = iE * nT + iT;
    const refOff = rE * dE + rT * dT;
    const Tref = T[iT + rT * dT];
    const nOut = ns * ng * ng;

    // one interpolated element: base offset b of its node block; a = coefficient of the Boltzmann factor
    // e^{-a/T} divided out of S (0 but for pair production); writes Φ0, Φ1 at out[k]
    const one = (p: Prepared, b: number, a: number, out0: Float64Array, out1: Float64Array, k: number): void => {
      const S = p.S, R = p.R;
      const c = b + node, r = c + refOff;
      const sr = S[r], rr = R[r];
      const sum = w00 * (S[c] - sr) + w10 * (S[c + dT] - sr) + w01 * (S[c + dE] - sr) + w11 * (S[c + dE + dT] - sr);
      const rat = rr + (w00 * (R[c] - rr) + w10 * (R[c + dT] - rr) + w01 * (R[c + dE] - rr) + w11 * (R[c + dE + dT] - rr));
      const base = p.raw[r];
      let v: number;
      if (base > FLOOR) v = base * (a === 0 ? exp(sum) : exp(sum + a / Tref - a / T_MeV));
      else {
        v = exp(sr + sum - (a === 0 ? 0 : a / T_MeV));
        if (a === 0 && v <= FLOOR * (1 + 1e-12)) v = 0; // a table zero (or sub-floor value) comes back as 0
      }
      out0[k] = v;
      out1[k] = rat * v;
    };

    const phi0 = new Float64Array(nOut), phi1 = new Float64Array(nOut);
    for (let s = 0; s < ns; s++)
      for (let i = 0; i < ng; i++) {
        for (let o = 0; o <= i; o++) one(this.nes, ((o * ns + s) * ng + i) * nn, 0, phi0, phi1, (s * ng + i) * ng + o);
      }
    // up-scattering by detailed balance at the requested T: Φ(i → o) = e^{-(E_o - E_i)/T} Φ(o → i), o > i
    for (let i = 0; i < ng; i++)
      for (let o = i + 1; o < ng; o++) {
        const f = exp(-(E[o] - E[i]) / T_MeV);
        for (let s = 0; s < ns; s++) {
          const up = (s * ng + i) * ng + o, dn = (s * ng + o) * ng + i;
          phi0[up] = f * phi0[dn];
          phi1[up] = f * phi1[dn];
        }
      }
    const res: TableKernels = { energies_MeV: Float64Array.from(E), phi0, phi1 };

    if (this.prod && this.ann) {
      const production = { phi0: new Float64Array(nOut), phi1: new Float64Array(nOut) };
      const annihilation = { phi0: new Float64Array(nOut), phi1: new Float64Array(nOut) };
      for (let s = 0; s < ns; s++)
        for (let i = 0; i < ng; i++)
          for (let o = 0; o < ng; o++) {
            const b = ((o * ns + s) * ng + i) * nn, k = (s * ng + i) * ng + o;
            one(this.ann, b, 0, annihilation.phi0, annihilation.phi1, k);
            one(this.prod, b, E[i] + E[o], production.phi0, production.phi1, k);
          }
      res.pair = { production, annihilation };
    }
    return res;
  }
}

/** Cell [i, i+1] of an increasing axis holding q (q within the axis) and the weight of i+1. */
function cell(ax: Float64Array, q: number): [number, number] {
  const n = ax.length;
  if (n === 1) return [0, 0];
  let lo = 0, hi = n - 1; // invariant: ax[lo] <= q, and q < ax[hi] unless q is the last node
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (ax[m] <= q) lo = m;
    else hi = m;
  }
  return [lo, (q - ax[lo]) / (ax[lo + 1] - ax[lo])];
}
