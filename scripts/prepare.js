#!/usr/bin/env node
// Runs on `npm ci` / `npm install` in a clone (npm runs the root package's prepare script):
// 1. compiles the TypeScript (dist/) when the compiler is installed (a development install);
// 2. makes sure the native addon loads: a matching prebuild, an existing build, or a fresh
//    from-source build with node-gyp (OpenMP on). Consumers of the published package get dist/ and
//    prebuilds/ in the tarball; the loader builds from source at first use if none matches.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (fs.existsSync(tsc)) run(process.execPath, [tsc, '-p', 'tsconfig.json']);

let loaded = false;
try {
  require('node-gyp-build')(root);
  loaded = true;
} catch {
  loaded = false;
}
if (!loaded || process.env.NUSPHERE_REBUILD === '1') {
  if (process.env.PREBUILDS_ONLY === '1') {
    console.error('nusphere: PREBUILDS_ONLY=1 and no matching prebuild');
    process.exit(1);
  }
  run(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild']);
}
