/**
 * Diagnostics for the job plumbing: a native job of `ms` one-millisecond chunks spread over the
 * OpenMP team, independent of any physics kernel. Used by tests (cancellation latency, progress,
 * team size) and by `nusphere info --check`.
 * @module
 */
import { runNativeJob, type JobOptions } from './jobs';
import { native } from '../native/loader';
import { finiteNumber } from './validate';

/** Runs a sleeping native job for about `ms` milliseconds; resolves with the team size. */
export function sleepJob(ms: number, opts: JobOptions = {}): Promise<{ threads: number; chunks: number }> {
  try {
    finiteNumber(ms, 'ms', { min: 0, max: 3.6e6 });
    return runNativeJob(opts, (o) => native().sleepJob(ms, o));
  } catch (e) {
    return Promise.reject(e);
  }
}
