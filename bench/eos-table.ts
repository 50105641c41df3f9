/**
 * EOS-table accuracy and speed (JSON in bench/results/eos-table-*.json), one run:
 *  - the map: the analytic EOS tabulated over ρ 1e6–10^14.5 g cm⁻³, T 0.1–100 MeV, Ye 0.05–0.55 at
 *    0.05 dex (Ye step 0.01), every 2nd mid-cell in ρ and T and every 3rd in Ye compared with the EOS
 *    itself: the share of mid-cells within 1e-3 (P, e + shift and s together) for trilinear and
 *    tricubic interpolation, per (log T, log ρ) band, and the worst error per quantity;
 *  - convergence in boxes: the worst mid-cell error as the spacing halves (0.1 → 0.0125 dex) in a
 *    smooth box and in boxes straddling the EOS's sharp transitions, which shows whether an error is
 *    the interpolation's (falls as h², h⁴) or the EOS's own structure below the cell size (does not
 *    fall until the cell resolves it);
 *  - speed: ns per table evaluation (full state with derivatives, through the batch API) for both
 *    interpolations: random points over the whole table on 1 and all threads, the same points in
 *    table order on 1 thread; the analytic EOS on the same points; the time to tabulate the map.
 * BENCH_QUICK=1 shrinks the map and the boxes for a CI smoke run.
 */
import { info } from '../lib/core/info';
import { analyticEos, EOS_TABLE_VARS, fractionWithin, midCellErrors, tabulateEos, TableEos, type EosTableData } from '../lib/eos';
import { medianSeconds, writeResult } from './timing';

const quick = process.env.BENCH_QUICK === '1';
const axis = (a: number, b: number, d: number) => Array.from({ length: Math.round((b - a) / d) + 1 }, (_, i) => a + i * d);

type Interp = 'linear' | 'cubic';
const INTERPS: Interp[] = ['linear', 'cubic'];

async function errorsOf(data: EosTableData, interpolation: Interp, stride: [number, number, number]) {
  const t = TableEos.fromData(data, { interpolation });
  try {
    return await midCellErrors(analyticEos, t, data, { stride });
  } finally {
    t.dispose();
  }
}

async function map() {
  const grid = quick
    ? { logrho: axis(9, 12, 0.05), logtemp: axis(-0.5, 1, 0.05), ye: axis(0.2, 0.5, 0.01) }
    : { logrho: axis(6, 14.5, 0.05), logtemp: axis(-1, 2, 0.05), ye: axis(0.05, 0.55, 0.01) };
  const points = grid.logrho.length * grid.logtemp.length * grid.ye.length;
  const t0 = process.hrtime.bigint();
  const data = await tabulateEos(analyticEos, grid, {});
  const tabulate_s = Number(process.hrtime.bigint() - t0) / 1e9;
  const stride: [number, number, number] = [2, 2, 3];
  const out: Record<string, unknown> = { grid: { logrho: [grid.logrho[0], grid.logrho.at(-1)], logtemp: [grid.logtemp[0], grid.logtemp.at(-1)], ye: [grid.ye[0], grid.ye.at(-1)], dex: 0.05, dye: 0.01, points }, tabulate_s, stride };
  for (const interp of INTERPS) {
    const e = await errorsOf(data, interp, stride);
    const n = e.P.length;
    const bands: Record<string, { n: number; ok: number }> = {};
    for (let i = 0; i < n; i++) {
      const good = e.P[i] <= 1e-3 && e.e[i] <= 1e-3 && e.s[i] <= 1e-3;
      const key = `logT ${(Math.floor(Math.log10(e.T_MeV[i]) * 2) / 2).toFixed(1)} | logrho ${Math.floor(Math.log10(e.rho_gcc[i]))}`;
      const b = (bands[key] ??= { n: 0, ok: 0 });
      b.n++;
      if (good) b.ok++;
    }
    out[interp] = {
      midcells: n,
      within_1e3: fractionWithin(e),
      worst: e.worst,
      bands: Object.fromEntries(Object.entries(bands).sort().map(([k, b]) => [k, +(b.ok / b.n).toFixed(3)])),
    };
  }
  return { out, data };
}

