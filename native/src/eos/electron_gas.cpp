// Electron–positron gas at arbitrary degeneracy and relativity from the generalized Fermi–Dirac
// integrals F_k(eta, beta), and the photon gas. Equations in analytic_eos.hpp; derivatives at fixed μ
// from ∂F/∂eta and ∂F/∂beta (∂/∂T|μ = (1/m_e)∂/∂beta − (eta/T)∂/∂eta).
// REFERENCES: Cox & Giuli (1968) ch. 24; Timmes & Arnett 1999 ApJS 125, 277 (Eqs. for n, P, E of e±
//   with F_k(eta, beta) and the positron degeneracy eta₊ = −eta − 2/beta).
#include <algorithm>
#include <cmath>
#include <string>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/core/fermi_dirac.hpp"
#include "nusphere/eos/analytic_eos.hpp"

namespace nusphere::eos::analytic {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt2 = 1.41421356237309504880;
// Positrons are dropped when their density is below ~e^-40 of the electrons' (and never evaluated below
// the Fermi–Dirac domain eta >= -700).
constexpr double kPositronSkipEta = -60.0, kPositronSkipGap = -40.0;

// K = 8π√2 (m_e c²/hc)³ [cm⁻³]
double k_number() {
  const double x = constants::me_MeV / (2.0 * kPi * constants::hbarc_MeVcm);
  return 8.0 * kPi * kSqrt2 * x * x * x;
}

// One lepton species (e⁻ at eta or e⁺ at eta₊) with the partials at fixed (eta, beta).
struct Part {
  double n = 0, P = 0, E = 0;  // number, pressure, kinetic energy density
  double n_eta = 0, n_beta = 0, P_eta = 0, P_beta = 0, E_eta = 0, E_beta = 0;
};

// F_{1/2} and F_{3/2} at one (eta, beta), kept so the final evaluation does not recompute them.
struct Fd {
  FermiDiracValue f12{}, f32{};
  bool valid = false;
};

Part number_part(double eta, double beta, double K, Fd* keep = nullptr) {
  const FermiDiracValue f12 = fermi_dirac_full(0.5, eta, beta), f32 = fermi_dirac_full(1.5, eta, beta);
  if (keep) *keep = {f12, f32, true};
  const double b32 = beta * std::sqrt(beta);
  Part p;
  p.n = K * b32 * (f12.f + beta * f32.f);
  p.n_eta = K * b32 * (f12.df_deta + beta * f32.df_deta);
  p.n_beta = K * (1.5 * std::sqrt(beta) * (f12.f + beta * f32.f) + b32 * (f12.df_dbeta + f32.f + beta * f32.df_dbeta));
  return p;
}

Part full_part(double eta, double beta, double K, const Fd* known = nullptr) {
  const double m = constants::me_MeV;
  const bool reuse = known && known->valid;
  const FermiDiracValue f12 = reuse ? known->f12 : fermi_dirac_full(0.5, eta, beta);
  const FermiDiracValue f32 = reuse ? known->f32 : fermi_dirac_full(1.5, eta, beta);
  const FermiDiracValue f52 = fermi_dirac_full(2.5, eta, beta);
  const double sb = std::sqrt(beta), b32 = beta * sb, b52 = beta * b32;
  Part p;
  p.n = K * b32 * (f12.f + beta * f32.f);
  p.n_eta = K * b32 * (f12.df_deta + beta * f32.df_deta);
  p.n_beta = K * (1.5 * sb * (f12.f + beta * f32.f) + b32 * (f12.df_dbeta + f32.f + beta * f32.df_dbeta));
  const double cP = (2.0 / 3.0) * K * m;
  p.P = cP * b52 * (f32.f + 0.5 * beta * f52.f);
  p.P_eta = cP * b52 * (f32.df_deta + 0.5 * beta * f52.df_deta);
  p.P_beta = cP * (2.5 * b32 * (f32.f + 0.5 * beta * f52.f) + b52 * (f32.df_dbeta + 0.5 * f52.f + 0.5 * beta * f52.df_dbeta));
  const double cE = K * m;
  p.E = cE * b52 * (f32.f + beta * f52.f);
  p.E_eta = cE * b52 * (f32.df_deta + beta * f52.df_deta);
  p.E_beta = cE * (2.5 * b32 * (f32.f + beta * f52.f) + b52 * (f32.df_dbeta + f52.f + beta * f52.df_dbeta));
  return p;
}

// Species thermodynamics at fixed own μ from the (eta, beta) partials.
struct Species {
  double n, P, E, s, n_mu, n_T, s_T;
};
Species to_species(const Part& p, double eta, double T) {
  const double m = constants::me_MeV;
  Species r;
  r.n = p.n;
  r.P = p.P;
  r.E = p.E;
  r.s = (p.E + p.P - eta * T * p.n) / T;
  r.n_mu = p.n_eta / T;
  r.n_T = p.n_beta / m - (eta / T) * p.n_eta;
  const double P_T = p.P_beta / m - (eta / T) * p.P_eta;
  const double E_T = p.E_beta / m - (eta / T) * p.E_eta;
  r.s_T = (E_T + P_T - eta * T * r.n_T) / T - r.s / T;
  return r;
}

bool positrons_negligible(double eta, double eta_p) {
  return eta_p < -700.0 || (eta_p < kPositronSkipEta && eta_p - eta < kPositronSkipGap);
}

// dN/deta of the net density N = n₋ − n₊ at fixed beta (a sum of two positive terms).
double net_slope(double eta, double beta, double K) {
  const double eta_p = -eta - 2.0 / beta;
  double d = number_part(eta, beta, K).n_eta;
  if (!positrons_negligible(eta, eta_p)) d += number_part(eta_p, beta, K).n_eta;
  return d;
}

// Net density in a pair plasma, where n₋ − n₊ cancels catastrophically: N vanishes at eta0 = −1/beta
// (μ = 0) and N = ∫_{eta0}^{eta0 + x} dN/deta' deta' by 5-point Gauss–Lobatto (dN/deta is analytic
// within ~πT of the real μ axis, so for |μ| ≲ 0.05 T the rule is exact to rounding); x = μ/T. d_end is
// dN/deta at the end point, d0 at eta0.
double net_density_pairs(double x, double beta, double K, double d0, double d_end) {
  const double eta0 = -1.0 / beta, h = x;
  const double a = 0.5 * (1.0 - 0.65465367070797714380), b = 0.5 * (1.0 + 0.65465367070797714380);  // (1 ∓ √(3/7))/2
  const double sum = (d0 + d_end) / 20.0 + (49.0 / 180.0) * (net_slope(eta0 + a * h, beta, K) + net_slope(eta0 + b * h, beta, K)) +
                     (16.0 / 45.0) * net_slope(eta0 + 0.5 * h, beta, K);
  return h * sum;
}

// The direct difference is used unless it loses more than two digits to cancellation.
constexpr double kPairCancel = 1e-2;

// x = μ/T (total chemical potential over T; eta = x − 1/beta), kept separately so that a tiny μ in a
// pair plasma is not lost to rounding in eta.
ElectronPositronGas assemble(double x, double T, double n_net_override, bool have_override, const Fd* fm = nullptr,
                             const Fd* fp = nullptr) {
  const double m = constants::me_MeV, beta = T / m, K = k_number();
  const double eta = x - 1.0 / beta;
  const double eta_p = -x - 1.0 / beta;
  const Species em = to_species(full_part(eta, beta, K, fm), eta, T);
  Species ep{0, 0, 0, 0, 0, 0, 0};
  if (!positrons_negligible(eta, eta_p)) ep = to_species(full_part(eta_p, beta, K, fp), eta_p, T);
  ElectronPositronGas g;
  g.eta = eta;
  g.mu_MeV = x * T;
  g.n_minus_cm3 = em.n;
  g.n_plus_cm3 = ep.n;
  g.th.n = em.n - ep.n;
  if (have_override) {
    g.th.n = n_net_override;
  } else if (ep.n > 0 && std::fabs(g.th.n) < kPairCancel * (em.n + ep.n)) {
    g.th.n = net_density_pairs(x, beta, K, net_slope(-1.0 / beta, beta, K), (em.n_mu + ep.n_mu) * T);
  }
  g.th.P = em.P + ep.P;
  g.th.e = em.E + ep.E + m * (em.n + ep.n);
  g.th.s = em.s + ep.s;
  g.th.n_mu = em.n_mu + ep.n_mu;  // μ₊ = −μ
  g.th.n_T = em.n_T - ep.n_T;
  g.th.s_T = em.s_T + ep.s_T;
  return g;
}

void check_T(double T) {
  if (!std::isfinite(T) || !(T > 0)) throw_invalid("T_MeV", "must be finite and > 0");
}

}  // namespace

