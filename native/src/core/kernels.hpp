// Internal: per-ISA kernel entry points (defined once per ISA in kernels_<isa>.cpp).
// Only plain C types cross this boundary so that no inline or template code compiled with AVX
// flags can be merged into the ISA-neutral part of the library.
#pragma once
#include <cstddef>

namespace nusphere::kernels {

// Sums w[j] * 2 u^p g f, w[j] * 2 u^p g f (1−f), w[j] * 2 u^p (u²/4)/g f over j < n (n a multiple
// of 8), where g = sqrt(1 + beta u²/2) and f = 1/(exp(u² − eta) + 1). out[0..2] receive the sums.
using FdNodesFn = void (*)(const double* u, const double* w, std::size_t n, int p, double eta,
                           double beta, double* out);

namespace scalar { void fd_nodes(const double*, const double*, std::size_t, int, double, double, double*); }
namespace avx2 { void fd_nodes(const double*, const double*, std::size_t, int, double, double, double*); }
namespace avx512 { void fd_nodes(const double*, const double*, std::size_t, int, double, double, double*); }

}  // namespace nusphere::kernels
