/**
 * The built-in post-bounce model (`builtin:postbounce`): a hydrostatic proto-neutron-star envelope
 * joined at the neutrinosphere R_ν to the steady accretion solution of lib/supernova/accretion (the
 * stalled shock with light-bulb heating and cooling), joined at the shock to a cold free-falling
 * envelope. Nothing is downloaded; every parameter is documented and can be changed.
 *
 *   r < R_ν:        hydrostatic, dP/dr = −ρ G M(r)/r², with T = T(R_ν) (ρ/ρ(R_ν))^α (α = thermal_index,
 *                   default 1/6: T ≈ 10 MeV at 1e14 g cm⁻³, a cooling PNS mantle rather than an adiabat
 *                   of the hot gain layer) and the Ye of the accretion solution's inner edge,
 *                   M(R_ν) = M_PNS, down to ρ_core or r_min;
 *   R_ν ≤ r ≤ r_s:  the stationary accretion solution (QW96 light bulb, τ_νe(R_ν) = 2/3);
 *   r > r_s:        free fall v = −vfrac (2GM/r)^{1/2}, ρ = Ṁ/(4π r² |v|), on the upstream adiabat.
 * The EOS is the gain-layer EOS of lib/supernova/accretion-eos (nucleons, photons, pairs) throughout;
 * in the dense PNS envelope that ignores nucleon degeneracy and nuclear interactions, which is why the
 * model stops at ρ_core = 1e14 g cm⁻³ by default (the neutrinospheres of all flavours lie outside).
 * Units: r [km or cm as named], ρ [g cm⁻³], T [MeV], v [cm s⁻¹], masses [M☉ or g as named].
 * REFERENCES: Pejcha & Thompson 2012 ApJ 746, 106; Pochik & Thompson 2025 arXiv:2411.16857
 *             (default parameters: their Ṁ = 0.3 M☉/s, L = 1e52 erg/s, 1.4 M☉, 30 km model);
 *             Janka 2001 A&A 368, 527.
 * @module
 */
