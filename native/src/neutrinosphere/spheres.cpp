// Optical depths and sphere radii (see spheres.hpp). REFERENCES: PHYSICS.md §4.
#include "nusphere/neutrinosphere/spheres.hpp"

#include <cmath>
#include <string>

#include "nusphere/core/errors.hpp"

namespace nusphere::neutrinosphere {

namespace {
void check(const double* r, std::size_t nz, const double* kappa, std::size_t ng) {
  if (nz < 2) throw_invalid("r_cm", "needs at least 2 zones");
  if (ng < 1) throw_invalid("groups", "needs at least 1 group");
  for (std::size_t z = 0; z < nz; ++z) {
    if (!std::isfinite(r[z]) || r[z] < 0) throw_invalid("r_cm[" + std::to_string(z) + "]", "must be finite and >= 0");
    if (z && !(r[z] > r[z - 1])) throw_invalid("r_cm[" + std::to_string(z) + "]", "radius not strictly increasing");
    for (std::size_t g = 0; g < ng; ++g) {
      const double k = kappa[z * ng + g];
      if (!std::isfinite(k) || k < 0)
        throw_invalid("kappa[" + std::to_string(z) + "][" + std::to_string(g) + "]", "must be finite and >= 0");
    }
  }
}
}  // namespace

void optical_depth(const double* r, std::size_t nz, const double* kappa, std::size_t ng, double* tau) {
  check(r, nz, kappa, ng);
  double* last = tau + (nz - 1) * ng;
  for (std::size_t g = 0; g < ng; ++g) last[g] = 0.0;
  for (std::size_t z = nz - 1; z-- > 0;) {
    const double h = 0.5 * (r[z + 1] - r[z]);
    const double* k0 = kappa + z * ng;
    const double* k1 = kappa + (z + 1) * ng;
    const double* t1 = tau + (z + 1) * ng;
    double* t0 = tau + z * ng;
#pragma omp simd
    for (std::size_t g = 0; g < ng; ++g) t0[g] = t1[g] + h * (k0[g] + k1[g]);
  }
}

double sphere_radius(const double* r, std::size_t nz, const double* kappa, const double* tau, std::size_t ng,
                     std::size_t g, double target) {
  if (tau[g] < target) return -1.0;  // even the innermost zone is optically thin: below the inner boundary
  // find the interval [z, z+1] with tau[z] >= target > tau[z+1]
  std::size_t z = nz - 2;
  for (std::size_t i = 0; i + 1 < nz; ++i) {
    if (tau[(i + 1) * ng + g] < target) {
      z = i;
      break;
    }
  }
  // Inside [r_z, r_z+1]: κ(x) = k0 + (k1 − k0) x/h with x = r − r_z; τ(x) = τ_z − (k0 x + (k1 − k0) x²/(2h)).
  const double h = r[z + 1] - r[z], k0 = kappa[z * ng + g], k1 = kappa[(z + 1) * ng + g];
  const double d = tau[z * ng + g] - target;  // ≥ 0: the integral needed from r_z
  const double a = 0.5 * (k1 - k0) / h, b = k0;
  double x;
  if (std::fabs(a) * h < 1e-12 * (std::fabs(b) + 1e-300)) x = d / b;
  else {
    // a x² + b x − d = 0, root in [0, h]; the form below is stable for both signs of a
    const double disc = std::sqrt(std::fmax(b * b + 4 * a * d, 0.0));
    x = 2 * d / (b + disc);
  }
  x = std::fmin(std::fmax(x, 0.0), h);
  return r[z] + x;
}

void sphere_radii(const double* r, std::size_t nz, const double* kappa, std::size_t ng, double target, double* out,
                  double* tau, const ExecOptions& opts) {
  if (!(target > 0) || !std::isfinite(target)) throw_invalid("tau_target", "must be finite and > 0");
  optical_depth(r, nz, kappa, ng, tau);
  parallel_for_chunks(ng, opts, [&](std::size_t b, std::size_t e) {
    for (std::size_t g = b; g < e; ++g) out[g] = sphere_radius(r, nz, kappa, tau, ng, g, target);
  });
}

}  // namespace nusphere::neutrinosphere
