// Built-in analytic EOS (PHYSICS.md §2): e± against independent momentum-space quadrature, closed-form
// limits, NSE constraints and limits, thermodynamic consistency (Maxwell relations, P = rho² ∂f/∂rho,
// Euler relation) from finite differences of the full state, analytic derivatives against finite
// differences, β-equilibrium conventions (PHYSICS.md §0), batch determinism, input errors.
// Every tolerance below states where it comes from; each check can fail (see the comments).
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/eos/analytic_eos.hpp"

using namespace nusphere;
using namespace nusphere::eos;
namespace c = nusphere::constants;

namespace {

constexpr double kPi = 3.14159265358979323846;

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

// ---- Independent adaptive Gauss–Kronrod (7-15) quadrature ----
struct GK15 {
  double x[8] = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                 0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                 0.207784955007898467600689403773245, 0.0};
  double wk[8] = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                  0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
  double wg[4] = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                  0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
};

// err: |K15 − G7|, floored at the rounding level of the Kronrod sum (so subdivision always stops).
void gk(const std::function<double(double)>& f, double a, double b, double& k, double& err) {
  static const GK15 q;
  const double c0 = 0.5 * (a + b), h = 0.5 * (b - a);
  const double fc = f(c0);
  double sk = fc * q.wk[7], sg = fc * q.wg[3], sabs = std::fabs(fc) * q.wk[7];
  for (int j = 0; j < 7; ++j) {
    const double f1 = f(c0 - h * q.x[j]), f2 = f(c0 + h * q.x[j]);
    sk += q.wk[j] * (f1 + f2);
    sabs += q.wk[j] * (std::fabs(f1) + std::fabs(f2));
    if (j % 2 == 1) sg += q.wg[j / 2] * (f1 + f2);
  }
  k = sk * h;
  err = std::fabs((sk - sg) * h);
  // Noise floor: near a sharp Fermi edge the occupation's argument (E − μ)/T carries ~1e-12 relative
  // rounding, so differences below 1e-11 of the local |integral| are not resolvable.
  if (err <= 1e-11 * sabs * std::fabs(h)) err = 0;
}

double adapt(const std::function<double(double)>& f, double a, double b, double abs_tol, int depth = 0) {
  double k, e;
  gk(f, a, b, k, e);
  if (e <= abs_tol || depth > 40) return k;
  const double m = 0.5 * (a + b);
  return adapt(f, a, m, 0.5 * abs_tol, depth + 1) + adapt(f, m, b, 0.5 * abs_tol, depth + 1);
}

// ∫ over breakpoints: a rough pass sets the absolute tolerance (1e-14 of the total).
double integrate(const std::function<double(double)>& f, const std::vector<double>& pts) {
  double rough = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    double k, e;
    gk(f, pts[i], pts[i + 1], k, e);
    rough += std::fabs(k);
  }
  double sum = 0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) sum += adapt(f, pts[i], pts[i + 1], 1e-14 * rough);
  return sum;
}

// Momentum-space integrals of an ideal relativistic Fermi gas of electrons (g = 2) with kinetic
// chemical potential mu_k = eta T:  n = (1/π²(ħc)³) ∫ x² f dx,  P = (1/3π²(ħc)³) ∫ x⁴/E f dx,
// E_kin = (1/π²(ħc)³) ∫ x² (E − m) f dx,  s = (1/π²(ħc)³) ∫ x² σ(f) dx, with x = pc, E = sqrt(x² + m²).
struct Moments { double n, P, E, s; };
Moments fermi_moments(double eta, double T) {
  const double m = c::me_MeV, muk = eta * T;
  auto t_of = [&](double x) { return (x * x / (std::sqrt(x * x + m * m) + m) - muk) / T; };  // kinetic E, no cancellation
  auto occ = [&](double t) { return t > 0 ? std::exp(-t) / (1.0 + std::exp(-t)) : 1.0 / (1.0 + std::exp(t)); };
  auto sig = [&](double t) {  // −[f ln f + (1−f) ln(1−f)]
    const double a = std::fabs(t);
    return std::log1p(std::exp(-a)) + a / (std::exp(a) + 1.0);
  };
  auto x_of_E = [&](double E) { return E <= 0 ? 0.0 : std::sqrt(E * (E + 2 * m)); };
  std::vector<double> pts{0.0};
  const double Ef = std::max(muk, 0.0);
  for (double d : {-60.0, -20.0, -5.0, 0.0, 5.0, 20.0, 60.0, 120.0}) {
    const double E = muk + d * T;
    if (E > 0 && x_of_E(E) > pts.back()) pts.push_back(x_of_E(E));
  }
  const double Eend = Ef + 120.0 * T + 10 * T;
  if (x_of_E(Eend) > pts.back()) pts.push_back(x_of_E(Eend));
  const double k = 1.0 / (kPi * kPi * std::pow(c::hbarc_MeVcm, 3));
  Moments r;
  r.n = k * integrate([&](double x) { return x * x * occ(t_of(x)); }, pts);
  r.P = k / 3.0 * integrate([&](double x) { return x * x * x * x / std::sqrt(x * x + m * m) * occ(t_of(x)); }, pts);
  r.E = k * integrate([&](double x) { return x * x * (std::sqrt(x * x + m * m) - m) * occ(t_of(x)); }, pts);
  r.s = k * integrate([&](double x) { return x * x * sig(t_of(x)); }, pts);
  return r;
}

