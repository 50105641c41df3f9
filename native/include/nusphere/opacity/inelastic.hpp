// Energy-coupling kernels for tables (PHYSICS.md §3 items 5 and 6): inelastic neutrino–electron
// scattering (NES, below) and the e⁺e⁻ pair production/annihilation kernels (pair_kernel_phi; formulas
// in pair_kernel.cpp). NES: the Legendre moments
// Φ0, Φ1 [cm³ s⁻¹] of the out-scattering kernel R^out(E, E′, cos θ) ≈ ½Φ0 + (3/2)Φ1 cos θ of a
// neutrino of energy E scattering to E′ on a thermal gas of massless electrons with degeneracy
// η_e = mu_e/T, and of the in-scattering kernel by detailed balance (Bruenn 1985 Eqs. C50–C64 with
// the Yueh & Buchler 1977 form, as NuLib evaluates it):
//   Φ_l^out(E, E′) = G_F² (ħc)² c T² /(π x² x′²) × [C1 I_l^I + C2 I_l^II],  x = E/T, x′ = E′/T,
//   I_l^{I,II}(x, x′; η) = ∫_0^∞ dy f_e(y) [1 − f_e(y + x − x′)] H_l^{I,II}(x, x′, y),
// f_e(y) = 1/(e^{y−η} + 1), H_l^{I,II} the piecewise polynomials of Yueh & Buchler (1977) with
// Bruenn's (1985) corrections (y ≤ x′: L_l^{I,II} and the Θ(x′−x)Γ_l terms; y > x′: a_l + b_l y + c_l y²,
// region II with x ↔ x′ and b_l → −b_l). Couplings C1 = (C_V + C_A)², C2 = (C_V − C_A)² with
// C_V = ½ + 2 sin²θW, C_A = ½ for νe (C_A → −C_A for ν̄e; C_V − 1, C_A − 1 for νμ,τ, and the sign of
// C_A − 1 flipped for ν̄μ,τ). nux is ONE heavy flavour with the ν/ν̄ average (NuLib's scheme-1 mean
// of the four heavy flavours): C1 = C2 = [(C_V + C_A − 2)² + (C_V − C_A)²]/2.
//
// Detailed balance (equilibrium of f_ν(E)[1 − f_ν(E′)]R^out = f_ν(E′)[1 − f_ν(E)]R^in):
//   Φ^out(E, E′) = e^{−(E′−E)/T} Φ^out(E′, E)   (up-scattering from down-scattering, as NuLib),
//   Φ^in(E, E′)  = Φ^out(E′, E) = e^{(E′−E)/T} Φ^out(E, E′)   (E′ → E; E is the final energy).
// nes_phi_out evaluates E′ <= E directly and E′ > E by the first identity (NuLib's choice: the
// down-scattering integrand is the well-conditioned one); nes_phi_out_direct integrates the formula
// at any (E, E′) — used by the tests to check detailed balance of the formulas themselves.
//
// Electron-energy integral. Default: composite 10-point Gauss–Legendre on pieces split at the
// kernel's kinks (y = x′ − x, y = x′) and around the Fermi edges (y = η, y = η − (x − x′)), widths
// <= 2 near the edges and <= 6 in the exponential tails, over the window where the integrand exceeds
// e^{−50} of its scale: relative accuracy ~1e-12. With params.nulib_quirks: NuLib's rule, a 128-point
// midpoint sum on [0, max(η, 0) + 10] (NULIB.md §1, §6 item 7), which differs from the exact integral
// by up to ~1% (measured: 1.0e-2 at T = 1, η = 0.5, E = E′ = 15 MeV; 4e-3 at T = 5, η = 2, E = E′ = 60;
// 2e-4 at η = 10; 7e-5 at η = 40). The truncation at η + 10 dominates where E′/T > η + 10 (the
// kernel's y ≤ x′ region reaches beyond the cut); the 128-point discretisation adds ~1e-4 at η ≲ 1. Constants: G_F from params.weak (weak scale), ħc and c from constants.hpp.
//
// REFERENCES: Bruenn 1985 ApJS 58, 771 (App. C, Eqs. C50–C64); Yueh & Buchler 1977 Ap&SS 49, 175;
//             Mezzacappa & Bruenn 1993 ApJ 410, 740; NuLib inelastic_electron_scattering.F90 and
//             nulib.F90 single_Ipoint_return_all (NULIB.md §1, §2, §5), read for facts only;
//             pair kernels: Bruenn 1985 Eqs. C65–C72, Burrows, Reddy & Thompson 2006 NPA 777, 356.
#pragma once
#include "nusphere/opacity/opacity.hpp"

