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

// ---- kernel table -------------------------------------------------------------------------------
#include <atomic>
#include <chrono>

#include "nusphere/eos/analytic_eos.hpp"
#include "nusphere/opacity/table.hpp"

namespace {
TableSpec small_spec() {
  TableSpec s;
  s.rho_gcc = {1e10, 1e12};
  s.T_MeV = {2.0, 6.0};
  s.Ye = {0.3, 0.45};
  s.bin_edges_MeV = {0, 4, 10, 25, 60};
  s.sub_points = 2;
  return s;
}
}  // namespace

TEST_CASE("NES kernel table: NuLib order, values = direct evaluation, default arrays unchanged") {
  const eos::AnalyticEos e;
  const OpacityParams p{};
  TableSpec s = small_spec();
  const OpacityTable plain = OpacityTable::build(e, p, s, ExecOptions{}, std::size_t(1) << 30);
  CHECK(plain.nes_phi0().empty());
  s.kernels.T_MeV = {0.5, 2.0, 8.0};
  s.kernels.eta = {0.1, 1.0, 10.0, 100.0};
  JobControl ctl;
  std::vector<double> fractions;
  ctl.on_progress = [&](double f) { fractions.push_back(f); };
  ExecOptions o;
  o.threads = 2;
  o.control = &ctl;
  const OpacityTable t = OpacityTable::build(e, p, s, o, std::size_t(1) << 30);
  // The opacity arrays are bit-identical with and without kernels.
  CHECK(t.kappa_a() == plain.kappa_a());
  CHECK(t.kappa_s() == plain.kappa_s());
  CHECK(t.eta() == plain.eta());
  REQUIRE(!fractions.empty());
  for (std::size_t i = 1; i < fractions.size(); ++i) CHECK(fractions[i] >= fractions[i - 1]);
  CHECK(fractions.back() == doctest::Approx(1.0));
  const std::size_t ng = 4, ns = 3, nT = 3, ne = 4;
  REQUIRE(t.nes_phi0().size() == ng * ns * ng * ne * nT);
  const double Eg[4] = {2, 7, 17.5, 42.5};
  double worst = 0;
  for (std::size_t o2 = 0; o2 < ng; ++o2)
    for (std::size_t sp = 0; sp < ns; ++sp)
      for (std::size_t i = 0; i < ng; ++i)
        for (std::size_t je = 0; je < ne; ++je)
          for (std::size_t it = 0; it < nT; ++it) {
            const std::size_t idx = (((o2 * ns + sp) * ng + i) * ne + je) * nT + it;
            const NesPhi d = nes_phi_out(s.kernels.T_MeV[it], s.kernels.eta[je], Eg[i], Eg[o2], static_cast<Species>(sp), p);
            worst = std::max(worst, rel(t.nes_phi0()[idx], d.phi0_cm3s));
            CHECK(std::fabs(t.nes_phi1()[idx] - d.phi1_cm3s) <= 1e-13 * d.phi0_cm3s);
          }
  CHECK(worst < 1e-13);
  // e⁺e⁻ pair kernels on the same grid: [channel][E_partner][species][E][η][T]
  s.kernels.pair = true;
  const OpacityTable tp = OpacityTable::build(e, p, s, ExecOptions{}, std::size_t(1) << 30);
  CHECK(tp.nes_phi0() == t.nes_phi0());
  REQUIRE(tp.pair_phi0().size() == 2 * ng * ns * ng * ne * nT);
  double pw = 0;
  for (std::size_t c = 0; c < 2; ++c)
    for (std::size_t o2 = 0; o2 < ng; ++o2)
      for (std::size_t sp = 0; sp < ns; ++sp)
        for (std::size_t i = 0; i < ng; ++i)
          for (std::size_t je = 0; je < ne; ++je)
            for (std::size_t it = 0; it < nT; ++it) {
              const std::size_t idx = ((((c * ng + o2) * ns + sp) * ng + i) * ne + je) * nT + it;
              const PairKernelPhi d = pair_kernel_phi(s.kernels.T_MeV[it], s.kernels.eta[je], Eg[i], Eg[o2], static_cast<Species>(sp), p);
              const double r0 = c ? d.phi0_annihilation_cm3s : d.phi0_production_cm3s, r1 = c ? d.phi1_annihilation_cm3s : d.phi1_production_cm3s;
              if (r0 > 1e-250) pw = std::max(pw, rel(tp.pair_phi0()[idx], r0));
              CHECK(std::fabs(tp.pair_phi1()[idx] - r1) <= 1e-12 * r0);
            }
  CHECK(pw < 1e-12);
  s.kernels.pair = false;
  // set_kernels validates sizes.
  OpacityTable c(plain.spec(), plain.kappa_a(), plain.kappa_s(), plain.eta());
  CHECK_THROWS_AS(c.set_kernels(s.kernels, std::vector<double>(5, 1.0), std::vector<double>(5, 1.0)), Error);
  c.set_kernels(s.kernels, t.nes_phi0(), t.nes_phi1());
  CHECK(c.nes_phi0() == t.nes_phi0());
}

