/**
 * Neutrino opacities and emissivities (PHYSICS.md §3): charged-current absorption on nucleons (and
 * optionally heavy nuclei), neutral-current scattering on nucleons, nuclei and α, e⁺e⁻ pair and
 * nucleon–nucleon bremsstrahlung emission, per species nue, anue, nux (nux = ONE heavy flavour).
 * Units (PHYSICS.md §0): kappa_a, kappa_s [cm⁻¹] (absorption stimulated-corrected, scattering
 * transport); eta [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]. Two ways in: (ρ, T, Ye) through an EOS, or an explicit
 * thermodynamic state from another code's EOS.
 * @module
 */
import { sigma0_legacy_cm2 } from '../core/constants';
import { callNative, InvalidInputError } from '../core/errors';
import { finiteNumber, toFloat64Array } from '../core/validate';
import { native } from '../native/loader';
import { analyticEos, type Eos } from '../eos';
import type { WeakScale } from '../core/weak-scale';

/** Neutrino species: nux is one heavy flavour (νμ, ν̄μ, ντ or ν̄τ). */
export type Species = 'nue' | 'anue' | 'nux';
export const SPECIES: readonly Species[] = Object.freeze(['nue', 'anue', 'nux']);

/** Explicit thermodynamic state (PHYSICS.md §0: mu_e includes m_e c²; mu_n, mu_p from m_n c²). */
export interface ThermoState {
  rho_gcc: number;
  T_MeV: number;
  Ye: number;
  Xn: number;
  Xp: number;
  Xa: number;
  Xh: number;
  Abar: number;
  Zbar: number;
  /** electron chemical potential including m_e c² [MeV] */
  mu_e_MeV: number;
  /**
   * neutron chemical potential measured from m_n c² [MeV]. The default set needs mu_n and mu_p
   * themselves, not only their difference: the nucleon blocking of CC absorption uses the nucleon
   * degeneracies mu_n/T and (mu_p + Δ)/T. Only the `nulib` preset depends on muhat = mu_n − mu_p
   * alone (NuLib's density form).
   */
  mu_n_MeV: number;
  /** proton chemical potential measured from m_n c² (contains −Δ) [MeV] */
  mu_p_MeV: number;
}

/** Interaction switches (names as in the native OpacityParams). */
export interface OpacitySwitches {
  absorption_nucleons: boolean;
  absorption_heavy: boolean;
  weak_magnetism: boolean;
  nucleon_blocking_absorption: boolean;
  nucleon_blocking_scattering: boolean;
  scattering_nucleons: boolean;
  scattering_heavy: boolean;
  scattering_alpha: boolean;
  ion_ion_correlation: boolean;
  form_factor: boolean;
  electron_polarization: boolean;
  /**
   * ν–e scattering in the isoenergetic approximation (PHYSICS.md §3 item 5, gray uses): the NES
   * kernel integrated over final energies, as a transport scattering opacity (term
   * `scattering_electrons`). Default false (NuLib: NES only as a kernel); ~100 kernel evaluations
   * per energy, so tables built with it are slow.
   */
  scattering_electrons: boolean;
  pair: boolean;
  bremsstrahlung: boolean;
  pair_for_electron_flavours: boolean;
  brems_for_electron_flavours: boolean;
  nulib_quirks: boolean;
  /**
   * Leading-order charged-current absorption (E ≫ Δ, m_e; Qian & Woosley 1996, Janka 2001):
   * σ = σ0 (1+3gA²)/4 (E/m_e)², no threshold, no weak magnetism, Δ dropped from the nucleon
   * chemical-potential difference (μ_νe = mu_e − (mu_n − mu_p − Δ)). Default false.
   */
  cc_leading_order: boolean;
}

/** Constants codes disagree on, the weak scale, switches, and a preset to start from. */
export interface OpacityOptions {
  /** 'default' (nusphere) or 'nulib' (NuLib's default switches and constants). */
  preset?: 'default' | 'nulib';
  /** axial coupling g_A (default 1.2754; NuLib 1.254) */
  gA?: number;
  /** weak mixing angle sin²θ_W (default 0.2312; NuLib 0.23) */
  sin2thetaW?: number;
  /** σ0 [cm²] at weakScale 1 (default: derived from G_F, 1.7612e-44); 'legacy' = 1.705e-44 */
  sigma0_cm2?: number | 'legacy';
  /** v/v0 and the mass-scaling model (PHYSICS.md §1) */
  weakScale?: Partial<WeakScale>;
  /** baryon mass turning ρ into number densities [MeV] (default m_u) */
  m_ref_MeV?: number;
  switches?: Partial<OpacitySwitches>;
}

