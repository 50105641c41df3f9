// Bindings of the opacity module: parameters/switches from JS, single-state spectral opacities with
// per-term output, and opacity tables (async build with progress/cancel, import, interpolation).
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common.hpp"
#include "job.hpp"
#include "nusphere/eos/eos.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"
#include "nusphere/opacity/table.hpp"

namespace nusphere::bindings {

const eos::Eos& eos_from_js(Napi::Env env, const Napi::Value& v);

namespace {

using opacity::OpacityParams;

#define NUSPHERE_SWITCHES(X)                                                                                  \
  X(absorption_nucleons) X(absorption_heavy) X(weak_magnetism) X(nucleon_blocking_absorption)                  \
  X(nucleon_blocking_scattering) X(scattering_nucleons) X(scattering_heavy) X(scattering_alpha)               \
  X(ion_ion_correlation) X(form_factor) X(electron_polarization) X(scattering_electrons) X(pair) X(bremsstrahlung)                    \
  X(pair_for_electron_flavours) X(brems_for_electron_flavours) X(nulib_quirks) \
  X(cc_leading_order)

OpacityParams params_from_js(Napi::Env env, const Napi::Value& v) {
  OpacityParams p;
  if (v.IsUndefined() || v.IsNull()) return p;
  if (!v.IsObject()) throw_invalid(env, "params", "expected an object");
  Napi::Object o = v.As<Napi::Object>();
  if (o.Has("preset")) {
    const std::string preset = o.Get("preset").ToString().Utf8Value();
    if (preset == "nulib") p = opacity::nulib_params();
    else if (preset != "default") throw_invalid(env, "preset", "expected 'default' or 'nulib', got '" + preset + "'");
  }
  auto num = [&](const char* name, double& dst) {
    Napi::Value x = o.Get(name);
    if (!x.IsUndefined()) dst = number_arg(env, x, name);
  };
  num("gA", p.gA);
  num("sin2thetaW", p.sin2thetaW);
  num("sigma0_cm2", p.sigma0_cm2);
  num("m_ref_MeV", p.m_ref_MeV);
  Napi::Value ws = o.Get("weakScale");
  if (ws.IsObject()) {
    Napi::Object w = ws.As<Napi::Object>();
    if (!w.Get("s").IsUndefined()) p.weak.s = number_arg(env, w.Get("s"), "weakScale.s");
    if (!w.Get("massScaling").IsUndefined()) p.weak.mass_scaling = w.Get("massScaling").ToBoolean().Value();
  }
  Napi::Value sw = o.Get("switches");
  if (sw.IsObject()) {
    Napi::Object s = sw.As<Napi::Object>();
    Napi::Array keys = s.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); ++i) {
      const std::string k = keys.Get(i).ToString().Utf8Value();
      bool known = false;
#define NUSPHERE_SW(f) \
  if (k == #f) { p.f = s.Get(#f).ToBoolean().Value(); known = true; }
      NUSPHERE_SWITCHES(NUSPHERE_SW)
#undef NUSPHERE_SW
      if (!known) throw_invalid(env, "switches." + k, "unknown switch");
    }
  }
  if (!(p.gA > 0 && p.gA < 3)) throw_invalid(env, "gA", "must be in (0, 3)");
  if (!(p.sin2thetaW > 0 && p.sin2thetaW < 1)) throw_invalid(env, "sin2thetaW", "must be in (0, 1)");
  if (!(p.sigma0_cm2 >= 0 && p.sigma0_cm2 < 1e-40)) throw_invalid(env, "sigma0_cm2", "must be in [0, 1e-40) (0: derived from G_F)");
  if (!(p.weak.s >= 0.01 && p.weak.s <= 100)) throw_invalid(env, "weakScale.s", "must be in [0.01, 100]");
  if (!(p.m_ref_MeV > 900 && p.m_ref_MeV < 1000)) throw_invalid(env, "m_ref_MeV", "must be a baryon mass in MeV");
  return p;
}

Napi::Object params_to_js(Napi::Env env, const OpacityParams& p) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("gA", p.gA);
  o.Set("sin2thetaW", p.sin2thetaW);
  o.Set("sigma0_cm2", p.sigma0());
  o.Set("m_ref_MeV", p.m_ref_MeV);
  Napi::Object w = Napi::Object::New(env);
  w.Set("s", p.weak.s);
  w.Set("massScaling", p.weak.mass_scaling);
  o.Set("weakScale", w);
  Napi::Object s = Napi::Object::New(env);
#define NUSPHERE_SW(f) s.Set(#f, p.f);
  NUSPHERE_SWITCHES(NUSPHERE_SW)
#undef NUSPHERE_SW
  o.Set("switches", s);
  return o;
}

