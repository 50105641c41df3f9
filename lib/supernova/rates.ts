/**
 * Neutrino heating and cooling of matter by charged-current absorption and emission on free nucleons
 * (νe n ↔ e⁻ p, ν̄e p ↔ e⁺ n), computed from the engine's own opacities, and the gain-region analysis
 * built on them (PHYSICS.md §6).
 *
 * Heating per unit volume [erg cm⁻³ s⁻¹] = c Σ_{νe,ν̄e} ∫ κ*ₐ(E) u_E(E) dE, with κ*ₐ the
 * stimulated-absorption-corrected CC opacity [cm⁻¹] (`opacityTerm('absorption_nucleons', ...)`) and
 * u_E the spectral energy density of the radiation field [erg cm⁻³ MeV⁻¹]. Cooling per unit volume
 * = 4π Σ ∫ η_CC(E) dE with η_CC = κ*ₐ(E) B_ν(E; T, μ_ν) (Kirchhoff, PHYSICS.md §0), μ_νe = mu_e −
 * (mu_n − mu_p), μ_ν̄e = −μ_νe; with the `cc_leading_order` switch Δ is excluded from mu_n − mu_p,
 * exactly as the native absorption does it. Per nucleon [MeV s⁻¹]: divided by n_b = ρ/m_u; per gram
 * [erg g⁻¹ s⁻¹]: divided by ρ. Because κ* is stimulated-corrected, heating − cooling is the net energy
 * exchange of the transport equation (η − κ* I integrated over angle and energy).
 *
 * Radiation fields: a light bulb (Fermi–Dirac energy spectrum of temperature T_ν and degeneracy η,
 * u_E = L (1 − x)/(2π R_ν² c) · E³/(e^{E/T−η} + 1)/(T⁴ F₃(η)), x = sqrt(1 − (R_ν/r)²), or with a
 * given mean flux factor ⟨μ⟩: u = L/(4π r² c ⟨μ⟩)), integrated with composite Gauss–Legendre
 * quadrature in E/T (8 points per panel of width T, threshold breakpoint, cut where the integrand is
 * below 1e-20 of its peak); or energy groups from the transport solution (u_g = 4π J_g/c, group sums).
 *
 * Gain analysis (Buras et al. 2006 §; Müller & Janka 2015): gain radius (outermost change of net
 * heating from negative to positive inside the shock), shock radius (outermost density drop by more
 * than 1.5 per zone, with |v| rising outward, when the profile has velocities), gain mass, net heating
 * Q_net, heating efficiency Q_net/(L_νe + L_ν̄e), advection time ∫ dr/|v|, heating time
 * |E_tot,gain|/Q_net with E_tot = ∫ ρ (e_int + v²/2 − G M/r) dV and their ratio t_adv/t_heat.
 *
 * REFERENCES: Qian & Woosley 1996 ApJ 471, 331 (Eqs. 9–12, leading-order coefficients); Janka 2001
 * A&A 368, 527 (Eqs. 2–6, heating and cooling per nucleon); Bethe & Wilson 1985 ApJ 295, 14; Buras,
 * Rampp, Janka & Kifonidis 2006 A&A 457, 281 (§ on the gain layer: t_adv, t_heat, E_tot,gain);
 * Müller & Janka 2015 MNRAS 448, 2141; Burrows, Reddy & Thompson 2006 NPA 777, 356 (cross sections).
 * @module
 */
import { gaussLegendre } from '../core/quadrature';
import { InvalidInputError } from '../core/errors';
import { c_cms, G_cgs, hbarc_MeVcm, km_cm, MeV_erg, Msun_g, mu_g } from '../core/constants';
import { fermiDirac } from '../core/fermi-dirac';
import { geometricDilution } from './lightbulb';
import { neutronProtonDelta, electronMass, weakScale } from '../core/weak-scale';
import { analyticEos, type Eos } from '../eos';
import { opacityTerm, thermoState, type OpacityOptions, type ThermoState } from '../opacity';
import type { ProfileData } from '../io/profile';
import type { TransportResult } from '../transport';

/** The species heated and cooled by charged-current processes. */
export type CcSpecies = 'nue' | 'anue';
export const CC_SPECIES: readonly CcSpecies[] = Object.freeze(['nue', 'anue']);

/**
 * A light-bulb neutrino source: luminosity, Fermi–Dirac spectrum and neutrinosphere.
 * Spectral energy density at radius r [erg cm⁻³ MeV⁻¹]:
 * u_E = L (1 − x)/(2π R_ν² c) · E³/(e^{E/T_ν − η} + 1)/(T_ν⁴ F₃(η)), x = sqrt(1 − (R_ν/r)²);
 * with `fluxFactor` ⟨μ⟩ instead u = L/(4π r² c ⟨μ⟩) (then R_nu_cm is optional).
 */
