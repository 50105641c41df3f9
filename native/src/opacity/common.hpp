// Internal: per-point quantities shared by the opacity terms (number densities, blocking factors,
// couplings, unit conversions) and numerically safe helpers. See interactions.hpp for the API and
// the implementation files for the physics and references.
#pragma once
#include <cmath>
#include <cstddef>

#include "kernels.hpp"
#include "nusphere/core/constants.hpp"
#include "nusphere/core/isa.hpp"
#include "nusphere/opacity/opacity.hpp"

namespace nusphere::opacity::detail {

inline constexpr double kPi = 3.14159265358979323846;
/// Mass of 1 MeV/c² in grams.
inline constexpr double kMeV_g = constants::MeV_erg / (constants::c_cms * constants::c_cms);
/// NuLib's floor for per-species opacities before combining (NULIB.md §6 item 5) [cm⁻¹] and for
/// B_ν before Kirchhoff division [erg cm⁻² s⁻¹ MeV⁻¹ sr⁻¹]; and its final floor.
inline constexpr double kNulibFloor = 1e-30;
inline constexpr double kNulibFinalFloor = 1e-300;
/// NuLib applies final-state nucleon blocking to absorption only above this density [g cm⁻³].
inline constexpr double kNulibBlockingRho = 1e11;

/// log(1 + e^t) without overflow.
inline double softplus(double t) { return (t > 0 ? t : 0.0) + std::log1p(std::exp(-std::fabs(t))); }
/// Fermi–Dirac occupation 1/(e^t + 1) without overflow.
inline double fermi(double t) {
  const double e = std::exp(-std::fabs(t));
  return t > 0 ? e / (1 + e) : 1 / (1 + e);
}
/// exp(t) capped at exp(700) (never inf).
inline double exp_capped(double t) { return std::exp(t < 700 ? t : 700); }
/// Ceiling for absorption opacities [cm⁻¹]. Reached only in thermodynamically inconsistent states
/// (e.g. μ_ν/T ≫ 700, where κ* = κ/(1 − f_eq) has no double representation); keeps κ B_ν finite.
inline constexpr double kOpacityCap = 1e200;
inline double cap_opacity(double k) { return k < kOpacityCap ? k : kOpacityCap; }
/// Input domain (finite values beyond it are Error(OutOfDomain)): keeps every intermediate finite.
inline constexpr double kMaxEnergy_MeV = 1e7;
inline constexpr double kMinT_MeV = 1e-6, kMaxT_MeV = 1e6;
inline constexpr double kMaxRho_gcc = 1e20;
inline constexpr double kMaxAbsMu_MeV = 1e6;

struct PointContext {
  double rho = 0, T = 0, invT = 0, Ye = 0;
  double Xn = 0, Xp = 0, Xa = 0, Xh = 0, A = 0, Z = 0;
  double mu_e = 0, muhat = 0;            // muhat = mu_n − mu_p (includes Δ)
  double mu_n = 0;                       // neutron chemical potential from m_n (= its kinetic part) [MeV]
  double m_ref_g = 0;                    // baryon reference mass [g]
  double n_n = 0, n_p = 0, n_h = 0, n_alpha = 0;  // number densities [cm⁻³] (NuLib floors X at 1e-100 for n, p)
  // couplings and weak-scale dependent constants
  double gA = 0, s2w = 0;
  double sigma0 = 0;          // [cm²] at the weak scale
  double sigma0_me2 = 0;      // σ0 / m_e² with the standard m_e (the unit that comes with σ0) [cm² MeV⁻²]
  double me = 0, delta = 0;   // kinematic m_e and Δ [MeV]
  double gf2_ratio = 0;       // (G_F(s)/G_F(1))² for rates given as fits (bremsstrahlung)
  double GF = 0;              // G_F/(ħc)³ [MeV⁻²]
  bool quirks = false;
};

/// Bruenn (1985) Legendre-0 e⁺e⁻ pair kernel J0(E1, E2, E3) (neutrino E1, partner E2, electron E3;
/// Θ(0) = 1/2; NuLib's unit fix of b0); emission.cpp.
double bruenn_J0(double E1, double E2, double E3);

/// Fills the context (no validation; callers validate first).
PointContext make_context(const ThermoState& s, const OpacityParams& p);

/// Kernels of the process-wide ISA.
kernels::PairFn pair_kernel();
kernels::HeavyFn heavy_kernel();
kernels::FdShatFn fd_kernel();
kernels::ArrayFn exp_kernel();
kernels::ArrayFn log_kernel();
kernels::WmFn wm_kernel();
/// Energies are processed in chunks of this size by the term implementations (stack scratch).
inline constexpr std::size_t kChunk = 64;

/// Checks the output array pointer (non-null when nE > 0).
void check_out(const double* a, std::size_t nE, const char* field);
/// Full input validation for the term functions.
void validate_all(const ThermoState& s, const double* E_MeV, std::size_t nE, const OpacityParams& p);
/// Input domain of the energy-coupling kernels (NES, e± pair): |η_e| <= kMaxAbsEtaKernel; energies
/// >= kMinKernelEnergy_MeV and >= kMinKernelEnergyOverT · T (below, the reduced-energy integrals lose
/// all digits).
inline constexpr double kMaxAbsEtaKernel = 1e4;
inline constexpr double kMinKernelEnergy_MeV = 1e-6, kMinKernelEnergyOverT = 1e-9;
/// Validates the inputs of one kernel evaluation (T [MeV], η_e, the two energies [MeV], whose field
/// names are given, species, params): Error(InvalidInput) for non-finite or non-positive values,
/// Error(OutOfDomain) outside the domain above.
void validate_kernel_inputs(double T_MeV, double eta_e, double E1_MeV, const char* E1_field, double E2_MeV, const char* E2_field,
                            Species sp, const OpacityParams& p);

// Internal term implementations (inputs already validated, context built).
void absorption_nucleons_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                              const OpacityParams& p, double* kappa);
void absorption_heavy_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                           const OpacityParams& p, double* kappa);
void scattering_nucleons_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                              const OpacityParams& p, double* kappa_n, double* kappa_p);
void scattering_heavy_impl(const PointContext& c, const double* E, std::size_t nE, const OpacityParams& p,
                           double* kappa);
void scattering_alpha_impl(const PointContext& c, const double* E, std::size_t nE, double* kappa);
/// eta and kappa_eff (either may be null); mu_nu is the species' equilibrium chemical potential.
void emission_pair_impl(const PointContext& c, Species sp, double mu_nu, const double* E, std::size_t nE,
                        double* eta, double* kappa_eff);
/// The species-independent part of pair emission: I_r(E/T) = exp(sg − E/T) J_r (kernels.hpp).
void pair_integrals_impl(const PointContext& c, const double* E, std::size_t nE, double* J1, double* J2, double* sg);
void pair_from_integrals(const PointContext& c, Species sp, double mu_nu, const double* E, std::size_t nE,
                         const double* J1, const double* J2, const double* sg, double* eta, double* kappa_eff);
void emission_brems_impl(const PointContext& c, double mu_nu, const double* E, std::size_t nE, double* eta,
                         double* kappa_eff);

}  // namespace nusphere::opacity::detail
