/**
 * Microbenchmarks (DESIGN.md rule 9): ratios measured in one run, written as JSON to
 * bench/results/<name>-<timestamp>.json and bench/results/latest.json. Never asserted in tests.
 *  - Fermi–Dirac batch: native 1 thread, native all threads, plain TS (same algorithm) → ratios;
 *    SIMD variants (scalar, avx2, avx512) on one thread.
 *  - N-API overhead: facade call vs the C++ kernel timed inside native, batches of 1, 1e3, 1e6.
 * BENCH_QUICK=1 shrinks the sizes for a CI smoke run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { fermiDiracBatch } from '../lib/core/fermi-dirac';
import { info, setIsa } from '../lib/core/info';
import { native } from '../lib/native/loader';
import { fermiDiracBatchTs } from './baseline/fermi-dirac';

const quick = process.env.BENCH_QUICK === '1';
const repeats = quick ? 3 : 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function timeMs(fn: () => void, reps = repeats): number {
  fn(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(t);
}

function etaGrid(n: number): Float64Array {
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) eta[i] = -50 + (150 * i) / Math.max(1, n - 1); // non-degenerate to degenerate
  return eta;
}

function fermiBench() {
  const n = quick ? 5_000 : 100_000;
  const eta = etaGrid(n);
  const out = new Float64Array(n);
  const beta = 0.05;
  const all = info().openmp.maxThreads;
  const nativeOne = timeMs(() => fermiDiracBatch(1.5, eta, { beta, out, threads: 1 }));
  const nativeAll = timeMs(() => fermiDiracBatch(1.5, eta, { beta, out, threads: all }));
  const tsOut = new Float64Array(n);
  const ts = timeMs(() => fermiDiracBatchTs(1.5, eta, beta, tsOut));
  let maxRel = 0;
  for (let i = 0; i < n; i++) maxRel = Math.max(maxRel, Math.abs(tsOut[i] - out[i]) / Math.abs(out[i]));
  const isas: Record<string, number> = {};
  const sel = info().isa.selected as 'scalar' | 'avx2' | 'avx512';
  for (const isa of info().isa.available as ('scalar' | 'avx2' | 'avx512')[]) {
    setIsa(isa);
    isas[isa] = (timeMs(() => fermiDiracBatch(1.5, eta, { beta, out, threads: 1 })) * 1e6) / n;
  }
  setIsa(sel);
  return {
    points: n,
    k: 1.5,
    beta,
    eta_range: [-50, 100],
    ns_per_point: { native_1_thread: (nativeOne * 1e6) / n, native_all_threads: (nativeAll * 1e6) / n, plain_ts: (ts * 1e6) / n },
    threads_all: all,
    ratios: {
      native_1_thread_vs_ts: ts / nativeOne,
      native_all_threads_vs_ts: ts / nativeAll,
      threads_all_vs_1: nativeOne / nativeAll,
    },
    simd_ns_per_point_1_thread: isas,
    simd_speedup_vs_scalar: Object.fromEntries(Object.entries(isas).map(([k, v]) => [k, isas.scalar / v])),
    ts_vs_native_max_rel_diff: maxRel,
  };
}

function napiOverhead() {
  const sizes = quick ? [1, 1000, 100_000] : [1, 1000, 1_000_000];
  const rows = [];
  for (const n of sizes) {
    const eta = etaGrid(n);
    const out = new Float64Array(n);
    const reps = n === 1 ? 20000 : n === 1000 ? 200 : 3;
    // facade call (validation + N-API + kernel), measured from JS
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) fermiDiracBatch(1.5, eta, { beta: 0.05, out, threads: 1 });
    const facadeNs = Number(process.hrtime.bigint() - t0) / reps;
    // raw binding call, measured from JS, and the kernel time measured inside C++
    let kernelNs = 0;
    const t1 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) kernelNs += native().fermiDiracBatch(1.5, eta, 0.05, out, 1).kernelNs;
    const rawNs = Number(process.hrtime.bigint() - t1) / reps;
    kernelNs /= reps;
    rows.push({
      batch: n,
      facade_ns_per_call: facadeNs,
      raw_binding_ns_per_call: rawNs,
      cpp_kernel_ns_per_call: kernelNs,
      overhead_ns_per_call: facadeNs - kernelNs,
      overhead_fraction: (facadeNs - kernelNs) / facadeNs,
    });
  }
  return rows;
}

function main() {
  const i = info();
  const result = {
    name: 'core',
    date: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    build: { isa: i.isa, openmp: i.openmp, compiler: i.compiler },
    fermi_dirac_batch: fermiBench(),
    napi_overhead: napiOverhead(),
  };
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + '\n';
  const file = path.join(dir, `core-${result.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
  fs.writeFileSync(path.join(dir, 'latest.json'), text);
  process.stdout.write(text);
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main();
