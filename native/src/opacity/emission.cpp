// Thermal emission of neutrino pairs (PHYSICS.md §3 item 6), as spectral emissivities
// eta [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹] with Kirchhoff effective absorption kappa_eff = eta/B_ν [cm⁻¹]
// (B_ν with the species' equilibrium μ_ν; 0 for nux), as NuLib does.
//
// e⁺e⁻ → νν̄ (Bruenn 1985 production kernel; NuLib's single-neutrino spectrum):
//   eta(E) = P/(4π T) x³ [C1 I_1(x) + C2 I_2(x)],  x = E/T, η_e = mu_e/T (massless electrons,
//   mu_e with rest mass, as NuLib), no final-state neutrino blocking,
//   P = 8π² T⁹ G_F² (ħc)² c /(π (2πħc)⁶) × MeV_erg                       [erg cm⁻³ s⁻¹],
//   I_r(x) = ∫_0^∞ dx̄ x̄² ∫_0^{x+x̄} dy f_e(y) f_p(x+x̄−y) J0_r(x, x̄, y)   (Φ0 of Bruenn, NuLib)
//   with Bruenn's Legendre-0 kernel pieces a0, b0 (NuLib's unit fix), c0, d0, J0_1 = J0(E, Ē, E_e),
//   J0_2 = J0(Ē, E, E_e); couplings C1 = (C_V + C_A)², C2 = (C_V − C_A)² with C_V = 1/2 + 2 sin²θW,
//   C_A = 1/2 for νe (swapped for ν̄e) and C_V − 1, C_A − 1 for νμ,τ (swapped for ν̄μ,τ); nux is the
//   ν/ν̄ average: C1 = C2 = [(C_V + C_A − 2)² + (C_V − C_A)²]/2.
//   Our reduction (checked against brute-force quadrature of the original piecewise kernel in the
//   tests): with z = x + x̄ − y the positron energy, x̄² J0 is a polynomial on each of four regions of
//   the (y, z) plane: B (y < x < z), C (z < x < y), D (x < y, z) are rectangles, so their integrals
//   are products of incomplete moments ∫_0^x y^j f dy and tails ∫_x^∞ (y − x)^k f dy = F_k(±η − x);
//   A (y, z < x < y + z) is a triangle, done as ∫ ds over s = y + z − x with the identity
//   f_e(y) f_p(W − y) = [1 − f_e(y) − f_p(W − y)]/(e^W − 1) making the inner y-integral closed-form
//   in F_0..F_2. Accuracy ~1e-8 (see kernels_impl.inc); cost independent of the kernel's kinks.
//   With nulib_quirks the integrals are instead NuLib's fixed 16 × 16 Gauss rule (nulib_pair_integrals
//   below), which is ~1% off the exact value but is what NuLib outputs.
//   The kernel works for η_e >= 0; for η_e < 0, I_r(x; η) = I_{3−r}(x; −η) (charge conjugation).
//   kappa_eff = 2 T⁵ G_F² (ħc)² /(2πħc)³ [C1 I_1 + C2 I_2] (e^{x − η_ν} + 1).
//
// N–N bremsstrahlung (BRT06 Eq. 143 fit, as NuLib, per flavour, no degeneracy dependence):
//   Q = 2.0778e30 · ½ (X_n² + X_p² + 28/3 X_n X_p) (ρ/1e14)² T^5.5  erg cm⁻³ s⁻¹  (× (G_F/G_F0)²),
//   eta(E) = Q · 0.234 x^2.4 e^{−1.1 x} / (4π T).
// REFERENCES: Bruenn 1985 ApJS 58, 771 (App. C, production kernel); Burrows, Reddy & Thompson 2006
//             NPA 777, 356 (Eq. 143); Hannestad & Raffelt 1998 ApJ 507, 339; Pons et al. 1998;
//             NuLib emissivities.F90 / electron_positron_annihilation.F90 (NULIB.md §1).
#include <algorithm>
#include <cmath>

#include "common.hpp"
#include "nusphere/core/quadrature.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

// BRT06 bremsstrahlung spectral fit (dimensionless).
constexpr double kBremsNorm = 0.234, kBremsPow = 2.4, kBremsExp = 1.1, kBremsNp = 28.0 / 3.0;

struct PairCouplings {
  double C1, C2;
};
PairCouplings pair_couplings(Species sp, double s2w) {
  const double cv = 0.5 + 2 * s2w, ca = 0.5;
  switch (sp) {
    case Species::Nue: return {(cv + ca) * (cv + ca), (cv - ca) * (cv - ca)};
    case Species::Anue: return {(cv - ca) * (cv - ca), (cv + ca) * (cv + ca)};
    default: {
      const double a = (cv - 1) + (ca - 1), b = (cv - 1) - (ca - 1);
      const double m = 0.5 * (a * a + b * b);
      return {m, m};
    }
  }
}

