// Optical depths and neutrinosphere radii on a radial profile (PHYSICS.md §4).
// Opacities are given at the zone radii r_i and taken PIECEWISE LINEAR in r between them; the
// optical depth τ(r) = ∫_r^{r_N} κ dr′ is then exact (trapezoid rule per interval) with τ(r_N) = 0 at
// the outer edge of the profile, and the radius where τ = τ* (2/3) is found exactly by solving the
// quadratic τ(r) has inside its interval. When τ never reaches τ* inside the profile the sphere is
// reported as below the inner boundary (never extrapolated).
// Arrays are [zone][group] (groups contiguous: SIMD over groups); OpenMP over groups in the batch
// entry point. REFERENCES: Shapiro & Teukolsky 1983 §18 (definition); Janka 2001 A&A 368, 527;
// PHYSICS.md §4 closed forms (power-law and exponential atmospheres).
#pragma once
#include <cstddef>

#include "nusphere/core/job.hpp"

namespace nusphere::neutrinosphere {

/// tau[z*ng + g] = ∫_{r_z}^{r_{nz-1}} kappa dr for piecewise-linear kappa [cm⁻¹]; r [cm] increasing.
void optical_depth(const double* r_cm, std::size_t nz, const double* kappa, std::size_t ng, double* tau);

/// Radius [cm] where tau = tau_target for group g, exact for piecewise-linear kappa; returns a
/// negative value when tau(r_0) < tau_target (the sphere lies below the inner boundary).
double sphere_radius(const double* r_cm, std::size_t nz, const double* kappa, const double* tau, std::size_t ng,
                     std::size_t g, double tau_target);

/// Sphere radii of every group: out[g] (negative = below the inner boundary). OpenMP over groups.
void sphere_radii(const double* r_cm, std::size_t nz, const double* kappa, std::size_t ng, double tau_target,
                  double* out_radius_cm, double* tau_scratch, const ExecOptions& opts);

}  // namespace nusphere::neutrinosphere
