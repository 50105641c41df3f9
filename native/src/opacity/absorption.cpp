// Charged-current absorption opacities (PHYSICS.md §3 items 1–2), stimulated-absorption corrected:
//
//   νe + n → e⁻ + p :  κ*ₐ = η_np σ(E) R_WM(E) (1 − f_e⁻(E + Δ)) / (1 − f_νe(E))
//   ν̄e + p → e⁺ + n :  κ*ₐ = η_pn σ(E) R̄_WM(E) (1 − f_e⁺(E − Δ)) / (1 − f_ν̄e(E))
//   σ(E) = σ0 (1 + 3 gA²)/4 (W/m_e)² sqrt(1 − (m_e/W)²),  W = E ± Δ          (BRT06 Eq. 10–11)
//   μ_νe = mu_e − muhat, μ_ν̄e = −μ_νe;  f_e± with chemical potential ±mu_e (rest mass included).
//   Final-state nucleon blocking (Bruenn 1985 Eq. C14): η_np = (n_p − n_n)/(exp((μ_p − μ_n)/T) − 1)
//   with μ_n − μ_p = muhat − Δ (non-relativistic difference), η_pn with n ↔ p; clamped to [0, n_target]
//   (blocking can only remove targets; NuLib clamps at 0 only). Default physics evaluates it from the
//   nucleon degeneracies (blocked_density_fd below: well conditioned at Ye = 0.5); NuLib's density form
//   under nulib_quirks. With nulib_quirks: applied only for
//   ρ >= 1e11 g/cm³ and the positron energy is floored at 2 m_e (NULIB.md §6 items 2–3) exactly as
//   NuLib's anue_absorption_on_p does it: the floored W enters σ(W) and the positron term
//   1 + e^{(W + mu_e)/T}, while the lepton/neutrino exponential ratio stays e^{(muhat − Δ)/T} (the
//   unfloored E − Δ), so below threshold κ* = [floored-W expression] × e^{(E − Δ − 2 m_e)/T}; weak
//   magnetism and the stimulated-absorption term use the neutrino energy E as always.
//   Weak magnetism and recoil (Horowitz 2002 Eq. 22, full expression, e = E/M):
//   R = [c_v²(1 + 4e + 16e²/3) + 3c_a²(1 + 4e/3)² ± 4(c_v + F2) c_a e (1 + 4e/3) + 8/3 c_v F2 e²
//        + 5/3 e² (1 + 2e/5) F2²] / [(c_v² + 3 c_a²)(1 + 2e)³],  c_v = 1, c_a = gA, F2 = μ_p − μ_n − 1
//   (+ for νe with M = m_n, − for ν̄e with M = m_p).
//
//   Leading order (params.cc_leading_order; the E ≫ Δ, m_e limit of the textbook gain-region
//   estimates, Qian & Woosley 1996 Eq. 9; Janka 2001 Eq. 2): W = E for both reactions,
//   σ = σ0 (1 + 3 gA²)/4 (E/m_e)² (no threshold, no sqrt factor), R_WM = 1, and Δ dropped from the
//   nucleon chemical-potential difference: blocking uses muhat − Δ as always, and the neutrino
//   chemical potential of the stimulated-absorption factor becomes μ_νe = mu_e − (muhat − Δ),
//   μ_ν̄e = −μ_νe, so that (1 − f_e(E))/(1 − f_ν(E)) and the Kirchhoff emission η = κ* B_ν(μ_ν) stay
//   in detailed balance with the Δ-free reaction (η ∝ n_n e^{−(muhat−Δ)/T} σ f_e = n_p σ f_e for
//   non-degenerate nucleons). nulib_quirks' positron floor does not apply (no threshold).
//
//   νe + A (Bruenn 1985 Eqs. C20–C25; BRT06 Eq. 12; shell-blocking model as NuLib):
//   κ*ₐ = n_A σ0 gA²/14 N_p(Z) N_h(N) (W/m_e)² sqrt(1 − (m_e/W)²) (1 − f_e(W)) e^{−Q_exc/T} / (1 − f_νe(E)),
//   W = E + Q', Q' = muhat + Q_exc (Q_exc = 3 MeV), N_p = 0, Z − 20, 8 (Z < 20, 20–28, >= 28),
//   N_h = 6, 40 − N, 0 (N < 34, 34–40, >= 40); 0 for W < m_e. The combination equals
//   (1 + e^{(E−μ_ν)/T}) / (1 + e^{(W−mu_e)/T}) exactly.
// REFERENCES: Bruenn 1985 ApJS 58, 771; Burrows, Reddy & Thompson 2006 NPA 777, 356;
//             Horowitz 2002 PRD 65, 043001; Thompson 2002 PhD thesis App. B (as used by NuLib).
#include <algorithm>
#include <cmath>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/fermi_dirac.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

