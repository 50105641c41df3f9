// Bindings of the core module: build/runtime info, ISA control, Fermi–Dirac integrals (sync scalar,
// sync zero-copy batch, async job) and job diagnostics used by the plumbing tests.
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "common.hpp"
#include "job.hpp"
#include "nusphere/core/fermi_dirac.hpp"
#include "nusphere/core/isa.hpp"
#include "nusphere/core/job.hpp"

#ifndef NUSPHERE_BUILD_TYPE
#define NUSPHERE_BUILD_TYPE "Release"
#endif
#ifndef NUSPHERE_BUILD_TOOL
#define NUSPHERE_BUILD_TOOL "node-gyp"
#endif

namespace nusphere::bindings {
namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("napiVersion", Napi::Number::New(env, NAPI_VERSION));
  Napi::Object omp = Napi::Object::New(env);
  omp.Set("enabled", Napi::Boolean::New(env, openmp_enabled()));
  omp.Set("maxThreads", Napi::Number::New(env, max_threads()));
  o.Set("openmp", omp);
  Napi::Object is = Napi::Object::New(env);
  Napi::Array avail = Napi::Array::New(env);
  uint32_t n = 0;
  for (auto i : {isa::Isa::Scalar, isa::Isa::Avx2, isa::Isa::Avx512})
    if (isa::available(i)) avail.Set(n++, Napi::String::New(env, isa::name(i)));
  is.Set("available", avail);
  is.Set("selected", Napi::String::New(env, isa::name(isa::selected())));
  is.Set("requested", isa::requested().empty() ? env.Null() : Napi::String::New(env, isa::requested()));
  if (!isa::override_note().empty()) is.Set("note", Napi::String::New(env, isa::override_note()));
  o.Set("isa", is);
#if defined(__clang__)
  o.Set("compiler", Napi::String::New(env, std::string("clang ") + __clang_version__));
#elif defined(__GNUC__)
  o.Set("compiler", Napi::String::New(env, std::string("gcc ") + __VERSION__));
#else
  o.Set("compiler", Napi::String::New(env, "unknown"));
#endif
  o.Set("buildType", Napi::String::New(env, NUSPHERE_BUILD_TYPE));
  o.Set("buildTool", Napi::String::New(env, NUSPHERE_BUILD_TOOL));
  return o;
}

Napi::Value SetIsa(const Napi::CallbackInfo& info) {
  return guarded(info.Env(), [&]() -> Napi::Value {
    if (!info[0].IsString()) throw_invalid(info.Env(), "isa", "expected scalar|avx2|avx512");
    isa::select(isa::parse(info[0].As<Napi::String>().Utf8Value()));
    return Napi::String::New(info.Env(), isa::name(isa::selected()));
  });
}

// fermiDirac(k, eta, beta) -> { f, dfDeta, dfDbeta }
Napi::Value FermiDirac(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double k = number_arg(env, info[0], "k"), eta = number_arg(env, info[1], "eta");
    const double beta = info[2].IsUndefined() ? 0.0 : number_arg(env, info[2], "beta");
    const FermiDiracValue v = fermi_dirac_full(k, eta, beta);
    Napi::Object o = Napi::Object::New(env);
    o.Set("f", v.f);
    o.Set("dfDeta", v.df_deta);
    o.Set("dfDbeta", v.df_dbeta);
    return o;
  });
}

struct BetaArg {
  const double* data = nullptr;
  double scalar = 0.0;
};
BetaArg beta_arg(Napi::Env env, const Napi::Value& v, std::size_t n) {
  BetaArg b;
  if (v.IsUndefined() || v.IsNull()) return b;
  if (v.IsNumber()) {
    b.scalar = v.As<Napi::Number>().DoubleValue();
    return b;
  }
  F64View bv = f64_view(env, v, "beta");
  if (bv.length != n) throw_invalid(env, "beta", "length " + std::to_string(bv.length) + " differs from eta's " + std::to_string(n));
  b.data = bv.data;
  return b;
}

// fermiDiracBatch(k, eta: Float64Array, beta: Float64Array|number|undefined, out: Float64Array, threads)
// -> { threads, kernelNs }. Zero-copy: reads eta/beta and writes out in place on the calling thread's team.
Napi::Value FermiDiracBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double k = number_arg(env, info[0], "k");
    F64View eta = f64_view(env, info[1], "eta");
    BetaArg beta = beta_arg(env, info[2], eta.length);
    F64View out = f64_view(env, info[3], "out");
    if (out.length != eta.length) throw_invalid(env, "out", "length differs from eta's");
    ExecOptions o;
    o.threads = threads_arg(env, info[4]);
    const auto t0 = std::chrono::steady_clock::now();
    ParallelStats s = fermi_dirac_batch(k, eta.data, beta.data, beta.scalar, out.data, eta.length, o);
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    Napi::Object r = Napi::Object::New(env);
    r.Set("threads", s.team_size);
    r.Set("kernelNs", ns);  // time inside the C++ kernel (validation + loop), for N-API overhead benchmarks
    return r;
  });
}

