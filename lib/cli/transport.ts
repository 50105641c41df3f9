/**
 * CLI commands on profiles: `spheres` (neutrinosphere radii per species and energy).
 * @internal
 * @module
 */
import { Command } from 'commander';

import { InvalidInputError } from '../core/errors';
import { loadProfile } from '../io/profile';
import { loadProfileOpacities, neutrinospheres } from '../neutrinosphere';
import { writeLineChart } from '../plot';
import { SPECIES } from '../opacity';

type Helpers = {
  parseNumber: (field: string) => (v: string) => number;
  out: (json: boolean, obj: unknown, text: () => string) => void;
};

export function registerTransport(p: Command, h: Helpers): void {
  p.command('spheres')
    .description('neutrinosphere radii R_nu(E) per species: transport, energy and number spheres (PHYSICS.md §4)')
    .requiredOption('--profile <file>', 'profile: columns with a units header, JSON, HDF5, or a GR1D output directory')
    .option('--opacities <file>', 'opacities on the profile: JSON/HDF5 with bin_edges_MeV, kappa_a_cm, kappa_s_cm, eta [species][zone][group]')
    .option('--tau <tau>', 'optical depth defining the sphere', h.parseNumber('tau'), 2 / 3)
    .option('--svg <file>', 'write an SVG plot of R_nu(E)')
    .option('--json', 'machine-readable output')
    .action(async (o: { profile: string; opacities?: string; tau: number; svg?: string; json?: boolean }) => {
      const profile = await loadProfile(o.profile);
      if (!o.opacities) throw new InvalidInputError('--opacities: required until the built-in opacities land on profiles (issue 3)', 'opacities');
      const op = await loadProfileOpacities(o.opacities, profile.r_cm.length);
      const r = neutrinospheres(profile, op, { tauTarget: o.tau });
      const spheres: Record<string, unknown> = {};
      for (const s of SPECIES) {
        const x = r.spheres[s];
        spheres[s] = { transport_km: x.transport_km, energy_km: x.energy_km, number_km: x.number_km, mean_transport_km: x.mean_transport_km, mean_energy_km: x.mean_energy_km };
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
          ...SPECIES.map((s) => `  ${s}: mean transport ${fmt(r.spheres[s].mean_transport_km)}, mean energy ${fmt(r.spheres[s].mean_energy_km)}, number ${fmt(r.spheres[s].number_km)}`),
          ...(o.svg ? [`  plot: ${o.svg}`] : []),
        ].join('\n'),
      );
    });
}
