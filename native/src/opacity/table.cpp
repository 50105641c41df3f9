// Opacity tables: build (OpenMP over points, group integration) and interpolation. See table.hpp.
#include "nusphere/opacity/table.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "nusphere/core/errors.hpp"
#include "nusphere/core/quadrature.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

void check_axis(const std::vector<double>& a, const std::string& name, bool positive) {
  if (a.empty()) throw_invalid(name, "is empty");
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string f = name + "[" + std::to_string(i) + "]";
    if (!std::isfinite(a[i])) throw_invalid(f, "not finite");
    if (positive && a[i] <= 0) throw_invalid(f, "must be > 0");
    if (i && !(a[i] > a[i - 1])) throw_invalid(f, "not strictly increasing");
  }
}

ThermoState thermo_from(const eos::EosState& s) {
  ThermoState t;
  t.rho_gcc = s.rho_gcc;
  t.T_MeV = s.T_MeV;
  t.Ye = s.Ye;
  t.Xn = s.Xn;
  t.Xp = s.Xp;
  t.Xa = s.Xa;
  t.Xh = s.Xh;
  t.Abar = s.Abar;
  t.Zbar = s.Zbar;
  t.mu_e_MeV = s.mu_e_MeV;
  t.mu_n_MeV = s.mu_n_MeV;
  t.mu_p_MeV = s.mu_p_MeV;
  return t;
}

constexpr double kLogFloor = 1e-300;

void validate_kernel_spec(const KernelSpec& k) {
  check_axis(k.T_MeV, "kernels.T_MeV", true);
  check_axis(k.eta, "kernels.eta", false);
  for (std::size_t i = 0; i < k.eta.size(); ++i)
    if (std::fabs(k.eta[i]) > 1e4) throw_invalid("kernels.eta[" + std::to_string(i) + "]", "|eta| must be <= 1e4");
  for (std::size_t i = 0; i < k.T_MeV.size(); ++i)
    if (k.T_MeV[i] < 1e-6 || k.T_MeV[i] > 1e6) throw_invalid("kernels.T_MeV[" + std::to_string(i) + "]", "must lie in [1e-6, 1e6] MeV");
}

std::size_t kernel_values(const TableSpec& s) {
  return s.kernels.enabled() ? s.kernels.points() * s.groups() * s.groups() * std::size_t(s.species) : 0;
}

// Runs a parallel loop as one phase [f0, f1] of a multi-phase job: progress mapped into the phase's
// share, cancellation of the parent forwarded (checked between chunks).
ParallelStats run_phase(std::size_t n, const ExecOptions& opts, double f0, double f1,
                        const std::function<void(std::size_t, std::size_t)>& body) {
  JobControl* parent = opts.control;
  if (!parent) return parallel_for_chunks(n, opts, body);
  JobControl sub;
  if (parent->cancelled()) sub.cancel.store(true);
  sub.on_progress = [parent, &sub, f0, f1](double f) {
    if (parent->cancelled()) sub.cancel.store(true);
    if (parent->on_progress) parent->on_progress(f0 + (f1 - f0) * f);
  };
  ExecOptions o = opts;
  o.control = &sub;
  ParallelStats st = parallel_for_chunks(n, o, body);
  if (parent->cancelled()) throw Error(ErrorCode::Cancelled, "", "job cancelled");
  return st;
}

}  // namespace

std::size_t table_bytes(const TableSpec& s) {
  const double n = double(s.points()) * double(s.species) * double(s.groups());
  const double nk = s.kernels.enabled() ? double(s.kernels.T_MeV.size()) * double(s.kernels.eta.size()) *
                                              double(s.groups()) * double(s.groups()) * double(s.species)
                                        : 0.0;
  const double np = s.kernels.pair ? 2.0 * nk : 0.0;
  return std::size_t(std::min((n * 3.0 * 2.0 + nk * 2.0 + np * 2.0) * sizeof(double), 1.8e19));  // values + logs + kernels
}

