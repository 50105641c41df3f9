/**
 * The `nusphere` command line. Every command that prints results has `--json` (a contract other tools
 * script against); errors print `nusphere: CODE: message` and exit with code 2 (bad input) or 1.
 * @internal
 * @module
 */
import { Command, CommanderError, Option } from 'commander';

import { NusphereError } from '../core/errors';
import { info, version } from '../core/info';
import { fermiDirac } from '../core/fermi-dirac';
import { progressBar } from './progress';
import { runDemo, demoText } from './demo';
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
    .description('the built-in demonstration: neutrinospheres, transport and the gain radius of a real post-bounce model (offline)')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'no progress bar')
    .addOption(new Option('--threads <n>', 'OpenMP threads').argParser(parseNumber('threads')))
    .action(async (o: { json?: boolean; quiet?: boolean; threads?: number }) => {
      const bar = progressBar('demo', o.quiet || o.json);
      let d;
      try {
        d = await runDemo({ threads: o.threads, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      out(!!o.json, d, () => demoText(d));
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
