/**
 * The `nusphere` command line. Every command that prints results has `--json` (a contract other tools
 * script against); errors print `nusphere: CODE: message` and exit with code 2 (bad input) or 1.
 * @internal
 * @module
 */
import * as path from 'node:path';

import { Command, CommanderError, Option } from 'commander';

import { NusphereError } from '../core/errors';
import { info, version } from '../core/info';
import { fermiDirac } from '../core/fermi-dirac';
import { progressBar } from './progress';
import { runDemo, summaryText } from './demo';
import { loadScenario } from '../scenario/schema';
import { runScenario } from '../scenario/run';
import { registerMicrophysics } from './microphysics';
import { registerTransport } from './transport';
import { registerSupernova } from './supernova';
import { registerGain } from './gain';

export function parseNumber(field: string) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new NusphereError('INVALID_INPUT', `--${field}: expected a finite number, got '${v}'`, { field });
    return x;
  };
}

export function out(json: boolean, obj: unknown, text: () => string): void {
  process.stdout.write(json ? JSON.stringify(obj) + '\n' : text() + '\n');
}

/** Builds the commander program (exported for tests). */
export function program(): Command {
  const p = new Command('nusphere')
    .description('Neutrino-physics engine for supernovae and compact objects (EOS, opacities, neutrinospheres, transport).')
    .version(version())
    .showHelpAfterError()
    .exitOverride();

  p.command('info')
    .description('version, N-API, OpenMP and SIMD (ISA) of this installation')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => {
      const i = info();
      out(!!o.json, i, () =>
        [
          `nusphere ${i.version} (node ${i.node}, N-API ${i.napiVersion}, ${i.platform})`,
          `OpenMP: ${i.openmp.enabled ? `on, ${i.openmp.maxThreads} threads` : 'off'}`,
          `SIMD: ${i.isa.selected} (available: ${i.isa.available.join(', ')})${i.isa.note ? ` — ${i.isa.note}` : ''}`,
          `built with ${i.compiler}, ${i.buildType}, ${i.buildTool}`,
        ].join('\n'),
      );
    });

  p.command('fermi')
    .description('generalized Fermi–Dirac integral F_k(eta, beta) = ∫ x^k sqrt(1+beta x/2)/(exp(x-eta)+1) dx')
    .requiredOption('--k <k>', 'order: a multiple of 1/2 in [-1/2, 20]', parseNumber('k'))
    .requiredOption('--eta <eta>', 'degeneracy parameter eta = mu/T (dimensionless)', parseNumber('eta'))
    .option('--beta <beta>', 'relativity parameter beta = T/(m c^2) (dimensionless)', parseNumber('beta'), 0)
    .option('--json', 'machine-readable output')
    .action((o: { k: number; eta: number; beta: number; json?: boolean }) => {
      const v = fermiDirac(o.k, o.eta, o.beta);
      out(!!o.json, { k: o.k, eta: o.eta, beta: o.beta, F: v.f, dF_deta: v.dfDeta, dF_dbeta: v.dfDbeta }, () =>
        `F_${o.k}(eta=${o.eta}, beta=${o.beta}) = ${v.f}\n  dF/deta = ${v.dfDeta}\n  dF/dbeta = ${v.dfDbeta}`,
      );
    });

  registerMicrophysics(p, { parseNumber, out });
  registerTransport(p, { parseNumber, out });
  registerSupernova(p, { parseNumber, out });
  registerGain(p, { parseNumber, out });

  p.command('demo')
    .description('the built-in scenario (scenarios/postbounce.json): neutrinospheres, transport, gain region and critical luminosity of the built-in post-bounce model, offline')
    .option('--out <dir>', 'result folder (summary.json, result.h5, SVG plots)', 'nusphere-demo')
    .option('--no-files', 'print the summary only, write no folder')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'no progress bar')
    .addOption(new Option('--threads <n>', 'OpenMP threads').argParser(parseNumber('threads')))
    .action(async (o: { out: string; files: boolean; json?: boolean; quiet?: boolean; threads?: number }) => {
      const bar = progressBar('demo', o.quiet || o.json);
      let d;
      try {
        d = await runDemo({ threads: o.threads, outDir: o.files ? o.out : undefined, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      out(!!o.json, o.files ? { ...d, out_dir: path.resolve(o.out) } : d, () => summaryText(d) + (o.files ? `\n  in ${path.resolve(o.out)}` : ''));
    });

  p.command('run')
    .description('run a scenario deck (JSON, validated): profile → opacities → neutrinospheres → transport → gain region → critical luminosity; writes a result folder')
    .argument('<deck>', 'scenario deck (see scenarios/)')
    .option('--out <dir>', 'result folder (default: results/<name>)')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'no progress bar')
    .addOption(new Option('--threads <n>', 'OpenMP threads').argParser(parseNumber('threads')))
    .action(async (deck: string, o: { out?: string; json?: boolean; quiet?: boolean; threads?: number }) => {
      const s = loadScenario(deck);
      const dir = o.out ?? path.join('results', s.name);
      const bar = progressBar(`run ${s.name}`, o.quiet || o.json);
      let d;
      try {
        d = await runScenario(s, { threads: o.threads, outDir: dir, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      out(!!o.json, { ...d, out_dir: path.resolve(dir) }, () => summaryText(d, `nusphere run ${s.name}`) + `\n  in ${path.resolve(dir)}`);
    });
  return p;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof NusphereError) {
      process.stderr.write(`nusphere: ${e.code}${e.field ? ` (${e.field})` : ''}: ${e.message}\n`);
      return e.code === 'INVALID_INPUT' || e.code === 'OUT_OF_DOMAIN' ? 2 : 1;
    }
    throw e;
  }
}