TEST_CASE("NES kernel table: cancellation, and the cost of a 30 x 30 x 18 groups table (printed, not asserted)") {
  const eos::AnalyticEos e;
  OpacityParams p{};
  TableSpec s = small_spec();
  s.rho_gcc = {1e10};
  s.T_MeV = {5.0};
  s.Ye = {0.4};
  s.bin_edges_MeV = {0, 2, 4, 6.476, 9.543, 13.34, 18.04, 23.86, 31.07, 40.01, 51.06, 64.75, 81.68, 102.7, 128.7,
                     160.8, 200.7, 250, 311.1};  // NuLib's 18 groups (rounded)
  s.kernels.T_MeV.resize(30);
  s.kernels.eta.resize(30);
  for (int i = 0; i < 30; ++i) {
    s.kernels.T_MeV[i] = 0.05 * std::pow(150 / 0.05, i / 29.0);
    s.kernels.eta[i] = 0.1 * std::pow(1000.0, i / 29.0);
  }
  JobControl ctl;
  ctl.cancel.store(true);
  ExecOptions oc;
  oc.control = &ctl;
  CHECK_THROWS_AS(OpacityTable::build(e, p, s, oc, std::size_t(1) << 30), Error);
  for (bool quirks : {false, true}) {
    p.nulib_quirks = quirks;
    ExecOptions o;
    o.threads = 2;
    const auto t0 = std::chrono::steady_clock::now();
    const OpacityTable t = OpacityTable::build(e, p, s, o, std::size_t(1) << 30);
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("NES kernel table 30 T x 30 eta x 18 x 18 groups x 3 species, 2 threads, " << std::string(quirks ? "NuLib 128-point rule" : "accurate rule") << ": "
                                                                                      << sec << " s (" << t.nes_phi0().size() << " values per moment)");
    CHECK(t.nes_phi0().size() == 30u * 30u * 18u * 18u * 3u);
  }
}

// ---- e⁺e⁻ pair kernels --------------------------------------------------------------------------
TEST_CASE("pair kernels: NuLib preset reproduces NuLib's epannihil Φ0, Φ1 (nulib_kernels.json); accurate rule vs NuLib's") {
  const std::string text = read_text(std::string(NUSPHERE_SOURCE_DIR) + "/test/vectors/nulib_kernels.json");
  const std::vector<double> v = json_numbers_after(text, "epannihil_rows");
  REQUIRE(v.size() % 9 == 0);
  REQUIRE(v.size() / 9 >= 100);
  const OpacityParams pn = nulib_params();
  OpacityParams pe = pn;
  pe.nulib_quirks = false;
  double worst[4] = {0, 0, 0, 0}, exact = 0;
  for (std::size_t r = 0; r < v.size(); r += 9) {
    const PairKernelPhi k = pair_kernel_phi(v[r], v[r + 1], v[r + 2], v[r + 3], static_cast<Species>(int(v[r + 4])), pn);
    const double got[4] = {k.phi0_production_cm3s, k.phi0_annihilation_cm3s, k.phi1_production_cm3s, k.phi1_annihilation_cm3s};
    // Φ1 relative to the Φ0 of the same channel (it can pass through zero)
    for (int c = 0; c < 4; ++c) worst[c] = std::max(worst[c], std::fabs(got[c] - v[r + 5 + c]) / std::fabs(v[r + 5 + (c % 2)]));
    const PairKernelPhi a = pair_kernel_phi(v[r], v[r + 1], v[r + 2], v[r + 3], static_cast<Species>(int(v[r + 4])), pe);
    exact = std::max(exact, rel(a.phi0_annihilation_cm3s, v[r + 6]));
  }
  MESSAGE("pair kernels vs NuLib: max rel diff phi0 prod " << worst[0] << ", phi0 ann " << worst[1] << ", phi1 prod " << worst[2]
                                                             << ", phi1 ann " << worst[3] << " (phi1 relative to phi0); accurate vs NuLib's 16-point rule: phi0 ann up to "
                                                             << exact);
  for (double w : worst) CHECK(w < 1e-3);
}

