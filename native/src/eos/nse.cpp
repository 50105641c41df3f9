// Nuclear statistical equilibrium of free nucleons (non-relativistic Fermi gases), ⁴He and heavy
// nuclei (Boltzmann gases, ground-state spin degeneracy, no excited states) by Saha equations, with
// the nuclear-density cut, and the thermodynamics of this baryon sector with analytic derivatives.
//
// Unknowns: the free nucleons' kinetic degeneracies (eta_n, eta_p) = (μ_n, μ_p)_kin / T, kept in
// double-double precision (the exponents Z eta_p + N eta_n + B/T reach 1e5 at T = 0.01 MeV, so a plain
// double would quantize ln n_A in steps of ~1e-11). For species i:
//   ln n_i = ln(g_i n_Q,i) + (B_i − A_i ε_cut)/T + Z_i eta_p + N_i eta_n,  n_Q = (M T/2π(ħc)²)^{3/2},
//   ln n_{n,p} = ln[(1/2π²)(2 m T/(ħc)²)^{3/2}] + ln F_{1/2}(eta_{n,p}),
// accumulated in long double. Equations (log form): r1 = ln(Σ A_i n_i / n_B) = 0 and, relative to the
// dominant species d (largest A_i n_i), the combination Z_d·(N-eq) − N_d·(Z-eq) = Σ c_i n_i − R = 0 with
// c_i = Z_d N_i − N_d Z_i, R = n_B (Z_d − A_d Ye), written as r2 = ln(P₊/P₋) where P± collect the terms
// of either sign. d drops out of r2, so r2 is set by the trace species and stays well conditioned
// (in log space) even when they are e^-1000 of the total. Newton with backtracking line search from the
// best of three starts: the two-species solution on the lower convex hull of (Z/A, −B/A) (the T → 0
// composition), free nucleons, and the hull restricted to n, p, ⁴He.
// Derivatives at fixed rho (or T): dη/dx = −J⁻¹ ∂r/∂x (implicit function theorem on the same system),
// then per species dP = s dT + n dμ, ds = s_T dT + n_T dμ at fixed own μ.
//
// REFERENCES: Clayton (1968) Principles of Stellar Evolution and Nucleosynthesis ch. 7 (Saha/NSE);
//   Seitenzahl et al. 2008 ADNDT 94, 1 (NSE equations and solution strategy); Wang et al. 2021
//   Chin. Phys. C 45, 030003 (AME2020 masses); Lattimer & Swesty 1991 NPA 535, 331 (switch-off of
//   nuclei at high density, motivating the cut); Cox & Giuli (1968) ch. 24 (Fermi gases).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/fermi_dirac.hpp"
#include "nusphere/eos/analytic_eos.hpp"