export interface LightBulb {
  /** luminosity [erg s⁻¹] (≥ 0) */
  L_ergs: number;
  /** spectral temperature [MeV] (> 0) */
  T_MeV: number;
  /** spectral degeneracy η = μ_ν/T_ν (default 0) */
  eta?: number;
  /** neutrinosphere radius [cm]; required unless fluxFactor is given; must be < r */
  R_nu_cm?: number;
  /** mean flux factor ⟨μ⟩ ∈ (0, 1]: use u = L/(4π r² c ⟨μ⟩) instead of the geometric dilution */
  fluxFactor?: number;
}

/**
 * Energy-group radiation at one point: group centres [MeV], widths [MeV] and group-integrated
 * energy density u_g [erg cm⁻³] per species (e.g. 4π J_g/c from the transport solution).
 */
export interface GroupRadiation {
  energies_MeV: Float64Array;
  widths_MeV: Float64Array;
  u_ergcc: Partial<Record<CcSpecies, Float64Array>>;
}

/** The matter: an explicit state, or (ρ, T, Ye) through an EOS (default: the analytic EOS). */
export type MatterInput = { state: ThermoState } | { rho_gcc: number; T_MeV: number; Ye: number; eos?: Eos };

/** The radiation field at one point: light bulbs seen from radius r, or energy groups. */
export type PointRadiation =
  | { kind: 'lightbulb'; r_cm: number; nue?: LightBulb; anue?: LightBulb }
  | { kind: 'groups'; groups: GroupRadiation };

/** Heating and cooling at one point. */
export interface HeatingCooling {
  /** per nucleon [MeV s⁻¹] (n_b = ρ/m_u), summed over νe and ν̄e */
  heating_MeVs: number;
  cooling_MeVs: number;
  /** per gram [erg g⁻¹ s⁻¹] */
  heating_ergg_s: number;
  cooling_ergg_s: number;
  /** per volume [erg cm⁻³ s⁻¹] */
  heating_ergcc_s: number;
  cooling_ergcc_s: number;
  /**
   * per species, per nucleon: heating and cooling [MeV s⁻¹], and the number rates of absorption
   * (c∫κ*u_E/E dE) and emission (4π∫κ*B_ν/E dE) [s⁻¹]
   */
  species: Record<CcSpecies, { heating_MeVs: number; cooling_MeVs: number; absorption_per_s: number; emission_per_s: number }>;
  /** the neutrino chemical potentials used in the Kirchhoff black body [MeV] */
  mu_nu_MeV: Record<CcSpecies, number>;
  /** the thermodynamic state used */
  state: ThermoState;
}

/** Options of the rate calculation. */
export interface RateOptions {
  /** opacity constants and switches (e.g. `{ gA: 1.254, switches: { cc_leading_order: true } }`) */
  opacity?: OpacityOptions;
}

// ---- quadrature -------------------------------------------------------------------------------

const GL_ORDER = 8;

/** Largest number of quadrature panels per integral. */
const MAX_PANELS = 4000;

/**
 * Composite Gauss–Legendre nodes on (0, E_max] [MeV] with panels no wider than `h` and panel edges at
 * the given breakpoints (e.g. a reaction threshold). Nodes strictly increasing, all > 0.
 * @internal
 */
export function energyQuadrature(E_max: number, h: number, breaks: number[] = []): { E: Float64Array; w: Float64Array } {
  const edges = [0, ...breaks.filter((b) => b > 0 && b < E_max).sort((a, b) => a - b), E_max];
  const { x, w } = gaussLegendre(GL_ORDER);
  const E: number[] = [], W: number[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k], b = edges[k + 1];
    const np = Math.min(MAX_PANELS, Math.max(1, Math.ceil((b - a) / h)));
    for (let p = 0; p < np; p++) {
      const lo = a + ((b - a) * p) / np, hi = a + ((b - a) * (p + 1)) / np;
      const c = 0.5 * (lo + hi), r = 0.5 * (hi - lo);
      for (let j = 0; j < x.length; j++) {
        E.push(c + r * x[j]);
        W.push(r * w[j]);
      }
    }
  }
  return { E: Float64Array.from(E), w: Float64Array.from(W) };
}

/** Width of the exponential tail kept: integrands below e^{−70} (≲ 1e-20 of the peak) are dropped. */
const TAIL_T = 70;

// ---- radiation fields ---------------------------------------------------------------------------