// Shell-model particle/hole numbers of Bruenn (1985) for the average nucleus.
constexpr double kShellZ1 = 20, kShellZ2 = 28;   // proton 1f7/2 shell
constexpr double kShellN1 = 34, kShellN2 = 40;   // neutron 1f5/2 shell
constexpr double kMaxProtons = 8, kMaxHoles = 6;

double f2_cc(bool quirks) {
  return quirks ? constants::F2_cc_nulib : constants::mu_p_nuclear - constants::mu_n_nuclear - 1.0;
}

// Numerator and denominator of the Horowitz factor (one division saved in the opacity loop).
struct WmAbs {
  double num, den;
};
WmAbs wm_absorption_parts(bool antineutrino, double E, double gA, bool quirks) {
  const double F2 = f2_cc(quirks);
  const double cv = 1.0, ca = gA;
  const double e = E / (antineutrino ? constants::mp_MeV : constants::mn_MeV);
  const double sgn = antineutrino ? -1.0 : 1.0;
  const double t = 1 + 4 * e / 3;
  const double num = cv * cv * (1 + 4 * e + 16 * e * e / 3) + 3 * ca * ca * t * t + sgn * 4 * (cv + F2) * ca * e * t +
                     8.0 / 3.0 * cv * F2 * e * e + 5.0 / 3.0 * e * e * (1 + 0.4 * e) * F2 * F2;
  const double q = 1 + 2 * e;
  return {num, (cv * cv + 3 * ca * ca) * q * q * q};
}
double wm_absorption(bool antineutrino, double E, double gA, bool quirks) {
  const WmAbs w = wm_absorption_parts(antineutrino, E, gA, quirks);
  return w.num / w.den;
}

// Final-lepton energy W (W = E in the leading-order limit).
double lepton_energy(bool anti, double E, const detail::PointContext& c, bool leading_order) {
  if (leading_order) return E;
  if (!anti) return E + c.delta;
  double W = E - c.delta;
  if (c.quirks && W < 2 * c.me) W = 2 * c.me;  // NuLib floor (NULIB.md §6 item 2)
  return W;
}

double bare_sigma(double W, const detail::PointContext& c, bool leading_order) {
  if (leading_order) return c.sigma0_me2 * (1 + 3 * c.gA * c.gA) / 4 * W * W;
  if (!(W > c.me)) return 0.0;
  const double r = c.me / W;
  return c.sigma0_me2 * (1 + 3 * c.gA * c.gA) / 4 * W * W * std::sqrt(1 - r * r);
}

// (1 − f(a))/(1 − f(b)) = (1 + e^{−b})/(1 + e^{−a}) for occupation exponents a (lepton), b (neutrino).
double block_ratio(double a, double b) {
  if (-a < 700 && -b < 700) return (1 + std::exp(-b)) / (1 + std::exp(-a));
  return detail::exp_capped((a - b) + detail::softplus(b) - detail::softplus(a));
}

// Bruenn C14 effective target density for final-state blocking: (n_f − n_i)/(exp(−d/T) − 1) where
// d = μ_i − μ_f (non-relativistic); limit n_i when d → 0.
double blocked_density(double n_i, double n_f, double d_over_T, bool clamp_upper) {
  double eta;
  const double den = std::expm1(-d_over_T);
  if (std::fabs(d_over_T) < 1e-12 || den == 0.0) eta = n_i;
  else if (!std::isfinite(den)) eta = 0.0;
  else eta = (n_f - n_i) / den;
  if (!(eta > 0)) eta = 0.0;
  if (clamp_upper && eta > n_i) eta = n_i;
  return eta;
}

