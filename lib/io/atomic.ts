/**
 * Atomic file output (DESIGN.md rule 6): every writer writes to a temporary name in the target's
 * directory and renames it into place only when complete, so a crash, an error or a cancellation
 * never leaves a partial file under the final name.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { IoError } from '../core/errors';

/** A temporary path next to `target` (same filesystem, so rename is atomic). */
export function tempPathFor(target: string): string {
  const dir = path.dirname(path.resolve(target));
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/**
 * Runs `write(tmp)` then renames tmp → target. On any error (or rejection) the temporary file is
 * removed and the error rethrown; the target is untouched.
 */
export async function writeAtomically<T>(target: string, write: (tmpPath: string) => Promise<T> | T): Promise<T> {
  const dir = path.dirname(path.resolve(target));
  if (!fs.existsSync(dir)) throw new IoError(`output directory does not exist: ${dir}`, 'out');
  const tmp = tempPathFor(target);
  try {
    const r = await write(tmp);
    fs.renameSync(tmp, target);
    return r;
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* ignore */
    }
    throw e;
  }
}

/** Writes text atomically. */
export function writeTextAtomically(target: string, text: string): Promise<void> {
  return writeAtomically(target, (tmp) => fs.writeFileSync(tmp, text));
}
