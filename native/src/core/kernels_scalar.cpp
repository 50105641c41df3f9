// scalar variant of the core kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#if 1 > 1
#include <immintrin.h>
#endif
#include "kernels.hpp"

#define NUSPHERE_W 1
namespace nusphere::kernels::scalar {
#include "kernels_impl.inc"
}  // namespace nusphere::kernels::scalar
