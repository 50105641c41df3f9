// NES kernels (inelastic.hpp): NuLib's own numbers (test/vectors/nulib_kernels.json, produced by
// NuLib's routines; see the file's "source"/"build"), detailed balance of the formulas, positivity,
// |Φ1| <= Φ0, the non-degenerate limit, convergence of the accurate rule, and the kernel table.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"

using namespace nusphere;
using namespace nusphere::opacity;

namespace {

// Numbers of the array that follows "key" (rows flattened), read with strtod.
std::vector<double> json_numbers_after(const std::string& text, const std::string& key) {
  std::size_t i = text.find("\"" + key + "\"");
  REQUIRE(i != std::string::npos);
  i = text.find('[', i);
  std::vector<double> v;
  int depth = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '[') ++depth;
    else if (c == ']') {
      if (--depth == 0) break;
    } else if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
      char* end = nullptr;
      v.push_back(std::strtod(text.c_str() + i, &end));
      i = std::size_t(end - text.c_str()) - 1;
    }
  }
  return v;
}

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

double rel(double a, double b) { return std::fabs(a - b) / std::max(std::fabs(b), 1e-300); }

}  // namespace

TEST_CASE("NES kernels: NuLib preset reproduces NuLib's Φ0, Φ1 (nulib_kernels.json) to 1e-3") {
  const std::string text = read_text(std::string(NUSPHERE_SOURCE_DIR) + "/test/vectors/nulib_kernels.json");
  const std::vector<double> v = json_numbers_after(text, "nes_rows");
  REQUIRE(v.size() % 7 == 0);
  REQUIRE(v.size() / 7 >= 100);
  const OpacityParams pn = nulib_params();
  const OpacityParams pd{};
  double worst0 = 0, worst1 = 0, exact0 = 0;
  for (std::size_t r = 0; r < v.size(); r += 7) {
    const double T = v[r], eta = v[r + 1], Ein = v[r + 2], Eout = v[r + 3];
    const Species sp = static_cast<Species>(int(v[r + 4]));
    const NesPhi k = nes_phi_out(T, eta, Ein, Eout, sp, pn);
    worst0 = std::max(worst0, rel(k.phi0_cm3s, v[r + 5]));
    // Φ1 can pass through zero: relative to Φ0 (its natural scale, |Φ1| <= Φ0).
    worst1 = std::max(worst1, std::fabs(k.phi1_cm3s - v[r + 6]) / std::fabs(v[r + 5]));
    OpacityParams pe = pn;
    pe.nulib_quirks = false;
    exact0 = std::max(exact0, rel(nes_phi_out(T, eta, Ein, Eout, sp, pe).phi0_cm3s, v[r + 5]));
    (void)pd;
  }
  MESSAGE("NES vs NuLib: max rel diff phi0 " << worst0 << ", phi1 (rel. to phi0) " << worst1
                                             << "; accurate integral vs NuLib's 128-point rule: phi0 up to " << exact0);
  CHECK(worst0 < 1e-3);
  CHECK(worst1 < 1e-3);
}

TEST_CASE("NES kernels: detailed balance") {
  const OpacityParams p{};
  for (double T : {0.5, 3.0, 12.0})
    for (double eta : {-3.0, 0.5, 8.0, 40.0})
      for (double E1 : {2.0, 10.0, 45.0})
        for (double E2 : {1.0, 7.0, 30.0, 90.0})
          for (int s = 0; s < 3; ++s) {
            const Species sp = static_cast<Species>(s);
            const NesPhi o = nes_phi_out(T, eta, E1, E2, sp, p);
            const NesPhi in = nes_phi_in(T, eta, E1, E2, sp, p);
            const double w = std::exp((E2 - E1) / T);
            // Φ^in(E, E′) = e^{(E′−E)/T} Φ^out(E, E′)
            CHECK(rel(in.phi0_cm3s, w * o.phi0_cm3s) < 1e-12);
            CHECK(std::fabs(in.phi1_cm3s - w * o.phi1_cm3s) <= 1e-12 * std::fabs(w * o.phi0_cm3s));
            // The formulas themselves: the directly integrated up-scattering kernel equals
            // e^{−(E′−E)/T} × the down-scattering one (a test of the Θ(x′ − x)Γ terms).
            if (E2 > E1 && (E2 - E1) / T < 30) {
              const NesPhi d = nes_phi_out_direct(T, eta, E1, E2, sp, p);
              const NesPhi b = nes_phi_out(T, eta, E1, E2, sp, p);
              INFO("T " << T << " eta " << eta << " E " << E1 << " -> " << E2 << " species " << s);
              CHECK(rel(d.phi0_cm3s, b.phi0_cm3s) < 1e-8);
              CHECK(std::fabs(d.phi1_cm3s - b.phi1_cm3s) < 1e-8 * b.phi0_cm3s);
            }
          }
}

