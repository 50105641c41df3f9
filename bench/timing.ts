/**
 * Shared benchmark helpers: the median wall time of repeated runs and the JSON result file
 * (bench/results/<name>-<date>.json, also printed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Median wall time [s] of `reps` runs of fn, after `warmup` untimed runs. */
export async function medianSeconds(fn: () => Promise<unknown> | unknown, reps: number, warmup = 0): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
}

/** Writes the result to bench/results/<name>-<date>.json and prints it. */
export function writeResult(result: { name: string; date: string }): void {
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + '\n';
  fs.writeFileSync(path.join(dir, `${result.name}-${result.date.replace(/[:.]/g, '-')}.json`), text);
  process.stdout.write(text);
}
