// OpacityTable.interpolateKernels: the NES (and e+e- pair) kernels of a table interpolated to any
// (T, eta_e). (1) the table's own values come back at every node; (2) between nodes the interpolant
// agrees with the direct evaluation (nesKernel, pairKernel) to a measured, second-order error, and it
// converges as the kernel grid is refined; (3) detailed balance: exact at every T for NES up-scattering,
// to the table's own consistency for pair production vs annihilation; (4) bad inputs; (5) a kernel
// table written by NuLib itself.
import * as path from 'node:path';

import { nesKernel, pairKernel, SPECIES } from '../../lib/opacity';
import { OpacityTable, type TableConfig } from '../../lib/opacity/table';
import { readNulibTable } from '../../lib/opacity/nulib-format';
import type { TableKernels } from '../../lib/opacity/kernel-interp';

const exp = Math.exp, log = Math.log, abs = Math.abs, max = Math.max;
const rel = (a: number, b: number) => abs(a - b) / max(abs(b), 1e-300);

// 6 groups, centres 1 ... 48 MeV: E + Ē up to 96 MeV, E_out − E_in up to 47 MeV
const edges = [0, 2, 4, 8, 16, 32, 64];
const centres = edges.slice(0, -1).map((e, g) => 0.5 * (e + edges[g + 1]));
const NG = centres.length, NS = 3;
const base = (n: number, pair = true, sub_points = 0): TableConfig => ({
  rho_gcc: [1e10],
  T_MeV: [2],
  Ye: [0.3],
  bin_edges_MeV: edges,
  sub_points,
  kernels: { T_MeV: { min: 0.5, max: 50, n }, eta: { min: 0.1, max: 100, n }, pair },
});
// stored index [E_out][species][E_in][eta][T] (pair: a leading channel axis) and returned [species][E_in][E_out]
const stored = (o: number, s: number, i: number, je: number, it: number, ne: number, nT: number) => (((o * NS + s) * NG + i) * ne + je) * nT + it;
const out = (s: number, i: number, o: number) => (s * NG + i) * NG + o;

test('(1) at every node of the kernel grid the table values come back (<= 1e-14 relative), pair kernels included', async () => {
  // default group integration (sub_points 4): the kernels stay at the group centres = bin midpoints
  const t = await OpacityTable.build(base(12, true, 4), { threads: 1 });
  try {
    const k = t.data().kernels!;
    const nT = k.T_MeV.length, ne = k.eta.length, N = k.phi0.length;
    expect(k.T_MeV[0]).toBe(0.5); // axis end points exactly as configured (a query at min is inside)
    expect(k.eta[0]).toBe(0.1);
    let w0 = 0, w1 = 0, checked = 0;
    for (let it = 0; it < nT; it++)
      for (let je = 0; je < ne; je++) {
        const r = t.interpolateKernels(k.T_MeV[it], k.eta[je]);
        for (let s = 0; s < NS; s++)
          for (let i = 0; i < NG; i++)
            for (let o = 0; o < NG; o++) {
              const st = stored(o, s, i, je, it, ne, nT), q = out(s, i, o);
              const pairs: [number, number, number, number][] = [
                [r.phi0[q], k.phi0[st], r.phi1[q], k.phi1[st]],
                [r.pair!.production.phi0[q], k.pair_phi0![st], r.pair!.production.phi1[q], k.pair_phi1![st]],
                [r.pair!.annihilation.phi0[q], k.pair_phi0![N + st], r.pair!.annihilation.phi1[q], k.pair_phi1![N + st]],
              ];
              for (const [a0, b0, a1, b1] of pairs) {
                w0 = max(w0, rel(a0, b0));
                w1 = max(w1, abs(a1 - b1) / max(abs(b1), 1e-300));
                checked++;
              }
            }
      }
    // eslint-disable-next-line no-console
    console.log(`nodes: ${checked} kernel values, worst relative difference phi0 ${w0.toExponential(2)}, phi1 ${w1.toExponential(2)}`);
    expect(checked).toBe(nT * ne * NS * NG * NG * 3);
    // Φ0 is the table value times exp(0) (bit for bit unless the up-scattering half was filled with a
    // different rounding); Φ1 = (Φ1/Φ0)·Φ0, one or two roundings
    expect(w0).toBeLessThanOrEqual(1e-14);
    expect(w1).toBeLessThanOrEqual(1e-14);
  } finally {
    t.dispose();
  }
});