TEST_CASE("pair kernels: Φ^a = e^{(E+Ē)/T} Φ^p, Φ0 >= 0, |Φ1| <= Φ0, convergence of the accurate rule") {
  OpacityParams p{};
  for (bool q : {false, true}) {
    p.nulib_quirks = q;
    for (double T : {0.5, 4.0, 15.0})
      for (double eta : {-4.0, 0.3, 6.0, 50.0})
        for (double E : {2.0, 12.0, 40.0})
          for (double Eb : {1.0, 9.0, 60.0})
            for (int s = 0; s < 3; ++s) {
              const PairKernelPhi k = pair_kernel_phi(T, eta, E, Eb, static_cast<Species>(s), p);
              INFO("T " << T << " eta " << eta << " E " << E << " Eb " << Eb << " s " << s << " nulib " << q);
              CHECK(k.phi0_production_cm3s >= 0);
              CHECK(k.phi0_annihilation_cm3s >= 0);
              if ((E + Eb) / T < 600) {
                const double w = std::exp((E + Eb) / T);
                CHECK(rel(k.phi0_annihilation_cm3s, w * k.phi0_production_cm3s) < 1e-10);
                CHECK(std::fabs(k.phi1_annihilation_cm3s - w * k.phi1_production_cm3s) < 1e-10 * k.phi0_annihilation_cm3s);
              }
              if (!q) {
                CHECK(std::fabs(k.phi1_production_cm3s) <= k.phi0_production_cm3s * (1 + 1e-12));
                CHECK(std::fabs(k.phi1_annihilation_cm3s) <= k.phi0_annihilation_cm3s * (1 + 1e-12));
              }
            }
  }
  // Symmetry of the nux Φ0 (C1 = C2) under E <-> Ē: the integrand J_0(x, x̄, y) + J_0(x̄, x, y) with
  // f_e(y) f_{e+}(x + x̄ − y) is the same function for both orders, but the accurate rule's pieces
  // differ (breakpoints at x and x̄ are shared, edges are not), so this checks its accuracy.
  p.nulib_quirks = false;
  for (double eta : {-2.0, 0.0, 5.0}) {
    const PairKernelPhi a = pair_kernel_phi(3.0, eta, 7.0, 20.0, Species::Nux, p);
    const PairKernelPhi b = pair_kernel_phi(3.0, eta, 20.0, 7.0, Species::Nux, p);
    CHECK(rel(a.phi0_production_cm3s, b.phi0_production_cm3s) < 1e-11);
    CHECK(rel(a.phi0_annihilation_cm3s, b.phi0_annihilation_cm3s) < 1e-11);
  }
  CHECK_THROWS_AS(pair_kernel_phi(1.0, 1.0, 5.0, -1.0, Species::Nue, p), Error);
}

// ---- isoenergetic NES opacity (PHYSICS.md §3 item 5, gray uses) ----
#include "nusphere/core/constants.hpp"
#include "nusphere/core/fermi_dirac.hpp"

TEST_CASE("NES isoenergetic opacity: the kernel integrated over final energies gives the massless ν–e cross section") {
  // Independent closed form (non-degenerate electrons, no final-state electron blocking): for massless
  // electrons σ(ν e) = (G_F² s/4π)[C1 + C2/3] (C1 = (C_V+C_A)², C2 = (C_V−C_A)²), s = 2 E E_e (1 − cos α),
  // flux factor 1 − cos α, ⟨(1 − cos α)²⟩ = 4/3 over isotropic electrons, and n_e⟨E_e⟩ = T⁴F3(η)/(π²(ħc)³):
  //   κ_tot = σ0 E T⁴ F3(η) [C1 + C2/3] / (6 π² m_e² (ħc)³),  σ0 = 4 G_F² m_e² (ħc)²/π.
  // At η = −30 the blocking factor 1 − f_e differs from 1 by < e^{−30} ≈ 1e-13, so the kernel route
  // must reproduce it to its quadrature accuracy (the kernel's normalization, the 2π of the angular
  // integral and (2πħc)³ of the phase space are all tested by this one number).
  const OpacityParams p;
  const double hc = constants::hbarc_MeVcm, me = constants::me_MeV, pi = 3.14159265358979323846;
  double worst = 0;
  for (Species sp : {Species::Nue, Species::Anue, Species::Nux})
    for (double T : {0.5, 5.0})
      for (double E : {0.3, 3.0, 30.0, 200.0}) {
        const double eta = -30;
        double C1, C2;
        nes_couplings(sp, p.sin2thetaW, C1, C2);
        const double F3 = fermi_dirac(3.0, eta);
        const double expect = p.sigma0() * E * std::pow(T, 4) * F3 * (C1 + C2 / 3) / (6 * pi * pi * me * me * hc * hc * hc);
        const NesOpacity k = nes_isoenergetic(T, eta, E, sp, p);
        CAPTURE(int(sp));
        CAPTURE(T);
        CAPTURE(E);
        CHECK(std::fabs(k.total_cm / expect - 1) < 1e-9);
        worst = std::max(worst, std::fabs(k.total_cm / expect - 1));
        // momentum transfer κ_tr = κ_tot·⟨1 − cos θ⟩ lies in (0, 2κ_tot); a neutrino much more energetic
        // than the electrons scatters forward (κ_tr < κ_tot), a slow one is kicked back by them
        CHECK(k.transport_cm > 0);
        CHECK(k.transport_cm < 2 * k.total_cm);
        if (E >= 10 * T) CHECK(k.transport_cm < k.total_cm);
      }
  MESSAGE("isoenergetic NES vs closed form (eta = -30): worst relative error " << worst);
}

