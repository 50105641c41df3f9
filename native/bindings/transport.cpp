// Bindings of the transport module: the deterministic solver as an async job.
#include <memory>
#include <string>
#include <vector>

#include "common.hpp"
#include "job.hpp"
#include "nusphere/transport/discrete_ordinates.hpp"
#include "nusphere/transport/monte_carlo.hpp"

namespace nusphere::bindings {
namespace {

struct ProblemData {
  std::vector<double> r, ka, ks, eta, core;
  std::size_t shells = 0, groups = 0;
  transport::InnerBoundary inner = transport::InnerBoundary::Thermal;
  transport::Problem problem() const {
    transport::Problem p;
    p.r_cm = r.data();
    p.n_shells = shells;
    p.n_groups = groups;
    p.kappa_a = ka.data();
    p.kappa_s = ks.data();
    p.eta = eta.data();
    p.inner = inner;
    p.core_intensity = core.empty() ? nullptr : core.data();
    return p;
  }
};

ProblemData problem_from_js(Napi::Env env, const Napi::Object& o) {
  ProblemData d;
  auto vec = [&](const char* name) { return f64_vector(env, o.Get(name), name); };
  d.r = vec("r_cm");
  if (d.r.size() < 2) throw_invalid(env, "r_cm", "needs at least 2 interfaces");
  d.shells = d.r.size() - 1;
  const double g = number_arg(env, o.Get("groups"), "groups");
  if (!(g >= 1 && g <= 4096 && g == double(std::size_t(g)))) throw_invalid(env, "groups", "expected an integer in [1, 4096]");
  d.groups = std::size_t(g);
  d.ka = vec("kappa_a");
  d.ks = vec("kappa_s");
  d.eta = vec("eta");
  for (auto* pr : {&d.ka, &d.ks, &d.eta})
    if (pr->size() != d.shells * d.groups) throw_invalid(env, "kappa_a", "arrays must hold shells × groups values");
  const std::string inner = o.Get("inner").IsUndefined() ? "thermal" : o.Get("inner").ToString().Utf8Value();
  if (inner == "thermal") d.inner = transport::InnerBoundary::Thermal;
  else if (inner == "reflecting") d.inner = transport::InnerBoundary::Reflecting;
  else if (inner == "vacuum") d.inner = transport::InnerBoundary::Vacuum;
  else throw_invalid(env, "inner", "expected thermal, reflecting or vacuum");
  if (!o.Get("core_intensity").IsUndefined()) {
    d.core = vec("core_intensity");
    if (d.core.size() != d.groups) throw_invalid(env, "core_intensity", "needs one value per group");
  }
  transport::validate(d.problem());
  return d;
}

Napi::Object solution_to_js(Napi::Env env, const transport::Solution& s) {
  auto arr = [&](const std::vector<double>& v) {
    Napi::Float64Array a = Napi::Float64Array::New(env, v.size());
    std::copy(v.begin(), v.end(), a.Data());
    return a;
  };
  Napi::Object o = Napi::Object::New(env);
  o.Set("J", arr(s.J));
  o.Set("H", arr(s.H));
  o.Set("K", arr(s.K));
  o.Set("Q", arr(s.Q));
  if (!s.J_err.empty()) o.Set("J_err", arr(s.J_err));
  if (!s.H_err.empty()) o.Set("H_err", arr(s.H_err));
  o.Set("iterations", s.iterations);
  o.Set("residual", s.residual);
  return o;
}

class DoJob final : public NativeJob {
 public:
  DoJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, ProblemData d, transport::DoOptions o)
      : NativeJob(env, std::move(c), prog, threads), d_(std::move(d)), o_(o) {}