function checkLightBulb(lb: LightBulb, field: string, r_cm: number | undefined): void {
  if (typeof lb !== 'object' || lb === null) throw new InvalidInputError(`${field}: expected an object { L_ergs, T_MeV, eta?, R_nu_cm?, fluxFactor? }`, field);
  const num = (v: unknown, f: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidInputError(`${field}.${f}: expected a finite number, got ${String(v)}`, `${field}.${f}`);
    return v;
  };
  if (num(lb.L_ergs, 'L_ergs') < 0) throw new InvalidInputError(`${field}.L_ergs: must be >= 0, got ${lb.L_ergs}`, `${field}.L_ergs`);
  if (num(lb.T_MeV, 'T_MeV') <= 0) throw new InvalidInputError(`${field}.T_MeV: must be > 0, got ${lb.T_MeV}`, `${field}.T_MeV`);
  if (lb.eta !== undefined && Math.abs(num(lb.eta, 'eta')) > 100) throw new InvalidInputError(`${field}.eta: must lie in [-100, 100], got ${lb.eta}`, `${field}.eta`);
  if (lb.fluxFactor !== undefined) {
    const f = num(lb.fluxFactor, 'fluxFactor');
    if (!(f > 0 && f <= 1)) throw new InvalidInputError(`${field}.fluxFactor: must lie in (0, 1], got ${f}`, `${field}.fluxFactor`);
  } else {
    if (lb.R_nu_cm === undefined) throw new InvalidInputError(`${field}.R_nu_cm: required unless fluxFactor is given`, `${field}.R_nu_cm`);
    if (num(lb.R_nu_cm, 'R_nu_cm') <= 0) throw new InvalidInputError(`${field}.R_nu_cm: must be > 0, got ${lb.R_nu_cm}`, `${field}.R_nu_cm`);
    if (r_cm !== undefined && !(lb.R_nu_cm < r_cm)) {
      throw new InvalidInputError(`${field}.R_nu_cm: the neutrinosphere (${lb.R_nu_cm} cm) must lie inside the radius r = ${r_cm} cm`, `${field}.R_nu_cm`);
    }
  }
}

/**
 * Total energy density of a light bulb at radius r [erg cm⁻³]: L (1 − x)/(2π R_ν² c) with
 * x = sqrt(1 − (R_ν/r)²) (→ L/(4π r² c) far out), or L/(4π r² c ⟨μ⟩) with a flux factor.
 */
export function lightBulbEnergyDensity(lb: LightBulb, r_cm: number, field = 'lightBulb'): number {
  checkLightBulb(lb, field, r_cm);
  if (!(Number.isFinite(r_cm) && r_cm > 0)) throw new InvalidInputError(`r_cm: must be finite and > 0, got ${r_cm}`, 'r_cm');
  if (lb.fluxFactor !== undefined) return lb.L_ergs / (4 * Math.PI * r_cm * r_cm * c_cms * lb.fluxFactor);
  const R = lb.R_nu_cm!;
  return (lb.L_ergs * geometricDilution(R, r_cm)) / (2 * Math.PI * R * R * c_cms);
}

/**
 * Normalized Fermi–Dirac energy spectrum φ(E) = E³/(e^{E/T − η} + 1)/(T⁴ F₃(η)) [MeV⁻¹] at the given
 * energies (∫ φ dE = 1).
 */
export function fermiDiracEnergySpectrum(E_MeV: Float64Array, T_MeV: number, eta = 0): Float64Array {
  const F3 = fermiDirac(3, eta).f;
  const norm = 1 / (T_MeV ** 4 * F3);
  return E_MeV.map((E) => E ** 3 * occupation(E / T_MeV - eta) * norm);
}

/** 1/(e^t + 1) without overflow. */
function occupation(t: number): number {
  if (t > 0) {
    const e = Math.exp(-t);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(t));
}

/** Fermi–Dirac black body B_ν(E) [erg cm⁻² s⁻¹ MeV⁻¹ sr⁻¹] = c E³/((2πħc)³ (e^{(E−μ)/T} + 1)) · MeV_erg. */
function blackbody(E: number, T: number, mu: number): number {
  const hc = 2 * Math.PI * hbarc_MeVcm;
  return (MeV_erg * c_cms * E * E * E * occupation((E - mu) / T)) / (hc * hc * hc);
}

// ---- one point ----------------------------------------------------------------------------------

function resolveState(m: MatterInput): ThermoState {
  if (typeof m !== 'object' || m === null) throw new InvalidInputError('matter: expected { state } or { rho_gcc, T_MeV, Ye }', 'matter');
  if ('state' in m) return m.state;
  for (const k of ['rho_gcc', 'T_MeV', 'Ye'] as const) {
    if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) throw new InvalidInputError(`${k}: expected a finite number, got ${String(m[k])}`, k);
  }
  if (m.rho_gcc <= 0) throw new InvalidInputError(`rho_gcc: must be > 0, got ${m.rho_gcc}`, 'rho_gcc');
  if (m.T_MeV <= 0) throw new InvalidInputError(`T_MeV: must be > 0, got ${m.T_MeV}`, 'T_MeV');
  return thermoState(m.rho_gcc, m.T_MeV, m.Ye, m.eos ?? analyticEos);
}