// Central differences with one Richardson step, in log(x): d f/dx at x.
double dlog(const std::function<double(double)>& f, double x, double h = 2e-4) {
  auto D = [&](double hh) { return (f(x * std::exp(hh)) - f(x * std::exp(-hh))) / (x * (std::exp(hh) - std::exp(-hh))); };
  return (4.0 * D(0.5 * h) - D(h)) / 3.0;
}

EosState eval(const AnalyticEos& eos, double rho, double T, double Ye) {
  EosState s;
  eos.evaluate(rho, T, Ye, s);
  return s;
}

struct Pt { double rho, T, Ye; std::string what; };
// Points spanning the domain and the physical regimes (used by several tests).
const std::vector<Pt>& regime_points() {
  static const std::vector<Pt> pts = {
      {1e9, 0.3, 0.46, "NSE, heavy nuclei (Fe group)"},
      {1e7, 0.6, 0.5, "NSE, 56Ni + alpha"},
      {1e11, 1.0, 0.40, "NSE, heavy nuclei + free n, degenerate e"},
      {1e12, 3.0, 0.30, "NSE, alpha + nucleons + nuclei"},
      {1e10, 0.8, 0.58, "NSE, Ye > 0.5: protons + nuclei"},
      {1e8, 0.05, 0.20, "cold, neutron-rich: 78Ni + neutrons"},
      {1e12, 0.1, 0.40, "degenerate electrons (eta_e ~ 300), nuclei"},
      {1e13, 10.0, 0.30, "hot: nucleons + alpha"},
      {1e11, 20.0, 0.40, "free nucleons"},
      {1e14, 20.0, 0.30, "dense free nucleons"},
      {8e14, 50.0, 0.25, "near the top density corner"},
      {3e14, 1.0, 0.10, "degenerate nucleons"},
      {1e5, 1.0, 0.50, "pairs + photons, low density"},
      {1.2e3, 0.012, 0.011, "near the bottom corner"},
      {1e6, 95.0, 0.6, "pair plasma, hot"},
  };
  return pts;
}

}  // namespace

TEST_CASE("EOS e±: Fermi–Dirac route against direct momentum-space quadrature") {
  // PHYSICS.md §2: e± accuracy 1e-9 relative against adaptive quadrature over eta ∈ [−100, 1e4].
  // The quadrature (GK15 over p with the relativistic energy, breakpoints at the Fermi edge) shares no
  // code with the Fermi–Dirac kernel. Entropy is compared with ∫ σ(f) (not the Euler form used by the
  // EOS), so it also checks s = (E + P − μn)/T.
  // The quadrature itself against the relativistic Boltzmann limit (eta = −100, T = 0.5 and 5 MeV):
  // n = m² T K₂(m/T) e^{μ/T} / (π²(ħc)³) with μ = m + eta T, and P = n T.
  for (double T : {0.5, 5.0}) {
    const double m = c::me_MeV, eta = -100.0;
    const Moments q = fermi_moments(eta, T);
    const double nB = m * m * T * std::cyl_bessel_k(2.0, m / T) * std::exp(eta + m / T) /
                      (kPi * kPi * std::pow(c::hbarc_MeVcm, 3));
    CHECK(rel(q.n, nB) < 1e-12);
    CHECK(rel(q.P, nB * T) < 1e-12);
  }
  double worst_n = 0, worst_P = 0, worst_E = 0, worst_s = 0, worst_kappa = 0;
  int count = 0;
  for (double T : {0.01, 0.1, 0.5, 2.0, 10.0, 100.0}) {
    for (double eta : {-100.0, -20.0, -3.0, -0.5, 0.0, 1.5, 10.0, 100.0, 1000.0, 1e4}) {
      const auto g = analytic::electron_positron_at_eta(eta, T);
      const Moments em = fermi_moments(eta, T);
      const double eta_p = -eta - 2.0 * c::me_MeV / T;
      const Moments ep = eta_p > -650 ? fermi_moments(eta_p, T) : Moments{0, 0, 0, 0};
      // Species are compared one by one (their difference cancels catastrophically in pair plasmas).
      worst_n = std::max(worst_n, rel(g.n_minus_cm3, em.n));
      // Positrons: to 1e-9 of themselves, or (when the EOS drops them) to 1e-17 of the electrons.
      worst_n = std::max(worst_n, std::fabs(g.n_plus_cm3 - ep.n) / std::max(ep.n, 1e-8 * em.n));
      worst_P = std::max(worst_P, rel(g.th.P, em.P + ep.P));
      const double Etot = em.E + ep.E + c::me_MeV * (em.n + ep.n);
      worst_E = std::max(worst_E, rel(g.th.e, Etot));
      // s = (E + P − μ_kin n)/T: a degenerate gas's entropy is a remainder of order (π/eta)² of the
      // terms, so the Euler form amplifies the Fermi–Dirac integrals' relative error (~1e-14) by
      // κ = (E + P + |μ_kin| n)/(T s). The check allows 1e-9 or 1e-13 κ, whichever is larger.
      const double kappa = (em.E + ep.E + em.P + ep.P + std::fabs(eta) * T * em.n + std::fabs(eta_p) * T * ep.n) /
                           (T * (em.s + ep.s));
      const double es = rel(g.th.s, em.s + ep.s);
      worst_s = std::max(worst_s, es / std::max(1.0, 1e-4 * kappa));
      worst_kappa = std::max(worst_kappa, kappa);
      ++count;
    }
  }
  std::ostringstream msg;
  msg << count << " points: max rel error n " << worst_n << ", P " << worst_P << ", e " << worst_E
      << ", s (scaled by max(1, 1e-4 kappa)) " << worst_s << "; max kappa " << worst_kappa;
  MESSAGE(msg.str());
  CHECK(worst_n <= 1e-9);
  CHECK(worst_P <= 1e-9);
  CHECK(worst_E <= 1e-9);
  CHECK(worst_s <= 1e-9);
}