opacity::ThermoState thermo_from_js(Napi::Env env, const Napi::Value& v) {
  if (!v.IsObject()) throw_invalid(env, "state", "expected an object");
  Napi::Object o = v.As<Napi::Object>();
  opacity::ThermoState t;
  auto f = [&](const char* name, double& dst) { dst = number_arg(env, o.Get(name), name); };
  f("rho_gcc", t.rho_gcc); f("T_MeV", t.T_MeV); f("Ye", t.Ye);
  f("Xn", t.Xn); f("Xp", t.Xp); f("Xa", t.Xa); f("Xh", t.Xh); f("Abar", t.Abar); f("Zbar", t.Zbar);
  f("mu_e_MeV", t.mu_e_MeV); f("mu_n_MeV", t.mu_n_MeV); f("mu_p_MeV", t.mu_p_MeV);
  return t;
}

const char* kSpeciesNames[3] = {"nue", "anue", "nux"};

// Which of the 10 reported terms exist for a species under these switches (absent terms are omitted).
bool term_applies(opacity::Species s, int k, const OpacityParams& p) {
  const bool nux = s == opacity::Species::Nux;
  switch (k) {
    case 0: return s == opacity::Species::Nue && p.absorption_nucleons;          // absorption_n
    case 1: return s == opacity::Species::Anue && p.absorption_nucleons;         // absorption_p
    case 2: return s == opacity::Species::Nue && p.absorption_heavy;             // absorption_heavy
    case 3: case 4: return p.scattering_nucleons;                                // scattering_n, _p
    case 5: return p.scattering_heavy;
    case 6: return p.scattering_alpha;
    case 7: return p.pair && (nux || p.pair_for_electron_flavours);              // emission_pair
    case 8: return p.bremsstrahlung && (nux || p.brems_for_electron_flavours);   // emission_brems
    case 9: return p.scattering_electrons;                                       // scattering_electrons
  }
  return false;
}
int species_index(Napi::Env env, const std::string& s) {
  for (int i = 0; i < 3; ++i)
    if (s == kSpeciesNames[i]) return i;
  throw_invalid(env, "species", "expected nue, anue or nux, got '" + s + "'");
}