// ---- NuLib's fixed quadrature of the pair kernel (nulib_quirks; NULIB.md §1, §6) -------------------
// NuLib (electron_positron_annihilation.F90: epannihil_dQdenu_BRT06, epannihil_Phi_Bruenn,
// epannihil_H0_Bruenn) evaluates I_r(x) with
//   outer: 16-point Gauss–Laguerre in the partner energy x̄, nodes used unscaled (x̄ = node) and the
//          weights multiplied by e^{node} (the integrand has no explicit e^{−x̄});
//   inner: 16-point Gauss–Legendre in the electron energy y over the single interval [0, x + x̄]
//          (no splitting at the kernel's kinks y = x, y = x̄), positron energy z = max(x + x̄ − y, 1e-20);
//   integrand x̄² f_e(y) f_p(z) [C1 J0(x, x̄, y) + C2 J0(x̄, x, y)], with Bruenn's piecewise J0
//   (Heaviside step = 1/2 at 0) and NuLib's unit fix to b0.
// The rules are standard 16-point Gauss rules, computed here by Newton iteration (NuLib tabulates the
// same rules to 13–20 digits: the difference is ~1e-13 relative). NuLib's shortcut of the Fermi
// factors for |argument| > 35 (relative change < e^{−35}) is not reproduced. We return
// J_r = e^{x} I_r and σ = 0: the exponent x − (y − η)⁺ − (z + η)⁺ of e^{x} f_e f_p is <= −x̄ <= 0
// (y + z = x + x̄), so nothing overflows (NuLib's product underflows to 0 for x ≳ 700; ours stays finite).
constexpr int kNulibPairN = 16;
struct NulibPairRule {
  double lag_x[kNulibPairN], lag_w[kNulibPairN];  // Gauss–Laguerre, weights × e^{x}
  double leg_x[kNulibPairN], leg_w[kNulibPairN];  // Gauss–Legendre on [−1, 1]
};

NulibPairRule make_nulib_pair_rule() {
  NulibPairRule r{};
  constexpr int n = kNulibPairN;
  gauss_legendre(n, r.leg_x, r.leg_w);  // ascending nodes
  // Gauss–Laguerre (α = 0): Newton from the usual asymptotic starting guesses.
  long double prev[n] = {};
  for (int i = 0; i < n; ++i) {
    long double z;
    if (i == 0) z = 3.0L / (1 + 2.4L * n);
    else if (i == 1) z = prev[0] + 15.0L / (1 + 2.5L * n);
    else {
      const long double ai = i - 1;
      z = prev[i - 1] + (1 + 2.55L * ai) / (1.9L * ai) * (prev[i - 1] - prev[i - 2]);
    }
    long double pp = 1, p2 = 0;
    for (int it = 0; it < 200; ++it) {
      long double p1 = 1;
      p2 = 0;
      for (int j = 1; j <= n; ++j) {
        const long double p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1 - z) * p2 - (j - 1) * p3) / j;
      }
      pp = n * (p1 - p2) / z;
      const long double dz = p1 / pp;
      z -= dz;
      if (std::fabs(static_cast<double>(dz / z)) < 1e-19) break;
    }
    prev[i] = z;
    r.lag_x[i] = static_cast<double>(z);
    r.lag_w[i] = static_cast<double>(-1 / (pp * n * p2) * std::exp(z));
  }
  return r;
}

const NulibPairRule& nulib_pair_rule() {
  static const NulibPairRule rule = make_nulib_pair_rule();
  return rule;
}

double heaviside(double a) { return a > 0 ? 1.0 : (a == 0 ? 0.5 : 0.0); }