import { G_cgs, km_cm, Msun_g } from '../core/constants';
import { InvalidInputError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import type { ProfileData } from '../io/profile';
import { accretionEntropy, accretionEos, type AccretionEosState } from './accretion-eos';
import { solveAccretion, type AccretionParams, type AccretionSolution, type Upstream } from './accretion';
import { temperatureFromMeanEnergy } from './lightbulb';

/** Parameters of the built-in model (all optional; defaults in POSTBOUNCE_DEFAULTS). */
export interface PostbounceParams {
  mass_msun?: number;
  rpns_km?: number;
  mdot_msun_s?: number;
  L_nue_ergs?: number;
  L_anue_ergs?: number;
  T_nue_MeV?: number;
  T_anue_MeV?: number;
  gA?: number;
  upstream?: Upstream;
  /** outer radius of the free-falling envelope [km] */
  r_out_km?: number;
  /** the hydrostatic envelope stops at this density [g cm⁻³] … */
  rho_core_gcc?: number;
  /** … or at this radius [km] */
  r_min_km?: number;
  /** T ∝ ρ^thermal_index in the hydrostatic envelope (default 1/6) */
  thermal_index?: number;
  /** zones in the three parts */
  zones?: { pns?: number; accretion?: number; envelope?: number };
  /** RK4 steps of the accretion solution */
  steps?: number;
}

/** The defaults: the Pochik & Thompson (2025) model parameters (1.4 M☉, 30 km, Ṁ = 0.3 M☉/s, L = 1e52 erg/s). */
export const POSTBOUNCE_DEFAULTS = Object.freeze({
  mass_msun: 1.4,
  rpns_km: 30,
  mdot_msun_s: 0.3,
  L_nue_ergs: 1e52,
  L_anue_ergs: 1e52,
  /** ⟨E⟩ = 12.6156 and 18.9234 MeV (Fernández 2012 values used by Pochik & Thompson) */
  T_nue_MeV: temperatureFromMeanEnergy(12.6156),
  T_anue_MeV: temperatureFromMeanEnergy(18.9234),
  upstream: Object.freeze({ kind: 'entropy', entropy_kB: 3, vfrac: 1, Ye: 26 / 56, Abar: 56 }) as Upstream,
  r_out_km: 3000,
  rho_core_gcc: 1e14,
  r_min_km: 8,
  thermal_index: 1 / 6,
  zones: Object.freeze({ pns: 96, accretion: 160, envelope: 48 }),
  steps: 2000,
});

export interface PostbounceModel {
  profile: ProfileData;
  accretion: AccretionSolution;
  /** the resolved parameters */
  params: Required<Omit<PostbounceParams, 'gA'>> & { gA?: number };
  /** zone indices: first accretion zone (= R_ν) and first upstream zone (just outside the shock) */
  index: { rnu: number; upstream: number };
  /** mass of the hydrostatic envelope between the inner edge and R_ν [M☉] */
  envelope_mass_msun: number;
}

function hydrostaticEnvelope(M_g: number, R_cm: number, rho0: number, T0: number, Ye: number, rhoCore: number, rMin: number, n: number, alpha: number) {
  const eos = {} as AccretionEosState;
  // independent variable x = ln ρ from ln ρ0 up to ln ρ_core; T = T0 (ρ/ρ0)^α; y = [r, M]
  // hydrostatic: dP/dr = −ρ g with dP/dlnρ = ρ P_ρ + α T P_T
  const f = (x: number, y: number[]): number[] => {
    const rho = Math.exp(x);
    const T = T0 * Math.exp(alpha * (x - Math.log(rho0)));
    accretionEos(rho, T, Ye, 1, eos);
    const g = (G_cgs * y[1]) / (y[0] * y[0]);
    const drdx = -(rho * eos.P_rho + alpha * T * eos.P_T) / (rho * g);
    return [drdx, 4 * Math.PI * y[0] * y[0] * rho * drdx];
  };
  const x0 = Math.log(rho0), x1 = Math.log(rhoCore);
  const sub = 20;
  const h = (x1 - x0) / (n * sub);
  const out = { r: [R_cm], rho: [rho0], T: [T0], M: [M_g] };
  let y = [R_cm, M_g], x = x0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < sub; k++) {
      const k1 = f(x, y);
      const k2 = f(x + h / 2, y.map((v, j) => v + (h / 2) * k1[j]));
      const k3 = f(x + h / 2, y.map((v, j) => v + (h / 2) * k2[j]));
      const k4 = f(x + h, y.map((v, j) => v + h * k3[j]));
      y = y.map((v, j) => v + (h / 6) * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]));
      x += h;
    }
    if (!(y[0] > rMin) || !(y[1] > 0)) break;
    out.r.push(y[0]);
    out.rho.push(Math.exp(x));
    out.T.push(T0 * Math.exp(alpha * (x - x0)));
    out.M.push(y[1]);
  }
  return out;
}