void validate_spec(const TableSpec& s) {
  check_axis(s.rho_gcc, "rho_gcc", true);
  check_axis(s.T_MeV, "T_MeV", true);
  check_axis(s.Ye, "Ye", false);
  if (s.Ye.front() < 0 || s.Ye.back() > 1) throw_invalid("Ye", "must lie in [0, 1]");
  if (s.bin_edges_MeV.size() < 2) throw_invalid("bin_edges_MeV", "needs at least 2 edges");
  check_axis(s.bin_edges_MeV, "bin_edges_MeV", false);
  if (s.bin_edges_MeV.front() < 0) throw_invalid("bin_edges_MeV[0]", "must be >= 0");
  if (s.sub_points < 0 || s.sub_points > 8) throw_invalid("sub_points", "must be in [0, 8]");
  if (s.species < 1 || s.species > kNumSpecies) throw_invalid("species", "must be 1..3");
  if (s.kernels.enabled() || !s.kernels.eta.empty()) validate_kernel_spec(s.kernels);
}

OpacityTable OpacityTable::build(const eos::Eos& eos, const OpacityParams& params, const TableSpec& spec,
                                 const ExecOptions& opts, std::size_t max_bytes, ParallelStats* stats) {
  validate_spec(spec);
  const std::size_t need = table_bytes(spec);
  if (need > max_bytes)
    throw Error(ErrorCode::InvalidInput, "size",
                "size: the table would need " + std::to_string(need / (1024.0 * 1024.0)) + " MiB, above the limit of " +
                    std::to_string(max_bytes / (1024.0 * 1024.0)) + " MiB");
  const eos::EosDomain d = eos.domain();
  auto in = [](double lo, double hi, double a, double b) { return a >= lo * (1 - 1e-12) && b <= hi * (1 + 1e-12); };
  if (!in(d.rho_min_gcc, d.rho_max_gcc, spec.rho_gcc.front(), spec.rho_gcc.back()))
    throw Error(ErrorCode::OutOfDomain, "rho_gcc", "rho_gcc: table range outside the EOS domain");
  if (!in(d.T_min_MeV, d.T_max_MeV, spec.T_MeV.front(), spec.T_MeV.back()))
    throw Error(ErrorCode::OutOfDomain, "T_MeV", "T_MeV: table range outside the EOS domain");
  if (!in(d.Ye_min, d.Ye_max, spec.Ye.front(), spec.Ye.back()))
    throw Error(ErrorCode::OutOfDomain, "Ye", "Ye: table range outside the EOS domain");

  OpacityTable t;
  t.spec_ = spec;
  const std::size_t ng = spec.groups(), ns = std::size_t(spec.species), npt = spec.points();
  const std::size_t per_point = ns * ng;
  t.ka_.assign(npt * per_point, 0.0);
  t.ks_.assign(npt * per_point, 0.0);
  t.eta_.assign(npt * per_point, 0.0);

  // Energies at which each point is evaluated, and the weights that turn them into group values.
  const int nsub = spec.sub_points;
  std::vector<double> E, wE;  // wE: dE weight (integral) for each sub-point
  double gx[8], gw[8];
  if (nsub > 0) gauss_legendre(nsub, gx, gw);
  for (std::size_t g = 0; g < ng; ++g) {
    const double lo = spec.bin_edges_MeV[g], hi = spec.bin_edges_MeV[g + 1];
    if (nsub == 0) {
      E.push_back(0.5 * (lo + hi));
      wE.push_back(hi - lo);
    } else {
      for (int j = 0; j < nsub; ++j) {
        E.push_back(0.5 * (lo + hi) + 0.5 * (hi - lo) * gx[j]);
        wE.push_back(0.5 * (hi - lo) * gw[j]);
      }
    }
  }
  const std::size_t nsp = nsub == 0 ? 1 : std::size_t(nsub), nE = E.size();
  const std::size_t nr = spec.rho_gcc.size(), nT = spec.T_MeV.size();

  // Progress shares of the two phases when kernels are asked for (rough cost model: one opacity
  // element ~ one kernel integral pair); without kernels the loop runs exactly as before.
  const bool with_kernels = spec.kernels.enabled();
  const double w_op = double(npt) * double(ns) * double(nE);
  const double w_k = with_kernels ? double(spec.kernels.points()) * double(ng) * double(ng + 1) * (spec.kernels.pair ? 4.0 : 2.0) : 0.0;
  const double f_split = with_kernels ? w_op / (w_op + w_k) : 1.0;
  auto opacity_body = [&](std::size_t b, std::size_t e) {
    std::vector<double> ka(nE), ks(nE), et(nE);
    eos::EosState s;
    for (std::size_t p = b; p < e; ++p) {
      const std::size_t ir = p % nr, iT = (p / nr) % nT, iy = p / (nr * nT);
      eos.evaluate(spec.rho_gcc[ir], spec.T_MeV[iT], spec.Ye[iy], s);
      const ThermoState th = thermo_from(s);
      for (std::size_t sp = 0; sp < ns; ++sp) {
        OpacityOut out{ka.data(), ks.data(), et.data()};
        compute_opacities(th, static_cast<Species>(sp), E.data(), nE, params, out, nullptr);
        for (std::size_t g = 0; g < ng; ++g) {
          double a = 0, sc = 0, em = 0, width = 0;
          for (std::size_t j = 0; j < nsp; ++j) {
            const std::size_t k = g * nsp + j;
            a += wE[k] * ka[k];
            sc += wE[k] * ks[k];
            em += wE[k] * et[k];
            width += wE[k];
          }
          const std::size_t idx = (p * ns + sp) * ng + g;
          t.ka_[idx] = a / width;
          t.ks_[idx] = sc / width;
          t.eta_[idx] = em;
        }
      }
    }
  };
  ParallelStats st = with_kernels ? run_phase(npt, opts, 0.0, f_split, opacity_body) : parallel_for_chunks(npt, opts, opacity_body);
  if (with_kernels) st = t.build_kernels(params, opts, f_split);
  if (stats) *stats = st;
  t.prepare_logs();
  return t;
}

