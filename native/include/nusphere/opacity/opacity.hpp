// Neutrino opacities and emissivities (PHYSICS.md §3; NuLib's set and beyond): plain-data inputs
// and outputs. Conventions (PHYSICS.md §0): kappa_a is the stimulated-absorption-corrected
// absorption opacity [cm⁻¹]; kappa_s the transport scattering opacity [cm⁻¹]; eta the spectral
// emissivity [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]; nux is ONE heavy flavour (never the sum of four).
#pragma once
#include <cstddef>

#include "nusphere/core/weak_scale.hpp"

namespace nusphere::opacity {

enum class Species : int { Nue = 0, Anue = 1, Nux = 2 };
inline constexpr int kNumSpecies = 3;

/// Explicit thermodynamic state (what another code's EOS hands us). PHYSICS.md §0 conventions:
/// mu_e includes m_e c²; mu_n and mu_p are measured from the neutron rest mass (muhat = mu_n − mu_p
/// includes Δ).
struct ThermoState {
  double rho_gcc = 0, T_MeV = 0, Ye = 0;
  double Xn = 0, Xp = 0, Xa = 0, Xh = 0, Abar = 0, Zbar = 0;
  double mu_e_MeV = 0, mu_n_MeV = 0, mu_p_MeV = 0;
};

/// Physical constants that codes disagree on, the weak scale, and the interaction switches.
struct OpacityParams {
  double gA = constants::gA;
  double sin2thetaW = constants::sin2thetaW;
  double sigma0_cm2 = 0;  // 0: from G_F through `weak` (σ0 = 4 G_F² m_e² (ħc)²/π); else this value at s = 1
  WeakScale weak{};
  // Baryon mass used to turn ρ into number densities n = ρ X / m_ref [MeV]: m_u by default.
  double m_ref_MeV = constants::mu_MeV;
  // switches (defaults: the nusphere default set)
  bool absorption_nucleons = true;   // νe n → e⁻ p, ν̄e p → e⁺ n
  bool absorption_heavy = false;     // νe + A (Bruenn 1985), NuLib default off
  bool weak_magnetism = true;        // Horowitz 2002 corrections (absorption and scattering)
  bool nucleon_blocking_absorption = true;
  bool nucleon_blocking_scattering = true;
  bool scattering_nucleons = true;
  bool scattering_heavy = true;
  bool scattering_alpha = true;
  bool ion_ion_correlation = true;
  bool form_factor = true;
  bool electron_polarization = true;
  bool scattering_electrons = false;  // ν–e scattering, isoenergetic approximation of the NES kernel
                                      // (gray uses; ~100 kernel evaluations per energy; off by default,
                                      // as in NuLib, where NES exists only as a kernel)
  bool pair = true;            // e⁺e⁻ → νν̄ emission (+ Kirchhoff absorption)
  bool bremsstrahlung = true;  // N–N bremsstrahlung emission (+ Kirchhoff absorption)
  bool pair_for_electron_flavours = false;   // NuLib: pair only for heavy flavours
  bool brems_for_electron_flavours = false;  // NuLib: brems only for heavy flavours
  bool nulib_quirks = false;   // reproduce NuLib's quirks (NULIB.md §6 items 2, 3, 5): anue positron
                               // floor, blocking step at 1e11 g/cc, 1e-30 floors (also on B_ν in the
                               // Kirchhoff division); also selects NuLib's rounded weak-magnetism F2
                               // values (3.706, 1.019, −0.963), no upper clamp of the C14 blocking,
                               // NuLib's density form of that blocking (default: from the nucleon
                               // degeneracies), NuLib's 16×16 quadrature rule for e⁺e⁻ pair emission
                               // (~1% off exact) and its 128-point rule for the NES kernel (≲1%)
  bool cc_leading_order = false;  // the E ≫ Δ, m_e limit of νe n / ν̄e p absorption used by textbook
                                  // gain-region estimates (Qian & Woosley 1996; Janka 2001):
                                  // σ = σ0 (1+3gA²)/4 (E/m_e)², lepton energy W = E (no Q-value, no
                                  // threshold, no m_e phase-space factor), no weak magnetism, and Δ
                                  // dropped from the nucleon chemical-potential difference wherever it
                                  // enters: blocking (already uses muhat − Δ) and the neutrino
                                  // chemical potential of the stimulated-absorption / Kirchhoff factor,
                                  // μ_νe = mu_e − (muhat − Δ), μ_ν̄e = −μ_νe (cc_mu_nu_MeV). Applies to
                                  // the νe/ν̄e black body of compute_opacities (all its terms) too.
  /// σ0 at the configured weak scale [cm²].
  double sigma0() const { return (sigma0_cm2 > 0 ? sigma0_cm2 / (weak.s * weak.s * weak.s * weak.s) : weak.sigma0_cm2()); }
};

/// Per-term spectral results for one species (cm⁻¹ or emissivity units), each of length nE.
/// Terms that do not apply to a species are left at zero.
struct OpacityTerms {
  double* absorption_n = nullptr;      // kappa_a on neutrons (νe), stimulated-corrected [cm⁻¹]
  double* absorption_p = nullptr;      // kappa_a on protons (ν̄e) [cm⁻¹]
  double* absorption_heavy = nullptr;  // kappa_a on heavy nuclei (νe) [cm⁻¹]
  double* scattering_n = nullptr;      // transport kappa_s [cm⁻¹]
  double* scattering_p = nullptr;
  double* scattering_heavy = nullptr;
  double* scattering_alpha = nullptr;
  double* emission_pair = nullptr;     // eta [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]
  double* emission_brems = nullptr;
  double* scattering_electrons = nullptr;  // transport kappa_s on electrons (isoenergetic NES) [cm⁻¹]
};

/// Totals for one species at nE energies (arrays of length nE supplied by the caller).
struct OpacityOut {
  double* kappa_a = nullptr;  // [cm⁻¹], stimulated-absorption corrected, includes Kirchhoff pair/brems
  double* kappa_s = nullptr;  // [cm⁻¹], transport
  double* eta = nullptr;      // [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]
};

}  // namespace nusphere::opacity
