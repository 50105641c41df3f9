// Inelastic neutrino–electron scattering kernels Φ0, Φ1 (Bruenn 1985 App. C; Yueh & Buchler 1977):
// the piecewise-polynomial angular kernels H_l^{I,II}(x, x′, y), the electron-energy integral (accurate
// composite Gauss–Legendre, or NuLib's 128-point midpoint rule), couplings and detailed balance.
// Formulas and conventions: inelastic.hpp.
// REFERENCES: Bruenn 1985 ApJS 58, 771 (Eqs. C50–C64); Yueh & Buchler 1977 Ap&SS 49, 175;
//             Mezzacappa & Bruenn 1993 ApJ 410, 740; NULIB.md §1 (NES row), §6 item 7.
#include "nusphere/opacity/inelastic.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "common.hpp"
#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/quadrature.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

using detail::fermi;

// Step function with Θ(0) = 1/2 (Bruenn's convention; it only matters on the diagonal x = x′, where
// every term it multiplies vanishes or is continuous).
inline double step(double t) { return t > 0 ? 1.0 : (t == 0 ? 0.5 : 0.0); }

// Γ0, Γ1 of Yueh & Buchler with Bruenn's corrections (the Θ(x′ − x) terms of region y <= x′).
inline double gamma0(double e1, double e2, double e3) {
  const double d = e1 - e2;
  return 8.0 / 3.0 * e3 * e3 * (e1 * e1 * e1 - e2 * e2 * e2) +
         4.0 * e3 * d * d * (e1 * e1 / 3.0 + 2.0 * e1 * e2 / 3.0 + e2 * e2) +
         4.0 * d * d * d * (e1 * e1 / 15.0 + e1 * e2 / 5.0 + 2.0 * e2 * e2 / 5.0);
}
inline double gamma1(double e1, double e2, double e3) {
  const double d = e1 - e2, d2 = d * d, d3 = d2 * d;
  return 4.0 / 15.0 * e3 * e3 * d3 * (4 * e1 * e1 + 7 * e1 * e2 + 4 * e2 * e2) +
         2.0 / 15.0 * e3 * d2 * d2 * (7 * e1 * e1 + 14 * e1 * e2 + 9 * e2 * e2) +
         2.0 / 105.0 * d3 * d2 * (11 * e1 * e1 + 27 * e1 * e2 + 18 * e2 * e2);
}

// Coefficients of the y > x′ region: H = A + B y + C y² (region I with (E1, E2) = (x, x′); region II
// with (x′, x) and B → −B).
struct Quad {
  double A0, B0, C0, A1, B1, C1;
};
Quad quad_coeffs(double e1, double e2) {
  const double hp = step(e1 - e2), hm = step(e2 - e1);
  const double e1_2 = e1 * e1, e1_3 = e1_2 * e1, e1_4 = e1_3 * e1, e1_5 = e1_4 * e1, e1_6 = e1_5 * e1;
  const double e2_2 = e2 * e2, e2_3 = e2_2 * e2, e2_4 = e2_3 * e2, e2_5 = e2_4 * e2, e2_6 = e2_5 * e2;
  Quad q;
  q.A0 = (8.0 / 3.0 * e1_2 * e2_3 - 4.0 * e1 * e2_4 + 8.0 / 5.0 * e2_5) * hp + 4.0 / 15.0 * e1_5 * hm;
  q.B0 = (16.0 / 3.0 * e1 * e2_3 - 4.0 * e2_4) * hp + 4.0 / 3.0 * e1_4 * hm;
  q.C0 = 8.0 / 3.0 * e2_3 * hp + 8.0 / 3.0 * e1_3 * hm;
  q.A1 = (-4.0 / 3.0 * e1_2 * e2_3 + 16.0 / 5.0 * e1 * e2_4 - 16.0 / 5.0 * e2_5 + 8.0 / 7.0 * e2_6 / e1) * hp +
         (12.0 / 35.0 * e1_6 / e2 - 8.0 / 15.0 * e1_5) * hm;
  q.B1 = (-8.0 / 3.0 * e1 * e2_3 + 28.0 / 5.0 * e2_4 - 16.0 / 5.0 * e2_5 / e1) * hp +
         (8.0 / 5.0 * e1_5 / e2 - 28.0 / 15.0 * e1_4) * hm;
  q.C1 = (12.0 / 5.0 * e2_4 / e1 - 4.0 / 3.0 * e2_3) * hp + (12.0 / 5.0 * e1_4 / e2 - 4.0 / 3.0 * e1_3) * hm;
  return q;
}