OpacityTable::OpacityTable(TableSpec spec, std::vector<double> ka, std::vector<double> ks, std::vector<double> eta)
    : spec_(std::move(spec)), ka_(std::move(ka)), ks_(std::move(ks)), eta_(std::move(eta)) {
  spec_.kernels = KernelSpec{};  // kernels are attached with set_kernels
  validate_spec(spec_);
  const std::size_t n = spec_.points() * std::size_t(spec_.species) * spec_.groups();
  const char* names[3] = {"kappa_a", "kappa_s", "eta"};
  const std::vector<double>* arrs[3] = {&ka_, &ks_, &eta_};
  for (int a = 0; a < 3; ++a) {
    if (arrs[a]->size() != n) throw_invalid(names[a], "has " + std::to_string(arrs[a]->size()) + " values, expected " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite((*arrs[a])[i]) || (*arrs[a])[i] < 0)
        throw_invalid(std::string(names[a]) + "[" + std::to_string(i) + "]", "must be finite and >= 0");
  }
  prepare_logs();
}

ParallelStats OpacityTable::build_kernels(const OpacityParams& params, const ExecOptions& opts, double f0) {
  const KernelSpec& k = spec_.kernels;
  const std::size_t ng = spec_.groups(), ns = std::size_t(spec_.species);
  const std::size_t nT = k.T_MeV.size(), neta = k.eta.size();
  std::vector<double> Eg(ng);
  for (std::size_t g = 0; g < ng; ++g) Eg[g] = 0.5 * (spec_.bin_edges_MeV[g] + spec_.bin_edges_MeV[g + 1]);
  std::vector<double> C1(ns), C2(ns);
  for (std::size_t s = 0; s < ns; ++s) nes_couplings(static_cast<Species>(s), params.sin2thetaW, C1[s], C2[s]);
  phi0_.assign(kernel_values(spec_), 0.0);
  phi1_.assign(phi0_.size(), 0.0);
  const bool pair = k.pair;
  if (pair) {
    pair0_.assign(2 * phi0_.size(), 0.0);
    pair1_.assign(2 * phi0_.size(), 0.0);
  }
  auto pat = [&](std::size_t c, std::size_t o, std::size_t s, std::size_t i, std::size_t je, std::size_t it) {
    return ((((c * ng + o) * ns + s) * ng + i) * neta + je) * nT + it;
  };
  const bool nulib_rule = params.nulib_quirks;
  auto at = [&](std::size_t o, std::size_t s, std::size_t i, std::size_t je, std::size_t it) {
    return (((o * ns + s) * ng + i) * neta + je) * nT + it;
  };
  // Small chunks: one (T, η) point costs ng(ng+1)/2 integrals (~0.5 ms for 18 groups), so cancellation
  // and progress stay responsive.
  ExecOptions ko = opts;
  if (ko.chunk == 0) ko.chunk = 4;
  return run_phase(nT * neta, ko, f0, 1.0, [&](std::size_t b, std::size_t e) {
    for (std::size_t p = b; p < e; ++p) {
      const std::size_t it = p % nT, je = p / nT;
      const double T = k.T_MeV[it], eta = k.eta[je];
      const double pref = nes_prefactor_cm3s(T, params);
      for (std::size_t i = 0; i < ng; ++i) {
        const double x = Eg[i] / T;
        for (std::size_t o = 0; o <= i; ++o) {
          const double xp = Eg[o] / T;
          const NesIntegrals I = nes_integrals(x, xp, eta, nulib_rule);
          const double f = pref / (x * x * xp * xp), up = std::exp(-(Eg[i] - Eg[o]) / T);
          for (std::size_t s = 0; s < ns; ++s) {
            const double p0 = f * (C1[s] * I.I0_I + C2[s] * I.I0_II), p1 = f * (C1[s] * I.I1_I + C2[s] * I.I1_II);
            phi0_[at(o, s, i, je, it)] = p0;  // E_in = E_i → E_out = E_o (down-scattering)
            phi1_[at(o, s, i, je, it)] = p1;
            if (o != i) {  // E_in = E_o → E_out = E_i by detailed balance
              phi0_[at(i, s, o, je, it)] = up * p0;
              phi1_[at(i, s, o, je, it)] = up * p1;
            }
          }
          if (pair) {  // E = E_i with partner E_o, and (swapping J(x, x̄) <-> J(x̄, x)) E = E_o with partner E_i
            const PairIntegrals P = pair_integrals(x, xp, eta, nulib_rule);
            for (std::size_t s = 0; s < ns; ++s)
              for (std::size_t c = 0; c < 2; ++c) {
                const double* q = c == 0 ? P.p : P.a;
                pair0_[pat(c, o, s, i, je, it)] = pref * (C1[s] * q[0] + C2[s] * q[1]);
                pair1_[pat(c, o, s, i, je, it)] = pref * (C1[s] * q[2] + C2[s] * q[3]);
                pair0_[pat(c, i, s, o, je, it)] = pref * (C1[s] * q[1] + C2[s] * q[0]);
                pair1_[pat(c, i, s, o, je, it)] = pref * (C1[s] * q[3] + C2[s] * q[2]);
              }
          }
        }
      }
    }
  });
}

