/**
 * The scenario runner: profile → EOS and opacities → neutrinospheres → transport → gain analysis →
 * critical luminosity, writing a result folder (summary.json, result.h5 with provenance, SVG plots of
 * R_ν(E), the emergent spectra, heating and cooling vs radius, and the L_crit curve with the model).
 *
 * The critical-luminosity comparison uses the stationary-accretion solver with the QW96 light bulb
 * fed by the transport's own neutrinos: T_ν from the emergent mean energies (Fermi–Dirac, η = 0),
 * the emergent L_ν̄e/L_νe ratio, R_ν and M of the model. The model sits above the curve when its
 * emergent L_νe exceeds L_crit at its accretion rate.
 * Units: km, M☉, M☉ s⁻¹, erg s⁻¹, MeV.
 * REFERENCES: Pejcha & Thompson 2012 ApJ 746, 106; Buras et al. 2006 A&A 457, 281; Janka 2001.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { CancelledError, IoError } from '../core/errors';
import { km_cm, Msun_g } from '../core/constants';
import { provenance } from '../core/provenance';
import { loadProfile, type ProfileData } from '../io/profile';
import { writeAtomically } from '../io/atomic';
import { hdf5 } from '../io/hdf5';
import { SPECIES, type Species } from '../opacity';
import { computeProfileOpacities, defaultGroupEdges, neutrinospheres } from '../neutrinosphere';
import { transport, type TransportMethod, type TransportResult } from '../transport';
import { gainAnalysis, gainSummary, type GainAnalysis, type GainSummary } from '../supernova/rates';
import { postbounceModel, type PostbounceModel } from '../supernova/postbounce';
import { criticalLuminosity, type AccretionParams, type CriticalPoint, type Upstream } from '../supernova/accretion';
import { temperatureFromMeanEnergy } from '../supernova/lightbulb';
import { writeLineChart } from '../plot';
import { pochikProfilePath } from './profiles';
import type { Scenario } from './schema';

export interface ScenarioSummary {
  name: string;
  description?: string;
  profile: { source: string; zones: number; r_min_km: number; r_max_km: number };
  groups: number;
  spheres_km: Record<Species, { number: number | null; mean_transport: number | null; at_10MeV: number | null; at_30MeV: number | null; at_60MeV: number | null }>;
  luminosity: Record<Species, { L_ergs: number; meanE_MeV: number; rmsE_MeV: number }>;
  transport: { method: string; iterations: number; max_conservation_error: number };
  gain: GainSummary;
  critical: null | {
    mass_msun: number;
    rpns_km: number;
    model_mdot_msun_s: number;
    T_nue_MeV: number;
    T_anue_MeV: number;
    L_ratio: number;
    L_nue_ergs: number;
    L_crit_ergs: number;
    /** L_νe / L_crit */
    L_over_Lcrit: number;
    above: boolean;
    antesonic_at_crit: number;
    curve: CriticalPoint[];
  };
  files: Record<string, string>;
  elapsed_s: number;
}

export interface RunOptions {
  /** result folder (created; existing files in it are replaced atomically) */
  outDir?: string;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** called with a short description of each stage */
  onStage?: (stage: string) => void;
}

/** Ṁ [M☉ s⁻¹] from a profile with velocities: median of 4πr²ρ|v| over the infalling zones. */
export function profileMdot(p: ProfileData): number | null {
  if (!p.v_cms) return null;
  const m: number[] = [];
  for (let i = 0; i < p.r_cm.length; i++) if (p.v_cms[i] < 0) m.push((4 * Math.PI * p.r_cm[i] ** 2 * p.rho_gcc[i] * -p.v_cms[i]) / Msun_g);
  if (m.length === 0) return null;
  m.sort((a, b) => a - b);
  return m[m.length >> 1];
}

function sphereAt(sp: (number | null)[], energies: Float64Array, edges: Float64Array, E: number): number | null {
  const g = Array.from(energies).findIndex((_, i) => edges[i + 1] > E);
  return g < 0 ? null : sp[g];
}

