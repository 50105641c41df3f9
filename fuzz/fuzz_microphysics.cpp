// libFuzzer target: the microphysics entry points on arbitrary inputs — analytic EOS evaluation,
// tabulated EOS (construction from arbitrary small tables, evaluation, temperature inversion),
// compute_opacities on arbitrary explicit states and energy lists, opacity-table construction and
// interpolation, the inelastic NES and e+e- pair kernels and the NES kernel integrated over final
// energies (also inside compute_opacities). Accepted input must give finite results; everything else
// must throw nusphere::Error.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "nusphere/core/errors.hpp"
#include "nusphere/eos/analytic_eos.hpp"
#include "nusphere/eos/table_eos.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"
#include "nusphere/opacity/table.hpp"

namespace {
struct Reader {
  const uint8_t* d;
  size_t n, pos = 0;
  double num(bool sane, double lo, double hi, bool log) {
    double v = 0;
    if (pos + 8 <= n) std::memcpy(&v, d + pos, 8);
    pos += 8;
    if (!sane) return v;
    double t = std::isfinite(v) ? std::fabs(std::fmod(v, 1.0)) : 0.5;
    return log ? lo * std::pow(hi / lo, t) : lo + (hi - lo) * t;
  }
  uint8_t byte() { return pos < n ? d[pos++] : 0; }
};
void finite_or_abort(double x) {
  if (!std::isfinite(x)) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Reader R{data, size};
  const int mode = R.byte() % 5;
  const bool sane = R.byte() & 1;
  try {
    if (mode == 0) {
      static const nusphere::eos::AnalyticEos eos;
      nusphere::eos::EosState s;
      eos.evaluate(R.num(sane, 1e3, 1e15, true), R.num(sane, 0.01, 100, true), R.num(sane, 0.01, 0.6, false), s);
      finite_or_abort(s.P_dyncm2);
      finite_or_abort(s.s_kB);
      finite_or_abort(s.mu_e_MeV);
      finite_or_abort(s.dPdT);
    } else if (mode == 1) {
      nusphere::eos::TableEosData t;
      const int nr = 2 + R.byte() % 3, nt = 2 + R.byte() % 3, ny = 2 + R.byte() % 3;
      for (int i = 0; i < nr; ++i) t.logrho.push_back(sane ? 8 + i : R.num(false, 0, 0, false));
      for (int i = 0; i < nt; ++i) t.logtemp.push_back(sane ? -1 + 0.5 * i : R.num(false, 0, 0, false));
      for (int i = 0; i < ny; ++i) t.ye.push_back(sane ? 0.1 + 0.1 * i : R.num(false, 0, 0, false));
      t.energy_shift_ergg = R.num(sane, 0, 1e20, false);
      for (auto& f : t.fields) {
        f.resize(std::size_t(nr * nt * ny));
        for (auto& x : f) x = R.num(sane, 1, 30, false);
      }
      const bool cubic = R.byte() & 1, clamp = R.byte() & 1;
      nusphere::eos::TableEos te(t, clamp, cubic);
      nusphere::eos::EosState s;
      te.evaluate(R.num(sane, 1e8, 1e11, true), R.num(sane, 0.1, 10, true), R.num(sane, 0.1, 0.3, false), s);
      finite_or_abort(s.P_dyncm2);
      finite_or_abort(te.temperature_from_entropy(R.num(sane, 1e8, 1e11, true), R.num(sane, 1, 30, false), R.num(sane, 0.1, 0.3, false)));
    } else if (mode == 2) {
      nusphere::opacity::ThermoState s;
      s.rho_gcc = R.num(sane, 1e5, 1e15, true);
      s.T_MeV = R.num(sane, 0.05, 100, true);
      s.Ye = R.num(sane, 0, 1, false);
      s.Xn = R.num(sane, 0, 1, false);
      s.Xp = R.num(sane, 0, 1, false);
      s.Xa = R.num(sane, 0, 1, false);
      s.Xh = R.num(sane, 0, 1, false);
      s.Abar = R.num(sane, 4, 200, false);
      s.Zbar = R.num(sane, 1, 4, false) * (sane ? s.Abar / 4 : 1);
      s.mu_e_MeV = R.num(sane, 0.5, 300, true);
      s.mu_n_MeV = R.num(sane, -50, 100, false);
      s.mu_p_MeV = R.num(sane, -50, 100, false);
      const std::size_t nE = 1 + R.byte() % 6;
      std::vector<double> E(nE), ka(nE), ks(nE), et(nE);
      double e = 0;
      for (auto& x : E) x = sane ? (e += R.num(true, 0.5, 60, false)) : R.num(false, 0, 0, false);
      auto p = (R.byte() & 1) ? nusphere::opacity::nulib_params() : nusphere::opacity::OpacityParams{};
      p.scattering_electrons = (R.byte() & 3) == 0;  // the isoenergetic ν–e term (kernel quadrature) in a quarter of the runs
      nusphere::opacity::OpacityOut out{ka.data(), ks.data(), et.data()};
      nusphere::opacity::compute_opacities(s, static_cast<nusphere::opacity::Species>(R.byte() % 3), E.data(), nE, p, out);
      for (std::size_t i = 0; i < nE; ++i) {
        finite_or_abort(ka[i]);
        finite_or_abort(ks[i]);
        finite_or_abort(et[i]);
      }
    } else if (mode == 4) {
      const double T = R.num(sane, 0.05, 100, true), eta = R.num(sane, -50, 200, false);
      const double E1 = R.num(sane, 0.1, 300, true), E2 = R.num(sane, 0.1, 300, true);
      const auto sp = static_cast<nusphere::opacity::Species>(R.byte() % 3);
      auto p = (R.byte() & 1) ? nusphere::opacity::nulib_params() : nusphere::opacity::OpacityParams{};
      const auto nes = nusphere::opacity::nes_phi_out(T, eta, E1, E2, sp, p);
      finite_or_abort(nes.phi0_cm3s);
      finite_or_abort(nes.phi1_cm3s);
      const auto pk = nusphere::opacity::pair_kernel_phi(T, eta, E1, E2, sp, p);
      finite_or_abort(pk.phi0_production_cm3s);
      finite_or_abort(pk.phi0_annihilation_cm3s);
      // the kernel integrated over final energies (isoenergetic ν–e scattering)
      const auto iso = nusphere::opacity::nes_isoenergetic(T, eta, E1, sp, p);
      finite_or_abort(iso.total_cm);
      finite_or_abort(iso.transport_cm);
      if (!(iso.total_cm >= 0) || !(iso.transport_cm >= 0)) __builtin_trap();
    } else {
      nusphere::opacity::TableSpec sp;
      sp.rho_gcc = {1e10, 1e11};
      sp.T_MeV = {1, 10};
      sp.Ye = {0.1, 0.3};
      sp.bin_edges_MeV = {1, 5, 20};
      sp.sub_points = 0;
      const std::size_t n = 8 * 3 * 2;
      std::vector<double> a(n), b(n), c(n);
      for (std::size_t i = 0; i < n; ++i) {
        a[i] = R.num(sane, 1e-10, 1e-2, true);
        b[i] = R.num(sane, 1e-10, 1e-2, true);
        c[i] = R.num(sane, 1e10, 1e30, true);
      }
      nusphere::opacity::OpacityTable t(sp, a, b, c);
      double ka[2], ks[2], et[2];
      t.interpolate(R.num(sane, 1e10, 1e11, true), R.num(sane, 1, 10, true), R.num(sane, 0.1, 0.3, false), R.byte() % 3, ka, ks, et,
                    R.byte() & 1);
      for (int g = 0; g < 2; ++g) {
        finite_or_abort(ka[g]);
        finite_or_abort(et[g]);
      }
    }
  } catch (const nusphere::Error&) {
  }
  return 0;
}