void OpacityTable::set_kernels(KernelSpec k, std::vector<double> phi0, std::vector<double> phi1,
                               std::vector<double> pair0, std::vector<double> pair1) {
  validate_kernel_spec(k);
  TableSpec s = spec_;
  s.kernels = std::move(k);
  const std::size_t n = kernel_values(s);
  if (phi0.size() != n) throw_invalid("nes_phi0", "has " + std::to_string(phi0.size()) + " values, expected " + std::to_string(n));
  if (phi1.size() != n) throw_invalid("nes_phi1", "has " + std::to_string(phi1.size()) + " values, expected " + std::to_string(n));
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(phi0[i]) || phi0[i] < 0) throw_invalid("nes_phi0[" + std::to_string(i) + "]", "must be finite and >= 0");
    if (!std::isfinite(phi1[i])) throw_invalid("nes_phi1[" + std::to_string(i) + "]", "must be finite");
  }
  if (s.kernels.pair) {
    if (pair0.size() != 2 * n) throw_invalid("pair_phi0", "has " + std::to_string(pair0.size()) + " values, expected " + std::to_string(2 * n));
    if (pair1.size() != 2 * n) throw_invalid("pair_phi1", "has " + std::to_string(pair1.size()) + " values, expected " + std::to_string(2 * n));
    for (std::size_t i = 0; i < 2 * n; ++i) {
      if (!std::isfinite(pair0[i]) || pair0[i] < 0) throw_invalid("pair_phi0[" + std::to_string(i) + "]", "must be finite and >= 0");
      if (!std::isfinite(pair1[i])) throw_invalid("pair_phi1[" + std::to_string(i) + "]", "must be finite");
    }
  } else if (!pair0.empty() || !pair1.empty()) {
    throw_invalid("pair_phi0", "given without kernels.pair");
  }
  spec_ = std::move(s);
  phi0_ = std::move(phi0);
  phi1_ = std::move(phi1);
  pair0_ = std::move(pair0);
  pair1_ = std::move(pair1);
}

