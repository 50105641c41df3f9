/**
 * Light-bulb source terms of the stationary-accretion solver from the engine's own opacities (physics
 * option 'engine', the alternative to the Qian & Woosley fits of lightbulb.ts), for free nucleons
 * (X_n = 1 − Ye, X_p = Ye) as in the QW96 option. Every rate is the one-point calculation of
 * rates.ts (`heatingCooling`: the engine's CC absorption κ*ₐ and its Kirchhoff emissivity, integrated
 * over energy there):
 *   heating and absorption rates at unit dilution: a light bulb (η = 0 Fermi–Dirac spectra, u =
 *     L/(2π R_ν² c)) on a cold, non-degenerate pure-neutron (νe) or pure-proton (ν̄e) state, nucleon
 *     blocking off — i.e. the bare cross section with weak magnetism and the (E ± Δ) kinematics;
 *   inner optical depth κ = (ρ/m_u)(1 − Ye) ⟨σ_νe n⟩, the number-weighted cross section from the
 *     absorption rate: ⟨σ⟩ = λ ⟨E⟩ / (c u);
 *   e± capture cooling and rates per target: the emission (energy and number) of νe (e⁻p) and ν̄e
 *     (e⁺n) at X_n = X_p = 1/2 with non-degenerate nucleons and electrons of degeneracy η_e,
 *     tabulated once per opacity setting on ln T ∈ [ln 0.05, ln 50] MeV (81 points) × η_e ∈ [−20, 60]
 *     (step 0.4) and interpolated bicubically (Catmull–Rom) in (ln T, η_e) of ln(C/T⁶) and ln(λ/T⁵).
 * Units: r [cm], ρ [g cm⁻³], T [MeV], L [erg s⁻¹]; per gram [erg g⁻¹ s⁻¹], rates [s⁻¹].
 * REFERENCES: Bruenn 1985 ApJS 58, 771; Burrows, Reddy & Thompson 2006 NPA 777, 356 (CC opacities);
 *             Qian & Woosley 1996 ApJ 471, 331 and Janka 2001 A&A 368, 527 (the light-bulb problem).
 * @module
 */
import { OutOfDomainError } from '../core/errors';
import { c_cms, delta_np_MeV, MeV_erg, mu_g } from '../core/constants';
import type { OpacityOptions, ThermoState } from '../opacity';
import { checkLightBulb, LightBulbSourceTerms, meanEnergyFD, type LightBulb } from './lightbulb';
import { heatingCooling } from './rates';

const { exp, log, PI, min, max, floor } = Math;

const LNT_MIN = log(0.05), LNT_MAX = log(50), NT = 81;
const ETA_MIN = -20, ETA_MAX = 60, NETA = 201;

/** e± capture per target at (T, η_e): energy loss [MeV s⁻¹] and rate [s⁻¹] for e⁻p (p) and e⁺n (n). */
export interface CaptureRates {
  cooling_p_MeVs: number;
  cooling_n_MeVs: number;
  rate_p_per_s: number;
  rate_n_per_s: number;
}

interface CaptureTable {
  /** ln(C/T⁶) and ln(λ/T⁵) for e⁻p (νe) and e⁺n (ν̄e), [iT][iη] */
  lnCp: Float64Array;
  lnCn: Float64Array;
  lnRp: Float64Array;
  lnRn: Float64Array;
}

const tableCache = new Map<string, CaptureTable>();

/** Non-degenerate free nucleons, X_n = X_p = 1/2, muhat − Δ = 0, electrons of degeneracy η. */
function captureState(T: number, eta: number): ThermoState {
  return { rho_gcc: 1e9, T_MeV: T, Ye: 0.5, Xn: 0.5, Xp: 0.5, Xa: 0, Xh: 0, Abar: 1, Zbar: 0.5, mu_e_MeV: eta * T, mu_n_MeV: -30 * T, mu_p_MeV: -30 * T - delta_np_MeV };
}

/** e± capture rates on free nucleons from the engine's Kirchhoff emissivities (heatingCooling). */
export function captureRates(T_MeV: number, eta_e: number, opacity: OpacityOptions = {}): CaptureRates {
  // no neutrinos: only the emission; per nucleon of the X_n = X_p = 1/2 state → ×2 per target
  const r = heatingCooling({ state: captureState(T_MeV, eta_e) }, { kind: 'lightbulb', r_cm: 1 }, { opacity });
  return {
    cooling_p_MeVs: 2 * r.species.nue.cooling_MeVs,
    cooling_n_MeVs: 2 * r.species.anue.cooling_MeVs,
    rate_p_per_s: 2 * r.species.nue.emission_per_s,
    rate_n_per_s: 2 * r.species.anue.emission_per_s,
  };
}

function captureTable(opacity: OpacityOptions): CaptureTable {
  const key = JSON.stringify(opacity);
  const hit = tableCache.get(key);
  if (hit) return hit;
  const t: CaptureTable = { lnCp: new Float64Array(NT * NETA), lnCn: new Float64Array(NT * NETA), lnRp: new Float64Array(NT * NETA), lnRn: new Float64Array(NT * NETA) };
  for (let i = 0; i < NT; i++) {
    const T = exp(LNT_MIN + ((LNT_MAX - LNT_MIN) * i) / (NT - 1));
    const T5 = T ** 5;
    for (let j = 0; j < NETA; j++) {
      const c = captureRates(T, ETA_MIN + ((ETA_MAX - ETA_MIN) * j) / (NETA - 1), opacity);
      const idx = i * NETA + j;
      t.lnCp[idx] = log(c.cooling_p_MeVs / (T5 * T));
      t.lnCn[idx] = log(c.cooling_n_MeVs / (T5 * T));
      t.lnRp[idx] = log(c.rate_p_per_s / T5);
      t.lnRn[idx] = log(c.rate_n_per_s / T5);
    }
  }
  tableCache.set(key, t);
  return t;
}

