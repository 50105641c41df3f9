// Elastic (transport) scattering opacities (PHYSICS.md §3 items 3–4):
//
// Nucleons (BRT06 Eqs. 15–20, as NuLib):
//   σ_n = σ0/4 (E/m_e)² (1 + 3gA²)/4,                δ_n = (1 − gA²)/(1 + 3gA²)
//   σ_p = σ0/4 (E/m_e)² [(C_V − 1)² + 3gA²(C_A − 1)²], δ_p = [(C_V − 1)² − gA²(C_A − 1)²]/[...],
//   C_V = 1/2 + 2 sin²θW, C_A = 1/2;  transport σ_tr = σ (1 − δ/3) × R_WM,tr(E).
//   R_WM,tr (Horowitz 2002): ratio of ∫(1−x) dσ/dx with and without weak magnetism and recoil, with
//   dσ/dx ∝ η²[c_v²(1 + η² − η(1−x)) + c_a²(1 + η² + η(1−x)) ± 2c_a(c_v + F2)(1 − η²)
//          + η² e²/2 (1−x)(F2²(3−x) + 4c_v F2 (1−x))],  η = 1/(1 + e(1−x)), e = E/M;
//   c_v = −1/2, c_a = −gA/2 (n); c_v = 1/2 − 2 sin²θW, c_a = gA/2 (p);
//   F2_p = (μ_p − μ_n − 1)/2 − 2 sin²θW (μ_p − 1), F2_n = −(μ_p − μ_n − 1)/2 − 2 sin²θW μ_n
//   (NuLib's rounded 1.019, −0.963 with nulib_quirks). The x-integral is done in closed form here
//   (our own integration; it has ln(1 + 2e) terms that cancel to O(e³), so e < 0.01 uses the Taylor
//   series to e^10 instead — no loss of digits, unlike NULIB.md §6 item 9).
//   Nucleon blocking (Bruenn 1985; Mezzacappa & Bruenn 1993, as NuLib): n → n ξ/sqrt(1 + ξ²),
//   ξ = 3T/(2E_F), E_F = (ħc)² (3π² n)^{2/3}/(2 m_ref).
//
// Heavy nuclei, coherent (Freedman 1974; BRT06 Eqs. 26–31; NuLib):
//   dσ/dΩ = σ0/(64π) (E/m_e)² A² (𝒲 C_FF + C_LOS)² S_ion (1 + cosθ),
//   𝒲 = 1 − 2(Z/A)(1 − 2 sin²θW), C_FF = exp(−y(1 − cosθ)/2), y = (E/56 MeV)² (A/100)^{2/3},
//   C_LOS = (Z/A)(1 + 4 sin²θW)/(1 + k² r_D²) (Leinson et al. 1988), k² = 2(E/ħc)²(1 − cosθ),
//   r_D = sqrt(π (ħc)²/(4 α p_F E_F)), E_F = max(mu_e, m_e) (mu_e with rest mass, as NuLib);
//   S_ion: Horowitz (1997) fit, S = 1/(1 + exp(−Σ_{i=0}^{6} β_i(Γ) Ē^i)) for Ē = E a/ħc < 3 + 4/√Γ,
//   else 1; a = (3/(4π n_A))^{1/3}, Γ = Z² α ħc/(a T) clipped to [1, 150].
//   σ_tr = 2π ∫ (1 − cosθ) dσ/dΩ dcosθ with 16-point Gauss–Legendre (per-ISA kernel).
// Alpha particles: σ = 4 σ0 (E/m_e)² sin⁴θW, transport 2/3 of it; n_α = X_α ρ/(4 m_ref).
// REFERENCES: Burrows, Reddy & Thompson 2006 NPA 777, 356; Horowitz 2002 PRD 65, 043001;
//             Horowitz 1997 PRD 55, 4577; Leinson, Lozhkin & Uhov 1988 (Sov. Astron. Lett.);
//             Freedman 1974 PRD 9, 1389; Bruenn 1985 ApJS 58, 771.
#include <cmath>
#include <algorithm>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

