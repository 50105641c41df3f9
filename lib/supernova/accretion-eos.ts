/**
 * The equation of state of the stationary-accretion (gain-region) problem: an ideal gas of ions
 * (free nucleons behind the shock, Ā = 1), photons, and relativistic e⁺e⁻ pairs of arbitrary
 * degeneracy (massless limit, exact in η), with analytic derivatives. This is the built-in EOS of
 * PHYSICS.md §2 restricted to the dissociated, T ≳ 0.5 MeV regime of the gain layer (the "QW EOS" of
 * Qian & Woosley 1996 and of Pejcha & Thompson 2012 / Pochik & Thompson 2025); the electron rest mass
 * and the nuclear composition are the differences from the full analytic EOS (documented in
 * docs/supernova.md).
 *
 *   n_b = ρ/m_u,  ions n_i = n_b/Ā:  P_i = n_i kT,  e_i = (3/2) P_i/ρ
 *   photons:  P_γ = (π²/45) T⁴/(ħc)³,  e_γ = 3 P_γ/ρ
 *   pairs (g = 2 each):  η³ + π²η = 3π² Y_e n_b (ħc/T)³   (net electron density, exact for m_e → 0)
 *                        P_e = T⁴/(3π²(ħc)³) (7π⁴/60 + π²η²/2 + η⁴/4),  e_e = 3 P_e/ρ
 *   entropy per baryon [k_B]: ions (Sackur–Tetrode, spin degeneracy g_i), γ: 4P_γ/(T n_b),
 *   pairs: (4 P_e − μ_e n_e,net)/(T n_b).
 * Units: ρ [g cm⁻³], T [MeV], P [erg cm⁻³], e [erg g⁻¹], derivatives per MeV / per (g cm⁻³).
 * REFERENCES: Qian & Woosley 1996 ApJ 471, 331 (§2 EOS); Bludman & Van Riper 1977 ApJ 212, 859
 *             (massless pair gas in closed form); Pejcha & Thompson 2012 ApJ 746, 106.
 * @module
 */
import { arad_cgs, hbarc_MeVcm, kB_MeVK, MeV_erg, mu_g, mu_MeV } from '../core/constants';

// Math bound locally: global lookups are slow inside vm sandboxes (jest), and this is hot code
const { log, sqrt, cbrt, pow, PI } = Math;

const PI2 = PI * PI;
const PI4 = PI2 * PI2;
const HC3 = hbarc_MeVcm ** 3; // (ħc)³ [MeV³ cm³]
const C_PAIR = MeV_erg / (3 * PI2 * HC3); // P_e = C_PAIR T⁴ h(η) [erg cm⁻³ for T in MeV]
// a_rad T⁴/3 with T in MeV: a_rad [erg cm⁻³ K⁻⁴] (T/k_B)⁴ — equals (π²/45) T⁴/(ħc)³ MeV
const C_GAMMA = arad_cgs / 3 / kB_MeVK ** 4;

export interface AccretionEosState {
  /** pressure [erg cm⁻³] and its partial derivatives at fixed (T, Ye) / (ρ, Ye) / (ρ, T) */
  P: number;
  P_rho: number;
  P_T: number;
  P_Ye: number;
  /** specific internal energy [erg g⁻¹] (no rest masses) and its partials */
  e: number;
  e_rho: number;
  e_T: number;
  e_Ye: number;
  /** electron degeneracy η = μ_e/T (μ_e without rest mass in the massless limit) */
  eta: number;
  /** adiabatic sound speed squared [cm² s⁻²] */
  cs2: number;
}

/** η from the net electron density: the real root of η³ + π²η = K (Cardano, exact). */
export function pairEta(rho_gcc: number, T_MeV: number, Ye: number): number {
  const K = (3 * PI2 * Ye * (rho_gcc / mu_g) * HC3) / (T_MeV * T_MeV * T_MeV);
  // depressed cubic η³ + pη − K = 0, p = π² > 0: one real root
  const p3 = PI2 / 3;
  const disc = sqrt((K * K) / 4 + p3 * p3 * p3);
  const u = cbrt(K / 2 + disc);
  let eta = u - p3 / u;
  // two Newton steps restore full relative precision where u − p3/u cancels (K ≪ 1)
  for (let i = 0; i < 2; i++) eta -= (eta * eta * eta + PI2 * eta - K) / (3 * eta * eta + PI2);
  return eta;
}