// opacityCompute(state, species: string[], energies: Float64Array, params, terms: bool)
Napi::Value OpacityCompute(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const opacity::ThermoState th = thermo_from_js(env, info[0]);
    if (!info[1].IsArray()) throw_invalid(env, "species", "expected an array of species names");
    Napi::Array sp = info[1].As<Napi::Array>();
    F64View E = f64_view(env, info[2], "energies_MeV");
    const OpacityParams p = params_from_js(env, info[3]);
    const bool want_terms = info[4].ToBoolean().Value();
    const std::size_t n = E.length;
    std::vector<double> e(E.data, E.data + n);
    Napi::Object total = Napi::Object::New(env), terms = Napi::Object::New(env);
    double kernel_ns = 0;
    static const char* tnames[10] = {"absorption_n", "absorption_p", "absorption_heavy", "scattering_n", "scattering_p",
                                     "scattering_heavy", "scattering_alpha", "emission_pair", "emission_brems",
                                     "scattering_electrons"};
    std::vector<int> order;
    bool want[3] = {false, false, false};
    for (uint32_t i = 0; i < sp.Length(); ++i) {
      const int s = species_index(env, sp.Get(i).ToString().Utf8Value());
      if (!want[s]) order.push_back(s);
      want[s] = true;
    }
    // outputs and term buffers for all three species (only the requested ones are returned)
    std::vector<std::vector<double>> ka(3, std::vector<double>(n)), ks(3, std::vector<double>(n)), et(3, std::vector<double>(n));
    // per-term buffers only when the terms are asked for
    std::vector<std::vector<double>> tv(want_terms ? 30 : 0, std::vector<double>(n, 0.0));
    opacity::OpacityOut outs[3];
    opacity::OpacityTerms ts[3];
    for (int s = 0; s < 3; ++s) {
      outs[s] = {ka[s].data(), ks[s].data(), et[s].data()};
      if (!want_terms) continue;
      double* b[10];
      for (int k = 0; k < 10; ++k) b[k] = tv[10 * s + k].data();
      ts[s] = {b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]};
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (order.size() > 1) {
      // several species: the species-independent work (coherent and α scattering, nucleon
      // weak-magnetism factors, pair integrals) once per point
      opacity::compute_opacities_all(th, e.data(), n, p, outs, want_terms ? ts : nullptr);
    } else {
      for (int s : order) opacity::compute_opacities(th, static_cast<opacity::Species>(s), e.data(), n, p, outs[s], want_terms ? &ts[s] : nullptr);
    }
    kernel_ns += std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    auto f64 = [&](const std::vector<double>& v) {
      Napi::Float64Array a = Napi::Float64Array::New(env, n);
      std::copy(v.begin(), v.end(), a.Data());
      return a;
    };
    for (int s : order) {
      Napi::Object tot = Napi::Object::New(env);
      tot.Set("kappa_a", f64(ka[s]));
      tot.Set("kappa_s", f64(ks[s]));
      tot.Set("eta", f64(et[s]));
      total.Set(kSpeciesNames[s], tot);
      if (want_terms) {
        Napi::Object to = Napi::Object::New(env);
        for (int k = 0; k < 10; ++k) {
          if (!term_applies(static_cast<opacity::Species>(s), k, p)) continue;
          to.Set(tnames[k], f64(tv[10 * s + k]));
        }
        terms.Set(kSpeciesNames[s], to);
      }
    }
    Napi::Object r = Napi::Object::New(env);
    r.Set("total", total);
    if (want_terms) r.Set("terms", terms);
    r.Set("params", params_to_js(env, p));
    r.Set("kernelNs", kernel_ns);  // time inside compute_opacities (benchmarks)
    return r;
  });
}

// opacityTerm(name, state, species, energies, params) -> { values: Float64Array, kernelNs } — one
// interaction on its own (term-by-term tests and benchmarks). name: absorption_nucleons,
// absorption_heavy, scattering_n, scattering_p, scattering_heavy, scattering_alpha, emission_pair,
// emission_brems, scattering_electrons.
Napi::Value OpacityTerm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const std::string name = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    const opacity::ThermoState th = thermo_from_js(env, info[1]);
    const auto sp = static_cast<opacity::Species>(species_index(env, info[2].ToString().Utf8Value()));
    F64View E = f64_view(env, info[3], "energies_MeV");
    const OpacityParams p = params_from_js(env, info[4]);
    Napi::Float64Array out = Napi::Float64Array::New(env, E.length);
    std::vector<double> e(E.data, E.data + E.length), tmp(E.length);
    const auto t0 = std::chrono::steady_clock::now();
    if (name == "absorption_nucleons") opacity::absorption_nucleons(th, sp, e.data(), e.size(), p, out.Data());
    else if (name == "absorption_heavy") opacity::absorption_heavy(th, sp, e.data(), e.size(), p, out.Data());
    else if (name == "scattering_n") opacity::scattering_nucleons(th, sp, e.data(), e.size(), p, out.Data(), nullptr);
    else if (name == "scattering_p") opacity::scattering_nucleons(th, sp, e.data(), e.size(), p, nullptr, out.Data());
    else if (name == "scattering_heavy") opacity::scattering_heavy(th, sp, e.data(), e.size(), p, out.Data());
    else if (name == "scattering_alpha") opacity::scattering_alpha(th, sp, e.data(), e.size(), p, out.Data());
    else if (name == "emission_pair") opacity::emission_pair(th, sp, e.data(), e.size(), p, out.Data(), nullptr);
    else if (name == "emission_brems") opacity::emission_brems(th, sp, e.data(), e.size(), p, out.Data(), nullptr);
    else if (name == "scattering_electrons") opacity::scattering_electrons(th, sp, e.data(), e.size(), p, out.Data());
    else throw_invalid(env, "term", "unknown interaction '" + name + "'");
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    Napi::Object r = Napi::Object::New(env);
    r.Set("values", out);
    r.Set("kernelNs", ns);
    return r;
  });
}