export async function runScenario(s: Scenario, o: RunOptions = {}): Promise<ScenarioSummary> {
  const t0 = Date.now();
  const stage = (name: string, f: number) => {
    if (o.signal?.aborted) throw new CancelledError('scenario cancelled');
    o.onStage?.(name);
    o.onProgress?.(f);
  };
  // 1. profile
  stage('profile', 0);
  let model: PostbounceModel | undefined;
  let profile: ProfileData;
  if (s.profile === 'builtin:postbounce') {
    model = postbounceModel(s.postbounce ?? {});
    profile = model.profile;
  } else if (s.profile === 'builtin:pochik2025') {
    profile = await loadProfile(pochikProfilePath());
  } else if (s.profile.startsWith('builtin:')) {
    throw new IoError(`profile: unknown built-in '${s.profile}'`, 'profile');
  } else {
    profile = await loadProfile(s.profile);
  }
  // 2. opacities (engine EOS + OpacitySet)
  stage('opacities', 0.05);
  const g = s.opacity?.groups;
  const edges = g ? defaultGroupEdges(g.count, g.min_MeV, g.max_MeV) : defaultGroupEdges();
  const op = await computeProfileOpacities(profile, { bin_edges_MeV: edges, opacity: s.opacity?.preset ? { preset: s.opacity.preset } : undefined });
  // 3. spheres and transport
  stage('neutrinospheres', 0.15);
  const sp = neutrinospheres(profile, op, { threads: o.threads });
  stage('transport', 0.2);
  const method = (s.transport?.method ?? 'do') as TransportMethod;
  const tr: TransportResult = await transport(profile, op, {
    method,
    threads: s.transport?.threads ?? o.threads,
    mc: s.transport?.packets ? { packets: s.transport.packets } : undefined,
    signal: o.signal,
    onProgress: (f) => o.onProgress?.(0.2 + 0.3 * f),
  });
  // 4. gain analysis from the transport's spectra
  stage('gain', 0.5);
  const mass = s.gain?.mass_msun ?? model?.params.mass_msun ?? 1.4;
  const gain: GainAnalysis = gainAnalysis(profile, { kind: 'transport', result: tr, bin_edges_MeV: op.bin_edges_MeV }, { mass_msun: mass, shock_radius_cm: model ? model.accretion.shock_km * km_cm : undefined });
  // 5. critical luminosity at the model's Ṁ (and an optional curve)
  let critical: ScenarioSummary['critical'] = null;
  if (s.critical?.enabled !== false) {
    stage('critical luminosity', 0.6);
    const mdot = s.critical?.model_mdot_msun_s ?? model?.params.mdot_msun_s ?? profileMdot(profile);
    if (mdot !== null && mdot !== undefined && tr.summary.nue.L_ergs > 0 && tr.summary.anue.L_ergs > 0) {
      const critMass = s.critical?.mass_msun ?? mass;
      const rpns = s.critical?.rpns_km ?? model?.params.rpns_km ?? profile.r_cm[0] / km_cm;
      const Tn = temperatureFromMeanEnergy(tr.summary.nue.meanE_MeV), Ta = temperatureFromMeanEnergy(tr.summary.anue.meanE_MeV);
      const ratio = tr.summary.anue.L_ergs / tr.summary.nue.L_ergs;
      const up: Upstream | undefined = s.critical?.upstream ?? model?.params.upstream;
      const base = (m: number): AccretionParams => ({ mass_msun: critMass, rpns_km: rpns, mdot_msun_s: m, L_nue_ergs: 1, L_anue_ergs: ratio, T_nue_MeV: Tn, T_anue_MeV: Ta, upstream: up, steps: s.critical?.steps ?? 1000 });
      const list = Array.from(new Set([...(s.critical?.mdot_msun_s ?? []), mdot])).sort((a, b) => a - b);
      const curve: CriticalPoint[] = [];
      for (let i = 0; i < list.length; i++) {
        if (o.signal?.aborted) throw new CancelledError('scenario cancelled');
        await new Promise<void>((res) => setImmediate(res));
        curve.push(criticalLuminosity(base(list[i]), { rtol: 1e-3, onProgress: (f) => o.onProgress?.(0.6 + (0.3 * (i + f)) / list.length) }));
      }
      const at = curve.find((c) => c.mdot_msun_s === mdot)!;
      critical = {
        mass_msun: critMass,
        rpns_km: rpns,
        model_mdot_msun_s: mdot,
        T_nue_MeV: Tn,
        T_anue_MeV: Ta,
        L_ratio: ratio,
        L_nue_ergs: tr.summary.nue.L_ergs,
        L_crit_ergs: at.L_crit_ergs,
        L_over_Lcrit: tr.summary.nue.L_ergs / at.L_crit_ergs,
        above: tr.summary.nue.L_ergs > at.L_crit_ergs,
        antesonic_at_crit: at.antesonic,
        curve,
      };
    }
  }
  // 6. summary and files
  stage('output', 0.9);
  const energies = op.energies_MeV;
  const spheres_km = {} as ScenarioSummary['spheres_km'];
  const luminosity = {} as ScenarioSummary['luminosity'];
  let maxCons = 0;
  for (const x of SPECIES) {
    const q = sp.spheres[x];
    spheres_km[x] = { number: q.number_mean_km, mean_transport: q.mean_transport_km, at_10MeV: sphereAt(q.transport_km, energies, op.bin_edges_MeV, 10), at_30MeV: sphereAt(q.transport_km, energies, op.bin_edges_MeV, 30), at_60MeV: sphereAt(q.transport_km, energies, op.bin_edges_MeV, 60) };
    luminosity[x] = tr.summary[x];
    maxCons = Math.max(maxCons, Math.abs(tr.conservation[x]));
  }
  const summary: ScenarioSummary = {
    name: s.name,
    description: s.description,
    profile: { source: s.profile, zones: profile.r_cm.length, r_min_km: profile.r_cm[0] / km_cm, r_max_km: profile.r_cm[profile.r_cm.length - 1] / km_cm },
    groups: energies.length,
    spheres_km,
    luminosity,
    transport: { method, iterations: tr.iterations, max_conservation_error: maxCons },
    gain: gainSummary(gain),
    critical,
    files: {},
    elapsed_s: 0,
  };
  if (o.outDir) {
    try {
      fs.mkdirSync(o.outDir, { recursive: true });
    } catch (e) {
      throw new IoError(`${o.outDir}: cannot create the result folder (${(e as Error).message})`, 'outDir', e);
    }
    const file = (n: string) => path.join(o.outDir!, n);
    if (s.output?.hdf5 !== false) {
      await writeResultHdf5(file('result.h5'), profile, sp.spheres, energies, op.bin_edges_MeV, tr, gain, summary, provenance({ scenario: s }, s.transport?.threads ?? o.threads));
      summary.files.hdf5 = 'result.h5';
    }
    if (s.output?.plots !== false) {
      await writePlots(o.outDir, sp.spheres, energies, op.bin_edges_MeV, tr, gain, summary);
      summary.files.spheres = 'spheres.svg';
      summary.files.spectra = 'spectra.svg';
      summary.files.heating = 'heating.svg';
      if (summary.critical) summary.files.critical = 'critical.svg';
    }
    summary.files.summary = 'summary.json';
    summary.elapsed_s = (Date.now() - t0) / 1000;
    await writeAtomically(file('summary.json'), (tmp) => fs.writeFileSync(tmp, JSON.stringify(summary, null, 2) + '\n'));
  }
  summary.elapsed_s = (Date.now() - t0) / 1000;
  o.onProgress?.(1);
  return summary;
}