/** @internal */
export function nativeParams(o: OpacityOptions = {}): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (o.preset !== undefined) {
    if (o.preset !== 'default' && o.preset !== 'nulib') throw new InvalidInputError(`preset: expected 'default' or 'nulib', got '${o.preset}'`, 'preset');
    p.preset = o.preset;
  }
  if (o.gA !== undefined) p.gA = finiteNumber(o.gA, 'gA', { min: 0.5, max: 2 });
  if (o.sin2thetaW !== undefined) p.sin2thetaW = finiteNumber(o.sin2thetaW, 'sin2thetaW', { min: 0, max: 1 });
  if (o.sigma0_cm2 !== undefined) p.sigma0_cm2 = o.sigma0_cm2 === 'legacy' ? sigma0_legacy_cm2 : finiteNumber(o.sigma0_cm2, 'sigma0_cm2', { min: 1e-46, max: 1e-42 });
  if (o.m_ref_MeV !== undefined) p.m_ref_MeV = finiteNumber(o.m_ref_MeV, 'm_ref_MeV', { min: 900, max: 1000 });
  if (o.weakScale !== undefined) {
    p.weakScale = {
      s: o.weakScale.s === undefined ? 1 : finiteNumber(o.weakScale.s, 'weakScale.s', { min: 0.01, max: 100 }),
      massScaling: o.weakScale.massScaling ?? false,
    };
  }
  if (o.switches !== undefined) {
    for (const [k, v] of Object.entries(o.switches)) {
      if (typeof v !== 'boolean') throw new InvalidInputError(`switches.${k}: expected a boolean`, `switches.${k}`);
    }
    p.switches = o.switches;
  }
  return p;
}

/** The fully resolved parameters (constants and switches) for these options. */
export function opacityParams(o: OpacityOptions = {}): Record<string, unknown> {
  return callNative(() => native().opacityParams(nativeParams(o)));
}

function checkState(s: ThermoState): ThermoState {
  const keys: (keyof ThermoState)[] = ['rho_gcc', 'T_MeV', 'Ye', 'Xn', 'Xp', 'Xa', 'Xh', 'Abar', 'Zbar', 'mu_e_MeV', 'mu_n_MeV', 'mu_p_MeV'];
  for (const k of keys) finiteNumber(s[k], k);
  if (s.rho_gcc <= 0) throw new InvalidInputError(`rho_gcc: must be > 0, got ${s.rho_gcc}`, 'rho_gcc');
  if (s.T_MeV <= 0) throw new InvalidInputError(`T_MeV: must be > 0, got ${s.T_MeV}`, 'T_MeV');
  if (s.Ye < 0 || s.Ye > 1) throw new InvalidInputError(`Ye: must lie in [0, 1], got ${s.Ye}`, 'Ye');
  for (const k of ['Xn', 'Xp', 'Xa', 'Xh'] as const) {
    // EOS states carry round-off (NSE sums to 1 within ~1e-14): accept 1e-12 outside [0, 1], clamp
    if (s[k] < -1e-12 || s[k] > 1 + 1e-12) throw new InvalidInputError(`${k}: must lie in [0, 1], got ${s[k]}`, k);
  }
  if (s.Xn < 0 || s.Xn > 1 || s.Xp < 0 || s.Xp > 1 || s.Xa < 0 || s.Xa > 1 || s.Xh < 0 || s.Xh > 1) {
    const c = (x: number) => Math.min(1, Math.max(0, x));
    s = { ...s, Xn: c(s.Xn), Xp: c(s.Xp), Xa: c(s.Xa), Xh: c(s.Xh) };
  }
  if (s.Abar <= 0 || s.Zbar < 0 || s.Zbar > s.Abar) throw new InvalidInputError(`Abar, Zbar: need Abar > 0 and 0 <= Zbar <= Abar`, s.Abar <= 0 ? 'Abar' : 'Zbar');
  return s;
}