// Everything about one (x, x′) that does not depend on y.
struct KernelCtx {
  double a, b;      // x (incoming), x′ (outgoing)
  double th;        // Θ(x′ − x)
  double inv_ab;
  Quad qI, qII;     // y > x′ coefficients
};
KernelCtx make_ctx(double a, double b) {
  KernelCtx k;
  k.a = a;
  k.b = b;
  k.th = step(b - a);
  k.inv_ab = 1.0 / (a * b);
  k.qI = quad_coeffs(a, b);
  k.qII = quad_coeffs(b, a);
  return k;
}

// H_0^I, H_0^II, H_1^I, H_1^II at electron energy y.
inline void kernel_H(const KernelCtx& k, double y, double h[4]) {
  const double a = k.a, b = k.b;
  if (y + a < b) {
    h[0] = h[1] = h[2] = h[3] = 0;
    return;
  }
  if (b >= y) {
    const double y2 = y * y, y3 = y2 * y, y4 = y3 * y, y5 = y4 * y, y6 = y5 * y, y7 = y6 * y;
    const double L0I = 4.0 / 15.0 * y5 + 4.0 / 3.0 * y4 * a + 8.0 / 3.0 * y3 * a * a + (k.th != 0 ? k.th * gamma0(a, b, y) : 0.0);
    const double L0II = 4.0 / 15.0 * y5 - 4.0 / 3.0 * y4 * b + 8.0 / 3.0 * y3 * b * b + (k.th != 0 ? k.th * gamma0(-b, -a, y) : 0.0);
    const double s = 0.5 * (a * a + b * b), amb = a - b;
    h[0] = L0I;
    h[1] = L0II;
    h[2] = k.inv_ab * (s * L0I - 16.0 / 35.0 * y7 - 4.0 / 5.0 * (3 * a - b) * y6 - 2.0 / 15.0 * y5 * (37 * a * a - 26 * a * b + b * b) -
                       2.0 / 3.0 * y4 * a * amb * (7 * a - b) - 4.0 / 3.0 * y3 * a * a * amb * amb +
                       (k.th != 0 ? k.th * gamma1(a, b, y) : 0.0));
    h[3] = k.inv_ab * (s * L0II - 16.0 / 35.0 * y7 + 4.0 / 5.0 * (3 * b - a) * y6 - 2.0 / 15.0 * y5 * (37 * b * b - 26 * a * b + a * a) -
                       2.0 / 3.0 * y4 * b * amb * (7 * b - a) - 4.0 / 3.0 * y3 * b * b * amb * amb +
                       (k.th != 0 ? k.th * gamma1(-b, -a, y) : 0.0));
  } else {
    const double y2 = y * y;
    h[0] = k.qI.A0 + k.qI.B0 * y + k.qI.C0 * y2;
    h[1] = k.qII.A0 - k.qII.B0 * y + k.qII.C0 * y2;
    h[2] = k.qI.A1 + k.qI.B1 * y + k.qI.C1 * y2;
    h[3] = k.qII.A1 - k.qII.B1 * y + k.qII.C1 * y2;
  }
}

// Occupation product f_e(y) [1 − f_e(y + Δ)], Δ = x − x′.
inline double occupation(double y, double delta, double eta) { return fermi(y - eta) * fermi(eta - y - delta); }

constexpr int kGL = 10;
struct GLRule {
  double x[kGL], w[kGL];
};
const GLRule& gl_rule() {
  static const GLRule r = [] {
    GLRule g{};
    gauss_legendre(kGL, g.x, g.w);
    return g;
  }();
  return r;
}

constexpr int kNulibPoints = 128;      // NuLib's midpoint rule
constexpr double kNulibSpan = 10.0;    // ... on [0, max(η, 0) + 10]
constexpr double kTailSpan = 60.0;     // accurate rule: window where the integrand exceeds ~e^{-60}
constexpr double kEdgeBand = 10.0;     // fine pieces within this distance of a Fermi edge
constexpr double kEdgeWidth = 2.0, kTailWidth = 6.0;

void accumulate(const KernelCtx& k, double y, double wt, double delta, double eta, double acc[4]) {
  const double occ = occupation(y, delta, eta) * wt;
  if (occ == 0) return;
  double h[4];
  kernel_H(k, y, h);
  for (int i = 0; i < 4; ++i) acc[i] += occ * h[i];
}

}  // namespace

NesIntegrals nes_integrals_midpoint(double x, double xp, double eta, int n, double upper) {
  const KernelCtx k = make_ctx(x, xp);
  const double delta = x - xp, width = upper / n;
  double acc[4] = {0, 0, 0, 0};
  for (int i = 1; i <= n; ++i) accumulate(k, width * (i - 0.5), 1.0, delta, eta, acc);
  return {acc[0] * width, acc[1] * width, acc[2] * width, acc[3] * width};
}