// Between nodes. Sample points at 1/3 of every cell of the 30-point grid in ln T and ln η: in the
// 59-point grid (spacing halved, nodes nested) they sit at 2/3 of a cell, where the bilinear error
// factor t(1−t)/2 = 1/9 is the same, so a second-order error falls by exactly 4 there.
const COARSE = 30;
const BANDS = [0.1, 1, 3, 10, 30, 100];
interface BandErr { nes0: number; nes1: number; pair0: number; pair1: number }

async function measure(n: number): Promise<BandErr[]> {
  const t = await OpacityTable.build(base(n), { threads: 1 });
  const hT = log(50 / 0.5) / (COARSE - 1), hE = log(100 / 0.1) / (COARSE - 1);
  const errs = BANDS.slice(1).map(() => ({ nes0: 0, nes1: 0, pair0: 0, pair1: 0 }));
  try {
    for (let a = 0; a < COARSE - 1; a++)
      for (let b = 0; b < COARSE - 1; b++) {
        const T = 0.5 * exp((a + 1 / 3) * hT), eta = 0.1 * exp((b + 1 / 3) * hE);
        const e = errs[BANDS.findIndex((x, j) => eta >= x && eta < BANDS[j + 1])];
        const r = t.interpolateKernels(T, eta);
        for (let s = 0; s < NS; s++)
          for (let i = 0; i < NG; i++)
            for (let o = 0; o < NG; o++) {
              const q = out(s, i, o);
              const d = nesKernel(T, eta, centres[i], centres[o], SPECIES[s]);
              const p = pairKernel(T, eta, centres[i], centres[o], SPECIES[s]);
              // Φ0: |ln(interpolated/direct)| (the relative error while small); Φ1 relative to Φ0 (Φ1 changes sign)
              e.nes0 = max(e.nes0, abs(log(r.phi0[q] / d.phi0)));
              e.nes1 = max(e.nes1, abs(r.phi1[q] - d.phi1) / d.phi0);
              e.pair0 = max(e.pair0, abs(log(r.pair!.annihilation.phi0[q] / p.phi0_annihilation)), abs(log(r.pair!.production.phi0[q] / p.phi0_production)));
              e.pair1 = max(e.pair1, abs(r.pair!.annihilation.phi1[q] - p.phi1_annihilation) / p.phi0_annihilation, abs(r.pair!.production.phi1[q] - p.phi1_production) / p.phi0_production);
            }
      }
  } finally {
    t.dispose();
  }
  return errs;
}

const fmt = (e: BandErr[]) => e.map((x, j) => `  eta ${BANDS[j]}-${BANDS[j + 1]}: NES phi0 ${x.nes0.toExponential(2)}, phi1 ${x.nes1.toExponential(2)}; pair phi0 ${x.pair0.toExponential(2)}, phi1 ${x.pair1.toExponential(2)}`).join('\n');

