// The built-in analytic EOS: assembles e⁻e⁺ (electron_gas.cpp), photons, and the NSE baryon sector
// (nse.cpp) into an EosState at (rho, T, Ye), with analytic derivatives at fixed Ye, unit conversion
// to the EosState units, and the input/domain checks. Equations, conventions and the energy zero
// point: analytic_eos.hpp.
// REFERENCES: Timmes & Arnett 1999 ApJS 125, 277; Cox & Giuli (1968) ch. 24; Clayton (1968) ch. 7;
//   Landau & Lifshitz, Statistical Physics §16 (thermodynamic identities used for de/dT, de/drho and
//   the adiabatic sound speed).
#include "nusphere/eos/analytic_eos.hpp"

#include <cmath>
#include <string>

#include "nusphere/core/constants.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/eos/eos_checks.hpp"

namespace nusphere::eos {

AnalyticEos::AnalyticEos(const AnalyticEosOptions& opt) : opt_(opt) {
  if (!std::isfinite(opt.cut_eps_MeV) || opt.cut_eps_MeV < 0)
    throw_invalid("cut_eps_MeV", "must be finite and >= 0");
  if (!std::isfinite(opt.cut_rho_gcc) || opt.cut_rho_gcc < 0)
    throw_invalid("cut_rho_gcc", "must be finite and >= 0 (0: nuclear saturation density)");
  if (!std::isfinite(opt.cut_power) || opt.cut_power < 1)
    throw_invalid("cut_power", "must be finite and >= 1");
}

void AnalyticEos::evaluate(double rho, double T, double Ye, EosState& out) const {
  check_eos_inputs(analytic::kDomain, rho, T, Ye);
  const double mu = constants::mu_g, MeV = constants::MeV_erg;
  const double nB = rho / mu;

  // Electrons and positrons: n₋ − n₊ = rho Ye / m_u; μ_e(rho, T) by implicit differentiation.
  const analytic::ElectronPositronGas eg = analytic::electron_positron_gas(nB * Ye, T);
  const analytic::GasThermo& el = eg.th;
  const double dmue_drho = (Ye / mu) / el.n_mu;
  const double dmue_dT = -el.n_T / el.n_mu;

  // Photons.
  analytic::GasThermo ph;
  if (opt_.photons) ph = analytic::photon_gas(T);

  // Baryons in NSE.
  const analytic::NseResult b = analytic::nse_solve(rho, T, Ye, opt_);

  // Totals per volume [MeV cm⁻³], [k_B cm⁻³].
  const double P = el.P + ph.P + b.P;
  const double e = el.e + ph.e + b.e;
  const double s = el.s + ph.s + b.s;
  const double dPdT = (el.s + el.n * dmue_dT) + ph.s + b.dPdT;
  const double dPdrho = el.n * dmue_drho + b.dPdrho;
  const double dsdT = (el.s_T + el.n_T * dmue_dT) + ph.s_T + b.dsdT;
  const double dsdrho = el.n_T * dmue_drho + b.dsdrho;

  EosState st;
  st.rho_gcc = rho;
  st.T_MeV = T;
  st.Ye = Ye;
  st.P_dyncm2 = P * MeV;
  st.e_ergg = e * MeV / rho;
  st.s_kB = s / nB;
  st.mu_e_MeV = eg.mu_MeV;
  st.mu_n_MeV = b.eta_n * T + b.mu_shift_MeV;
  st.mu_p_MeV = b.eta_p * T - constants::delta_np_MeV + b.mu_shift_MeV;
  st.muhat_MeV = st.mu_n_MeV - st.mu_p_MeV;
  st.mu_nue_MeV = st.mu_e_MeV - st.muhat_MeV;
  st.eta_e = eg.eta;
  st.Xn = b.Xn;
  st.Xp = b.Xp;
  st.Xa = b.Xa;
  st.Xh = b.Xh;
  st.Abar = b.Abar;
  st.Zbar = b.Zbar;
  st.dPdT = dPdT * MeV;
  st.dPdrho = dPdrho * MeV;
  st.dsdT = dsdT / nB;
  st.dsdrho = dsdrho / nB - s / (nB * rho);
  // de/dT|rho = T ds/dT|rho; de/drho|T = (P − T ∂P/∂T|rho)/rho² (free-energy identities).
  st.dedT = T * st.dsdT * MeV / mu;
  st.dedrho = (st.P_dyncm2 - T * st.dPdT) / (rho * rho);
  // Adiabatic: ∂P/∂rho|s = ∂P/∂rho|T − ∂P/∂T|rho (∂s/∂rho|T / ∂s/∂T|rho); gamma = (rho/P) ∂P/∂rho|s.
  // Relativistic sound speed c_s² = ∂P/∂ε_tot|s = (∂P/∂rho|s)/h with the specific enthalpy
  // h = (ε_tot + P)/(rho c²), ε_tot = n_B m_n c² + rho e (e is measured from m_n per baryon).
  const double dPdrho_s = st.dPdrho - st.dPdT * st.dsdrho / st.dsdT;
  const double c2 = constants::c_cms * constants::c_cms;
  const double h = constants::mn_MeV / constants::mu_MeV + (st.e_ergg + st.P_dyncm2 / rho) / c2;
  st.cs2_cm2s2 = dPdrho_s / h;
  st.gamma = rho * dPdrho_s / st.P_dyncm2;

  const double check[] = {h, st.P_dyncm2, st.e_ergg, st.s_kB, st.mu_e_MeV, st.mu_n_MeV, st.mu_p_MeV, st.Xn, st.Xp,
                          st.Xa, st.Xh, st.Abar, st.Zbar, st.dPdT, st.dPdrho, st.dedT, st.dedrho, st.dsdT,
                          st.dsdrho, st.cs2_cm2s2, st.gamma};
  for (double v : check) {
    if (!std::isfinite(v)) {
      throw Error(ErrorCode::NotConverged, "eos",
                  "analytic EOS produced a non-finite value at rho = " + std::to_string(rho) +
                      " g/cm^3, T = " + std::to_string(T) + " MeV, Ye = " + std::to_string(Ye));
    }
  }
  out = st;
}

}  // namespace nusphere::eos
