// avx2 variant of the core kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#if 4 > 1
#include <immintrin.h>
#endif
#include "kernels.hpp"

#define NUSPHERE_W 4
namespace nusphere::kernels::avx2 {
#include "kernels_impl.inc"
}  // namespace nusphere::kernels::avx2
