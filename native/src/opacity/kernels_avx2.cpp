// avx2 variant of the opacity kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#include <immintrin.h>
#include "kernels.hpp"

#define NUSPHERE_W 4
namespace nusphere::opacity::kernels::avx2 {
#include "kernels_impl.inc"
}  // namespace nusphere::opacity::kernels::avx2