TEST_CASE("EOS e±: the eta solve inverts the net density") {
  // Newton target (analytic_eos.hpp): relative 1e-14 in n₋ − n₊, except in pair plasmas where the net
  // density is a difference of two large numbers (floor ~1e-15 of n₋ + n₊).
  double worst = 0;
  for (double T : {0.01, 0.3, 3.0, 30.0, 100.0})
    for (double rho : {1e3, 1e6, 1e9, 1e12, 1e15})
      for (double Ye : {0.01, 0.5}) {
        const double n = rho * Ye / c::mu_g;
        const auto g = analytic::electron_positron_gas(n, T);
        const double err = std::fabs(g.th.n - n) / (n + 1e-15 * (g.n_minus_cm3 + g.n_plus_cm3));
        worst = std::max(worst, err);
      }
  MESSAGE("max |n(eta) - n| / (n + 1e-15 (n- + n+)) = " << worst);
  CHECK(worst <= 2e-14);
}

TEST_CASE("EOS e±: cold degenerate limits") {
  // T → 0 exact Fermi gas (Chandrasekhar): P0 = m⁴/(8π²(ħc)³) [x(2x²/3 − 1)√(1+x²) + asinh x],
  // x = p_F/m c. At T = 0.01 MeV and p_F ≈ 1.6 MeV the thermal correction is (π²/…)(T/E_F)² ~ 1e-4;
  // at rho = 1e15 (p_F ≈ 430 MeV) it is ~1e-9, and the ultra-relativistic form
  // P_UR = (hc/8)(3/π)^{1/3} n^{4/3} differs from P0 by ~(m/p_F)² ~ 1.4e-6.
  const double m = c::me_MeV, hc = 2 * kPi * c::hbarc_MeVcm;
  for (double rho : {1e7, 1e15}) {
    const double n = rho * 0.5 / c::mu_g;
    const auto g = analytic::electron_positron_gas(n, 0.01);
    const double x = c::hbarc_MeVcm * std::cbrt(3 * kPi * kPi * n) / m;
    const double P0 = std::pow(m, 4) / (8 * kPi * kPi * std::pow(c::hbarc_MeVcm, 3)) *
                      (x * (2 * x * x / 3 - 1) * std::sqrt(1 + x * x) + std::asinh(x));
    const double mu0 = m * std::sqrt(1 + x * x);
    MESSAGE("rho " << rho << ": P/P0 - 1 = " << g.th.P / P0 - 1 << ", mu/mu0 - 1 = " << g.mu_MeV / mu0 - 1);
    CHECK(rel(g.th.P, P0) < (rho < 1e10 ? 2e-3 : 1e-8));
    CHECK(rel(g.mu_MeV, mu0) < (rho < 1e10 ? 2e-3 : 1e-8));
    if (rho > 1e10) {
      const double PUR = hc / 8 * std::cbrt(3 / kPi) * std::pow(n, 4.0 / 3.0);
      CHECK(rel(g.th.P, PUR) < 3e-6);
      CHECK(rel(g.th.P, PUR) > 1e-7);  // the mass correction is really there
    }
  }
}

