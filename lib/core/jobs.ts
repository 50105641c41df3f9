/**
 * Async job plumbing (DESIGN.md rule 4): anything that can take more than ~1 ms returns a Promise and
 * takes `{ signal, onProgress, threads }`. Native jobs run on the libuv pool with their own OpenMP team
 * of `threads` threads, check an atomic cancel flag between chunks, and report monotone progress.
 * A small FIFO queue keeps at most `concurrency` native jobs running (default 1: one job already
 * uses every core), so threads × jobs ≤ cores.
 * @module
 */
import { native } from '../native/loader';
import type { NativeCancelToken, NativeJobOptions } from '../native/binding';
import { CancelledError, fromNative } from './errors';
import { threadCount } from './validate';

/** Options accepted by every long-running call. */
export interface JobOptions {
  /** Cancels the job; the Promise then rejects with a CancelledError (code CANCELLED). */
  signal?: AbortSignal;
  /** Progress callback with a fraction in (0, 1], strictly increasing across calls. */
  onProgress?: (fraction: number) => void;
  /** OpenMP threads for this job (default: all cores). */
  threads?: number;
}

let concurrency = 1;
let running = 0;
const waiting: Array<() => void> = [];

/** Sets how many native jobs may run at once (default 1). */
export function setJobConcurrency(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('concurrency must be an integer >= 1');
  concurrency = n;
  while (running < concurrency && waiting.length) waiting.shift()!();
}

function acquire(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = () => {
      signal?.removeEventListener('abort', onAbort);
      running++;
      resolve();
    };
    const onAbort = () => {
      const i = waiting.indexOf(start);
      if (i >= 0) waiting.splice(i, 1);
      reject(new CancelledError('job cancelled while queued'));
    };
    waiting.push(start);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function release(): void {
  running--;
  while (running < concurrency && waiting.length) waiting.shift()!();
}

/** True when a native job submitted now would start at once (not wait in the queue). */
export function jobSlotFree(): boolean {
  return running < concurrency;
}

/**
 * Runs a native job: queues it, wires the AbortSignal to a native CancelToken, filters progress to a
 * strictly increasing sequence and converts errors to NusphereErrors. When a slot is free the native
 * job starts synchronously, inside this call (so it snapshots its inputs now); facades copy their
 * inputs themselves when {@link jobSlotFree} is false.
 * @internal
 */
export function runNativeJob<T>(opts: JobOptions | undefined, start: (o: NativeJobOptions) => Promise<T>): Promise<T> {
  const signal = opts?.signal;
  let threads: number | undefined;
  try {
    threads = threadCount(opts?.threads);
    if (opts?.onProgress !== undefined && typeof opts.onProgress !== 'function') {
      throw fromNative(Object.assign(new Error('onProgress: expected a function'), { code: 'INVALID_INPUT', field: 'onProgress' }));
    }
  } catch (e) {
    return Promise.reject(e);
  }
  if (signal?.aborted) return Promise.reject(new CancelledError('job cancelled before it started'));

  const launch = (): Promise<T> => {
    if (signal?.aborted) return Promise.reject(new CancelledError('job cancelled before it started'));
    const token: NativeCancelToken = new (native().CancelToken)();
    const onAbort = () => token.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    let last = 0;
    const user = opts?.onProgress;
    // Always pass a callback: when the environment shuts down (worker.terminate()), the native side
    // notices that the call cannot run and cancels the job instead of finishing it for nobody.
    const onProgress = (f: number) => {
      if (f > last) {
        last = f;
        user?.(f);
      }
    };
    let p: Promise<T>;
    try {
      p = start({ threads, onProgress, token });
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.then(
      (v) => {
        signal?.removeEventListener('abort', onAbort);
        return v;
      },
      (e) => {
        signal?.removeEventListener('abort', onAbort);
        throw fromNative(e);
      },
    );
  };

  const run = (): Promise<T> => {
    const p = launch();
    p.then(release, release);
    return p;
  };
  if (running < concurrency) {
    running++;
    return run();
  }
  return acquire(signal).then(run);
}