test('(2) between nodes: second-order agreement with the direct evaluation on a 30 x 30 grid, converging as h^2', async () => {
  const e30 = await measure(COARSE), e59 = await measure(2 * COARSE - 1);
  // eslint-disable-next-line no-console
  console.log(`kernel grid T 0.5-50 MeV, eta 0.1-100, errors at 1/3 of the 30-point cells (max over 6 groups, 3 species):\n30 x 30:\n${fmt(e30)}\n59 x 59:\n${fmt(e59)}`);
  // Why these tolerances. The bilinear error at 1/3 of a cell is ≈ (1/9)(h_T² |∂²lnΦ/∂(ln T)²| +
  // h_η² |∂²lnΦ/∂(ln η)²|) with h_T = ln(100)/29 = 0.159, h_η = ln(1000)/29 = 0.238, i.e. 2.8e-3 and
  // 6.3e-3 per unit curvature. ln Φ of a kernel is a power law in T times the electrons' Fermi–Dirac
  // factors, which vary like e^{±η} (curvature ~η in ln η), so for η ≲ 3 the curvature is O(1) and the
  // error a few 1e-3 (measured 5e-3 – 2e-2), second order (4x when h halves, asserted below). The
  // Fermi surface μ_e = ηT crossing a neutrino energy (NES: E_in, E_out; pair: E + Ē) is a feature of
  // width ΔT ~ T in μ_e, i.e. Δln η ~ 1/η: for η ≳ 10 it is narrower than a cell (h_η η > 1), ln Φ
  // changes slope by up to ~η inside one cell, and the error there is first order, up to
  // ~t(1−t)·h_η·η ≈ 0.05 η in ln Φ. The e⁺e⁻ kernels feel it fully (annihilation is Pauli blocked,
  // ln Φ ≈ −η + (E+Ē)/T, beyond it): measured 0.77 at η 10–30 and 3.0 at η 30–100 (a factor e³ on a
  // kernel already suppressed by ~e^{−η}); NES much less (8e-2). NuLib's own 61-point η grid
  // (h_η = 0.115) halves these; resolving the Fermi surface up to η = 100 needs h_η ≲ 0.01.
  // Tolerances: the measured maxima (30 × 30) rounded up by ~30 %.
  // Measured (30 x 30), bands η 0.1-1, 1-3, 3-10, 10-30, 30-100:
  //   NES phi0 5.7e-3, 9.6e-3, 2.8e-2, 5.9e-2, 8.3e-2; NES phi1 4.6e-3, 8.2e-3, 1.6e-2, 4.4e-2, 6.6e-2
  //   pair phi0 (ln) 4.9e-3, 1.9e-2, 0.18, 0.77, 3.0; pair phi1 2.4e-3, 9.2e-3, 8.3e-2, 0.25, 0.64
  const tolNes0 = [7.5e-3, 1.25e-2, 3.7e-2, 7.7e-2, 0.11];
  const tolNes1 = [6e-3, 1.1e-2, 2.1e-2, 5.7e-2, 8.5e-2];
  const tolPair0 = [6.5e-3, 2.4e-2, 0.24, 1.0, 3.9];
  const tolPair1 = [3.2e-3, 1.2e-2, 0.11, 0.33, 0.85];
  e30.forEach((e, j) => {
    expect(e.nes0).toBeLessThan(tolNes0[j]);
    expect(e.nes1).toBeLessThan(tolNes1[j]);
    expect(e.pair0).toBeLessThan(tolPair0[j]);
    expect(e.pair1).toBeLessThan(tolPair1[j]);
  });
  // convergence: where the grid resolves the kernels (η < 10) the error falls by 4 when h halves
  // (measured 3.6–4.3); above, it falls more slowly (measured 1.6–3.3: the Fermi surface is not yet
  // resolved, the error is first order there until h_η η < 1)
  for (let j = 0; j < BANDS.length - 1; j++) {
    const ratios = (['nes0', 'nes1', 'pair0', 'pair1'] as const).map((k) => e30[j][k] / e59[j][k]);
    // eslint-disable-next-line no-console
    if (j === 0) console.log('error ratios 30/59 per band [nes0, nes1, pair0, pair1]:');
    // eslint-disable-next-line no-console
    console.log(`  eta ${BANDS[j]}-${BANDS[j + 1]}: ${ratios.map((x) => x.toFixed(2)).join(', ')}`);
    for (const x of ratios) {
      if (BANDS[j + 1] <= 10) {
        expect(x).toBeGreaterThan(3.3);
        expect(x).toBeLessThan(4.6);
      } else expect(x).toBeGreaterThan(1.3);
    }
  }
}, 120000);

test('(3) detailed balance: NES exactly at every T; pair production = e^{-(E+Ebar)/T} annihilation to the table consistency', async () => {
  const t = await OpacityTable.build(base(30), { threads: 1 });
  try {
    let nesWorst = 0, pairWorst = 0;
    for (const [T, eta] of [[0.61, 0.37], [1.93, 4.4], [7.7, 21.5], [33.3, 77.7], [0.5, 0.1], [50, 100]]) {
      const r = t.interpolateKernels(T, eta);
      for (let s = 0; s < NS; s++)
        for (let i = 0; i < NG; i++)
          for (let o = 0; o < NG; o++) {
            const q = out(s, i, o);
            if (o > i) {
              // Φ(E_i → E_o) = e^{−(E_o−E_i)/T} Φ(E_o → E_i) with the requested T: the up-scattering half is this fill
              const f = exp(-(centres[o] - centres[i]) / T);
              nesWorst = max(nesWorst, rel(r.phi0[q], f * r.phi0[out(s, o, i)]), abs(r.phi1[q] - f * r.phi1[out(s, o, i)]) / r.phi0[q]);
            }
            const g = exp(-(centres[i] + centres[o]) / T);
            const pr = r.pair!.production, an = r.pair!.annihilation;
            pairWorst = max(pairWorst, rel(pr.phi0[q], g * an.phi0[q]), abs(pr.phi1[q] - g * an.phi1[q]) / pr.phi0[q]);
          }
    }
    // eslint-disable-next-line no-console
    console.log(`detailed balance between nodes: NES ${nesWorst.toExponential(2)}, pair production/annihilation ${pairWorst.toExponential(2)}`);
    // NES: one multiplication by the same factor, so bit-identical
    expect(nesWorst).toBe(0);
    // pair: production and annihilation are separately interpolated quantities that agree at the nodes
    // to the table's own rounding (the native kernel writes them from one integrand, ~2e-14): the
    // interpolants agree to that level too
    expect(pairWorst).toBeLessThan(1e-13);
  } finally {
    t.dispose();
  }
});

