// Opacity inputs: validation of ThermoState / energies / parameters (Error(InvalidInput) naming the
// field), the per-point context (number densities from ρ X / m_ref, couplings at the weak scale),
// the equilibrium neutrino chemical potentials, the Fermi–Dirac black body, and the per-ISA kernel
// selection.
// REFERENCES: PHYSICS.md §0 (chemical-potential conventions, B_ν); NULIB.md §4 (units of B_ν,
//             mu_nu = mu_e − muhat for νe, its negative for ν̄e, 0 for νx; with cc_leading_order
//             muhat − Δ in place of muhat, see opacity.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

constexpr double kMassFractionSlack = 1e-6;

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

void finite(double v, const char* field) {
  if (!std::isfinite(v)) throw_invalid(field, "must be finite, got " + num(v));
}
void positive(double v, const char* field) {
  if (!std::isfinite(v) || !(v > 0)) throw_invalid(field, "must be finite and > 0, got " + num(v));
}
void mass_fraction(double v, const char* field) {
  if (!std::isfinite(v) || v < -kMassFractionSlack || v > 1 + kMassFractionSlack)
    throw_invalid(field, "mass fraction must be finite and in [0, 1], got " + num(v));
}
double clamp01(double v) { return v < 0 ? 0.0 : (v > 1 ? 1.0 : v); }

void out_of_domain(const char* field, double v, double lo, double hi) {
  if (v < lo || v > hi)
    throw Error(ErrorCode::OutOfDomain, field,
                std::string(field) + ": outside the supported range [" + num(lo) + ", " + num(hi) + "], got " + num(v));
}

}  // namespace

void validate_state(const ThermoState& s) {
  positive(s.rho_gcc, "rho_gcc");
  positive(s.T_MeV, "T_MeV");
  out_of_domain("rho_gcc", s.rho_gcc, 0.0, detail::kMaxRho_gcc);
  out_of_domain("T_MeV", s.T_MeV, detail::kMinT_MeV, detail::kMaxT_MeV);
  if (!std::isfinite(s.Ye) || s.Ye < 0 || s.Ye > 1) throw_invalid("Ye", "must be finite and in [0, 1], got " + num(s.Ye));
  mass_fraction(s.Xn, "Xn");
  mass_fraction(s.Xp, "Xp");
  mass_fraction(s.Xa, "Xa");
  mass_fraction(s.Xh, "Xh");
  finite(s.Abar, "Abar");
  finite(s.Zbar, "Zbar");
  if (s.Abar < 0) throw_invalid("Abar", "must be >= 0, got " + num(s.Abar));
  if (s.Zbar < 0) throw_invalid("Zbar", "must be >= 0, got " + num(s.Zbar));
  if (s.Xh > 0) {
    if (!(s.Abar >= 1)) throw_invalid("Abar", "must be >= 1 when Xh > 0, got " + num(s.Abar));
    if (s.Zbar > s.Abar) throw_invalid("Zbar", "must be <= Abar, got " + num(s.Zbar));
  }
  finite(s.mu_e_MeV, "mu_e_MeV");
  finite(s.mu_n_MeV, "mu_n_MeV");
  finite(s.mu_p_MeV, "mu_p_MeV");
  out_of_domain("mu_e_MeV", s.mu_e_MeV, -detail::kMaxAbsMu_MeV, detail::kMaxAbsMu_MeV);
  out_of_domain("mu_n_MeV", s.mu_n_MeV, -detail::kMaxAbsMu_MeV, detail::kMaxAbsMu_MeV);
  out_of_domain("mu_p_MeV", s.mu_p_MeV, -detail::kMaxAbsMu_MeV, detail::kMaxAbsMu_MeV);
}

