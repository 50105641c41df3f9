/**
 * Stationary accretion through a standing shock onto a proto-neutron star with neutrino heating and
 * cooling (PHYSICS.md §6), and the critical luminosity where the steady solutions end.
 *
 * Between the neutrinosphere R_ν and the shock r_s, for fixed Ṁ, M and light bulb (L, T_ν, R_ν):
 *   Ṁ = 4π r² ρ |v|,   v dv/dr = −(1/ρ) dP/dr − GM/r²,   v (de/dr − P/ρ² dρ/dr) = q̇,   v dYe/dr = Ẏe
 * solved for ρ, T, Ye as
 *   dlnρ/dr = [2v²/r − GM/r² − P_T/(ρ e_T) (q̇/v − e_Y Ye') − P_Y Ye'/ρ] / (c_s² − v²)
 *   dT/dr   = [q̇/v − e_Y Ye' − (e_ρ − P/ρ²) ρ'] / e_T,    dτ/dr = −κ_νe
 * integrated inward from the shock (classical RK4 on a uniform ln r grid of `steps` steps). The
 * upstream is cold infall (free fall × vfrac, entropy or Mach number given, Ā nuclei); the
 * Rankine–Hugoniot conditions (mass, momentum, energy flux, optional dissociation loss ε_d per
 * nucleon) give the post-shock state. The shock radius is the eigenvalue fixed by the inner
 * condition τ_νe(R_ν) = 2/3 (Pejcha & Thompson 2012; Pochik & Thompson 2025). Raising L at fixed Ṁ
 * moves r_s out until the family of solutions ends: L_crit(Ṁ, M). The antesonic ratio
 * max c_s²/v_esc² (v_esc² = 2GM/r) reaches ≈ 0.19 there (Pejcha & Thompson 2012).
 * Units: r [cm] (outputs also km), ρ [g cm⁻³], v [cm s⁻¹], T [MeV], L [erg s⁻¹], Ṁ [M☉ s⁻¹].
 * REFERENCES: Burrows & Goshy 1993 ApJ 416, L75; Yamasaki & Yamada 2005 ApJ 623, 1000;
 *             Pejcha & Thompson 2012 ApJ 746, 106; Pochik & Thompson 2025 arXiv:2411.16857;
 *             Qian & Woosley 1996 ApJ 471, 331.
 * @module
 */