namespace nusphere::opacity {

/// Couplings-free electron-energy integrals of one (x, x′, η): I_l^{I}, I_l^{II} for l = 0, 1
/// (dimensionless, reduced units).
struct NesIntegrals {
  double I0_I = 0, I0_II = 0, I1_I = 0, I1_II = 0;
};

/// Both Legendre moments [cm³ s⁻¹].
struct NesPhi {
  double phi0_cm3s = 0, phi1_cm3s = 0;
};

/// The integrals at reduced energies x = E/T, x′ = E′/T (any order, both > 0) and degeneracy η.
/// nulib_rule: NuLib's 128-point midpoint rule; else the accurate composite rule. No validation.
NesIntegrals nes_integrals(double x_in, double x_out, double eta_e, bool nulib_rule);

/// The same integrals by an n-point midpoint sum on [0, upper] (NuLib's rule: n = 128, upper =
/// max(η, 0) + 10; larger n and upper for convergence tests). No validation.
NesIntegrals nes_integrals_midpoint(double x_in, double x_out, double eta_e, int n, double upper);

/// (C1, C2) of a species for sin²θW (nux: the ν/ν̄ average).
void nes_couplings(Species sp, double sin2thetaW, double& C1, double& C2);

/// Φ0, Φ1 of the OUT-scattering kernel E_in → E_out at (T, η_e) [cm³ s⁻¹], E_out <= E_in directly,
/// E_out > E_in by detailed balance. Validates (Error(InvalidInput) naming "T_MeV", "eta_e",
/// "E_in_MeV", "E_out_MeV"): T > 0, E > 0, all finite, |η_e| <= 1e4. params.nulib_quirks selects
/// NuLib's quadrature; sin²θW and the weak scale come from params.
NesPhi nes_phi_out(double T_MeV, double eta_e, double E_in_MeV, double E_out_MeV, Species sp, const OpacityParams& p);

/// The out-scattering kernel from the formula at any (E_in, E_out) (no detailed-balance shortcut).
NesPhi nes_phi_out_direct(double T_MeV, double eta_e, double E_in_MeV, double E_out_MeV, Species sp,
                          const OpacityParams& p);

/// Φ0, Φ1 of the IN-scattering kernel of a neutrino of (final) energy E_MeV from E_other_MeV:
/// Φ^in(E, E′) = e^{(E′−E)/T} Φ^out(E, E′) = Φ^out(E′, E).
NesPhi nes_phi_in(double T_MeV, double eta_e, double E_MeV, double E_other_MeV, Species sp, const OpacityParams& p);

/// Isoenergetic approximation of NES for gray uses (PHYSICS.md §3 item 5): the out-scattering
/// kernel integrated over all final energies into empty neutrino phase space, i.e. the total rate of
/// scattering on the electrons treated as if it kept the energy. With R^out = ½Φ0 + (3/2)Φ1 cos θ,
/// ∫dΩ′ R = 2πΦ0 and ∫dΩ′ (1 − cos θ) R = 2π(Φ0 − Φ1), so
///   κ_tot(E) = 2π/(c (2πħc)³) ∫_0^∞ dE′ E′² Φ0^out(E, E′)          [cm⁻¹]
///   κ_tr(E)  = 2π/(c (2πħc)³) ∫_0^∞ dE′ E′² [Φ0^out − Φ1^out](E, E′) [cm⁻¹]
/// (no final-state neutrino blocking, like the other scattering opacities). Quadrature over E′:
/// composite Gauss–Legendre (8·refine points per panel) on panels with edges at energy losses of
/// 1, 3, 7, … T up to E/2, final energies halving towards 0, the electrons' Fermi edge E′ ≈ η T, and
/// gains of (x, 3x, 7x, … below T for E < T, then) 1, 3, 7, … 63 T for up-scattering (weight
/// e^{−(E′−E)/T} by detailed balance). Relative accuracy ~1e-11 against the closed form of the
/// non-degenerate limit, ≤ 1e-8 against 4× the points at any degeneracy
/// (test_inelastic.cpp).
/// Validates like nes_phi_out.
struct NesOpacity {
  double total_cm = 0, transport_cm = 0;
};
NesOpacity nes_isoenergetic(double T_MeV, double eta_e, double E_MeV, Species sp, const OpacityParams& p, int refine = 1);

/// e⁺e⁻ pair kernels of one (T, η_e, E, Ē) [cm³ s⁻¹] (pair_kernel.cpp): production (e⁻e⁺ → νν̄,
/// weighted by f_e f_{e+}) and annihilation (νν̄ → e⁻e⁺, weighted by (1 − f_e)(1 − f_{e+})), Legendre
/// moments 0 and 1 (Bruenn 1985 Eqs. C65–C72 with NuLib's unit fixes; NuLib's epannihil_phi0/1 with
/// last axis (production, annihilation)). Φ^a = e^{(E+Ē)/T} Φ^p. params.nulib_quirks: NuLib's single
/// 16-point Gauss–Legendre rule on [0, E + Ē]; else an accurate composite rule.
struct PairKernelPhi {
  double phi0_production_cm3s = 0, phi0_annihilation_cm3s = 0, phi1_production_cm3s = 0, phi1_annihilation_cm3s = 0;
};
/// Couplings-free pair integrals at reduced energies x, x̄ (production p, annihilation a) of
/// J0(x, x̄), J0(x̄, x), J1(x, x̄), J1(x̄, x); swapping x and x̄ swaps entries 0 <-> 1 and 2 <-> 3 (the
/// nodes are symmetric). No validation.
struct PairIntegrals {
  double p[4] = {0, 0, 0, 0}, a[4] = {0, 0, 0, 0};
};
PairIntegrals pair_integrals(double x, double x_partner, double eta_e, bool nulib_rule);

/// Validates like nes_phi_out (fields "T_MeV", "eta_e", "E_MeV", "E_partner_MeV").
PairKernelPhi pair_kernel_phi(double T_MeV, double eta_e, double E_MeV, double E_partner_MeV, Species sp,
                              const OpacityParams& p);

/// Prefactor G_F² (ħc)² c T² / π [cm³ s⁻¹] of Φ (reduced integrals are multiplied by it / (x² x′²)).
double nes_prefactor_cm3s(double T_MeV, const OpacityParams& p);

}  // namespace nusphere::opacity
