/**
 * The `nusphere` command line. Every command that prints results has `--json` (a contract other tools
 * script against); errors print `nusphere: CODE: message` and exit with code 2 (bad input) or 1.
 * @internal
 * @module
 */
import { Command, CommanderError, Option } from 'commander';

import { NusphereError } from '../core/errors';
import { info, version } from '../core/info';
import { fermiDirac, fermiDiracAsync } from '../core/fermi-dirac';
import { progressBar } from './progress';
import { registerMicrophysics } from './microphysics';
import { registerTransport } from './transport';

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

  p.command('demo')
    .description('the built-in demonstration (for now: the Fermi–Dirac kernel on the native job system)')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'no progress bar')
    .addOption(new Option('--threads <n>', 'OpenMP threads').argParser(parseNumber('threads')))
    .action(async (o: { json?: boolean; quiet?: boolean; threads?: number }) => {
      const n = 200_000;
      const eta = new Float64Array(n);
      for (let i = 0; i < n; i++) eta[i] = -100 + (i * (1e4 + 100)) / (n - 1);
      const bar = progressBar('F_{3/2}(eta, beta=0.1)', o.quiet || o.json);
      let r;
      try {
        r = await fermiDiracAsync(1.5, eta, { beta: 0.1, threads: o.threads, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      const f1 = fermiDirac(1, 0).f;
      const exact = Math.PI ** 2 / 12;
      const summary = {
        what: 'generalized Fermi–Dirac integral F_3/2(eta, beta=0.1) on 2e5 points, eta in [-100, 1e4], as an async native job',
        points: n,
        threads: r.threads,
        isa: r.isa,
        elapsed_ms: r.elapsedMs,
        ns_per_point: (r.elapsedMs * 1e6) / n,
        check: { F1_at_0: f1, exact_pi2_over_12: exact, rel_error: Math.abs(f1 - exact) / exact },
        sample: { eta: [eta[0], eta[n / 2], eta[n - 1]], F: [r.values[0], r.values[n / 2], r.values[n - 1]] },
        note: 'the supernova demo (neutrinospheres, transport, gain region) replaces this when its modules land',
      };
      out(!!o.json, summary, () =>
        [
          'nusphere demo — Fermi–Dirac kernel on the native job system',
          `  computed F_3/2(eta, beta=0.1) at ${n} points, eta from -100 to 1e4`,
          `  ${r.threads} OpenMP thread(s), SIMD ${r.isa}: ${r.elapsedMs.toFixed(1)} ms (${summary.ns_per_point.toFixed(0)} ns/point)`,
          `  check F_1(0) = ${f1} vs pi^2/12 = ${exact} (rel. error ${summary.check.rel_error.toExponential(2)})`,
          `  F_3/2(-100) = ${r.values[0].toExponential(6)}, F_3/2(${eta[n / 2].toFixed(1)}) = ${r.values[n / 2].toExponential(6)}, F_3/2(1e4) = ${r.values[n - 1].toExponential(6)}`,
          `  (the supernova demo replaces this when the transport and gain-region modules land)`,
        ].join('\n'),
      );
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
