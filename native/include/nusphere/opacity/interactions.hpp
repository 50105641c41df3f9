// Neutrino opacities and emissivities term by term (PHYSICS.md §3 items 1–4 and 6), their sum
// (compute_opacities) and the NuLib preset. Units and conventions: opacity.hpp and PHYSICS.md §0.
//
// Every function below takes a ThermoState, a species, an array of neutrino energies E_MeV[nE]
// (finite, > 0, strictly increasing) and OpacityParams, validates them (Error(InvalidInput) naming
// the field, e.g. "E_MeV[3]", "state.mu_e_MeV"), and writes arrays of length nE.
//
// Species: nux is ONE heavy flavour. Its opacities and emissivities are the average over the heavy
// neutrino and antineutrino (νμ and ν̄μ; ντ, ν̄τ are identical), which is NuLib's scheme-1 opacity;
// NuLib's scheme-1 nux EMISSIVITY is the sum over four flavours = 4 × ours ("nux_total").
//
// Weak scale: every cross section reads σ0 through OpacityParams::sigma0() and G_F, m_e, Δ through
// params.weak, so s = 2 divides every opacity and emissivity by 16 (without mass scaling). The
// (E/m_e)² factors that come with σ0 use the standard m_e (σ0/m_e² = 4 G_F² (ħc)²/π is what enters);
// thresholds and phase-space roots use the kinematic params.weak.me_MeV().
//
// REFERENCES (per term in the implementation files):
//   Bruenn 1985 ApJS 58, 771 (absorption, blocking, pair kernel); Burrows, Reddy & Thompson 2006
//   NPA 777, 356 ("BRT06"); Horowitz 2002 PRD 65, 043001 (weak magnetism); Horowitz 1997 PRD 55,
//   4577 (ion–ion correlation); Leinson et al. 1988 (electron polarization); Freedman 1974
//   (coherent scattering); Hannestad & Raffelt 1998 ApJ 507, 339 (bremsstrahlung);
//   NuLib (github.com/evanoconnor/NuLib; /work/shared/docs/NULIB.md) for the reference set.
#pragma once
#include <cstddef>

#include "nusphere/opacity/opacity.hpp"

