/**
 * Opacity benchmarks (JSON in bench/results/opacity-*.json), one run:
 *  - cost of the full default interaction set (CC absorption, elastic scattering, pair and
 *    bremsstrahlung emission; no inelastic kernels) per (point × group × species) on one thread,
 *    timed inside the native call (compute_opacities_all: the three species of a point together, as
 *    `opacities()` does) without EOS and N-API, over 2000 states × 18 energies × 3 species;
 *  - the same table built on 1 and on all threads (speed-up);
 *  - native vs plain-TS νe n absorption on 20000 energies;
 *  - the time to build the default 82 × 65 × 51 × 18-group × 3-species table (BENCH_FULL=1, or
 *    unless BENCH_QUICK=1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { info } from '../lib/core/info';
import { native } from '../lib/native/loader';
import { OpacityTable, DEFAULT_TABLE_CONFIG } from '../lib/opacity/table';
import { ccAbsorptionTs } from './baseline/cc-absorption';

const quick = process.env.BENCH_QUICK === '1';

async function timeBuild(n: number, sub: number, threads: number): Promise<number> {
  const cfg = { rho_gcc: { min: 1e8, max: 1e14, n }, T_MeV: { min: 0.5, max: 50, n }, Ye: { min: 0.05, max: 0.5, n: 10 }, bin_edges_MeV: 'nulib18' as const, sub_points: sub };
  const best: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    const t = await OpacityTable.build(cfg, { threads });
    best.push(Number(process.hrtime.bigint() - t0) / 1e9);
    t.dispose();
  }
  return Math.min(...best);
}

async function main() {
  const n = quick ? 8 : 20;
  const points = n * n * 10;
  const all = info().openmp.maxThreads;
  // one thread: time inside compute_opacities, 18 group-centre energies × 3 species per state, over
  // states spread across the default table's range (the analytic EOS provides the states)
  const { analyticEos } = await import('../lib/eos/index.js');
  const Eg = Float64Array.from({ length: 18 }, (_, g) => 1 + g * 15);
  let ns = 0, elements = 0;
  const nS = quick ? 200 : 2000;
  for (let i = 0; i < nS; i++) {
    const rho = 10 ** (8 + (6 * ((i * 37) % nS)) / nS), T = 10 ** (-0.3 + (1.9 * ((i * 53) % nS)) / nS), Y = 0.05 + (0.45 * ((i * 71) % nS)) / nS;
    const s = analyticEos.evaluate(rho, T, Y);
    const st = { rho_gcc: rho, T_MeV: T, Ye: Y, Xn: s.Xn, Xp: s.Xp, Xa: s.Xa, Xh: s.Xh, Abar: s.Abar, Zbar: s.Zbar, mu_e_MeV: s.mu_e_MeV, mu_n_MeV: s.mu_n_MeV, mu_p_MeV: s.mu_p_MeV };
    ns += native().opacityCompute(st, ['nue', 'anue', 'nux'], Eg, {}, false).kernelNs;
    elements += 54;
  }
  const per1 = ns / elements;
  // threads: the same table built on 1 and on all threads
  const t1 = await timeBuild(n, 4, 1), tN = await timeBuild(n, 4, all);
  // CC absorption: native vs TS on many energies
  const N = 20000;
  const E = Float64Array.from({ length: N }, (_, i) => 1 + i * 0.01);
  const st = { rho_gcc: 1e11, T_MeV: 5, Ye: 0.3, Xn: 0.6, Xp: 0.3, Xa: 0.1, Xh: 0, Abar: 56, Zbar: 26, mu_e_MeV: 10, mu_n_MeV: 2, mu_p_MeV: 0 };
  const only = { absorption_nucleons: true, nucleon_blocking_absorption: false, scattering_nucleons: false, scattering_heavy: false, scattering_alpha: false, pair: false, bremsstrahlung: false };
  const reps = quick ? 5 : 30;
  // native: the absorption term on its own (kernel time measured inside C++)
  let kernelNs = 0;
  native().opacityTerm('absorption_nucleons', st, 'nue', E, { switches: only });
  let t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) kernelNs += native().opacityTerm('absorption_nucleons', st, 'nue', E, { switches: only }).kernelNs;
  const nativeWall = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
  const nativeKernel = kernelNs / 1e9 / reps;
  const out = new Float64Array(N);
  ccAbsorptionTs(1e11, 0.6, 5, 10, 2, E, out);
  t0 = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) ccAbsorptionTs(1e11, 0.6, 5, 10, 2, E, out);
  const ts = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
  const nat = native().opacityTerm('absorption_nucleons', st, 'nue', E, { switches: only }).values;
  let maxRel = 0;
  for (let i = 0; i < N; i++) if (nat[i] > 0) maxRel = Math.max(maxRel, Math.abs(out[i] / nat[i] - 1));
  let fullTable: number | undefined, fullTableIntegrated: number | undefined;
  if (!quick || process.env.BENCH_FULL === '1') {
    let t = process.hrtime.bigint();
    const tb = await OpacityTable.build({ ...DEFAULT_TABLE_CONFIG, sub_points: 0 }, { threads: all });
    fullTable = Number(process.hrtime.bigint() - t) / 1e9;
    tb.dispose();
    // the default configuration: every group integrated over its bin with 4 Gauss points
    t = process.hrtime.bigint();
    const ti = await OpacityTable.build({ ...DEFAULT_TABLE_CONFIG }, { threads: all });
    fullTableIntegrated = Number(process.hrtime.bigint() - t) / 1e9;
    ti.dispose();
  }
  const result = {
    name: 'opacity',
    date: new Date().toISOString(),
    quick,
    build: { isa: info().isa.selected, threads_all: all },
    default_set_ns_per_element_1_thread: { ns: per1, elements, note: 'time inside the native call (compute_opacities_all, three species per point); default set (CC absorption, elastic scattering, pair + brems for nux), no inelastic kernels' },
    table_build_threads: { points, seconds_1_thread: t1, seconds_all_threads: tN, speedup: t1 / tN },
    cc_absorption_nue_n: { energies: N, native_kernel_s: nativeKernel, native_call_s: nativeWall, ts_s: ts, native_kernel_vs_ts: ts / nativeKernel, native_call_vs_ts: ts / nativeWall, ts_vs_native_max_rel_diff: maxRel },
    default_table_82x65x51x18x3_seconds_all_threads: fullTable,
    default_table_note: 'first number: energies at the group centres (sub_points 0); second: the default configuration, each group integrated over its bin (sub_points 4)',
    default_table_group_integrated_seconds_all_threads: fullTableIntegrated,
  };
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, `opacity-${result.date.replace(/[:.]/g, '-')}.json`), text);
  process.stdout.write(text);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
