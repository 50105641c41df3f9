/**
 * Fermi–Dirac integrals, complete and generalized (relativistic), computed natively:
 *
 *   F_k(η, β) = ∫₀^∞ x^k √(1 + βx/2) / (e^{x−η} + 1) dx,   F_k(η) = F_k(η, 0)
 *
 * without the 1/Γ(k+1) normalisation (Cox & Giuli; Timmes & Arnett 1999 ApJS 125, 277), for
 * k = −1/2, 0, 1/2, 1, 3/2, ... ≤ 20. η is the degeneracy parameter (μ/T, dimensionless) and
 * β = T/(m c²) the relativity parameter. Relative accuracy ≤ 1e-10 for η ∈ [−100, 1e4],
 * β ∈ [0, 100] (tested against 30-digit quadrature, test/vectors/fermi_dirac.json).
 * @module
 */
import { callNative, InvalidInputError } from './errors';
import { jobSlotFree, runNativeJob, type JobOptions } from './jobs';
import { native } from '../native/loader';
import { finiteNumber, float64Array, threadCount, toFloat64Array } from './validate';

/** The orders the engine uses; any multiple of 1/2 in [−1/2, 20] is accepted. */
export const FERMI_DIRAC_ORDERS = [-0.5, 0.5, 1, 1.5, 2, 3, 4, 5] as const;

/** A value with its derivatives. */
export interface FermiDiracValue {
  /** F_k(η, β) */
  f: number;
  /** ∂F/∂η */
  dfDeta: number;
  /** ∂F/∂β */
  dfDbeta: number;
}

function checkOrder(k: unknown): number {
  const kk = finiteNumber(k, 'k');
  if (kk < -0.5 || kk > 20 || !Number.isInteger(2 * kk)) {
    throw new InvalidInputError(`k: must be a multiple of 1/2 in [-1/2, 20], got ${kk}`, 'k');
  }
  return kk;
}

/** F_k(η, β) with its derivatives, for one point. */
export function fermiDirac(k: number, eta: number, beta = 0): FermiDiracValue {
  checkOrder(k);
  finiteNumber(eta, 'eta');
  finiteNumber(beta, 'beta', { min: 0 });
  return callNative(() => native().fermiDirac(k, eta, beta));
}

/** Options of the synchronous batch. */
export interface FermiDiracBatchOptions {
  /** β per point (same length as η) or one β for all; default 0. */
  beta?: Float64Array | number;
  /** Output array (preallocated, same length as η); a new one is created when omitted. */
  out?: Float64Array;
  /** OpenMP threads (default: all cores). */
  threads?: number;
}

/**
 * F_k(η_i, β_i) for a batch, synchronously and zero-copy: the native kernel reads `eta` (and `beta`)
 * and writes `out` in place. Use {@link fermiDiracAsync} for large batches off the event loop.
 */
export function fermiDiracBatch(k: number, eta: Float64Array | number[], opts: FermiDiracBatchOptions = {}): Float64Array {
  checkOrder(k);
  const e = toFloat64Array(eta, 'eta');
  const beta = opts.beta === undefined ? 0 : typeof opts.beta === 'number' ? finiteNumber(opts.beta, 'beta', { min: 0 }) : float64Array(opts.beta, 'beta', e.length);
  const out = opts.out === undefined ? new Float64Array(e.length) : float64Array(opts.out, 'out', e.length);
  const threads = threadCount(opts.threads);
  callNative(() => native().fermiDiracBatch(k, e, beta, out, threads));
  return out;
}

/** Result of an async batch. */
export interface FermiDiracJobResult {
  /** F_k(η_i, β_i) */
  values: Float64Array;
  /** OpenMP team size that ran the job. */
  threads: number;
  /** SIMD kernel variant used. */
  isa: string;
  /** Wall time inside native code [ms]. */
  elapsedMs: number;
}

/**
 * F_k(η_i, β_i) for a batch as an async job (Promise; AbortSignal; progress; threads). The inputs
 * are snapshotted when the job starts, so the caller may reuse its buffers at once.
 */
export function fermiDiracAsync(
  k: number,
  eta: Float64Array | number[],
  opts: JobOptions & { beta?: Float64Array | number } = {},
): Promise<FermiDiracJobResult> {
  try {
    checkOrder(k);
    let e = toFloat64Array(eta, 'eta');
    let beta = opts.beta === undefined ? 0 : typeof opts.beta === 'number' ? finiteNumber(opts.beta, 'beta', { min: 0 }) : float64Array(opts.beta, 'beta', e.length);
    if (!jobSlotFree()) {
      // The job will wait in the queue: snapshot the inputs now (the native side copies on start).
      e = e.slice();
      if (beta instanceof Float64Array) beta = beta.slice();
    }
    return runNativeJob(opts, (o) => native().fermiDiracJob(k, e, beta, o));
  } catch (err) {
    return Promise.reject(err);
  }
}
