// e⁺e⁻ pair production/annihilation kernels Φ0, Φ1 [cm³ s⁻¹] (Bruenn 1985 Eqs. C65–C72 as NuLib
// evaluates them; Burrows, Reddy & Thompson 2006): for a neutrino of energy E and its partner
// antineutrino of energy Ē at (T, η_e) with massless electrons,
//   Φ_l^{p}(E, Ē) = G_F² (ħc)² c T²/π ∫_0^{x+x̄} dy f_e(y) f_{e+}(x + x̄ − y) [C1 J_l(x, x̄, y) + C2 J_l(x̄, x, y)],
//   Φ_l^{a}(E, Ē) = the same with [1 − f_e(y)][1 − f_{e+}(x + x̄ − y)],
// x = E/T, x̄ = Ē/T, f_e(y) = 1/(e^{y−η} + 1), f_{e+}(z) = 1/(e^{z+η} + 1); J_0, J_1 Bruenn's piecewise
// Legendre kernels with NuLib's unit fix of b_0 and b_1 (the a_l inside b_l multiplied by E1 E2,
// resp. E1² E2²); couplings as for NES (inelastic.hpp; nux = ν/ν̄ average). Because
// (1 − f_e)(1 − f_{e+}) = e^{x+x̄} f_e f_{e+} on the line y + z = x + x̄, Φ^a = e^{(E+Ē)/T} Φ^p exactly
// (detailed balance); both are integrated (production underflows for E + Ē ≳ 700 T) and the tests
// check the identity for both rules.
// Electron-energy integral: accurate composite 10-point Gauss–Legendre split at the kinks y = x,
// y = x̄ and around the Fermi edges y = η, y = x + x̄ + η (widths <= 2 within 10 of an edge, then
// growing geometrically); with params.nulib_quirks NuLib's rule: one 16-point Gauss–Legendre on
// [0, x + x̄] (no splitting at the kinks; NuLib's |argument| > 35 shortcuts of the Fermi factors are
// not reproduced, < e^{−35} relative). NuLib's rule differs from the accurate integral by 2–7% at
// the states of nulib_kernels.json (the kinks at y = x, x̄ fall inside Gauss panels), the same cause
// as the ~1% of its pair emissivity (emission.cpp).
// REFERENCES: Bruenn 1985 ApJS 58, 771 (App. C); Burrows, Reddy & Thompson 2006 NPA 777, 356;
//             NuLib electron_positron_annihilation.F90 (epannihil_Phi_Bruenn), nulib.F90
//             (single_epannihil_kernel_point_return_all), read for facts only (NULIB.md §1, §5).
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/quadrature.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

using detail::fermi;

inline double step(double t) { return t > 0 ? 1.0 : (t == 0 ? 0.5 : 0.0); }

// Bruenn's Legendre-1 pair kernel J1(E1, E2, E3) (neutrino E1, partner E2, electron E3).
double bruenn_J1(double E1, double E2, double E3) {
  if (step(E1 + E2 - E3) == 0.0) return 0.0;
  const double top = step(E1 + E2 - E3);
  const double h13 = step(E1 - E3), h31 = step(E3 - E1), h23 = step(E2 - E3), h32 = step(E3 - E2);
  const double h12 = step(E1 - E2), h21 = step(E2 - E1);
  const double wa = h13 * h21 + h23 * h12, wb = h31 * h12 + h32 * h21, wc = h31 * h23, wd = h32 * h13;
  const double e1 = E1, e2 = E2, e3 = E3;
  const double e1_2 = e1 * e1, e2_2 = e2 * e2, e3_2 = e3 * e3, e3_3 = e3_2 * e3, e3_4 = e3_3 * e3;
  const double e12e22 = e1_2 * e2_2;
  // a1 × E1² E2²
  const double a1n = 16.0 / 35.0 * e3_4 * e3_3 - 4.0 / 5.0 * e3_3 * e3_3 * (e1 + 3 * e2) +
                     4.0 / 15.0 * e3_4 * e3 * e2 * (13 * e1 + 18 * e2) - 4.0 / 3.0 * e3_4 * e2_2 * (4 * e1 + 3 * e2) +
                     8.0 / 3.0 * e3_3 * e1 * e2_2 * e2;
  double sum = 0;
  if (wa != 0) sum += wa * a1n / e12e22;
  if (wb != 0) {
    const double e1_4 = e1_2 * e1_2, e2_4 = e2_2 * e2_2;
    const double b1n = -a1n -
                       e3_2 * (12.0 / 5.0 * e1_4 * e1 + 4.0 / 3.0 * e1_4 * e2 + 4.0 / 3.0 * e1 * e2_4 + 12.0 / 5.0 * e2_4 * e2) +
                       e3 * (16.0 / 5.0 * e1_4 * e1_2 + 28.0 / 5.0 * e1_4 * e1 * e2 + 8.0 / 3.0 * e1_4 * e2_2 +
                             28.0 / 15.0 * e1 * e2_4 * e2 + 8.0 / 5.0 * e2_4 * e2_2) -
                       (8.0 / 7.0 * e1_4 * e1_2 * e1 + 16.0 / 5.0 * e1_4 * e1_2 * e2 + 16.0 / 5.0 * e1_4 * e1 * e2_2 +
                        4.0 / 3.0 * e1_4 * e2_2 * e2 + 8.0 / 15.0 * e1 * e2_4 * e2_2 + 12.0 / 35.0 * e2_4 * e2_2 * e2);
    sum += wb * b1n / e12e22;
  }
  if (wc != 0)
    sum += wc * e1_2 / e2_2 *
           (-(8.0 / 7.0 * e1_2 * e1 + 16.0 / 5.0 * e1_2 * e2 + 16.0 / 5.0 * e1 * e2_2 + 4.0 / 3.0 * e2_2 * e2) +
            e3 * (16.0 / 5.0 * e1_2 + 28.0 / 5.0 * e1 * e2 + 8.0 / 3.0 * e2_2) - e3_2 * (12.0 / 5.0 * e1 + 4.0 / 3.0 * e2));
  if (wd != 0)
    sum += wd * e2_2 / e1_2 *
           (-e2_2 * (8.0 / 15.0 * e1 + 12.0 / 35.0 * e2) + e3 * e2 * (28.0 / 15.0 * e1 + 8.0 / 5.0 * e2) -
            e3_2 * (4.0 / 3.0 * e1 + 12.0 / 5.0 * e2));
  return top * sum / (e1 * e2);
}

