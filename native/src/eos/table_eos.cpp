// Tabulated EOS (stellarcollapse.org layout): trilinear interpolation and temperature inversion.
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
  if (log_entropy_) {
    log_entropy_values_.resize(n);
    for (std::size_t i = 0; i < n; ++i) log_entropy_values_[i] = std::log10(s[i]);
  }
}

double TableEos::entropy(double lr, double lt, double y) const {
  return log_entropy_ ? std::pow(10.0, interp_field(log_entropy_values_, lr, lt, y)) : interp(int(TableVar::Entropy), lr, lt, y);
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

double TableEos::interp(int var, double lr, double lt, double y) const { return interp_field(d_.fields[var], lr, lt, y); }

double TableEos::interp_field(const std::vector<double>& f, double lr, double lt, double y) const {
  int idx[3];
  double w[3];
  locate(lr, lt, y, idx, w);
  const std::size_t nr = d_.logrho.size(), nt = d_.logtemp.size();
  if (cubic_) {
    // 4-point Lagrange weights per axis on (possibly non-uniform) nodes i0..i0+3 around the cell
    const std::vector<double>* axes[3] = {&d_.logrho, &d_.logtemp, &d_.ye};
    const double x[3] = {d_.logrho[idx[0]] + w[0] * (d_.logrho[idx[0] + 1] - d_.logrho[idx[0]]),
                         d_.logtemp[idx[1]] + w[1] * (d_.logtemp[idx[1] + 1] - d_.logtemp[idx[1]]),
                         d_.ye[idx[2]] + w[2] * (d_.ye[idx[2] + 1] - d_.ye[idx[2]])};
    int i0[3], n[3];
    double L[3][4];
    for (int a = 0; a < 3; ++a) {
      const auto& ax = *axes[a];
      const int m = int(ax.size());
      n[a] = m >= 4 ? 4 : m;
      i0[a] = std::clamp(idx[a] - 1, 0, m - n[a]);
      for (int k = 0; k < n[a]; ++k) {
        double l = 1;
        for (int q = 0; q < n[a]; ++q)
          if (q != k) l *= (x[a] - ax[i0[a] + q]) / (ax[i0[a] + k] - ax[i0[a] + q]);
        L[a][k] = l;
      }
    }
    double r = 0;
    for (int c = 0; c < n[2]; ++c)
      for (int b = 0; b < n[1]; ++b) {
        const double wcb = L[2][c] * L[1][b];
        const std::size_t base = (std::size_t(i0[2] + c) * nt + std::size_t(i0[1] + b)) * nr + std::size_t(i0[0]);
        for (int a = 0; a < n[0]; ++a) r += wcb * L[0][a] * f[base + a];
      }
    return r;
  }
  double r = 0;
  for (int c = 0; c < 8; ++c) {
    const int dr = c & 1, dt = (c >> 1) & 1, dy = (c >> 2) & 1;
    const double wt = (dr ? w[0] : 1 - w[0]) * (dt ? w[1] : 1 - w[1]) * (dy ? w[2] : 1 - w[2]);
    r += wt * f[(std::size_t(idx[2] + dy) * nt + std::size_t(idx[1] + dt)) * nr + std::size_t(idx[0] + dr)];
  }
  return r;
}

void TableEos::evaluate(double rho, double T, double Ye, EosState& o) const {
  if (!std::isfinite(rho) || rho <= 0) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(T) || T <= 0) throw_invalid("T_MeV", "must be finite and > 0");
  if (!std::isfinite(Ye) || Ye < 0 || Ye > 1) throw_invalid("Ye", "must be in [0, 1]");
  const double lr = std::log10(rho), lt = std::log10(T);
  auto v = [&](TableVar t) { return interp(int(t), lr, lt, Ye); };
  o = EosState{};
  o.rho_gcc = rho;
  o.T_MeV = T;
  o.Ye = Ye;
  o.P_dyncm2 = std::pow(10.0, v(TableVar::LogPress));
  o.e_ergg = std::pow(10.0, v(TableVar::LogEnergy)) - d_.energy_shift_ergg;
  o.s_kB = entropy(lr, lt, Ye);
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
  // Derivatives by centred differences of the interpolant in log space (piecewise linear: one-sided
  // at cell faces is as good as it gets for a trilinear table).
  const double h = 1e-4;
  auto P_at = [&](double dlr, double dlt) { return std::pow(10.0, interp(int(TableVar::LogPress), lr + dlr, lt + dlt, Ye)); };
  auto e_at = [&](double dlr, double dlt) {
    return std::pow(10.0, interp(int(TableVar::LogEnergy), lr + dlr, lt + dlt, Ye)) - d_.energy_shift_ergg;
  };
  auto s_at = [&](double dlr, double dlt) { return entropy(lr + dlr, lt + dlt, Ye); };
  const double lo_r = std::max(lr - h, d_.logrho.front()), hi_r = std::min(lr + h, d_.logrho.back());
  const double lo_t = std::max(lt - h, d_.logtemp.front()), hi_t = std::min(lt + h, d_.logtemp.back());
  const double drho = std::pow(10.0, hi_r) - std::pow(10.0, lo_r), dT = std::pow(10.0, hi_t) - std::pow(10.0, lo_t);
  o.dPdrho = (P_at(hi_r - lr, 0) - P_at(lo_r - lr, 0)) / drho;
  o.dedrho = (e_at(hi_r - lr, 0) - e_at(lo_r - lr, 0)) / drho;
  o.dsdrho = (s_at(hi_r - lr, 0) - s_at(lo_r - lr, 0)) / drho;
  o.dPdT = (P_at(0, hi_t - lt) - P_at(0, lo_t - lt)) / dT;
  o.dedT = (e_at(0, hi_t - lt) - e_at(0, lo_t - lt)) / dT;
  o.dsdT = (s_at(0, hi_t - lt) - s_at(0, lo_t - lt)) / dT;
  // A table may hold values whose powers overflow (e.g. logpress > 308): never return inf/NaN.
  const double vals[] = {o.P_dyncm2, o.e_ergg, o.s_kB, o.mu_e_MeV, o.mu_n_MeV, o.mu_p_MeV, o.dPdrho, o.dPdT,
                         o.dedrho, o.dedT, o.dsdrho, o.dsdT, o.cs2_cm2s2, o.gamma};
  for (double v : vals)
    if (!std::isfinite(v)) throw Error(ErrorCode::OutOfDomain, "table", "table: interpolated state is not finite (table values overflow)");
}

double TableEos::invert(double rho, double target, double Ye, bool energy) const {
  if (!std::isfinite(rho) || rho <= 0) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(target)) throw_invalid(energy ? "e_ergg" : "s_kB", "must be finite");
  if (!std::isfinite(Ye) || Ye < 0 || Ye > 1) throw_invalid("Ye", "must be in [0, 1]");
  const double lr = std::log10(rho);
  auto f = [&](double lt) {
    return energy ? std::pow(10.0, interp(int(TableVar::LogEnergy), lr, lt, Ye)) - d_.energy_shift_ergg - target
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
  // Bisection with secant steps (the interpolant is piecewise linear in log T between table nodes).
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
