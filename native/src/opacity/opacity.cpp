// The opacity set: sums the switched-on interactions for one species at an array of energies
// (compute_opacities), with Kirchhoff emissivities for the charged-current absorption and the
// effective absorption of the thermal pair sources; and the NuLib preset (nulib_params).
//   kappa_a = κ*ₐ(νN) + κ*ₐ(νA) + η_pair/B_ν + η_brems/B_ν
//   eta     = [κ*ₐ(νN) + κ*ₐ(νA)] B_ν + η_pair + η_brems      ⇒ eta = kappa_a B_ν
//   kappa_s = κ_tr(n) + κ_tr(p) + κ_tr(A) + κ_tr(α)
// With nulib_quirks, NuLib's single_point_return_all floors are reproduced (NULIB.md §6 item 5):
// absorption and scattering floored at 1e-30 cm⁻¹ before combining, B_ν floored at 1e-30 before the
// Kirchhoff division of the pair/brems emissivities, final arrays floored at 1e-300.
// REFERENCES: PHYSICS.md §0 and §3; NULIB.md §1, §4, §6; NuLib src/nulib.F90 (single_point_return_all).
#include <algorithm>
#include <cmath>
#include <string>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

void copy_term(double* dst, const double* src, std::size_t m) {
  if (dst) std::copy(src, src + m, dst);
}

}  // namespace

void compute_opacities(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                       OpacityOut& out, OpacityTerms* terms) {
  detail::validate_all(s, E, nE, p);
  detail::check_out(out.kappa_a, nE, "out.kappa_a");
  detail::check_out(out.kappa_s, nE, "out.kappa_s");
  detail::check_out(out.eta, nE, "out.eta");
  const detail::PointContext c = detail::make_context(s, p);
  const double mu_nu = equilibrium_mu_nu_MeV(s, sp);
  const bool electron_flavour = sp != Species::Nux;
  const bool do_abs_n = p.absorption_nucleons && electron_flavour;
  const bool do_abs_h = p.absorption_heavy && sp == Species::Nue;
  const bool do_pair = p.pair && (!electron_flavour || p.pair_for_electron_flavours);
  const bool do_brems = p.bremsstrahlung && (!electron_flavour || p.brems_for_electron_flavours);

  using detail::kChunk;
  double B[kChunk], kabs[kChunk], kn[kChunk], kp[kChunk], kh[kChunk], sn[kChunk], spp[kChunk], sh[kChunk],
      sa[kChunk], ep[kChunk], kpair[kChunk], eb[kChunk], kbrems[kChunk];
  for (std::size_t b = 0; b < nE; b += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b);
    const double* Eb = E + b;
    blackbody(c.T, mu_nu, Eb, m, B);
    auto zero = [m](double* a) { std::fill(a, a + m, 0.0); };
    if (do_abs_n) {
      detail::absorption_nucleons_impl(c, sp, Eb, m, p, sp == Species::Nue ? kn : kp);
      zero(sp == Species::Nue ? kp : kn);
    } else {
      zero(kn);
      zero(kp);
    }
    if (do_abs_h) detail::absorption_heavy_impl(c, sp, Eb, m, p, kh);
    else zero(kh);
    if (p.scattering_nucleons) detail::scattering_nucleons_impl(c, sp, Eb, m, p, sn, spp);
    else {
      zero(sn);
      zero(spp);
    }
    if (p.scattering_heavy) detail::scattering_heavy_impl(c, Eb, m, p, sh);
    else zero(sh);
    if (p.scattering_alpha) detail::scattering_alpha_impl(c, Eb, m, sa);
    else zero(sa);
    if (do_pair) detail::emission_pair_impl(c, sp, mu_nu, Eb, m, ep, kpair);
    else {
      zero(ep);
      zero(kpair);
    }
    if (do_brems) detail::emission_brems_impl(c, mu_nu, Eb, m, eb, kbrems);
    else {
      zero(eb);
      zero(kbrems);
    }

    for (std::size_t i = 0; i < m; ++i) {
      kabs[i] = kn[i] + kp[i] + kh[i];
      double ks = sn[i] + spp[i] + sh[i] + sa[i];
      double ka, et;
      if (!c.quirks) {
        ka = kabs[i] + kpair[i] + kbrems[i];
        et = kabs[i] * B[i] + ep[i] + eb[i];
      } else {
        const double kf = std::max(kabs[i], detail::kNulibFloor);
        const double Bf = std::max(B[i], detail::kNulibFloor);
        ka = kf + (ep[i] + eb[i]) / Bf;
        et = kf * B[i] + ep[i] + eb[i];
        ks = std::max(ks, detail::kNulibFloor);
        ka = std::max(ka, detail::kNulibFinalFloor);
        et = std::max(et, detail::kNulibFinalFloor);
        ks = std::max(ks, detail::kNulibFinalFloor);
      }
      // Never hand out inf/NaN: e.g. the stimulated-absorption factor 1/(1 − f_eq) overflows for
      // strongly degenerate neutrinos ((μ_ν − E)/T > ~700); report the state as outside the domain.
      if (!std::isfinite(ka) || !std::isfinite(ks) || !std::isfinite(et))
        throw Error(ErrorCode::OutOfDomain, "E_MeV[" + std::to_string(b + i) + "]",
                    "E_MeV[" + std::to_string(b + i) + "]: opacity not representable at this state (overflow, e.g. (mu_nu - E)/T too large)");
      out.kappa_a[b + i] = ka;
      out.kappa_s[b + i] = ks;
      out.eta[b + i] = et;
    }
    if (terms) {
      copy_term(terms->absorption_n ? terms->absorption_n + b : nullptr, kn, m);
      copy_term(terms->absorption_p ? terms->absorption_p + b : nullptr, kp, m);
      copy_term(terms->absorption_heavy ? terms->absorption_heavy + b : nullptr, kh, m);
      copy_term(terms->scattering_n ? terms->scattering_n + b : nullptr, sn, m);
      copy_term(terms->scattering_p ? terms->scattering_p + b : nullptr, spp, m);
      copy_term(terms->scattering_heavy ? terms->scattering_heavy + b : nullptr, sh, m);
      copy_term(terms->scattering_alpha ? terms->scattering_alpha + b : nullptr, sa, m);
      copy_term(terms->emission_pair ? terms->emission_pair + b : nullptr, ep, m);
      copy_term(terms->emission_brems ? terms->emission_brems + b : nullptr, eb, m);
    }
  }
}

OpacityParams nulib_params() {
  OpacityParams p;
  p.gA = constants::gA_nulib;
  p.sin2thetaW = constants::sin2thetaW_nulib;
  p.sigma0_cm2 = constants::sigma0_nulib_cm2;
  p.m_ref_MeV = constants::mamu_nulib_MeV;
  // NuLib requested_interactions.inc defaults (NULIB.md §1)
  p.absorption_nucleons = true;
  p.absorption_heavy = false;
  p.weak_magnetism = true;
  p.nucleon_blocking_absorption = true;
  p.nucleon_blocking_scattering = true;
  p.scattering_nucleons = true;
  p.scattering_heavy = true;
  p.scattering_alpha = true;
  p.ion_ion_correlation = true;
  p.form_factor = true;
  p.electron_polarization = true;
  p.pair = true;
  p.bremsstrahlung = true;
  p.pair_for_electron_flavours = false;
  p.brems_for_electron_flavours = false;
  p.nulib_quirks = true;
  return p;
}

}  // namespace nusphere::opacity