/**
 * Neutrino chemical potential of the CC Kirchhoff black body [MeV], as the native absorption uses it:
 * μ_νe = mu_e − (mu_n − mu_p) (mu_n − mu_p includes Δ, PHYSICS.md §0), μ_ν̄e = −μ_νe; with the
 * `cc_leading_order` switch Δ (at the weak scale) is excluded from mu_n − mu_p.
 */
export function ccChemicalPotential(state: ThermoState, species: CcSpecies, opacity: OpacityOptions = {}): number {
  const lo = opacity.switches?.cc_leading_order === true;
  const delta = lo ? neutronProtonDelta(weakScale(opacity.weakScale)) : 0;
  const mu = state.mu_e_MeV - (state.mu_n_MeV - state.mu_p_MeV - delta);
  return species === 'nue' ? mu : -mu;
}

/** Reaction threshold of ν̄e p → e⁺ n [MeV] (a quadrature breakpoint; none at leading order). */
function thresholds(species: CcSpecies, opacity: OpacityOptions): number[] {
  if (species !== 'anue' || opacity.switches?.cc_leading_order === true) return [];
  const ws = weakScale(opacity.weakScale);
  return [neutronProtonDelta(ws) + electronMass(ws), neutronProtonDelta(ws) + 2 * electronMass(ws)];
}

function rawRates(state: ThermoState, field: PointRadiation, opts: RateOptions): HeatingCooling {
  const op = opts.opacity ?? {};
  const nb = state.rho_gcc / mu_g; // baryons per cm³
  const species = {} as HeatingCooling['species'];
  const mu_nu = {} as HeatingCooling['mu_nu_MeV'];
  let heat = 0, cool = 0; // [erg cm⁻³ s⁻¹]
  for (const s of CC_SPECIES) {
    const mu = ccChemicalPotential(state, s, op);
    mu_nu[s] = mu;
    // energy rates h, k [erg cm⁻³ s⁻¹] and number rates hN, kN [cm⁻³ s⁻¹]
    let h = 0, k = 0, hN = 0, kN = 0;
    if (field.kind === 'groups') {
      const g = field.groups;
      const E = g.energies_MeV;
      const kappa = opacityTerm('absorption_nucleons', state, s, E, op);
      const u = g.u_ergcc[s];
      for (let i = 0; i < E.length; i++) {
        const hi = u ? c_cms * kappa[i] * u[i] : 0;
        const ki = 4 * Math.PI * kappa[i] * blackbody(E[i], state.T_MeV, mu) * g.widths_MeV[i];
        h += hi;
        k += ki;
        hN += hi / (E[i] * MeV_erg);
        kN += ki / (E[i] * MeV_erg);
      }
    } else {
      const lb = field[s];
      if (lb && lb.L_ergs > 0) {
        const T = lb.T_MeV, eta = lb.eta ?? 0;
        const q = energyQuadrature((Math.max(eta, 0) + TAIL_T) * T, T, thresholds(s, op));
        const kappa = opacityTerm('absorption_nucleons', state, s, q.E, op);
        const phi = fermiDiracEnergySpectrum(q.E, T, eta);
        let acc = 0, accN = 0;
        for (let i = 0; i < q.E.length; i++) {
          const a = q.w[i] * kappa[i] * phi[i];
          acc += a;
          accN += a / (q.E[i] * MeV_erg);
        }
        const cu = c_cms * lightBulbEnergyDensity(lb, field.r_cm, `field.${s}`);
        h = cu * acc;
        hN = cu * accN;
      }
      // cooling on a grid in units of the matter temperature, reaching past the Fermi edges
      const T = state.T_MeV;
      const ws = weakScale(op.weakScale);
      const edge = Math.max(0, Math.abs(state.mu_e_MeV), Math.abs(mu)) + neutronProtonDelta(ws) + electronMass(ws);
      const q = energyQuadrature(edge + TAIL_T * T, T, thresholds(s, op));
      const kappa = opacityTerm('absorption_nucleons', state, s, q.E, op);
      for (let i = 0; i < q.E.length; i++) {
        const ki = 4 * Math.PI * q.w[i] * kappa[i] * blackbody(q.E[i], T, mu);
        k += ki;
        kN += ki / (q.E[i] * MeV_erg);
      }
    }
    species[s] = { heating_MeVs: h / nb / MeV_erg, cooling_MeVs: k / nb / MeV_erg, absorption_per_s: hN / nb, emission_per_s: kN / nb };
    heat += h;
    cool += k;
  }
  return {
    heating_MeVs: heat / nb / MeV_erg,
    cooling_MeVs: cool / nb / MeV_erg,
    heating_ergg_s: heat / state.rho_gcc,
    cooling_ergg_s: cool / state.rho_gcc,
    heating_ergcc_s: heat,
    cooling_ergcc_s: cool,
    species,
    mu_nu_MeV: mu_nu,
    state,
  };
}

