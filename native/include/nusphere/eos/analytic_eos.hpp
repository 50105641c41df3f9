// Built-in analytic equation of state (the embedded default, PHYSICS.md §2): electrons and positrons
// at arbitrary degeneracy and relativity, photons, free nucleons as non-relativistic Fermi gases,
// ⁴He and heavy nuclei as Boltzmann gases, in nuclear statistical equilibrium (Saha equations),
// with a smooth switch-off of nuclei towards nuclear density. Domain: rho ∈ [1e3, 1e15] g cm⁻³,
// T ∈ [0.01, 100] MeV, Ye ∈ [0.01, 0.6].
//
// Components and equations (units: MeV, cm; n number densities in cm⁻³):
//  * e⁻e⁺ (Cox & Giuli ch. 24; Timmes & Arnett 1999): beta = T/m_e c², K = 8π√2 (m_e c²/hc)³,
//      n₋ = K beta^{3/2} [F_{1/2}(eta, beta) + beta F_{3/2}(eta, beta)],
//      P₋ = (2/3) K m_e c² beta^{5/2} [F_{3/2} + (beta/2) F_{5/2}],
//      E₋ = K m_e c² beta^{5/2} [F_{3/2} + beta F_{5/2}]  (kinetic energy density),
//    positrons the same at eta₊ = −eta − 2/beta (μ₊ = −μ₋); n₋ − n₊ = rho Ye/m_u is solved for eta by
//    a bracketed Newton iteration to 1e-14 relative; s = Σ (E + P − μ_kin n)/T.
//  * photons: P = aT⁴/3, u = aT⁴, s = 4aT³/3 (T converted MeV → K with k_B).
//  * free n, p: n = (1/2π²)(2 m T/(ħc)²)^{3/2} F_{1/2}(eta), P = (2/3)·energy density (non-relativistic).
//  * nuclei (⁴He, ¹²C, ¹⁶O, ²⁸Si, ⁵⁴Fe, ⁵⁶Fe, ⁵⁸Fe, ⁵⁶Ni, ⁵⁸Ni, ⁶²Ni, ⁶⁴Ni, ⁸²Ge, ⁷⁸Ni; all 0⁺ ground
//    states, internal partition function 1): Boltzmann gases with μ_A = Z μ_p + N μ_n + B_A − A ε_cut
//    (kinetic chemical potentials), binding energies from the AME2020 mass excesses (constants.hpp).
//  * NSE: Σ A_i n_i = rho/m_u and Σ Z_i n_i = Ye rho/m_u (free p counts Z/A = 1, n 0), solved for
//    (eta_n, eta_p) by a log-space Newton iteration with line search; the second equation is
//    taken relative to the dominant species (Z_d·N-eq − N_d·Z-eq) so that the trace species that fix
//    the second chemical potential are resolved even when they are e^{-1000} of the total.
//  * Nuclear-density cut (the "switch-off of nuclei", energetic form; the default): every nucleon bound
//    in a nucleus (A > 1, α included) pays ε_cut(rho) = cut_eps_MeV (rho/cut_rho_gcc)^cut_power
//    (defaults 1500 MeV, rho_sat = 2.66e14 g cm⁻³, power 4), entered in the free energy as
//    f_cut = ε_cut Σ_A A n_A. It suppresses nuclei by exp(−A ε_cut/T) and adds
//    P_cut = rho ε_cut' Σ_A A n_A (thermodynamically consistent, no entropy). ε_cut(1e13) = 3e-3 MeV,
//    ε_cut(1e12) = 3e-7 MeV per nucleon; nuclei are gone above ≈ 1.1e14 g cm⁻³ at every T.
//    KNOWN LIMITATION: with ideal-gas nucleons a cut that dissolves nuclei by ~1e14 must reach
//    ~30 MeV per nucleon there with a log-slope ≳ 4, so P_cut dominates the pressure in
//    ≈ 5e13–9e13 (gamma up to ~4) and drops when the nuclei dissolve: ∂P/∂rho < 0 and cs2 < 0 in the
//    band rho ≈ 8.8e13–1.05e14 g cm⁻³ for T ≲ 20 MeV (none above ~30 MeV; measured on a 0.002-dex
//    scan; there is no Maxwell construction), and mu_n, mu_p carry δ (below) of up to ~100 MeV there.
//    Hydrodynamics through this band needs a stiffened or tabulated EOS.
//  * Optional plain excluded-volume factor (excluded_volume = true, with cut_eps_MeV = 0 for the pure
//    form): nuclei × (1 − u), u = rho/rho_nuc, none for u ≥ 1; f_ev = −T ln(1 − u) Σ_A n_A,
//    P_ev = T Σ n_A u/(1 − u), s_ev = ln(1 − u) Σ n_A. Not the default: its entropic suppression
//    cannot outweigh ~8 MeV/nucleon binding before u → 1, so cold nuclei survive to rho_nuc, where
//    P_ev diverges (cs2 > c², negative entropy within ~1% below rho_nuc) and the composition jumps.
//
// Conventions (PHYSICS.md §0):
//  * mu_e includes m_e c²; mu_n, mu_p are relativistic chemical potentials measured from m_n c², i.e.
//    mu_n = μ_n,kin + δ, mu_p = μ_p,kin − Δ + δ with δ = (P_cut + P_ev)/n_B the cut's contribution to
//    the thermodynamic chemical potentials (≲ 1e-2 MeV below 1e13 g cm⁻³; muhat is unaffected). The free
//    nucleons' kinetic degeneracy parameters are NseResult::eta_n/eta_p (= (mu − δ [+Δ for p])/T).
//  * ENERGY ZERO POINT: e_ergg = (energy density − n_B m_n c²)/rho, i.e. relative to free neutrons at rest,
//    INCLUDING the rest mass of every electron and positron (net electrons: n_e m_e c², pairs: 2 m_e c²
//    per positron), nuclear masses Z m_p + N m_n − B, and photons. With this zero point the Euler
//    relation holds exactly: e + P/rho − T s = [(1 − Ye) mu_n + Ye (mu_p + mu_e)]/m_u (tested).
//  * Abar, Zbar: mass-fraction-weighted means over the heavy nuclei (A > 4), computed in log space so
//    they stay defined (the mean of the heavy distribution) when Xh underflows.
//  * Derivatives at fixed Ye are analytic (implicit differentiation of the Newton systems; ∂F/∂eta,
//    ∂F/∂beta of the Fermi–Dirac integrals); de/dT = T ds/dT, de/drho = (P − T ∂P/∂T)/rho².
//    ∂P/∂rho|s = dPdrho − dPdT dsdrho/dsdT; gamma = (rho/P) ∂P/∂rho|s; cs2 is the relativistic sound
//    speed ∂P/∂ε_tot|s = (∂P/∂rho|s)/h, h = m_n/m_u + (e + P/rho)/c² (≤ c², → c²/3 in a pair plasma;
//    the Newtonian value is h·cs2).
//  * Pair plasmas: where n₋ − n₊ would lose more than two digits to cancellation, the net density is
//    ∫ dN/deta from μ = 0 (5-point Gauss–Lobatto) and the solve runs in μ/T, so mu_e keeps full
//    relative precision even when μ_e ≪ T.
//  * Precision: entropies come from the Euler form, which loses a factor ~(eta/π)² of the Fermi–Dirac
//    integrals' ~1e-14 in strongly degenerate gases (eta ~ 1e4 → ~1e-7; eta ~ 300 → ~1e-11).
//
// Not included: Coulomb (lattice) corrections, nuclear excited states, nucleon interactions.
//
// REFERENCES: Cox & Giuli (1968) Principles of Stellar Structure ch. 24; Timmes & Arnett 1999 ApJS 125,
//   277 (e± from generalized Fermi–Dirac integrals); Clayton (1968) ch. 7 and Seitenzahl et al. 2008
//   ADNDT 94, 1 (NSE by Saha equations); Wang et al. 2021 Chin. Phys. C 45, 030003 (AME2020 masses);
//   Lattimer & Swesty 1991 NPA 535, 331 (excluded-volume switch-off of nuclei, motivating the cut);
//   Lattimer & Prakash 2016 Phys. Rep. 621, 127 (saturation density).
#pragma once
#include <array>
#include <cstddef>