Napi::Value OpacityParamsFn(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return params_to_js(env, params_from_js(env, info[0])); });
}

opacity::TableSpec spec_from_js(Napi::Env env, const Napi::Value& v) {
  if (!v.IsObject()) throw_invalid(env, "spec", "expected an object");
  Napi::Object o = v.As<Napi::Object>();
  opacity::TableSpec s;
  auto vec = [&](const char* name) { return f64_vector(env, o.Get(name), name); };
  s.rho_gcc = vec("rho_gcc");
  s.T_MeV = vec("T_MeV");
  s.Ye = vec("Ye");
  s.bin_edges_MeV = vec("bin_edges_MeV");
  if (!o.Get("sub_points").IsUndefined()) s.sub_points = int(number_arg(env, o.Get("sub_points"), "sub_points"));
  Napi::Value k = o.Get("kernels");
  if (!k.IsUndefined() && !k.IsNull()) {
    if (!k.IsObject()) throw_invalid(env, "kernels", "expected an object {T_MeV, eta}");
    Napi::Object ko = k.As<Napi::Object>();
    s.kernels.T_MeV = f64_vector(env, ko.Get("T_MeV"), "kernels.T_MeV");
    s.kernels.eta = f64_vector(env, ko.Get("eta"), "kernels.eta");
    if (!ko.Get("pair").IsUndefined()) s.kernels.pair = ko.Get("pair").ToBoolean().Value();
  }
  opacity::validate_spec(s);
  return s;
}

class OpacityTableWrap : public Napi::ObjectWrap<OpacityTableWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "OpacityTable",
                       {InstanceMethod<&OpacityTableWrap::Interpolate>("interpolate"),
                        InstanceMethod<&OpacityTableWrap::Data>("data"),
                        InstanceMethod<&OpacityTableWrap::Dispose>("dispose")});
  }
  // new OpacityTable(External<OpacityTable>) from a build job, or new OpacityTable(data) from arrays.
  explicit OpacityTableWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<OpacityTableWrap>(info) {
    Napi::Env env = info.Env();
    guarded(env, [&]() -> Napi::Value {
      if (info[0].IsExternal()) {
        auto* t = info[0].As<Napi::External<opacity::OpacityTable>>().Data();
        table_.reset(t);
        return env.Undefined();
      }
      opacity::TableSpec s = spec_from_js(env, info[0]);
      Napi::Object o = info[0].As<Napi::Object>();
      auto vec = [&](const char* name) { return f64_vector(env, o.Get(name), name); };
      opacity::KernelSpec ks = s.kernels;
      table_ = std::make_unique<opacity::OpacityTable>(std::move(s), vec("kappa_a"), vec("kappa_s"), vec("eta"));
      if (ks.enabled()) {
        const bool pair = ks.pair;
        table_->set_kernels(std::move(ks), vec("nes_phi0"), vec("nes_phi1"), pair ? vec("pair_phi0") : std::vector<double>{},
                            pair ? vec("pair_phi1") : std::vector<double>{});
      }
      return env.Undefined();
    });
  }
  const opacity::OpacityTable& table(Napi::Env env) const {
    if (!table_) throw make_error(env, "INVALID_INPUT", "table", "table: this opacity table has been disposed");
    return *table_;
  }

 private:
  Napi::Value Interpolate(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      const auto& t = table(env);
      const std::size_t ng = t.spec().groups();
      const int s = species_index(env, info[3].ToString().Utf8Value());
      Napi::Float64Array ka = Napi::Float64Array::New(env, ng), ks = Napi::Float64Array::New(env, ng), et = Napi::Float64Array::New(env, ng);
      t.interpolate(number_arg(env, info[0], "rho_gcc"), number_arg(env, info[1], "T_MeV"), number_arg(env, info[2], "Ye"), s,
                    ka.Data(), ks.Data(), et.Data(), info[4].ToBoolean().Value());
      Napi::Object o = Napi::Object::New(env);
      o.Set("kappa_a", ka);
      o.Set("kappa_s", ks);
      o.Set("eta", et);
      return o;
    });
  }
  Napi::Value Data(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    return guarded(env, [&]() -> Napi::Value {
      const auto& t = table(env);
      auto arr = [&](const std::vector<double>& v) {
        Napi::Float64Array a = Napi::Float64Array::New(env, v.size());
        std::copy(v.begin(), v.end(), a.Data());
        return a;
      };
      Napi::Object o = Napi::Object::New(env);
      o.Set("rho_gcc", arr(t.spec().rho_gcc));
      o.Set("T_MeV", arr(t.spec().T_MeV));
      o.Set("Ye", arr(t.spec().Ye));
      o.Set("bin_edges_MeV", arr(t.spec().bin_edges_MeV));
      o.Set("sub_points", t.spec().sub_points);
      o.Set("species", t.spec().species);
      o.Set("kappa_a", arr(t.kappa_a()));
      o.Set("kappa_s", arr(t.kappa_s()));
      o.Set("eta", arr(t.eta()));
      if (t.spec().kernels.enabled()) {
        Napi::Object k = Napi::Object::New(env);
        k.Set("T_MeV", arr(t.spec().kernels.T_MeV));
        k.Set("eta", arr(t.spec().kernels.eta));
        k.Set("pair", t.spec().kernels.pair);
        o.Set("kernels", k);
        o.Set("nes_phi0", arr(t.nes_phi0()));
        o.Set("nes_phi1", arr(t.nes_phi1()));
        if (t.spec().kernels.pair) {
          o.Set("pair_phi0", arr(t.pair_phi0()));
          o.Set("pair_phi1", arr(t.pair_phi1()));
        }
      }
      return o;
    });
  }
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    table_.reset();
    return info.Env().Undefined();
  }
  std::unique_ptr<opacity::OpacityTable> table_;
};

