// Validation of the shared transport problem statement (transport.hpp): sizes, pointers, finite and
// non-negative values, strictly increasing radii. Throws Error(InvalidInput) naming the field and
// index, e.g. "kappa_a[3][1]" = shell 3, group 1. REFERENCES: PHYSICS.md §5 (problem definition).
#include <cmath>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/transport/transport.hpp"

namespace nusphere::transport {

namespace {
void check_table(const double* a, const char* name, std::size_t n_shells, std::size_t n_groups) {
  if (a == nullptr) throw_invalid(name, "missing array");
  for (std::size_t k = 0; k < n_shells; ++k)
    for (std::size_t g = 0; g < n_groups; ++g) {
      const double v = a[k * n_groups + g];
      if (!std::isfinite(v) || v < 0)
        throw_invalid(std::string(name) + "[" + std::to_string(k) + "][" + std::to_string(g) + "]",
                      "must be finite and >= 0 (got " + std::to_string(v) + ")");
    }
}
}  // namespace

void validate(const Problem& p) {
  if (p.n_shells < 1) throw_invalid("n_shells", "needs at least 1 shell");
  if (p.n_groups < 1) throw_invalid("n_groups", "needs at least 1 group");
  if (p.r_cm == nullptr) throw_invalid("r_cm", "missing array");
  for (std::size_t i = 0; i <= p.n_shells; ++i) {
    const double r = p.r_cm[i];
    if (!std::isfinite(r) || r < 0)
      throw_invalid("r_cm[" + std::to_string(i) + "]", "must be finite and >= 0 (got " + std::to_string(r) + ")");
    if (i > 0 && !(r > p.r_cm[i - 1]))
      throw_invalid("r_cm[" + std::to_string(i) + "]", "radii must be strictly increasing");
  }
  check_table(p.kappa_a, "kappa_a", p.n_shells, p.n_groups);
  check_table(p.kappa_s, "kappa_s", p.n_shells, p.n_groups);
  check_table(p.eta, "eta", p.n_shells, p.n_groups);
  const int kind = int(p.inner);
  if (kind < int(InnerBoundary::Thermal) || kind > int(InnerBoundary::Vacuum))
    throw_invalid("inner", "unknown inner boundary kind " + std::to_string(kind));
  if (p.inner == InnerBoundary::Thermal && p.r_cm[0] > 0) {
    if (p.core_intensity == nullptr) throw_invalid("core_intensity", "missing array (Thermal inner boundary)");
    for (std::size_t g = 0; g < p.n_groups; ++g) {
      const double v = p.core_intensity[g];
      if (!std::isfinite(v) || v < 0)
        throw_invalid("core_intensity[" + std::to_string(g) + "]",
                      "must be finite and >= 0 (got " + std::to_string(v) + ")");
    }
  }
}

}  // namespace nusphere::transport
