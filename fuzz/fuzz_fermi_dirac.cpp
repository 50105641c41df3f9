// libFuzzer target: Fermi–Dirac integrals on arbitrary (k, eta, beta) bit patterns. Any input must
// either produce finite values or throw nusphere::Error; crashes, hangs, sanitizer reports and
// non-finite results for accepted input are bugs.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "nusphere/core/errors.hpp"
#include "nusphere/core/fermi_dirac.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3 * sizeof(double)) return 0;
  double v[3];
  std::memcpy(v, data, sizeof(v));
  // Half of the time map the bits into the interesting domain so that the kernel is exercised.
  if (size > 3 * sizeof(double) && (data[24] & 1) && std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2])) {
    v[0] = 0.5 * double(int(std::fabs(std::fmod(v[0], 44.0))) - 1);
    v[1] = std::fmod(v[1], 1.2e4);
    v[2] = std::fabs(std::fmod(v[2], 200.0));
  }
  for (int isa = 0; isa < 3; ++isa) {
    const auto i = static_cast<nusphere::isa::Isa>(isa);
    if (!nusphere::isa::available(i)) continue;
    try {
      const auto r = nusphere::fermi_dirac_full(v[0], v[1], v[2], i);
      if (!std::isfinite(r.f) || !std::isfinite(r.df_deta) || !std::isfinite(r.df_dbeta) || r.f < 0) std::abort();
    } catch (const nusphere::Error&) {
    }
  }
  return 0;
}