// Bruenn (1985) Legendre-0 production kernel J0(E1, E2, E3) (App. C) for neutrino E1, partner E2, electron E3:
// J0 = Θ(E1 + E2 − E3) [ (Θ(E1−E3)Θ(E2−E1) + Θ(E2−E3)Θ(E1−E2)) a0 + (Θ(E3−E1)Θ(E1−E2) + Θ(E3−E2)Θ(E2−E1)) b0
//                       + Θ(E3−E1)Θ(E2−E3) c0 + Θ(E3−E2)Θ(E1−E3) d0 ] / (E1 E2),
// with b0 carrying NuLib's unit fix (the a0 inside it multiplied by E1 E2). Also used by the pair
// kernels (pair_kernel.cpp), hence in detail::.
}  // namespace
namespace detail {
double bruenn_J0(double E1, double E2, double E3) {
  const double top = heaviside(E1 + E2 - E3);
  if (top == 0.0) return 0.0;
  const double h13 = heaviside(E1 - E3), h31 = heaviside(E3 - E1), h23 = heaviside(E2 - E3), h32 = heaviside(E3 - E2);
  const double h12 = heaviside(E1 - E2), h21 = heaviside(E2 - E1);
  const double wa = h13 * h21 + h23 * h12, wb = h31 * h12 + h32 * h21, wc = h31 * h23, wd = h32 * h13;
  const double E1E2 = E1 * E2, E3s = E3 * E3;
  double sum = 0;
  const double a0n = 4 * E3s * E3 * (E3s - 5 * E3 * E2 + 10 * E2 * E2);  // a0 × 15 E1 E2
  if (wa != 0) sum += wa * a0n / (15 * E1E2);
  if (wb != 0) {
    const double S = E1 + E2;
    const double b0n = -a0n + 40 * E3s * (E1 * E1 * E1 + E2 * E2 * E2) -
                       20 * E3 * S * S * (E2 * E2 - 2 * E1E2 + 3 * E1 * E1) +
                       4 * S * S * S * (E2 * E2 - 3 * E1E2 + 6 * E1 * E1);
    sum += wb * b0n / (15 * E1E2);
  }
  if (wc != 0) {
    const double E1s = E1 * E1;
    sum += wc * (E1s * (40 * E2 * E2 + 60 * E1E2 + 24 * E1s) / (15 * E2) -
                 (E3 * (16 * E2 * E1s + 12 * E1s * E1) - 8 * E3s * E1s) / (3 * E2));
  }
  if (wd != 0) sum += wd * 4 * E2 * E2 * (E2 * E2 - 5 * E2 * E3 + 10 * E3s) / (15 * E1);
  return top * sum / E1E2;
}
}  // namespace detail
namespace {
using detail::bruenn_J0;

// e^{x} I_1(x), e^{x} I_2(x) with NuLib's rule, for any sign of η.
void nulib_pair_integrals(double eta, double x, double& J1, double& J2) {
  const NulibPairRule& R = nulib_pair_rule();
  double s1 = 0, s2 = 0;
  for (int k = 0; k < kNulibPairN; ++k) {
    const double xb = R.lag_x[k], S = x + xb, h = 0.5 * S;
    double p1 = 0, p2 = 0;
    for (int j = 0; j < kNulibPairN; ++j) {
      const double y = h * (R.leg_x[j] + 1);
      const double z = std::max(S - y, 1e-20);
      // e^{x} f_e(y) f_p(z) = e^{x − u⁺ − v⁺}/((1 + e^{−|u|})(1 + e^{−|v|})), u = y − η, v = z + η
      const double u = y - eta, v = z + eta;
      const double ff = std::exp(x - std::max(u, 0.0) - std::max(v, 0.0)) * R.leg_w[j] /
                        ((1 + std::exp(-std::fabs(u))) * (1 + std::exp(-std::fabs(v))));
      p1 += ff * bruenn_J0(x, xb, y);
      p2 += ff * bruenn_J0(xb, x, y);
    }
    const double w = xb * xb * h * R.lag_w[k];
    s1 += w * p1;
    s2 += w * p2;
  }
  J1 = s1;
  J2 = s2;
}

}  // namespace

namespace detail {

void pair_integrals_impl(const PointContext& c, const double* E, std::size_t nE, double* J1, double* J2, double* sg) {
  const double eta_e = c.mu_e * c.invT;
  if (c.quirks) {  // NuLib's 16 × 16 quadrature (see nulib_pair_integrals)
    for (std::size_t i = 0; i < nE; ++i) {
      nulib_pair_integrals(eta_e, E[i] * c.invT, J1[i], J2[i]);
      sg[i] = 0.0;
    }
    return;
  }
  const kernels::PairFn fn = pair_kernel();
  double x[kChunk];
  for (std::size_t b = 0; b < nE; b += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b);
    for (std::size_t i = 0; i < m; ++i) x[i] = E[b + i] * c.invT;
    if (eta_e < 0) fn(-eta_e, x, m, J2 + b, J1 + b, sg + b);  // charge conjugation: I_r(η) = I_{3−r}(−η)
    else fn(eta_e, x, m, J1 + b, J2 + b, sg + b);
  }
}

