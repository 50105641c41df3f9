// avx512 variant of the core kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#if 8 > 1
#include <immintrin.h>
#endif
#if defined(__GNUC__) && !defined(__clang__)
// _mm512_sqrt_pd expands to _mm512_undefined_pd(), which GCC 12 flags as maybe-uninitialized.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "kernels.hpp"

#define NUSPHERE_W 8
namespace nusphere::kernels::avx512 {
#include "kernels_impl.inc"
}  // namespace nusphere::kernels::avx512