TEST_CASE("EOS: radiation and relativistic pair-plasma limits") {
  // Photons alone: P = aT⁴/3, e = aT⁴/rho, s = 4aT³/3 (with a = 4σ_SB/c, T in K).
  AnalyticEosOptions off;
  off.photons = false;
  const AnalyticEos with, without(off);
  const double rho = 1e3, T = 100.0, TK = T / c::kB_MeVK;
  const EosState a = eval(with, rho, T, 0.5), b = eval(without, rho, T, 0.5);
  const double Pg = c::arad_cgs * std::pow(TK, 4) / 3.0;
  CHECK(rel(a.P_dyncm2 - b.P_dyncm2, Pg) < 1e-10);
  CHECK(rel((a.e_ergg - b.e_ergg) * rho, 3 * Pg) < 1e-10);
  CHECK(rel((a.s_kB - b.s_kB) * rho / c::mu_g * c::kB_ergK, 4 * Pg / TK) < 1e-10);
  // T = 100 MeV ≫ m_e, rho = 1e3: photons plus ultra-relativistic pairs, P = (1 + 7/4) aT⁴/3
  // (Fermi factor 7/8 × 4 e± states / 2 photon states). Mass corrections ~(m_e/T)² ≈ 3e-5.
  CHECK(rel(a.P_dyncm2, 11.0 / 4.0 * Pg) < 1e-4);
  CHECK(rel(a.P_dyncm2, 11.0 / 4.0 * Pg) > 1e-7);
  // Ultra-relativistic gas: P = ε/3, so the relativistic sound speed is c/√3 (baryon rest mass
  // ρc² ≈ 1e-9 of ε here) and the adiabatic index ∂lnP/∂lnρ|s is 4/3.
  CHECK(rel(a.cs2_cm2s2, c::c_cms * c::c_cms / 3.0) < 1e-4);
  CHECK(rel(a.gamma, 4.0 / 3.0) < 1e-4);
}

TEST_CASE("EOS NSE: mass fractions sum to 1 and charge is conserved") {
  // Constraints Σ X_i = 1 and Σ (Z_i/A_i) X_i = Ye within 1e-12 (brief), over the whole domain.
  double worst_sum = 0, worst_charge = 0;
  int count = 0;
  const auto& sp = analytic::nse_species();
  for (double lr = 3; lr <= 15.0001; lr += 0.75)
    for (double lt = -2; lt <= 2.0001; lt += 0.4)
      for (double Ye : {0.01, 0.2, 0.35, 0.4642857142857143, 0.5, 0.6}) {
        const auto r = analytic::nse_solve(std::pow(10.0, lr), std::pow(10.0, lt), Ye);
        double sum = 0, ch = 0;
        for (std::size_t i = 0; i < sp.size(); ++i) {
          CHECK(r.X[i] >= 0);
          CHECK(r.X[i] <= 1.0 + 1e-12);
          sum += r.X[i];
          ch += r.X[i] * sp[i].Z / double(sp[i].Z + sp[i].N);
        }
        worst_sum = std::max(worst_sum, std::fabs(sum - 1));
        worst_charge = std::max(worst_charge, std::fabs(ch - Ye));
        ++count;
      }
  MESSAGE(count << " points: max |sum X - 1| = " << worst_sum << ", max |sum Z/A X - Ye| = " << worst_charge);
  CHECK(worst_sum <= 1e-12);
  CHECK(worst_charge <= 1e-12);
}