function checkGroups(g: GroupRadiation, field: string): void {
  if (typeof g !== 'object' || g === null) throw new InvalidInputError(`${field}: expected { energies_MeV, widths_MeV, u_ergcc }`, field);
  const n = g.energies_MeV?.length;
  if (!(g.energies_MeV instanceof Float64Array) || n === 0) throw new InvalidInputError(`${field}.energies_MeV: expected a non-empty Float64Array`, `${field}.energies_MeV`);
  if (!(g.widths_MeV instanceof Float64Array) || g.widths_MeV.length !== n) throw new InvalidInputError(`${field}.widths_MeV: expected a Float64Array of length ${n}`, `${field}.widths_MeV`);
  for (let i = 0; i < n; i++) {
    if (!(Number.isFinite(g.energies_MeV[i]) && g.energies_MeV[i] > 0 && (i === 0 || g.energies_MeV[i] > g.energies_MeV[i - 1]))) {
      throw new InvalidInputError(`${field}.energies_MeV[${i}]: must be finite, > 0 and increasing`, `${field}.energies_MeV[${i}]`);
    }
    if (!(Number.isFinite(g.widths_MeV[i]) && g.widths_MeV[i] > 0)) throw new InvalidInputError(`${field}.widths_MeV[${i}]: must be finite and > 0`, `${field}.widths_MeV[${i}]`);
  }
  for (const s of CC_SPECIES) {
    const u = g.u_ergcc?.[s];
    if (u === undefined) continue;
    if (!(u instanceof Float64Array) || u.length !== n) throw new InvalidInputError(`${field}.u_ergcc.${s}: expected a Float64Array of length ${n}`, `${field}.u_ergcc.${s}`);
    for (let i = 0; i < n; i++) {
      if (!(Number.isFinite(u[i]) && u[i] >= 0)) throw new InvalidInputError(`${field}.u_ergcc.${s}[${i}]: must be finite and >= 0, got ${u[i]}`, `${field}.u_ergcc.${s}[${i}]`);
    }
  }
}

/**
 * Heating and cooling by CC absorption/emission on free nucleons at one point, from the engine's
 * opacities: per nucleon [MeV s⁻¹], per gram [erg g⁻¹ s⁻¹] and per volume [erg cm⁻³ s⁻¹].
 * Light bulb: the spectrum integral by composite Gauss–Legendre quadrature (relative error < 1e-9
 * for smooth spectra). Groups: the group sums Σ_g c κ*(E_g) u_g and 4π Σ_g κ*(E_g) B_ν(E_g) ΔE_g.
 */
export function heatingCooling(matter: MatterInput, field: PointRadiation, opts: RateOptions = {}): HeatingCooling {
  const state = resolveState(matter);
  if (typeof field !== 'object' || field === null) throw new InvalidInputError(`field: expected { kind: 'lightbulb' | 'groups', ... }`, 'field');
  if (field.kind === 'lightbulb') {
    if (typeof field.r_cm !== 'number' || !Number.isFinite(field.r_cm) || field.r_cm <= 0) throw new InvalidInputError(`field.r_cm: must be finite and > 0, got ${String(field.r_cm)}`, 'field.r_cm');
    for (const s of CC_SPECIES) if (field[s] !== undefined) checkLightBulb(field[s]!, `field.${s}`, field.r_cm);
  } else if (field.kind === 'groups') {
    checkGroups(field.groups, 'field.groups');
  } else {
    throw new InvalidInputError(`field.kind: expected 'lightbulb' or 'groups', got '${String((field as { kind?: unknown }).kind)}'`, 'field.kind');
  }
  return rawRates(state, field, opts);
}

// ---- the gain region ----------------------------------------------------------------------------

/** The radiation field on a whole profile: light bulbs at every radius, or a transport solution. */
export type ProfileRadiation =
  | { kind: 'lightbulb'; nue: LightBulb; anue: LightBulb }
  | { kind: 'transport'; result: TransportResult; bin_edges_MeV: Float64Array };

/** Options of {@link gainAnalysis}. */
export interface GainOptions extends RateOptions {
  /** proto-neutron-star (enclosed) mass for the gravitational energy G M/r [Msun] (default 1.4) */
  mass_msun?: number;
  /** shock radius [cm]; default: detected from the profile's velocity and density jump */
  shock_radius_cm?: number;
  /** EOS for the matter state (default: the analytic EOS) */
  eos?: Eos;
}