test('(3b) interpolating the stored up-scattering half in ln T would break detailed balance between nodes', async () => {
  const t = await OpacityTable.build(base(30, false), { threads: 1 });
  try {
    const k = t.data().kernels!;
    const nT = k.T_MeV.length, ne = k.eta.length;
    const lT = Array.from(k.T_MeV, log);
    const it = 3, je = 5, w = 1 / 3, T = exp(lT[it] + w * (lT[it + 1] - lT[it])), eta = k.eta[je];
    const i = 0, o = NG - 1, s = 1;
    const li = (a: number, b: number) => exp((1 - w) * log(a) + w * log(b));
    const upLog = li(k.phi0[stored(o, s, i, je, it, ne, nT)], k.phi0[stored(o, s, i, je, it + 1, ne, nT)]);
    const r = t.interpolateKernels(T, eta);
    const direct = nesKernel(T, eta, centres[i], centres[o], SPECIES[s]).phi0;
    const ours = r.phi0[out(s, i, o)];
    // eslint-disable-next-line no-console
    console.log(`up-scattering 1 -> 48 MeV at T = ${T.toFixed(3)} MeV: ln-interpolated stored half off by ${rel(upLog, direct).toExponential(2)}, detailed-balance fill by ${rel(ours, direct).toExponential(2)}`);
    expect(rel(ours, direct)).toBeLessThan(0.1 * rel(upLog, direct));
  } finally {
    t.dispose();
  }
});

test('(4) bad inputs: NaN, T <= 0, out of range (T, eta <= 0), clamp, a table without kernels, a disposed table', async () => {
  const t = await OpacityTable.build(base(5, false), { threads: 1 });
  try {
    const bad = (f: () => unknown, code: string, field: string) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code, field });
      return (err as Error).message;
    };
    bad(() => t.interpolateKernels(NaN, 1), 'INVALID_INPUT', 'T_MeV');
    bad(() => t.interpolateKernels(1, NaN), 'INVALID_INPUT', 'eta_e');
    bad(() => t.interpolateKernels(Infinity, 1), 'INVALID_INPUT', 'T_MeV');
    bad(() => t.interpolateKernels(0, 1), 'INVALID_INPUT', 'T_MeV');
    bad(() => t.interpolateKernels(-2, 1), 'INVALID_INPUT', 'T_MeV');
    bad(() => t.interpolateKernels(1, 1, { clamp: 'yes' as unknown as boolean }), 'INVALID_INPUT', 'clamp');
    expect(bad(() => t.interpolateKernels(0.4, 1), 'OUT_OF_DOMAIN', 'T_MeV')).toMatch(/range \[0\.5, 50\] MeV/);
    bad(() => t.interpolateKernels(51, 1), 'OUT_OF_DOMAIN', 'T_MeV');
    bad(() => t.interpolateKernels(5, 101), 'OUT_OF_DOMAIN', 'eta_e');
    expect(bad(() => t.interpolateKernels(5, 0), 'OUT_OF_DOMAIN', 'eta_e')).toMatch(/positive and log spaced/);
    expect(bad(() => t.interpolateKernels(5, -3), 'OUT_OF_DOMAIN', 'eta_e')).toMatch(/-3 <= 0 lies below/);
    // the range ends are inside
    expect(() => t.interpolateKernels(0.5, 0.1)).not.toThrow();
    expect(() => t.interpolateKernels(50, 100)).not.toThrow();

    // clamp: η <= 0 and η below the grid give the smallest tabulated η; the down-scattering half at a
    // clamped T is the boundary's, the Boltzmann factors use the requested T
    const atMin = t.interpolateKernels(5, 0.1);
    for (const e of [0, -3, 0.05]) {
      const c = t.interpolateKernels(5, e, { clamp: true });
      expect(Array.from(c.phi0)).toEqual(Array.from(atMin.phi0));
      expect(Array.from(c.phi1)).toEqual(Array.from(atMin.phi1));
    }
    const hot = t.interpolateKernels(50, 3), hotter = t.interpolateKernels(80, 3, { clamp: true });
    for (let s = 0; s < NS; s++)
      for (let i = 0; i < NG; i++)
        for (let o = 0; o < NG; o++) {
          const q = out(s, i, o);
          if (o <= i) expect(hotter.phi0[q]).toBe(hot.phi0[q]);
          else expect(rel(hotter.phi0[q], exp(-(centres[o] - centres[i]) / 80) * hot.phi0[out(s, o, i)])).toBeLessThan(1e-15);
        }
    expect(hot.pair).toBeUndefined(); // built without pair kernels

    // a table without kernels
    const { kernels: _k, ...plainCfg } = base(5);
    const plain = await OpacityTable.build(plainCfg, { threads: 1 });
    expect(bad(() => plain.interpolateKernels(5, 1), 'INVALID_INPUT', 'kernels')).toMatch(/no inelastic kernels/);
    plain.dispose();
  } finally {
    t.dispose();
  }
  // disposed
  expect(() => t.interpolateKernels(5, 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'table' }));
});

