/**
 * Finds and loads the native addon. Order: a prebuild in prebuilds/ matching this platform, libc and
 * N-API version, or a local build in build/Release (node-gyp-build does both; PREBUILDS_ONLY=1
 * restricts it to prebuilds). When nothing loads — e.g. npm 11 skipped our install script and no
 * prebuild matches — it compiles from source once with node-gyp (needs python3, make, g++), then loads.
 * @internal
 * @module
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { NativeError } from '../core/errors';
import type { NativeBinding } from './binding';

/** The directory holding nusphere's package.json (works from lib/ and from dist/lib/). */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === 'nusphere') return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new NativeError(`cannot find nusphere's package.json above ${__dirname}`);
    dir = up;
  }
}

let cached: NativeBinding | undefined;

function tryLoad(root: string): NativeBinding | Error {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = require('node-gyp-build') as (dir: string) => unknown;
    return load(root) as NativeBinding;
  } catch (e) {
    return e as Error;
  }
}

function nodeGypBin(): string | undefined {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    const bundled = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    return fs.existsSync(bundled) ? bundled : undefined;
  }
}

/** Compiles the addon from source in the package directory (synchronous, output to stderr). */
export function buildFromSource(root = packageRoot()): void {
  const gyp = nodeGypBin();
  if (!gyp) throw new NativeError('no prebuild matches this platform and node-gyp is not available to build from source');
  process.stderr.write('nusphere: no matching prebuild; compiling the native addon from source (once)...\n');
  const r = spawnSync(process.execPath, [gyp, 'rebuild'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new NativeError(`building the native addon from source failed (node-gyp exit ${r.status}); need python3, make and g++`);
}

/** The raw binding (loaded once per thread). */
export function native(): NativeBinding {
  if (cached) return cached;
  const explicit = process.env.NUSPHERE_ADDON;
  if (explicit) {
    // A specific build (e.g. the ASan build of scripts/e2e-asan.js)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require(explicit) as NativeBinding;
    return cached;
  }
  const root = packageRoot();
  let b = tryLoad(root);
  if (b instanceof Error && process.env.PREBUILDS_ONLY !== '1' && process.env.NUSPHERE_NO_COMPILE !== '1') {
    buildFromSource(root);
    b = tryLoad(root);
  }
  if (b instanceof Error) throw new NativeError(`cannot load the nusphere native addon: ${b.message}`, undefined, b);
  cached = b;
  return b;
}