#include "nusphere/eos/eos.hpp"

namespace nusphere::eos {

/// Model switches of the analytic EOS (the defaults are the embedded EOS).
struct AnalyticEosOptions {
  bool nuclei = true;    // NSE with ⁴He and heavy nuclei; false: free nucleons only
  bool photons = true;   // radiation
  double cut_eps_MeV = 1500.0;        // ε_cut at rho = cut_rho_gcc [MeV per bound nucleon] (model parameter)
  double cut_rho_gcc = 0.0;           // 0: constants::rho_sat_gcc
  double cut_power = 4.0;             // ε_cut ∝ rho^cut_power (model parameter)
  bool excluded_volume = false;       // nuclei suppressed by (1 − rho/rho_nuc), none above rho_nuc
  double rho_nuc_gcc = 0.0;           // 0: constants::rho_sat_gcc
};

namespace analytic {

/// Domain of the analytic EOS.
inline constexpr EosDomain kDomain{1e3, 1e15, 0.01, 100.0, 0.01, 0.6};

/// Thermodynamics of one ideal-gas component at (μ, T); derivatives at fixed μ or T.
struct GasThermo {
  double n = 0;     // number density [cm⁻³] (net e⁻ − e⁺ for the lepton gas)
  double P = 0;     // pressure [MeV cm⁻³]
  double e = 0;     // energy density [MeV cm⁻³] (zero point stated by each producer)
  double s = 0;     // entropy density [k_B cm⁻³]
  double n_mu = 0;  // ∂n/∂μ|T [cm⁻³ MeV⁻¹]
  double n_T = 0;   // ∂n/∂T|μ = ∂s/∂μ|T [cm⁻³ MeV⁻¹]
  double s_T = 0;   // ∂s/∂T|μ [k_B cm⁻³ MeV⁻¹]
};

/// Electron–positron gas. th.e includes the rest energy of every e⁻ and e⁺.
struct ElectronPositronGas {
  double eta = 0;     // (mu − m_e c²)/T
  double mu_MeV = 0;  // electron chemical potential including m_e c²
  double n_minus_cm3 = 0, n_plus_cm3 = 0;
  GasThermo th;
  int iterations = 0;  // Newton iterations of the eta solve (0 when evaluated at given eta)
};

/// e⁻e⁺ gas at a given kinetic degeneracy eta and temperature (Fermi–Dirac route, no solve).
ElectronPositronGas electron_positron_at_eta(double eta, double T_MeV);
/// e⁻e⁺ gas with net electron density n_net_cm3 > 0: solves for eta (relative 1e-14 in n).
ElectronPositronGas electron_positron_gas(double n_net_cm3, double T_MeV);

/// Species of the NSE network.
inline constexpr std::size_t kNseSpecies = 15;
struct NseSpecies {
  const char* name;
  int Z, N;
  double g;      // ground-state spin degeneracy 2J+1
  double B_MeV;  // binding energy (0 for n, p)
};
const std::array<NseSpecies, kNseSpecies>& nse_species();
inline constexpr std::size_t kNeutron = 0, kProton = 1, kAlpha = 2;  // heavy nuclei: index >= 3

/// NSE composition and the baryon-sector thermodynamics at (rho, T, Ye).
struct NseResult {
  std::array<double, kNseSpecies> X{};  // mass fractions A_i n_i / n_B
  std::array<double, kNseSpecies> ln_n{};  // ln(n_i / cm⁻³) (finite even when n_i underflows)
  double eta_n = 0, eta_p = 0;  // kinetic degeneracies of the free nucleons (Lagrange μ_kin / T)
  double mu_shift_MeV = 0;      // δ = rho ε_cut' X_nuc added to both thermodynamic chemical potentials
  double Xn = 0, Xp = 0, Xa = 0, Xh = 0, Abar = 0, Zbar = 0;
  // Baryon sector (nucleons + nuclei + cut), per volume; e relative to n_B m_n c².
  double P = 0, e = 0, s = 0;              // [MeV cm⁻³], [MeV cm⁻³], [k_B cm⁻³]
  double dPdT = 0, dPdrho = 0, dsdT = 0, dsdrho = 0;  // at fixed rho / T and Ye; rho in g cm⁻³
  double residual = 0;  // final max |log residual| of the two conservation equations
  int iterations = 0;
};
NseResult nse_solve(double rho_gcc, double T_MeV, double Ye, const AnalyticEosOptions& opt = {});

/// Photon gas per volume [MeV cm⁻³], [k_B cm⁻³].
GasThermo photon_gas(double T_MeV);

}  // namespace analytic

/// The built-in analytic EOS. evaluate() is const and reentrant.
class AnalyticEos final : public Eos {
 public:
  explicit AnalyticEos(const AnalyticEosOptions& opt = {});
  EosDomain domain() const override { return analytic::kDomain; }
  void evaluate(double rho_gcc, double T_MeV, double Ye, EosState& out) const override;
  const AnalyticEosOptions& options() const noexcept { return opt_; }

 private:
  AnalyticEosOptions opt_;
};

}  // namespace nusphere::eos