void pair_from_integrals(const PointContext& c, Species sp, double mu_nu, const double* E, std::size_t nE,
                         const double* J1, const double* J2, const double* sg, double* eta, double* kappa_eff) {
  const PairCouplings k = pair_couplings(sp, c.s2w);
  const double T = c.T;
  const double hc = constants::hbarc_MeVcm, h2 = 2 * kPi * hc;
  const double hc3 = h2 * h2 * h2;
  const double T2 = T * T, T4 = T2 * T2, T5 = T4 * T;
  // κ prefactor 2 T⁵ G_F² (ħc)²/(2πħc)³ [cm⁻¹]; η prefactor P/(4πT) [erg cm⁻³ s⁻¹ MeV⁻¹ sr⁻¹]
  const double kap0 = 2 * T5 * c.GF * c.GF * hc * hc / hc3;
  const double P = 8 * kPi * kPi * T4 * T5 * constants::MeV_erg * c.GF * c.GF * hc * hc * constants::c_cms /
                   (kPi * hc3 * hc3);
  const double eta0 = P / (4 * kPi * T);
  const double eta_nu = mu_nu * c.invT;
  for (std::size_t i = 0; i < nE; ++i) {
    const double CJ = k.C1 * J1[i] + k.C2 * J2[i];
    const double xi = E[i] * c.invT;
    if (eta) eta[i] = eta0 * xi * xi * xi * CJ * std::exp(sg[i] - xi);
    if (kappa_eff) {
      // J e^{σ} (e^{−η_ν} + e^{−x})
      const double lg = sg[i] - std::min(eta_nu, xi) + std::log1p(std::exp(-std::fabs(eta_nu - xi)));
      kappa_eff[i] = cap_opacity(kap0 * CJ * exp_capped(lg));
    }
  }
}

void emission_pair_impl(const PointContext& c, Species sp, double mu_nu, const double* E, std::size_t nE,
                        double* eta, double* kappa_eff) {
  double J1[kChunk], J2[kChunk], sg[kChunk];
  for (std::size_t b = 0; b < nE; b += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b);
    pair_integrals_impl(c, E + b, m, J1, J2, sg);
    pair_from_integrals(c, sp, mu_nu, E + b, m, J1, J2, sg, eta ? eta + b : nullptr, kappa_eff ? kappa_eff + b : nullptr);
  }
}

void emission_brems_impl(const PointContext& c, double mu_nu, const double* E, std::size_t nE, double* eta,
                         double* kappa_eff) {
  const double T = c.T;
  const double r = c.rho / constants::brems_rho0_gcc;
  const double Q = constants::brems_Q0_cgs * c.gf2_ratio * 0.5 * (c.Xn * c.Xn + c.Xp * c.Xp + kBremsNp * c.Xn * c.Xp) *
                   r * r * std::pow(T, 5.5);
  const double eta0 = Q * kBremsNorm / (4 * kPi * T);
  const double h2 = 2 * kPi * constants::hbarc_MeVcm;
  // κ = η/B = eta0 x^{2.4} e^{−1.1x} (2πħc)³ (e^{x−η_ν} + 1)/(MeV_erg c T³ x³)
  const double kap0 = eta0 * h2 * h2 * h2 / (constants::MeV_erg * constants::c_cms * T * T * T);
  const double eta_nu = mu_nu * c.invT;
  const kernels::ArrayFn vexp = exp_kernel(), vlog = log_kernel();
  double x[kChunk], lx[kChunk], t[kChunk], et[kChunk], u[kChunk], eu[kChunk];
  for (std::size_t b0 = 0; b0 < nE; b0 += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b0);
    for (std::size_t i = 0; i < m; ++i) x[i] = E[b0 + i] * c.invT;
    vlog(x, lx, m);
    for (std::size_t i = 0; i < m; ++i) {
      t[i] = kBremsPow * lx[i] - kBremsExp * x[i];
      u[i] = x[i] - eta_nu;
    }
    vexp(t, et, m);
    if (kappa_eff) vexp(u, eu, m);
    for (std::size_t i = 0; i < m; ++i) {
      const double e = t[i] > -700 ? eta0 * et[i] : 0.0;  // the kernel exp is clamped below at −708
      if (eta) eta[b0 + i] = e;
      if (kappa_eff) {
        const double xi = x[i];
        if (Q == 0.0) kappa_eff[b0 + i] = 0.0;
        else if (t[i] > -700 && u[i] < 600)
          kappa_eff[b0 + i] = cap_opacity(e * (eu[i] + 1) * (kap0 / eta0) / (xi * xi * xi));
        else
          kappa_eff[b0 + i] = cap_opacity(kap0 * exp_capped((kBremsPow - 3) * lx[i] - kBremsExp * xi + softplus(u[i])));
      }
    }
  }
}

}  // namespace detail

void emission_pair(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                   double* eta, double* kappa_eff) {
  detail::validate_all(s, E, nE, p);
  detail::emission_pair_impl(detail::make_context(s, p), sp, equilibrium_mu_nu_MeV(s, sp), E, nE, eta, kappa_eff);
}

void emission_brems(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                    double* eta, double* kappa_eff) {
  detail::validate_all(s, E, nE, p);
  detail::emission_brems_impl(detail::make_context(s, p), equilibrium_mu_nu_MeV(s, sp), E, nE, eta, kappa_eff);
}

}  // namespace nusphere::opacity