TEST_CASE("EOS NSE: limits and Saha") {
  const AnalyticEos eos;
  // Brief: heavy nuclei dominate at T = 0.3 MeV, rho = 1e9, Ye = 0.46 (Fe-group NSE).
  const EosState cold = eval(eos, 1e9, 0.3, 0.46);
  CHECK(cold.Xh > 0.9);
  CHECK(cold.Abar > 50);
  CHECK(cold.Abar < 66);
  // Brief: free nucleons at T = 20 MeV, rho = 1e11.
  const EosState hot = eval(eos, 1e11, 20.0, 0.4);
  CHECK(hot.Xn + hot.Xp > 0.99);
  CHECK(rel(hot.Xp, 0.4) < 1e-2);
  // Above the nuclear-density cut: free nucleons at every temperature (analytic_eos.hpp).
  for (double T : {0.01, 0.3, 3.0, 30.0}) {
    const EosState d = eval(eos, 2e14, T, 0.3);
    CHECK(d.Xn + d.Xp > 1 - 1e-10);
  }
  // T → 0: the composition is the lower convex hull of (Z/A, −B/A) (minimum binding energy):
  // Ye = 0.5 → pure ⁵⁶Ni; Ye = 26/56 → pure ⁵⁶Fe; Ye = 0.3 < Z/A(⁷⁸Ni) → ⁷⁸Ni + free neutrons with
  // X_n = 1 − Ye A/Z = 1 − 0.3·78/28.
  const EosState ni = eval(eos, 1e8, 0.01, 0.5);
  CHECK(ni.Xh > 1 - 1e-12);
  CHECK(ni.Abar == doctest::Approx(56).epsilon(1e-10));
  CHECK(ni.Zbar == doctest::Approx(28).epsilon(1e-10));
  const EosState fe = eval(eos, 1e8, 0.01, 26.0 / 56.0);
  CHECK(fe.Abar == doctest::Approx(56).epsilon(1e-10));
  CHECK(fe.Zbar == doctest::Approx(26).epsilon(1e-10));
  const EosState nr = eval(eos, 1e8, 0.01, 0.3);
  CHECK(nr.Xn == doctest::Approx(1 - 0.3 * 78 / 28).epsilon(1e-9));
  CHECK(nr.Abar == doctest::Approx(78).epsilon(1e-10));

  // Saha equation for ⁴He, written independently in terms of the mass fractions (non-degenerate
  // nucleons, T = 1 MeV, rho = 1e7): n_α = (m_α T/2πħ²)^{3/2} e^{B_α/T} [n_n/(2 λ_n)]² [n_p/(2 λ_p)]²
  // with λ_i = (m_i T/2πħ²)^{3/2}; checked in log form to 1e-10 (nucleon degeneracy at this point
  // is e^{-12}, its correction ~1e-6 in n: so the test uses the F_{1/2} inversion instead of Boltzmann).
  {
    const double rho = 1e7, T = 1.0, Ye = 0.5;
    const auto r = analytic::nse_solve(rho, T, Ye);
    const double nB = rho / c::mu_g, hc2 = c::hbarc_MeVcm * c::hbarc_MeVcm;
    auto nq = [&](double M) { return std::pow(M * T / (2 * kPi * hc2), 1.5); };
    const double nn = r.X[analytic::kNeutron] * nB, np = r.X[analytic::kProton] * nB, na = r.X[analytic::kAlpha] * nB / 4;
    const double ma = 2 * c::mp_MeV + 2 * c::mn_MeV - c::B_He4_MeV;
    // e^{eta} = n/(2 n_Q) (1 + n/(2^{5/2} n_Q) + ...) for a nearly classical Fermi gas (g = 2)
    auto fug = [&](double n, double m) { const double y = n / (2 * nq(m)); return y * (1 + y / std::pow(2.0, 1.5)); };
    const double lhs = std::log(na);
    const double rhs = std::log(nq(ma)) + c::B_He4_MeV / T + 2 * std::log(fug(nn, c::mn_MeV)) + 2 * std::log(fug(np, c::mp_MeV));
    MESSAGE("Saha 4He: ln n_alpha = " << lhs << ", Saha rhs = " << rhs);
    CHECK(std::fabs(lhs - rhs) < 1e-9);
  }
}

TEST_CASE("EOS thermodynamic consistency from finite differences (Maxwell, P = rho² df/drho, Euler)") {
  // Brief: ∂s/∂rho|T = −(1/rho²) ∂P/∂T|rho (s per gram, P in dyn cm⁻²) within 1e-6 relative at points
  // spanning NSE with nuclei, free nucleons and degenerate electrons. Both sides are finite differences
  // (Richardson, relative step 2e-4) of the full EOS, so this tests the physics, not the derivative code.
  const AnalyticEos eos;
  const double MeV = c::MeV_erg, mu = c::mu_g;
  double worst_maxwell = 0, worst_press = 0, worst_euler = 0;
  std::string where;
  for (const Pt& p : regime_points()) {
    auto s_g = [&](double rho, double T) { return eval(eos, rho, T, p.Ye).s_kB * MeV / mu; };  // erg g⁻¹ MeV⁻¹
    auto P = [&](double rho, double T) { return eval(eos, rho, T, p.Ye).P_dyncm2; };
    auto f_g = [&](double rho, double T) {
      const EosState s = eval(eos, rho, T, p.Ye);
      return s.e_ergg - T * s.s_kB * MeV / mu;
    };
    const double ds_drho = dlog([&](double r) { return s_g(r, p.T); }, p.rho);
    const double dP_dT = dlog([&](double t) { return P(p.rho, t); }, p.T);
    const double lhs = ds_drho, rhs = -dP_dT / (p.rho * p.rho);
    const double m_res = std::fabs(lhs - rhs) / std::max(std::fabs(lhs), std::fabs(rhs));
    // P = rho² ∂f/∂rho|T with f = e − T s per gram.
    const double df = dlog([&](double r) { return f_g(r, p.T); }, p.rho);
    const EosState s0 = eval(eos, p.rho, p.T, p.Ye);
    const double p_res = rel(p.rho * p.rho * df, s0.P_dyncm2);
    // Euler relation with the documented zero points: e + P/rho − T s = [(1−Ye) mu_n + Ye (mu_p + mu_e)]/m_u.
    const double G = ((1 - p.Ye) * s0.mu_n_MeV + p.Ye * (s0.mu_p_MeV + s0.mu_e_MeV)) * MeV / mu;
    const double lhsE = s0.e_ergg + s0.P_dyncm2 / p.rho - p.T * s0.s_kB * MeV / mu;
    const double scaleE = std::fabs(s0.e_ergg) + s0.P_dyncm2 / p.rho + p.T * s0.s_kB * MeV / mu;
    const double e_res = std::fabs(lhsE - G) / scaleE;
    MESSAGE(p.what << " (rho " << p.rho << ", T " << p.T << ", Ye " << p.Ye << "): Maxwell " << m_res
                   << ", P vs rho^2 df/drho " << p_res << ", Euler " << e_res);
    if (m_res > worst_maxwell) worst_maxwell = m_res, where = p.what;
    worst_press = std::max(worst_press, p_res);
    worst_euler = std::max(worst_euler, e_res);
  }
  MESSAGE("max Maxwell residual " << worst_maxwell << " (" << where << "), max P residual " << worst_press
                                  << ", max Euler residual " << worst_euler);
  CHECK(worst_maxwell <= 1e-6);
  CHECK(worst_press <= 1e-6);
  CHECK(worst_euler <= 1e-12);  // exact identity up to rounding of the summed terms
}

