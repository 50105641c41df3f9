// Deterministic steady-state transport: formal solution on tangent (impact-parameter) rays with a
// linear-in-τ source along each segment, closed by variable Eddington factors (VEF): the formal
// solution provides f = K/J, the sphericality term and the boundary ratios; the 0th and 1st moment
// equations — cell-centred finite volumes, J in shells, H on interfaces, scattering treated exactly —
// then give J, which updates the source. Converges in a bounded number of formal solutions even at
// scattering optical depth 1e4; energy is conserved to the linear solver's rounding because the
// shell balance r²H|_{k+1} − r²H|_k = V_k (η_k − κ_a,k J_k) telescopes.
// OpenMP over groups; the ray sweep is vectorised over groups.
// REFERENCES: Mihalas 1978, Stellar Atmospheres, §6 (VEF, sphericality factor); Auer 1971 JQSRT 11, 573;
// Olson & Kunasz 1987 JQSRT 38, 325 (short characteristics, linear source); Smit et al. 1997 A&A 325, 203
// (homogeneous sphere test).
#pragma once
#include "nusphere/transport/transport.hpp"

namespace nusphere::transport {

struct DoOptions {
  int extra_rays_per_shell = 2;  // impact parameters between interfaces (angular resolution near μ = 0)
  int core_rays = 16;            // impact parameters hitting the inner boundary (r_0 > 0)
  int max_iterations = 100;      // formal solutions
  double tolerance = 1e-10;      // max relative change of J and f between iterations
};

/// Solves every group; Solution.J/H/K at interfaces, Q per shell. Throws Error(NotConverged) when
/// max_iterations is exhausted.
Solution solve_discrete_ordinates(const Problem& p, const DoOptions& o, const ExecOptions& exec);

}  // namespace nusphere::transport
