// Internal: per-ISA kernel entry points (defined once per ISA in kernels_<isa>.cpp).
// Only plain C types cross this boundary so that no inline or template code compiled with AVX
// flags can be merged into the ISA-neutral part of the library.
#pragma once
#include <cstddef>

namespace nusphere::kernels {

// Composite 16-point Gauss–Legendre over intervals [c_i − s_i, c_i + s_i] (u-space), with nodes
// u = c + s x_j and weights s w_j from gl_x/gl_w (16 each, on [−1, 1]). Sums of
//   2 u^p g f,   2 u^p g f (1−f),   2 u^p (u²/4)/g f     (the last two only when derivs != 0)
// with g = sqrt(1 + beta u²/2), f = 1/(exp(u² − eta) + 1), into out[0..2].
using FdIntervalsFn = void (*)(const double* c, const double* s, std::size_t n_intervals, const double* gl_x,
                               const double* gl_w, int p, double eta, double beta, int derivs, double* out);

#define NUSPHERE_FD_DECL void fd_intervals(const double*, const double*, std::size_t, const double*, const double*, int, double, double, int, double*)
namespace scalar { NUSPHERE_FD_DECL; }
namespace avx2 { NUSPHERE_FD_DECL; }
namespace avx512 { NUSPHERE_FD_DECL; }
#undef NUSPHERE_FD_DECL

// Transport ray sweep helpers, vectorised over groups (n groups). Along a segment of length ds with
// opacity χ and emissivity ε(s) = ε_a + (ε_b − ε_a) s/ds (ε = η + κ_s J, no division by χ, so that
// χ → 0 and subnormal χ are harmless), with x = χ ds:
//   fs_weights: w0 = ds (1 − e^{−x})/x  (→ ds),  w1 = ds (1 − (1 − e^{−x})/x)/x  (→ ds/2)
//   fs_step:    I ← I (1 − χ w0) + ε_a w0 + (ε_b − ε_a) w1      (exact for linear ε)
using FsWeightsFn = void (*)(const double* chi, double ds, std::size_t n, double* w0, double* w1);
using FsStepFn = void (*)(double* I, const double* chi, const double* w0, const double* w1, const double* Ea,
                          const double* Eb, std::size_t n);
#define NUSPHERE_FS_DECL \
  void fs_weights(const double*, double, std::size_t, double*, double*); \
  void fs_step(double*, const double*, const double*, const double*, const double*, const double*, std::size_t)
namespace scalar { NUSPHERE_FS_DECL; }
namespace avx2 { NUSPHERE_FS_DECL; }
namespace avx512 { NUSPHERE_FS_DECL; }
#undef NUSPHERE_FS_DECL

}  // namespace nusphere::kernels
