// Tabulated EOS (stellarcollapse layout, PHYSICS.md §2): the interpolants reproduce what they must
// reproduce exactly (trilinear: functions linear per axis; tricubic: cubic per axis), the returned
// derivatives ∂P/∂ρ, ∂P/∂T, ∂e/∂ρ, ∂e/∂T, ∂s/∂ρ, ∂s/∂T are the derivatives of the returned values
// (finite differences of the interpolant), and the entropy is interpolated in log s when every s > 0
// and linearly otherwise. The round trip against the analytic EOS is test/native/eos.test.ts.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>

#include "nusphere/eos/table_eos.hpp"

using namespace nusphere;
using namespace nusphere::eos;

namespace {

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

// A table on non-uniform axes whose every field is f(log ρ, log T, Ye) (entropy: g).
TableEosData make_table(const std::function<double(double, double, double)>& f,
                        const std::function<double(double, double, double)>& g) {
  TableEosData t;
  t.logrho = {9.0, 9.3, 9.5, 9.8, 10.0, 10.4};
  t.logtemp = {0.0, 0.1, 0.25, 0.3, 0.45, 0.6};
  t.ye = {0.1, 0.15, 0.22, 0.3, 0.35};
  t.energy_shift_ergg = 0;
  const std::size_t n = t.logrho.size() * t.logtemp.size() * t.ye.size();
  for (auto& fld : t.fields) fld.resize(n);
  for (std::size_t k = 0; k < t.ye.size(); ++k)
    for (std::size_t j = 0; j < t.logtemp.size(); ++j)
      for (std::size_t i = 0; i < t.logrho.size(); ++i) {
        const std::size_t q = (k * t.logtemp.size() + j) * t.logrho.size() + i;
        for (auto& fld : t.fields) fld[q] = f(t.logrho[i], t.logtemp[j], t.ye[k]);
        t.fields[int(TableVar::Entropy)][q] = g(t.logrho[i], t.logtemp[j], t.ye[k]);
      }
  return t;
}

}  // namespace

TEST_CASE("table EOS: trilinear is exact for per-axis-linear fields, tricubic for per-axis-cubic, values and derivatives") {
  // multilinear: L = 20 + 2 x + 1.5 y + 0.3 z + 0.1 x y  (x = log ρ, y = log T, z = Ye)
  auto lin = [](double x, double y, double z) { return 20 + 2 * x + 1.5 * y + 0.3 * z + 0.1 * x * y; };
  auto lin_x = [](double, double y, double) { return 2 + 0.1 * y; };
  auto lin_y = [](double x, double, double) { return 1.5 + 0.1 * x; };
  // tensor-product cubic
  auto cub = [](double x, double y, double z) { return 20 + 0.2 * x * x * x - 0.5 * x * y * y + y * y * y * z + 0.3 * z * z * z; };
  auto cub_x = [](double x, double y, double) { return 0.6 * x * x - 0.5 * y * y; };
  auto cub_y = [](double x, double y, double z) { return -x * y + 3 * y * y * z; };
  struct Case {
    bool cubic;
    std::function<double(double, double, double)> f, fx, fy;
  };
  for (const Case& c : {Case{false, lin, lin_x, lin_y}, Case{true, cub, cub_x, cub_y}}) {
    // entropy tabulated as 10^L (all > 0): the log-entropy path interpolates L with the same exactness
    TableEos te(make_table(c.f, [&](double x, double y, double z) { return std::pow(10.0, c.f(x, y, z)); }), false, c.cubic);
    for (double x : {9.07, 9.41, 9.99, 10.33})
      for (double y : {0.03, 0.27, 0.52})
        for (double z : {0.12, 0.26, 0.34}) {
          const double rho = std::pow(10.0, x), T = std::pow(10.0, y);
          EosState s;
          te.evaluate(rho, T, z, s);
          const double L = c.f(x, y, z), q = std::pow(10.0, L);
          CAPTURE(c.cubic);
          CAPTURE(x);
          CAPTURE(y);
          CAPTURE(z);
          // round-off of 10^L with L ≈ 40: a few 1e-14 relative
          CHECK(rel(s.P_dyncm2, q) < 1e-12);
          CHECK(rel(s.e_ergg, q) < 1e-12);
          CHECK(rel(s.s_kB, q) < 1e-12);
          CHECK(rel(s.mu_e_MeV, L) < 1e-13);
          CHECK(rel(s.dPdrho, q * c.fx(x, y, z) / rho) < 1e-11);
          CHECK(rel(s.dPdT, q * c.fy(x, y, z) / T) < 1e-11);
          CHECK(rel(s.dedrho, q * c.fx(x, y, z) / rho) < 1e-11);
          CHECK(rel(s.dsdT, q * c.fy(x, y, z) / T) < 1e-11);
        }
  }
}

TEST_CASE("table EOS: derivatives are those of the returned values; entropy linear when some s <= 0") {
  // a curved field that neither interpolant reproduces exactly
  auto f = [](double x, double y, double z) { return 25 + std::sin(3 * x) + std::exp(y) * (1 + z) + 0.2 * x * y; };
  auto s_signed = [](double x, double y, double z) { return std::cos(2 * x) + y - z; };  // changes sign
  for (bool cubic : {false, true}) {
    TableEos te(make_table(f, s_signed), false, cubic);
    const double x = 9.61, y = 0.37, z = 0.27, rho = std::pow(10.0, x), T = std::pow(10.0, y);
    EosState s, a, b;
    te.evaluate(rho, T, z, s);
    const double h = 1e-6;
    te.evaluate(rho * (1 + h), T, z, a);
    te.evaluate(rho * (1 - h), T, z, b);
    CAPTURE(cubic);
    // centred difference of a smooth interpolant inside one cell: O(h²) ≈ 1e-12, plus round-off
    // ≈ 1e-16/h = 1e-10 relative
    CHECK(rel(s.dPdrho, (a.P_dyncm2 - b.P_dyncm2) / (2 * h * rho)) < 1e-8);
    CHECK(rel(s.dedrho, (a.e_ergg - b.e_ergg) / (2 * h * rho)) < 1e-8);
    CHECK(rel(s.dsdrho, (a.s_kB - b.s_kB) / (2 * h * rho)) < 1e-8);
    te.evaluate(rho, T * (1 + h), z, a);
    te.evaluate(rho, T * (1 - h), z, b);
    CHECK(rel(s.dPdT, (a.P_dyncm2 - b.P_dyncm2) / (2 * h * T)) < 1e-8);
    CHECK(rel(s.dedT, (a.e_ergg - b.e_ergg) / (2 * h * T)) < 1e-8);
    CHECK(rel(s.dsdT, (a.s_kB - b.s_kB) / (2 * h * T)) < 1e-8);
  }
  // trilinear with a signed entropy: the value at a cell centre is the mean of the 8 corners
  TableEosData d = make_table(f, s_signed);
  TableEos te(d);
  EosState s;
  te.evaluate(std::pow(10.0, 9.4), std::pow(10.0, 0.05), 0.125, s);
  double mean = 0;
  for (double x : {9.3, 9.5})
    for (double y : {0.0, 0.1})
      for (double z : {0.1, 0.15}) mean += s_signed(x, y, z) / 8;
  CHECK(rel(s.s_kB, mean) < 1e-13);
}
