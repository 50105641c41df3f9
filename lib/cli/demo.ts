/**
 * `nusphere demo` and `nusphere run DECK`: the scenario pipeline from the command line. The demo is
 * the built-in scenario scenarios/postbounce.json (the built-in post-bounce model: a hydrostatic
 * proto-neutron star, the steady stalled-shock accretion flow and the free-falling envelope; the
 * engine's opacities; neutrinospheres; deterministic transport; the gain region heated by the
 * transport's own neutrinos; the critical luminosity at the model's accretion rate). Offline.
 * @internal
 * @module
 */
import * as path from 'node:path';

import { packageRoot } from '../native/loader';
import { loadScenario } from '../scenario/schema';
import { runScenario, type ScenarioSummary } from '../scenario/run';
import { SPECIES } from '../opacity';

/** The built-in demo deck. */
export function demoDeckPath(): string {
  return path.join(packageRoot(), 'scenarios', 'postbounce.json');
}

export async function runDemo(opts: { threads?: number; outDir?: string; onProgress?: (f: number) => void } = {}): Promise<ScenarioSummary> {
  const s = loadScenario(demoDeckPath());
  return runScenario(s, { threads: opts.threads, outDir: opts.outDir, onProgress: opts.onProgress });
}

export function summaryText(d: ScenarioSummary, title = 'nusphere — the neutrinosphere powering a supernova'): string {
  const f = (v: number | null, digits = 1) => (v === null ? 'inside the model\'s inner edge' : `${v.toFixed(digits)} km`);
  const e = (v: number | null, unit = '') => (v === null ? 'n/a' : `${v.toExponential(3)}${unit}`);
  const g = d.gain, c = d.critical;
  const lines = [
    title,
    `  model: ${d.profile.source} (${d.profile.zones} zones from ${d.profile.r_min_km.toFixed(1)} to ${d.profile.r_max_km.toFixed(0)} km), ${d.groups} energy groups`,
    '  neutrinospheres (transport optical depth 2/3):',
    ...SPECIES.map((s) => `    ${s.padEnd(4)}  R(10 MeV) ${f(d.spheres_km[s].at_10MeV)}, R(30 MeV) ${f(d.spheres_km[s].at_30MeV)}, R(60 MeV) ${f(d.spheres_km[s].at_60MeV)}; number sphere ${f(d.spheres_km[s].number)}`),
    '  emergent neutrinos (steady-state transport):',
    ...SPECIES.map((s) => `    ${s.padEnd(4)}  L = ${d.luminosity[s].L_ergs.toExponential(3)} erg/s, <E> = ${d.luminosity[s].meanE_MeV.toFixed(2)} MeV, rms E = ${d.luminosity[s].rmsE_MeV.toFixed(2)} MeV`),
    `    (${d.transport.method}: ${d.transport.iterations} formal solutions, energy conserved to ${d.transport.max_conservation_error.toExponential(1)})`,
    '  gain region (charged-current heating and cooling from the engine\'s cross sections and the transport field):',
    `    gain radius ${g.gain_radius_km === null ? 'none (cooling wins everywhere)' : `${g.gain_radius_km.toFixed(1)} km`}, shock ${g.shock_radius_km === null ? 'n/a' : `${g.shock_radius_km.toFixed(1)} km`}, gain mass ${e(g.gain_mass_msun, ' Msun')}`,
    `    net heating ${e(g.net_heating_ergs, ' erg/s')}, heating efficiency ${g.heating_efficiency === null ? 'n/a' : `${(100 * g.heating_efficiency).toFixed(2)} %`}`,
    `    advection time ${g.t_adv_s === null ? 'n/a' : `${(1e3 * g.t_adv_s).toFixed(2)} ms`}, heating time ${g.t_heat_s === null ? 'n/a' : `${(1e3 * g.t_heat_s).toFixed(2)} ms`}, ratio ${g.ratio === null ? 'n/a' : g.ratio.toFixed(3)}`,
  ];
  if (c) {
    lines.push(
      `  critical luminosity at Mdot = ${c.model_mdot_msun_s.toPrecision(3)} Msun/s (steady accretion, QW96 light bulb with these spectra): L_crit = ${c.L_crit_ergs.toExponential(3)} erg/s`,
      `    the model's L_nue = ${c.L_nue_ergs.toExponential(3)} erg/s is ${(100 * c.L_over_Lcrit).toFixed(0)} % of it: ${c.above ? 'ABOVE the critical curve — no steady shock, explosion expected' : 'below the critical curve — the shock stays stalled'}`,
    );
  }
  if (Object.keys(d.files).length > 0) lines.push(`  files: ${Object.values(d.files).join(', ')}`);
  lines.push(`  done in ${d.elapsed_s.toFixed(1)} s`);
  return lines.join('\n');
}