class TableBuildJob final : public NativeJob {
 public:
  TableBuildJob(Napi::Env env, std::shared_ptr<JobControl> c, const Napi::Value& prog, int threads, const eos::Eos& e,
                Napi::Value eos_handle, opacity::TableSpec spec, OpacityParams p, double max_bytes)
      : NativeJob(env, std::move(c), prog, threads), eos_(e), spec_(std::move(spec)), params_(p), max_bytes_(max_bytes) {
    if (eos_handle.IsObject()) handle_ = Napi::Persistent(eos_handle.As<Napi::Object>());
  }

 private:
  void Run() override {
    ParallelStats st;
    table_ = std::make_unique<opacity::OpacityTable>(
        opacity::OpacityTable::build(eos_, params_, spec_, exec(), std::size_t(max_bytes_), &st));
    team_size_ = st.team_size;
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object o = Napi::Object::New(env);
    Napi::Function ctor = addon_data(env)->opacity_table_ctor.Value();
    o.Set("table", ctor.New({Napi::External<opacity::OpacityTable>::New(env, table_.release())}));
    o.Set("threads", team_size_);
    return o;
  }
  const eos::Eos& eos_;
  Napi::ObjectReference handle_;
  opacity::TableSpec spec_;
  OpacityParams params_;
  double max_bytes_;
  std::unique_ptr<opacity::OpacityTable> table_;
};

// opacityTableBuild(eos, spec, params, { threads, onProgress, token, maxBytes })
Napi::Value OpacityTableBuild(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const eos::Eos& e = eos_from_js(env, info[0]);
    opacity::TableSpec spec = spec_from_js(env, info[1]);
    const OpacityParams p = params_from_js(env, info[2]);
    Napi::Object opts = info[3].IsObject() ? info[3].As<Napi::Object>() : Napi::Object::New(env);
    const double max_bytes = opts.Get("maxBytes").IsUndefined() ? 8e9 : number_arg(env, opts.Get("maxBytes"), "maxBytes");
    const std::size_t need = opacity::table_bytes(spec);
    if (double(need) > max_bytes)
      throw make_error(env, "INVALID_INPUT", "size",
                       "size: the table would need " + std::to_string(double(need) / 1048576.0) + " MiB, above the limit of " +
                           std::to_string(max_bytes / 1048576.0) + " MiB");
    auto* job = new TableBuildJob(env, CancelToken::from(env, opts.Get("token")), opts.Get("onProgress"),
                                  threads_arg(env, opts.Get("threads")), e, info[0], std::move(spec), p, max_bytes);
    Napi::Promise pr = job->Promise();
    job->Queue();
    return pr;
  });
}

