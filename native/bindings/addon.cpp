// N-API entry point: one init per environment (main thread and each worker thread).
#include <napi.h>

#include "job.hpp"

namespace nusphere::bindings {
void register_core(Napi::Env env, Napi::Object exports);
void register_neutrinosphere(Napi::Env env, Napi::Object exports);
void register_transport(Napi::Env env, Napi::Object exports);
void register_eos(Napi::Env env, Napi::Object exports);
void register_opacity(Napi::Env env, Napi::Object exports);
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace nusphere::bindings;
  Napi::Function token = CancelToken::Define(env);
  install_addon_data(env, token);
  exports.Set("CancelToken", token);
  register_core(env, exports);
  register_neutrinosphere(env, exports);
  register_transport(env, exports);
  register_eos(env, exports);
  register_opacity(env, exports);
  return exports;
}

NODE_API_MODULE(nusphere, Init)
