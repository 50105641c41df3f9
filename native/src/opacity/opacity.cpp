// The opacity set: sums the switched-on interactions for one species at an array of energies
// (compute_opacities), with Kirchhoff emissivities for the charged-current absorption and the
// effective absorption of the thermal pair sources; and the NuLib preset (nulib_params).
//   kappa_a = κ*ₐ(νN) + κ*ₐ(νA) + η_pair/B_ν + η_brems/B_ν
//   eta     = [κ*ₐ(νN) + κ*ₐ(νA)] B_ν + η_pair + η_brems      ⇒ eta = kappa_a B_ν
//   kappa_s = κ_tr(n) + κ_tr(p) + κ_tr(A) + κ_tr(α) [+ κ_tr(e), isoenergetic NES, when switched on]
// With nulib_quirks, NuLib's single_point_return_all floors are reproduced (NULIB.md §6 item 5):
// absorption and scattering floored at 1e-30 cm⁻¹ before combining, B_ν floored at 1e-30 before the
// Kirchhoff division of the pair/brems emissivities, final arrays floored at 1e-300.
// REFERENCES: PHYSICS.md §0 and §3; NULIB.md §1, §4, §6; NuLib src/nulib.F90 (single_point_return_all).
#include <algorithm>
#include <cmath>
#include <string>

#include "common.hpp"
#include "nusphere/core/errors.hpp"
#include "nusphere/opacity/inelastic.hpp"
#include "nusphere/opacity/interactions.hpp"

