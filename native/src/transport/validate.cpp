// Validation of a transport Problem (shared by all solvers). See transport.hpp.
#include <cmath>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/transport/transport.hpp"

namespace nusphere::transport {

void validate(const Problem& p) {
  if (!p.r_cm || !p.kappa_a || !p.kappa_s || !p.eta) throw_invalid("problem", "missing arrays");
  if (p.n_shells < 1) throw_invalid("r_cm", "needs at least 2 interfaces");
  if (p.n_groups < 1) throw_invalid("groups", "needs at least 1 group");
  for (std::size_t i = 0; i <= p.n_shells; ++i) {
    const double r = p.r_cm[i];
    if (!std::isfinite(r) || r < 0) throw_invalid("r_cm[" + std::to_string(i) + "]", "must be finite and >= 0");
    if (i && !(r > p.r_cm[i - 1])) throw_invalid("r_cm[" + std::to_string(i) + "]", "radius not strictly increasing");
  }
  const char* names[3] = {"kappa_a", "kappa_s", "eta"};
  const double* arrs[3] = {p.kappa_a, p.kappa_s, p.eta};
  for (int a = 0; a < 3; ++a)
    for (std::size_t k = 0; k < p.n_shells; ++k)
      for (std::size_t g = 0; g < p.n_groups; ++g) {
        const double v = arrs[a][k * p.n_groups + g];
        if (!std::isfinite(v) || v < 0)
          throw_invalid(std::string(names[a]) + "[" + std::to_string(k) + "][" + std::to_string(g) + "]", "must be finite and >= 0");
      }
  if (p.inner == InnerBoundary::Thermal && p.r_cm[0] > 0) {
    if (!p.core_intensity) throw_invalid("core_intensity", "required for a thermal inner boundary");
    for (std::size_t g = 0; g < p.n_groups; ++g)
      if (!std::isfinite(p.core_intensity[g]) || p.core_intensity[g] < 0)
        throw_invalid("core_intensity[" + std::to_string(g) + "]", "must be finite and >= 0");
  }
}

}  // namespace nusphere::transport