/** Energies [MeV]: finite, positive, strictly increasing. */
export function checkEnergies(e: Float64Array | number[], field = 'energies_MeV'): Float64Array {
  const a = toFloat64Array(e, field);
  if (a.length === 0) throw new InvalidInputError(`${field}: needs at least one energy`, field);
  a.forEach((v, i) => {
    if (!Number.isFinite(v) || v <= 0) throw new InvalidInputError(`${field}[${i}]: must be finite and > 0, got ${v}`, `${field}[${i}]`);
    if (i > 0 && !(v > a[i - 1])) throw new InvalidInputError(`${field}[${i}]: energies must be strictly increasing`, `${field}[${i}]`);
  });
  return a;
}

/** Spectral opacities of one species. */
export interface SpeciesOpacity {
  /** [cm⁻¹], stimulated-absorption corrected */
  kappa_a: Float64Array;
  /** [cm⁻¹], transport */
  kappa_s: Float64Array;
  /** [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹] */
  eta: Float64Array;
}

/** Result of {@link opacities}. */
export interface OpacityResult {
  energies_MeV: Float64Array;
  /** the thermodynamic state used */
  state: ThermoState;
  total: Partial<Record<Species, SpeciesOpacity>>;
  /** per-interaction terms (only when asked; terms absent for a species are omitted) */
  terms?: Partial<Record<Species, Record<string, Float64Array>>>;
  /** resolved constants and switches */
  params: Record<string, unknown>;
}

/** Input: an explicit state, or (ρ, T, Ye) through an EOS (default: the analytic EOS). */
export type OpacityInput = { state: ThermoState } | { rho_gcc: number; T_MeV: number; Ye: number; eos?: Eos };

/** Thermodynamic state for opacities from (ρ, T, Ye) through an EOS. */
export function thermoState(rho_gcc: number, T_MeV: number, Ye: number, eos: Eos = analyticEos): ThermoState {
  const s = eos.evaluate(rho_gcc, T_MeV, Ye);
  return {
    rho_gcc, T_MeV, Ye,
    Xn: s.Xn, Xp: s.Xp, Xa: s.Xa, Xh: s.Xh, Abar: s.Abar, Zbar: s.Zbar,
    mu_e_MeV: s.mu_e_MeV, mu_n_MeV: s.mu_n_MeV, mu_p_MeV: s.mu_p_MeV,
  };
}

/** Spectral opacities and emissivities at the given energies. */
export function opacities(
  input: OpacityInput,
  energies_MeV: Float64Array | number[],
  opts: OpacityOptions & { species?: readonly Species[]; terms?: boolean } = {},
): OpacityResult {
  const state = 'state' in input ? checkState(input.state) : thermoState(input.rho_gcc, input.T_MeV, input.Ye, input.eos);
  const E = checkEnergies(energies_MeV);
  const species = opts.species ?? SPECIES;
  species.forEach((s, i) => {
    if (!SPECIES.includes(s)) throw new InvalidInputError(`species[${i}]: expected nue, anue or nux, got '${s}'`, `species[${i}]`);
  });
  const params = nativeParams(opts);
  const r = callNative(() => native().opacityCompute(state, [...species], E, params, opts.terms ?? false));
  return { energies_MeV: E, state, total: r.total, terms: r.terms, params: r.params } as OpacityResult;
}

/** The interactions that can be evaluated on their own. */
export type OpacityTermName = 'absorption_nucleons' | 'absorption_heavy' | 'scattering_n' | 'scattering_p' | 'scattering_heavy' | 'scattering_alpha' | 'emission_pair' | 'emission_brems' | 'scattering_electrons';

/**
 * One interaction on its own, at an explicit state (term-by-term checks): opacities [cm⁻¹] or, for
 * the emission terms, the emissivity [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]. Sub-switches and constants from opts.
 */
export function opacityTerm(name: OpacityTermName, state: ThermoState, species: Species, energies_MeV: Float64Array | number[], opts: OpacityOptions = {}): Float64Array {
  checkState(state);
  const E = checkEnergies(energies_MeV);
  if (!SPECIES.includes(species)) throw new InvalidInputError(`species: expected nue, anue or nux, got '${species}'`, 'species');
  return callNative(() => native().opacityTerm(name, state, species, E, nativeParams(opts))).values;
}

