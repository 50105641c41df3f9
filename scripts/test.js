#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed` (the CI reads it).
//  1. generated constants are fresh;  2. TypeScript builds (the CLI e2e tests run dist/);
//  3. jest (unit, native binding contract, regression, e2e);  4. C++ doctest suite under ASan+UBSan.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.resolve(__dirname, '..');
let passed = 0;
let failed = 0;

function step(name, cmd, args, opts = {}) {
  console.log(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

// 1. constants
if (step('constants are up to date', process.execPath, ['scripts/gen-constants.js', '--check'])) passed++;
else failed++;
// 2. TypeScript
if (step('tsc', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'])) passed++;
else failed++;
// 3. jest
const report = path.join(os.tmpdir(), `nusphere-jest-${process.pid}.json`);
step('jest', process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(), OMP_WAIT_POLICY: 'passive' },
});
try {
  const j = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests + (j.numRuntimeErrorTestSuites || 0);
  fs.unlinkSync(report);
} catch {
  console.error('jest produced no report');
  failed++;
}
// 4. native C++ tests
if (process.env.NUSPHERE_SKIP_NATIVE_TESTS !== '1') {
  console.log('\n=== native C++ tests (doctest, ASan + UBSan)');
  const r = spawnSync(process.execPath, ['scripts/test-native.js'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  const m = /native-tests\(\w+\): (\d+) passed, (\d+) failed/.exec(r.stdout);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else failed++;
  if (r.status !== 0 && (!m || m[2] === '0')) failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