namespace nusphere::opacity {

// ----------------------------------------------------------------------------------------------
// Validation and small helpers
// ----------------------------------------------------------------------------------------------

/// Throws Error(InvalidInput) naming the offending field ("state.rho_gcc", "state.Xn", ...).
/// Accepts mass fractions in [−1e-6, 1 + 1e-6] (interpolation noise; clamped to [0, 1] in use).
void validate_state(const ThermoState& s);
/// Energies finite, > 0, strictly increasing ("E_MeV[i]"); E_MeV may be null only when nE == 0.
void validate_energies(const double* E_MeV, std::size_t nE);
/// gA, sin²θW, σ0, m_ref, weak scale ("params.gA", ...).
void validate_params(const OpacityParams& p);

/// Equilibrium neutrino chemical potential [MeV]: mu_e − muhat (νe), −(mu_e − muhat) (ν̄e), 0 (νx),
/// with muhat = mu_n − mu_p (includes Δ).
double equilibrium_mu_nu_MeV(const ThermoState& s, Species sp);

/// Neutrino chemical potential [MeV] of the charged-current stimulated-absorption factor and of the
/// black body compute_opacities uses for Kirchhoff's law: equilibrium_mu_nu_MeV(s, sp), except with
/// params.cc_leading_order, where Δ (at the weak scale) is dropped from muhat for νe and ν̄e:
/// μ_νe = mu_e − (muhat − Δ), μ_ν̄e = −μ_νe. No validation.
double cc_mu_nu_MeV(const ThermoState& s, Species sp, const OpacityParams& p);

/// Fermi–Dirac black-body intensity B_ν(E) = c E³ / ((2πħc)³ (exp((E − μ)/T) + 1)), converted from
/// MeV to erg: [erg cm⁻² s⁻¹ MeV⁻¹ sr⁻¹]. No validation (internal building block).
void blackbody(double T_MeV, double mu_nu_MeV, const double* E_MeV, std::size_t nE, double* B);

// ----------------------------------------------------------------------------------------------
// Cross sections and correction factors (single energy; for term-by-term tests)
// ----------------------------------------------------------------------------------------------

/// BRT06 charged-current cross section without any correction [cm²]:
/// σ0 (1+3gA²)/4 (W/m_e)² sqrt(1 − (m_e/W)²), W = E + Δ (νe n) or E − Δ (ν̄e p); 0 below threshold
/// (with params.nulib_quirks the ν̄e positron energy is floored at 2 m_e as NuLib does; the extra
/// e^{(E − Δ − 2 m_e)/T} that NuLib's blocking ratio then carries is applied in absorption_nucleons,
/// not here). With params.cc_leading_order: σ0 (1+3gA²)/4 (E/m_e)² for both (no threshold). 0 for nux.
double cc_cross_section_bare_cm2(Species sp, double E_MeV, const OpacityParams& p);

/// Horowitz (2002) weak-magnetism + recoil factor of the CC absorption cross section (full
/// expression, e = E/m_n for νe n, E/m_p for ν̄e p; F2 = μ_p − μ_n − 1). 1 for nux.
double weak_magnetism_absorption(Species sp, double E_MeV, const OpacityParams& p);

enum class Nucleon : int { Neutron = 0, Proton = 1 };
/// Horowitz (2002) weak-magnetism + recoil factor of the TRANSPORT neutral-current cross section on
/// a nucleon: ratio of ∫(1−cosθ) dσ/dΩ with and without the correction (closed form of the
/// angular integral; its Taylor series for E/m_N < 0.01). lepton: +1 ν, −1 ν̄, 0 = their average.
double weak_magnetism_scattering_transport(Nucleon n, int lepton, double E_MeV, const OpacityParams& p);

/// Transport (1 − cosθ weighted) coherent cross section on the state's average heavy nucleus
/// (A = Abar, Z = Zbar) [cm²], BRT06 Eqs. 26–31 with the switches form_factor, ion_ion_correlation,
/// electron_polarization; 16-point Gauss–Legendre angular integral as NuLib. With all three off it
/// equals 2/3 × σ0/16 (E/m_e)² [N − (1−4 sin²θW) Z]².
double heavy_scattering_transport_cm2(const ThermoState& s, double E_MeV, const OpacityParams& p);

// ----------------------------------------------------------------------------------------------
// Interactions, each callable on its own (arrays of length nE). The main on/off switches of
// OpacityParams are applied only by compute_opacities; the sub-switches (weak_magnetism, blocking,
// form factor, ...) and nulib_quirks apply here.
// ----------------------------------------------------------------------------------------------

/// Charged-current absorption on free nucleons, stimulated-absorption corrected κ*ₐ [cm⁻¹]:
/// νe n → e⁻ p (νe), ν̄e p → e⁺ n (ν̄e); zeros for nux. Final-state lepton blocking, Bruenn (1985)
/// C13–C14 nucleon blocking (nucleon_blocking_absorption), weak magnetism (weak_magnetism).
void absorption_nucleons(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                         const OpacityParams& p, double* kappa);

/// νe absorption on heavy nuclei (Bruenn 1985 shell-blocking model, BRT06 Eq. 12), κ*ₐ [cm⁻¹];
/// zeros for ν̄e and nux.
void absorption_heavy(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                      const OpacityParams& p, double* kappa);

/// Neutral-current transport scattering opacity on free neutrons and protons [cm⁻¹] (BRT06 Eqs.
/// 15–20, weak magnetism, nucleon blocking as NuLib). Either output may be null.
void scattering_nucleons(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                         const OpacityParams& p, double* kappa_n, double* kappa_p);

/// Coherent transport scattering opacity on heavy nuclei [cm⁻¹].
void scattering_heavy(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                      const OpacityParams& p, double* kappa);

/// Coherent transport scattering opacity on α particles [cm⁻¹].
void scattering_alpha(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                      const OpacityParams& p, double* kappa);

/// Neutrino–electron scattering in the isoenergetic approximation (PHYSICS.md §3 item 5, for gray
/// uses): the transport opacity [cm⁻¹] from the NES kernel integrated over final energies
/// (nes_isoenergetic in inelastic.hpp) at η_e = mu_e/T. Off in the default set (switch
/// scattering_electrons): the kernel itself is the energy-coupling form for transport; ~100 kernel
/// evaluations per energy.
void scattering_electrons(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                          const OpacityParams& p, double* kappa);

/// e⁺e⁻ → νν̄ single-neutrino emissivity eta [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹] from the Bruenn (1985)
/// production kernel (massless electrons, η_e = mu_e/T, no final-state neutrino blocking, as NuLib),
/// and its Kirchhoff effective absorption kappa_eff = eta / B_ν [cm⁻¹] (B_ν with the species'
/// equilibrium μ_ν; μ = 0 for nux). kappa_eff may be null. Any species (compute_opacities adds it to
/// νe/ν̄e only with pair_for_electron_flavours). Default: the exact integral (~1e-8). With
/// nulib_quirks: NuLib's fixed rule instead (16-point Gauss–Laguerre over the partner energy, nodes
/// unscaled, × 16-point Gauss–Legendre over the electron energy on [0, E + Ē] in one piece), which
/// reproduces NuLib's output and differs from the exact integral by ~1.1% at typical states; it costs
/// 256 kernel evaluations per energy.
void emission_pair(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                   const OpacityParams& p, double* eta, double* kappa_eff);

/// Nucleon–nucleon bremsstrahlung emissivity (BRT06 fit as NuLib) and Kirchhoff effective absorption.
void emission_brems(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                    const OpacityParams& p, double* eta, double* kappa_eff);

// ----------------------------------------------------------------------------------------------
// Sum and preset
// ----------------------------------------------------------------------------------------------

/// Sums the switched-on terms for one species:
///   kappa_a = κ*ₐ(CC nucleons) + κ*ₐ(heavy) + κ_eff(pair) + κ_eff(brems),
///   kappa_s = transport κ_s (n, p, heavy, α) [+ isoenergetic ν–e scattering with scattering_electrons],
///   eta     = κ*ₐ(CC) B_ν + eta(pair) + eta(brems)   (so eta = kappa_a B_ν: Kirchhoff).
/// With nulib_quirks, NuLib's floors are applied (NULIB.md §6 item 5). `terms` (optional) receives
/// the individual terms (arrays it points to must hold nE values; null members are skipped).
void compute_opacities(const ThermoState& s, Species sp, const double* E_MeV, std::size_t nE,
                       const OpacityParams& p, OpacityOut& out, OpacityTerms* terms = nullptr);

/// The three species at once (out[k], terms[k] for k = Nue, Anue, Nux; terms may be null): same
/// results as three compute_opacities calls (to rounding: nux nucleon scattering is formed as the
/// ν/ν̄ average here), with the species-independent work (coherent and α scattering, nucleon
/// weak-magnetism factors, pair integrals) done once per point.
void compute_opacities_all(const ThermoState& s, const double* E_MeV, std::size_t nE, const OpacityParams& p,
                           OpacityOut out[kNumSpecies], OpacityTerms* terms = nullptr);

/// NuLib's default interaction set, switches and constants (gA 1.254, sin²θW 0.23, σ0 1.761e-44 cm²,
/// m_ref = NuLib's m_amu, nulib_quirks = true: ν̄e positron-energy floor, absorption-blocking step
/// at 1e11 g/cm³, 1e-30 floors; NuLib's rounded weak-magnetism F2 values; no upper clamp of the C14
/// blocking; NuLib's density form of the C14 nucleon blocking (the default evaluates it from the
/// nucleon degeneracies, absorption.cpp); NuLib's 16×16 quadrature of the e⁺e⁻ pair kernel and its
/// 128-point midpoint rule for the NES kernel (also inside scattering_electrons)).
///
/// Differences that remain with this preset (NULIB.md numbering):
///  1. Other constants are CODATA 2018 / PDG 2024, not NuLib's older ones: G_F (pair ∝ G_F²: 1.5e-5;
///     with MeV→erg and ħc the pair emissivity is 1.44e-5 above NuLib's),
///     MeV→erg (4.3e-7 in B_ν and emissivities), m_e, Δ, m_n, m_p, ħc, α, MeV→g (each ≲ 1e-7).
///  2. NuLib's single-precision literals (§6 item 1: log10exp, 2.0/3.0; ≲ 1e-6) are not reproduced,
///     nor its clip of the CC occupation ratio at 10^±200 (we only guard e^700 overflow).
///  3. e⁺e⁻ pair emission: reproduced. NuLib integrates Bruenn's kernel with 16-point Gauss–Laguerre ×
///     16-point Gauss–Legendre without splitting at the kernel's kinks, ~1% off the exact integral
///     (the default physics); the preset uses the same rule (emission_pair) and agrees with NuLib's
///     output to the constants of item 1 (test_nulib_quirks.cpp, nulib_reference.json). Not
///     reproduced: NuLib's |argument| > 35 shortcut of the Fermi factors (< 1e-15) and its underflow
///     to 0 for E/T ≳ 700.
///  4. nux: our emissivity is ONE flavour (NuLib's scheme-1 table stores 4×, §6 item 4); opacities
///     are the same flavour mean. The 1e-30 scattering floor is applied to the mean, not per flavour.
///  5. With muhat − Δ → 0 the C14 blocking uses its limit n_target (NuLib divides 0/0).
///  6. Weak-magnetism transport factor: exact to 1e-10 at all energies (§6 item 9 loses digits).
///  7. NES and e± pair kernels: in inelastic.hpp (not part of kappa_s/kappa_a, as in NuLib); with this
///     preset they use NuLib's quadratures and agree with NuLib's output to 1.5e-5 (G_F).
///  8. Not implemented: non-transport opacities with δ (do_transport_opacities = false), NuLib's
///     separate elastic ν–e scattering model (ours, scattering_electrons, integrates the NES kernel),
///     virial and strange-axial NC corrections, the ad hoc nux
///     absorption, weak-rate tables, group integration (do_integrated_BB_and_emissivity = true).
OpacityParams nulib_params();

}  // namespace nusphere::opacity