class FermiDiracJob final : public NativeJob {
 public:
  FermiDiracJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, double k,
                std::vector<double> eta, std::vector<double> beta, double beta_scalar)
      : NativeJob(env, std::move(c), prog, threads), k_(k), eta_(std::move(eta)), beta_(std::move(beta)),
        beta_scalar_(beta_scalar) {}

 private:
  void Run() override {
    const auto t0 = std::chrono::steady_clock::now();
    out_.resize(eta_.size());
    ParallelStats s = fermi_dirac_batch(k_, eta_.data(), beta_.empty() ? nullptr : beta_.data(), beta_scalar_,
                                        out_.data(), eta_.size(), exec());
    team_size_ = s.team_size;
    elapsed_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Float64Array values = Napi::Float64Array::New(env, out_.size());
    if (!out_.empty()) std::memcpy(values.Data(), out_.data(), out_.size() * sizeof(double));
    Napi::Object o = Napi::Object::New(env);
    o.Set("values", values);
    o.Set("threads", team_size_);
    o.Set("isa", isa::name(isa::selected()));
    o.Set("elapsedMs", elapsed_ms_);
    return o;
  }
  double k_;
  std::vector<double> eta_, beta_, out_;
  double beta_scalar_;
  double elapsed_ms_ = 0;
};

// fermiDiracJob(k, eta, beta, { threads, onProgress, token }) -> Promise<{values, threads, isa, elapsedMs}>.
// The inputs are copied when the job starts (snapshot): the caller may reuse or transfer its buffers.
Napi::Value FermiDiracJobFn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double k = number_arg(env, info[0], "k");
    F64View eta = f64_view(env, info[1], "eta");
    BetaArg beta = beta_arg(env, info[2], eta.length);
    Napi::Object opts = info[3].IsObject() ? info[3].As<Napi::Object>() : Napi::Object::New(env);
    fermi_dirac_check(k, 0.0, beta.data ? 0.0 : beta.scalar);
    std::vector<double> e(eta.data, eta.data + eta.length), b;
    if (beta.data) b.assign(beta.data, beta.data + eta.length);
    auto* job = new FermiDiracJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"),
                                  threads_arg(env, opts.Get("threads")), k, std::move(e), std::move(b), beta.scalar);
    Napi::Promise p = job->Promise();
    job->Queue();
    return p;
  });
}

// A diagnostic job of `ms` one-millisecond chunks spread over the team: proves cancellation,
// progress and thread plumbing independently of any physics kernel.
class SleepJob final : public NativeJob {
 public:
  SleepJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, std::size_t ms)
      : NativeJob(env, std::move(c), prog, threads), ms_(ms) {}

 private:
  void Run() override {
    ExecOptions o = exec();
    o.chunk = 1;
    team_size_ = parallel_for_chunks(ms_, o, [](std::size_t, std::size_t) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(1));
                 }).team_size;
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    o.Set("threads", team_size_);
    o.Set("chunks", static_cast<double>(ms_));
    return o;
  }
  std::size_t ms_;
};

Napi::Value SleepJobFn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double ms = number_arg(env, info[0], "ms");
    if (!(ms >= 0 && ms <= 3.6e6)) throw_invalid(env, "ms", "expected 0..3.6e6");
    Napi::Object opts = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
    auto* job = new SleepJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"),
                             threads_arg(env, opts.Get("threads")), static_cast<std::size_t>(ms));
    Napi::Promise p = job->Promise();
    job->Queue();
    return p;
  });
}

}  // namespace

void register_core(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New<Info>(env, "info"));
  exports.Set("setIsa", Napi::Function::New<SetIsa>(env, "setIsa"));
  exports.Set("fermiDirac", Napi::Function::New<FermiDirac>(env, "fermiDirac"));
  exports.Set("fermiDiracBatch", Napi::Function::New<FermiDiracBatch>(env, "fermiDiracBatch"));
  exports.Set("fermiDiracJob", Napi::Function::New<FermiDiracJobFn>(env, "fermiDiracJob"));
  exports.Set("sleepJob", Napi::Function::New<SleepJobFn>(env, "sleepJob"));
}

}  // namespace nusphere::bindings