namespace nusphere::eos::analytic {
namespace {

using LD = long double;
constexpr std::size_t K = kNseSpecies;
constexpr double kPi = 3.14159265358979323846;
constexpr double kGamma32 = 0.88622692545275801365;  // Γ(3/2) = √π/2
constexpr double kSeriesEta = -25.0;                 // below: F_k from the 4-term Boltzmann series
constexpr double kEtaMax = 1e6;                      // Fermi–Dirac domain limit
constexpr double kTol = 2e-14;                       // max |log residual| at convergence
constexpr double kNoiseFactor = 50.0;                // accepted within 50 x tolerance when the line search stalls

const std::array<NseSpecies, K> kSpeciesTable = {{
    {"n", 0, 1, 2.0, 0.0},
    {"p", 1, 0, 2.0, 0.0},
    {"he4", 2, 2, 1.0, constants::B_He4_MeV},
    {"c12", 6, 6, 1.0, constants::B_C12_MeV},
    {"o16", 8, 8, 1.0, constants::B_O16_MeV},
    {"si28", 14, 14, 1.0, constants::B_Si28_MeV},
    {"fe54", 26, 28, 1.0, constants::B_Fe54_MeV},
    {"fe56", 26, 30, 1.0, constants::B_Fe56_MeV},
    {"fe58", 26, 32, 1.0, constants::B_Fe58_MeV},
    {"ni56", 28, 28, 1.0, constants::B_Ni56_MeV},
    {"ni58", 28, 30, 1.0, constants::B_Ni58_MeV},
    {"ni62", 28, 34, 1.0, constants::B_Ni62_MeV},
    {"ni64", 28, 36, 1.0, constants::B_Ni64_MeV},
    {"ge82", 32, 50, 1.0, constants::B_Ge82_MeV},
    {"ni78", 28, 50, 1.0, constants::B_Ni78_MeV},
}};

inline int A_of(std::size_t i) { return kSpeciesTable[i].Z + kSpeciesTable[i].N; }
inline bool is_nucleon(std::size_t i) { return i == kNeutron || i == kProton; }

// ---- double-double accumulator for the unknowns ----
struct DD {
  double hi = 0, lo = 0;
  double value() const { return hi + lo; }
};
DD dd_add(DD a, double b) {
  const double s = a.hi + b, bb = s - a.hi;
  const double err = (a.hi - (s - bb)) + (b - bb);
  const double lo = a.lo + err;
  DD r;
  r.hi = s + lo;
  r.lo = lo - (r.hi - s);
  return r;
}

// ---- non-relativistic Fermi integrals of the free nucleons ----
struct NucleonF {
  double lnF12 = 0;  // ln F_{1/2}(eta)
  double w = 0;      // d ln F_{1/2} / d eta
  double r32 = 0;    // F_{3/2} / F_{1/2}
  double f12 = 0;    // F_{1/2} itself in the Fermi–Dirac branch (0 in the series branch)
};
NucleonF nucleon_f(double eta, bool need32) {
  NucleonF r;
  if (eta < kSeriesEta) {
    // F_k(eta) = Γ(k+1) e^eta Σ_j (−1)^{j+1} e^{(j−1)eta} / j^{k+1}, 4 terms (error e^{4 eta} ≲ 1e-43).
    const double x = std::exp(eta);
    const double s12 = 1.0 - x * (0.35355339059327376220 - x * (0.19245008972987525484 - x * 0.125));
    const double d12 = -x * (0.35355339059327376220 - x * (2.0 * 0.19245008972987525484 - x * 3.0 * 0.125));
    r.lnF12 = std::log(kGamma32) + eta + std::log(s12);
    r.w = 1.0 + d12 / s12;
    if (need32) {
      const double s32 = 1.0 - x * (0.17677669529663688110 - x * (0.06415002990995841828 - x * 0.03125));
      r.r32 = 1.5 * s32 / s12;  // Γ(5/2)/Γ(3/2) = 3/2
    }
  } else {
    const FermiDiracValue f = fermi_dirac_full(0.5, eta, 0.0);
    r.lnF12 = std::log(f.f);
    r.f12 = f.f;
    r.w = f.df_deta / f.f;
    if (need32) r.r32 = fermi_dirac(1.5, eta, 0.0) / f.f;
  }
  return r;
}

// F_{3/2}/F_{1/2} given the F_{1/2} part already computed by nucleon_f.
double nucleon_r32(double eta, const NucleonF& f) {
  if (eta < kSeriesEta) return nucleon_f(eta, true).r32;  // series: cheap
  return fermi_dirac(1.5, eta, 0.0) / f.f12;
}

// Inverse of F_{1/2} (rough; a Newton start only).
double inverse_f12(double y) {
  const double u = y / kGamma32;
  if (u < 2.0) return std::log(u) + u * 0.35355339059327376220;
  const double e0 = std::pow(1.5 * y, 2.0 / 3.0);
  return e0 * (1.0 - kPi * kPi / (12.0 * e0 * e0));
}

// ---- per-call context ----
struct Ctx {
  double rho, T, Ye, nB, lnnB;
  double eps = 0, eps1 = 0, eps2 = 0;  // ε_cut, dε/drho, d²ε/drho² (energy per bound nucleon)
  double v = 0, v1 = 0, v2 = 0;        // excluded volume: v = −ln(1 − rho/rho_nuc) per nucleus, v', v''
  std::array<bool, K> on{};
  std::array<LD, K> base{};         // Boltzmann: ln(g n_Q) + (B − A ε)/T; nucleons: ln C_N (n = C_N F_{1/2})
  std::array<double, K> lngnQ{};    // ln(g n_Q) (Boltzmann species)
  std::array<double, K> rest{};     // rest energy relative to A m_n: −Z Δ − B [MeV]
};

Ctx make_ctx(double rho, double T, double Ye, const AnalyticEosOptions& opt) {
  Ctx c;
  c.rho = rho;
  c.T = T;
  c.Ye = Ye;
  c.nB = rho / constants::mu_g;
  c.lnnB = std::log(c.nB);
  const double rho_cut = opt.cut_rho_gcc > 0 ? opt.cut_rho_gcc : constants::rho_sat_gcc;
  if (opt.nuclei && opt.cut_eps_MeV > 0) {
    const double k = opt.cut_power;
    c.eps = opt.cut_eps_MeV * std::pow(rho / rho_cut, k);
    c.eps1 = k * c.eps / rho;
    c.eps2 = k * (k - 1.0) * c.eps / (rho * rho);
  }
  bool nuclei_allowed = opt.nuclei;
  if (opt.nuclei && opt.excluded_volume) {
    const double rho_nuc = opt.rho_nuc_gcc > 0 ? opt.rho_nuc_gcc : constants::rho_sat_gcc;
    const double u = rho / rho_nuc;
    if (u >= 1.0) {
      nuclei_allowed = false;
    } else {
      c.v = -std::log1p(-u);
      c.v1 = 1.0 / (rho_nuc * (1.0 - u));
      c.v2 = c.v1 * c.v1;
    }
  }
  const double hc2 = constants::hbarc_MeVcm * constants::hbarc_MeVcm;
  for (std::size_t i = 0; i < K; ++i) {
    const NseSpecies& s = kSpeciesTable[i];
    const int A = s.Z + s.N;
    c.on[i] = is_nucleon(i) || nuclei_allowed;
    c.rest[i] = -s.Z * constants::delta_np_MeV - s.B_MeV;
    if (is_nucleon(i)) {
      const double m = i == kNeutron ? constants::mn_MeV : constants::mp_MeV;
      const double x = 2.0 * m * T / hc2;
      c.base[i] = std::log(x * std::sqrt(x) / (2.0 * kPi * kPi));
    } else {
      const double M = s.Z * constants::mp_MeV + s.N * constants::mn_MeV - s.B_MeV;
      const double x = M * T / (2.0 * kPi * hc2);
      c.lngnQ[i] = std::log(s.g * x * std::sqrt(x));
      c.base[i] = LD(c.lngnQ[i]) + (LD(s.B_MeV) - LD(A) * LD(c.eps)) / LD(T) - LD(c.v);
    }
  }
  return c;
}

// ---- evaluation at (eta_n, eta_p) ----
struct Point {
  std::array<double, K> a{};           // ln n_i
  std::array<double, K> dan{}, dap{};  // ∂a_i/∂eta_n, ∂a_i/∂eta_p
  NucleonF fn, fp;
};

Point evaluate(const Ctx& c, const DD& en, const DD& ep, bool need32 = false) {
  Point p;
  const double eta_n = en.value(), eta_p = ep.value();
  p.fn = nucleon_f(eta_n, need32);
  p.fp = nucleon_f(eta_p, need32);
  for (std::size_t i = 0; i < K; ++i) {
    if (!c.on[i]) continue;
    if (i == kNeutron) {
      p.a[i] = double(c.base[i] + LD(p.fn.lnF12));
      p.dan[i] = p.fn.w;
    } else if (i == kProton) {
      p.a[i] = double(c.base[i] + LD(p.fp.lnF12));
      p.dap[i] = p.fp.w;
    } else {
      const LD Z = kSpeciesTable[i].Z, N = kSpeciesTable[i].N;
      p.a[i] = double(c.base[i] + Z * LD(ep.hi) + N * LD(en.hi) + (Z * LD(ep.lo) + N * LD(en.lo)));
      p.dan[i] = double(N);
      p.dap[i] = double(Z);
    }
  }
  return p;
}

// Residual (r1, r2) with the normalized weights that linearize it:
//   dr1 = Σ w1_i da_i − dln n_B,   dr2 = Σ w2_i da_i + wR dln R.
struct Res {
  double r1 = 0, r2 = 0;
  std::array<double, K> w1{}, w2{};
  double wR = 0;
  double scale2 = 0;  // max |ln P±| (rounding floor of r2 is a few ulp of it)
  std::size_t d = 0;
  double J[2][2] = {{0, 0}, {0, 0}};
  double norm2() const { return r1 * r1 + r2 * r2; }
  double maxabs() const { return std::max(std::fabs(r1), std::fabs(r2)); }
  // Converged when both residuals are at the tolerance (r2 relative to its own rounding floor).
  bool converged(double f) const {
    return std::fabs(r1) <= f * kTol && std::fabs(r2) <= f * (kTol + 16.0 * 2.220446049250313e-16 * scale2);
  }
};

const std::array<double, K>& ln_A() {
  static const std::array<double, K> t = [] {
    std::array<double, K> r{};
    for (std::size_t i = 0; i < K; ++i) r[i] = std::log(double(A_of(i)));
    return r;
  }();
  return t;
}

std::size_t dominant(const Ctx& c, const Point& p) {
  const auto& lnA = ln_A();
  std::size_t d = kNeutron;
  double best = -HUGE_VAL;
  for (std::size_t i = 0; i < K; ++i) {
    if (!c.on[i]) continue;
    const double t = p.a[i] + lnA[i];
    if (t > best) best = t, d = i;
  }
  return d;
}

Res residual(const Ctx& c, const Point& p, std::size_t d) {
  Res r;
  r.d = d;
  // r1 = ln Σ A_i n_i − ln n_B (scaled by the largest n_i)
  double m = -HUGE_VAL;
  for (std::size_t i = 0; i < K; ++i)
    if (c.on[i]) m = std::max(m, p.a[i]);
  double S = 0;
  for (std::size_t i = 0; i < K; ++i)
    if (c.on[i]) r.w1[i] = A_of(i) * std::exp(p.a[i] - m), S += r.w1[i];
  for (std::size_t i = 0; i < K; ++i) r.w1[i] /= S;
  r.r1 = m + std::log(S) - c.lnnB;

  // r2 = ln P₊ − ln P₋ relative to the dominant species d; each side scaled by its own largest term.
  const int Zd = kSpeciesTable[d].Z, Nd = kSpeciesTable[d].N, Ad = Zd + Nd;
  const double q = std::fma(-double(Ad), c.Ye, double(Zd));  // Z_d − A_d Ye, rounded once
  const double lnR = q != 0 ? c.lnnB + std::log(std::fabs(q)) : -HUGE_VAL;
  double mp = -HUGE_VAL, mm = -HUGE_VAL;
  std::array<int, K> ci{};
  for (std::size_t i = 0; i < K; ++i) {
    if (!c.on[i]) continue;
    ci[i] = Zd * kSpeciesTable[i].N - Nd * kSpeciesTable[i].Z;
    if (ci[i] > 0) mp = std::max(mp, p.a[i]);
    if (ci[i] < 0) mm = std::max(mm, p.a[i]);
  }
  // R enters P₊ when R < 0 (q < 0) and P₋ when R > 0.
  if (q < 0) mp = std::max(mp, lnR);
  if (q > 0) mm = std::max(mm, lnR);
  if (mp == -HUGE_VAL || mm == -HUGE_VAL) {
    // Cannot happen with n and p in the set; fall back to the plain charge equation.
    double mz = -HUGE_VAL;
    for (std::size_t i = 0; i < K; ++i)
      if (c.on[i] && kSpeciesTable[i].Z > 0) mz = std::max(mz, p.a[i]);
    double Sz = 0;
    for (std::size_t i = 0; i < K; ++i)
      if (c.on[i] && kSpeciesTable[i].Z > 0) r.w2[i] = kSpeciesTable[i].Z * std::exp(p.a[i] - mz), Sz += r.w2[i];
    for (auto& w : r.w2) w /= Sz;
    r.r2 = mz + std::log(Sz) - (c.lnnB + std::log(c.Ye));
    r.wR = -1.0;
    r.scale2 = std::max(std::fabs(mz), std::fabs(c.lnnB));
  } else {
    double Sp = 0, Sm = 0;
    for (std::size_t i = 0; i < K; ++i) {
      if (ci[i] > 0) r.w2[i] = ci[i] * std::exp(p.a[i] - mp), Sp += r.w2[i];
      if (ci[i] < 0) r.w2[i] = ci[i] * std::exp(p.a[i] - mm), Sm -= r.w2[i];
    }
    double eR = 0;
    if (q != 0) {
      eR = std::exp(lnR - (q < 0 ? mp : mm));
      (q < 0 ? Sp : Sm) += eR;
    }
    for (std::size_t i = 0; i < K; ++i) {
      if (ci[i] > 0) r.w2[i] /= Sp;
      if (ci[i] < 0) r.w2[i] /= Sm;
    }
    r.wR = q < 0 ? eR / Sp : (q > 0 ? -eR / Sm : 0.0);
    r.r2 = (mp + std::log(Sp)) - (mm + std::log(Sm));
    r.scale2 = std::max(std::fabs(mp), std::fabs(mm));
  }
  for (std::size_t i = 0; i < K; ++i) {
    r.J[0][0] += r.w1[i] * p.dan[i];
    r.J[0][1] += r.w1[i] * p.dap[i];
    r.J[1][0] += r.w2[i] * p.dan[i];
    r.J[1][1] += r.w2[i] * p.dap[i];
  }
  return r;
}

// Solves J x = b (2x2); Levenberg–Marquardt regularization when nearly singular.
void solve2(const double J[2][2], const double b[2], double x[2]) {
  const double det = J[0][0] * J[1][1] - J[0][1] * J[1][0];
  const double scale = std::fabs(J[0][0] * J[1][1]) + std::fabs(J[0][1] * J[1][0]);
  if (std::fabs(det) > 1e-13 * scale && scale > 0) {
    x[0] = (b[0] * J[1][1] - b[1] * J[0][1]) / det;
    x[1] = (J[0][0] * b[1] - J[1][0] * b[0]) / det;
    return;
  }
  double A[2][2], g[2];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) A[i][j] = J[0][i] * J[0][j] + J[1][i] * J[1][j];
  g[0] = J[0][0] * b[0] + J[1][0] * b[1];
  g[1] = J[0][1] * b[0] + J[1][1] * b[1];
  const double lam = 1e-8 * (A[0][0] + A[1][1]) + 1e-300;
  A[0][0] += lam;
  A[1][1] += lam;
  const double d2 = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  x[0] = (g[0] * A[1][1] - g[1] * A[0][1]) / d2;
  x[1] = (A[0][0] * g[1] - A[1][0] * g[0]) / d2;
}

// ---- starting points ----
struct Hull {
  std::vector<std::size_t> v;  // hull vertices by increasing Z/A
};
Hull lower_hull(const std::vector<std::size_t>& ids) {
  // points (y = Z/A, e = −B/A); for equal y keep the lowest e
  std::vector<std::size_t> pts = ids;
  auto y = [](std::size_t i) { return double(kSpeciesTable[i].Z) / A_of(i); };
  auto e = [](std::size_t i) { return -kSpeciesTable[i].B_MeV / A_of(i); };
  std::sort(pts.begin(), pts.end(), [&](std::size_t a, std::size_t b) { return y(a) < y(b) || (y(a) == y(b) && e(a) < e(b)); });
  Hull h;
  for (std::size_t i : pts) {
    if (!h.v.empty() && y(h.v.back()) == y(i)) continue;
    while (h.v.size() >= 2) {
      const std::size_t a = h.v[h.v.size() - 2], b = h.v.back();
      const double cross = (y(b) - y(a)) * (e(i) - e(a)) - (e(b) - e(a)) * (y(i) - y(a));
      if (cross <= 0) h.v.pop_back();
      else break;
    }
    h.v.push_back(i);
  }
  return h;
}
const Hull& hull_all() {
  static const Hull h = [] {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < K; ++i) ids.push_back(i);
    return lower_hull(ids);
  }();
  return h;
}
const Hull& hull_light() {
  static const Hull h = lower_hull({kNeutron, kProton, kAlpha});
  return h;
}
const Hull& hull_nucleons() {
  static const Hull h = lower_hull({kNeutron, kProton});
  return h;
}

