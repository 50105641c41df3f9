// Bindings of the EOS module: the analytic EOS (stateless singleton) and tabulated EOS handles
// (ObjectWrap with dispose()), single-point and batched (structure-of-arrays) evaluation.
#include <memory>
#include <string>
#include <vector>

#include "common.hpp"
#include "job.hpp"
#include "nusphere/eos/analytic_eos.hpp"
#include "nusphere/eos/table_eos.hpp"

namespace nusphere::bindings {
namespace {

// Order of the state fields in batch and single-point outputs (= lib/eos/index.ts EOS_STATE_FIELDS, checked by test/native/eos.test.ts).
#define NUSPHERE_EOS_FIELDS(X)                                                                            \
  X(rho_gcc) X(T_MeV) X(Ye) X(P_dyncm2) X(e_ergg) X(s_kB) X(mu_e_MeV) X(mu_n_MeV) X(mu_p_MeV) X(muhat_MeV) \
  X(mu_nue_MeV) X(eta_e) X(Xn) X(Xp) X(Xa) X(Xh) X(Abar) X(Zbar) X(dPdT) X(dPdrho) X(dedT) X(dedrho)       \
  X(dsdT) X(dsdrho) X(cs2_cm2s2) X(gamma)
#define NUSPHERE_COUNT(f) +1
constexpr int kEosFields = 0 NUSPHERE_EOS_FIELDS(NUSPHERE_COUNT);

Napi::Object domain_to_js(Napi::Env env, const eos::EosDomain& d) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("rho_min_gcc", d.rho_min_gcc);
  o.Set("rho_max_gcc", d.rho_max_gcc);
  o.Set("T_min_MeV", d.T_min_MeV);
  o.Set("T_max_MeV", d.T_max_MeV);
  o.Set("Ye_min", d.Ye_min);
  o.Set("Ye_max", d.Ye_max);
  return o;
}

const eos::AnalyticEos& analytic() {
  static const eos::AnalyticEos e;
  return e;
}

class EosTableWrap : public Napi::ObjectWrap<EosTableWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "EosTable",
                       {InstanceMethod<&EosTableWrap::TFromE>("temperatureFromEnergy"),
                        InstanceMethod<&EosTableWrap::TFromS>("temperatureFromEntropy"),
                        InstanceMethod<&EosTableWrap::Domain>("domain"),
                        InstanceMethod<&EosTableWrap::Dispose>("dispose")});
  }
  // new EosTable({ logrho, logtemp, ye, energy_shift, fields: {name: Float64Array} }, clamp)
  explicit EosTableWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EosTableWrap>(info) {
    Napi::Env env = info.Env();
    guarded(env, [&]() -> Napi::Value {
      if (!info[0].IsObject()) throw_invalid(env, "table", "expected an object");
      Napi::Object t = info[0].As<Napi::Object>();
      eos::TableEosData d;
      auto vec = [&](const Napi::Value& v, const std::string& f) { return f64_vector(env, v, f); };
      d.logrho = vec(t.Get("logrho"), "logrho");
      d.logtemp = vec(t.Get("logtemp"), "logtemp");
      d.ye = vec(t.Get("ye"), "ye");
      d.energy_shift_ergg = number_arg(env, t.Get("energy_shift"), "energy_shift");
      if (!t.Get("fields").IsObject()) throw_invalid(env, "fields", "expected an object");
      Napi::Object fields = t.Get("fields").As<Napi::Object>();
      for (int v = 0; v < eos::kTableVars; ++v) d.fields[v] = vec(fields.Get(eos::table_var_names()[v]), eos::table_var_names()[v]);
      table_ = std::make_unique<eos::TableEos>(std::move(d), info[1].ToBoolean().Value(), info[2].ToBoolean().Value());
      return env.Undefined();
    });
  }
  const eos::TableEos& table(Napi::Env env) const {
    if (!table_) throw make_error(env, "INVALID_INPUT", "table", "table: this EOS table has been disposed");
    return *table_;
  }

 private:
  Napi::Value TFromE(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      return Napi::Number::New(env, table(env).temperature_from_energy(number_arg(env, info[0], "rho_gcc"), number_arg(env, info[1], "e_ergg"), number_arg(env, info[2], "Ye")));
    });
  }
  Napi::Value TFromS(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      return Napi::Number::New(env, table(env).temperature_from_entropy(number_arg(env, info[0], "rho_gcc"), number_arg(env, info[1], "s_kB"), number_arg(env, info[2], "Ye")));
    });
  }
  Napi::Value Domain(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      return domain_to_js(env, table(env).domain());
    });
  }
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    table_.reset();
    return info.Env().Undefined();
  }
  std::unique_ptr<eos::TableEos> table_;
};


/// The EOS named by a JS value: undefined/null → analytic; an EosTable handle → its table.
const eos::Eos& eos_arg(Napi::Env env, const Napi::Value& v) {
  if (v.IsUndefined() || v.IsNull()) return analytic();
  if (v.IsObject()) {
    AddonData* d = addon_data(env);
    if (d && !d->eos_table_ctor.IsEmpty() && v.As<Napi::Object>().InstanceOf(d->eos_table_ctor.Value()))
      return EosTableWrap::Unwrap(v.As<Napi::Object>())->table(env);
  }
  throw_invalid(env, "eos", "expected undefined (analytic EOS) or an EosTable");
}