using PairAcc = PairIntegrals;

inline void pair_point(double x, double xb, double eta, double y, double w, PairAcc& acc) {
  const double z = std::max(x + xb - y, 1e-20);
  const double occ_p = w * fermi(y - eta) * fermi(z + eta);      // f_e f_{e+}
  const double occ_a = w * fermi(eta - y) * fermi(-(z + eta));   // (1 − f_e)(1 − f_{e+})
  const double j[4] = {detail::bruenn_J0(x, xb, y), detail::bruenn_J0(xb, x, y), bruenn_J1(x, xb, y), bruenn_J1(xb, x, y)};
  for (int i = 0; i < 4; ++i) {
    acc.p[i] += occ_p * j[i];
    acc.a[i] += occ_a * j[i];
  }
}

constexpr int kGL = 10;
constexpr int kNulibGL = 16;
struct Rules {
  double x[kGL], w[kGL], nx[kNulibGL], nw[kNulibGL];
};
const Rules& rules() {
  static const Rules r = [] {
    Rules q{};
    gauss_legendre(kGL, q.x, q.w);
    gauss_legendre(kNulibGL, q.nx, q.nw);
    return q;
  }();
  return r;
}

}  // namespace

PairIntegrals pair_integrals(double x, double xb, double eta, bool nulib_rule) {
  PairAcc a;
  const Rules& R = rules();
  const double S = x + xb;
  if (nulib_rule) {
    for (int j = 0; j < kNulibGL; ++j) pair_point(x, xb, eta, 0.5 * S * (R.nx[j] + 1), 0.5 * S * R.nw[j], a);
    return a;
  }
  const double edges[2] = {eta, S + eta};
  constexpr double band = 10.0, fine = 2.0, growth = 0.5;
  double brk[16];
  int nb = 0;
  brk[nb++] = 0;
  for (double p : {x, xb, edges[0] - band, edges[0] + band, edges[1] - band, edges[1] + band})
    if (p > 0 && p < S) brk[nb++] = p;
  brk[nb++] = S;
  std::sort(brk, brk + nb);
  auto dist = [&](double y) { return std::min(std::fabs(y - edges[0]), std::fabs(y - edges[1])); };
  auto gl = [&](double u, double v) {
    const double c = 0.5 * (u + v), r = 0.5 * (v - u);
    for (int q = 0; q < kGL; ++q) pair_point(x, xb, eta, c + r * R.x[q], r * R.w[q], a);
  };
  for (int p = 0; p + 1 < nb; ++p) {
    double u = brk[p];
    const double v = brk[p + 1];
    if (!(v > u)) continue;
    if (dist(0.5 * (u + v)) < band) {  // near a Fermi edge: uniform fine pieces
      const int n = std::max(1, int(std::ceil((v - u) / fine)));
      const double h = (v - u) / n;
      for (int j = 0; j < n; ++j) gl(u + j * h, u + (j + 1) * h);
    } else {  // away from the edges: widths growing with the distance to the nearest edge
      while (u < v) {
        const double e = std::min(v, u + std::max(fine, growth * dist(u)));
        gl(u, e);
        u = e;
      }
    }
  }
  return a;
}

namespace {

void validate_pair(double T, double eta, double E, double Eb, Species sp, const OpacityParams& p) {
  detail::validate_kernel_inputs(T, eta, E, "E_MeV", Eb, "E_partner_MeV", sp, p);
}

}  // namespace

PairKernelPhi pair_kernel_phi(double T, double eta, double E, double Eb, Species sp, const OpacityParams& p) {
  validate_pair(T, eta, E, Eb, sp, p);
  const double x = E / T, xb = Eb / T;
  const PairAcc a = pair_integrals(x, xb, eta, p.nulib_quirks);
  double C1, C2;
  nes_couplings(sp, p.sin2thetaW, C1, C2);
  const double f = nes_prefactor_cm3s(T, p);
  PairKernelPhi r;
  r.phi0_production_cm3s = f * (C1 * a.p[0] + C2 * a.p[1]);
  r.phi1_production_cm3s = f * (C1 * a.p[2] + C2 * a.p[3]);
  r.phi0_annihilation_cm3s = f * (C1 * a.a[0] + C2 * a.a[1]);
  r.phi1_annihilation_cm3s = f * (C1 * a.a[2] + C2 * a.a[3]);
  return r;
}

}  // namespace nusphere::opacity
