// Fermi–Dirac integrals through the facade: accuracy against the 30-digit reference vectors made by
// test/vectors/gen_fermi_dirac.py (mpmath), SIMD vs scalar, threads, bad input.
import { fdInteger } from '../../lib/supernova/fd-integer';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { fermiDirac, fermiDiracAsync, fermiDiracBatch } from '../../lib/core/fermi-dirac';
import { info, setIsa } from '../../lib/core/info';

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'fermi_dirac.json'), 'utf8')) as {
  rows: [number, number, number, number, number, number][];
};

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('Fermi–Dirac accuracy (issue 2: ≤ 1e-10 over eta ∈ [−100, 1e4], beta ∈ [0, 100])', () => {
  const isas = info().isa.available as ('scalar' | 'avx2' | 'avx512')[];
  const selected = info().isa.selected as 'scalar' | 'avx2' | 'avx512';
  afterAll(() => setIsa(selected));

  test.each(isas)('%s kernel: value and both derivatives', (isa) => {
    setIsa(isa);
    expect(vectors.rows.length).toBeGreaterThan(1000);
    let worst = [0, 0, 0];
    for (const [k, eta, beta, f, dfe, dfb] of vectors.rows) {
      const v = fermiDirac(k, eta, beta);
      worst = [Math.max(worst[0], rel(v.f, f)), Math.max(worst[1], rel(v.dfDeta, dfe)), Math.max(worst[2], rel(v.dfDbeta, dfb))];
    }
    // eslint-disable-next-line no-console
    console.log(`${isa}: max relative error F ${worst[0].toExponential(2)}, dF/deta ${worst[1].toExponential(2)}, dF/dbeta ${worst[2].toExponential(2)}`);
    expect(worst[0]).toBeLessThanOrEqual(1e-10);
    expect(worst[1]).toBeLessThanOrEqual(1e-10);
    expect(worst[2]).toBeLessThanOrEqual(1e-10);
  });

  test('batch (zero-copy): 1 and 2 threads give identical bits; agrees with the single-point call', () => {
    const rows = vectors.rows.filter((r) => r[0] === 1.5);
    const eta = Float64Array.from(rows.map((r) => r[1]));
    const beta = Float64Array.from(rows.map((r) => r[2]));
    const one = fermiDiracBatch(1.5, eta, { beta, threads: 1 });
    const two = fermiDiracBatch(1.5, eta, { beta, threads: 2 });
    expect(Array.from(two)).toEqual(Array.from(one));
    // The single-point call also sums the derivatives, a different instruction schedule: equal to
    // rounding (a few ulp), not bit for bit.
    rows.forEach((r, i) => expect(rel(one[i], fermiDirac(1.5, r[1], r[2]).f)).toBeLessThan(1e-15));
  });

  test('SIMD variants agree with the scalar kernel to rounding', () => {
    const eta = new Float64Array(2000).map((_, i) => -100 + i * 5.05);
    setIsa('scalar');
    const ref = fermiDiracBatch(0.5, eta, { beta: 0.7 });
    for (const isa of isas) {
      setIsa(isa);
      const v = fermiDiracBatch(0.5, eta, { beta: 0.7 });
      let worst = 0;
      v.forEach((x, i) => (worst = Math.max(worst, rel(x, ref[i]))));
      expect(worst).toBeLessThan(1e-13);
    }
  });

  test('closed forms: F_1(0) = π²/12, F_2(0) = 3ζ(3)/2, ∂F_2/∂η(0) = 2F_1(0)', () => {
    expect(rel(fermiDirac(1, 0).f, Math.PI ** 2 / 12)).toBeLessThan(1e-14);
    expect(rel(fermiDirac(2, 0).f, 1.5 * 1.2020569031595942)).toBeLessThan(1e-14);
    expect(rel(fermiDirac(2, 0).dfDeta, Math.PI ** 2 / 6)).toBeLessThan(1e-14);
  });

  test('async job returns the same values as the batch', async () => {
    const eta = new Float64Array(5000).map((_, i) => -20 + i * 0.01);
    const r = await fermiDiracAsync(3, eta, { beta: 2, threads: 2 });
    expect(Array.from(r.values)).toEqual(Array.from(fermiDiracBatch(3, eta, { beta: 2 })));
    expect(r.threads).toBe(2);
  });
});

describe('Fermi–Dirac bad input gives INVALID_INPUT / OUT_OF_DOMAIN naming the field', () => {
  test.each([
    [() => fermiDirac(0.3, 0), 'k'],
    [() => fermiDirac(1, NaN), 'eta'],
    [() => fermiDirac(1, 0, -1), 'beta'],
    [() => fermiDiracBatch(1, new Float64Array([0, NaN, 1])), 'eta[1]'],
    [() => fermiDiracBatch(1, new Float64Array(3), { beta: new Float64Array(2) }), 'beta'],
    [() => fermiDiracBatch(1, new Float64Array(3), { out: new Float64Array(2) }), 'out'],
    [() => fermiDiracBatch(1, new Float64Array(3), { threads: 0 }), 'threads'],
  ])('case %#', (fn, field) => {
    expect(fn).toThrow(expect.objectContaining({ field }));
  });
  test('nothing is written to out when any input is bad', () => {
    const out = new Float64Array(3).fill(7);
    expect(() => fermiDiracBatch(1, new Float64Array([0, 1, Infinity]), { out })).toThrow();
    expect(Array.from(out)).toEqual([7, 7, 7]);
  });
});

test('the plain-TS integer-order integrals of the accretion solver agree with the native ones to 3e-13', () => {
  let worst = 0;
  for (const n of [2, 3, 4, 5] as const) {
    for (let eta = -40; eta <= 40; eta += 0.0731) worst = Math.max(worst, Math.abs(fdInteger(n, eta) / fermiDirac(n, eta).f - 1));
  }
  expect(worst).toBeLessThan(3e-13);
});