NesIntegrals nes_integrals(double x, double xp, double eta, bool nulib_rule) {
  const KernelCtx k = make_ctx(x, xp);
  const double delta = x - xp;
  double acc[4] = {0, 0, 0, 0};
  if (nulib_rule) {
    return nes_integrals_midpoint(x, xp, eta, kNulibPoints, std::max(0.0, eta) + kNulibSpan);
  } else {
    // Fermi edges of the two occupation factors: y = η (f_e) and y = η − Δ (1 − f_e(y + Δ)).
    const double c1 = eta, c2 = eta - delta;
    const double lo0 = std::max(0.0, -delta);  // H = 0 below y = x′ − x
    const double lo = std::max(lo0, std::min(c1, c2) - kTailSpan);
    const double hi = std::max(std::max(c1, c2), lo0) + kTailSpan;
    double brk[16];  // at most 7 used (16: keeps std::sort's insertion-sort bound warning-free)
    int nb = 0;
    brk[nb++] = lo;
    for (double p : {xp, c1 - kEdgeBand, c1 + kEdgeBand, c2 - kEdgeBand, c2 + kEdgeBand})
      if (p > lo && p < hi) brk[nb++] = p;
    brk[nb++] = hi;
    std::sort(brk, brk + nb);
    const GLRule& g = gl_rule();
    for (int p = 0; p + 1 < nb; ++p) {
      const double u = brk[p], v = brk[p + 1];
      if (!(v > u)) continue;
      const double mid = 0.5 * (u + v);
      const bool edge = std::fabs(mid - c1) < kEdgeBand || std::fabs(mid - c2) < kEdgeBand;
      const int n = std::max(1, int(std::ceil((v - u) / (edge ? kEdgeWidth : kTailWidth))));
      const double h = (v - u) / n;
      for (int j = 0; j < n; ++j) {
        const double c = u + (j + 0.5) * h, r = 0.5 * h;
        for (int q = 0; q < kGL; ++q) accumulate(k, c + r * g.x[q], r * g.w[q], delta, eta, acc);
      }
    }
  }
  return {acc[0], acc[1], acc[2], acc[3]};
}

void nes_couplings(Species sp, double s2w, double& C1, double& C2) {
  const double cv = 0.5 + 2 * s2w, ca = 0.5;
  switch (sp) {
    case Species::Nue:
      C1 = (cv + ca) * (cv + ca);
      C2 = (cv - ca) * (cv - ca);
      return;
    case Species::Anue:
      C1 = (cv - ca) * (cv - ca);
      C2 = (cv + ca) * (cv + ca);
      return;
    default: {
      const double p = (cv - 1) + (ca - 1), m = (cv - 1) - (ca - 1);
      C1 = C2 = 0.5 * (p * p + m * m);
      return;
    }
  }
}

double nes_prefactor_cm3s(double T, const OpacityParams& p) {
  const double GF = p.weak.GF_MeV2(), hc = constants::hbarc_MeVcm;
  return GF * GF * hc * hc * constants::c_cms * T * T / detail::kPi;
}

namespace {

void validate_nes(double T, double eta, double E1, double E2, Species sp, const OpacityParams& p) {
  detail::validate_kernel_inputs(T, eta, E1, "E_in_MeV", E2, "E_out_MeV", sp, p);
}

NesPhi combine(const NesIntegrals& I, double x, double xp, double T, Species sp, const OpacityParams& p) {
  double C1, C2;
  nes_couplings(sp, p.sin2thetaW, C1, C2);
  const double f = nes_prefactor_cm3s(T, p) / (x * x * xp * xp);
  return {f * (C1 * I.I0_I + C2 * I.I0_II), f * (C1 * I.I1_I + C2 * I.I1_II)};
}

}  // namespace

NesPhi nes_phi_out_direct(double T, double eta, double E1, double E2, Species sp, const OpacityParams& p) {
  validate_nes(T, eta, E1, E2, sp, p);
  const double x = E1 / T, xp = E2 / T;
  return combine(nes_integrals(x, xp, eta, p.nulib_quirks), x, xp, T, sp, p);
}

NesPhi nes_phi_out(double T, double eta, double E1, double E2, Species sp, const OpacityParams& p) {
  validate_nes(T, eta, E1, E2, sp, p);
  if (E2 <= E1) {
    const double x = E1 / T, xp = E2 / T;
    return combine(nes_integrals(x, xp, eta, p.nulib_quirks), x, xp, T, sp, p);
  }
  const double x = E2 / T, xp = E1 / T;  // down-scattering E2 → E1, then detailed balance
  NesPhi r = combine(nes_integrals(x, xp, eta, p.nulib_quirks), x, xp, T, sp, p);
  const double w = std::exp(-(E2 - E1) / T);
  r.phi0_cm3s *= w;
  r.phi1_cm3s *= w;
  return r;
}

