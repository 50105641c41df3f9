/**
 * Supernova-engine benchmarks (JSON in bench/results/supernova-*.json): one stationary accretion
 * solution at 1000 and 4000 RK4 steps, one critical-luminosity point, the built-in post-bounce model,
 * and the built-in scenario (the demo pipeline, without files). The accretion solver is plain
 * TypeScript on one thread; the scenario's opacities and transport are native. BENCH_QUICK=1 runs each
 * once.
 */
import * as path from 'node:path';

import { info } from '../lib/core/info';
import { medianSeconds, writeResult } from './timing';
import { criticalLuminosity, solveAccretion, type AccretionParams } from '../lib/supernova/accretion';
import { postbounceModel } from '../lib/supernova/postbounce';
import { loadScenario } from '../lib/scenario/schema';
import { runScenario } from '../lib/scenario/run';

const quick = process.env.BENCH_QUICK === '1';
const reps = quick ? 1 : 3;

const timeIt = (fn: () => Promise<unknown> | unknown) => medianSeconds(fn, reps, 0);

async function main() {
  const p: AccretionParams = { mass_msun: 1.4, rpns_km: 30, mdot_msun_s: 0.3, L_nue_ergs: 1e52, L_anue_ergs: 1e52, T_nue_MeV: 4, T_anue_MeV: 6 };
  const acc1000 = await timeIt(() => solveAccretion({ ...p, steps: 1000 }));
  const acc4000 = await timeIt(() => solveAccretion({ ...p, steps: 4000 }));
  const crit = await timeIt(() => criticalLuminosity({ ...p, steps: 1000 }, { rtol: 1e-3 }));
  const model = await timeIt(() => postbounceModel());
  const deck = loadScenario(path.resolve(__dirname, '..', '..', 'scenarios', 'postbounce.json'));
  const scenario = await timeIt(() => runScenario(deck));
  const result = {
    name: 'supernova',
    date: new Date().toISOString(),
    quick,
    build: { isa: info().isa.selected, threads_all: info().openmp.maxThreads },
    accretion_solution: { seconds_1000_steps: acc1000, seconds_4000_steps: acc4000, note: 'shock-radius scan (48 trial radii) + Brent, plain TS, one thread' },
    critical_point: { seconds: crit, rtol: 1e-3, steps: 1000 },
    postbounce_model_seconds: model,
    demo_scenario_seconds: scenario,
  };
  writeResult(result);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
