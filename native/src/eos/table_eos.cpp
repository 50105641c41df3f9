// Tabulated EOS (stellarcollapse.org layout): trilinear (or tricubic) interpolation with one cell
// search and one set of weights per point for every variable, derivatives of P, e, s as the exact
// derivatives of the interpolant, and temperature inversion.
// See table_eos.hpp. REFERENCES: O'Connor & Ott 2010 CQG 27, 114103.
#include "nusphere/eos/table_eos.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"

namespace nusphere::eos {

const std::array<const char*, kTableVars>& table_var_names() {
  static const std::array<const char*, kTableVars> names = {"logpress", "logenergy", "entropy", "munu", "muhat", "mu_e",
                                                            "mu_p", "mu_n", "Xa", "Xh", "Xn", "Xp", "Abar", "Zbar",
                                                            "cs2", "gamma"};
  return names;
}

namespace {
void check_axis(const std::vector<double>& a, const char* name) {
  if (a.size() < 2) throw_invalid(name, "needs at least 2 points");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!std::isfinite(a[i])) throw_invalid(std::string(name) + "[" + std::to_string(i) + "]", "not finite");
    if (i && !(a[i] > a[i - 1])) throw_invalid(std::string(name) + "[" + std::to_string(i) + "]", "axis not strictly increasing");
  }
}
}  // namespace

TableEos::TableEos(TableEosData data, bool clamp, bool cubic) : d_(std::move(data)), clamp_(clamp), cubic_(cubic) {
  check_axis(d_.logrho, "logrho");
  check_axis(d_.logtemp, "logtemp");
  check_axis(d_.ye, "ye");
  if (!std::isfinite(d_.energy_shift_ergg)) throw_invalid("energy_shift", "not finite");
  const std::size_t n = d_.logrho.size() * d_.logtemp.size() * d_.ye.size();
  for (int v = 0; v < kTableVars; ++v) {
    const auto& f = d_.fields[v];
    if (f.size() != n)
      throw_invalid(table_var_names()[v], "has " + std::to_string(f.size()) + " values, expected " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(f[i])) throw_invalid(std::string(table_var_names()[v]) + "[" + std::to_string(i) + "]", "not finite");
  }
  const auto& s = d_.fields[int(TableVar::Entropy)];
  log_entropy_ = std::all_of(s.begin(), s.end(), [](double x) { return x > 0; });
  nodes_.resize(n * kPack);
  for (int v = 0; v < kTableVars; ++v) {
    const auto& f = d_.fields[v];
    const bool lg = log_entropy_ && v == int(TableVar::Entropy);
    for (std::size_t i = 0; i < n; ++i) nodes_[i * kPack + v] = lg ? std::log10(f[i]) : f[i];
  }
  for (auto& f : d_.fields) std::vector<double>().swap(f);  // the interleaved store replaces them
}

EosDomain TableEos::domain() const {
  return {std::pow(10.0, d_.logrho.front()), std::pow(10.0, d_.logrho.back()), std::pow(10.0, d_.logtemp.front()),
          std::pow(10.0, d_.logtemp.back()), d_.ye.front(), d_.ye.back()};
}

void TableEos::locate(double lr, double lt, double y, int idx[3], double w[3]) const {
  const std::vector<double>* axes[3] = {&d_.logrho, &d_.logtemp, &d_.ye};
  const double x[3] = {lr, lt, y};
  static const char* names[3] = {"rho_gcc", "T_MeV", "Ye"};
  for (int a = 0; a < 3; ++a) {
    const auto& ax = *axes[a];
    double v = x[a];
    if (v < ax.front() || v > ax.back()) {
      if (!clamp_)
        throw Error(ErrorCode::OutOfDomain, names[a], std::string(names[a]) + ": outside the table's range");
      v = std::clamp(v, ax.front(), ax.back());
    }
    auto it = std::upper_bound(ax.begin(), ax.end(), v);
    int i = int(it - ax.begin()) - 1;
    i = std::clamp(i, 0, int(ax.size()) - 2);
    idx[a] = i;
    w[a] = (v - ax[i]) / (ax[i + 1] - ax[i]);
  }
}