/** Result of {@link gainAnalysis}. Quantities of the gain layer are null when there is none. */
export interface GainAnalysis {
  /** [cm] */
  gain_radius_cm: number | null;
  /** [cm] (null: no velocities and none given) */
  shock_radius_cm: number | null;
  /** mass between gain radius and shock (or the profile's edge) [Msun] */
  gain_mass_msun: number | null;
  /** ∫ (heating − cooling) dV over the gain layer [erg s⁻¹] */
  net_heating_ergs: number | null;
  /** Q_net/(L_νe + L_ν̄e) (luminosities of the light bulb, or of the transport at the gain radius) */
  heating_efficiency: number | null;
  /** luminosities used for the efficiency [erg s⁻¹] */
  L_ergs: Record<CcSpecies, number>;
  /** advection time through the gain layer ∫ dr/|v| [s] (null without velocities) */
  t_adv_s: number | null;
  /** heating time |E_tot,gain|/Q_net [s] (null when Q_net ≤ 0) */
  t_heat_s: number | null;
  /** E_tot,gain = ∫ ρ (e_int + v²/2 − G M/r) dV [erg] (e_int from the EOS, its zero point) */
  E_gain_erg: number | null;
  /** t_adv/t_heat (> 1: the runaway condition of Buras et al. 2006) */
  ratio: number | null;
  /** per zone, at the profile radii */
  zones: {
    r_cm: Float64Array;
    heating_MeVs: Float64Array;
    cooling_MeVs: Float64Array;
    /** [erg cm⁻³ s⁻¹] */
    heating_ergcc_s: Float64Array;
    cooling_ergcc_s: Float64Array;
  };
}

/** The scalar results of a gain analysis with radii in km (the JSON of `nusphere gain` and of summary.json). */
export interface GainSummary {
  gain_radius_km: number | null;
  shock_radius_km: number | null;
  gain_mass_msun: number | null;
  /** [erg s⁻¹] */
  net_heating_ergs: number | null;
  heating_efficiency: number | null;
  /** [s] */
  t_adv_s: number | null;
  t_heat_s: number | null;
  /** t_adv/t_heat */
  ratio: number | null;
}

export function gainSummary(g: GainAnalysis): GainSummary {
  const km = (x: number | null) => (x === null ? null : x / km_cm);
  return {
    gain_radius_km: km(g.gain_radius_cm),
    shock_radius_km: km(g.shock_radius_cm),
    gain_mass_msun: g.gain_mass_msun,
    net_heating_ergs: g.net_heating_ergs,
    heating_efficiency: g.heating_efficiency,
    t_adv_s: g.t_adv_s,
    t_heat_s: g.t_heat_s,
    ratio: g.ratio,
  };
}

/**
 * Shock radius [cm] from a profile with velocities: the outermost run of zones across which the
 * density drops outward by more than a factor 1.5 per zone, with the infall speed |v| rising by more
 * than 1.5 across the run; the midpoint of the run. Null when there is no such jump or no velocities.
 */
export function detectShock(p: ProfileData): number | null {
  const v = p.v_cms;
  if (!v) return null;
  const r = p.r_cm, rho = p.rho_gcc, n = r.length;
  for (let i = n - 2; i >= 0; i--) {
    if (!(rho[i] > 1.5 * rho[i + 1])) continue;
    let j = i; // run [j, i+1]
    while (j > 0 && rho[j - 1] > 1.5 * rho[j]) j--;
    if (Math.abs(v[i + 1]) > 1.5 * Math.abs(v[j])) return 0.5 * (r[j] + r[i + 1]);
    i = j;
  }
  return null;
}

/** ∫_a^b of the piecewise-linear interpolant of f on the radii x (a, b inside [x0, x_{n−1}]). */
function integrateLinear(x: Float64Array, f: ArrayLike<number>, a: number, b: number): number {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const lo = Math.max(a, x[i]), hi = Math.min(b, x[i + 1]);
    if (!(hi > lo)) continue;
    const at = (t: number) => f[i] + ((f[i + 1] - f[i]) * (t - x[i])) / (x[i + 1] - x[i]);
    s += 0.5 * (at(lo) + at(hi)) * (hi - lo);
  }
  return s;
}

function interpAt(x: Float64Array, f: ArrayLike<number>, t: number): number {
  if (t <= x[0]) return f[0];
  for (let i = 0; i + 1 < x.length; i++) if (t <= x[i + 1]) return f[i] + ((f[i + 1] - f[i]) * (t - x[i])) / (x[i + 1] - x[i]);
  return f[x.length - 1];
}