void OpacityTable::prepare_logs() {
  auto lg = [](const std::vector<double>& v) {
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) r[i] = std::log10(std::max(v[i], kLogFloor));
    return r;
  };
  lka_ = lg(ka_);
  lks_ = lg(ks_);
  leta_ = lg(eta_);
  lrho_.resize(spec_.rho_gcc.size());
  lT_.resize(spec_.T_MeV.size());
  for (std::size_t i = 0; i < lrho_.size(); ++i) lrho_[i] = std::log10(spec_.rho_gcc[i]);
  for (std::size_t i = 0; i < lT_.size(); ++i) lT_[i] = std::log10(spec_.T_MeV[i]);
}

void OpacityTable::interpolate(double rho, double T, double Ye, int species, double* ka, double* ks, double* eta,
                               bool clamp) const {
  if (!std::isfinite(rho) || rho <= 0) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(T) || T <= 0) throw_invalid("T_MeV", "must be finite and > 0");
  if (!std::isfinite(Ye)) throw_invalid("Ye", "must be finite");
  if (species < 0 || species >= spec_.species) throw_invalid("species", "out of range");
  const double x[3] = {std::log10(rho), std::log10(T), Ye};
  const std::vector<double>* ax[3] = {&lrho_, &lT_, &spec_.Ye};
  const char* names[3] = {"rho_gcc", "T_MeV", "Ye"};
  int idx[3];
  double w[3];
  for (int a = 0; a < 3; ++a) {
    const auto& v = *ax[a];
    double q = x[a];
    if (v.size() == 1) {
      idx[a] = 0;
      w[a] = 0;
      continue;
    }
    if (q < v.front() || q > v.back()) {
      if (!clamp) throw Error(ErrorCode::OutOfDomain, names[a], std::string(names[a]) + ": outside the table's range");
      q = std::clamp(q, v.front(), v.back());
    }
    int i = int(std::upper_bound(v.begin(), v.end(), q) - v.begin()) - 1;
    i = std::clamp(i, 0, int(v.size()) - 2);
    idx[a] = i;
    w[a] = (q - v[i]) / (v[i + 1] - v[i]);
  }
  const std::size_t nr = spec_.rho_gcc.size(), nT = spec_.T_MeV.size(), ng = spec_.groups(), ns = std::size_t(spec_.species);
  for (std::size_t g = 0; g < ng; ++g) {
    ka[g] = 0;
    ks[g] = 0;
    eta[g] = 0;
  }
  for (int c = 0; c < 8; ++c) {
    const int dr = c & 1, dT = (c >> 1) & 1, dy = (c >> 2) & 1;
    if ((dr && nr == 1) || (dT && nT == 1) || (dy && spec_.Ye.size() == 1)) continue;
    const double wt = (dr ? w[0] : 1 - w[0]) * (dT ? w[1] : 1 - w[1]) * (dy ? w[2] : 1 - w[2]);
    const std::size_t p = (std::size_t(idx[2] + dy) * nT + std::size_t(idx[1] + dT)) * nr + std::size_t(idx[0] + dr);
    const std::size_t base = (p * ns + std::size_t(species)) * ng;
    for (std::size_t g = 0; g < ng; ++g) {  // vectorises over groups
      ka[g] += wt * lka_[base + g];
      ks[g] += wt * lks_[base + g];
      eta[g] += wt * leta_[base + g];
    }
  }
  for (std::size_t g = 0; g < ng; ++g) {
    ka[g] = ka[g] <= -299.999 ? 0.0 : std::pow(10.0, ka[g]);
    ks[g] = ks[g] <= -299.999 ? 0.0 : std::pow(10.0, ks[g]);
    eta[g] = eta[g] <= -299.999 ? 0.0 : std::pow(10.0, eta[g]);
  }
}

}  // namespace nusphere::opacity
