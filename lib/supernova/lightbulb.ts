/**
 * Light-bulb neutrino source terms of the gain layer (the Qian & Woosley 1996 physics option of the
 * stationary-accretion solver, as used by Pejcha & Thompson 2012 and Pochik & Thompson 2025):
 *
 *   heating  q⁺ = 9.65 N_A [(1 − Ye) L_νe,51 ε²_νe + Ye L_ν̄e,51 ε²_ν̄e] (1 − x)/R_ν,6²  MeV s⁻¹ g⁻¹
 *   cooling  q⁻ = 2.27 N_A T⁶ [Ye F₅(η) + (1 − Ye) F₅(−η)]/F₅(0)                    MeV s⁻¹ g⁻¹
 *   Ye:      dYe/dt = (1 − Ye)(λ_νe n + λ_e⁺n) − Ye (λ_ν̄e p + λ_e⁻p)
 *            λ_νn = σ₀(1 + 3g_A²)/(4 m_e²) · L (1 − x)/(2π R_ν²) · ⟨(E ± Δ)²⟩/⟨E⟩     (number averages)
 *            λ_e⁻p = 0.448 T⁵ F₄(η)/F₄(0) s⁻¹,  λ_e⁺n = 0.448 T⁵ F₄(−η)/F₄(0) s⁻¹
 *   inner optical depth  κ_νe = (ρ/m_u)(1 − Ye) σ₀(1 + 3g_A²)/4 ⟨(E + Δ)²⟩/m_e²
 * with x = sqrt(1 − (R_ν/r)²) (the geometric dilution of a uniformly bright sphere), Fermi–Dirac
 * spectra of temperature T_ν and zero degeneracy, ε² = ⟨E³⟩/⟨E⟩ = T_ν² F₅(0)/F₃(0). Nucleons are
 * free (X_n = 1 − Ye, X_p = Ye). The 9.65, 2.27 and 0.448 are Qian & Woosley's published fits
 * (constants table); σ₀ comes from G_F.
 * Units: r [cm], ρ [g cm⁻³], T [MeV], L [erg s⁻¹]; rates per gram [erg g⁻¹ s⁻¹], λ [s⁻¹].
 * REFERENCES: Qian & Woosley 1996 ApJ 471, 331; Pejcha & Thompson 2012 ApJ 746, 106;
 *             Pochik & Thompson 2025 arXiv:2411.16857; Scheck et al. 2006 A&A 457, 963 (App. D).
 * @module
 */