/** Boxes: [log ρ range, log T range, Ye range]; what lies inside. */
const BOXES: { name: string; logrho: [number, number]; logtemp: [number, number]; ye: [number, number] }[] = [
  { name: 'smooth: hot free nucleons', logrho: [10, 10.5], logtemp: [0.8, 1.1], ye: [0.25, 0.3] },
  { name: 'α ↔ heavy nuclei (ρ 1e8, T 0.5–1 MeV)', logrho: [7.8, 8.2], logtemp: [-0.3, 0], ye: [0.35, 0.4] },
  { name: 'α dissociation (ρ 3e11, T ≈ 3 MeV)', logrho: [11.3, 11.6], logtemp: [0.4, 0.6], ye: [0.25, 0.3] },
  { name: 'heavy-nucleus succession in Ye (T 0.1 MeV)', logrho: [9.8, 10.2], logtemp: [-1, -0.8], ye: [0.35, 0.45] },
  { name: 'nuclear-density cut (ρ 1e13.5–1e14.3)', logrho: [13.5, 14.3], logtemp: [0.2, 0.5], ye: [0.25, 0.3] },
];

async function convergence() {
  const hs = quick ? [0.1, 0.05] : [0.1, 0.05, 0.025, 0.0125];
  const res: Record<string, Record<Interp, number[]>> = {};
  for (const b of BOXES) {
    const r: Record<Interp, number[]> = { linear: [], cubic: [] };
    for (const h of hs) {
      // the box plus a margin of two cells so that the cubic stencil sits inside the table
      const grid = {
        logrho: axis(b.logrho[0] - 2 * h, b.logrho[1] + 2 * h, h),
        logtemp: axis(b.logtemp[0] - 2 * h, b.logtemp[1] + 2 * h, h),
        ye: axis(b.ye[0] - (2 * h) / 5, b.ye[1] + (2 * h) / 5, h / 5),
      };
      const data = await tabulateEos(analyticEos, grid, {});
      for (const interp of INTERPS) {
        const e = await errorsOf(data, interp, [1, 1, 1]);
        r[interp].push(Math.max(e.worst.P, e.worst.e, e.worst.s));
      }
    }
    res[b.name] = r;
  }
  return { h_dex: hs, dye_per_dex: 0.2, boxes: res };
}

async function speed(data: EosTableData) {
  const n = quick ? 20_000 : 200_000;
  const rho = new Float64Array(n), T = new Float64Array(n), Y = new Float64Array(n);
  const lr = data.logrho, lt = data.logtemp, ye = data.ye;
  for (let i = 0; i < n; i++) {
    const u = (i * 0.6180339887) % 1, v = (i * 0.7548776662) % 1, w = (i * 0.5698402910) % 1;
    rho[i] = 10 ** (lr[0] + u * (lr[lr.length - 1] - lr[0]));
    T[i] = 10 ** (lt[0] + v * (lt[lt.length - 1] - lt[0]));
    Y[i] = ye[0] + w * (ye[ye.length - 1] - ye[0]);
  }
  // the same points in table order (neighbouring points share cache lines, as along a hydro sweep)
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => Y[i] - Y[j] || T[i] - T[j] || rho[i] - rho[j]);
  const sorted = { rho_gcc: Float64Array.from(order, (i) => rho[i]), T_MeV: Float64Array.from(order, (i) => T[i]), Ye: Float64Array.from(order, (i) => Y[i]) };
  const all = info().openmp.maxThreads;
  const out: Record<string, number> = { points: n, table_MiB: (data.fields.logpress.length * EOS_TABLE_VARS.length * 8) / 2 ** 20 };
  for (const interp of INTERPS) {
    const t = TableEos.fromData(data, { interpolation: interp });
    for (const threads of [1, all]) {
      const s = await medianSeconds(() => t.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye: Y }, { threads }), 5, 1);
      out[`${interp}_random_ns_per_point_${threads}thread`] = (s * 1e9) / n;
    }
    const s = await medianSeconds(() => t.evaluateBatch(sorted, { threads: 1 }), 5, 1);
    out[`${interp}_ordered_ns_per_point_1thread`] = (s * 1e9) / n;
    t.dispose();
  }
  const a = await medianSeconds(() => analyticEos.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye: Y }, { threads: 1 }), 3, 1);
  out.analytic_ns_per_point_1thread = (a * 1e9) / n;
  return out;
}

async function main() {
  const { out: m, data } = await map();
  const result = {
    name: 'eos-table',
    date: new Date().toISOString(),
    quick,
    threads: info().openmp.maxThreads,
    map: m,
    convergence: await convergence(),
    speed: await speed(data),
  };
  writeResult(result);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