 private:
  void Run() override { sol_ = transport::solve_discrete_ordinates(d_.problem(), o_, exec()); }
  Napi::Value Result(Napi::Env env) override { return solution_to_js(env, sol_); }
  ProblemData d_;
  transport::DoOptions o_;
  transport::Solution sol_;
};

// transportDo(problem, { threads, onProgress, token, extraRays, coreRays, maxIterations, tolerance })
Napi::Value TransportDo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsObject()) throw_invalid(env, "problem", "expected an object");
    ProblemData d = problem_from_js(env, info[0].As<Napi::Object>());
    Napi::Object opts = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
    transport::DoOptions o;
    if (!opts.Get("extraRays").IsUndefined()) o.extra_rays_per_shell = int(number_arg(env, opts.Get("extraRays"), "extraRays"));
    if (!opts.Get("coreRays").IsUndefined()) o.core_rays = int(number_arg(env, opts.Get("coreRays"), "coreRays"));
    if (!opts.Get("maxIterations").IsUndefined()) o.max_iterations = int(number_arg(env, opts.Get("maxIterations"), "maxIterations"));
    if (!opts.Get("tolerance").IsUndefined()) o.tolerance = number_arg(env, opts.Get("tolerance"), "tolerance");
    auto* job = new DoJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"), threads_arg(env, opts.Get("threads")),
                          std::move(d), o);
    Napi::Promise p = job->Promise();
    job->Queue();
    return p;
  });
}

class McJob final : public NativeJob {
 public:
  McJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, ProblemData d, transport::McOptions o)
      : NativeJob(env, std::move(c), prog, threads), d_(std::move(d)), o_(o) {}

 private:
  void Run() override {
    sol_ = transport::solve_monte_carlo(d_.problem(), o_, exec(), &stats_);
    team_size_ = stats_.threads;
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = solution_to_js(env, sol_);
    auto arr = [&](const std::vector<double>& v) {
      Napi::Float64Array a = Napi::Float64Array::New(env, v.size());
      std::copy(v.begin(), v.end(), a.Data());
      return a;
    };
    Napi::Object st = Napi::Object::New(env);
    st.Set("packets", double(stats_.packets));
    st.Set("steps", double(stats_.steps));
    st.Set("seconds", stats_.seconds);
    st.Set("threads", stats_.threads);
    st.Set("escaped_ergs", arr(stats_.escaped_ergs));
    st.Set("L_out_err", arr(stats_.L_out_err));
    o.Set("stats", st);
    return o;
  }
  ProblemData d_;
  transport::McOptions o_;
  transport::Solution sol_;
  transport::McStats stats_;
};

// transportMc(problem, { threads, onProgress, token, packets, seed })
Napi::Value TransportMc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    if (!info[0].IsObject()) throw_invalid(env, "problem", "expected an object");
    ProblemData d = problem_from_js(env, info[0].As<Napi::Object>());
    Napi::Object opts = info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
    transport::McOptions o;
    if (!opts.Get("packets").IsUndefined()) {
      const double n = number_arg(env, opts.Get("packets"), "packets");
      if (!(n >= 1 && n <= 1e12)) throw_invalid(env, "packets", "expected 1..1e12 packets per group");
      o.packets_per_group = std::uint64_t(n);
    }
    if (!opts.Get("seed").IsUndefined()) {
      const double sd = number_arg(env, opts.Get("seed"), "seed");
      if (!(sd >= 0 && sd < 9.007199254740992e15 && sd == double(std::uint64_t(sd)))) throw_invalid(env, "seed", "expected a non-negative integer");
      o.seed = std::uint64_t(sd);
    }
    auto* job = new McJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"), threads_arg(env, opts.Get("threads")),
                          std::move(d), o);
    Napi::Promise p = job->Promise();
    job->Queue();
    return p;
  });
}

}  // namespace

void register_transport(Napi::Env env, Napi::Object exports) {
  exports.Set("transportDo", Napi::Function::New<TransportDo>(env, "transportDo"));
  exports.Set("transportMc", Napi::Function::New<TransportMc>(env, "transportMc"));
}

}  // namespace nusphere::bindings