import { InvalidInputError, NotConvergedError, OutOfDomainError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import { B_Fe56_per_nucleon_MeV, G_cgs, km_cm, MeV_erg, mu_g, Msun_g } from '../core/constants';
import { accretionEntropy, accretionEos, type AccretionEosState } from './accretion-eos';
import { LightBulbRates, type LightBulb, type LightBulbSourceTerms } from './lightbulb';
import { EngineRates } from './engine-rates';
import type { OpacityOptions } from '../opacity';

/** Source terms of the gain layer: the QW96 fits or the engine's opacities. */
export type SourceTerms = LightBulbSourceTerms;
import { brent } from './gain';

// Math bound locally: global lookups are slow inside vm sandboxes (jest), and this is hot code
const { exp, log, sqrt, pow, abs, max, min, PI } = Math;
const isFiniteNumber = Number.isFinite;

/** The cold infall ahead of the shock. */
export type Upstream =
  | { kind: 'entropy'; entropy_kB: number; vfrac?: number; Ye?: number; Abar?: number }
  | { kind: 'mach'; mach: number; vfrac?: number; Ye?: number; Abar?: number };

export interface AccretionParams {
  /** proto-neutron-star (enclosed) mass [M☉] */
  mass_msun: number;
  /** neutrinosphere = inner boundary radius [km] */
  rpns_km: number;
  /** accretion rate [M☉ s⁻¹] */
  mdot_msun_s: number;
  /** νe and ν̄e luminosities [erg s⁻¹] and spectral temperatures [MeV] */
  L_nue_ergs: number;
  L_anue_ergs: number;
  T_nue_MeV: number;
  T_anue_MeV: number;
  /** axial coupling of the Ye rates and the inner optical depth (default constants gA) */
  gA?: number;
  /** upstream state (default: entropy 3 k_B, free fall, ⁵⁶Fe: Ye 26/56, Ā 56) */
  upstream?: Upstream;
  /** nuclear dissociation energy removed at the shock [MeV per nucleon]; true = ⁵⁶Fe (8.79); default 0 */
  dissociation_MeV?: number | boolean;
  /** optical depth at the inner boundary (default 2/3) */
  tauInner?: number;
  /** RK4 steps between shock and R_ν (default 4000) */
  steps?: number;
  /**
   * heating/cooling physics: 'qw96' = the Qian & Woosley light-bulb fits (default; what the reference
   * profile used); 'engine' = the same light bulb with the engine's own CC opacities (lib/supernova/engine-rates)
   */
  physics?: 'qw96' | 'engine';
  /** opacity options for physics 'engine' (switches, g_A, …) */
  opacity?: OpacityOptions;
}

interface Resolved {
  M_g: number;
  GM: number;
  R_cm: number;
  mdot_gs: number;
  rates: SourceTerms;
  up: { kind: 'entropy' | 'mach'; value: number; vfrac: number; Ye: number; Abar: number };
  eps_diss_erg_g: number;
  tau: number;
  steps: number;
}

function resolve(p: AccretionParams): Resolved {
  if (typeof p !== 'object' || p === null) throw new InvalidInputError('accretion: expected a parameter object', 'params');
  const M = finiteNumber(p.mass_msun, 'mass_msun', { min: 0.1, max: 5 });
  const R = finiteNumber(p.rpns_km, 'rpns_km', { min: 5, max: 500 });
  const mdot = finiteNumber(p.mdot_msun_s, 'mdot_msun_s', { min: 1e-4, max: 20 });
  if (p.physics !== undefined && p.physics !== 'qw96' && p.physics !== 'engine') throw new InvalidInputError(`physics: expected 'qw96' (Qian & Woosley fits) or 'engine' (the engine's opacities), got '${String(p.physics)}'`, 'physics');
  const lb = { L_nue_ergs: p.L_nue_ergs, L_anue_ergs: p.L_anue_ergs, T_nue_MeV: p.T_nue_MeV, T_anue_MeV: p.T_anue_MeV, R_nu_cm: R * km_cm, gA: p.gA } as LightBulb;
  const rates: SourceTerms = p.physics === 'engine' ? new EngineRates(lb, p.opacity ?? {}) : new LightBulbRates(lb);
  const u = p.upstream ?? { kind: 'entropy', entropy_kB: 3 };
  if (typeof u !== 'object' || (u.kind !== 'entropy' && u.kind !== 'mach')) throw new InvalidInputError("upstream.kind: expected 'entropy' or 'mach'", 'upstream.kind');
  const value = u.kind === 'entropy' ? finiteNumber(u.entropy_kB, 'upstream.entropy_kB', { min: 0.1, max: 100 }) : finiteNumber(u.mach, 'upstream.mach', { min: 1.01, max: 1e3 });
  const vfrac = u.vfrac === undefined ? 1 : finiteNumber(u.vfrac, 'upstream.vfrac', { min: 0.05, max: 1 });
  const Ye = u.Ye === undefined ? 26 / 56 : finiteNumber(u.Ye, 'upstream.Ye', { min: 0.05, max: 0.6 });
  const Abar = u.Abar === undefined ? 56 : finiteNumber(u.Abar, 'upstream.Abar', { min: 1, max: 300 });
  let eps = 0;
  if (p.dissociation_MeV === true) eps = B_Fe56_per_nucleon_MeV;
  else if (p.dissociation_MeV !== undefined && p.dissociation_MeV !== false) eps = finiteNumber(p.dissociation_MeV, 'dissociation_MeV', { min: 0, max: 10 });
  const tau = p.tauInner === undefined ? 2 / 3 : finiteNumber(p.tauInner, 'tauInner', { min: 1e-3, max: 100 });
  const steps = p.steps === undefined ? 4000 : finiteNumber(p.steps, 'steps', { min: 50, max: 1e6 });
  if (!Number.isInteger(steps)) throw new InvalidInputError('steps: must be an integer', 'steps');
  const M_g = M * Msun_g;
  return { M_g, GM: G_cgs * M_g, R_cm: R * km_cm, mdot_gs: mdot * Msun_g, rates, up: { kind: u.kind, value, vfrac, Ye, Abar }, eps_diss_erg_g: (eps * MeV_erg) / mu_g, tau, steps };
}

/** Temperature [MeV] where f(T) = target, f increasing in T; bracketed on [1e-4, 300] MeV. */
function solveT(f: (T: number) => number, target: number, field: string): number {
  const g = (lnT: number) => f(exp(lnT)) - target;
  const lo = log(1e-4), hi = log(300);
  if (!(g(lo) < 0 && g(hi) > 0)) throw new NotConvergedError(`${field}: no temperature in [1e-4, 300] MeV matches`, field);
  return exp(brent(g, lo, hi, 1e-13));
}

export interface FlowState {
  rho_gcc: number;
  v_cms: number;
  T_MeV: number;
  Ye: number;
}

/** The upstream state just ahead of a shock at r_s [cm]. */
function upstreamState(z: Resolved, rs: number): FlowState & { Abar: number } {
  const vff = sqrt((2 * z.GM) / rs);
  const v = -z.up.vfrac * vff;
  const rho = z.mdot_gs / (4 * PI * rs * rs * -v);
  const { Ye, Abar } = z.up;
  const T =
    z.up.kind === 'entropy'
      ? solveT((t) => accretionEntropy(rho, t, Ye, Abar), z.up.value, 'upstream.entropy_kB')
      : solveT((t) => sqrt(accretionEos(rho, t, Ye, Abar).cs2), -v / z.up.value, 'upstream.mach');
  return { rho_gcc: rho, v_cms: v, T_MeV: T, Ye, Abar };
}

/** Rankine–Hugoniot: post-shock state (free nucleons) for an upstream state. */
function shockJump(z: Resolved, u: FlowState & { Abar: number }): FlowState {
  const e1 = accretionEos(u.rho_gcc, u.T_MeV, u.Ye, u.Abar);
  const j = u.rho_gcc * u.v_cms;
  const Pi = e1.P + u.rho_gcc * u.v_cms * u.v_cms;
  const H = e1.e + e1.P / u.rho_gcc + 0.5 * u.v_cms * u.v_cms - z.eps_diss_erg_g;
  const down = (beta: number) => {
    const rho2 = beta * u.rho_gcc;
    const v2 = j / rho2;
    const P2 = Pi - rho2 * v2 * v2;
    if (!(P2 > 0)) return { f: NaN, T: NaN, rho2, v2 };
    let T: number;
    try {
      T = solveT((t) => accretionEos(rho2, t, u.Ye, 1).P, P2, 'shock.T');
    } catch {
      return { f: NaN, T: NaN, rho2, v2 }; // P2 below the degenerate-pair floor at this compression
    }
    const s = accretionEos(rho2, T, u.Ye, 1);
    return { f: s.e + P2 / rho2 + 0.5 * v2 * v2 - H, T, rho2, v2 };
  };
  // the compressive root: scan the compression ratio downward from 40
  let bHi = 40, fHi = down(bHi).f;
  for (let b = 40 / 1.05; b > 1.0001; b /= 1.05) {
    const fb = down(b).f;
    if (isFiniteNumber(fb) && isFiniteNumber(fHi) && fb * fHi <= 0) {
      const beta = brent((x) => down(x).f, b, bHi, 1e-13);
      const d = down(beta);
      return { rho_gcc: d.rho2, v_cms: d.v2, T_MeV: d.T, Ye: u.Ye };
    }
    bHi = b;
    fHi = fb;
  }
  throw new NotConvergedError('shock: no compressive Rankine–Hugoniot solution (compression 1–40)', 'shock');
}

/** One point of the steady solution. */
export interface AccretionProfile {
  r_km: Float64Array;
  rho_gcc: Float64Array;
  v_cms: Float64Array;
  T_MeV: Float64Array;
  Ye: Float64Array;
  /** adiabatic sound speed squared [cm² s⁻²] */
  cs2: Float64Array;
  /** νe optical depth from the shock inward */
  tau: Float64Array;
  /** heating and cooling [erg g⁻¹ s⁻¹] */
  heating_ergs_g: Float64Array;
  cooling_ergs_g: Float64Array;
  /** entropy [k_B per baryon] */
  entropy_kB: Float64Array;
}

interface Integration {
  /** ln(τ(R_ν)/τ_target); +Infinity when τ runs away (or the flow fails) before R_ν */
  residual: number;
  tauInner: number;
  failed?: string;
  antesonic: number;
  profile?: AccretionProfile;
}

const Y = 4; // lnρ, T, Ye, τ

function rhs(z: Resolved, r: number, y: Float64Array, dy: Float64Array, eos: AccretionEosState): boolean {
  const rho = exp(y[0]);
  const T = y[1], Ye = y[2];
  if (!(T > 0) || !(Ye > 0 && Ye < 1) || !isFiniteNumber(rho)) return false;
  accretionEos(rho, T, Ye, 1, eos);
  const v = -z.mdot_gs / (4 * PI * r * r * rho);
  const src = z.rates.net(r, T, Ye, eos.eta);
  const q = src.q_ergg_s;
  const Yp = src.dYe_dt_per_s / v;
  const D = eos.cs2 - v * v;
  if (!(D > 0)) return false;
  const N = (2 * v * v) / r - z.GM / (r * r) - (eos.P_T / (rho * eos.e_T)) * (q / v - eos.e_Ye * Yp) - (eos.P_Ye * Yp) / rho;
  const dlnrho = N / D;
  const dT = (q / v - eos.e_Ye * Yp - (eos.e_rho - eos.P / (rho * rho)) * rho * dlnrho) / eos.e_T;
  // d/d ln r
  dy[0] = r * dlnrho;
  dy[1] = r * dT;
  dy[2] = r * Yp;
  dy[3] = -r * z.rates.kappa_cm(rho, Ye);
  return isFiniteNumber(dy[0]) && isFiniteNumber(dy[1]) && isFiniteNumber(dy[2]);
}

function failReason(z: Resolved, r: number, y: Float64Array, eos: AccretionEosState): string {
  const rho = exp(y[0]);
  if (!(y[1] > 0)) return 'temperature fell to zero';
  if (!(y[2] > 0 && y[2] < 1)) return 'Ye left (0, 1)';
  if (!isFiniteNumber(rho)) return 'density overflow';
  accretionEos(rho, y[1], y[2], 1, eos);
  const v = z.mdot_gs / (4 * PI * r * r * rho);
  return v * v >= 0.98 * eos.cs2 ? 'sonic point' : `non-finite derivative (ρ ${rho.toExponential(2)}, T ${y[1].toExponential(2)}, Ye ${y[2].toFixed(3)})`;
}

function integrate(z: Resolved, rs: number, record: boolean): Integration {
  let d: FlowState;
  try {
    d = shockJump(z, upstreamState(z, rs));
  } catch (e) {
    // no upstream state or no compressive shock at this trial radius (e.g. the dissociation loss
    // exceeds the infall energy, or the Mach number cannot be met above the degenerate-pair floor)
    if (e instanceof NotConvergedError) return { residual: NaN, tauInner: NaN, failed: e.message, antesonic: 0 };
    throw e;
  }
  const eos = {} as AccretionEosState;
  const y = new Float64Array([log(d.rho_gcc), d.T_MeV, d.Ye, 0]);
  const n = z.steps;
  const h = log(z.R_cm / rs) / n;
  const k1 = new Float64Array(Y), k2 = new Float64Array(Y), k3 = new Float64Array(Y), k4 = new Float64Array(Y), yt = new Float64Array(Y);
  let antesonic = 0;
  const prof = record
    ? { r_km: new Float64Array(n + 1), rho_gcc: new Float64Array(n + 1), v_cms: new Float64Array(n + 1), T_MeV: new Float64Array(n + 1), Ye: new Float64Array(n + 1), cs2: new Float64Array(n + 1), tau: new Float64Array(n + 1), heating_ergs_g: new Float64Array(n + 1), cooling_ergs_g: new Float64Array(n + 1), entropy_kB: new Float64Array(n + 1) }
    : undefined;
  const note = (i: number, r: number) => {
    const rho = exp(y[0]);
    accretionEos(rho, y[1], y[2], 1, eos);
    antesonic = max(antesonic, eos.cs2 / ((2 * z.GM) / r));
    if (prof) {
      prof.r_km[i] = r / km_cm;
      prof.rho_gcc[i] = rho;
      prof.v_cms[i] = -z.mdot_gs / (4 * PI * r * r * rho);
      prof.T_MeV[i] = y[1];
      prof.Ye[i] = y[2];
      prof.cs2[i] = eos.cs2;
      prof.tau[i] = y[3];
      prof.heating_ergs_g[i] = z.rates.heating_ergs_g(r, y[2]);
      prof.cooling_ergs_g[i] = z.rates.cooling_ergs_g(y[1], y[2], eos.eta);
      prof.entropy_kB[i] = accretionEntropy(rho, y[1], y[2], 1);
    }
  };
  const tauCap = 1e4 * z.tau;
  let lnr = log(rs);
  note(0, rs);
  // one classical RK4 step of size hh in ln r from (lnr0, y) into yo; false if a stage leaves the domain
  const yo = new Float64Array(Y);
  const step = (lnr0: number, hh: number, yin: Float64Array): boolean => {
    const r0 = exp(lnr0), rm = exp(lnr0 + hh / 2), r1 = exp(lnr0 + hh);
    let ok = rhs(z, r0, yin, k1, eos);
    for (let j = 0; ok && j < Y; j++) yt[j] = yin[j] + (hh / 2) * k1[j];
    ok = ok && rhs(z, rm, yt, k2, eos);
    for (let j = 0; ok && j < Y; j++) yt[j] = yin[j] + (hh / 2) * k2[j];
    ok = ok && rhs(z, rm, yt, k3, eos);
    for (let j = 0; ok && j < Y; j++) yt[j] = yin[j] + hh * k3[j];
    ok = ok && rhs(z, r1, yt, k4, eos);
    if (!ok) return false;
    for (let j = 0; j < Y; j++) yo[j] = yin[j] + (hh / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
    return yo[1] > 0 && yo[2] > 0 && yo[2] < 1 && isFiniteNumber(yo[0]);
  };
  const ys = new Float64Array(Y);
  for (let i = 1; i <= n; i++) {
    const r0 = exp(lnr);
    // Grid step, or 2, 4, … 1024 equal sub-steps where the source terms are stiff (near the
    // neutrinosphere the thermal relaxation length can fall below the grid spacing).
    let ok = false;
    for (let m = 1; m <= 1024 && !ok; m *= 2) {
      ys.set(y);
      ok = true;
      for (let q = 0; q < m && ok; q++) {
        try {
          ok = step(lnr + (q * h) / m, h / m, ys);
        } catch (e) {
          // source terms undefined at this state (e.g. the engine's capture table: η_e > 60 deep in an
          // overdense trial): the same as leaving the physical domain
          if (!(e instanceof OutOfDomainError)) throw e;
          ok = false;
          m = 2048;
        }
        if (ok) ys.set(yo);
      }
    }
    if (ok) y.set(ys);
    if (!ok) {
      // The flow left the physical domain (sonic point, T ≤ 0, Ye ∉ (0, 1)) before R_ν. With the
      // inner optical depth already reached this is an overdense trial (τ(R_ν) > target: +∞);
      // otherwise the trial has no subsonic settling solution at all (NaN: no information).
      const why = failReason(z, r0, y, eos);
      const residual = y[3] >= z.tau ? Infinity : NaN;
      return { residual, tauInner: residual === Infinity ? Infinity : NaN, failed: `${why} at r = ${(r0 / km_cm).toFixed(2)} km (τ = ${y[3].toPrecision(3)})`, antesonic, profile: prof };
    }
    lnr += h;
    note(i, exp(lnr));
    if (y[3] > tauCap) return { residual: Infinity, tauInner: Infinity, failed: 'optical depth runs away', antesonic, profile: prof };
  }
  return { residual: log(y[3] / z.tau), tauInner: y[3], antesonic, profile: prof };
}

export interface AccretionSolution {
  shock_km: number;
  /** max c_s²/v_esc² between R_ν and the shock */
  antesonic: number;
  /** compression ratio and post-shock state */
  postShock: FlowState;
  upstream: FlowState;
  tauInner: number;
  steps: number;
  profile: AccretionProfile;
}

/** Residual ln(τ(R_ν)/τ_target) of the inward integration from a trial shock radius [km]. */
export function accretionResidual(p: AccretionParams, shock_km: number): number {
  const z = resolve(p);
  const it = integrate(z, finiteNumber(shock_km, "shock_km") * km_cm, false);
  if (process.env.NUSPHERE_DEBUG_ACC) console.error(shock_km, it.failed ?? "", it.tauInner);
  return it.residual;
}

function scanGrid(z: Resolved, rmax_km: number, points: number): { r: number[]; f: number[] } {
  const r: number[] = [], f: number[] = [];
  const rmin = z.R_cm * 1.02, rmax = rmax_km * km_cm;
  for (let i = 0; i < points; i++) {
    const rs = rmin * pow(rmax / rmin, i / (points - 1));
    r.push(rs);
    f.push(integrate(z, rs, false).residual);
  }
  return { r, f };
}

/** Shock radii [cm] where the residual changes sign (the family of steady solutions at these parameters). */
function roots(z: Resolved, rmax_km: number, points: number): number[] {
  const { r, f } = scanGrid(z, rmax_km, points);
  const out: number[] = [];
  // +∞ (overdense trial) counts as positive; NaN (no subsonic flow) is a gap, never a bracket end
  const fin = (x: number) => (x === Infinity ? 50 : x);
  for (let i = 1; i < r.length; i++) {
    const a = fin(f[i - 1]), b = fin(f[i]);
    if (Number.isNaN(a) || Number.isNaN(b) || (a === 50 && b === 50)) continue;
    if (a * b <= 0) {
      const g = (lr: number) => {
        const v = fin(integrate(z, exp(lr), false).residual);
        if (Number.isNaN(v)) throw new NotConvergedError('shock radius: the residual is undefined inside a bracket', 'shock_km');
        return v;
      };
      out.push(exp(brent(g, log(r[i - 1]), log(r[i]), 1e-12)));
    }
  }
  return out;
}

export interface AccretionOptions {
  /** largest trial shock radius [km] (default 20 R_ν) */
  rmax_km?: number;
  /** trial shock radii in the scan (default 48) */
  scanPoints?: number;
}

/**
 * The steady solution (smallest shock radius of the family, the one connected to small L).
 * Throws NotConvergedError when no steady solution exists (L above critical for this Ṁ).
 */
export function solveAccretion(p: AccretionParams, o: AccretionOptions = {}): AccretionSolution {
  const z = resolve(p);
  const rmax = o.rmax_km === undefined ? 20 * p.rpns_km : finiteNumber(o.rmax_km, 'rmax_km', { min: p.rpns_km * 1.1 });
  const pts = o.scanPoints === undefined ? 48 : finiteNumber(o.scanPoints, 'scanPoints', { min: 8, max: 2000 });
  const rr = roots(z, rmax, pts);
  if (rr.length === 0) throw new NotConvergedError(`no steady accretion solution with the shock between ${(1.02 * p.rpns_km).toFixed(1)} and ${rmax.toFixed(0)} km (luminosity above critical for this Ṁ, or the neutrinosphere condition cannot be met)`, 'shock_km');
  const rs = rr[0];
  const it = integrate(z, rs, true);
  const up = upstreamState(z, rs);
  return { shock_km: rs / km_cm, antesonic: it.antesonic, postShock: shockJump(z, up), upstream: up, tauInner: it.tauInner, steps: z.steps, profile: it.profile! };
}

/** Golden-section search for the maximum of f on [a, b] (f unimodal there); returns [x, f(x)]. */
function goldenMax(f: (x: number) => number, a: number, b: number, tol: number): [number, number] {
  const g = (sqrt(5) - 1) / 2;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  while (abs(b - a) > tol) {
    if (fc > fd) {
      b = d; d = c; fd = fc;
      c = b - g * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd;
      d = a + g * (b - a); fd = f(d);
    }
  }
  return fc > fd ? [c, fc] : [d, fd];
}

/**
 * The largest residual over trial shock radii: ≥ 0 ⇔ a steady solution exists. Returns the radius
 * [cm] of the maximum (where the two branches of solutions merge at the critical luminosity).
 */
function maxResidual(z: Resolved, rmax_km: number, points: number): { f: number; r: number } {
  let { r, f } = scanGrid(z, rmax_km, points);
  // the maximum at the outer end of the scan: widen the scan (up to 8×) so it is bracketed
  for (let k = 0; k < 3 && isFiniteNumber(f[f.length - 1]) && f[f.length - 1] >= max(...f.filter((x) => isFiniteNumber(x))); k++) {
    rmax_km *= 2;
    ({ r, f } = scanGrid(z, rmax_km, points + 8));
  }
  let best = -1;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === Infinity) return { f: Infinity, r: r[i] };
    if (Number.isNaN(f[i])) continue;
    if (best < 0 || f[i] > f[best]) best = i;
  }
  if (best < 0) return { f: -Infinity, r: NaN }; // no subsonic settling flow for any trial shock
  if (best === 0 || best === f.length - 1 || !isFiniteNumber(f[best - 1]) || !isFiniteNumber(f[best + 1])) return { f: f[best], r: r[best] };
  const fin = (lr: number) => {
    const v = integrate(z, exp(lr), false).residual;
    return v === Infinity ? 50 : Number.isNaN(v) ? -50 : v;
  };
  const [lr, fm] = goldenMax(fin, log(r[best - 1]), log(r[best + 1]), 1e-7);
  return { f: fm, r: exp(lr) };
}

