/**
 * `nusphere gain`: gain-region analysis of a profile (PHYSICS.md §6) with the engine's charged-current
 * heating and cooling (lib/supernova/rates.ts), under a light bulb or the engine's own transport
 * solution (analytic EOS → opacities → discrete-ordinates transport, as `nusphere demo` runs it).
 * @internal
 * @module
 */

import { Command, Option } from 'commander';

import { km_cm } from '../core/constants';
import { resolveProfile } from '../scenario/profiles';
import { computeProfileOpacities } from '../neutrinosphere';
import { transport } from '../transport';
import { gainAnalysis, gainSummary, type GainAnalysis, type GainSummary, type ProfileRadiation } from '../supernova/rates';
import { progressBar } from './progress';

type Helpers = {
  parseNumber: (field: string) => (v: string) => number;
  out: (json: boolean, obj: unknown, text: () => string) => void;
};

interface GainCliOptions {
  profile: string;
  source: string;
  lnue: number;
  lanue: number;
  tnue: number;
  tanue: number;
  rnuKm: number;
  massMsun: number;
  json?: boolean;
  quiet?: boolean;
  threads?: number;
}

/** The JSON contract of `nusphere gain --json`. */
export interface GainCliResult extends GainSummary {
  source: 'lightbulb' | 'transport';
  L_ergs: { nue: number; anue: number };
  zones: { r_km: number[]; heating_MeVs: number[]; cooling_MeVs: number[] };
}

function toCli(source: GainCliResult['source'], g: GainAnalysis): GainCliResult {
  return {
    source,
    ...gainSummary(g),
    L_ergs: g.L_ergs,
    zones: { r_km: Array.from(g.zones.r_cm, (r) => r / km_cm), heating_MeVs: Array.from(g.zones.heating_MeVs), cooling_MeVs: Array.from(g.zones.cooling_MeVs) },
  };
}

function text(r: GainCliResult): string {
  const f = (x: number | null, d: number, unit: string) => (x === null ? 'n/a' : `${x.toFixed(d)}${unit}`);
  const e = (x: number | null, unit: string) => (x === null ? 'n/a' : `${x.toExponential(3)}${unit}`);
  return [
    `nusphere gain — CC heating and cooling from the engine's opacities (${r.source === 'lightbulb' ? 'light bulb' : 'transport solution'})`,
    `  L_nue = ${r.L_ergs.nue.toExponential(3)} erg/s, L_anue = ${r.L_ergs.anue.toExponential(3)} erg/s${r.source === 'transport' ? ' (at the gain radius)' : ''}`,
    `  gain radius      ${r.gain_radius_km === null ? 'none (cooling wins everywhere inside the shock)' : f(r.gain_radius_km, 1, ' km')}`,
    `  shock radius     ${r.shock_radius_km === null ? 'not found (no velocity jump)' : f(r.shock_radius_km, 1, ' km')}`,
    `  gain mass        ${e(r.gain_mass_msun, ' Msun')}`,
    `  net heating      ${e(r.net_heating_ergs, ' erg/s')}  (efficiency ${r.heating_efficiency === null ? 'n/a' : (100 * r.heating_efficiency).toFixed(2) + ' %'})`,
    `  t_adv            ${f(r.t_adv_s === null ? null : r.t_adv_s * 1e3, 2, ' ms')}`,
    `  t_heat           ${f(r.t_heat_s === null ? null : r.t_heat_s * 1e3, 2, ' ms')}`,
    `  t_adv/t_heat     ${f(r.ratio, 3, '')}${r.ratio === null ? '' : r.ratio > 1 ? '  (> 1: runaway expected)' : '  (< 1: no runaway)'}`,
  ].join('\n');
}

/** Registers `nusphere gain` on the program. */
export function registerGain(p: Command, h: Helpers): void {
  p.command('gain')
    .description('gain region of a profile: gain radius, gain mass, net heating, efficiency, advection and heating times (PHYSICS.md §6)')
    .requiredOption('--profile <file>', 'builtin:postbounce, builtin:pochik2025, or a profile file (columns with units header, JSON, HDF5, GR1D directory)')
    .addOption(new Option('--source <kind>', 'radiation field').choices(['lightbulb', 'transport']).default('lightbulb'))
    .option('--lnue <L>', 'light bulb: nue luminosity [erg/s]', h.parseNumber('lnue'), 1e52)
    .option('--lanue <L>', 'light bulb: anue luminosity [erg/s]', h.parseNumber('lanue'), 1e52)
    .option('--tnue <T>', 'light bulb: nue Fermi-Dirac temperature (eta = 0) [MeV]', h.parseNumber('tnue'), 4)
    .option('--tanue <T>', 'light bulb: anue Fermi-Dirac temperature (eta = 0) [MeV]', h.parseNumber('tanue'), 6)
    .option('--rnu-km <R>', 'light bulb: neutrinosphere radius [km], inside the profile\'s inner radius', h.parseNumber('rnu-km'), 30)
    .option('--mass-msun <M>', 'enclosed mass for G M/r in the gain-layer energy [Msun]', h.parseNumber('mass-msun'), 1.4)
    .addOption(new Option('--threads <n>', 'OpenMP threads (transport)').argParser(h.parseNumber('threads')))
    .option('--quiet', 'no progress bar')
    .option('--json', 'machine-readable output')
    .action(async (o: GainCliOptions) => {
      const profile = await resolveProfile(o.profile);
      let field: ProfileRadiation;
      if (o.source === 'transport') {
        const bar = progressBar('transport', o.quiet || o.json);
        try {
          const op = await computeProfileOpacities(profile);
          const tr = await transport(profile, op, { method: 'do', threads: o.threads, onProgress: bar.onProgress });
          field = { kind: 'transport', result: tr, bin_edges_MeV: op.bin_edges_MeV };
        } finally {
          bar.stop();
        }
      } else {
        const R_nu_cm = o.rnuKm * km_cm;
        field = {
          kind: 'lightbulb',
          nue: { L_ergs: o.lnue, T_MeV: o.tnue, R_nu_cm },
          anue: { L_ergs: o.lanue, T_MeV: o.tanue, R_nu_cm },
        };
      }
      const g = gainAnalysis(profile, field, { mass_msun: o.massMsun });
      const r = toCli(o.source === 'transport' ? 'transport' : 'lightbulb', g);
      h.out(!!o.json, r, () => text(r));
    });
}
