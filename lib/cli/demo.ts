/**
 * `nusphere demo`: the neutrinosphere of a real post-bounce model, offline. The built-in profile is
 * the steady stalled-shock accretion flow of Pochik & Thompson 2025 (data/profiles, 1.4 Msun, 30 km
 * proto-neutron star, Mdot = 0.3 Msun/s). Pipeline: analytic EOS → the engine's opacities (24 groups)
 * → neutrinospheres → deterministic transport (thermal core from Kirchhoff) → the gain radius with
 * the Qian & Woosley light bulb fed by the transport's luminosities and spectra.
 * The supernova engine of issue 5 (built-in PNS + accretion model, critical luminosity) will extend it.
 * @internal
 * @module
 */
import * as path from 'node:path';

import { packageRoot } from '../native/loader';
import { loadProfile } from '../io/profile';
import { computeProfileOpacities, neutrinospheres } from '../neutrinosphere';
import { transport } from '../transport';
import { gainRadius, qianWoosley } from '../supernova/gain';
import { SPECIES } from '../opacity';
import { km_cm } from '../core/constants';

export interface DemoResult {
  profile: string;
  zones: number;
  groups: number;
  spheres_km: Record<string, { mean_transport: number | null; mean_energy: number | null; number: number | null; at_10MeV: number | null; at_30MeV: number | null; at_60MeV: number | null }>;
  luminosity: Record<string, { L_ergs: number; meanE_MeV: number; rmsE_MeV: number }>;
  transport: { method: string; iterations: number; max_conservation_error: number };
  gain_radius_km: number | null;
  elapsed_s: number;
}

export async function runDemo(opts: { threads?: number; onProgress?: (f: number) => void } = {}): Promise<DemoResult> {
  const t0 = Date.now();
  const file = path.join(packageRoot(), 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt');
  const p = await loadProfile(file);
  const op = await computeProfileOpacities(p);
  const sp = neutrinospheres(p, op, { threads: opts.threads });
  const tr = await transport(p, op, { method: 'do', threads: opts.threads, onProgress: opts.onProgress });
  const group = (E: number) => op.energies_MeV.findIndex((e, g) => op.bin_edges_MeV[g + 1] > E);
  const g10 = group(10), g30 = group(30), g60 = group(60);
  const spheres_km: DemoResult['spheres_km'] = {};
  const luminosity: DemoResult['luminosity'] = {};
  for (const s of SPECIES) {
    spheres_km[s] = { mean_transport: sp.spheres[s].mean_transport_km, mean_energy: sp.spheres[s].mean_energy_km, number: sp.spheres[s].number_mean_km, at_10MeV: sp.spheres[s].transport_km[g10], at_30MeV: sp.spheres[s].transport_km[g30], at_60MeV: sp.spheres[s].transport_km[g60] };
    luminosity[s] = tr.summary[s];
  }
  // Gain radius: Qian & Woosley light bulb with the transport's emergent L and ε = ⟨E²⟩/⟨E⟩, the
  // profile's T(r) and Ye(r), neutrinosphere at the inner boundary (30 km, where the source put τ = 2/3).
  const interp = (a: Float64Array, r: number) => {
    const x = p.r_cm;
    if (r <= x[0]) return a[0];
    if (r >= x[x.length - 1]) return a[a.length - 1];
    let i = 0;
    while (x[i + 1] < r) i++;
    const t = (r - x[i]) / (x[i + 1] - x[i]);
    return (1 - t) * a[i] + t * a[i + 1];
  };
  const eps = (s: 'nue' | 'anue') => tr.summary[s].rmsE_MeV ** 2 / tr.summary[s].meanE_MeV;
  const model = qianWoosley(
    { L_nue_ergs: tr.summary.nue.L_ergs, L_anue_ergs: tr.summary.anue.L_ergs, eps_nue_MeV: eps('nue'), eps_anue_MeV: eps('anue'), R_nu_cm: p.r_cm[0], Ye: 0.5 },
    (r) => interp(p.T_MeV, r),
  );
  const withYe = { heating_MeVs: (r: number) => qianWoosley({ L_nue_ergs: tr.summary.nue.L_ergs, L_anue_ergs: tr.summary.anue.L_ergs, eps_nue_MeV: eps('nue'), eps_anue_MeV: eps('anue'), R_nu_cm: p.r_cm[0], Ye: interp(p.Ye, r) }, () => 0).heating_MeVs(r), cooling_MeVs: model.cooling_MeVs };
  const Rg = gainRadius(withYe, p.r_cm[0] * 1.0001, p.r_cm[p.r_cm.length - 1]);
  let maxCons = 0;
  for (const s of SPECIES) maxCons = Math.max(maxCons, Math.abs(tr.conservation[s]));
  return {
    profile: 'Pochik & Thompson 2025 steady accretion (1.4 Msun, 30 km PNS, Mdot = 0.3 Msun/s, L_nu = 1e52 erg/s)',
    zones: p.r_cm.length,
    groups: op.energies_MeV.length,
    spheres_km,
    luminosity,
    transport: { method: 'discrete ordinates + variable Eddington factors', iterations: tr.iterations, max_conservation_error: maxCons },
    gain_radius_km: Rg === null ? null : Rg / km_cm,
    elapsed_s: (Date.now() - t0) / 1000,
  };
}

export function demoText(d: DemoResult): string {
  const f = (v: number | null, digits = 1) => (v === null ? '< 30 km' : `${v.toFixed(digits)} km`);
  return [
    'nusphere demo — the neutrinosphere of a post-bounce supernova core (built-in model, offline)',
    `  model: ${d.profile}; ${d.zones} zones, ${d.groups} energy groups`,
    '  neutrinospheres (τ = 2/3; "< 30 km": below the model\'s inner boundary, not extrapolated):',
    ...SPECIES.map((s) => `    ${s.padEnd(4)}  R(10 MeV) ${f(d.spheres_km[s].at_10MeV)}, R(30 MeV) ${f(d.spheres_km[s].at_30MeV)}, R(60 MeV) ${f(d.spheres_km[s].at_60MeV)}; number sphere ${f(d.spheres_km[s].number)}`),
    '  emergent neutrinos (steady-state transport):',
    ...SPECIES.map((s) => `    ${s.padEnd(4)}  L = ${d.luminosity[s].L_ergs.toExponential(3)} erg/s, <E> = ${d.luminosity[s].meanE_MeV.toFixed(2)} MeV, rms E = ${d.luminosity[s].rmsE_MeV.toFixed(2)} MeV`),
    `    (${d.transport.method}: ${d.transport.iterations} formal solutions, energy conserved to ${d.transport.max_conservation_error.toExponential(1)})`,
    `  gain radius (Qian & Woosley heating/cooling with these luminosities and spectra): ${d.gain_radius_km === null ? 'none (cooling wins everywhere)' : `${d.gain_radius_km.toFixed(1)} km`}`,
    `  done in ${d.elapsed_s.toFixed(1)} s`,
  ].join('\n');
}
