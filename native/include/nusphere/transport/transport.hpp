// Steady-state, spherically symmetric, multigroup neutrino transport on a static background
// (PHYSICS.md §5): the shared problem statement of the deterministic (discrete ordinates on tangent
// rays + variable Eddington factors), Monte Carlo and leakage solvers.
//
//   μ ∂I/∂r + (1−μ²)/r ∂I/∂μ = η − κ*_a I − κ_s (I − J)      (isotropic, transport-corrected scattering)
//
// Grid: shell interfaces r_0 < r_1 < ... < r_N [cm] (r_0 may be 0: the centre). Shell k = [r_k, r_{k+1}]
// has constant kappa_a, kappa_s [cm⁻¹] and group-integrated emissivity eta [erg cm⁻³ s⁻¹ sr⁻¹], per group.
// Arrays are [shell][group], groups contiguous. Every group is an independent gray problem (no energy
// coupling in this version). Outside r_N: vacuum (no incoming radiation).
// Inner boundary (r_0 > 0): Thermal — outgoing isotropic intensity I⁺ = core_intensity[g]
// [erg cm⁻² s⁻¹ sr⁻¹, group-integrated]; Reflecting — I(μ) = I(−μ); Vacuum — I⁺ = 0. At r_0 = 0 the
// centre is regular (the boundary kind is ignored).
// Outputs at interfaces (per group, group-integrated): J, H, K [erg cm⁻² s⁻¹ sr⁻¹] — the 0th, 1st, 2nd
// angular moments (1/2)∫I μ^n dμ; from them E = 4πJ/c [erg cm⁻³], F = 4πH [erg cm⁻² s⁻¹],
// L = 4πr²F [erg s⁻¹]; per shell: Q = 4π(κ_a J − η) [erg cm⁻³ s⁻¹] net heating.
#pragma once
#include <cstddef>
#include <vector>

#include "nusphere/core/job.hpp"

namespace nusphere::transport {

enum class InnerBoundary { Thermal = 0, Reflecting = 1, Vacuum = 2 };

struct Problem {
  const double* r_cm = nullptr;  // N+1 interfaces
  std::size_t n_shells = 0;      // N
  std::size_t n_groups = 0;
  const double* kappa_a = nullptr;  // [shell][group] cm⁻¹
  const double* kappa_s = nullptr;  // [shell][group] cm⁻¹
  const double* eta = nullptr;      // [shell][group] erg cm⁻³ s⁻¹ sr⁻¹ (group-integrated)
  InnerBoundary inner = InnerBoundary::Thermal;
  const double* core_intensity = nullptr;  // [group], for Thermal
};

struct Solution {
  std::size_t n_interfaces = 0, n_groups = 0;
  std::vector<double> J, H, K;  // [interface][group]
  std::vector<double> Q;        // [shell][group], erg cm⁻³ s⁻¹
  std::vector<double> J_err, H_err;  // Monte Carlo: 1σ statistical errors (empty for deterministic)
  int iterations = 0;          // formal solutions (DO) or packets/1e6 (MC) used
  double residual = 0;         // last relative change of J (DO)
};

/// Checks sizes and values (finite, >= 0, increasing radii); throws Error(InvalidInput) naming the field.
void validate(const Problem& p);

}  // namespace nusphere::transport