// ---- weak magnetism, transport ---------------------------------------------------------------
// T_*(e): ∫_{−1}^{1} (1 − x) t_*(x) dx of the five coupling structures of the differential
// correction (see header); closed forms (L = ln(1 + 2e), D = (1 + 2e)³) and Taylor series.
constexpr int kWmSeriesTerms = 11;
constexpr double kWmSeriesBelow = 0.01;
constexpr double kSerCv2[kWmSeriesTerms] = {4.0 / 3,       -4.0,          68.0 / 5,      -704.0 / 15,
                                            3200.0 / 21,   -3232.0 / 7,   11872.0 / 9,   -161792.0 / 45,
                                            519168.0 / 55, -793600.0 / 33, 777216.0 / 13};
constexpr double kSerCa2[kWmSeriesTerms] = {20.0 / 3,       -28.0,          452.0 / 5,      -3904.0 / 15,
                                            14720.0 / 21,   -12640.0 / 7,   40544.0 / 9,    -493568.0 / 45,
                                            1440768.0 / 55, -2032640.0 / 33, 1858560.0 / 13};
constexpr double kSerX[kWmSeriesTerms] = {0.0,          32.0 / 3,      -56.0,         1024.0 / 5,
                                          -640.0,       12800.0 / 7,   -4928.0,       114688.0 / 9,
                                          -159744.0 / 5, 860160.0 / 11, -563200.0 / 3};
constexpr double kSerF2sq[kWmSeriesTerms] = {0.0,           0.0,            14.0 / 3,      -144.0 / 5,
                                             352.0 / 3,     -8320.0 / 21,   1200.0,        -30464.0 / 9,
                                             136192.0 / 15, -258048.0 / 11, 58880.0};
constexpr double kSerCvF2[kWmSeriesTerms] = {0.0,          0.0,           8.0,           -256.0 / 5,
                                             640.0 / 3,    -5120.0 / 7,   2240.0,        -57344.0 / 9,
                                             86016.0 / 5,  -491520.0 / 11, 112640.0};

struct NcCouplings {
  double cv, ca, F2, M;
};
NcCouplings nc_couplings(Nucleon n, double gA, double s2w, bool quirks) {
  const double iv = constants::mu_p_nuclear - constants::mu_n_nuclear - 1.0;  // isovector anomalous moment
  if (n == Nucleon::Neutron) {
    const double F2 = quirks ? constants::F2n_nc_nulib : -0.5 * iv - 2 * s2w * constants::mu_n_nuclear;
    return {-0.5, -0.5 * gA, F2, constants::mn_MeV};
  }
  const double F2 = quirks ? constants::F2p_nc_nulib : 0.5 * iv - 2 * s2w * (constants::mu_p_nuclear - 1.0);
  return {0.5 - 2 * s2w, 0.5 * gA, F2, constants::mp_MeV};
}