// opacityNesKernel(T_MeV, eta_e, E_in_MeV, E_out_MeV, species, params, direction: 'out' | 'in')
//   -> { phi0, phi1 } [cm³ s⁻¹]
Napi::Value OpacityNesKernel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double T = number_arg(env, info[0], "T_MeV"), eta = number_arg(env, info[1], "eta_e");
    const double E1 = number_arg(env, info[2], "E_in_MeV"), E2 = number_arg(env, info[3], "E_out_MeV");
    const auto sp = static_cast<opacity::Species>(species_index(env, info[4].ToString().Utf8Value()));
    const OpacityParams p = params_from_js(env, info[5]);
    const std::string dir = info[6].IsUndefined() ? std::string("out") : info[6].ToString().Utf8Value();
    opacity::NesPhi r;
    if (dir == "out") r = opacity::nes_phi_out(T, eta, E1, E2, sp, p);
    else if (dir == "in") r = opacity::nes_phi_in(T, eta, E1, E2, sp, p);
    else throw_invalid(env, "direction", "expected 'out' or 'in', got '" + dir + "'");
    Napi::Object o = Napi::Object::New(env);
    o.Set("phi0", r.phi0_cm3s);
    o.Set("phi1", r.phi1_cm3s);
    return o;
  });
}

// opacityPairKernel(T_MeV, eta_e, E_MeV, E_partner_MeV, species, params)
//   -> { phi0_production, phi0_annihilation, phi1_production, phi1_annihilation } [cm³ s⁻¹]
Napi::Value OpacityPairKernel(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value {
    const double T = number_arg(env, info[0], "T_MeV"), eta = number_arg(env, info[1], "eta_e");
    const double E = number_arg(env, info[2], "E_MeV"), Eb = number_arg(env, info[3], "E_partner_MeV");
    const auto sp = static_cast<opacity::Species>(species_index(env, info[4].ToString().Utf8Value()));
    const OpacityParams p = params_from_js(env, info[5]);
    const opacity::PairKernelPhi r = opacity::pair_kernel_phi(T, eta, E, Eb, sp, p);
    Napi::Object o = Napi::Object::New(env);
    o.Set("phi0_production", r.phi0_production_cm3s);
    o.Set("phi0_annihilation", r.phi0_annihilation_cm3s);
    o.Set("phi1_production", r.phi1_production_cm3s);
    o.Set("phi1_annihilation", r.phi1_annihilation_cm3s);
    return o;
  });
}

Napi::Value TableBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return guarded(env, [&]() -> Napi::Value { return Napi::Number::New(env, double(opacity::table_bytes(spec_from_js(env, info[0])))); });
}

}  // namespace

void register_opacity(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = OpacityTableWrap::Define(env);
  addon_data(env)->opacity_table_ctor = Napi::Persistent(ctor);
  exports.Set("OpacityTable", ctor);
  exports.Set("opacityCompute", Napi::Function::New<OpacityCompute>(env, "opacityCompute"));
  exports.Set("opacityTerm", Napi::Function::New<OpacityTerm>(env, "opacityTerm"));
  exports.Set("opacityParams", Napi::Function::New<OpacityParamsFn>(env, "opacityParams"));
  exports.Set("opacityTableBuild", Napi::Function::New<OpacityTableBuild>(env, "opacityTableBuild"));
  exports.Set("opacityNesKernel", Napi::Function::New<OpacityNesKernel>(env, "opacityNesKernel"));
  exports.Set("opacityPairKernel", Napi::Function::New<OpacityPairKernel>(env, "opacityPairKernel"));
  exports.Set("opacityTableBytes", Napi::Function::New<TableBytes>(env, "opacityTableBytes"));
}

}  // namespace nusphere::bindings