// The same effective density from the nucleons' own degeneracies η = μ_kin/T (default physics):
// ∫ f_i (1 − f_f) d³p = n_i [F½(η_f)/F½(η_i) − 1]/(e^{η_f − η_i} − 1), i.e. Bruenn's C14 with both
// Fermi gases given the mass of the initial nucleon. Written this way it stays well conditioned when
// n_i ≈ n_f: the density form divides n_f − n_i by e^{−d/T} − 1 and, with n and p of different masses
// (as in the analytic EOS), gives 0 at exactly equal densities (Ye = 0.5: n_n = n_p while
// μ_n − μ_p = −(3/2) T ln(m_n/m_p) ≠ 0), where the correct value is ≈ n_i (nondegenerate nucleons).
// Nondegenerate limit exactly n_i; |η_f − η_i| < 1e-6: the derivative form F½'/F½ (error ≲ 1e-6).
// ln F½(η) and d ln F½/dη over any finite η: Boltzmann (η < −40: F½ = Γ(3/2) e^η to e^{−40}),
// Sommerfeld (η > 1e5: (2/3) η^{3/2} (1 + π²/8η²)), the engine's integrals in between.
struct LogF12 {
  double lnF, dlnF;
};
LogF12 log_f12(double eta) {
  constexpr double kLnGamma32 = -0.12078223763524522;  // ln(√π/2)
  if (eta < -40) return {kLnGamma32 + eta, 1.0};
  if (eta > 1e5) {
    const double c = 1.2337005501361698 / (eta * eta);  // π²/8 / η²
    return {std::log(2.0 / 3.0) + 1.5 * std::log(eta) + std::log1p(c), 1.5 / eta};
  }
  const FermiDiracValue v = fermi_dirac_full(0.5, eta);
  return {std::log(v.f), v.df_deta / v.f};
}

double blocked_density_fd(double n_i, double eta_i, double eta_f) {
  if (!(n_i > 0)) return 0.0;
  if (eta_i < -40 && eta_f < -40) return n_i;  // Boltzmann: F½ ∝ e^η, ratio exactly 1 (to e^{-40})
  const double d = eta_f - eta_i;
  const LogF12 fi = log_f12(eta_i);
  double ratio;
  if (std::fabs(d) < 1e-6) {
    ratio = fi.dlnF;
  } else {
    const double den = std::expm1(d);
    if (!std::isfinite(den)) return 0.0;  // final states fully occupied relative to initial ones
    ratio = std::expm1(log_f12(eta_f).lnF - fi.lnF) / den;
    if (!std::isfinite(ratio)) return 0.0;
  }
  double eta = n_i * ratio;
  if (!(eta > 0)) eta = 0.0;
  if (eta > n_i) eta = n_i;
  return eta;
}

}  // namespace

double cc_cross_section_bare_cm2(Species sp, double E_MeV, const OpacityParams& p) {
  validate_params(p);
  validate_energies(&E_MeV, 1);
  if (sp == Species::Nux) return 0.0;
  ThermoState dummy;
  dummy.rho_gcc = 1;
  dummy.T_MeV = 1;
  const detail::PointContext c = detail::make_context(dummy, p);
  return bare_sigma(lepton_energy(sp == Species::Anue, E_MeV, c, p.cc_leading_order), c, p.cc_leading_order);
}

double weak_magnetism_absorption(Species sp, double E_MeV, const OpacityParams& p) {
  validate_params(p);
  validate_energies(&E_MeV, 1);
  if (sp == Species::Nux) return 1.0;
  return wm_absorption(sp == Species::Anue, E_MeV, p.gA, p.nulib_quirks);
}

