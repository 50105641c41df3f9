/**
 * CLI commands on profiles: `spheres` (neutrinosphere radii per species and energy).
 * @internal
 * @module
 */
import { Command } from 'commander';

import { resolveProfile } from '../scenario/profiles';
import { loadProfileOpacities, neutrinospheres, computeProfileOpacities } from '../neutrinosphere';
import { OpacityTable } from '../opacity/table';
import type { ProfileData } from '../io/profile';
import { writeLineChart } from '../plot';
import { SPECIES } from '../opacity';
import { transport, type TransportMethod } from '../transport';
import { writeTransportHdf5 } from '../transport/output';
import { info } from '../core/info';
import { progressBar } from './progress';

async function profileOpacities(profile: ProfileData, o: { opacities?: string; opacityTable?: string; preset?: string }) {
  if (o.opacities) return loadProfileOpacities(o.opacities, profile.r_cm.length);
  if (o.opacityTable) {
    const t = await OpacityTable.load(o.opacityTable);
    try {
      return await computeProfileOpacities(profile, { table: t, clamp: true });
    } finally {
      t.dispose();
    }
  }
  return computeProfileOpacities(profile, { opacity: o.preset ? { preset: o.preset as 'nulib' } : undefined });
}

type Helpers = {
  parseNumber: (field: string) => (v: string) => number;
  out: (json: boolean, obj: unknown, text: () => string) => void;
};

export function registerTransport(p: Command, h: Helpers): void {
  p.command('spheres')
    .description('neutrinosphere radii R_nu(E) per species: transport, energy and number spheres (PHYSICS.md §4)')
    .requiredOption('--profile <file>', 'profile: builtin:postbounce, builtin:pochik2025, or a file (columns with a units header, JSON, HDF5) or a GR1D output directory')
    .option('--opacities <file>', 'opacities on the profile: JSON/HDF5 with bin_edges_MeV, kappa_a_cm, kappa_s_cm, eta [species][zone][group] (default: the engine\'s own, from the analytic EOS)')
    .option('--opacity-table <file>', 'interpolate opacities from a NuLib-layout table instead')
    .option('--preset <name>', "opacity preset for the engine's own opacities: default | nulib")
    .option('--tau <tau>', 'optical depth defining the sphere', h.parseNumber('tau'), 2 / 3)
    .option('--svg <file>', 'write an SVG plot of R_nu(E)')
    .option('--json', 'machine-readable output')
    .action(async (o: { profile: string; opacities?: string; opacityTable?: string; preset?: string; tau: number; svg?: string; json?: boolean }) => {
      const profile = await resolveProfile(o.profile);
      const op = await profileOpacities(profile, o);
      const r = neutrinospheres(profile, op, { tauTarget: o.tau });
      const spheres: Record<string, unknown> = {};
      for (const s of SPECIES) {
        const x = r.spheres[s];
        spheres[s] = { transport_km: x.transport_km, energy_km: x.energy_km, number_km: x.number_km, number_mean_km: x.number_mean_km, mean_transport_km: x.mean_transport_km, mean_energy_km: x.mean_energy_km };
      }
      if (o.svg) {
        await writeLineChart(o.svg, {
          title: `Neutrinosphere radii (tau = ${o.tau.toPrecision(3)})`,
          x: { label: 'neutrino energy E [MeV]', log: true },
          y: { label: 'transport sphere R_nu(E) [km]' },
          series: SPECIES.map((s) => ({ name: s, x: r.energies_MeV, y: r.spheres[s].transport_km })),
        });
      }
      const fmt = (v: number | null) => (v === null ? 'below inner boundary' : v.toFixed(2));
      h.out(!!o.json, { energies_MeV: Array.from(r.energies_MeV), spheres }, () =>
        [
          `neutrinospheres of ${o.profile} (tau = ${o.tau.toPrecision(3)}; radii in km)`,
          ...SPECIES.map((s) => `  ${s}: mean transport ${fmt(r.spheres[s].mean_transport_km)}, mean energy ${fmt(r.spheres[s].mean_energy_km)}, number (spectrum) ${fmt(r.spheres[s].number_mean_km)}`),
          ...(o.svg ? [`  plot: ${o.svg}`] : []),
        ].join('\n'),
      );
    });

  p.command('transport')
    .description('steady-state neutrino transport on a profile: discrete ordinates + VEF (do), Monte Carlo (mc), leakage')
    .requiredOption('--profile <file>', 'profile: builtin:postbounce, builtin:pochik2025, or a file (columns with a units header, JSON, HDF5) or a GR1D output directory')
    .option('--opacities <file>', 'opacities on the profile: JSON/HDF5 with bin_edges_MeV, kappa_a_cm, kappa_s_cm, eta [species][zone][group] (default: the engine\'s own, from the analytic EOS)')
    .option('--opacity-table <file>', 'interpolate opacities from a NuLib-layout table instead')
    .option('--preset <name>', "opacity preset for the engine's own opacities: default | nulib")
    .option('--method <m>', 'do | mc | leakage', 'do')
    .option('--inner <kind>', 'inner boundary: thermal | reflecting | vacuum', 'thermal')
    .option('--threads <n>', 'OpenMP threads', h.parseNumber('threads'))
    .option('--out <file>', 'write per-group arrays and provenance to HDF5')
    .option('--quiet', 'no progress bar')
    .option('--json', 'machine-readable output')
    .action(async (o: { profile: string; opacities?: string; opacityTable?: string; preset?: string; method: string; inner: string; threads?: number; out?: string; quiet?: boolean; json?: boolean }) => {
      const profile = await resolveProfile(o.profile);
      const op = await profileOpacities(profile, o);
      const bar = progressBar(`transport (${o.method})`, o.quiet || o.json);
      let r;
      try {
        r = await transport(profile, op, { method: o.method as TransportMethod, innerBoundary: o.inner as 'thermal', threads: o.threads, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      if (o.out) {
        const i = info();
        await writeTransportHdf5(o.out, r, { nusphere: i.version, isa: i.isa.selected, threads: o.threads ?? i.openmp.maxThreads, profile: o.profile, opacities: o.opacities, inner: o.inner });
      }
      const zones: Record<string, unknown> = { r_cm: Array.from(r.zones.r_cm) };
      for (const s of SPECIES) {
        const z = r.zones[s];
        zones[s] = { E_ergcc: Array.from(z.E_ergcc), F_ergcm2s: Array.from(z.F_ergcm2s), L_ergs: Array.from(z.L_ergs), fluxFactor: Array.from(z.fluxFactor) };
      }
      h.out(!!o.json, { summary: r.summary, zones, iterations: r.iterations, conservation: r.conservation }, () =>
        [
          `transport (${r.method}) on ${o.profile}: ${r.iterations} formal solutions`,
          ...SPECIES.map((s) => `  ${s}: L = ${r.summary[s].L_ergs.toExponential(4)} erg/s, <E> = ${r.summary[s].meanE_MeV.toFixed(3)} MeV, rms E = ${r.summary[s].rmsE_MeV.toFixed(3)} MeV`),
          ...(o.out ? [`  per-group arrays: ${o.out}`] : []),
        ].join('\n'),
      );
    });
}