/** Builds the built-in post-bounce model. Throws NotConvergedError when the parameters admit no steady shock. */
export function postbounceModel(p: PostbounceParams = {}): PostbounceModel {
  if (typeof p !== 'object' || p === null) throw new InvalidInputError('postbounce: expected a parameter object', 'params');
  const d = POSTBOUNCE_DEFAULTS;
  const zones = { ...d.zones, ...(p.zones ?? {}) };
  const q = {
    mass_msun: p.mass_msun ?? d.mass_msun,
    rpns_km: p.rpns_km ?? d.rpns_km,
    mdot_msun_s: p.mdot_msun_s ?? d.mdot_msun_s,
    L_nue_ergs: p.L_nue_ergs ?? d.L_nue_ergs,
    L_anue_ergs: p.L_anue_ergs ?? d.L_anue_ergs,
    T_nue_MeV: p.T_nue_MeV ?? d.T_nue_MeV,
    T_anue_MeV: p.T_anue_MeV ?? d.T_anue_MeV,
    gA: p.gA,
    upstream: p.upstream ?? d.upstream,
    r_out_km: finiteNumber(p.r_out_km ?? d.r_out_km, 'r_out_km', { min: 100, max: 1e5 }),
    rho_core_gcc: finiteNumber(p.rho_core_gcc ?? d.rho_core_gcc, 'rho_core_gcc', { min: 1e12, max: 5e14 }),
    r_min_km: finiteNumber(p.r_min_km ?? d.r_min_km, 'r_min_km', { min: 1, max: 100 }),
    thermal_index: finiteNumber(p.thermal_index ?? d.thermal_index, 'thermal_index', { min: 0, max: 1 }),
    zones,
    steps: p.steps ?? d.steps,
  };
  for (const k of ['pns', 'accretion', 'envelope'] as const) {
    const v = finiteNumber(zones[k], `zones.${k}`, { min: 8, max: 100000 });
    if (!Number.isInteger(v)) throw new InvalidInputError(`zones.${k}: must be an integer`, `zones.${k}`);
  }
  const ap: AccretionParams = { mass_msun: q.mass_msun, rpns_km: q.rpns_km, mdot_msun_s: q.mdot_msun_s, L_nue_ergs: q.L_nue_ergs, L_anue_ergs: q.L_anue_ergs, T_nue_MeV: q.T_nue_MeV, T_anue_MeV: q.T_anue_MeV, gA: q.gA, upstream: q.upstream, steps: q.steps };
  const acc = solveAccretion(ap);
  if (!(q.r_out_km > acc.shock_km * 1.2)) throw new InvalidInputError(`r_out_km: must exceed the shock radius (${acc.shock_km.toFixed(1)} km) by 20%`, 'r_out_km');
  const M_g = q.mass_msun * Msun_g;
  const R_cm = q.rpns_km * km_cm;
  const pr = acc.profile; // from the shock inward
  const nA = pr.r_km.length;
  const rhoNu = pr.rho_gcc[nA - 1], TNu = pr.T_MeV[nA - 1], YeNu = pr.Ye[nA - 1];
  const env = hydrostaticEnvelope(M_g, R_cm, rhoNu, TNu, YeNu, q.rho_core_gcc, q.r_min_km * km_cm, zones.pns, q.thermal_index);
  const r: number[] = [], rho: number[] = [], T: number[] = [], Ye: number[] = [], v: number[] = [], m: number[] = [];
  const mdot_gs = q.mdot_msun_s * Msun_g;
  // 1. PNS envelope, inside out (skip its first point: it is R_ν, added by the accretion part)
  for (let i = env.r.length - 1; i >= 1; i--) {
    r.push(env.r[i]);
    rho.push(env.rho[i]);
    T.push(env.T[i]);
    Ye.push(YeNu);
    v.push(-mdot_gs / (4 * Math.PI * env.r[i] * env.r[i] * env.rho[i]));
    m.push(env.M[i]);
  }
  const rnuIndex = r.length;
  // 2. accretion solution, sub-sampled uniformly in ln r from R_ν out to the shock
  for (let k = 0; k <= zones.accretion; k++) {
    const j = nA - 1 - Math.round((k * (nA - 1)) / zones.accretion);
    r.push(pr.r_km[j] * km_cm);
    rho.push(pr.rho_gcc[j]);
    T.push(pr.T_MeV[j]);
    Ye.push(pr.Ye[j]);
    v.push(pr.v_cms[j]);
    m.push(M_g);
  }
  const upIndex = r.length;
  // 3. free-falling envelope on the upstream adiabat, from just outside the shock
  const rs = acc.shock_km * km_cm, rOut = q.r_out_km * km_cm;
  const up = acc.upstream;
  const upOpts = q.upstream;
  const S = accretionEntropy(up.rho_gcc, up.T_MeV, up.Ye, upOpts.Abar ?? 1);
  const vfrac = -up.v_cms / Math.sqrt((2 * G_cgs * M_g) / rs);
  for (let k = 0; k < zones.envelope; k++) {
    const rr = rs * (1 + 1e-6) * Math.pow(rOut / (rs * (1 + 1e-6)), k / (zones.envelope - 1));
    const vv = -vfrac * Math.sqrt((2 * G_cgs * M_g) / rr);
    const dd = mdot_gs / (4 * Math.PI * rr * rr * -vv);
    // temperature on the adiabat: bisection in ln T
    let lo = Math.log(1e-4), hi = Math.log(300);
    for (let it = 0; it < 100; it++) {
      const mid = 0.5 * (lo + hi);
      if (accretionEntropy(dd, Math.exp(mid), up.Ye, upOpts.Abar ?? 1) < S) lo = mid;
      else hi = mid;
    }
    r.push(rr);
    rho.push(dd);
    T.push(Math.exp(0.5 * (lo + hi)));
    Ye.push(up.Ye);
    v.push(vv);
    m.push(M_g);
  }
  const profile: ProfileData = { r_cm: Float64Array.from(r), rho_gcc: Float64Array.from(rho), T_MeV: Float64Array.from(T), Ye: Float64Array.from(Ye), v_cms: Float64Array.from(v), m_g: Float64Array.from(m) };
  return { profile, accretion: acc, params: q as PostbounceModel['params'], index: { rnu: rnuIndex, upstream: upIndex }, envelope_mass_msun: (M_g - env.M[env.M.length - 1]) / Msun_g };
}
