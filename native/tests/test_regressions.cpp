// Regression tests for inputs found by the fuzzers (fuzz/regression/ keeps the raw inputs).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "nusphere/core/errors.hpp"
#include "nusphere/eos/table_eos.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"

using namespace nusphere;

TEST_CASE("regression (fuzz): strongly degenerate neutrinos give finite opacities or OUT_OF_DOMAIN, never inf") {
  // fuzz/fuzz_microphysics.cpp: T = 0.05 MeV, mu_e = 12.2, muhat = mu_n − mu_p = −75 MeV → μ_νe = 87 MeV;
  // 1/(1 − f_eq) at E = 30 MeV overflowed to inf (NuLib preset).
  opacity::ThermoState s;
  s.rho_gcc = 1e5;
  s.T_MeV = 0.05;
  s.Ye = 4.80515e-124;
  s.Xn = 0.5;
  s.Xp = 0.5;
  s.Xa = 4.66375e-305;
  s.Xh = 7.47593e-305;
  s.Abar = 4;
  s.Zbar = 1;
  s.mu_e_MeV = 12.24744871391589;
  s.mu_n_MeV = 25;
  s.mu_p_MeV = 100;
  const double E = 30.25;
  double ka, ks, et;
  opacity::OpacityOut out{&ka, &ks, &et};
  // the opacity module caps absorption of such thermodynamically inconsistent states at 1e200 cm⁻¹;
  // compute_opacities rejects anything non-finite as OUT_OF_DOMAIN
  try {
    opacity::compute_opacities(s, opacity::Species::Nue, &E, 1, opacity::nulib_params(), out);
    CHECK(std::isfinite(ka));
    CHECK(std::isfinite(ks));
    CHECK(std::isfinite(et));
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::OutOfDomain);
  }
}

TEST_CASE("regression (fuzz): a table whose log values overflow gives OUT_OF_DOMAIN, not inf") {
  // fuzz/fuzz_microphysics.cpp (mode 1): finite table entries like logpress = 400 made P = 10^400 = inf
  eos::TableEosData t;
  t.logrho = {8, 9};
  t.logtemp = {0, 1};
  t.ye = {0.1, 0.2};
  for (auto& f : t.fields) f.assign(8, 1.0);
  t.fields[int(eos::TableVar::LogPress)].assign(8, 400.0);
  eos::TableEos te(t);
  eos::EosState s;
  try {
    te.evaluate(3e8, 3, 0.15, s);
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::OutOfDomain);
  }
}

TEST_CASE("regression (fuzz): temperature inversion on a table with an overflowing log T axis") {
  // fuzz/fuzz_microphysics.cpp (mode 1, clamp): logtemp = {0, 400} made the clamped T = 10^400 = inf
  eos::TableEosData t;
  t.logrho = {8, 9};
  t.logtemp = {0, 400};
  t.ye = {0.1, 0.2};
  for (auto& f : t.fields) f.assign(8, 1.0);
  eos::TableEos te(t, /*clamp=*/true);
  try {
    const double T = te.temperature_from_entropy(3e8, 50.0, 0.15);
    CHECK(std::isfinite(T));
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::OutOfDomain);
  }
}

#include "nusphere/transport/discrete_ordinates.hpp"

TEST_CASE("regression (fuzz): absurd opacities/emissivities are refused before they overflow the solver") {
  // fuzz/fuzz_transport.cpp: kappa_s = eta = core = 4.4e291 made J = NaN; now refused by validate()
  std::vector<double> r = {0.0, 2.2e-29 + 1e-20}, ka = {1.39e-307}, ks = {4.44e291}, eta = {4.44e291}, core = {4.44e291};
  transport::Problem p;
  p.r_cm = r.data();
  p.n_shells = 1;
  p.n_groups = 1;
  p.kappa_a = ka.data();
  p.kappa_s = ks.data();
  p.eta = eta.data();
  p.inner = transport::InnerBoundary::Vacuum;
  p.core_intensity = core.data();
  try {
    transport::solve_discrete_ordinates(p, transport::DoOptions{}, ExecOptions{});
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK((e.code() == ErrorCode::OutOfDomain || e.code() == ErrorCode::InvalidInput));
  }
}

TEST_CASE("regression (fuzz): inelastic kernels at energies of 1e-304 MeV are refused, not NaN") {
  // fuzz/fuzz_microphysics.cpp mode 4: T = 32 MeV, E_in = 6.8e-304, E_out = 1.8e-265 MeV gave a
  // non-finite Phi; energies below 1e-6 MeV (or 1e-9 T) are now OUT_OF_DOMAIN
  const opacity::OpacityParams p;
  for (double E : {6.8e-304, 1e-8, 5e-7}) {
    try {
      (void)opacity::nes_phi_out(32, 0, E, 10, opacity::Species::Nue, p);
      FAIL("no throw");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::OutOfDomain);
    }
    try {
      (void)opacity::pair_kernel_phi(32, 0, 10, E, opacity::Species::Nux, p);
      FAIL("no throw");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::OutOfDomain);
    }
  }
  const auto v = opacity::nes_phi_out(32, 0, 1e-3, 10, opacity::Species::Nue, p);
  CHECK(std::isfinite(v.phi0_cm3s));
  CHECK(std::isfinite(v.phi1_cm3s));
}