void validate_energies(const double* E, std::size_t nE) {
  if (nE > 0 && E == nullptr) throw_invalid("E_MeV", "null array with nE > 0");
  auto name = [](std::size_t i) { return "E_MeV[" + std::to_string(i) + "]"; };
  for (std::size_t i = 0; i < nE; ++i) {
    if (!std::isfinite(E[i]) || !(E[i] > 0)) throw_invalid(name(i), "energies must be finite and > 0, got " + num(E[i]));
    if (E[i] > detail::kMaxEnergy_MeV)
      throw Error(ErrorCode::OutOfDomain, name(i), name(i) + ": energies above " + num(detail::kMaxEnergy_MeV) +
                                                        " MeV are outside the supported range, got " + num(E[i]));
    if (i > 0 && !(E[i] > E[i - 1]))
      throw_invalid(name(i), "energies must be strictly increasing, got " + num(E[i]) + " after " + num(E[i - 1]));
  }
}

void validate_params(const OpacityParams& p) {
  positive(p.gA, "gA");
  if (!std::isfinite(p.sin2thetaW) || p.sin2thetaW < 0 || p.sin2thetaW > 1)
    throw_invalid("sin2thetaW", "must be finite and in [0, 1], got " + num(p.sin2thetaW));
  if (!std::isfinite(p.sigma0_cm2) || p.sigma0_cm2 < 0)
    throw_invalid("sigma0_cm2", "must be finite and >= 0 (0: from G_F), got " + num(p.sigma0_cm2));
  positive(p.m_ref_MeV, "m_ref_MeV");
  positive(p.weak.s, "weak.s");
}

double equilibrium_mu_nu_MeV(const ThermoState& s, Species sp) {
  const double mu = s.mu_e_MeV - (s.mu_n_MeV - s.mu_p_MeV);
  switch (sp) {
    case Species::Nue: return mu;
    case Species::Anue: return -mu;
    default: return 0.0;
  }
}

double cc_mu_nu_MeV(const ThermoState& s, Species sp, const OpacityParams& p) {
  if (!p.cc_leading_order || sp == Species::Nux) return equilibrium_mu_nu_MeV(s, sp);
  const double mu = s.mu_e_MeV - (s.mu_n_MeV - s.mu_p_MeV - p.weak.delta_MeV());
  return sp == Species::Nue ? mu : -mu;
}

void blackbody(double T, double mu, const double* E, std::size_t nE, double* B) {
  // I_E = E · c · E²/(2πħc)³ · f: with E in MeV and 2πħc in MeV cm this is MeV cm⁻² s⁻¹ MeV⁻¹ sr⁻¹;
  // times MeV_erg [erg/MeV] gives erg cm⁻² s⁻¹ MeV⁻¹ sr⁻¹ (NULIB.md §4).
  const double hc = 2 * detail::kPi * constants::hbarc_MeVcm;
  const double pre = constants::MeV_erg * constants::c_cms / (hc * hc * hc);
  const kernels::ArrayFn vexp = detail::exp_kernel();
  double t[detail::kChunk], e[detail::kChunk];
  for (std::size_t b = 0; b < nE; b += detail::kChunk) {
    const std::size_t m = std::min(detail::kChunk, nE - b);
    for (std::size_t i = 0; i < m; ++i) t[i] = -std::fabs((E[b + i] - mu) / T);
    vexp(t, e, m);
    for (std::size_t i = 0; i < m; ++i) {
      const double x = E[b + i], f = (E[b + i] - mu > 0 ? e[i] : 1.0) / (1 + e[i]);  // 1/(e^{(E−μ)/T} + 1)
      B[b + i] = pre * x * x * x * f;
    }
  }
}