// R_tr(e) = [c1 T_cv2 + c2 T_ca2 + c3 T_x + c4 T_F2sq + c5 T_cvF2] / [(4 c_v² + 20 c_a²)/3] with
// c = (c_v², c_a², lepton c_a (c_v + F2), F2², c_v F2), evaluated with one logarithm and one division:
// over the common denominator 6 e³ (1 + 2e)³ the five numerators are N1, N2, 2e N3, e/2 N4, 2e N5.
struct WmTransport {
  double c[5], inv_d0, inv_M;
  double ser[kWmSeriesTerms];
  WmTransport(Nucleon n, double lepton, double gA, double s2w, bool quirks) {
    const NcCouplings k = nc_couplings(n, gA, s2w, quirks);
    c[0] = k.cv * k.cv;
    c[1] = k.ca * k.ca;
    c[2] = lepton * k.ca * (k.cv + k.F2);
    c[3] = k.F2 * k.F2;
    c[4] = k.cv * k.F2;
    inv_d0 = 3.0 / (4 * c[0] + 20 * c[1]);
    inv_M = 1.0 / k.M;
    for (int i = 0; i < kWmSeriesTerms; ++i)
      ser[i] = (c[0] * kSerCv2[i] + c[1] * kSerCa2[i] + c[2] * kSerX[i] + c[3] * kSerF2sq[i] + c[4] * kSerCvF2[i]) * inv_d0;
  }
  void pack(double* out) const {  // layout of kernels::WmFn
    for (int i = 0; i < kWmSeriesTerms; ++i) out[i] = ser[i];
    for (int i = 0; i < 5; ++i) out[kWmSeriesTerms + i] = c[i];
    out[16] = inv_d0;
    out[17] = inv_M;
    out[18] = kWmSeriesBelow;
  }
  double operator()(double E) const {
    const double e = E * inv_M;
    return e < kWmSeriesBelow ? series(e) : closed(e, std::log1p(2 * e));
  }
  double series(double e) const {
    double r = ser[kWmSeriesTerms - 1];
    for (int i = kWmSeriesTerms - 2; i >= 0; --i) r = r * e + ser[i];
    return r;
  }
  // L = ln(1 + 2e)
  double closed(double e, double L) const {
    const double q = 1 + 2 * e, D = q * q * q;
    const double e2 = e * e, e3 = e2 * e;
    const double N1 = 24 * e3 - 30 * e2 - 37 * e - 9 + (-5 * e + 9 + 6 * (e - 1) * L) * D;
    const double N2 = 24 * e3 + 66 * e2 + 47 * e + 9 + (-5 * e - 9 + 6 * (e + 1) * L) * D;
    const double N3 = 24 * e2 + 30 * e + 7 + (6 * L - 7) * D;
    const double N4 = -48 * e3 + 48 * e2 + 50 * e + 11 + (4 * e + 6 * L - 11) * D;
    const double N5 = 72 * e2 + 54 * e + 11 + (6 * L - 11) * D;
    const double num = c[0] * N1 + c[1] * N2 + e * (2 * c[2] * N3 + 0.5 * c[3] * N4 + 2 * c[4] * N5);
    return num * inv_d0 / (6 * e3 * D);
  }
};

double wm_transport(Nucleon n, double lepton, double E, double gA, double s2w, bool quirks) {
  return WmTransport(n, lepton, gA, s2w, quirks)(E);
}

double lepton_sign(Species sp) { return sp == Species::Nue ? 1.0 : (sp == Species::Anue ? -1.0 : 0.0); }

// Scattering blocking factor (NuLib; Bruenn 1985): n ξ/sqrt(1 + ξ²), ξ = 3T/(2E_F).
double scattering_blocked(double n, double T, double m_ref_MeV) {
  const double hc = constants::hbarc_MeVcm;
  const double EF = hc * hc * std::cbrt(3 * detail::kPi * detail::kPi * n) * std::cbrt(3 * detail::kPi * detail::kPi * n) /
                    (2 * m_ref_MeV);
  const double xi = 1.5 * T / EF;
  return n * xi / std::sqrt(1 + xi * xi);
}

// ---- coherent scattering on heavy nuclei ------------------------------------------------------
// Horowitz (1997) fit coefficients of β_i(Γ) = c0 + c1 √Γ + c2 Γ + c3 Γ^{3/2}, i = 3..6 (BRT06 Eq. 28).
constexpr double kSionC[4][4] = {{-7.362056, 0.5371365, -0.1078845, 4.189612e-3},
                                 {3.4489581, -0.40251656, 9.0877878e-2, -3.4353581e-3},
                                 {-0.74128645, 0.11019855, -2.5359361e-2, 9.0487744e-4},
                                 {5.9573285e-2, -1.0186552e-2, 2.2791369e-3, -7.4614597e-5}};
constexpr double kSionBeta2 = 6.6666667;   // as printed by Horowitz (1997) / NuLib
constexpr double kSionB0a = 0.3, kSionB0b = 3.0;
constexpr double kGammaMin = 1.0, kGammaMax = 150.0;
constexpr double kMuEFloor_MeV = 1e-10;    // NuLib: E_F = max(mu_e, m_e + 1e-10 MeV)

struct HeavyPoint {
  bool present = false;
  double A = 0, Z = 0, Wc = 0, ell = 0, rD2 = 0;  // rD2 = r_D² [cm²]
  double a_over_hc = 0;                           // interparticle spacing / ħc [MeV⁻¹]
  double beta[7] = {0, 0, 0, 0, 0, 0, 0};
  double Estar = 0;
  bool sion = false, ff = false;
  double ff_scale = 0;  // y = ff_scale E²
};

