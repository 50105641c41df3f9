// libFuzzer target: neutrinosphere optical depths/radii and the deterministic transport solver on
// small arbitrary problems (radii, opacities, emissivities from the input bytes, NaN/Inf/negative
// included). Any input must give finite results or throw nusphere::Error; never crash or hang.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "nusphere/core/errors.hpp"
#include "nusphere/neutrinosphere/spheres.hpp"
#include "nusphere/transport/discrete_ordinates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const std::size_t N = 1 + data[0] % 12, G = 1 + data[1] % 3;
  const int inner = data[2] % 3;
  const bool sane = data[3] & 1;
  std::size_t pos = 4;
  auto next = [&]() {
    double v = 0;
    if (pos + 8 <= size) std::memcpy(&v, data + pos, 8);
    pos += 8;
    return v;
  };
  std::vector<double> r(N + 1), ka(N * G), ks(N * G), eta(N * G), core(G);
  double acc = sane ? 1e5 : 0;
  for (auto& x : r) {
    const double v = next();
    if (sane) {
      acc += 1e3 + std::fabs(std::fmod(std::isfinite(v) ? v : 1.0, 1e6));
      x = acc;
    } else x = v;
  }
  for (auto* a : {&ka, &ks, &eta, &core})
    for (auto& x : *a) {
      const double v = next();
      x = sane ? std::fabs(std::fmod(std::isfinite(v) ? v : 0.0, 1e-3)) : v;
    }
  try {
    std::vector<double> rad(G), tau((N + 1) * G), k2((N + 1) * G);
    for (std::size_t i = 0; i < k2.size(); ++i) k2[i] = ka[i % ka.size()];
    nusphere::neutrinosphere::sphere_radii(r.data(), N + 1, k2.data(), G, 2.0 / 3.0, rad.data(), tau.data(), {});
    for (double v : rad)
      if (!std::isfinite(v)) std::abort();
  } catch (const nusphere::Error&) {
  }
  try {
    nusphere::transport::Problem p;
    p.r_cm = r.data();
    p.n_shells = N;
    p.n_groups = G;
    p.kappa_a = ka.data();
    p.kappa_s = ks.data();
    p.eta = eta.data();
    p.inner = static_cast<nusphere::transport::InnerBoundary>(inner);
    p.core_intensity = core.data();
    nusphere::transport::DoOptions o;
    o.max_iterations = 30;
    nusphere::ExecOptions e;
    e.threads = 1;
    auto s = nusphere::transport::solve_discrete_ordinates(p, o, e);
    for (double v : s.J)
      if (!std::isfinite(v)) std::abort();
    for (double v : s.H)
      if (!std::isfinite(v)) std::abort();
  } catch (const nusphere::Error&) {
  }
  return 0;
}
