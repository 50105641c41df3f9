// Bindings of the neutrinosphere module: optical depths and sphere radii for [zone][group] opacities.
#include <vector>

#include "common.hpp"
#include "nusphere/neutrinosphere/spheres.hpp"

namespace nusphere::bindings {
namespace {

// sphereRadii(r_cm, kappa [zone][group], ng, tauTarget, threads) -> { radius_cm: Float64Array(ng) (negative =
// below the inner boundary), tau: Float64Array(nz*ng) }
Napi::Value SphereRadii(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    F64View r = f64_view(env, info[0], "r_cm");
    F64View k = f64_view(env, info[1], "kappa");
    const double ngd = number_arg(env, info[2], "groups");
    if (!(ngd >= 1 && ngd == double(std::size_t(ngd)))) throw_invalid(env, "groups", "expected an integer >= 1");
    const std::size_t ng = std::size_t(ngd);
    if (k.length != r.length * ng) throw_invalid(env, "kappa", "length must be zones × groups");
    const double target = number_arg(env, info[3], "tauTarget");
    ExecOptions o;
    o.threads = threads_arg(env, info[4]);
    Napi::Float64Array radius = Napi::Float64Array::New(env, ng);
    Napi::Float64Array tau = Napi::Float64Array::New(env, r.length * ng);
    neutrinosphere::sphere_radii(r.data, r.length, k.data, ng, target, radius.Data(), tau.Data(), o);
    Napi::Object out = Napi::Object::New(env);
    out.Set("radius_cm", radius);
    out.Set("tau", tau);
    return out;
  });
}

}  // namespace

void register_neutrinosphere(Napi::Env env, Napi::Object exports) {
  exports.Set("sphereRadii", Napi::Function::New<SphereRadii>(env, "sphereRadii"));
}

}  // namespace nusphere::bindings
