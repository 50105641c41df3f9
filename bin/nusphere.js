#!/usr/bin/env node
'use strict';
// Idle OpenMP threads must not spin on the event loop's core (DESIGN.md toolchain facts).
if (!process.env.OMP_WAIT_POLICY) process.env.OMP_WAIT_POLICY = 'passive';
let cli;
try {
  cli = require('../dist/lib/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/lib/cli/main')) {
    console.error('nusphere: the TypeScript build is missing; run `npm run build:ts` in the package directory.');
    process.exit(2);
  }
  throw e;
}
// exit only after stdout and stderr have flushed (a large --json result exceeds the pipe buffer)
function exitAfterFlush(code) {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
cli.main(process.argv).then(
  (code) => exitAfterFlush(code ?? 0),
  (err) => {
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(70);
  },
);