TableEos::Stencil TableEos::stencil(double lr, double lt, double y) const {
  int idx[3];
  double w[3];
  locate(lr, lt, y, idx, w);
  const std::vector<double>* axes[3] = {&d_.logrho, &d_.logtemp, &d_.ye};
  Stencil st;
  for (int a = 0; a < 3; ++a) {
    const auto& ax = *axes[a];
    const int m = int(ax.size());
    const double x = ax[idx[a]] + w[a] * (ax[idx[a] + 1] - ax[idx[a]]);
    if (!cubic_) {
      st.n[a] = 2;
      st.i0[a] = idx[a];
      st.L[a][0] = 1 - w[a];
      st.L[a][1] = w[a];
      const double inv = 1.0 / (ax[idx[a] + 1] - ax[idx[a]]);
      st.dL[a][0] = -inv;
      st.dL[a][1] = inv;
      continue;
    }
    // 4-point Lagrange weights on (possibly non-uniform) nodes i0..i0+3 around the cell, and their
    // derivatives dL_k/dx = Σ_{q≠k} 1/(x_k − x_q) Π_{r≠k,q} (x − x_r)/(x_k − x_r)
    const int n = m >= 4 ? 4 : m;
    st.n[a] = n;
    st.i0[a] = std::clamp(idx[a] - 1, 0, m - n);
    const double* xs = ax.data() + st.i0[a];
    for (int k = 0; k < n; ++k) {
      double l = 1, dl = 0;
      for (int q = 0; q < n; ++q) {
        if (q == k) continue;
        const double den = xs[k] - xs[q];
        double term = 1.0 / den;
        for (int r = 0; r < n; ++r)
          if (r != k && r != q) term *= (x - xs[r]) / (xs[k] - xs[r]);
        dl += term;
        l *= (x - xs[q]) / den;
      }
      st.L[a][k] = l;
      st.dL[a][k] = dl;
    }
  }
  return st;
}

double TableEos::apply(const Stencil& st, int var, double* d_lr, double* d_lt) const {
  const std::size_t nr = d_.logrho.size(), nt = d_.logtemp.size();
  double r = 0, dr = 0, dt = 0;
  for (int c = 0; c < st.n[2]; ++c)
    for (int b = 0; b < st.n[1]; ++b) {
      const double* row = nodes_.data() + ((std::size_t(st.i0[2] + c) * nt + std::size_t(st.i0[1] + b)) * nr + std::size_t(st.i0[0])) * kPack + var;
      double v = 0, vr = 0;
      for (int a = 0; a < st.n[0]; ++a) {
        v += st.L[0][a] * row[a * kPack];
        vr += st.dL[0][a] * row[a * kPack];
      }
      r += st.L[2][c] * st.L[1][b] * v;
      dr += st.L[2][c] * st.L[1][b] * vr;
      dt += st.L[2][c] * st.dL[1][b] * v;
    }
  if (d_lr) *d_lr = dr;
  if (d_lt) *d_lt = dt;
  return r;
}

double TableEos::entropy(double lr, double lt, double y) const {
  const double v = apply(stencil(lr, lt, y), int(TableVar::Entropy));
  return log_entropy_ ? std::pow(10.0, v) : v;
}

void TableEos::evaluate(double rho, double T, double Ye, EosState& o) const {
  if (!std::isfinite(rho) || rho <= 0) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(T) || T <= 0) throw_invalid("T_MeV", "must be finite and > 0");
  if (!std::isfinite(Ye) || Ye < 0 || Ye > 1) throw_invalid("Ye", "must be in [0, 1]");
  const double lr = std::log10(rho), lt = std::log10(T);
  const Stencil st = stencil(lr, lt, Ye);  // one cell search and one set of weights for every variable
  // every variable in one pass over the stencil's nodes (contiguous kPack values per node), with the
  // ∂/∂log ρ and ∂/∂log T of the interpolant for all of them
  const std::size_t nr = d_.logrho.size(), nt = d_.logtemp.size();
  double val[kPack] = {}, dlr[kPack] = {}, dlt[kPack] = {};
  for (int c = 0; c < st.n[2]; ++c)
    for (int b = 0; b < st.n[1]; ++b) {
      const double wcb = st.L[2][c] * st.L[1][b], wcdb = st.L[2][c] * st.dL[1][b];
      const double* row = nodes_.data() + ((std::size_t(st.i0[2] + c) * nt + std::size_t(st.i0[1] + b)) * nr + std::size_t(st.i0[0])) * kPack;
      for (int a = 0; a < st.n[0]; ++a) {
        const double w = wcb * st.L[0][a], wr = wcb * st.dL[0][a], wt = wcdb * st.L[0][a];
        const double* p = row + a * kPack;
        for (int v = 0; v < kPack; ++v) {
          val[v] += w * p[v];
          dlr[v] += wr * p[v];
          dlt[v] += wt * p[v];
        }
      }
    }
  auto v = [&](TableVar t) { return val[int(t)]; };
  o = EosState{};
  o.rho_gcc = rho;
  o.T_MeV = T;
  o.Ye = Ye;
  // P, e, s with the derivatives of the same interpolant (exact derivatives of what is returned):
  // for q = 10^L, ∂q/∂ρ = q ln10 ∂L/∂log ρ · 1/(ρ ln10) = q ∂L/∂log ρ / ρ, likewise for T.
  const int iP = int(TableVar::LogPress), iE = int(TableVar::LogEnergy), iS = int(TableVar::Entropy);
  o.P_dyncm2 = std::pow(10.0, val[iP]);
  o.dPdrho = o.P_dyncm2 * dlr[iP] / rho;
  o.dPdT = o.P_dyncm2 * dlt[iP] / T;
  const double eps = std::pow(10.0, val[iE]);  // e + energy_shift
  o.e_ergg = eps - d_.energy_shift_ergg;
  o.dedrho = eps * dlr[iE] / rho;
  o.dedT = eps * dlt[iE] / T;
  if (log_entropy_) {
    o.s_kB = std::pow(10.0, val[iS]);
    o.dsdrho = o.s_kB * dlr[iS] / rho;
    o.dsdT = o.s_kB * dlt[iS] / T;
  } else {
    constexpr double kLn10 = 2.30258509299404568402;
    o.s_kB = val[iS];
    o.dsdrho = dlr[iS] / (rho * kLn10);
    o.dsdT = dlt[iS] / (T * kLn10);
  }
  o.mu_e_MeV = v(TableVar::MuE);
  o.mu_n_MeV = v(TableVar::MuN);
  o.mu_p_MeV = v(TableVar::MuP);
  o.muhat_MeV = v(TableVar::MuHat);
  o.mu_nue_MeV = v(TableVar::MuNu);
  o.eta_e = (o.mu_e_MeV - constants::me_MeV) / T;
  o.Xa = v(TableVar::Xa);
  o.Xh = v(TableVar::Xh);
  o.Xn = v(TableVar::Xn);
  o.Xp = v(TableVar::Xp);
  o.Abar = v(TableVar::Abar);
  o.Zbar = v(TableVar::Zbar);
  o.cs2_cm2s2 = v(TableVar::Cs2);
  o.gamma = v(TableVar::Gamma);
  // A table may hold values whose powers overflow (e.g. logpress > 308): never return inf/NaN.
  const double vals[] = {o.P_dyncm2, o.e_ergg, o.s_kB, o.mu_e_MeV, o.mu_n_MeV, o.mu_p_MeV, o.dPdrho, o.dPdT,
                         o.dedrho, o.dedT, o.dsdrho, o.dsdT, o.cs2_cm2s2, o.gamma};
  for (double x : vals)
    if (!std::isfinite(x)) throw Error(ErrorCode::OutOfDomain, "table", "table: interpolated state is not finite (table values overflow)");
}