HeavyPoint heavy_point(const detail::PointContext& c, const OpacityParams& p) {
  HeavyPoint h;
  if (!(c.A > 0)) return h;
  h.present = true;
  h.A = c.A;
  h.Z = c.Z;
  h.Wc = 1 - 2 * (c.Z / c.A) * (1 - 2 * c.s2w);
  const double hc = constants::hbarc_MeVcm;
  if (p.electron_polarization) {
    h.ell = (c.Z / c.A) * (1 + 4 * c.s2w);
    const double EF = std::fmax(c.mu_e, c.me + kMuEFloor_MeV);
    const double pF = std::sqrt(EF * EF - c.me * c.me);
    h.rD2 = detail::kPi * hc * hc / (4 * constants::alpha_fs * pF * EF);
  }
  if (p.form_factor) {
    h.ff = true;
    h.ff_scale = std::cbrt(c.A / 100.0) * std::cbrt(c.A / 100.0) /
                 (constants::formfactor_E0_MeV * constants::formfactor_E0_MeV);
  }
  if (p.ion_ion_correlation && c.n_h > 0) {
    h.sion = true;
    const double a = std::cbrt(3.0 / (4 * detail::kPi * c.n_h));  // [cm]
    h.a_over_hc = a / hc;
    double G = c.Z * c.Z * constants::alpha_fs * hc / (a * c.T);
    G = std::fmin(std::fmax(G, kGammaMin), kGammaMax);
    const double sG = std::sqrt(G);
    h.Estar = 3 + 4 / sG;
    h.beta[0] = std::log(kSionB0a / (kSionB0a + kSionB0b * G));
    h.beta[1] = 0;
    h.beta[2] = kSionBeta2;
    for (int i = 0; i < 4; ++i) h.beta[3 + i] = kSionC[i][0] + kSionC[i][1] * sG + kSionC[i][2] * G + kSionC[i][3] * G * sG;
  }
  return h;
}

double sion(const HeavyPoint& h, double E) {
  if (!h.sion) return 1.0;
  const double Eb = E * h.a_over_hc;
  if (Eb > h.Estar) return 1.0;
  double arg = 0, pw = 1;
  for (int i = 0; i <= 6; ++i) {
    arg -= h.beta[i] * pw;
    pw *= Eb;
  }
  return 1.0 / (1.0 + std::exp(arg));
}

// σ_tr for each energy, per nucleus [cm²].
void heavy_sigma_tr(const detail::PointContext& c, const HeavyPoint& h, const double* E, std::size_t nE,
                    double* out) {
  using detail::kChunk;
  double y[kChunk], beta[kChunk], sum[kChunk];
  const double hc = constants::hbarc_MeVcm;
  const kernels::HeavyFn fn = detail::heavy_kernel();
  for (std::size_t b = 0; b < nE; b += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b);
    for (std::size_t i = 0; i < m; ++i) {
      const double e = E[b + i];
      y[i] = h.ff ? h.ff_scale * e * e : 0.0;
      beta[i] = 2 * e * e * h.rD2 / (hc * hc);
    }
    fn(y, beta, m, h.Wc, h.ell, sum);
    for (std::size_t i = 0; i < m; ++i) {
      const double e = E[b + i];
      // 2π σ0/(64π) (E/m_e)² A² S Σ = σ0 (E/m_e)² A² S Σ / 32
      out[b + i] = c.sigma0_me2 * e * e * h.A * h.A * sion(h, e) * sum[i] / 32.0;
    }
  }
}

}  // namespace

double weak_magnetism_scattering_transport(Nucleon n, int lepton, double E_MeV, const OpacityParams& p) {
  validate_params(p);
  validate_energies(&E_MeV, 1);
  if (lepton < -1 || lepton > 1) throw_invalid("lepton", "must be -1, 0 or +1");
  return wm_transport(n, lepton, E_MeV, p.gA, p.sin2thetaW, p.nulib_quirks);
}

double heavy_scattering_transport_cm2(const ThermoState& s, double E_MeV, const OpacityParams& p) {
  detail::validate_all(s, &E_MeV, 1, p);
  const detail::PointContext c = detail::make_context(s, p);
  const HeavyPoint h = heavy_point(c, p);
  if (!h.present) return 0.0;
  double out;
  heavy_sigma_tr(c, h, &E_MeV, 1, &out);
  return out;
}

