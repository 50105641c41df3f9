#!/usr/bin/env node
// Prints the source lists for binding.gyp so that new modules under native/src are picked up
// without editing the gyp file. Usage: node scripts/gyp-sources.js core|scalar|avx2|avx512|bindings
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');
function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(rel));
    else if (e.name.endsWith('.cpp')) out.push(rel);
  }
  return out.sort();
}
const which = process.argv[2];
let files;
if (which === 'bindings') files = walk('native/bindings');
else if (which === 'core') files = walk('native/src').filter((f) => !/kernels_(scalar|avx2|avx512)\.cpp$/.test(f));
else if (['scalar', 'avx2', 'avx512'].includes(which)) files = walk('native/src').filter((f) => f.endsWith(`kernels_${which}.cpp`));
else throw new Error(`unknown source set ${which}`);
process.stdout.write(files.join(' '));