namespace detail {

void absorption_nucleons_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                              const OpacityParams& p, double* kappa) {
  if (sp == Species::Nux) {
    for (std::size_t i = 0; i < nE; ++i) kappa[i] = 0.0;
    return;
  }
  const bool anti = sp == Species::Anue;
  const bool lo = p.cc_leading_order;
  const bool block = p.nucleon_blocking_absorption && (!c.quirks || c.rho >= kNulibBlockingRho);
  const double muhat0 = c.muhat - c.delta;  // μ_n − μ_p without rest masses
  double target;
  if (!block) target = anti ? c.n_p : c.n_n;
  else if (c.quirks) {  // NuLib's density form (reproduced under the preset, including its Ye = 0.5 zero)
    if (!anti) target = blocked_density(c.n_n, c.n_p, muhat0 * c.invT, false);
    else target = blocked_density(c.n_p, c.n_n, -muhat0 * c.invT, false);
  } else {
    const double eta_n = c.mu_n * c.invT, eta_p = (c.mu_n - muhat0) * c.invT;  // kinetic degeneracies
    target = anti ? blocked_density_fd(c.n_p, eta_p, eta_n) : blocked_density_fd(c.n_n, eta_n, eta_p);
  }
  const double muhat_nu = lo ? muhat0 : c.muhat;  // leading order: Δ dropped (opacity.hpp)
  const double mu_nu = anti ? -(c.mu_e - muhat_nu) : (c.mu_e - muhat_nu);
  const double mu_lep = anti ? -c.mu_e : c.mu_e;
  const kernels::ArrayFn vexp = exp_kernel();
  double a[kChunk], b[kChunk], ea[kChunk], eb[kChunk];
  for (std::size_t b0 = 0; b0 < nE; b0 += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b0);
    const double* Ec = E + b0;
    for (std::size_t i = 0; i < m; ++i) {
      a[i] = -(lepton_energy(anti, Ec[i], c, lo) - mu_lep) * c.invT;  // −(occupation exponent of the lepton)
      b[i] = -(Ec[i] - mu_nu) * c.invT;                            // −(... of the neutrino)
    }
    vexp(a, ea, m);
    vexp(b, eb, m);
    for (std::size_t i = 0; i < m; ++i) {
      const double W = lepton_energy(anti, Ec[i], c, lo);
      double sigma = bare_sigma(W, c, lo);
      if (sigma == 0.0) {
        kappa[b0 + i] = 0.0;
        continue;
      }
      WmAbs wm{1.0, 1.0};
      if (p.weak_magnetism && !lo) wm = wm_absorption_parts(anti, Ec[i], c.gA, c.quirks);
      if (anti && c.quirks && !lo && W != Ec[i] - c.delta) {
        // NuLib below the ν̄e threshold (anue_absorption_on_p): σ and the 1 + e^{(W+mu_e)/T} of the
        // positron blocking use the floored W = 2 m_e, but the ratio e^{(E_e+ + mu_e)/T}/e^{(E−μ_ν)/T}
        // is taken as e^{(muhat − Δ)/T}, i.e. with the unfloored E − Δ: an extra e^{(E − Δ − W)/T}.
        sigma *= std::exp((Ec[i] - c.delta - W) * c.invT);
      }
      // (1 − f_lep)/(1 − f_ν) = (1 + e^{−b})/(1 + e^{−a}); log form when the exponentials would overflow
      if (a[i] < 700 && b[i] < 700)
        kappa[b0 + i] = cap_opacity(target * sigma * wm.num * (1 + eb[i]) / (wm.den * (1 + ea[i])));
      else
        kappa[b0 + i] = cap_opacity(target * sigma * (wm.num / wm.den) * block_ratio(-a[i], -b[i]));
    }
  }
}

void absorption_heavy_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                           const OpacityParams& p, double* kappa) {
  (void)p;
  const double N = c.A - c.Z;
  const double Np = c.Z < kShellZ1 ? 0.0 : (c.Z < kShellZ2 ? c.Z - kShellZ1 : kMaxProtons);
  const double Nh = N < kShellN1 ? kMaxHoles : (N < kShellN2 ? kShellN2 - N : 0.0);
  const double pre = c.n_h * c.sigma0_me2 * c.gA * c.gA / 14.0 * Np * Nh;
  const double Qp = c.muhat + constants::bruenn_exc_MeV;
  const double mu_nu = c.mu_e - c.muhat;
  for (std::size_t i = 0; i < nE; ++i) {
    const double W = E[i] + Qp;
    if (sp != Species::Nue || pre == 0.0 || !(W > c.me)) {
      kappa[i] = 0.0;
      continue;
    }
    const double r = c.me / W;
    const double b = (E[i] - mu_nu) * c.invT, a = (W - c.mu_e) * c.invT;
    kappa[i] = cap_opacity(pre * W * W * std::sqrt(1 - r * r) * exp_capped(softplus(b) - softplus(a)));
  }
}

}  // namespace detail

void absorption_nucleons(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                         double* kappa) {
  detail::validate_all(s, E, nE, p);
  detail::check_out(kappa, nE, "kappa");
  detail::absorption_nucleons_impl(detail::make_context(s, p), sp, E, nE, p, kappa);
}

void absorption_heavy(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                      double* kappa) {
  detail::validate_all(s, E, nE, p);
  detail::check_out(kappa, nE, "kappa");
  detail::absorption_heavy_impl(detail::make_context(s, p), sp, E, nE, p, kappa);
}

}  // namespace nusphere::opacity