function emergentSpectrum(tr: TransportResult, s: Species, edges: Float64Array): Float64Array {
  const ng = tr.energies_MeV.length, nz = tr.zones.r_cm.length;
  const r = tr.zones.r_cm[nz - 1];
  const out = new Float64Array(ng);
  for (let g = 0; g < ng; g++) out[g] = (16 * Math.PI * Math.PI * r * r * tr.groups[s].H[(nz - 1) * ng + g]) / (edges[g + 1] - edges[g]);
  return out;
}

async function writePlots(dir: string, spheres: ReturnType<typeof neutrinospheres>['spheres'], energies: Float64Array, edges: Float64Array, tr: TransportResult, gain: GainAnalysis, sum: ScenarioSummary): Promise<void> {
  await writeLineChart(path.join(dir, 'spheres.svg'), {
    title: `${sum.name}: neutrinosphere radii (tau = 2/3)`,
    x: { label: 'neutrino energy E [MeV]', log: true },
    y: { label: 'transport sphere R_nu(E) [km]' },
    series: SPECIES.map((s) => ({ name: s, x: energies, y: spheres[s].transport_km })),
  });
  await writeLineChart(path.join(dir, 'spectra.svg'), {
    title: `${sum.name}: emergent spectra`,
    x: { label: 'neutrino energy E [MeV]', log: true },
    y: { label: 'dL/dE [erg/s/MeV]', log: true },
    series: SPECIES.map((s) => {
      const y = emergentSpectrum(tr, s, edges);
      return { name: s, x: energies, y: Array.from(y, (v) => (v > 0 ? v : null)) };
    }),
  });
  const r_km = Array.from(gain.zones.r_cm, (r) => r / km_cm);
  const inside = (i: number) => sum.gain.shock_radius_km === null || r_km[i] <= sum.gain.shock_radius_km * 1.05;
  await writeLineChart(path.join(dir, 'heating.svg'), {
    title: `${sum.name}: neutrino heating and cooling (charged current, from the transport field)`,
    x: { label: 'radius [km]', log: true },
    y: { label: 'rate per nucleon [MeV/s]', log: true },
    series: [
      { name: 'heating', x: r_km, y: Array.from(gain.zones.heating_MeVs, (v, i) => (v > 0 && inside(i) ? v : null)) },
      { name: 'cooling', x: r_km, y: Array.from(gain.zones.cooling_MeVs, (v, i) => (v > 0 && inside(i) ? v : null)) },
    ],
  });
  if (sum.critical) {
    const c = sum.critical;
    await writeLineChart(path.join(dir, 'critical.svg'), {
      title: `${sum.name}: critical luminosity (QW96 light bulb, T_nue ${c.T_nue_MeV.toFixed(2)}, T_anue ${c.T_anue_MeV.toFixed(2)} MeV)`,
      x: { label: 'accretion rate Mdot [Msun/s]' },
      y: { label: 'L_nue [1e52 erg/s]' },
      series: [
        { name: 'L_crit', x: c.curve.map((q) => q.mdot_msun_s), y: c.curve.map((q) => q.L_crit_ergs / 1e52) },
        { name: 'model', x: [c.model_mdot_msun_s], y: [c.L_nue_ergs / 1e52] },
      ],
    });
  }
}

