/**
 * Transport benchmarks (JSON in bench/results/transport-*.json): DO solve of 200 zones × 24 groups ×
 * 3 species on 1 and all threads; the native formal solution (one iteration of the solver) vs the
 * plain-TS formal solution of the same size. BENCH_QUICK=1 shrinks the repetitions.
 */

import { native } from '../lib/native/loader';
import { info } from '../lib/core/info';
import { medianSeconds, writeResult } from './timing';
import { formalSolutionTs } from './baseline/formal-solution';

const quick = process.env.BENCH_QUICK === '1';
const reps = quick ? 1 : 3;

function problem(N: number, G: number) {
  const r = Float64Array.from({ length: N + 1 }, (_, i) => 2e6 * Math.pow(50, i / N));
  const ka = new Float64Array(N * G), ks = new Float64Array(N * G), eta = new Float64Array(N * G);
  for (let k = 0; k < N; k++)
    for (let g = 0; g < G; g++) {
      const rho = 1e12 * (2e6 / r[k]) ** 4, E = 2 + 3 * g;
      ka[k * G + g] = 2e-7 * (rho / 1e12) * E * E;
      ks[k * G + g] = 8e-7 * (rho / 1e12) * E * E;
      eta[k * G + g] = (ka[k * G + g] * E ** 3) / (Math.exp(E / 4) + 1);
    }
  return { r_cm: r, groups: G, kappa_a: ka, kappa_s: ks, eta, inner: 'thermal', core_intensity: new Float64Array(G).fill(1) };
}

const timeIt = (fn: () => Promise<unknown> | unknown) => medianSeconds(fn, reps, 1);

async function main() {
  const N = 200, G = 24;
  const pr = problem(N, G);
  const all = info().openmp.maxThreads;
  let iterations = 0;
  const solve3 = (threads: number) => async () => {
    for (let s = 0; s < 3; s++) iterations = (await native().transportDo(pr, { threads })).iterations;
  };
  const t1 = await timeIt(solve3(1));
  const tN = await timeIt(solve3(all));
  // one formal solution natively: the solver stopped after its first sweep
  const fsNative = await timeIt(() => native().transportDo(pr, { threads: 1, tolerance: 1e300 }));
  const chi = pr.kappa_a.map((a, i) => a + pr.kappa_s[i]);
  const fsTs = await timeIt(() => formalSolutionTs(pr.r_cm, G, chi, pr.eta, pr.eta, pr.core_intensity));
  // Monte Carlo packet throughput on the same problem (one species)
  const mc = await native().transportMc(pr, { threads: all, packets: quick ? 2000 : 20000, seed: 1 });
  const result = {
    name: 'transport',
    date: new Date().toISOString(),
    quick,
    build: { isa: info().isa.selected, threads_all: all },
    do_solve: { zones: N, groups: G, species: 3, iterations, seconds_1_thread: t1, seconds_all_threads: tN, speedup_all_vs_1: t1 / tN },
    monte_carlo: { packets: mc.stats.packets, seconds: mc.stats.seconds, threads: mc.stats.threads, packets_per_s: mc.stats.packets / mc.stats.seconds, packets_per_s_per_thread: mc.stats.packets / mc.stats.seconds / mc.stats.threads, flight_segments_per_packet: mc.stats.steps / mc.stats.packets },
    formal_solution: { native_seconds: fsNative, ts_seconds: fsTs, native_vs_ts: fsTs / fsNative, note: 'native: one solver iteration (geometry, weights, one sweep, two moment solves); TS: geometry, weights, one sweep' },
  };
  writeResult(result);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
