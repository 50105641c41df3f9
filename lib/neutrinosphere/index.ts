/**
 * Neutrinospheres (PHYSICS.md §4): the transport sphere (τ = 2/3 with κ = κ_a + κ_s), the energy
 * (thermalization) sphere (κ_eff = sqrt(κ_a (κ_a + κ_s))) and the number sphere (number-weighted
 * mean opacity), per species and energy group, plus spectrum-averaged radii and τ(r, E) itself.
 * Opacities are piecewise linear in r between zones (exact integration); τ = 0 at the profile's
 * outer edge; a sphere deeper than the innermost zone is reported as null ("below the inner
 * boundary"), never extrapolated.
 *
 * Spectrum weights: the local equilibrium intensity B(E) = η/κ_a (Kirchhoff), i.e. the spectrum
 * consistent with the opacities used. Number sphere: κ_N(r) = Σ_g κ_g n_g / Σ_g n_g with
 * n_g ∝ B_g ΔE_g / E_g. Mean radii: Σ_g R_g w_g / Σ_g w_g with energy weights w_g = B_g(R_g) ΔE_g
 * taken at each group's own sphere; null when any weighted group lies below the inner boundary.
 * @module
 */
import { callNative, InvalidInputError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import { km_cm } from '../core/constants';
import { native } from '../native/loader';
import type { ProfileData } from '../io/profile';
import { SPECIES, type Species } from '../opacity';
import type { ProfileOpacities } from './opacities';

export { loadProfileOpacities, validateOpacities, computeProfileOpacities, defaultGroupEdges, type ProfileOpacities } from './opacities';

/** Spheres of one species. */
export interface SpeciesSpheres {
  /** transport sphere per group [km], null below the inner boundary */
  transport_km: (number | null)[];
  /** energy (thermalization) sphere per group [km] */
  energy_km: (number | null)[];
  /**
   * number sphere per group [km]: τ = 2/3 for the number-weighted mean opacity within the group. With
   * opacities given at one energy per group this coincides with transport_km; the spectrum-wide
   * number sphere is number_mean_km.
   */
  number_km: (number | null)[];
  /** number sphere of the whole spectrum, from the number-weighted mean opacity [km] */
  number_mean_km: number | null;
  /** energy-spectrum-weighted mean transport radius [km]; null when groups whose sphere lies below the inner boundary carry > 1e-3 of the spectrum there */
  mean_transport_km: number | null;
  /** energy-spectrum-weighted mean energy-sphere radius [km] */
  mean_energy_km: number | null;
  /** transport optical depth τ(r, E), [zone][group] */
  tau: Float64Array;
}

/** Result of {@link neutrinospheres}. */
export interface SpheresResult {
  energies_MeV: Float64Array;
  r_cm: Float64Array;
  spheres: Record<Species, SpeciesSpheres>;
}

function interpAt(r: Float64Array, v: Float64Array, ng: number, g: number, x: number): number {
  let lo = 0, hi = r.length - 1;
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (r[m] <= x) lo = m;
    else hi = m;
  }
  const t = (x - r[lo]) / (r[hi] - r[lo]);
  return (1 - t) * v[lo * ng + g] + t * v[hi * ng + g];
}

/** Neutrinosphere radii of every species and group on a profile with given opacities. */
export function neutrinospheres(profile: ProfileData, op: ProfileOpacities, opts: { tauTarget?: number; threads?: number } = {}): SpheresResult {
  const target = opts.tauTarget === undefined ? 2 / 3 : finiteNumber(opts.tauTarget, 'tauTarget', { min: 1e-6, max: 1e6 });
  const r = profile.r_cm, nz = r.length, ng = op.energies_MeV.length;
  if (op.zones !== nz) throw new InvalidInputError(`opacities have ${op.zones} zones, the profile ${nz}`, 'zones');
  const widths = new Float64Array(ng);
  for (let g = 0; g < ng; g++) widths[g] = op.bin_edges_MeV[g + 1] - op.bin_edges_MeV[g];
  const km = (x: number) => (x < 0 ? null : x / km_cm);
  const spheres = {} as Record<Species, SpeciesSpheres>;
  for (const s of SPECIES) {
    const ka = op.kappa_a[s], ks = op.kappa_s[s], eta = op.eta[s];
    const kt = new Float64Array(nz * ng), ke = new Float64Array(nz * ng), B = new Float64Array(nz * ng);
    for (let i = 0; i < nz * ng; i++) {
      kt[i] = ka[i] + ks[i];
      ke[i] = Math.sqrt(ka[i] * (ka[i] + ks[i]));
      B[i] = ka[i] > 0 ? eta[i] / ka[i] : 0;
    }
    const tr = callNative(() => native().sphereRadii(r, kt, ng, target, opts.threads));
    const en = callNative(() => native().sphereRadii(r, ke, ng, target, opts.threads));
    // number-weighted mean opacity per zone
    const kN = new Float64Array(nz);
    for (let z = 0; z < nz; z++) {
      let num = 0, den = 0;
      for (let g = 0; g < ng; g++) {
        const n = (B[z * ng + g] * widths[g]) / op.energies_MeV[g];
        num += kt[z * ng + g] * n;
        den += n;
      }
      kN[z] = den > 0 ? num / den : 0;
    }
    const nsph = callNative(() => native().sphereRadii(r, kN, 1, target, opts.threads));
    const mean = (R: Float64Array): number | null => {
      let num = 0, den = 0, missing = 0, all = 0;
      for (let g = 0; g < ng; g++) all += B[g] * widths[g];
      for (let g = 0; g < ng; g++) {
        if (R[g] < 0) {
          // a group whose sphere lies below the inner boundary: its weight there (inner-boundary spectrum)
          missing += B[g] * widths[g];
          continue;
        }
        const w = interpAt(r, B, ng, g, R[g]) * widths[g];
        num += w * R[g];
        den += w;
      }
      // undefined when groups below the inner boundary carry more than 1e-3 of the spectrum there
      if (all > 0 && missing > 1e-3 * all) return null;
      return den > 0 ? num / den / km_cm : null;
    };
    spheres[s] = {
      transport_km: Array.from(tr.radius_cm, km),
      energy_km: Array.from(en.radius_cm, km),
      number_km: Array.from(tr.radius_cm, km),
      number_mean_km: km(nsph.radius_cm[0]),
      mean_transport_km: mean(tr.radius_cm),
      mean_energy_km: mean(en.radius_cm),
      tau: tr.tau,
    };
  }
  return { energies_MeV: op.energies_MeV, r_cm: r, spheres };
}
