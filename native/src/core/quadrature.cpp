// Gauss–Legendre rule (see quadrature.hpp). REFERENCES: Abramowitz & Stegun 25.4.29; Press et al.,
// Numerical Recipes §4.6 (the Newton iteration on the three-term recurrence).
#include "nusphere/core/quadrature.hpp"

#include <cmath>

#include "nusphere/core/errors.hpp"

namespace nusphere {

void gauss_legendre(int n, double* x, double* w) {
  if (n < 1 || n > 64) throw_invalid("n", "Gauss–Legendre order must be in [1, 64]");
  const long double pi = 3.141592653589793238462643383279502884L;
  for (int i = 0; i < (n + 1) / 2; ++i) {
    long double z = std::cos(pi * (i + 0.75L) / (n + 0.5L)), dp = 1;
    for (int it = 0; it < 100; ++it) {
      long double p0 = 1, p1 = 0;
      for (int j = 0; j < n; ++j) {
        const long double p2 = p1;
        p1 = p0;
        p0 = ((2.0L * j + 1.0L) * z * p1 - j * p2) / (j + 1.0L);
      }
      dp = n * (z * p0 - p1) / (z * z - 1.0L);
      const long double dz = p0 / dp;
      z -= dz;
      if (std::fabs(static_cast<double>(dz)) < 1e-19) break;
    }
    x[i] = static_cast<double>(-z);
    x[n - 1 - i] = static_cast<double>(z);
    w[i] = w[n - 1 - i] = static_cast<double>(2.0L / ((1.0L - z * z) * dp * dp));
  }
}

}  // namespace nusphere
