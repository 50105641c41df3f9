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

}  // namespace

namespace detail {

void pair_integrals_impl(const PointContext& c, const double* E, std::size_t nE, double* J1, double* J2, double* sg) {
  const double eta_e = c.mu_e * c.invT;
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