namespace detail {

void check_out(const double* a, std::size_t nE, const char* field) {
  if (nE > 0 && a == nullptr) throw_invalid(field, "null output array with nE > 0");
}

void validate_all(const ThermoState& s, const double* E, std::size_t nE, const OpacityParams& p) {
  validate_state(s);
  validate_energies(E, nE);
  validate_params(p);
}

void validate_kernel_inputs(double T, double eta, double E1, const char* f1, double E2, const char* f2, Species sp,
                            const OpacityParams& p) {
  if (!std::isfinite(T) || T <= 0) throw_invalid("T_MeV", "must be finite and > 0");
  if (T < kMinT_MeV || T > kMaxT_MeV) throw Error(ErrorCode::OutOfDomain, "T_MeV", "T_MeV: outside [1e-6, 1e6] MeV");
  if (!std::isfinite(eta)) throw_invalid("eta_e", "must be finite");
  if (std::fabs(eta) > kMaxAbsEtaKernel) throw Error(ErrorCode::OutOfDomain, "eta_e", "eta_e: |eta_e| > 1e4");
  if (!std::isfinite(E1) || E1 <= 0) throw_invalid(f1, "must be finite and > 0");
  if (!std::isfinite(E2) || E2 <= 0) throw_invalid(f2, "must be finite and > 0");
  const double Emin = std::max(kMinKernelEnergy_MeV, kMinKernelEnergyOverT * T);
  if (E1 < Emin || E2 < Emin)
    throw Error(ErrorCode::OutOfDomain, "E_MeV", "E_MeV: energies below 1e-6 MeV or 1e-9 T are outside the supported range");
  if (E1 > kMaxEnergy_MeV || E2 > kMaxEnergy_MeV) throw Error(ErrorCode::OutOfDomain, "E_MeV", "E_MeV: above 1e7 MeV");
  if (int(sp) < 0 || int(sp) >= kNumSpecies) throw_invalid("species", "out of range");
  validate_params(p);
}

PointContext make_context(const ThermoState& s, const OpacityParams& p) {
  PointContext c;
  c.rho = s.rho_gcc;
  c.T = s.T_MeV;
  c.invT = 1.0 / s.T_MeV;
  c.Ye = s.Ye;
  c.Xn = clamp01(s.Xn);
  c.Xp = clamp01(s.Xp);
  c.Xa = clamp01(s.Xa);
  c.Xh = clamp01(s.Xh);
  c.A = s.Abar;
  c.Z = s.Zbar;
  c.mu_e = s.mu_e_MeV;
  c.muhat = s.mu_n_MeV - s.mu_p_MeV;
  c.mu_n = s.mu_n_MeV;
  c.m_ref_g = p.m_ref_MeV * kMeV_g;
  const double nb = s.rho_gcc / c.m_ref_g;  // baryon number density [cm⁻³]
  c.n_n = std::fmax(1e-100, c.Xn) * nb;     // NuLib's floor: keeps the blocking ratios finite
  c.n_p = std::fmax(1e-100, c.Xp) * nb;
  c.n_h = (c.Xh > 0 && c.A > 0) ? c.Xh * nb / c.A : 0.0;
  c.n_alpha = c.Xa * nb / 4.0;  // 4 nucleons per α
  c.gA = p.gA;
  c.s2w = p.sin2thetaW;
  c.sigma0 = p.sigma0();
  c.sigma0_me2 = c.sigma0 / (constants::me_MeV * constants::me_MeV);
  c.me = p.weak.me_MeV();
  c.delta = p.weak.delta_MeV();
  c.GF = p.weak.GF_MeV2();
  const double r = c.GF / WeakScale{}.GF_MeV2();
  c.gf2_ratio = r * r;
  c.quirks = p.nulib_quirks;
  return c;
}

kernels::PairFn pair_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::pair_integrals;
    case isa::Isa::Avx2: return &kernels::avx2::pair_integrals;
    default: return &kernels::scalar::pair_integrals;
  }
}
kernels::HeavyFn heavy_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::heavy_angular;
    case isa::Isa::Avx2: return &kernels::avx2::heavy_angular;
    default: return &kernels::scalar::heavy_angular;
  }
}
kernels::FdShatFn fd_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::fd_shat_all;
    case isa::Isa::Avx2: return &kernels::avx2::fd_shat_all;
    default: return &kernels::scalar::fd_shat_all;
  }
}

kernels::ArrayFn exp_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::exp_array;
    case isa::Isa::Avx2: return &kernels::avx2::exp_array;
    default: return &kernels::scalar::exp_array;
  }
}
kernels::ArrayFn log_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::log_array;
    case isa::Isa::Avx2: return &kernels::avx2::log_array;
    default: return &kernels::scalar::log_array;
  }
}

kernels::WmFn wm_kernel() {
  switch (isa::selected()) {
    case isa::Isa::Avx512: return &kernels::avx512::wm_transport_array;
    case isa::Isa::Avx2: return &kernels::avx2::wm_transport_array;
    default: return &kernels::scalar::wm_transport_array;
  }
}

}  // namespace detail
}  // namespace nusphere::opacity
