/**
 * Progress bars for long jobs (cli-progress), shown only on an interactive stderr.
 * @internal
 * @module
 */
import { SingleBar, Presets } from 'cli-progress';

/** Returns an onProgress callback and a stop function; silent when stderr is not a TTY or quiet. */
export function progressBar(label: string, quiet = false): { onProgress: (f: number) => void; stop: () => void } {
  if (quiet || !process.stderr.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(1000, 0);
  return {
    onProgress: (f) => bar.update(Math.round(f * 1000)),
    stop: () => bar.stop(),
  };
}