TEST_CASE("NES kernels: Φ0 >= 0, |Φ1| <= Φ0, ν̄e = νe with C1 <-> C2, non-degenerate limit") {
  const OpacityParams p{};
  for (double T : {0.1, 2.0, 20.0})
    for (double eta : {-5.0, 0.0, 3.0, 30.0})
      for (double E1 : {1.0, 5.0, 20.0, 80.0})
        for (double E2 : {1.0, 5.0, 20.0, 80.0})
          for (int s = 0; s < 3; ++s) {
            const NesPhi k = nes_phi_out(T, eta, E1, E2, static_cast<Species>(s), p);
            CHECK(k.phi0_cm3s >= 0);
            CHECK(std::isfinite(k.phi0_cm3s));
            CHECK(std::fabs(k.phi1_cm3s) <= k.phi0_cm3s * (1 + 1e-12));
          }
  // Couplings: ν̄e swaps C1 and C2 of νe (C_A → −C_A).
  double a1, a2, b1, b2;
  nes_couplings(Species::Nue, 0.23, a1, a2);
  nes_couplings(Species::Anue, 0.23, b1, b2);
  CHECK(a1 == doctest::Approx(b2).epsilon(1e-15));
  CHECK(a2 == doctest::Approx(b1).epsilon(1e-15));
  CHECK(a1 == doctest::Approx(std::pow(1.46, 2)).epsilon(1e-14));  // (½ + 2·0.23 + ½)²
  // Non-degenerate electrons (η → −∞, f_e ≈ e^{η−y}, 1 − f_e ≈ 1): Φ ∝ e^{η}.
  for (double E2 : {3.0, 12.0}) {
    const NesPhi k1 = nes_phi_out(4.0, -30.0, 12.0, E2, Species::Nue, p);
    const NesPhi k2 = nes_phi_out(4.0, -31.0, 12.0, E2, Species::Nue, p);
    CHECK(k1.phi0_cm3s / k2.phi0_cm3s == doctest::Approx(std::exp(1.0)).epsilon(1e-9));
    CHECK(k1.phi1_cm3s / k2.phi1_cm3s == doctest::Approx(std::exp(1.0)).epsilon(1e-9));
  }
}

TEST_CASE("NES kernels: the accurate rule converges (vs a fine midpoint sum)") {
  for (double eta : {-2.0, 1.0, 20.0})
    for (double x : {0.7, 4.0, 25.0})
      for (double xp : {0.5, 3.0, 30.0}) {
        const NesIntegrals a = nes_integrals(x, xp, eta, false);
        // Brute force: midpoint with 4e5 points on [0, max(η, η − (x − x′), 0) + 80] (error ~h² f'').
        const double hi = std::max({eta, eta - (x - xp), 0.0}) + 80.0;
        const NesIntegrals m = nes_integrals_midpoint(x, xp, eta, 400000, hi);
        INFO("eta " << eta << " x " << x << " x' " << xp);
        CHECK(rel(a.I0_I, m.I0_I) < 1e-8);
        CHECK(rel(a.I0_II, m.I0_II) < 1e-8);
        // Φ1 relative to the kernel's scale I0_I + I0_II: for x′ ≫ x (direct up-scattering, which the
        // tables never evaluate) the degree-7 terms of H1 cancel to ~1e-6 of H0 and both sums carry
        // their rounding.
        const double scale = a.I0_I + a.I0_II;
        CHECK(std::fabs(a.I1_I - m.I1_I) < 1e-8 * scale);
        CHECK(std::fabs(a.I1_II - m.I1_II) < 1e-8 * scale);
        CHECK(std::isfinite(a.I0_I));
        CHECK(a.I0_I >= 0);
        CHECK(a.I0_II >= 0);
      }
}

TEST_CASE("NES kernels: validation") {
  const OpacityParams p{};
  CHECK_THROWS_AS(nes_phi_out(0.0, 1.0, 5.0, 3.0, Species::Nue, p), Error);
  CHECK_THROWS_AS(nes_phi_out(1.0, NAN, 5.0, 3.0, Species::Nue, p), Error);
  CHECK_THROWS_AS(nes_phi_out(1.0, 1.0, -5.0, 3.0, Species::Nue, p), Error);
  CHECK_THROWS_AS(nes_phi_out(1.0, 1.0, 5.0, 0.0, Species::Nue, p), Error);
  CHECK_THROWS_AS(nes_phi_out(1.0, 1e5, 5.0, 3.0, Species::Nue, p), Error);
}
