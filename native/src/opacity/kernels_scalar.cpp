// scalar variant of the opacity kernels (see kernels_impl.inc; compiled with its own ISA flags).
#include <cstddef>
#include "kernels.hpp"

#define NUSPHERE_W 1
namespace nusphere::opacity::kernels::scalar {
#include "kernels_impl.inc"
}  // namespace nusphere::opacity::kernels::scalar
