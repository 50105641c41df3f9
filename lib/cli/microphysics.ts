/**
 * CLI commands of the microphysics: `eos`, `opacity`, `table build`. The JSON shapes are a contract
 * other tools script against (issue 3).
 * @internal
 * @module
 */
import * as fs from 'node:fs';

import { Command } from 'commander';

import { sigma0_cm2, sigma0_legacy_cm2 } from '../core/constants';
import { NusphereError, InvalidInputError, IoError } from '../core/errors';
import { analyticEos, fractionWithin, midCellErrors, tabulateEos, TableEos, writeStellarCollapse, type Eos } from '../eos';
import { provenance } from '../core/provenance';
import { opacities, SPECIES, type Species, type ThermoState } from '../opacity';
import { OpacityTable, DEFAULT_TABLE_CONFIG, tableBytes, type TableConfig } from '../opacity/table';
import { parseRange } from '../supernova/critical';
import { progressBar } from './progress';

type Helpers = {
  parseNumber: (field: string) => (v: string) => number;
  out: (json: boolean, obj: unknown, text: () => string) => void;
};

function list(field: string) {
  return (v: string): number[] =>
    v.split(',').map((x, i) => {
      const n = Number(x);
      if (x.trim() === '' || !Number.isFinite(n)) throw new InvalidInputError(`--${field}: element ${i} ('${x}') is not a finite number`, field);
      return n;
    });
}

function arr(a: Float64Array | undefined): number[] | undefined {
  return a ? Array.from(a) : undefined;
}

/** A table axis: start:stop:count or a comma list (parseRange), strictly increasing. */
function tableAxis(v: string, field: string): number[] {
  const a = parseRange(v, field);
  if (a.length < 2 || a.some((x, i) => i > 0 && !(x > a[i - 1]))) throw new InvalidInputError(`--${field}: needs at least 2 strictly increasing values, got '${v}'`, field);
  return a;
}

/** --sigma0: 'legacy' or a number of cm². */
function sigma0Option(v: string | undefined): number | 'legacy' | undefined {
  if (v === undefined || v === 'legacy') return v;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidInputError(`--sigma0: expected 'legacy' or a number of cm^2, got '${v}'`, 'sigma0');
  return x;
}

async function eosFrom(path: string | undefined): Promise<Eos> {
  return path ? TableEos.load(path) : analyticEos;
}