TEST_CASE("EOS analytic derivatives against finite differences of the state") {
  // The six derivatives are analytic (implicit differentiation); compare with Richardson central
  // differences (relative step 2e-4, truncation ~1e-10, rounding ~1e-11 / step). Tolerance 1e-6
  // relative to the larger of the two scales (the derivative, or the value over rho or T).
  const AnalyticEos eos;
  double worst = 0;
  std::string where;
  for (const Pt& p : regime_points()) {
    const EosState s0 = eval(eos, p.rho, p.T, p.Ye);
    struct D { const char* name; double analytic, fd, scale; };
    auto at_rho = [&](double r) { return eval(eos, r, p.T, p.Ye); };
    auto at_T = [&](double t) { return eval(eos, p.rho, t, p.Ye); };
    const D ds[] = {
        {"dPdT", s0.dPdT, dlog([&](double t) { return at_T(t).P_dyncm2; }, p.T), s0.P_dyncm2 / p.T},
        {"dPdrho", s0.dPdrho, dlog([&](double r) { return at_rho(r).P_dyncm2; }, p.rho), s0.P_dyncm2 / p.rho},
        {"dedT", s0.dedT, dlog([&](double t) { return at_T(t).e_ergg; }, p.T),
         (std::fabs(s0.e_ergg) + s0.P_dyncm2 / p.rho) / p.T},
        {"dedrho", s0.dedrho, dlog([&](double r) { return at_rho(r).e_ergg; }, p.rho),
         (std::fabs(s0.e_ergg) + s0.P_dyncm2 / p.rho) / p.rho},
        {"dsdT", s0.dsdT, dlog([&](double t) { return at_T(t).s_kB; }, p.T), s0.s_kB / p.T},
        {"dsdrho", s0.dsdrho, dlog([&](double r) { return at_rho(r).s_kB; }, p.rho), s0.s_kB / p.rho},
    };
    for (const D& d : ds) {
      const double err = std::fabs(d.analytic - d.fd) / std::max(std::fabs(d.fd), 1e-3 * d.scale);
      if (err > worst) worst = err, where = std::string(p.what) + " " + d.name;
      if (err > 1e-6) MESSAGE(p.what << " " << d.name << ": analytic " << d.analytic << " fd " << d.fd);
    }
    // Relativistic adiabatic sound speed from the same derivatives: causal, and positive away from
    // the nuclear-cut band.
    CHECK(s0.cs2_cm2s2 > 0);
    CHECK(s0.cs2_cm2s2 < c::c_cms * c::c_cms / 3.0 * (1 + 1e-6));
  }
  MESSAGE("max rel difference analytic vs finite-difference derivatives: " << worst << " (" << where << ")");
  CHECK(worst <= 1e-6);
}

TEST_CASE("EOS conventions: chemical potentials (PHYSICS.md §0)") {
  const AnalyticEos eos;
  for (const Pt& p : regime_points()) {
    const EosState s = eval(eos, p.rho, p.T, p.Ye);
    // Exact definitions.
    CHECK(s.muhat_MeV == s.mu_n_MeV - s.mu_p_MeV);
    CHECK(s.mu_nue_MeV == s.mu_e_MeV - s.muhat_MeV);
    CHECK(std::fabs(s.mu_e_MeV - (c::me_MeV + s.eta_e * p.T)) < 1e-13 * (c::me_MeV + std::fabs(s.eta_e) * p.T));
  }
  // Free, non-degenerate nucleons: muhat = Δ + T ln(n_n/n_p) + (3/2) T ln(m_p/m_n) (Boltzmann; the
  // degeneracy correction at rho = 1e8, T = 5 MeV is ~1e-6 MeV), so at Ye = 0.5 muhat ≈ Δ.
  const EosState sym = eval(eos, 1e8, 5.0, 0.5);
  const double expect = c::delta_np_MeV + 5.0 * std::log(sym.Xn / sym.Xp) + 1.5 * 5.0 * std::log(c::mp_MeV / c::mn_MeV);
  CHECK(std::fabs(sym.muhat_MeV - expect) < 1e-4);
  CHECK(std::fabs(sym.muhat_MeV - c::delta_np_MeV) < 0.1);
  // Cold Ye = 0.5 NSE (⁵⁶Ni): |muhat| is a few MeV, set by the nucleon separation energies — small
  // compared with neutron-rich matter (Ye = 0.3: ⁷⁸Ni + free neutrons, muhat ≈ 14 MeV at T = 0.5).
  const double mh_sym = eval(eos, 1e9, 0.5, 0.5).muhat_MeV, mh_nr = eval(eos, 1e9, 0.5, 0.3).muhat_MeV;
  MESSAGE("muhat at rho 1e9, T 0.5: Ye 0.5 -> " << mh_sym << " MeV, Ye 0.3 -> " << mh_nr << " MeV");
  CHECK(std::fabs(mh_sym) < 10.0);
  CHECK(mh_nr > mh_sym + 10.0);
  // Hot, dense: mu_e of tens of MeV (rho = 1e12, T = 10: T=0 estimate ħc(3π² n_e)^{1/3} ≈ 30 MeV).
  const EosState hd = eval(eos, 1e12, 10.0, 0.3);
  CHECK(hd.mu_e_MeV > 10);
  CHECK(hd.mu_e_MeV < 100);
  // Proton chemical potential carries −Δ: with the free-proton degeneracy eta_p, mu_p = eta_p T − Δ.
  const auto r = analytic::nse_solve(1e8, 5.0, 0.5);
  CHECK(rel(sym.mu_p_MeV, r.eta_p * 5.0 - c::delta_np_MeV) < 1e-12);
  CHECK(rel(sym.mu_n_MeV, r.eta_n * 5.0) < 1e-12);
}