double TableEos::invert(double rho, double target, double Ye, bool energy) const {
  if (!std::isfinite(rho) || rho <= 0) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(target)) throw_invalid(energy ? "e_ergg" : "s_kB", "must be finite");
  if (!std::isfinite(Ye) || Ye < 0 || Ye > 1) throw_invalid("Ye", "must be in [0, 1]");
  const double lr = std::log10(rho);
  auto f = [&](double lt) {
    return energy ? std::pow(10.0, apply(stencil(lr, lt, Ye), int(TableVar::LogEnergy))) - d_.energy_shift_ergg - target
                  : entropy(lr, lt, Ye) - target;
  };
  double a = d_.logtemp.front(), b = d_.logtemp.back();
  double fa = f(a), fb = f(b);
  const char* field = energy ? "e_ergg" : "s_kB";
  if (!std::isfinite(fa) || !std::isfinite(fb)) throw Error(ErrorCode::OutOfDomain, field, std::string(field) + ": table values overflow");
  if (fa > 0 || fb < 0) {
    if (!clamp_) throw Error(ErrorCode::OutOfDomain, field, std::string(field) + ": not reached within the table's temperature range");
    return std::pow(10.0, fa > 0 ? a : b);
  }
  // Bisection with secant steps on the bracket f(a) <= 0 <= f(b) (the interpolant is smooth in log T within a cell).
  for (int it = 0; it < 200 && b - a > 1e-13; ++it) {
    double m = a - fa * (b - a) / (fb - fa);
    if (!(m > a && m < b) || it % 3 == 2) m = 0.5 * (a + b);
    const double fm = f(m);
    if (!std::isfinite(fm)) throw Error(ErrorCode::OutOfDomain, field, std::string(field) + ": table values overflow");
    if (fm == 0) return std::pow(10.0, m);
    if (fm < 0) { a = m; fa = fm; } else { b = m; fb = fm; }
  }
  return std::pow(10.0, 0.5 * (a + b));
}

namespace {
double finite_temperature(double T, const char* field) {
  // a table whose log T axis reaches beyond ~308 cannot give a representable temperature
  if (!std::isfinite(T)) throw Error(ErrorCode::OutOfDomain, field, std::string(field) + ": temperature not representable (table axis overflow)");
  return T;
}
}  // namespace

double TableEos::temperature_from_energy(double rho, double e, double Ye) const {
  return finite_temperature(invert(rho, e, Ye, true), "e_ergg");
}
double TableEos::temperature_from_entropy(double rho, double s, double Ye) const {
  return finite_temperature(invert(rho, s, Ye, false), "s_kB");
}

}  // namespace nusphere::eos