function checkProfile(p: ProfileData): void {
  if (typeof p !== 'object' || p === null || !(p.r_cm instanceof Float64Array)) throw new InvalidInputError('profile: expected ProfileData { r_cm, rho_gcc, T_MeV, Ye, v_cms? }', 'profile');
  const n = p.r_cm.length;
  if (n < 2) throw new InvalidInputError(`profile.r_cm: needs at least 2 zones, got ${n}`, 'profile.r_cm');
  const cols = ['r_cm', 'rho_gcc', 'T_MeV', 'Ye', 'v_cms'] as const;
  for (const c of cols) {
    const a = p[c];
    if (a === undefined && c === 'v_cms') continue;
    if (!(a instanceof Float64Array) || a.length !== n) throw new InvalidInputError(`profile.${c}: expected a Float64Array with ${n} zones`, `profile.${c}`);
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (!Number.isFinite(v)) throw new InvalidInputError(`profile.${c}[${i}]: not a finite number (${v})`, `profile.${c}[${i}]`);
      if ((c === 'r_cm' || c === 'rho_gcc' || c === 'T_MeV') && v <= 0) throw new InvalidInputError(`profile.${c}[${i}]: must be > 0, got ${v}`, `profile.${c}[${i}]`);
      if (c === 'r_cm' && i > 0 && !(v > a[i - 1])) throw new InvalidInputError(`profile.r_cm[${i}]: radii must increase`, `profile.r_cm[${i}]`);
      if (c === 'Ye' && (v < 0 || v > 1)) throw new InvalidInputError(`profile.Ye[${i}]: must lie in [0, 1], got ${v}`, `profile.Ye[${i}]`);
    }
  }
}

/**
 * Gain-region analysis of a profile (PHYSICS.md §6) with the engine's CC heating and cooling.
 * Field: light bulbs (every zone must lie outside R_ν) or a transport solution on the same zones
 * (with the group edges of its opacities). Units: radii [cm], rates per nucleon [MeV s⁻¹], per volume
 * [erg cm⁻³ s⁻¹], Q_net [erg s⁻¹], masses [Msun], times [s].
 * Gain radius: the outermost radius inside the shock where heating − cooling per nucleon changes from
 * negative to positive going outward (linear interpolation between zones). The gain layer extends to
 * the shock (or to the profile's outer edge when there is no shock); its integrals use the
 * piecewise-linear interpolants of the zone values.
 */