TEST_CASE("EOS batch: threads 1 and 2 give bitwise-identical states; timing") {
  // OpenMP over points must not change any bit (each point is independent and reentrant).
  const AnalyticEos eos;
  std::vector<double> rho, T, Ye;
  for (double lr = 3; lr <= 15; lr += 0.5)
    for (double lt = -2; lt <= 2; lt += 0.5)
      for (double y : {0.05, 0.3, 0.5, 0.6}) rho.push_back(std::pow(10.0, lr)), T.push_back(std::pow(10.0, lt)), Ye.push_back(y);
  const std::size_t n = rho.size();
  std::vector<EosState> a(n), b(n);
  ExecOptions o1, o2;
  o1.threads = 1;
  o2.threads = 2;
  const auto t0 = std::chrono::steady_clock::now();
  const auto s1 = evaluate_batch(eos, rho.data(), T.data(), Ye.data(), a.data(), n, o1);
  const auto t1 = std::chrono::steady_clock::now();
  const auto s2 = evaluate_batch(eos, rho.data(), T.data(), Ye.data(), b.data(), n, o2);
  const auto t2 = std::chrono::steady_clock::now();
  CHECK(s1.team_size == 1);
  if (openmp_enabled()) CHECK(s2.team_size == 2);
  CHECK(std::memcmp(a.data(), b.data(), n * sizeof(EosState)) == 0);
  const double us1 = std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
  const double us2 = std::chrono::duration<double, std::micro>(t2 - t1).count() / n;
  MESSAGE(n << " points: " << us1 << " us/point on 1 thread, " << us2 << " us/point on 2 threads (no assertion)");
  // Batch equals single-point evaluation.
  for (std::size_t i = 0; i < n; i += 37) {
    const EosState s = eval(eos, rho[i], T[i], Ye[i]);
    CHECK(std::memcmp(&s, &a[i], sizeof(EosState)) == 0);
  }
}

TEST_CASE("EOS errors name the field and never abort") {
  const AnalyticEos eos;
  EosState s;
  auto expect = [&](double rho, double T, double Ye, ErrorCode code, const std::string& field) {
    try {
      eos.evaluate(rho, T, Ye, s);
      FAIL("no throw for " << rho << " " << T << " " << Ye);
    } catch (const Error& e) {
      CHECK(e.code() == code);
      CHECK(e.field() == field);
    }
  };
  expect(std::nan(""), 1.0, 0.5, ErrorCode::InvalidInput, "rho_gcc");
  expect(-1e9, 1.0, 0.5, ErrorCode::InvalidInput, "rho_gcc");
  expect(1e9, INFINITY, 0.5, ErrorCode::InvalidInput, "T_MeV");
  expect(1e9, -1.0, 0.5, ErrorCode::InvalidInput, "T_MeV");
  expect(1e9, 1.0, std::nan(""), ErrorCode::InvalidInput, "Ye");
  expect(1e9, 1.0, -0.1, ErrorCode::InvalidInput, "Ye");
  expect(1e16, 1.0, 0.5, ErrorCode::OutOfDomain, "rho_gcc");
  expect(1e2, 1.0, 0.5, ErrorCode::OutOfDomain, "rho_gcc");
  expect(1e9, 0.005, 0.5, ErrorCode::OutOfDomain, "T_MeV");
  expect(1e9, 200.0, 0.5, ErrorCode::OutOfDomain, "T_MeV");
  expect(1e9, 1.0, 0.7, ErrorCode::OutOfDomain, "Ye");
  expect(1e9, 1.0, 0.0, ErrorCode::OutOfDomain, "Ye");
  // Batch: every input validated first, the index is in the field.
  std::vector<double> rho(5, 1e9), T(5, 1.0), Ye(5, 0.5);
  Ye[3] = 0.9;
  std::vector<EosState> out(5);
  ExecOptions o;
  try {
    evaluate_batch(eos, rho.data(), T.data(), Ye.data(), out.data(), 5, o);
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::OutOfDomain);
    CHECK(e.field() == "Ye[3]");
  }
  CHECK_THROWS_AS(AnalyticEos(AnalyticEosOptions{true, true, -1.0, 0.0, 4.0}), Error);
}

