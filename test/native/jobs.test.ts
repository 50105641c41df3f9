// The async job plumbing (DESIGN.md rule 4) and the binding contract for buffers.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { fermiDiracAsync, fermiDiracBatch } from '../../lib/core/fermi-dirac';
import { sleepJob } from '../../lib/core/diagnostics';
import { CancelledError } from '../../lib/core/errors';

describe('async jobs', () => {
  test('abort of a running 10 s job rejects with CANCELLED within 200 ms', async () => {
    const ac = new AbortController();
    const p = sleepJob(10_000, { signal: ac.signal, threads: 2 });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    const latency = performance.now() - t0;
    // eslint-disable-next-line no-console
    console.log(`cancellation latency ${latency.toFixed(1)} ms`);
    expect(latency).toBeLessThan(200);
  });

  test('an already aborted signal rejects at once', async () => {
    await expect(sleepJob(10_000, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  test('progress events are strictly increasing and end at 1', async () => {
    const seen: number[] = [];
    await sleepJob(400, { threads: 2, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((f) => f > 0 && f <= 1)).toBe(true);
  });

  test.each([1, 2])('threads: %i is honoured (the job observes its team size)', async (threads) => {
    expect((await sleepJob(20, { threads })).threads).toBe(threads);
    const r = await fermiDiracAsync(1, new Float64Array(1000).fill(1), { threads });
    expect(r.threads).toBe(threads);
  });

  test('inputs are snapshotted: changing eta after the call does not change the result', async () => {
    const eta = new Float64Array(20000).fill(2);
    const p = fermiDiracAsync(1, eta);
    eta.fill(-5);
    const r = await p;
    expect(r.values[19999]).toBe(fermiDiracBatch(1, new Float64Array([2]))[0]);
  });

  test('worker.terminate() during a native job does not crash the process', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const w = new Worker(
      `const { parentPort } = require('worker_threads');
       const n = require(${JSON.stringify(path.join(root, 'dist', 'lib', 'index.js'))});
       n.sleepJob(10000, { threads: 2 }).catch(() => {});
       setTimeout(() => parentPort.postMessage('running'), 50);`,
      { eval: true },
    );
    await new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    });
    const t0 = performance.now();
    await w.terminate();
    const took = performance.now() - t0;
    // eslint-disable-next-line no-console
    console.log(`worker terminated ${took.toFixed(0)} ms after terminate() during a 10 s native job`);
    // the main thread's addon is still healthy
    expect((await sleepJob(10, { threads: 2 })).threads).toBe(2);
    expect(took).toBeLessThan(5000);
  });
});

describe('buffers: detached or resized inputs are rejected with INVALID_INPUT, never read', () => {
  test('detached eta', () => {
    const eta = new Float64Array(100).fill(1);
    structuredClone(eta.buffer, { transfer: [eta.buffer] });
    expect(() => fermiDiracBatch(1, eta)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'eta' }));
  });
  test('detached eta in an async job', async () => {
    const eta = new Float64Array(100).fill(1);
    structuredClone(eta.buffer, { transfer: [eta.buffer] });
    await expect(fermiDiracAsync(1, eta)).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'eta' });
  });
  test('detached out', () => {
    const out = new Float64Array(3);
    structuredClone(out.buffer, { transfer: [out.buffer] });
    expect(() => fermiDiracBatch(1, new Float64Array(3), { out })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  test('a view on a shrunk resizable ArrayBuffer', () => {
    const AB = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const ab = new AB(800, { maxByteLength: 1600 });
    const eta = new Float64Array(ab, 0, 100);
    ab.resize(400);
    expect(() => fermiDiracBatch(1, eta)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'eta' }));
  });
  test('a Float32Array is not silently converted', () => {
    expect(() => fermiDiracBatch(1, new Float32Array(3) as unknown as Float64Array)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