// Two-species composition (i, j) on the hull segment containing Ye, every species treated as Boltzmann.
bool pair_start(const Ctx& c, const Hull& h, double& eta_n, double& eta_p) {
  std::size_t i = h.v.front(), j = h.v.back();
  for (std::size_t k = 0; k + 1 < h.v.size(); ++k) {
    const std::size_t a = h.v[k], b = h.v[k + 1];
    if (double(kSpeciesTable[a].Z) / A_of(a) <= c.Ye && c.Ye <= double(kSpeciesTable[b].Z) / A_of(b)) {
      i = a, j = b;
      break;
    }
  }
  const double Ai = A_of(i), Aj = A_of(j), Zi = kSpeciesTable[i].Z, Zj = kSpeciesTable[j].Z;
  const double det = Ai * Zj - Aj * Zi;
  if (det == 0) return false;
  double Yi = (Zj - Aj * c.Ye) / det, Yj = (Ai * c.Ye - Zi) / det;
  Yi = std::max(Yi, 1e-10 / Ai);
  Yj = std::max(Yj, 1e-10 / Aj);
  auto rhs = [&](std::size_t s, double Y) {
    double b = double(c.base[s]);
    if (is_nucleon(s)) b += std::log(kGamma32);
    return std::log(Y * c.nB) - b;
  };
  const double Ni = kSpeciesTable[i].N, Nj = kSpeciesTable[j].N;
  const double bi = rhs(i, Yi), bj = rhs(j, Yj), dd = Ni * Zj - Zi * Nj;
  if (dd == 0) return false;
  eta_n = (bi * Zj - bj * Zi) / dd;
  eta_p = (Ni * bj - Nj * bi) / dd;
  return std::isfinite(eta_n) && std::isfinite(eta_p);
}