TEST_CASE("EOS model options: free nucleons only, excluded volume, the nuclear-density cut") {
  // nuclei = false: the composition is fixed by conservation alone (Xn = 1 − Ye, Xp = Ye).
  AnalyticEosOptions nn;
  nn.nuclei = false;
  const AnalyticEos free_only(nn);
  const EosState f = eval(free_only, 1e10, 0.5, 0.35);
  CHECK(f.Xn == doctest::Approx(0.65).epsilon(1e-13));
  CHECK(f.Xp == doctest::Approx(0.35).epsilon(1e-13));
  CHECK(f.Xh == 0);
  CHECK(f.Xa == 0);

  // The cut is negligible below 1e13 g/cm³ (ε_cut(1e12) ≈ 3e-7 MeV per nucleon): same composition
  // with and without it, to 1e-5 in every mass fraction.
  AnalyticEosOptions nocut;
  nocut.cut_eps_MeV = 0;
  const AnalyticEos with_cut, without_cut(nocut);
  const EosState a = eval(with_cut, 1e12, 1.0, 0.4), b = eval(without_cut, 1e12, 1.0, 0.4);
  CHECK(std::fabs(a.Xh - b.Xh) < 1e-5);
  CHECK(std::fabs(a.Xn - b.Xn) < 1e-5);
  CHECK(std::fabs(a.Xa - b.Xa) < 1e-5);
  // ... and it removes the nuclei that the uncut NSE keeps at high density (T = 1 MeV, 1.5e14).
  CHECK(eval(without_cut, 1.5e14, 1.0, 0.3).Xh > 0.5);
  CHECK(eval(with_cut, 1.5e14, 1.0, 0.3).Xh < 1e-100);

  // Plain excluded-volume option (nuclei × (1 − rho/rho_nuc), none above rho_nuc): still a
  // thermodynamically consistent model — Maxwell relation, P = rho² ∂f/∂rho and Euler relation where
  // it matters (rho/rho_nuc = 0.38 and 0.75, nuclei present), same tolerances as above.
  AnalyticEosOptions ev;
  ev.cut_eps_MeV = 0;
  ev.excluded_volume = true;
  const AnalyticEos eos_ev(ev);
  const double MeV = c::MeV_erg, mu = c::mu_g;
  for (const Pt& p : {Pt{1e14, 5.0, 0.3, "EV, rho = 1e14"}, Pt{2e14, 10.0, 0.35, "EV, rho = 2e14"}}) {
    const EosState s0 = eval(eos_ev, p.rho, p.T, p.Ye);
    CHECK(s0.Xh + s0.Xa > 0.1);
    const double ds = dlog([&](double r) { return eval(eos_ev, r, p.T, p.Ye).s_kB * MeV / mu; }, p.rho);
    const double dP = dlog([&](double t) { return eval(eos_ev, p.rho, t, p.Ye).P_dyncm2; }, p.T);
    const double res = std::fabs(ds + dP / (p.rho * p.rho)) / std::fabs(ds);
    const double df = dlog([&](double r) {
      const EosState s = eval(eos_ev, r, p.T, p.Ye);
      return s.e_ergg - p.T * s.s_kB * MeV / mu;
    }, p.rho);
    const double G = ((1 - p.Ye) * s0.mu_n_MeV + p.Ye * (s0.mu_p_MeV + s0.mu_e_MeV)) * MeV / mu;
    const double lhsE = s0.e_ergg + s0.P_dyncm2 / p.rho - p.T * s0.s_kB * MeV / mu;
    const double scaleE = std::fabs(s0.e_ergg) + s0.P_dyncm2 / p.rho + p.T * s0.s_kB * MeV / mu;
    MESSAGE(p.what << ": Maxwell " << res << ", P " << rel(p.rho * p.rho * df, s0.P_dyncm2) << ", Euler "
                   << std::fabs(lhsE - G) / scaleE);
    CHECK(res < 1e-6);
    CHECK(rel(p.rho * p.rho * df, s0.P_dyncm2) < 1e-6);
    CHECK(std::fabs(lhsE - G) / scaleE < 1e-12);
    CHECK(std::fabs(s0.dPdT - dP) / std::fabs(dP) < 1e-6);
  }
  CHECK(eval(eos_ev, 2.7e14, 1.0, 0.3).Xh == 0);  // above rho_nuc
}