test('(5) a kernel table written by NuLib: nodes exact (with NuLib\'s neutrino_energies for its fill), sound values between nodes', async () => {
  const file = path.join(__dirname, '..', 'vectors', 'nulib_written_small.h5');
  const d = await readNulibTable(file);
  const k = d.kernels!;
  const nT = k.T_MeV.length, ne = k.eta.length, ng = d.energies_MeV.length;
  expect([nT, ne, ng]).toEqual([4, 3, 6]);
  const t = await OpacityTable.load(file);
  try {
    let worst = 0, zeros = 0;
    for (let it = 0; it < nT; it++)
      for (let je = 0; je < ne; je++) {
        const r = t.interpolateKernels(k.T_MeV[it], k.eta[je]);
        expect(Array.from(r.energies_MeV)).toEqual(Array.from(d.energies_MeV));
        for (let s = 0; s < NS; s++)
          for (let i = 0; i < ng; i++)
            for (let o = 0; o < ng; o++) {
              const st = (((o * NS + s) * ng + i) * ne + je) * nT + it, q = (s * ng + i) * ng + o;
              if (k.phi0[st] === 0) {
                zeros++; // NuLib's fill underflowed (e^{-(697-1)/0.05})
                expect(r.phi0[q]).toBe(0);
                continue;
              }
              worst = max(worst, rel(r.phi0[q], k.phi0[st]), abs(r.phi1[q] - k.phi1[st]) / abs(k.phi1[st] || 1e-300));
            }
      }
    // eslint-disable-next-line no-console
    console.log(`NuLib-written kernels: ${nT * ne * NS * ng * ng} node values, worst relative difference ${worst.toExponential(2)}, ${zeros} underflowed zeros`);
    expect(worst).toBeLessThanOrEqual(1e-14);
    // between nodes (NuLib's grid here is very coarse, 4 T x 3 eta: no accuracy claim): the
    // down-scattering Φ0 lies between its corner values (a convex combination of logarithms),
    // |Φ1| <= Φ0, and the up-scattering half is the detailed-balance fill
    const T = 2.7, eta = 4.2;
    const r: TableKernels = t.interpolateKernels(T, eta);
    const lt = k.T_MeV.findIndex((v) => v > T) - 1, le = k.eta.findIndex((v) => v > eta) - 1;
    for (let s = 0; s < NS; s++)
      for (let i = 0; i < ng; i++)
        for (let o = 0; o < ng; o++) {
          const q = (s * ng + i) * ng + o;
          expect(abs(r.phi1[q])).toBeLessThanOrEqual(r.phi0[q] * (1 + 1e-12));
          if (o <= i) {
            const c = [0, 1].flatMap((a) => [0, 1].map((b) => k.phi0[(((o * NS + s) * ng + i) * ne + le + a) * nT + lt + b]));
            expect(r.phi0[q]).toBeGreaterThanOrEqual(Math.min(...c) * (1 - 1e-12));
            expect(r.phi0[q]).toBeLessThanOrEqual(Math.max(...c) * (1 + 1e-12));
          } else {
            expect(r.phi0[q]).toBe(exp(-(d.energies_MeV[o] - d.energies_MeV[i]) / T) * r.phi0[(s * ng + o) * ng + i]);
          }
        }
  } finally {
    t.dispose();
  }
});
