// avx512 variant of the opacity kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#include <immintrin.h>
// _mm512_sqrt_pd expands to _mm512_undefined_pd(), which GCC 12 flags as maybe-uninitialized.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "kernels.hpp"

#define NUSPHERE_W 8
namespace nusphere::opacity::kernels::avx512 {
#include "kernels_impl.inc"
}  // namespace nusphere::opacity::kernels::avx512