TEST_CASE("NES isoenergetic opacity: quadrature converges, blocking lowers it, weak scale, the opacity set") {
  const OpacityParams p;
  double worst = 0;
  for (double eta : {-5.0, 0.0, 5.0, 30.0, 200.0})
    for (double T : {1.0, 10.0})
      for (double E : {0.5, 5.0, 50.0, 250.0}) {
        const NesOpacity a = nes_isoenergetic(T, eta, E, Species::Nue, p, 1), b = nes_isoenergetic(T, eta, E, Species::Nue, p, 4);
        const double d = std::max(std::fabs(a.total_cm / b.total_cm - 1), std::fabs(a.transport_cm / b.transport_cm - 1));
        CAPTURE(eta);
        CAPTURE(T);
        CAPTURE(E);
        CHECK(d < 1e-7);
        worst = std::max(worst, d);
      }
  MESSAGE("isoenergetic NES: 8 vs 32 points per panel, worst relative difference " << worst);
  // Pauli blocking of the final electrons: per electron (κ / n_e⟨E_e⟩ ∝ κ / F3(η)) the rate falls as
  // the electrons become degenerate
  const double r0 = nes_isoenergetic(5, -30, 20, Species::Nue, p).total_cm / fermi_dirac(3.0, -30);
  const double r1 = nes_isoenergetic(5, 0, 20, Species::Nue, p).total_cm / fermi_dirac(3.0, 0);
  const double r2 = nes_isoenergetic(5, 20, 20, Species::Nue, p).total_cm / fermi_dirac(3.0, 20);
  CHECK(r1 < r0);
  CHECK(r2 < 0.5 * r1);
  // weak scale: G_F² ∝ v⁻⁴
  OpacityParams q;
  q.weak.s = 2;
  CHECK(std::fabs(nes_isoenergetic(5, 3, 20, Species::Nux, q).transport_cm / nes_isoenergetic(5, 3, 20, Species::Nux, p).transport_cm - 1.0 / 16) < 1e-13);
  // in the opacity set: kappa_s grows by exactly the term, only when switched on
  ThermoState s;
  s.rho_gcc = 1e12, s.T_MeV = 8, s.Ye = 0.3, s.Xn = 0.6, s.Xp = 0.2, s.Xa = 0.1, s.Xh = 0.1, s.Abar = 60, s.Zbar = 26;
  s.mu_e_MeV = 25, s.mu_n_MeV = -5, s.mu_p_MeV = -12;
  const double E[3] = {3, 15, 60};
  double ka0[3], ks0[3], et0[3], ka1[3], ks1[3], et1[3], te[3];
  OpacityOut o0{ka0, ks0, et0}, o1{ka1, ks1, et1};
  OpacityParams on;
  on.scattering_electrons = true;
  compute_opacities(s, Species::Anue, E, 3, p, o0);
  compute_opacities(s, Species::Anue, E, 3, on, o1);
  scattering_electrons(s, Species::Anue, E, 3, on, te);
  for (int i = 0; i < 3; ++i) {
    CHECK(te[i] > 0);
    CHECK(std::fabs(ks1[i] - (ks0[i] + te[i])) <= 1e-14 * ks1[i]);
    CHECK(ka1[i] == ka0[i]);
    CHECK(et1[i] == et0[i]);
  }
}