async function writeResultHdf5(
  file: string,
  profile: ProfileData,
  spheres: ReturnType<typeof neutrinospheres>['spheres'],
  energies: Float64Array,
  edges: Float64Array,
  tr: TransportResult,
  gain: GainAnalysis,
  sum: ScenarioSummary,
  prov: Record<string, unknown>,
): Promise<void> {
  const m = await hdf5();
  const nz = profile.r_cm.length, ng = energies.length;
  await writeAtomically(file, (tmp) => {
    const f = new m.File(tmp, 'w');
    const grp = (n: string) => (f as unknown as { create_group(n: string): void }).create_group(n);
    const ds = (name: string, data: Float64Array, shape: number[]) => f.create_dataset({ name, data, shape, dtype: '<d' });
    try {
      grp('profile');
      ds('profile/r_cm', profile.r_cm, [nz]);
      ds('profile/rho_gcc', profile.rho_gcc, [nz]);
      ds('profile/T_MeV', profile.T_MeV, [nz]);
      ds('profile/Ye', profile.Ye, [nz]);
      if (profile.v_cms) ds('profile/v_cms', profile.v_cms, [nz]);
      ds('energies_MeV', energies, [ng]);
      ds('bin_edges_MeV', edges, [ng + 1]);
      grp('spheres');
      grp('transport');
      for (const s of SPECIES) {
        // NaN marks a sphere below the inner boundary
        ds(`spheres/${s}_transport_km`, Float64Array.from(spheres[s].transport_km, (v) => (v === null ? NaN : v)), [ng]);
        grp(`transport/${s}`);
        ds(`transport/${s}/L_ergs`, tr.zones[s].L_ergs, [nz]);
        ds(`transport/${s}/E_ergcc`, tr.zones[s].E_ergcc, [nz]);
        ds(`transport/${s}/J`, tr.groups[s].J, [nz, ng]);
        ds(`transport/${s}/H`, tr.groups[s].H, [nz, ng]);
        ds(`transport/${s}/spectrum_ergs_MeV`, emergentSpectrum(tr, s, edges), [ng]);
      }
      grp('gain');
      ds('gain/heating_MeVs', gain.zones.heating_MeVs, [nz]);
      ds('gain/cooling_MeVs', gain.zones.cooling_MeVs, [nz]);
      ds('gain/heating_ergcc_s', gain.zones.heating_ergcc_s, [nz]);
      ds('gain/cooling_ergcc_s', gain.zones.cooling_ergcc_s, [nz]);
      if (sum.critical) {
        grp('critical');
        ds('critical/mdot_msun_s', Float64Array.from(sum.critical.curve, (c) => c.mdot_msun_s), [sum.critical.curve.length]);
        ds('critical/L_crit_ergs', Float64Array.from(sum.critical.curve, (c) => c.L_crit_ergs), [sum.critical.curve.length]);
        ds('critical/shock_km', Float64Array.from(sum.critical.curve, (c) => c.shock_km), [sum.critical.curve.length]);
      }
      f.create_attribute('nusphere_provenance', JSON.stringify(prov));
      f.create_attribute('nusphere_summary', JSON.stringify({ ...sum, files: undefined }));
    } finally {
      f.close();
    }
  });
}
