// Equation of state: the plain-data state struct and the interface every EOS implements
// (analytic built-in EOS, tabulated stellarcollapse.org EOS). Conventions: PHYSICS.md §0.
#pragma once
#include <cstddef>

#include "nusphere/core/job.hpp"

namespace nusphere::eos {

/// Thermodynamic state at (rho, T, Ye). Units in the names; all derivatives at fixed Ye.
struct EosState {
  double rho_gcc = 0, T_MeV = 0, Ye = 0;
  double P_dyncm2 = 0;  // total pressure
  double e_ergg = 0;    // specific internal energy [erg/g]; zero point documented by each EOS
  double s_kB = 0;      // entropy per baryon [k_B]
  double mu_e_MeV = 0;  // electron chemical potential, INCLUDING the rest mass
  double mu_n_MeV = 0;  // neutron chemical potential, relativistic, measured from m_n c²
  double mu_p_MeV = 0;  // proton chemical potential, relativistic, measured from m_n c² (so it contains −Δ)
  double muhat_MeV = 0;   // mu_n − mu_p (includes Δ)
  double mu_nue_MeV = 0;  // mu_e − muhat (νe chemical potential in β-equilibrium)
  double eta_e = 0;       // (mu_e − m_e c²)/T: kinetic degeneracy of the electrons
  double Xn = 0, Xp = 0, Xa = 0, Xh = 0;  // mass fractions: free n, free p, 4He, heavy nuclei
  double Abar = 0, Zbar = 0;              // mean mass and charge numbers of the heavy nuclei
  double dPdT = 0;    // ∂P/∂T|ρ [dyn cm⁻² MeV⁻¹]
  double dPdrho = 0;  // ∂P/∂ρ|T [dyn cm⁻² / (g cm⁻³)]
  double dedT = 0;    // ∂e/∂T|ρ [erg g⁻¹ MeV⁻¹]
  double dedrho = 0;  // ∂e/∂ρ|T [erg g⁻¹ / (g cm⁻³)]
  double dsdT = 0;    // ∂s/∂T|ρ [k_B MeV⁻¹]
  double dsdrho = 0;  // ∂s/∂ρ|T [k_B / (g cm⁻³)]
  double cs2_cm2s2 = 0;  // adiabatic sound speed squared
  double gamma = 0;      // adiabatic index ∂ln P/∂ln ρ|s
};

/// Domain of an EOS (inclusive).
struct EosDomain {
  double rho_min_gcc, rho_max_gcc, T_min_MeV, T_max_MeV, Ye_min, Ye_max;
};

class Eos {
 public:
  virtual ~Eos() = default;
  virtual EosDomain domain() const = 0;
  /// Fills `out` at (rho, T, Ye). Throws Error(InvalidInput) for NaN/negative input and
  /// Error(OutOfDomain) naming the field outside the domain; never aborts.
  virtual void evaluate(double rho_gcc, double T_MeV, double Ye, EosState& out) const = 0;
};

/// Batched evaluation (structure of arrays in, array of states out), OpenMP over points.
ParallelStats evaluate_batch(const Eos& eos, const double* rho_gcc, const double* T_MeV, const double* Ye,
                             EosState* out, std::size_t n, const ExecOptions& opts);

}  // namespace nusphere::eos