export function gainAnalysis(profile: ProfileData, field: ProfileRadiation, opts: GainOptions = {}): GainAnalysis {
  checkProfile(profile);
  const r = profile.r_cm, n = r.length;
  const M = opts.mass_msun ?? 1.4;
  if (typeof M !== 'number' || !Number.isFinite(M) || M < 0) throw new InvalidInputError(`mass_msun: must be finite and >= 0, got ${String(M)}`, 'mass_msun');
  if (opts.shock_radius_cm !== undefined && !(Number.isFinite(opts.shock_radius_cm) && opts.shock_radius_cm > r[0] && opts.shock_radius_cm <= r[n - 1])) {
    throw new InvalidInputError(`shock_radius_cm: must lie inside the profile (${r[0]}, ${r[n - 1]}] cm, got ${opts.shock_radius_cm}`, 'shock_radius_cm');
  }
  if (typeof field !== 'object' || field === null) throw new InvalidInputError(`field: expected { kind: 'lightbulb' | 'transport', ... }`, 'field');
  let L: Record<CcSpecies, number>;
  let zoneField: (z: number) => PointRadiation;
  if (field.kind === 'lightbulb') {
    for (const s of CC_SPECIES) {
      if (field[s] === undefined) throw new InvalidInputError(`field.${s}: light bulb missing`, `field.${s}`);
      checkLightBulb(field[s], `field.${s}`, r[0]);
    }
    L = { nue: field.nue.L_ergs, anue: field.anue.L_ergs };
    zoneField = (z) => ({ kind: 'lightbulb', r_cm: r[z], nue: field.nue, anue: field.anue });
  } else if (field.kind === 'transport') {
    const tr = field.result, edges = field.bin_edges_MeV;
    if (!tr || !tr.zones || !(tr.zones.r_cm instanceof Float64Array)) throw new InvalidInputError('field.result: expected a TransportResult', 'field.result');
    if (tr.zones.r_cm.length !== n) throw new InvalidInputError(`field.result.zones: the transport has ${tr.zones.r_cm.length} zones, the profile ${n}`, 'field.result.zones');
    for (let i = 0; i < n; i++) {
      if (Math.abs(tr.zones.r_cm[i] - r[i]) > 1e-9 * r[i]) throw new InvalidInputError(`field.result.zones.r_cm[${i}]: the transport's radius ${tr.zones.r_cm[i]} differs from the profile's ${r[i]}`, `field.result.zones.r_cm[${i}]`);
    }
    const ng = tr.energies_MeV.length;
    if (!(edges instanceof Float64Array) || edges.length !== ng + 1) throw new InvalidInputError(`field.bin_edges_MeV: expected ${ng + 1} group edges`, 'field.bin_edges_MeV');
    const widths = new Float64Array(ng);
    for (let g = 0; g < ng; g++) {
      widths[g] = edges[g + 1] - edges[g];
      if (!(widths[g] > 0)) throw new InvalidInputError(`field.bin_edges_MeV[${g + 1}]: edges must increase`, `field.bin_edges_MeV[${g + 1}]`);
    }
    zoneField = (z) => {
      const u_ergcc: GroupRadiation['u_ergcc'] = {};
      for (const s of CC_SPECIES) u_ergcc[s] = tr.groups[s].J.slice(z * ng, (z + 1) * ng).map((J) => (4 * Math.PI * J) / c_cms);
      return { kind: 'groups', groups: { energies_MeV: tr.energies_MeV, widths_MeV: widths, u_ergcc } };
    };
    L = { nue: NaN, anue: NaN }; // set at the gain radius below
  } else {
    throw new InvalidInputError(`field.kind: expected 'lightbulb' or 'transport', got '${String((field as { kind?: unknown }).kind)}'`, 'field.kind');
  }

  const eos = opts.eos ?? analyticEos;
  const heating_MeVs = new Float64Array(n), cooling_MeVs = new Float64Array(n);
  const heating_ergcc_s = new Float64Array(n), cooling_ergcc_s = new Float64Array(n);
  const e_int = new Float64Array(n);
  for (let z = 0; z < n; z++) {
    const rho = profile.rho_gcc[z], T = profile.T_MeV[z], Ye = profile.Ye[z];
    const st = eos.evaluate(rho, T, Ye);
    e_int[z] = st.e_ergg;
    const state: ThermoState = { rho_gcc: rho, T_MeV: T, Ye, Xn: st.Xn, Xp: st.Xp, Xa: st.Xa, Xh: st.Xh, Abar: st.Abar, Zbar: st.Zbar, mu_e_MeV: st.mu_e_MeV, mu_n_MeV: st.mu_n_MeV, mu_p_MeV: st.mu_p_MeV };
    const h = rawRates(state, zoneField(z), opts);
    heating_MeVs[z] = h.heating_MeVs;
    cooling_MeVs[z] = h.cooling_MeVs;
    heating_ergcc_s[z] = h.heating_ergcc_s;
    cooling_ergcc_s[z] = h.cooling_ergcc_s;
  }

  const shock = opts.shock_radius_cm ?? detectShock(profile);
  const outer = shock ?? r[n - 1];
  // outermost negative → positive change of the net rate inside `outer`
  let Rg: number | null = null;
  for (let i = 0; i + 1 < n && r[i] < outer; i++) {
    const a = heating_MeVs[i] - cooling_MeVs[i], b = heating_MeVs[i + 1] - cooling_MeVs[i + 1];
    if (a < 0 && b >= 0) {
      const x = r[i] + ((r[i + 1] - r[i]) * -a) / (b - a);
      if (x < outer) Rg = x;
    }
  }
  const zones = { r_cm: Float64Array.from(r), heating_MeVs, cooling_MeVs, heating_ergcc_s, cooling_ergcc_s };
  if (field.kind === 'transport') {
    const at = Rg ?? r[0];
    L = { nue: interpAt(r, field.result.zones.nue.L_ergs, at), anue: interpAt(r, field.result.zones.anue.L_ergs, at) };
  }
  const none: GainAnalysis = { gain_radius_cm: null, shock_radius_cm: shock, gain_mass_msun: null, net_heating_ergs: null, heating_efficiency: null, L_ergs: L, t_adv_s: null, t_heat_s: null, E_gain_erg: null, ratio: null, zones };
  if (Rg === null) return none;

  const shell = (f: (z: number) => number) => integrateLinear(r, Float64Array.from({ length: n }, (_, z) => 4 * Math.PI * r[z] * r[z] * f(z)), Rg!, outer);
  const mass_g = shell((z) => profile.rho_gcc[z]);
  const Qnet = shell((z) => heating_ergcc_s[z] - cooling_ergcc_s[z]);
  const GM = G_cgs * M * Msun_g;
  const v = profile.v_cms;
  const E_gain = shell((z) => profile.rho_gcc[z] * (e_int[z] + (v ? 0.5 * v[z] * v[z] : 0) - GM / r[z]));
  let t_adv: number | null = null;
  if (v) {
    let ok = true;
    for (let z = 0; z < n; z++) if (r[z] >= Rg && r[z] <= outer && !(Math.abs(v[z]) > 0)) ok = false;
    t_adv = ok ? integrateLinear(r, Float64Array.from(v, (x) => 1 / Math.max(Math.abs(x), 1e-300)), Rg, outer) : null;
  }
  const Ltot = L.nue + L.anue;
  const t_heat = Qnet > 0 ? Math.abs(E_gain) / Qnet : null;
  return {
    ...none,
    gain_radius_cm: Rg,
    gain_mass_msun: mass_g / Msun_g,
    net_heating_ergs: Qnet,
    heating_efficiency: Ltot > 0 ? Qnet / Ltot : null,
    t_adv_s: t_adv,
    t_heat_s: t_heat,
    E_gain_erg: E_gain,
    ratio: t_adv !== null && t_heat !== null ? t_adv / t_heat : null,
  };
}