/** Legendre moments of an inelastic neutrino–electron scattering kernel [cm³ s⁻¹]. */
export interface NesKernel {
  /** Φ0 [cm³ s⁻¹] (>= 0) */
  phi0: number;
  /** Φ1 [cm³ s⁻¹] (|Φ1| <= Φ0) */
  phi1: number;
}

/**
 * Inelastic neutrino–electron scattering kernel (Bruenn 1985 App. C with the Yueh & Buchler 1977
 * form, as NuLib): the Legendre moments Φ0, Φ1 [cm³ s⁻¹] at temperature T_MeV and electron
 * degeneracy eta_e = mu_e/T (massless electrons).
 *
 * direction 'out' (default): out-scattering E_in_MeV → E_out_MeV (E_out > E_in by detailed balance,
 * Φ^out(E, E′) = e^{−(E′−E)/T} Φ^out(E′, E)). direction 'in': in-scattering of a neutrino of final
 * energy E_in_MeV from E_out_MeV, Φ^in(E, E′) = Φ^out(E′, E). `nux` is one heavy flavour (ν/ν̄ average,
 * NuLib's scheme-1 mean). With the `nulib` preset (nulib_quirks) the electron-energy integral is NuLib's
 * 128-point midpoint rule on [0, max(η, 0) + 10]; otherwise an accurate quadrature (~1e-12), which
 * differs from NuLib's rule by up to ~1%.
 */
export function nesKernel(
  T_MeV: number,
  eta_e: number,
  E_in_MeV: number,
  E_out_MeV: number,
  species: Species,
  opts: OpacityOptions & { direction?: 'out' | 'in' } = {},
): NesKernel {
  finiteNumber(T_MeV, 'T_MeV');
  finiteNumber(eta_e, 'eta_e');
  finiteNumber(E_in_MeV, 'E_in_MeV');
  finiteNumber(E_out_MeV, 'E_out_MeV');
  if (!SPECIES.includes(species)) throw new InvalidInputError(`species: expected nue, anue or nux, got '${species}'`, 'species');
  const dir = opts.direction ?? 'out';
  if (dir !== 'out' && dir !== 'in') throw new InvalidInputError(`direction: expected 'out' or 'in', got '${String(dir)}'`, 'direction');
  const { direction: _d, ...o } = opts;
  return callNative(() => native().opacityNesKernel(T_MeV, eta_e, E_in_MeV, E_out_MeV, species, nativeParams(o), dir));
}

/** Legendre moments of the e⁺e⁻ pair kernels [cm³ s⁻¹] (production e⁻e⁺ → νν̄, annihilation νν̄ → e⁻e⁺). */
export interface PairKernelMoments {
  /** Φ0 of production [cm³ s⁻¹] */
  phi0_production: number;
  /** Φ0 of annihilation [cm³ s⁻¹] (= e^{(E+Ē)/T} × production) */
  phi0_annihilation: number;
  /** Φ1 of production [cm³ s⁻¹] */
  phi1_production: number;
  /** Φ1 of annihilation [cm³ s⁻¹] */
  phi1_annihilation: number;
}

/**
 * e⁺e⁻ pair production/annihilation kernels (Bruenn 1985 Eqs. C65–C72 with NuLib's unit fixes) for a
 * neutrino of energy E_MeV and its partner antineutrino of energy E_partner_MeV at T_MeV and
 * eta_e = mu_e/T (massless electrons): Legendre moments 0 and 1 [cm³ s⁻¹]. With the `nulib` preset
 * the electron-energy integral is NuLib's single 16-point Gauss–Legendre rule (differs from the
 * accurate default by up to several per cent).
 */
export function pairKernel(T_MeV: number, eta_e: number, E_MeV: number, E_partner_MeV: number, species: Species, opts: OpacityOptions = {}): PairKernelMoments {
  finiteNumber(T_MeV, 'T_MeV');
  finiteNumber(eta_e, 'eta_e');
  finiteNumber(E_MeV, 'E_MeV');
  finiteNumber(E_partner_MeV, 'E_partner_MeV');
  if (!SPECIES.includes(species)) throw new InvalidInputError(`species: expected nue, anue or nux, got '${species}'`, 'species');
  return callNative(() => native().opacityPairKernel(T_MeV, eta_e, E_MeV, E_partner_MeV, species, nativeParams(opts)));
}