/** Catmull–Rom weights of the points i−1, i, i+1, i+2 at fraction t of the cell [i, i+1]. */
function catmullRom(t: number): [number, number, number, number] {
  const t2 = t * t, t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
}

/** The light-bulb source terms with the engine's cross sections (physics option 'engine'). */
export class EngineRates extends LightBulbSourceTerms {
  /** @internal */
  readonly table: CaptureTable;

  constructor(lb: LightBulb, opacity: OpacityOptions = {}) {
    const b = checkLightBulb(lb);
    const opts: OpacityOptions = { gA: b.gA, ...opacity };
    const R = b.R_nu_cm;
    // a light bulb at unit dilution: u = L/(2π R² c) is the flux-factor form L/(4π R² c ⟨μ⟩) with ⟨μ⟩ = 1/2;
    // evaluated at a reference luminosity and scaled (every rate is linear in L)
    const Lref_ergs = 1e52;
    const absorption = (species: 'nue' | 'anue', T: number) => {
      const cold: ThermoState = { rho_gcc: 1e8, T_MeV: 0.05, Ye: species === 'nue' ? 0 : 1, Xn: species === 'nue' ? 1 : 0, Xp: species === 'nue' ? 0 : 1, Xa: 0, Xh: 0, Abar: 1, Zbar: species === 'nue' ? 0 : 1, mu_e_MeV: 0, mu_n_MeV: -2000, mu_p_MeV: -2000 - delta_np_MeV };
      const bulb = { L_ergs: Lref_ergs, T_MeV: T, eta: 0, fluxFactor: 0.5 };
      const field = species === 'nue' ? { kind: 'lightbulb' as const, r_cm: R, nue: bulb } : { kind: 'lightbulb' as const, r_cm: R, anue: bulb };
      const r = heatingCooling({ state: cold }, field, { opacity: { ...opts, switches: { ...(opts.switches ?? {}), nucleon_blocking_absorption: false } } });
      return r.species[species]; // per nucleon = per target (X = 1)
    };
    const n = absorption('nue', b.T_nue_MeV), p = absorption('anue', b.T_anue_MeV);
    const fn = b.L_nue_ergs / Lref_ergs, fp = b.L_anue_ergs / Lref_ergs;
    // number-weighted ⟨σ_νe n⟩ [cm²] = λ/(c n_ν), n_ν = u/⟨E⟩ [cm⁻³]
    const uRef_MeVcc = Lref_ergs / (2 * PI * R * R * c_cms) / MeV_erg;
    const sigmaN_cm2 = (n.absorption_per_s * meanEnergyFD(b.T_nue_MeV)) / (c_cms * uRef_MeVcc);
    super(b, {
      heating_n_ergg_s: (fn * n.heating_MeVs * MeV_erg) / mu_g,
      heating_p_ergg_s: (fp * p.heating_MeVs * MeV_erg) / mu_g,
      absorption_n_per_s: fn * n.absorption_per_s,
      absorption_p_per_s: fp * p.absorption_per_s,
      kappa_cm2g: sigmaN_cm2 / mu_g,
    });
    this.table = captureTable(opts);
  }

  /** @internal bicubic (Catmull–Rom) table lookup of the logarithm (exposed for the interpolation-error test) */
  lookup(a: Float64Array, T: number, eta: number): number {
    const u = ((log(T) - LNT_MIN) / (LNT_MAX - LNT_MIN)) * (NT - 1);
    const v = ((eta - ETA_MIN) / (ETA_MAX - ETA_MIN)) * (NETA - 1);
    if (!(u >= 0 && u <= NT - 1 && v >= 0 && v <= NETA - 1)) {
      throw new OutOfDomainError(`engine capture rates: (T = ${T} MeV, eta_e = ${eta}) outside [0.05, 50] MeV × [${ETA_MIN}, ${ETA_MAX}]`, u >= 0 && u <= NT - 1 ? 'eta_e' : 'T_MeV');
    }
    // cell (i, j), 4 × 4 stencil clamped at the edges
    const i = min(NT - 2, floor(u)), j = min(NETA - 2, floor(v));
    const wu = catmullRom(u - i), wv = catmullRom(v - j);
    let sum = 0;
    for (let di = 0; di < 4; di++) {
      const ii = min(NT - 1, max(0, i - 1 + di));
      let row = 0;
      for (let dj = 0; dj < 4; dj++) row += wv[dj] * a[ii * NETA + min(NETA - 1, max(0, j - 1 + dj))];
      sum += wu[di] * row;
    }
    return exp(sum);
  }

  protected captures(T_MeV: number, eta: number): CaptureRates {
    const T5 = T_MeV ** 5, t = this.table;
    return {
      cooling_p_MeVs: this.lookup(t.lnCp, T_MeV, eta) * T5 * T_MeV,
      cooling_n_MeVs: this.lookup(t.lnCn, T_MeV, eta) * T5 * T_MeV,
      rate_p_per_s: this.lookup(t.lnRp, T_MeV, eta) * T5,
      rate_n_per_s: this.lookup(t.lnRn, T_MeV, eta) * T5,
    };
  }
}