import { InvalidInputError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import { delta_np_MeV, gA as gA_default, me_MeV, MeV_erg, mu_g, qw96_capture_s, qw96_cooling_MeVs, qw96_heating_MeVs, sigma0_cm2 } from '../core/constants';
import { fdInteger } from './fd-integer';

// Math bound locally: global lookups are slow inside vm sandboxes (jest), and this is hot code
const { sqrt, PI } = Math;

const F2_0 = fdInteger(2, 0), F3_0 = fdInteger(3, 0), F4_0 = fdInteger(4, 0), F5_0 = fdInteger(5, 0);

/** A light bulb: luminosities and Fermi–Dirac (η = 0) temperatures of νe and ν̄e, radius R_ν. */
export interface LightBulb {
  /** [erg s⁻¹] */
  L_nue_ergs: number;
  L_anue_ergs: number;
  /** spectral temperatures [MeV] (mean energy = 3.1514 T) */
  T_nue_MeV: number;
  T_anue_MeV: number;
  /** neutrinosphere radius [cm] */
  R_nu_cm: number;
  /** axial coupling used in the Ye rates and the inner optical depth (default: constants gA) */
  gA?: number;
}

export function checkLightBulb(lb: LightBulb, field = 'lightbulb'): Required<LightBulb> {
  if (typeof lb !== 'object' || lb === null) throw new InvalidInputError(`${field}: expected an object`, field);
  const L1 = finiteNumber(lb.L_nue_ergs, `${field}.L_nue_ergs`, { min: 0, max: 1e56 });
  const L2 = finiteNumber(lb.L_anue_ergs, `${field}.L_anue_ergs`, { min: 0, max: 1e56 });
  const T1 = finiteNumber(lb.T_nue_MeV, `${field}.T_nue_MeV`, { min: 0.1, max: 100 });
  const T2 = finiteNumber(lb.T_anue_MeV, `${field}.T_anue_MeV`, { min: 0.1, max: 100 });
  const R = finiteNumber(lb.R_nu_cm, `${field}.R_nu_cm`, { min: 1e5, max: 1e10 });
  const g = lb.gA === undefined ? gA_default : finiteNumber(lb.gA, `${field}.gA`, { min: 0.5, max: 2 });
  return { L_nue_ergs: L1, L_anue_ergs: L2, T_nue_MeV: T1, T_anue_MeV: T2, R_nu_cm: R, gA: g };
}

/** Mean energy of a Fermi–Dirac (η = 0) spectrum of temperature T [MeV]. */
export function meanEnergyFD(T_MeV: number): number {
  return (T_MeV * F3_0) / F2_0;
}
/** Temperature [MeV] of the η = 0 Fermi–Dirac spectrum with this mean energy. */
export function temperatureFromMeanEnergy(meanE_MeV: number): number {
  return (meanE_MeV * F2_0) / F3_0;
}

/**
 * Geometric dilution 1 − x, x = sqrt(1 − (R_ν/r)²), of a uniformly bright sphere of radius R_ν seen at
 * r (both [cm], any common unit): the light-bulb energy density is L (1 − x)/(2π R_ν² c); 1 at and
 * below R_ν, R_ν²/2r² far out. Computed without the cancellation of 1 − sqrt(1 − q²).
 */
export function geometricDilution(R_nu: number, r: number): number {
  const q = R_nu / r;
  if (q >= 1) return 1;
  const q2 = q * q;
  return q2 / (1 + sqrt(1 - q2));
}

/** Light-bulb coefficients at unit dilution (1 − x = 1), per target nucleon kind. */
export interface LightBulbCoefficients {
  /** heating per gram of matter made of neutrons (νe) / protons (ν̄e) [erg g⁻¹ s⁻¹] */
  heating_n_ergg_s: number;
  heating_p_ergg_s: number;
  /** absorption rate per neutron (νe n) / proton (ν̄e p) [s⁻¹] */
  absorption_n_per_s: number;
  absorption_p_per_s: number;
  /** νe absorption opacity per (ρ (1 − Ye)) for the inner optical depth [cm² g⁻¹] */
  kappa_cm2g: number;
}

/**
 * The source terms of the gain layer for a light bulb with free nucleons (X_n = 1 − Ye, X_p = Ye):
 * heating and neutrino absorption scale with the dilution; the matter's e± captures (cooling and
 * capture rates [MeV s⁻¹ and s⁻¹ per target]) come from the physics option (QW96 fits or the engine).
 */
export abstract class LightBulbSourceTerms {
  readonly lb: Required<LightBulb>;
  readonly coefficients: LightBulbCoefficients;

  protected constructor(lb: Required<LightBulb>, c: LightBulbCoefficients) {
    this.lb = lb;
    this.coefficients = c;
  }

  /** e± capture on free nucleons at (T [MeV], η_e): energy loss per proton (e⁻p) and neutron (e⁺n) [MeV s⁻¹], and their rates [s⁻¹]. */
  protected abstract captures(T_MeV: number, eta: number): { cooling_p_MeVs: number; cooling_n_MeVs: number; rate_p_per_s: number; rate_n_per_s: number };

  /** 1 − x at r [cm] (geometricDilution). */
  dilution(r_cm: number): number {
    return geometricDilution(this.lb.R_nu_cm, r_cm);
  }

  /** heating [erg g⁻¹ s⁻¹] at r [cm] */
  heating_ergs_g(r_cm: number, Ye: number): number {
    const c = this.coefficients;
    return ((1 - Ye) * c.heating_n_ergg_s + Ye * c.heating_p_ergg_s) * this.dilution(r_cm);
  }

  /** cooling [erg g⁻¹ s⁻¹] */
  cooling_ergs_g(T_MeV: number, Ye: number, eta: number): number {
    const k = this.captures(T_MeV, eta);
    return ((Ye * k.cooling_p_MeVs + (1 - Ye) * k.cooling_n_MeVs) * MeV_erg) / mu_g;
  }

  /** dYe/dt [s⁻¹] in the matter frame. */
  dYe_dt(r_cm: number, T_MeV: number, Ye: number, eta: number): number {
    const d = this.dilution(r_cm);
    const c = this.coefficients, k = this.captures(T_MeV, eta);
    return (1 - Ye) * (c.absorption_n_per_s * d + k.rate_n_per_s) - Ye * (c.absorption_p_per_s * d + k.rate_p_per_s);
  }

  /** νe absorption opacity for the inner optical-depth condition [cm⁻¹]. */
  kappa_cm(rho_gcc: number, Ye: number): number {
    return this.coefficients.kappa_cm2g * rho_gcc * (1 - Ye);
  }

  /**
   * Net heating q̇ [erg g⁻¹ s⁻¹] and dYe/dt [s⁻¹] together, with the captures evaluated once (the
   * ODE right-hand side); equal to heating − cooling and dYe_dt.
   */
  net(r_cm: number, T_MeV: number, Ye: number, eta: number): { q_ergg_s: number; dYe_dt_per_s: number } {
    const d = this.dilution(r_cm);
    const c = this.coefficients, k = this.captures(T_MeV, eta);
    const heat = ((1 - Ye) * c.heating_n_ergg_s + Ye * c.heating_p_ergg_s) * d;
    const cool = ((Ye * k.cooling_p_MeVs + (1 - Ye) * k.cooling_n_MeVs) * MeV_erg) / mu_g;
    return {
      q_ergg_s: heat - cool,
      dYe_dt_per_s: (1 - Ye) * (c.absorption_n_per_s * d + k.rate_n_per_s) - Ye * (c.absorption_p_per_s * d + k.rate_p_per_s),
    };
  }
}

/** The Qian & Woosley (1996) fits (physics option 'qw96'); per-call work is a few flops. */
export class LightBulbRates extends LightBulbSourceTerms {
  constructor(lb: LightBulb) {
    const b = checkLightBulb(lb);
    const { L_nue_ergs, L_anue_ergs, T_nue_MeV, T_anue_MeV, R_nu_cm, gA } = b;
    const R6 = R_nu_cm / 1e6;
    const eps2 = (T: number) => (T * T * F5_0) / F3_0;
    const perGram = MeV_erg / mu_g;
    const sig = (sigma0_cm2 * (1 + 3 * gA * gA)) / (4 * me_MeV * me_MeV); // cm² MeV⁻²
    const geo = 1 / (2 * PI * R_nu_cm * R_nu_cm);
    // ⟨(E ± Δ)²⟩/⟨E⟩ of the η = 0 Fermi–Dirac number spectrum [MeV]
    const ratio = (T: number, sgn: number) => {
      const E1 = (T * F3_0) / F2_0, E2 = (T * T * F4_0) / F2_0;
      return (E2 + 2 * sgn * delta_np_MeV * E1 + delta_np_MeV * delta_np_MeV) / E1;
    };
    super(b, {
      heating_n_ergg_s: (perGram * qw96_heating_MeVs * (L_nue_ergs / 1e51) * eps2(T_nue_MeV)) / (R6 * R6),
      heating_p_ergg_s: (perGram * qw96_heating_MeVs * (L_anue_ergs / 1e51) * eps2(T_anue_MeV)) / (R6 * R6),
      absorption_n_per_s: sig * geo * (L_nue_ergs / MeV_erg) * ratio(T_nue_MeV, +1),
      absorption_p_per_s: sig * geo * (L_anue_ergs / MeV_erg) * ratio(T_anue_MeV, -1),
      kappa_cm2g: (sig * ratio(T_nue_MeV, +1) * meanEnergyFD(T_nue_MeV)) / mu_g,
    });
  }

  /** QW96: cooling 2.27 T⁶ F₅(±η)/F₅(0) MeV s⁻¹, captures 0.448 T⁵ F₄(±η)/F₄(0) s⁻¹ per target. */
  protected captures(T_MeV: number, eta: number) {
    const T2 = T_MeV * T_MeV, T5 = T2 * T2 * T_MeV;
    const cool = qw96_cooling_MeVs * T5 * T_MeV, cap = qw96_capture_s * T5;
    return {
      cooling_p_MeVs: (cool * fdInteger(5, eta)) / F5_0,
      cooling_n_MeVs: (cool * fdInteger(5, -eta)) / F5_0,
      rate_p_per_s: (cap * fdInteger(4, eta)) / F4_0,
      rate_n_per_s: (cap * fdInteger(4, -eta)) / F4_0,
    };
  }
}
