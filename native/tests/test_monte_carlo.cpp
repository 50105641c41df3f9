// Monte Carlo transport against closed forms: homogeneous absorbing sphere (PHYSICS.md §5 golden
// values, plus a quadrature of I = B(1 − e^{−κ s(r, μ)}) at every interface), free streaming above a
// thermal core, exact per-packet energy bookkeeping, flux conservation with pure scattering and a
// reflecting core, bitwise reproducibility across thread counts, Philox known answers, bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

#include "nusphere/core/errors.hpp"
#include "nusphere/core/philox.hpp"
#include "nusphere/transport/monte_carlo.hpp"

using namespace nusphere;
using namespace nusphere::transport;

namespace {

constexpr double kPi = std::numbers::pi;

// Composite Simpson on [a, b] with n (even) intervals.
double simpson(const std::function<double(double)>& f, double a, double b, int n = 20000) {
  const double h = (b - a) / n;
  double s = f(a) + f(b);
  for (int i = 1; i < n; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

// Homogeneous sphere of radius Rs, absorption kappa, source function B, vacuum outside:
// I(r, μ) = B (1 − e^{−κ s}), s = length of the ray behind (r, μ) inside the sphere.
struct SphereMoments {
  double J, H;
};
SphereMoments sphere_analytic(double r, double Rs, double kappa, double B) {
  auto intensity = [&](double mu) {
    const double b2 = r * r * (1 - mu * mu);
    double s = 0;
    if (r < Rs)
      s = r * mu + std::sqrt(Rs * Rs - b2);
    else if (mu > 0 && b2 < Rs * Rs)
      s = 2 * std::sqrt(Rs * Rs - b2);
    return B * (1 - std::exp(-kappa * s));
  };
  // intervals on which the integrand is smooth; outside the sphere substitute μ = μc + u² (√ edge)
  if (r <= Rs) {
    const double J = 0.5 * (simpson(intensity, -1, 0) + simpson(intensity, 0, 1));
    const double H = 0.5 * (simpson([&](double m) { return m * intensity(m); }, -1, 0) +
                            simpson([&](double m) { return m * intensity(m); }, 0, 1));
    return {J, H};
  }
  const double muc = std::sqrt(1 - Rs * Rs / (r * r)), umax = std::sqrt(1 - muc);
  const double J = 0.5 * simpson([&](double u) { return 2 * u * intensity(muc + u * u); }, 0, umax);
  const double H = 0.5 * simpson([&](double u) { return 2 * u * (muc + u * u) * intensity(muc + u * u); }, 0, umax);
  return {J, H};
}

struct Owned {  // a Problem with owned arrays
  std::vector<double> r, ka, ks, eta, core;
  std::size_t G = 1;
  InnerBoundary inner = InnerBoundary::Thermal;
  Problem problem() const {
    Problem p;
    p.r_cm = r.data();
    p.n_shells = r.size() - 1;
    p.n_groups = G;
    p.kappa_a = ka.data();
    p.kappa_s = ks.data();
    p.eta = eta.data();
    p.inner = inner;
    p.core_intensity = core.empty() ? nullptr : core.data();
    return p;
  }
};

Owned homogeneous_sphere(double Rs, double kappaR, double B) {
  Owned o;
  for (double x : {0.0, 0.25, 0.5, 0.7, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0}) o.r.push_back(x * Rs);
  const std::size_t N = o.r.size() - 1;
  o.ka.assign(N, 0.0);
  o.ks.assign(N, 0.0);
  o.eta.assign(N, 0.0);
  for (std::size_t k = 0; k < N; ++k)
    if (o.r[k + 1] <= Rs) {
      o.ka[k] = kappaR / Rs;
      o.eta[k] = o.ka[k] * B;  // S = B inside
    }
  o.inner = InnerBoundary::Vacuum;  // ignored at r_0 = 0
  return o;
}

std::size_t index_of(const std::vector<double>& r, double x) {
  for (std::size_t i = 0; i < r.size(); ++i)
    if (std::fabs(r[i] - x) <= 1e-12 * std::max(1.0, std::fabs(x))) return i;
  FAIL("radius not on grid");
  return 0;
}

double per_thread_rate(const McStats& st) { return double(st.packets) / (st.seconds * std::max(1, st.threads)); }

}  // namespace

TEST_CASE("Philox4x32-10 known answers (Random123 kat_vectors) and stream independence") {
  using namespace nusphere::rng;
  CHECK(philox4x32_10({0, 0, 0, 0}, {0, 0}) == Philox4x32Block{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  CHECK(philox4x32_10({~0u, ~0u, ~0u, ~0u}, {~0u, ~0u}) ==
        Philox4x32Block{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  CHECK(philox4x32_10({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}) ==
        Philox4x32Block{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
  // uniform() lies in the open interval, has mean 1/2 and variance 1/12; streams differ
  PhiloxStream a(42, 7, 0, 0), b(42, 8, 0, 0), a2(42, 7, 0, 0);
  double m = 0, v = 0;
  const int n = 200000;
  int same = 0, bad = 0;
  for (int i = 0; i < n; ++i) {
    const double u = a.uniform();
    bad += !(u > 0 && u < 1) || u != a2.uniform();
    same += u == b.uniform();
    m += u;
    v += (u - 0.5) * (u - 0.5);
  }
  CHECK(bad == 0);
  CHECK(same == 0);
  CHECK(std::fabs(m / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
  CHECK(std::fabs(v / n - 1.0 / 12) < 4 * std::sqrt(1.0 / 180 / n));
}

TEST_CASE("homogeneous sphere kappa R = 4: J/B and flux factor against PHYSICS.md §5 within 3 sigma") {
  const double Rs = 1e6, B = 2.5, kR = 4.0;
  const Owned o = homogeneous_sphere(Rs, kR, B);
  McOptions mc;
  mc.packets_per_group = 4000000;
  mc.seed = 20240601;
  McStats st;
  const Solution s = solve_monte_carlo(o.problem(), mc, {}, &st);
  REQUIRE(s.J.size() == o.r.size());
  MESSAGE("homogeneous sphere: " << st.packets << " packets, " << double(st.steps) / double(st.packets)
                                 << " segments/packet, " << st.seconds << " s on " << st.threads << " threads, "
                                 << per_thread_rate(st) << " packets/s per thread");

  // golden values: E/E_eq = J/B at r/R = 0, 0.5, 0.9, 1, 1.5 (5 digits: rounding 5e-6)
  const double x[] = {0.0, 0.5, 0.9, 1.0, 1.5};
  const double ref[] = {0.98168, 0.95532, 0.74799, 0.43752, 0.12282};
  for (int n = 0; n < 5; ++n) {
    const std::size_t i = index_of(o.r, x[n] * Rs);
    const double J = s.J[i] / B, sig = s.J_err[i] / B;
    const double dev = (J - ref[n]) / sig;
    MESSAGE("r/R = " << x[n] << ": J/B = " << J << " ± " << sig << " (" << 100 * sig / J << "%), ref " << ref[n]
                     << ", deviation " << dev << " sigma");
    CHECK(sig / J < 0.01);
    CHECK(sig > 0);
    CHECK(std::fabs(J - ref[n]) < 3 * sig + 5e-6);
  }
  // flux factor H/J = 0.55360 at r = R (errors combined as if independent: conservative, J and H
  // are positively correlated)
  {
    const std::size_t i = index_of(o.r, Rs);
    const double f = s.H[i] / s.J[i];
    const double sf = f * std::hypot(s.H_err[i] / s.H[i], s.J_err[i] / s.J[i]);
    MESSAGE("flux factor at R: " << f << " ± " << sf << ", ref 0.55360, deviation " << (f - 0.55360) / sf << " sigma");
    CHECK(sf / f < 0.01);
    CHECK(std::fabs(f - 0.55360) < 3 * sf + 5e-6);
  }
  // every interface against the quadrature of the analytic intensity (J and H; 20 comparisons, 4σ)
  double worst = 0;
  for (std::size_t i = 0; i < o.r.size(); ++i) {
    const SphereMoments a = sphere_analytic(o.r[i], Rs, kR / Rs, B);
    const double dj = (s.J[i] - a.J) / s.J_err[i];
    worst = std::max(worst, std::fabs(dj));
    CHECK(std::fabs(s.J[i] - a.J) < 4 * s.J_err[i]);
    if (i == 0) {
      CHECK(s.H[i] == 0.0);
      CHECK(s.K[i] == doctest::Approx(s.J[i] / 3).epsilon(1e-14));
    } else {
      const double dh = (s.H[i] - a.H) / s.H_err[i];
      worst = std::max(worst, std::fabs(dh));
      CHECK(std::fabs(s.H[i] - a.H) < 4 * s.H_err[i]);
    }
  }
  MESSAGE("largest |deviation| over all interfaces (J and H): " << worst << " sigma");
  // the quadrature reproduces the golden values (guards the reference itself)
  for (int n = 0; n < 5; ++n) CHECK(std::fabs(sphere_analytic(x[n] * Rs, Rs, kR / Rs, B).J / B - ref[n]) < 6e-6);
  // Q = 4π(κ J − η) is negative in every emitting shell (net cooling: J < B), zero in vacuum
  for (std::size_t k = 0; k + 1 < o.r.size(); ++k) {
    if (o.eta[k] > 0)
      CHECK(s.Q[k] < 0);
    else
      CHECK(s.Q[k] == 0.0);
  }
  // the centre shell's Q is a volume average of 4π κ (J − B); J − B ≈ −0.0185 B there
  CHECK(s.Q[0] / (4 * kPi * o.ka[0] * B) == doctest::Approx(-0.0185).epsilon(0.05));
  CHECK(s.iterations == 4);
}

TEST_CASE("energy bookkeeping: emitted = escaped + absorbed (+ core) to rounding, per packet") {
  for (InnerBoundary inner : {InnerBoundary::Thermal, InnerBoundary::Reflecting, InnerBoundary::Vacuum}) {
    Owned o;
    o.G = 2;
    const std::size_t N = 30;
    for (std::size_t i = 0; i <= N; ++i) o.r.push_back(1e6 * std::pow(10.0, 1.5 * double(i) / N));
    for (std::size_t k = 0; k < N; ++k)
      for (std::size_t g = 0; g < o.G; ++g) {
        const double x = o.r[k] / 1e6;
        o.ka.push_back((g ? 3e-6 : 1e-6) / (x * x));
        o.ks.push_back((g ? 1e-6 : 4e-6) / (x * x));
        o.eta.push_back(o.ka.back() * 7.0 / x);
      }
    o.core = {5.0, 1.0};
    o.inner = inner;
    McOptions mc;
    mc.packets_per_group = 50000;
    mc.seed = 7;
    McStats st;
    const Solution s = solve_monte_carlo(o.problem(), mc, {}, &st);
    for (std::size_t g = 0; g < o.G; ++g) {
      const double em = st.emitted_ergs[g];
      CHECK(em == doctest::Approx(st.source_ergs[g]).epsilon(1e-12));
      const double out = st.escaped_ergs[g] + st.absorbed_ergs[g] + st.core_absorbed_ergs[g];
      CHECK(std::fabs(out - em) < 1e-12 * em);
      CHECK(st.escaped_ergs[g] > 0);
      CHECK(st.absorbed_ergs[g] > 0);
      if (inner == InnerBoundary::Reflecting)
        CHECK(st.core_absorbed_ergs[g] == 0.0);
      else
        CHECK(st.core_absorbed_ergs[g] > 0);
      // ∫ Q dV = absorbed − emitted in shells = (L_core,in − L_core,abs) − L_out  (PHYSICS.md §5)
      double qv = 0, shells = 0;
      for (std::size_t k = 0; k < N; ++k) {
        const double V = 4 * kPi / 3 * (std::pow(o.r[k + 1], 3) - std::pow(o.r[k], 3));
        qv += s.Q[k * o.G + g] * V;
        shells += 4 * kPi * o.eta[k * o.G + g] * V;
      }
      const double core_in = inner == InnerBoundary::Thermal ? kPi * o.core[g] * 4 * kPi * o.r[0] * o.r[0] : 0.0;
      CHECK(std::fabs(qv - (core_in - st.core_absorbed_ergs[g] - st.escaped_ergs[g])) < 1e-9 * (shells + core_in));
      // the escaping luminosity equals the crossing estimator's L at r_N (every escape crosses it once)
      const double Lout = 16 * kPi * kPi * o.r[N] * o.r[N] * s.H[N * o.G + g];
      CHECK(Lout == doctest::Approx(st.escaped_ergs[g]).epsilon(1e-12));
    }
  }
}

TEST_CASE("pure scattering above a reflecting core: L(r) = emission inside r exactly (per packet)") {
  Owned o;
  const std::size_t N = 20;
  for (std::size_t i = 0; i <= N; ++i) o.r.push_back(2e6 + 1e5 * double(i));
  for (std::size_t k = 0; k < N; ++k) {
    o.ka.push_back(0.0);
    o.ks.push_back(k < 10 ? 2e-5 : 1e-6);  // scattering optical depth ≈ 21
    o.eta.push_back(k % 3 == 0 ? 1.0 : 0.0);
  }
  o.inner = InnerBoundary::Reflecting;
  McOptions mc;
  mc.packets_per_group = 20000;
  McStats st;
  const Solution s = solve_monte_carlo(o.problem(), mc, {}, &st);
  double inside = 0;
  for (std::size_t i = 0; i <= N; ++i) {
    if (i > 0) inside += 4 * kPi * o.eta[i - 1] * 4 * kPi / 3 * (std::pow(o.r[i], 3) - std::pow(o.r[i - 1], 3));
    const double L = 16 * kPi * kPi * o.r[i] * o.r[i] * s.H[i];
    CHECK(std::fabs(L - inside) <= 1e-11 * st.source_ergs[0]);
    CHECK(s.J[i] > 0);
  }
  CHECK(st.escaped_ergs[0] == doctest::Approx(st.source_ergs[0]).epsilon(1e-12));
  CHECK(st.absorbed_ergs[0] == 0.0);
  for (std::size_t k = 0; k < N; ++k) CHECK(s.Q[k] == -4 * kPi * o.eta[k]);
  // scattering traps radiation: J at the reflecting core well above the free-streaming value, and
  // the Eddington factor K/J near 1/3 deep inside (optically thick), larger at the surface
  CHECK(s.K[0] / s.J[0] == doctest::Approx(1.0 / 3).epsilon(0.05));
  CHECK(s.K[N] / s.J[N] > 0.4);
  MESSAGE("scattering: " << double(st.steps) / double(st.packets) << " segments/packet, " << per_thread_rate(st)
                         << " packets/s per thread");
}

TEST_CASE("Milne problem (conservative isotropic scattering, constant flux): J(0) = sqrt(3) H, K(0) = q_inf H") {
  // A thin (plane-parallel: thickness/r = 6e-5) pure-scattering layer of optical depth 12 on a
  // reflecting core, fed by emission in its bottom shell: above the source the flux is constant and,
  // away from the bottom (e^{-7} transients), the field is Milne's: J(τ) = 3H (τ + q(τ)) with the
  // Hopf function q(0) = 1/√3, q(∞) = 0.7104461 (exact), and K(τ) = H (τ + q(∞)).
  // REFERENCES: Chandrasekhar 1960, Radiative Transfer, §§ 28, 40; Mihalas 1978, Stellar Atmospheres, § 3-4.
  Owned o;
  const std::size_t N = 24;
  const double r0 = 1e10, ks = 1e-5, dtau = 0.5, q_inf = 0.7104460896;
  for (std::size_t i = 0; i <= N; ++i) o.r.push_back(r0 + double(i) * dtau / ks);
  o.ka.assign(N, 0.0);
  o.ks.assign(N, ks);
  o.eta.assign(N, 0.0);
  o.eta[0] = 1.0;
  o.inner = InnerBoundary::Reflecting;
  McOptions mc;
  mc.packets_per_group = 100000;
  mc.seed = 31;
  McStats st;
  const Solution s = solve_monte_carlo(o.problem(), mc, {}, &st);
  // surface τ = 0
  const double J0 = s.J[N] / s.H[N], sJ0 = s.J_err[N] / s.H[N];
  const double K0 = s.K[N] / s.H[N], sK0 = st.K_err[N] / s.H[N];
  MESSAGE("Milne: J(0)/H = " << J0 << " ± " << sJ0 << " (sqrt 3: deviation " << (J0 - std::sqrt(3.0)) / sJ0
                             << " sigma), K(0)/H = " << K0 << " ± " << sK0 << " (q_inf: deviation "
                             << (K0 - q_inf) / sK0 << " sigma)");
  CHECK(sJ0 / J0 < 0.01);
  CHECK(std::fabs(J0 - std::sqrt(3.0)) < 3 * sJ0);
  CHECK(std::fabs(K0 - q_inf) < 3 * sK0);
  // depth τ = 5 (interface N − 10): J/H = 3 (5 + q(5)), q(5) within 5e-4 of q(∞)
  const std::size_t i5 = N - 10;
  const double J5 = s.J[i5] / s.H[i5], sJ5 = s.J_err[i5] / s.H[i5];
  MESSAGE("Milne: J(5)/H = " << J5 << " ± " << sJ5 << " (3(5 + q_inf) = " << 3 * (5 + q_inf) << ": deviation "
                             << (J5 - 3 * (5 + q_inf)) / sJ5 << " sigma)");
  CHECK(std::fabs(J5 - 3 * (5 + q_inf)) < 3 * sJ5 + 1.5e-3);
  const double K5 = s.K[i5] / s.H[i5], sK5 = st.K_err[i5] / s.H[i5];
  MESSAGE("Milne: K(5)/H = " << K5 << " ± " << sK5 << " (5 + q_inf: deviation " << (K5 - 5 - q_inf) / sK5
                             << " sigma)");
  CHECK(std::fabs(K5 - (5 + q_inf)) < 3 * sK5 + 1e-3);
  MESSAGE("Milne: " << double(st.steps) / double(st.packets) << " segments/packet, " << per_thread_rate(st)
                    << " packets/s per thread");
}

TEST_CASE("free streaming above a thermal core: L constant, H = I/4 at r_0, flux factor -> 1") {
  Owned o;
  const std::size_t N = 40;
  const double r0 = 1e6, I = 3.0;
  for (std::size_t i = 0; i <= N; ++i) o.r.push_back(r0 * std::pow(100.0, double(i) / N));
  o.ka.assign(N, 0.0);
  o.ks.assign(N, 0.0);
  o.eta.assign(N, 0.0);
  o.core = {I};
  o.inner = InnerBoundary::Thermal;
  McOptions mc;
  mc.packets_per_group = 400000;
  mc.seed = 99;
  McStats st;
  const Solution s = solve_monte_carlo(o.problem(), mc, {}, &st);
  const double L_core = kPi * I * 4 * kPi * r0 * r0;
  double worst = 0;
  for (std::size_t i = 0; i <= N; ++i) {
    const double r = o.r[i], muc = std::sqrt(std::max(0.0, 1 - r0 * r0 / (r * r)));
    const double J = I * (1 - muc) / 2, H = I * r0 * r0 / (4 * r * r), K = I * (1 - muc * muc * muc) / 6;
    // every packet crosses every interface once, outward: H and L are exact, not statistical
    CHECK(s.H[i] == doctest::Approx(H).epsilon(1e-12));
    CHECK(16 * kPi * kPi * r * r * s.H[i] == doctest::Approx(L_core).epsilon(1e-12));
    CHECK(s.H_err[i] <= 1e-12 * H);
    CHECK(s.J_err[i] > 0);
    CHECK(s.J_err[i] < 0.01 * J);
    CHECK(std::fabs(s.J[i] - J) < 3 * s.J_err[i]);
    worst = std::max(worst, std::fabs(s.J[i] - J) / s.J_err[i]);
    CHECK(std::fabs(s.K[i] - K) < 3 * st.K_err[i] + 1e-12 * K);
  }
  MESSAGE("free streaming: largest |J deviation| " << worst << " sigma; J_err/J at r_0 " << s.J_err[0] / s.J[0]
                                                   << ", at r_N " << s.J_err[N] / s.J[N]);
  CHECK(s.H[0] == doctest::Approx(I / 4).epsilon(1e-12));
  CHECK(s.J[0] == doctest::Approx(I / 2).epsilon(3 * s.J_err[0] / s.J[0]));
  CHECK(s.H[N] / s.J[N] > 0.999);
  CHECK(st.escaped_ergs[0] == doctest::Approx(L_core).epsilon(1e-12));
  MESSAGE("free streaming: " << per_thread_rate(st) << " packets/s per thread");
  // the grazing cap (1/|μ| -> 2/mu_cap below mu_cap) is unbiased for I independent of μ, as at r_0
  // here; a large cap lowers the variance
  McOptions wide = mc;
  wide.mu_cap = 0.2;
  const Solution w = solve_monte_carlo(o.problem(), wide);
  MESSAGE("free streaming, mu_cap 0.2: J(r_0) = " << w.J[0] << " ± " << w.J_err[0] << " (I/2 = " << I / 2 << ")");
  CHECK(std::fabs(w.J[0] - I / 2) < 3 * w.J_err[0]);
  CHECK(w.J_err[0] < s.J_err[0]);
}

TEST_CASE("1 and 2 threads give a bitwise identical Solution; the seed matters") {
  Owned o;
  o.G = 3;
  const std::size_t N = 25;
  for (std::size_t i = 0; i <= N; ++i) o.r.push_back(1e6 + 4e4 * double(i) * double(i));
  for (std::size_t k = 0; k < N; ++k)
    for (std::size_t g = 0; g < o.G; ++g) {
      o.ka.push_back(1e-6 * double(g + 1) * std::exp(-double(k) / 8));
      o.ks.push_back(3e-6 * std::exp(-double(k) / 6));
      o.eta.push_back(o.ka.back() * 2.0);
    }
  o.core = {1.0, 2.0, 0.5};
  McOptions mc;
  mc.packets_per_group = 30000;
  mc.seed = 123456789;
  ExecOptions one, two;
  one.threads = 1;
  two.threads = 2;
  McStats st1, st2;
  const Solution a = solve_monte_carlo(o.problem(), mc, one, &st1);
  const Solution b = solve_monte_carlo(o.problem(), mc, two, &st2);
  CHECK(st1.threads == 1);
  if (openmp_enabled()) CHECK(st2.threads == 2);
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
  };
  CHECK(same(a.J, b.J));
  CHECK(same(a.H, b.H));
  CHECK(same(a.K, b.K));
  CHECK(same(a.Q, b.Q));
  CHECK(same(a.J_err, b.J_err));
  CHECK(same(a.H_err, b.H_err));
  CHECK(same(st1.escaped_ergs, st2.escaped_ergs));
  CHECK(st1.steps == st2.steps);
  CHECK(a.iterations == b.iterations);
  mc.seed += 1;
  const Solution c = solve_monte_carlo(o.problem(), mc, two);
  CHECK_FALSE(same(a.J, c.J));
}

TEST_CASE("cancellation and progress") {
  const Owned o = homogeneous_sphere(1e6, 4.0, 1.0);
  McOptions mc;
  mc.packets_per_group = 20000;
  JobControl ctl;
  double last = -1;
  ctl.on_progress = [&](double f) { last = f; };
  ExecOptions ex;
  ex.control = &ctl;
  solve_monte_carlo(o.problem(), mc, ex);
  CHECK(last == 1.0);
  JobControl stop;
  stop.cancel = true;
  ex.control = &stop;
  try {
    solve_monte_carlo(o.problem(), mc, ex);
    FAIL("no exception");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::Cancelled);
  }
}

TEST_CASE("no sources: zero field, no packets") {
  Owned o = homogeneous_sphere(1e6, 4.0, 1.0);
  std::fill(o.eta.begin(), o.eta.end(), 0.0);
  McStats st;
  const Solution s = solve_monte_carlo(o.problem(), McOptions{}, {}, &st);
  CHECK(st.packets == 0);
  CHECK(s.iterations == 0);
  for (double v : s.J) CHECK(v == 0.0);
  for (double v : s.Q) CHECK(v == 0.0);
}

TEST_CASE("bad input throws nusphere::Error naming the field") {
  auto expect_field = [](const Owned& o, const McOptions& mc, const std::string& field) {
    try {
      solve_monte_carlo(o.problem(), mc);
      FAIL("no exception for " << field);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::InvalidInput);
      CHECK(e.field() == field);
    }
  };
  const McOptions mc;
  Owned good = homogeneous_sphere(1e6, 4.0, 1.0);
  {
    Owned o = good;
    o.ka[1] = std::nan("");
    expect_field(o, mc, "kappa_a[1][0]");
  }
  {
    Owned o = good;
    o.r[3] = o.r[2] * 0.5;
    expect_field(o, mc, "r_cm[3]");
  }
  {
    Owned o = good;
    o.eta[2] = -1;
    expect_field(o, mc, "eta[2][0]");
  }
  {
    Owned o = good;
    o.ks[0] = INFINITY;
    expect_field(o, mc, "kappa_s[0][0]");
  }
  {
    Owned o = good;
    for (double& r : o.r) r += 1e5;  // r_0 > 0 with a Thermal core but no core intensity
    o.inner = InnerBoundary::Thermal;
    expect_field(o, mc, "core_intensity");
  }
  {
    McOptions bad;
    bad.batches = 1;
    expect_field(good, bad, "batches");
    bad = {};
    bad.mu_cap = 0;
    expect_field(good, bad, "mu_cap");
    bad = {};
    bad.packets_per_group = 0;
    expect_field(good, bad, "packets_per_group");
  }
  {
    Owned o = good;
    o.r.resize(1);
    expect_field(o, mc, "n_shells");
  }
}