NesPhi nes_phi_in(double T, double eta, double E, double Eo, Species sp, const OpacityParams& p) {
  return nes_phi_out(T, eta, Eo, E, sp, p);
}

NesOpacity nes_isoenergetic(double T, double eta, double E, Species sp, const OpacityParams& p, int refine) {
  validate_nes(T, eta, E, E, sp, p);
  if (refine < 1 || refine > 8) throw_invalid("refine", "must be in [1, 8]");
  const double x = E / T;
  double C1, C2;
  nes_couplings(sp, p.sin2thetaW, C1, C2);
  const int n = 8 * refine;
  double gx[64], gw[64];
  gauss_legendre(n, gx, gw);
  // Σ over final reduced energies x′ of [C·I_l](x, x′) (the common factor 1/(x² x′²) of Φ_l times
  // the phase-space E′² = T² x′² leaves prefactor·T²/x²)
  double s0 = 0, s1 = 0;
  auto panel = [&](double a, double b, auto&& point) {
    const double c = 0.5 * (a + b), r = 0.5 * (b - a);
    for (int q = 0; q < n; ++q) point(c + r * gx[q], r * gw[q]);
  };
  auto down = [&](double w_, double wt) {  // energy loss ω = x − x′ ∈ (0, x)
    const NesIntegrals I = nes_integrals(x, x - w_, eta, p.nulib_quirks);
    s0 += wt * (C1 * I.I0_I + C2 * I.I0_II);
    s1 += wt * (C1 * I.I1_I + C2 * I.I1_II);
  };
  auto up = [&](double u, double wt) {  // energy gain u = x′ − x > 0: Φ^out(x, x′) = e^{−u} Φ^out(x′, x)
    const NesIntegrals I = nes_integrals(x + u, x, eta, p.nulib_quirks);
    const double d = wt * std::exp(-u);
    s0 += d * (C1 * I.I0_I + C2 * I.I0_II);
    s1 += d * (C1 * I.I1_I + C2 * I.I1_II);
  };
  // down-scattering, panels in the final energy x′ ∈ (0, x) with edges where the integrand changes
  // character: energy losses ω = x − x′ of 1, 3, 7, … T (the kernel's structure near ω = 0 has the
  // width T; steps of at most max(16 T, ω/4)) up to x/2; final energies halving towards 0 below x/2; and the
  // electrons' Fermi edge x′ ≈ η (the kernel rises ∝ x′³ below it and is flat above, over a few T)
  double edges[160];
  int ne = 0;
  edges[ne++] = 0;
  edges[ne++] = x;
  const double half = 0.5 * x;
  for (double w = 1; w < half && ne < 100; w = std::min(2 * w + 1, w + std::max(16.0, 0.25 * w))) edges[ne++] = x - w;
  for (double xp = half; xp > 1 && ne < 140; xp *= 0.5) edges[ne++] = xp;
  for (double d : {-4.0, -1.0, 1.0, 4.0})
    if (eta + d > 0 && eta + d < x) edges[ne++] = eta + d;
  std::sort(edges, edges + ne);
  for (int e = 0; e + 1 < ne; ++e)
    if (edges[e + 1] > edges[e]) panel(x - edges[e + 1], x - edges[e], down);
  // up-scattering: panels in the gain u; for E < T the kernel changes on the scale u ~ x, so the
  // first edges are x, 3x, 7x, … below 1
  double u0 = 0;
  if (x < 1)
    for (double b = x; u0 < 1; u0 = std::min(b, 1.0), b = 2 * b + x) panel(u0, std::min(b, 1.0), up);
  for (double b = std::max(1.0, 2 * u0 + 1); u0 < 63; u0 = b, b = 2 * b + 1) panel(u0, b, up);
  constexpr double kHc = 2 * detail::kPi * constants::hbarc_MeVcm;  // h c [MeV cm]
  // 2π/(c (hc)³) × ∫dE′ E′² Φ = 2π/(c (hc)³) × prefactor T² / x² × T ∫dx′ [C·I]
  const double f = 2 * detail::kPi * nes_prefactor_cm3s(T, p) * T * T * T / (x * x) / (constants::c_cms * kHc * kHc * kHc);
  return {f * s0, f * (s0 - s1)};
}

void scattering_electrons(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                          double* kappa) {
  detail::validate_all(s, E, nE, p);
  detail::check_out(kappa, nE, "kappa");
  if (int(sp) < 0 || int(sp) >= kNumSpecies) throw_invalid("species", "out of range");
  // η_e = mu_e/T with mu_e including m_e c² (massless-electron kernel, NuLib's convention)
  for (std::size_t i = 0; i < nE; ++i) kappa[i] = nes_isoenergetic(s.T_MeV, s.mu_e_MeV / s.T_MeV, E[i], sp, p).transport_cm;
}

}  // namespace nusphere::opacity