ElectronPositronGas electron_positron_at_eta(double eta, double T_MeV) {
  check_T(T_MeV);
  if (!std::isfinite(eta)) throw_invalid("eta", "must be finite");
  return assemble(eta + constants::me_MeV / T_MeV, T_MeV, 0.0, false);
}

ElectronPositronGas electron_positron_gas(double n_net_cm3, double T) {
  check_T(T);
  if (!std::isfinite(n_net_cm3) || !(n_net_cm3 > 0)) throw_invalid("n_net_cm3", "must be finite and > 0");
  const double m = constants::me_MeV, beta = T / m, K = k_number();
  const double n_t = n_net_cm3;
  const double eta0 = -1.0 / beta;  // μ = 0: N = 0
  double d0 = -1.0;                 // dN/deta at eta0, computed when first needed

  // Unknown x = μ/T = eta + 1/beta (N(0) = 0). N(x) = n₋ − n₊ and dN/dx (> 0).
  struct Eval { double N, dN; };
  Fd fm, fp;  // Fermi–Dirac values of the last evaluation (reused at convergence)
  auto eval = [&](double x) {
    const double eta = x + eta0, eta_p = -x + eta0;
    const Part em = number_part(eta, beta, K, &fm);
    fp.valid = false;
    Eval r{em.n, em.n_eta};
    if (!positrons_negligible(eta, eta_p)) {
      const Part ep = number_part(eta_p, beta, K, &fp);
      r.N -= ep.n;
      r.dN += ep.n_eta;
      if (std::fabs(r.N) < kPairCancel * (em.n + ep.n)) {
        if (d0 < 0) d0 = net_slope(eta0, beta, K);
        r.N = net_density_pairs(x, beta, K, d0, r.dN);
      }
    }
    return r;
  };

  // Initial guess: the larger of the degenerate (T = 0 Fermi momentum) and the Boltzmann estimates.
  const double xF = constants::hbarc_MeVcm * std::cbrt(3.0 * kPi * kPi * n_t) / m;
  const double eta_deg = (std::sqrt(1.0 + xF * xF) - 1.0) / beta;
  // Boltzmann: n ≈ K beta^{3/2} e^eta G(beta), G = ∫x^{1/2}(1+beta x)sqrt(1+beta x/2)e^{-x}dx (rough fit).
  const double G = 0.5 * std::sqrt(kPi) * (1.0 + beta) * std::sqrt(1.0 + 0.75 * beta);
  const double eta_nd = std::log(n_t / (K * beta * std::sqrt(beta) * G));
  double x = (eta_nd < 0.5 ? eta_nd : std::max(eta_deg, eta_nd - 1.0)) - eta0;
  double lo = 0.0, hi = HUGE_VAL;
  if (x <= 0) {
    // Pair-dominated: linearize N around μ = 0, where n₊ = n₋.
    d0 = net_slope(eta0, beta, K);
    x = n_t / d0;
  }
  x = std::clamp(x, -690.0 - eta0, 1e6 - eta0);
  lo = std::max(lo, -700.0 - eta0);

  for (int it = 1; it <= 200; ++it) {
    const Eval e = eval(x);
    const double res = e.N - n_t;
    if (std::fabs(res) <= 1e-14 * n_t) {
      ElectronPositronGas g = assemble(x, T, e.N, true, &fm, &fp);
      g.iterations = it;
      return g;
    }
    if (res < 0) lo = std::max(lo, x);
    else hi = std::min(hi, x);
    double next;
    if (e.N > 0) next = x - std::log(e.N / n_t) * e.N / e.dN;  // Newton on ln N (nearly linear)
    else next = x - res / e.dN;
    if (!(next > lo && next < hi)) {
      if (std::isfinite(hi)) next = 0.5 * (lo + hi);
      else next = lo + std::max(2.0 * std::fabs(lo), 10.0);
    }
    if (std::isfinite(hi) && hi - lo <= 4e-16 * std::max(std::fabs(lo), std::fabs(hi))) {
      ElectronPositronGas g = assemble(x, T, e.N, true, &fm, &fp);  // bracket collapsed to rounding: accept
      g.iterations = it;
      return g;
    }
    x = std::min(next, 1e6 - eta0);
  }
  throw Error(ErrorCode::NotConverged, "eta_e",
              "electron degeneracy solve did not converge (n_e = " + std::to_string(n_t) + " cm^-3, T = " +
                  std::to_string(T) + " MeV)");
}

GasThermo photon_gas(double T_MeV) {
  check_T(T_MeV);
  // a in MeV⁻³ cm⁻³ for T in MeV: a_cgs [erg cm⁻³ K⁻⁴] / MeV_erg × (K per MeV)⁴.
  const double kpm = 1.0 / constants::kB_MeVK;
  const double a = constants::arad_cgs / constants::MeV_erg * kpm * kpm * kpm * kpm;
  const double T = T_MeV, T3 = T * T * T;
  GasThermo g;
  g.P = a * T3 * T / 3.0;
  g.e = a * T3 * T;
  g.s = 4.0 * a * T3 / 3.0;
  g.s_T = 4.0 * a * T * T;
  return g;
}

}  // namespace nusphere::eos::analytic