export function registerMicrophysics(p: Command, h: Helpers): void {
  p.command('eos')
    .description('thermodynamic state at (rho, T, Ye): built-in analytic EOS or a stellarcollapse.org table')
    .requiredOption('--rho <g/cm3>', 'density [g cm^-3]', h.parseNumber('rho'))
    .requiredOption('--temp <MeV>', 'temperature [MeV]', h.parseNumber('temp'))
    .requiredOption('--ye <Ye>', 'electron fraction', h.parseNumber('ye'))
    .option('--table <file>', 'stellarcollapse.org HDF5 EOS table (default: the built-in analytic EOS)')
    .option('--json', 'machine-readable output')
    .action(async (o: { rho: number; temp: number; ye: number; table?: string; json?: boolean }) => {
      const eos = await eosFrom(o.table);
      const s = eos.evaluate(o.rho, o.temp, o.ye);
      h.out(!!o.json, { eos: eos.kind, ...s }, () =>
        [
          `EOS (${eos.kind}) at rho = ${o.rho} g/cm^3, T = ${o.temp} MeV, Ye = ${o.ye}`,
          `  P = ${s.P_dyncm2.toExponential(6)} dyn/cm^2, e = ${s.e_ergg.toExponential(6)} erg/g, s = ${s.s_kB.toFixed(4)} kB/baryon`,
          `  mu_e = ${s.mu_e_MeV.toFixed(4)} MeV, muhat = ${s.muhat_MeV.toFixed(4)} MeV, mu_nue = ${s.mu_nue_MeV.toFixed(4)} MeV`,
          `  Xn = ${s.Xn.toExponential(4)}, Xp = ${s.Xp.toExponential(4)}, Xa = ${s.Xa.toExponential(4)}, Xh = ${s.Xh.toExponential(4)}, Abar = ${s.Abar.toFixed(2)}, Zbar = ${s.Zbar.toFixed(2)}`,
          `  cs^2 = ${s.cs2_cm2s2.toExponential(4)} cm^2/s^2, gamma = ${s.gamma.toFixed(4)}`,
        ].join('\n'),
      );
      if (eos instanceof TableEos) eos.dispose();
    });

  p.command('opacity')
    .description('spectral opacities and emissivities (PHYSICS.md §3) at (rho, T, Ye) or an explicit state')
    .requiredOption('--rho <g/cm3>', 'density [g cm^-3]', h.parseNumber('rho'))
    .requiredOption('--temp <MeV>', 'temperature [MeV]', h.parseNumber('temp'))
    .requiredOption('--ye <Ye>', 'electron fraction', h.parseNumber('ye'))
    .option('--xn <X>', 'free-neutron mass fraction (explicit state)', h.parseNumber('xn'))
    .option('--xp <X>', 'free-proton mass fraction', h.parseNumber('xp'))
    .option('--xa <X>', 'alpha mass fraction', h.parseNumber('xa'))
    .option('--xh <X>', 'heavy-nucleus mass fraction', h.parseNumber('xh'))
    .option('--abar <A>', 'mean heavy-nucleus mass number', h.parseNumber('abar'))
    .option('--zbar <Z>', 'mean heavy-nucleus charge', h.parseNumber('zbar'))
    .option('--mue <MeV>', 'electron chemical potential incl. rest mass [MeV]', h.parseNumber('mue'))
    .option('--mun <MeV>', 'neutron chemical potential from m_n [MeV]', h.parseNumber('mun'))
    .option('--mup <MeV>', 'proton chemical potential from m_n [MeV]', h.parseNumber('mup'))
    .option('--energies <list>', 'neutrino energies [MeV], comma separated, increasing', list('energies'), [2, 5, 10, 20, 40])
    .option('--species <list>', 'nue,anue,nux', 'nue,anue,nux')
    .option('--preset <name>', "'default' or 'nulib'")
    .option('--ga <gA>', 'axial coupling g_A', h.parseNumber('ga'))
    .option('--sin2w <x>', 'sin^2 theta_W', h.parseNumber('sin2w'))
    .option('--sigma0 <cm2>', `σ0 [cm^2] at weak scale 1: 'legacy' (${sigma0_legacy_cm2}) or a value (default: from G_F, ${sigma0_cm2.toPrecision(5)})`)
    .option('--mref <MeV>', 'baryon mass turning rho into number densities [MeV] (default m_u)', h.parseNumber('mref'))
    .option('--weak-scale <s>', 'Higgs vev ratio v/v0 (opacity ∝ s^-4)', h.parseNumber('weak-scale'))
    .option('--switch <list>', 'interaction switches name=on|off, comma separated (e.g. scattering_electrons=on,pair=off)')
    .option('--terms', 'also print each interaction term')
    .option('--table <file>', 'stellarcollapse.org EOS table for (rho, T, Ye) (default: analytic EOS)')
    .option('--json', 'machine-readable output')
    .action(async (o: Record<string, unknown>) => {
      const explicit = ['xn', 'xp', 'xa', 'xh', 'abar', 'zbar', 'mue', 'mun', 'mup'];
      const given = explicit.filter((k) => o[k] !== undefined);
      if (given.length > 0 && given.length < explicit.length) {
        const missing = explicit.filter((k) => o[k] === undefined);
        throw new InvalidInputError(`an explicit state needs all of --${explicit.join(' --')}; missing --${missing.join(' --')}`, missing[0]);
      }
      const species = String(o.species).split(',') as Species[];
      species.forEach((s) => {
        if (!SPECIES.includes(s)) throw new InvalidInputError(`--species: unknown species '${s}' (nue, anue, nux)`, 'species');
      });
      const switches: Record<string, boolean> = {};
      if (o.switch !== undefined) {
        for (const item of String(o.switch).split(',')) {
          const m = /^\s*([a-z_]+)\s*=\s*(on|off|true|false|1|0)\s*$/.exec(item);
          if (!m) throw new InvalidInputError(`--switch: expected name=on|off, got '${item}'`, 'switch');
          switches[m[1]] = m[2] === 'on' || m[2] === 'true' || m[2] === '1';
        }
      }
      const opts = {
        species,
        terms: !!o.terms,
        switches: o.switch !== undefined ? switches : undefined,
        preset: o.preset as 'default' | 'nulib' | undefined,
        gA: o.ga as number | undefined,
        sin2thetaW: o.sin2w as number | undefined,
        sigma0_cm2: sigma0Option(o.sigma0 as string | undefined),
        m_ref_MeV: o.mref as number | undefined,
        weakScale: o.weakScale !== undefined ? { s: o.weakScale as number } : undefined,
      };
      let r;
      if (given.length) {
        const state: ThermoState = {
          rho_gcc: o.rho as number, T_MeV: o.temp as number, Ye: o.ye as number,
          Xn: o.xn as number, Xp: o.xp as number, Xa: o.xa as number, Xh: o.xh as number,
          Abar: o.abar as number, Zbar: o.zbar as number,
          mu_e_MeV: o.mue as number, mu_n_MeV: o.mun as number, mu_p_MeV: o.mup as number,
        };
        r = opacities({ state }, o.energies as number[], opts);
      } else {
        const eos = await eosFrom(o.table as string | undefined);
        r = opacities({ rho_gcc: o.rho as number, T_MeV: o.temp as number, Ye: o.ye as number, eos }, o.energies as number[], opts);
        if (eos instanceof TableEos) eos.dispose();
      }
      const total: Record<string, unknown> = {};
      for (const s of species) total[s] = { kappa_a: arr(r.total[s]?.kappa_a), kappa_s: arr(r.total[s]?.kappa_s), eta: arr(r.total[s]?.eta) };
      const json: Record<string, unknown> = { energies_MeV: Array.from(r.energies_MeV), total };
      if (r.terms) {
        const terms: Record<string, Record<string, number[]>> = {};
        for (const s of species) {
          terms[s] = {};
          for (const [k, v] of Object.entries(r.terms[s] ?? {})) terms[s][k] = Array.from(v);
        }
        json.terms = terms;
      }
      json.state = r.state;
      json.params = r.params;
      h.out(!!o.json, json, () => {
        const lines = [`opacities at rho = ${r.state.rho_gcc} g/cm^3, T = ${r.state.T_MeV} MeV, Ye = ${r.state.Ye} (kappa [1/cm], eta [erg/cm^3/s/sr/MeV])`];
        for (const s of species) {
          lines.push(`  ${s}:`);
          lines.push(`    E [MeV]   ${Array.from(r.energies_MeV).map((e) => e.toPrecision(4).padStart(11)).join('')}`);
          for (const k of ['kappa_a', 'kappa_s', 'eta'] as const) {
            lines.push(`    ${k.padEnd(9)} ${Array.from(r.total[s]![k]).map((v) => v.toExponential(3).padStart(11)).join('')}`);
          }
        }
        return lines.join('\n');
      });
    });

  p.command('eos-table')
    .description('tabulate the built-in analytic EOS in the stellarcollapse.org HDF5 layout (for GR1D, NuLib, FLASH, ... or TableEos)')
    .requiredOption('--out <file>', 'output HDF5 file (written atomically)')
    .option('--logrho <a:b:n>', 'log10 rho axis [g cm^-3]: start:stop:count (default 0.05 dex)', '6:15:181')
    .option('--logtemp <a:b:n>', 'log10 T axis [MeV]: start:stop:count (default 0.05 dex)', '-1:2:61')
    .option('--ye <a:b:n>', 'Ye axis: start:stop:count (default steps of 0.01)', '0.05:0.55:51')
    .option('--accuracy', 'also measure the table against the EOS at mid-cells (every 2nd in rho and T, 3rd in Ye; docs/eos.md)')
    .option('--threads <n>', 'OpenMP threads', h.parseNumber('threads'))
    .option('--json', 'machine-readable summary')
    .option('--quiet', 'no progress bar')
    .action(async (o: { out: string; logrho: string; logtemp: string; ye: string; accuracy?: boolean; threads?: number; json?: boolean; quiet?: boolean }) => {
      const grid = { logrho: tableAxis(o.logrho, 'logrho'), logtemp: tableAxis(o.logtemp, 'logtemp'), ye: tableAxis(o.ye, 'ye') };
      const points = grid.logrho.length * grid.logtemp.length * grid.ye.length;
      if (points > 5e7) throw new InvalidInputError(`the grid has ${points} points; at most 5e7 (the reader's limit)`, 'logrho');
      const ac = new AbortController();
      const onSig = () => ac.abort();
      process.once('SIGINT', onSig);
      const bar = progressBar('eos table', o.quiet || o.json);
      const t0 = Date.now();
      let data;
      try {
        data = await tabulateEos(analyticEos, grid, { threads: o.threads, onProgress: bar.onProgress, signal: ac.signal });
      } finally {
        bar.stop();
        process.off('SIGINT', onSig);
      }
      const seconds = (Date.now() - t0) / 1000;
      const params = { eos: 'nusphere analytic EOS (PHYSICS.md §2)', logrho: o.logrho, logtemp: o.logtemp, ye: o.ye };
      await writeStellarCollapse(o.out, data, provenance(params, o.threads));
      const summary: Record<string, unknown> = { out: o.out, points, shape: [grid.logrho.length, grid.logtemp.length, grid.ye.length], tabulate_seconds: seconds, energy_shift_ergg: data.energy_shift };
      if (o.accuracy) {
        const acc: Record<string, unknown> = {};
        for (const interpolation of ['linear', 'cubic'] as const) {
          const t = TableEos.fromData(data, { interpolation });
          try {
            const e = await midCellErrors(analyticEos, t, data, { stride: [2, 2, 3], threads: o.threads });
            acc[interpolation] = { midcells: e.P.length, within_1e3: fractionWithin(e), worst: e.worst };
          } finally {
            t.dispose();
          }
        }
        summary.accuracy = acc;
      }
      h.out(!!o.json, summary, () => {
        const lines = [`wrote ${o.out}: ${grid.logrho.length} × ${grid.logtemp.length} × ${grid.ye.length} (rho, T, Ye) points in ${seconds.toFixed(1)} s`];
        const acc = summary.accuracy as Record<string, { midcells: number; within_1e3: number; worst: { P: number; e: number; s: number } }> | undefined;
        if (acc) {
          for (const [k, v] of Object.entries(acc)) {
            lines.push(`  ${k.padEnd(6)} interpolation: ${(100 * v.within_1e3).toFixed(1)}% of ${v.midcells} mid-cells within 1e-3 in P, e, s; worst P ${v.worst.P.toExponential(2)}, e ${v.worst.e.toExponential(2)}, s ${v.worst.s.toExponential(2)}`);
          }
        }
        return lines.join('\n');
      });
    });

  const table = p.command('table').description('opacity tables (NuLib HDF5 layout)');
  table
    .command('build')
    .description('build an opacity table over (rho, T, Ye, group, species) and write it in NuLib\'s HDF5 layout')
    .option('--config <file>', 'table.json: {rho_gcc, T_MeV, Ye: [values] | {min, max, n}; bin_edges_MeV: [...] | "nulib18"; sub_points; opacity: {preset, switches, ...}; kernels: {T_MeV, eta: [values] | {min, max, n} (log), pair: bool} for NES (and e+e- pair) kernel tables}')
    .requiredOption('--out <file>', 'output HDF5 file (written atomically)')
    .option('--threads <n>', 'OpenMP threads', h.parseNumber('threads'))
    .option('--max-mib <MiB>', 'refuse tables needing more memory than this', h.parseNumber('max-mib'), 8192)
    .option('--json', 'machine-readable summary')
    .option('--quiet', 'no progress bar')
    .action(async (o: { config?: string; out: string; threads?: number; maxMib: number; json?: boolean; quiet?: boolean }) => {
      let config: TableConfig = { ...DEFAULT_TABLE_CONFIG };
      if (o.config) {
        let text: string;
        try {
          text = fs.readFileSync(o.config, 'utf8');
        } catch (e) {
          throw new IoError(`--config: cannot read ${o.config}: ${(e as Error).message}`, 'config', e);
        }
        try {
          config = { ...config, ...JSON.parse(text) };
        } catch (e) {
          throw new InvalidInputError(`--config: ${o.config} is not valid JSON: ${(e as Error).message}`, 'config', e);
        }
      }
      const bytes = tableBytes(config);
      const bar = progressBar('table', o.quiet || o.json);
      const t0 = Date.now();
      let t: OpacityTable;
      const ac = new AbortController();
      const onSig = () => ac.abort();
      process.once('SIGINT', onSig);
      try {
        t = await OpacityTable.build(config, { threads: o.threads, onProgress: bar.onProgress, maxBytes: o.maxMib * 1048576, signal: ac.signal });
      } finally {
        bar.stop();
        process.off('SIGINT', onSig);
      }
      const buildSeconds = (Date.now() - t0) / 1000;
      try {
        await t.save(o.out);
      } finally {
        t.dispose();
      }
      const d = { out: o.out, build_seconds: buildSeconds, memory_MiB: bytes / 1048576, provenance: t.provenance };
      h.out(!!o.json, d, () => `wrote ${o.out}: table built in ${buildSeconds.toFixed(1)} s (${(bytes / 1048576).toFixed(0)} MiB in memory)`);
    });
}

export { NusphereError };