/** Full state with derivatives; Ā is the mean ion mass number (1: free nucleons). */
export function accretionEos(rho_gcc: number, T_MeV: number, Ye: number, Abar = 1, out?: AccretionEosState): AccretionEosState {
  const o = out ?? ({} as AccretionEosState);
  const nb = rho_gcc / mu_g;
  const kT = T_MeV * MeV_erg;
  // ions
  const Pi = (nb / Abar) * kT;
  const Pi_rho = kT / (Abar * mu_g);
  const Pi_T = (nb / Abar) * MeV_erg;
  // photons
  const T2 = T_MeV * T_MeV, T4 = T2 * T2;
  const Pg = C_GAMMA * T4;
  const Pg_T = (4 * Pg) / T_MeV;
  // pairs
  const eta = pairEta(rho_gcc, T_MeV, Ye);
  const G = eta * eta * eta + PI2 * eta; // dh/dη
  const dG = 3 * eta * eta + PI2; // dK/dη
  const K = G;
  const h = (7 * PI4) / 60 + (PI2 * eta * eta) / 2 + (eta * eta * eta * eta) / 4;
  const Pe = C_PAIR * T4 * h;
  const eta_rho = K / (rho_gcc * dG);
  const eta_T = (-3 * K) / (T_MeV * dG);
  const eta_Ye = (3 * PI2 * (nb * HC3)) / (T_MeV * T2) / dG;
  const Pe_rho = C_PAIR * T4 * G * eta_rho;
  const Pe_T = (4 * Pe) / T_MeV + C_PAIR * T4 * G * eta_T;
  const Pe_Ye = C_PAIR * T4 * G * eta_Ye;
  o.P = Pi + Pg + Pe;
  o.P_rho = Pi_rho + Pe_rho;
  o.P_T = Pi_T + Pg_T + Pe_T;
  o.P_Ye = Pe_Ye;
  const rad = Pg + Pe;
  o.e = (1.5 * Pi + 3 * rad) / rho_gcc;
  o.e_rho = (-3 * rad) / (rho_gcc * rho_gcc) + (3 * Pe_rho) / rho_gcc;
  o.e_T = (1.5 * Pi_T + 3 * (Pg_T + Pe_T)) / rho_gcc;
  o.e_Ye = (3 * Pe_Ye) / rho_gcc;
  o.eta = eta;
  o.cs2 = o.P_rho + (o.P_T / o.e_T) * (o.P / (rho_gcc * rho_gcc) - o.e_rho);
  return o;
}

/**
 * Entropy per baryon [k_B]. Ions: Sackur–Tetrode with mass Ā m_u and spin degeneracy gIon
 * (2 for nucleons, 1 for even–even nuclei); photons and pairs from (ε + P − μn)/T.
 */
export function accretionEntropy(rho_gcc: number, T_MeV: number, Ye: number, Abar = 1, gIon = Abar === 1 ? 2 : 1): number {
  const nb = rho_gcc / mu_g;
  const ni = nb / Abar;
  const mass_MeV = Abar * mu_MeV;
  // quantum concentration (m T / 2π ħ²)^{3/2} = (m c² T / (2π (ħc)²))^{3/2}
  const nq = pow((mass_MeV * T_MeV) / (2 * PI * hbarc_MeVcm * hbarc_MeVcm), 1.5);
  const s_ion = (ni / nb) * (2.5 + log((gIon * nq) / ni));
  const T4 = T_MeV ** 4;
  const Pg = C_GAMMA * T4; // erg cm⁻³
  const s_gamma = (4 * Pg) / (T_MeV * MeV_erg * nb);
  const eta = pairEta(rho_gcc, T_MeV, Ye);
  const Pe = C_PAIR * T4 * ((7 * PI4) / 60 + (PI2 * eta * eta) / 2 + (eta * eta * eta * eta) / 4);
  const s_pair = (4 * Pe) / (T_MeV * MeV_erg * nb) - eta * Ye;
  return s_ion + s_gamma + s_pair;
}
