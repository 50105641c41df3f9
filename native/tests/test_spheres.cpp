// Neutrinosphere radii against the closed forms of PHYSICS.md §4 (power-law and exponential
// atmospheres with constant σ/m_u) and the below-inner-boundary rule.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/neutrinosphere/spheres.hpp"

using namespace nusphere;
using namespace nusphere::neutrinosphere;

TEST_CASE("power-law atmosphere rho = rho0 (R0/r)^n: R = [3 rho0 sigma R0^n / (2 m_u (n-1))]^(1/(n-1))") {
  const double rho0 = 1e12, R0 = 1e6, sigma = 1e-40, mu = constants::mu_g;
  for (double n : {3.0, 5.0}) {
    const std::size_t nz = 20000;
    std::vector<double> r(nz), k(nz), tau(nz);
    const double rmin = R0, rmax = 1e3 * R0;
    for (std::size_t i = 0; i < nz; ++i) {
      r[i] = rmin * std::pow(rmax / rmin, double(i) / (nz - 1));
      k[i] = rho0 * std::pow(R0 / r[i], n) * sigma / mu;
    }
    optical_depth(r.data(), nz, k.data(), 1, tau.data());
    const double R = sphere_radius(r.data(), nz, k.data(), tau.data(), 1, 0, 2.0 / 3.0);
    // the analytic τ includes the tail beyond rmax; remove it from the target for an exact comparison
    const double tail = rho0 * sigma * std::pow(R0, n) / (mu * (n - 1)) * std::pow(rmax, 1 - n);
    const double exact = std::pow(3 * rho0 * sigma * std::pow(R0, n) / (2 * mu * (n - 1)), 1 / (n - 1));
    const double exact_trunc = std::pow((2.0 / 3.0 + tail) * mu * (n - 1) / (rho0 * sigma * std::pow(R0, n)), 1 / (1 - n));
    CHECK(std::fabs(R / exact_trunc - 1) < 1e-3);
    CHECK(std::fabs(R / exact - 1) < 1e-3);
  }
}

TEST_CASE("exponential atmosphere: R = R0 + H ln(1.5 kappa0 H)") {
  const double R0 = 1e6, H = 1e5, k0 = 1e-2;
  const std::size_t nz = 4001;
  std::vector<double> r(nz), k(nz), tau(nz);
  for (std::size_t i = 0; i < nz; ++i) {
    r[i] = R0 + 60 * H * double(i) / (nz - 1);
    k[i] = k0 * std::exp(-(r[i] - R0) / H);
  }
  optical_depth(r.data(), nz, k.data(), 1, tau.data());
  const double R = sphere_radius(r.data(), nz, k.data(), tau.data(), 1, 0, 2.0 / 3.0);
  const double exact = R0 + H * std::log(1.5 * k0 * H);
  CHECK(std::fabs(R / exact - 1) < 1e-3);
  CHECK(std::fabs(R - exact) / H < 1e-3);
}

TEST_CASE("optically thin profile: sphere below the inner boundary, never extrapolated") {
  std::vector<double> r = {1e6, 2e6, 3e6}, k = {1e-8, 1e-8, 1e-8}, tau(3);
  optical_depth(r.data(), 3, k.data(), 1, tau.data());
  CHECK(sphere_radius(r.data(), 3, k.data(), tau.data(), 1, 0, 2.0 / 3.0) < 0);
}

TEST_CASE("piecewise-linear kappa is integrated exactly; bad input names the zone") {
  std::vector<double> r = {0.0, 1.0, 3.0}, k = {2.0, 4.0, 0.0}, tau(3);
  optical_depth(r.data(), 3, k.data(), 1, tau.data());
  CHECK(tau[0] == doctest::Approx(3.0 + 4.0));
  // τ = 2/3 inside [1, 3], κ = 4 − 2x: 4x − x² = 4 − 2/3 → x = 2 − sqrt(2/3)
  CHECK(sphere_radius(r.data(), 3, k.data(), tau.data(), 1, 0, 2.0 / 3.0) == doctest::Approx(1.0 + 2.0 - std::sqrt(2.0 / 3.0)).epsilon(1e-14));
  k[1] = std::nan("");
  try {
    optical_depth(r.data(), 3, k.data(), 1, tau.data());
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(e.field() == "kappa[1][0]");
  }
}
