/**
 * Gauss–Legendre rules for the TypeScript code (the native side has its own in
 * native/src/core/quadrature.cpp): n-point nodes and weights on [−1, 1] by Newton iteration on the
 * Legendre recurrence, cached per n.
 * @internal
 * @module
 */

const cache = new Map<number, { x: Float64Array; w: Float64Array }>();

/** n-point Gauss–Legendre nodes x (ascending) and weights w on [−1, 1], 1 ≤ n ≤ 64. Shared, do not modify. */
export function gaussLegendre(n: number): { readonly x: Float64Array; readonly w: Float64Array } {
  const hit = cache.get(n);
  if (hit) return hit;
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`gaussLegendre: n must be an integer in [1, 64], got ${n}`);
  const x = new Float64Array(n), w = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = 0;
      for (let j = 0; j < n; j++) {
        const p2 = p1;
        p1 = p0;
        p0 = ((2 * j + 1) * z * p1 - j * p2) / (j + 1);
      }
      dp = (n * (z * p0 - p1)) / (z * z - 1);
      const dz = p0 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-17) break;
    }
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  const rule = { x, w };
  cache.set(n, rule);
  return rule;
}