namespace detail {

void scattering_nucleons_impl(const PointContext& c, Species sp, const double* E, std::size_t nE,
                              const OpacityParams& p, double* kappa_n, double* kappa_p) {
  const double lep = lepton_sign(sp);
  const double gA2 = c.gA * c.gA;
  const double tn = c.sigma0_me2 / 4 * (1 + 3 * gA2) / 4;
  const double dn = (1 - gA2) / (1 + 3 * gA2);
  const double cvp = 0.5 - 2 * c.s2w;  // (C_V − 1) for the proton, C_A − 1 = −1/2
  const double tp = c.sigma0_me2 / 4 * (cvp * cvp + 3 * gA2 / 4);
  const double dp = (cvp * cvp - gA2 / 4) / (cvp * cvp + 3 * gA2 / 4);
  double tgt_n = c.n_n, tgt_p = c.n_p;
  if (p.nucleon_blocking_scattering) {
    tgt_n = scattering_blocked(c.n_n, c.T, p.m_ref_MeV);
    tgt_p = scattering_blocked(c.n_p, c.T, p.m_ref_MeV);
  }
  const WmTransport wn(Nucleon::Neutron, lep, c.gA, c.s2w, c.quirks), wp(Nucleon::Proton, lep, c.gA, c.s2w, c.quirks);
  const double an = tgt_n * tn * (1 - dn / 3), ap = tgt_p * tp * (1 - dp / 3);
  const kernels::WmFn wmk = wm_kernel();
  double cn[19], cp[19];
  wn.pack(cn);
  wp.pack(cp);
  double rn[kChunk], rp[kChunk];
  for (std::size_t b0 = 0; b0 < nE; b0 += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b0);
    const double* Ec = E + b0;
    if (p.weak_magnetism) {
      wmk(Ec, m, cn, rn);
      wmk(Ec, m, cp, rp);
    } else {
      std::fill(rn, rn + m, 1.0);
      std::fill(rp, rp + m, 1.0);
    }
    for (std::size_t i = 0; i < m; ++i) {
      const double e2 = Ec[i] * Ec[i];
      if (kappa_n) kappa_n[b0 + i] = an * e2 * rn[i];
      if (kappa_p) kappa_p[b0 + i] = ap * e2 * rp[i];
    }
  }
}

void scattering_heavy_impl(const PointContext& c, const double* E, std::size_t nE, const OpacityParams& p,
                           double* kappa) {
  const HeavyPoint h = heavy_point(c, p);
  if (!h.present || c.n_h == 0.0) {
    for (std::size_t i = 0; i < nE; ++i) kappa[i] = 0.0;
    return;
  }
  heavy_sigma_tr(c, h, E, nE, kappa);
  for (std::size_t i = 0; i < nE; ++i) kappa[i] *= c.n_h;
}

void scattering_alpha_impl(const PointContext& c, const double* E, std::size_t nE, double* kappa) {
  const double s4 = c.s2w * c.s2w;
  const double pre = c.n_alpha * 4 * c.sigma0_me2 * s4 * 2.0 / 3.0;
  for (std::size_t i = 0; i < nE; ++i) kappa[i] = pre * E[i] * E[i];
}

}  // namespace detail

void scattering_nucleons(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                         double* kappa_n, double* kappa_p) {
  detail::validate_all(s, E, nE, p);
  detail::scattering_nucleons_impl(detail::make_context(s, p), sp, E, nE, p, kappa_n, kappa_p);
}

void scattering_heavy(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                      double* kappa) {
  (void)sp;
  detail::validate_all(s, E, nE, p);
  detail::check_out(kappa, nE, "kappa");
  detail::scattering_heavy_impl(detail::make_context(s, p), E, nE, p, kappa);
}

void scattering_alpha(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                      double* kappa) {
  (void)sp;
  detail::validate_all(s, E, nE, p);
  detail::check_out(kappa, nE, "kappa");
  detail::scattering_alpha_impl(detail::make_context(s, p), E, nE, kappa);
}

}  // namespace nusphere::opacity