void nucleon_start(const Ctx& c, double& eta_n, double& eta_p) {
  eta_n = inverse_f12((1.0 - c.Ye) * c.nB / std::exp(double(c.base[kNeutron])));
  eta_p = inverse_f12(c.Ye * c.nB / std::exp(double(c.base[kProton])));
}

struct Solved {
  DD en, ep;
  Point p;
  Res r;
  int iterations = 0;
};

bool newton(const Ctx& c, double eta_n0, double eta_p0, Solved& out) {
  DD en{std::min(eta_n0, kEtaMax), 0}, ep{std::min(eta_p0, kEtaMax), 0};
  Point p = evaluate(c, en, ep);
  Res r = residual(c, p, dominant(c, p));
  for (int it = 1; it <= 300; ++it) {
    if (!std::isfinite(r.r1) || !std::isfinite(r.r2)) return false;
    if (r.converged(1.0)) {
      out = {en, ep, p, r, it};
      return true;
    }
    const double b[2] = {-r.r1, -r.r2};
    double dx[2];
    solve2(r.J, b, dx);
    if (!std::isfinite(dx[0]) || !std::isfinite(dx[1])) return false;
    const double big = std::max(std::fabs(dx[0]), std::fabs(dx[1]));
    const double cap = 2000.0;
    if (big > cap) dx[0] *= cap / big, dx[1] *= cap / big;
    const double f0 = r.norm2();
    double lam = 1.0;
    bool accepted = false;
    for (int ls = 0; ls < 40; ++ls) {
      DD tn = dd_add(en, lam * dx[0]), tp = dd_add(ep, lam * dx[1]);
      if (tn.value() > kEtaMax) tn = {kEtaMax, 0};
      if (tp.value() > kEtaMax) tp = {kEtaMax, 0};
      const Point pt = evaluate(c, tn, tp);
      const Res rt = residual(c, pt, r.d);
      if (std::isfinite(rt.r1) && std::isfinite(rt.r2) && rt.norm2() < (1.0 - 1e-4 * lam) * f0) {
        en = tn, ep = tp, p = pt;
        r = residual(c, p, dominant(c, p));  // re-pick the dominant species
        accepted = true;
        break;
      }
      lam *= 0.5;
    }
    if (!accepted) {
      if (r.converged(kNoiseFactor)) {
        out = {en, ep, p, r, it};
        return true;
      }
      return false;
    }
  }
  return false;
}

}  // namespace

