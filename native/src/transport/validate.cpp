// Validation of a transport Problem (shared by all solvers). See transport.hpp.
#include <cmath>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/transport/transport.hpp"

namespace nusphere::transport {

void validate(const Problem& p) {
  if (!p.r_cm || !p.kappa_a || !p.kappa_s || !p.eta) throw_invalid("problem", "missing arrays");
  if (p.n_shells < 1) throw_invalid("n_shells", "needs at least 1 shell (2 interfaces)");
  if (p.n_groups < 1) throw_invalid("groups", "needs at least 1 group");
  for (std::size_t i = 0; i <= p.n_shells; ++i) {
    const double r = p.r_cm[i];
    if (!std::isfinite(r) || r < 0) throw_invalid("r_cm[" + std::to_string(i) + "]", "must be finite and >= 0");
    // r², r³ must neither underflow nor overflow (only the centre may be exactly 0)
    if ((r != 0 || i > 0) && (r < 1e-30 || r > 1e30))
      throw Error(ErrorCode::OutOfDomain, "r_cm[" + std::to_string(i) + "]", "r_cm[" + std::to_string(i) + "]: outside [1e-30, 1e30] cm");
    if (i && !(r > p.r_cm[i - 1])) throw_invalid("r_cm[" + std::to_string(i) + "]", "radius not strictly increasing");
  }
  const char* names[3] = {"kappa_a", "kappa_s", "eta"};
  const double* arrs[3] = {p.kappa_a, p.kappa_s, p.eta};
  for (int a = 0; a < 3; ++a)
    for (std::size_t k = 0; k < p.n_shells; ++k)
      for (std::size_t g = 0; g < p.n_groups; ++g) {
        const double v = arrs[a][k * p.n_groups + g];
        const std::string f = std::string(names[a]) + "[" + std::to_string(k) + "][" + std::to_string(g) + "]";
        if (!std::isfinite(v) || v < 0) throw_invalid(f, "must be finite and >= 0 (got " + std::to_string(v) + ")");
        // physical bounds that keep every intermediate (κ r, η r³, ...) finite
        if (v > (a == 2 ? 1e200 : 1e30)) throw Error(ErrorCode::OutOfDomain, f, f + ": above the supported maximum");
      }
  const int kind = int(p.inner);
  if (kind < int(InnerBoundary::Thermal) || kind > int(InnerBoundary::Vacuum))
    throw_invalid("inner", "unknown inner boundary kind " + std::to_string(kind));
  if (p.inner == InnerBoundary::Thermal && p.r_cm[0] > 0) {
    if (!p.core_intensity) throw_invalid("core_intensity", "required for a thermal inner boundary");
    for (std::size_t g = 0; g < p.n_groups; ++g)
      if (!std::isfinite(p.core_intensity[g]) || p.core_intensity[g] < 0 || p.core_intensity[g] > 1e200)
        throw_invalid("core_intensity[" + std::to_string(g) + "]", "must be finite, >= 0 and <= 1e200");
  }
}

}  // namespace nusphere::transport