// eosEvaluateInto(eos, rho, T, Ye, out: Float64Array(≥ fields)) fills `out` in eosFieldNames() order:
// the fast single-point path (the facade builds the state object in JS; no per-call property
// creation on the native side).
Napi::Value EosEvaluateInto(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const eos::Eos& e = eos_arg(env, info[0]);
    F64View out = f64_view(env, info[4], "out");
    if (out.length < std::size_t(kEosFields)) throw_invalid(env, "out", "needs room for every state field");
    eos::EosState s;
    e.evaluate(number_arg(env, info[1], "rho_gcc"), number_arg(env, info[2], "T_MeV"), number_arg(env, info[3], "Ye"), s);
    int k = 0;
#define NUSPHERE_ROW(f) out.data[k++] = s.f;
    NUSPHERE_EOS_FIELDS(NUSPHERE_ROW)
#undef NUSPHERE_ROW
    return env.Undefined();
  });
}

Napi::Value EosDomain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    return domain_to_js(env, eos_arg(env, info[0]).domain());
  });
}

class EosBatchJob final : public NativeJob {
 public:
  EosBatchJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, const eos::Eos& e,
              Napi::Value eos_handle, std::vector<double> rho, std::vector<double> T, std::vector<double> Ye)
      : NativeJob(env, std::move(c), prog, threads), eos_(e), rho_(std::move(rho)), T_(std::move(T)), Ye_(std::move(Ye)) {
    if (eos_handle.IsObject()) handle_ = Napi::Persistent(eos_handle.As<Napi::Object>());  // keep the table alive
  }

 private:
  void Run() override {
    const std::size_t n = rho_.size();
    states_.resize(n);
    team_size_ = eos::evaluate_batch(eos_, rho_.data(), T_.data(), Ye_.data(), states_.data(), n, exec()).team_size;
  }
  Napi::Value Result(Napi::Env env) override {
    // one Float64Array per field (structure of arrays, what the facade returns)
    const std::size_t n = states_.size();
    Napi::Object cols = Napi::Object::New(env);
#define NUSPHERE_COL(f)                                                 \
  {                                                                     \
    Napi::Float64Array a = Napi::Float64Array::New(env, n);             \
    double* d = a.Data();                                               \
    for (std::size_t i = 0; i < n; ++i) d[i] = states_[i].f;            \
    cols.Set(#f, a);                                                    \
  }
    NUSPHERE_EOS_FIELDS(NUSPHERE_COL)
#undef NUSPHERE_COL
    states_.clear();
    states_.shrink_to_fit();
    Napi::Object o = Napi::Object::New(env);
    o.Set("columns", cols);
    o.Set("threads", team_size_);
    return o;
  }
  const eos::Eos& eos_;
  Napi::ObjectReference handle_;
  std::vector<double> rho_, T_, Ye_;
  std::vector<eos::EosState> states_;
};

// eosBatch(eos, rho, T, Ye, { threads, onProgress, token }) -> Promise<{ columns: { field: Float64Array(n) }, threads }>
Napi::Value EosBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const eos::Eos& e = eos_arg(env, info[0]);
    F64View rho = f64_view(env, info[1], "rho_gcc"), T = f64_view(env, info[2], "T_MeV"), Ye = f64_view(env, info[3], "Ye");
    if (T.length != rho.length) throw_invalid(env, "T_MeV", "length differs from rho_gcc's");
    if (Ye.length != rho.length) throw_invalid(env, "Ye", "length differs from rho_gcc's");
    Napi::Object opts = info[4].IsObject() ? info[4].As<Napi::Object>() : Napi::Object::New(env);
    auto* job = new EosBatchJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"),
                                threads_arg(env, opts.Get("threads")), e, info[0],
                                std::vector<double>(rho.data, rho.data + rho.length), std::vector<double>(T.data, T.data + T.length),
                                std::vector<double>(Ye.data, Ye.data + Ye.length));
    Napi::Promise p = job->Promise();
    job->Queue();
    return p;
  });
}

Napi::Value EosFieldNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array a = Napi::Array::New(env);
  uint32_t k = 0;
#define NUSPHERE_NAME(f) a.Set(k++, Napi::String::New(env, #f));
  NUSPHERE_EOS_FIELDS(NUSPHERE_NAME)
#undef NUSPHERE_NAME
  return a;
}

}  // namespace

const eos::Eos& eos_from_js(Napi::Env env, const Napi::Value& v) { return eos_arg(env, v); }

void register_eos(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = EosTableWrap::Define(env);
  addon_data(env)->eos_table_ctor = Napi::Persistent(ctor);
  exports.Set("EosTable", ctor);
  exports.Set("eosEvaluateInto", Napi::Function::New<EosEvaluateInto>(env, "eosEvaluateInto"));
  exports.Set("eosDomain", Napi::Function::New<EosDomain>(env, "eosDomain"));
  exports.Set("eosBatch", Napi::Function::New<EosBatch>(env, "eosBatch"));
  exports.Set("eosFieldNames", Napi::Function::New<EosFieldNames>(env, "eosFieldNames"));
}

}  // namespace nusphere::bindings