export interface CriticalPoint {
  mdot_msun_s: number;
  /** critical νe luminosity [erg s⁻¹] (ν̄e scaled by the given ratio) */
  L_crit_ergs: number;
  /** shock radius of the last steady solution [km] */
  shock_km: number;
  /** antesonic ratio of that solution */
  antesonic: number;
}

export interface CriticalOptions extends AccretionOptions {
  /** luminosity bracket [erg s⁻¹] for L_νe (default 1e50 … 1e54) */
  L_min_ergs?: number;
  L_max_ergs?: number;
  /** relative tolerance on L_crit (default 1e-4) */
  rtol?: number;
  onProgress?: (fraction: number) => void;
}

/**
 * L_crit(Ṁ, M): the largest νe luminosity (ν̄e luminosity L_anue/L_nue × L) with a steady solution,
 * found by bisection in ln L on the existence of a root of the shock-radius residual. The L fields of
 * `p` set only the ν̄e/νe ratio.
 */
export function criticalLuminosity(p: AccretionParams, o: CriticalOptions = {}): CriticalPoint {
  const ratio = p.L_anue_ergs / p.L_nue_ergs;
  if (!(ratio > 0 && isFiniteNumber(ratio))) throw new InvalidInputError('L_anue_ergs / L_nue_ergs must be a positive ratio', 'L_anue_ergs');
  const rmax = o.rmax_km === undefined ? 20 * p.rpns_km : finiteNumber(o.rmax_km, 'rmax_km', { min: p.rpns_km * 1.1 });
  const pts = o.scanPoints === undefined ? 32 : finiteNumber(o.scanPoints, 'scanPoints', { min: 8, max: 2000 });
  const rtol = o.rtol === undefined ? 1e-4 : finiteNumber(o.rtol, 'rtol', { min: 1e-10, max: 0.1 });
  let lo = log(o.L_min_ergs === undefined ? 1e50 : finiteNumber(o.L_min_ergs, 'L_min_ergs', { min: 1e45 }));
  let hi = log(o.L_max_ergs === undefined ? 1e54 : finiteNumber(o.L_max_ergs, 'L_max_ergs', { min: 1e46 }));
  const at = (lnL: number) => resolve({ ...p, L_nue_ergs: exp(lnL), L_anue_ergs: ratio * exp(lnL) });
  const exists = (lnL: number) => maxResidual(at(lnL), rmax, pts);
  if (!(exists(lo).f >= 0)) throw new NotConvergedError(`no steady solution even at L_nue = ${exp(lo).toExponential(2)} erg/s`, 'L_min_ergs');
  if (exists(hi).f >= 0) throw new NotConvergedError(`steady solutions persist up to L_nue = ${exp(hi).toExponential(2)} erg/s: raise L_max_ergs`, 'L_max_ergs');
  const total = Math.ceil(Math.log2((hi - lo) / rtol));
  let k = 0;
  while (hi - lo > rtol) {
    const mid = 0.5 * (lo + hi);
    if (exists(mid).f >= 0) lo = mid;
    else hi = mid;
    o.onProgress?.(min(1, ++k / total));
  }
  const zc = at(lo);
  const m = maxResidual(zc, rmax, pts);
  const it = integrate(zc, m.r, false);
  return { mdot_msun_s: p.mdot_msun_s, L_crit_ergs: exp(lo), shock_km: m.r / km_cm, antesonic: it.antesonic };
}
