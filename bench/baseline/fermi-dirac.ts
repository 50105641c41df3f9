/**
 * Plain-TypeScript Fermi–Dirac integral: the same algorithm as native/src/core/fermi_dirac.cpp
 * (x = u² substitution, composite 16-point Gauss–Legendre on a mesh graded by the distance to the
 * Fermi poles and the square-root branch point), written idiomatically for V8. It is the baseline
 * that the native kernel's speed is measured against — not used by the library.
 * @internal
 * @module
 */

import { gaussLegendre } from '../../lib/core/quadrature';

const NGL = 16;
const ALPHA = 0.6;
const FLAT = 38;
const TAIL = 60;
const MAX_STEP_X = 10;

const GL = gaussLegendre(NGL);

function fermiStepX(x0: number, eta: number): number {
  if (x0 >= eta) return Math.min(ALPHA * Math.sqrt((x0 - eta) ** 2 + Math.PI ** 2), MAX_STEP_X);
  const D = eta - x0;
  const a2 = ALPHA * ALPHA;
  let L = (-a2 * D + Math.sqrt(a2 * a2 * D * D + (1 - a2) * a2 * (D * D + Math.PI ** 2))) / (1 - a2);
  if (L > D) L = Math.max(D, ALPHA * Math.PI);
  if (D < FLAT) L = Math.min(L, MAX_STEP_X);
  return L;
}

/** F_k(η, β) = ∫ x^k √(1+βx/2)/(e^{x−η}+1) dx, plain TypeScript. */
export function fermiDiracTs(k: number, eta: number, beta: number): number {
  const p = Math.round(2 * k + 1);
  const xEnd = Math.max(eta, 0) + TAIL + 2 * Math.max(k, 0);
  const uEnd = Math.sqrt(xEnd);
  const sb2 = beta > 0 ? 2 / beta : -1;
  let a = 0;
  let sum = 0;
  while (a < uEnd) {
    const x0 = a * a;
    let h: number;
    if (x0 < eta - FLAT - 1e-6) {
      const L = Math.min(eta - FLAT - x0, fermiStepX(x0, eta));
      h = Math.sqrt(x0 + L) - a;
    } else {
      h = Math.sqrt(x0 + fermiStepX(x0, eta)) - a;
    }
    if (sb2 > 0) h = Math.min(h, ALPHA * 2 * Math.sqrt(a * a + sb2));
    h = Math.max(h, 1e-12 * uEnd);
    h = Math.min(h, uEnd - a);
    const c = a + 0.5 * h;
    const s = 0.5 * h;
    for (let i = 0; i < NGL; i++) {
      const u = c + s * GL.x[i];
      const x = u * u;
      let up = 2;
      for (let q = 0; q < p; q++) up *= u;
      const t = x - eta;
      const e = Math.exp(-Math.abs(t));
      const f = t > 0 ? e / (1 + e) : 1 / (1 + e);
      sum += s * GL.w[i] * up * Math.sqrt(1 + 0.5 * beta * x) * f;
    }
    a += h;
  }
  return sum;
}

/** Batch version. */
export function fermiDiracBatchTs(k: number, eta: Float64Array, beta: number, out: Float64Array): void {
  for (let i = 0; i < eta.length; i++) out[i] = fermiDiracTs(k, eta[i], beta);
}