namespace nusphere::opacity {
namespace {

void copy_term(double* dst, const double* src, std::size_t m) {
  if (dst) std::copy(src, src + m, dst);
}

}  // namespace

namespace {

// Shared implementation: the requested species (want[k]) at one point. Species-independent work
// (coherent scattering, α, nucleon-scattering weak magnetism per lepton sign, the pair integrals)
// is done once per point.
void compute_impl(const ThermoState& s, const double* E, std::size_t nE, const OpacityParams& p, const bool want[3],
                  OpacityOut* out[3], OpacityTerms* terms[3]) {
  const detail::PointContext c = detail::make_context(s, p);
  using detail::kChunk;
  const Species kSp[3] = {Species::Nue, Species::Anue, Species::Nux};
  double mu_nu[3];
  bool do_abs_n[3], do_abs_h[3], do_pair[3], do_brems[3];
  bool any_pair = false;
  for (int k = 0; k < 3; ++k) {
    const bool ef = kSp[k] != Species::Nux;
    mu_nu[k] = cc_mu_nu_MeV(s, kSp[k], p);  // = equilibrium_mu_nu_MeV unless cc_leading_order
    do_abs_n[k] = want[k] && p.absorption_nucleons && ef;
    do_abs_h[k] = want[k] && p.absorption_heavy && kSp[k] == Species::Nue;
    do_pair[k] = want[k] && p.pair && (!ef || p.pair_for_electron_flavours);
    do_brems[k] = want[k] && p.bremsstrahlung && (!ef || p.brems_for_electron_flavours);
    any_pair = any_pair || do_pair[k];
  }
  // nucleon scattering: lepton sign +1 (νe), −1 (ν̄e); νx is their average (sign 0, used directly
  // when νx is the only species requested)
  const bool only_x = want[2] && !want[0] && !want[1];
  const bool need_plus = !only_x && (want[0] || want[2]), need_minus = !only_x && (want[1] || want[2]);

  double B[kChunk], kn[kChunk], kp[kChunk], kh[kChunk], sh[kChunk], sa[kChunk];
  double snp[kChunk], spp_[kChunk], snm[kChunk], spm[kChunk], snx[kChunk], spx[kChunk];
  double J1[kChunk], J2[kChunk], sg[kChunk], ep[kChunk], kpair[kChunk], eb[kChunk], kbrems[kChunk], se[kChunk];
  const double eta_e = s.mu_e_MeV / s.T_MeV;  // NES kernel convention: mu_e (with m_e c²)/T
  for (std::size_t b = 0; b < nE; b += kChunk) {
    const std::size_t m = std::min(kChunk, nE - b);
    const double* Eb = E + b;
    auto zero = [m](double* a) { std::fill(a, a + m, 0.0); };
    if (p.scattering_heavy) detail::scattering_heavy_impl(c, Eb, m, p, sh);
    else zero(sh);
    if (p.scattering_alpha) detail::scattering_alpha_impl(c, Eb, m, sa);
    else zero(sa);
    if (p.scattering_nucleons) {
      if (only_x) detail::scattering_nucleons_impl(c, Species::Nux, Eb, m, p, snx, spx);
      if (need_plus) detail::scattering_nucleons_impl(c, Species::Nue, Eb, m, p, snp, spp_);
      if (need_minus) detail::scattering_nucleons_impl(c, Species::Anue, Eb, m, p, snm, spm);
      if (!only_x && want[2])
        for (std::size_t i = 0; i < m; ++i) {
          snx[i] = 0.5 * (snp[i] + snm[i]);
          spx[i] = 0.5 * (spp_[i] + spm[i]);
        }
    } else {
      zero(snp), zero(spp_), zero(snm), zero(spm), zero(snx), zero(spx);
    }
    if (any_pair) detail::pair_integrals_impl(c, Eb, m, J1, J2, sg);

    for (int k = 0; k < 3; ++k) {
      if (!want[k]) continue;
      const Species sp = kSp[k];
      blackbody(c.T, mu_nu[k], Eb, m, B);
      zero(kn);
      zero(kp);
      if (do_abs_n[k]) detail::absorption_nucleons_impl(c, sp, Eb, m, p, sp == Species::Nue ? kn : kp);
      if (do_abs_h[k]) detail::absorption_heavy_impl(c, sp, Eb, m, p, kh);
      else zero(kh);
      if (do_pair[k]) detail::pair_from_integrals(c, sp, mu_nu[k], Eb, m, J1, J2, sg, ep, kpair);
      else zero(ep), zero(kpair);
      if (do_brems[k]) detail::emission_brems_impl(c, mu_nu[k], Eb, m, eb, kbrems);
      else zero(eb), zero(kbrems);
      if (p.scattering_electrons)
        for (std::size_t i = 0; i < m; ++i) se[i] = nes_isoenergetic(s.T_MeV, eta_e, Eb[i], sp, p).transport_cm;
      else
        zero(se);
      const double* sn = sp == Species::Nue ? snp : (sp == Species::Anue ? snm : snx);
      const double* spn = sp == Species::Nue ? spp_ : (sp == Species::Anue ? spm : spx);
      OpacityOut& o = *out[k];
      for (std::size_t i = 0; i < m; ++i) {
        const double kabs = kn[i] + kp[i] + kh[i];
        double ks = sn[i] + spn[i] + sh[i] + sa[i] + se[i];
        double ka, et;
        if (!c.quirks) {
          ka = kabs + kpair[i] + kbrems[i];
          et = kabs * B[i] + ep[i] + eb[i];
        } else {
          const double kf = std::max(kabs, detail::kNulibFloor);
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
        o.kappa_a[b + i] = ka;
        o.kappa_s[b + i] = ks;
        o.eta[b + i] = et;
      }
      if (OpacityTerms* t = terms ? terms[k] : nullptr) {
        copy_term(t->absorption_n ? t->absorption_n + b : nullptr, kn, m);
        copy_term(t->absorption_p ? t->absorption_p + b : nullptr, kp, m);
        copy_term(t->absorption_heavy ? t->absorption_heavy + b : nullptr, kh, m);
        copy_term(t->scattering_n ? t->scattering_n + b : nullptr, sn, m);
        copy_term(t->scattering_p ? t->scattering_p + b : nullptr, spn, m);
        copy_term(t->scattering_heavy ? t->scattering_heavy + b : nullptr, sh, m);
        copy_term(t->scattering_alpha ? t->scattering_alpha + b : nullptr, sa, m);
        copy_term(t->emission_pair ? t->emission_pair + b : nullptr, ep, m);
        copy_term(t->emission_brems ? t->emission_brems + b : nullptr, eb, m);
        copy_term(t->scattering_electrons ? t->scattering_electrons + b : nullptr, se, m);
      }
    }
  }
}

}  // namespace

void compute_opacities(const ThermoState& s, Species sp, const double* E, std::size_t nE, const OpacityParams& p,
                       OpacityOut& out, OpacityTerms* terms) {
  detail::validate_all(s, E, nE, p);
  detail::check_out(out.kappa_a, nE, "out.kappa_a");
  detail::check_out(out.kappa_s, nE, "out.kappa_s");
  detail::check_out(out.eta, nE, "out.eta");
  const int k = int(sp);
  if (k < 0 || k >= kNumSpecies) throw_invalid("species", "must be Nue, Anue or Nux");
  bool want[3] = {false, false, false};
  want[k] = true;
  OpacityOut* outs[3] = {nullptr, nullptr, nullptr};
  OpacityTerms* ts[3] = {nullptr, nullptr, nullptr};
  outs[k] = &out;
  ts[k] = terms;
  compute_impl(s, E, nE, p, want, outs, ts);
}

void compute_opacities_all(const ThermoState& s, const double* E, std::size_t nE, const OpacityParams& p,
                           OpacityOut out[kNumSpecies], OpacityTerms* terms) {
  detail::validate_all(s, E, nE, p);
  static const char* const kFields[3][3] = {{"out[0].kappa_a", "out[0].kappa_s", "out[0].eta"},
                                            {"out[1].kappa_a", "out[1].kappa_s", "out[1].eta"},
                                            {"out[2].kappa_a", "out[2].kappa_s", "out[2].eta"}};
  if (out == nullptr) throw_invalid("out", "null output array");
  for (int k = 0; k < 3; ++k) {
    detail::check_out(out[k].kappa_a, nE, kFields[k][0]);
    detail::check_out(out[k].kappa_s, nE, kFields[k][1]);
    detail::check_out(out[k].eta, nE, kFields[k][2]);
  }
  const bool want[3] = {true, true, true};
  OpacityOut* outs[3] = {&out[0], &out[1], &out[2]};
  OpacityTerms* ts[3] = {terms ? &terms[0] : nullptr, terms ? &terms[1] : nullptr, terms ? &terms[2] : nullptr};
  compute_impl(s, E, nE, p, want, outs, ts);
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