const std::array<NseSpecies, kNseSpecies>& nse_species() { return kSpeciesTable; }

NseResult nse_solve(double rho, double T, double Ye, const AnalyticEosOptions& opt) {
  if (!std::isfinite(rho) || !(rho > 0)) throw_invalid("rho_gcc", "must be finite and > 0");
  if (!std::isfinite(T) || !(T > 0)) throw_invalid("T_MeV", "must be finite and > 0");
  if (!std::isfinite(Ye) || !(Ye > 0) || !(Ye < 1)) throw_invalid("Ye", "must be finite and in (0, 1)");
  const Ctx c = make_ctx(rho, T, Ye, opt);

  // Candidate starts, tried in order of their initial residual.
  struct Start { double en, ep, merit; };
  std::vector<Start> starts;
  auto add = [&](double en, double ep) {
    if (!std::isfinite(en) || !std::isfinite(ep)) return;
    const DD dn{std::min(en, kEtaMax), 0}, dp{std::min(ep, kEtaMax), 0};
    const Point p = evaluate(c, dn, dp);
    const Res r = residual(c, p, dominant(c, p));
    const double m = std::isfinite(r.norm2()) ? r.norm2() : HUGE_VAL;
    starts.push_back({en, ep, m});
  };
  double en, ep;
  nucleon_start(c, en, ep);
  add(en, ep);
  if (opt.nuclei) {
    if (pair_start(c, hull_all(), en, ep)) add(en, ep);
    if (pair_start(c, hull_light(), en, ep)) add(en, ep);
  } else if (pair_start(c, hull_nucleons(), en, ep)) {
    add(en, ep);
  }
  std::stable_sort(starts.begin(), starts.end(), [](const Start& a, const Start& b) { return a.merit < b.merit; });

  Solved sol;
  bool ok = false;
  for (const Start& s : starts) {
    if (newton(c, s.en, s.ep, sol)) {
      ok = true;
      break;
    }
  }
  if (!ok) {
    throw Error(ErrorCode::NotConverged, "nse",
                "NSE solve did not converge at rho = " + std::to_string(rho) + " g/cm^3, T = " + std::to_string(T) +
                    " MeV, Ye = " + std::to_string(Ye));
  }

  // ---- composition ----
  NseResult out;
  out.iterations = sol.iterations;
  out.residual = sol.r.maxabs();
  Point p = sol.p;
  p.fn.r32 = nucleon_r32(sol.en.value(), p.fn);
  p.fp.r32 = nucleon_r32(sol.ep.value(), p.fp);
  const double eta_n = sol.en.value(), eta_p = sol.ep.value();
  out.eta_n = eta_n;
  out.eta_p = eta_p;
  std::array<double, K> n{};
  for (std::size_t i = 0; i < K; ++i) {
    out.ln_n[i] = c.on[i] ? p.a[i] : -HUGE_VAL;
    n[i] = c.on[i] ? std::exp(p.a[i]) : 0.0;
    out.X[i] = A_of(i) * n[i] / c.nB;
  }
  out.Xn = out.X[kNeutron];
  out.Xp = out.X[kProton];
  out.Xa = out.X[kAlpha];
  double Xnuc = out.Xa;
  for (std::size_t i = 3; i < K; ++i) out.Xh += out.X[i];
  Xnuc += out.Xh;
  if (opt.nuclei) {
    double m = -HUGE_VAL;
    for (std::size_t i = 3; i < K; ++i) m = std::max(m, p.a[i]);
    double S = 0, SA = 0, SZ = 0;
    for (std::size_t i = 3; i < K; ++i) {
      const double w = A_of(i) * std::exp(p.a[i] - m);
      S += w, SA += w * A_of(i), SZ += w * kSpeciesTable[i].Z;
    }
    out.Abar = SA / S;
    out.Zbar = SZ / S;
  } else {
    out.Abar = 56.0;  // no heavy nuclei: a conventional ⁵⁶Fe placeholder
    out.Zbar = 26.0;
  }
  {
    double nA = 0;
    for (std::size_t i = kAlpha; i < K; ++i) nA += n[i];
    out.mu_shift_MeV = c.rho * c.eps1 * Xnuc + c.rho * T * c.v1 * nA / c.nB;
  }

  // ---- implicit derivatives of (eta_n, eta_p) at fixed rho and at fixed T ----
  const Res& r = sol.r;
  std::array<double, K> daT{}, darho{};
  for (std::size_t i = 0; i < K; ++i) {
    if (!c.on[i]) continue;
    if (is_nucleon(i)) {
      daT[i] = 1.5 / T;
    } else {
      const int A = A_of(i);
      daT[i] = 1.5 / T - (kSpeciesTable[i].B_MeV - A * c.eps) / (T * T);
      darho[i] = -A * c.eps1 / T - c.v1;
    }
  }
  double rT[2] = {0, 0}, rR[2] = {-1.0 / rho, r.wR / rho};
  for (std::size_t i = 0; i < K; ++i) {
    rT[0] += r.w1[i] * daT[i];
    rT[1] += r.w2[i] * daT[i];
    rR[0] += r.w1[i] * darho[i];
    rR[1] += r.w2[i] * darho[i];
  }
  // The residual's dominant species may differ from the one used at the last step; J must match r.
  const double bT[2] = {-rT[0], -rT[1]}, bR[2] = {-rR[0], -rR[1]};
  double deT[2], deR[2];
  solve2(r.J, bT, deT);
  solve2(r.J, bR, deR);
  const double dmun_dT = eta_n + T * deT[0], dmup_dT = eta_p + T * deT[1];
  const double dmun_drho = T * deR[0], dmup_drho = T * deR[1];

  // ---- thermodynamics per species at fixed own μ, then total derivatives ----
  double P = 0, e = 0, s = 0, dPdT = 0, dPdrho = 0, dsdT = 0, dsdrho = 0;
  double An = 0, AdndT = 0, Adndrho = 0;  // Σ_nuclei A n_A and its derivatives (for the cut)
  double Nn = 0, NdndT = 0, Ndndrho = 0;  // Σ_nuclei n_A and its derivatives (excluded volume)
  for (std::size_t i = 0; i < K; ++i) {
    if (!c.on[i] || n[i] == 0) continue;
    const double ni = n[i];
    GasThermo g;
    double dmu_dT, dmu_drho;
    if (is_nucleon(i)) {
      const NucleonF& f = i == kNeutron ? p.fn : p.fp;
      const double eta = i == kNeutron ? eta_n : eta_p;
      g.n = ni;
      g.P = (2.0 / 3.0) * ni * T * f.r32;
      g.e = ni * T * f.r32;
      g.s = ni * ((5.0 / 3.0) * f.r32 - eta);
      g.n_mu = ni * f.w / T;
      g.n_T = ni * (1.5 - eta * f.w) / T;
      g.s_T = ni * (2.5 * f.r32 - 3.0 * eta + eta * eta * f.w) / T;
      dmu_dT = i == kNeutron ? dmun_dT : dmup_dT;
      dmu_drho = i == kNeutron ? dmun_drho : dmup_drho;
    } else {
      const double psi = p.a[i] - c.lngnQ[i];
      g.n = ni;
      g.P = ni * T;
      g.e = 1.5 * ni * T;
      g.s = ni * (2.5 - psi);
      g.n_mu = ni / T;
      g.n_T = ni * (1.5 - psi) / T;
      g.s_T = ni * (3.75 - 3.0 * psi + psi * psi) / T;
      const int Z = kSpeciesTable[i].Z, N = kSpeciesTable[i].N;
      dmu_dT = N * dmun_dT + Z * dmup_dT - c.v;
      dmu_drho = N * dmun_drho + Z * dmup_drho - A_of(i) * c.eps1 - T * c.v1;
    }
    P += g.P;
    s += g.s;
    e += g.e + ni * c.rest[i];
    dPdT += g.s + ni * dmu_dT;
    dPdrho += ni * dmu_drho;
    dsdT += g.s_T + g.n_T * dmu_dT;
    dsdrho += g.n_T * dmu_drho;
    if (!is_nucleon(i)) {
      const int A = A_of(i);
      An += A * ni;
      AdndT += A * (g.n_T + g.n_mu * dmu_dT);
      Adndrho += A * g.n_mu * dmu_drho;
      Nn += ni;
      NdndT += g.n_T + g.n_mu * dmu_dT;
      Ndndrho += g.n_mu * dmu_drho;
    }
  }
  // Cut: f_cut = ε Σ A n_A, P_cut = rho ε' Σ A n_A.
  P += rho * c.eps1 * An;
  e += c.eps * An;
  dPdT += rho * c.eps1 * AdndT;
  dPdrho += (c.eps1 + rho * c.eps2) * An + rho * c.eps1 * Adndrho;
  // Excluded volume: f_ev = T v Σ n_A → P_ev = rho T v' Σ n_A, s_ev = −v Σ n_A, e_ev = 0.
  P += rho * T * c.v1 * Nn;
  s -= c.v * Nn;
  dPdT += rho * c.v1 * (Nn + T * NdndT);
  dPdrho += T * (c.v1 + rho * c.v2) * Nn + rho * T * c.v1 * Ndndrho;
  dsdT -= c.v * NdndT;
  dsdrho -= c.v1 * Nn + c.v * Ndndrho;
  out.P = P;
  out.e = e;
  out.s = s;
  out.dPdT = dPdT;
  out.dPdrho = dPdrho;
  out.dsdT = dsdT;
  out.dsdrho = dsdrho;
  return out;
}

}  // namespace nusphere::eos::analytic
