#!/usr/bin/env node
// A reduced end-to-end run of the CLI on an ASan + UBSan build of the addon (issue 6): builds the
// addon with cmake-js (-DNUSPHERE_SANITIZE=ON) into build-asan-addon/, then runs the main commands
// with the sanitizer runtimes preloaded into node. Any sanitizer report or unexpected exit fails.
// Prints `e2e-asan: N passed, N failed`.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.resolve(__dirname, '..');

const out = path.join(root, 'build-asan-addon');
let r = spawnSync(process.execPath, [require.resolve('cmake-js/bin/cmake-js'), 'build', '--out', out, '--CDNUSPHERE_SANITIZE=ON', '--CDCMAKE_BUILD_TYPE=RelWithDebInfo'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) {
  console.log('e2e-asan: 0 passed, 1 failed (build)');
  process.exit(1);
}
const addon = path.join(out, 'Release', 'nusphere.node');
const lib = (n) => spawnSync('gcc', [`-print-file-name=${n}`], { encoding: 'utf8' }).stdout.trim();
const env = {
  ...process.env,
  LD_PRELOAD: `${lib('libasan.so')} ${lib('libubsan.so')}`,
  ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1', // node itself keeps allocations alive at exit
  UBSAN_OPTIONS: 'halt_on_error=1:print_stacktrace=1',
  NUSPHERE_ADDON: addon,
  OMP_WAIT_POLICY: 'passive',
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-asan-'));
const profile = path.join(tmp, 'p.txt');
let text = '# r_km rho_gcc T_MeV Ye\n';
for (let i = 0; i < 80; i++) {
  const r = 20 * Math.pow(30, i / 79);
  text += `${r} ${1e13 * Math.pow(20 / r, 4)} ${6 * Math.pow(20 / r, 0.8)} ${0.1 + 0.3 * (i / 79)}\n`;
}
fs.writeFileSync(profile, text);
fs.writeFileSync(path.join(tmp, 'table.json'), JSON.stringify({ rho_gcc: { min: 1e9, max: 1e13, n: 4 }, T_MeV: { min: 1, max: 20, n: 4 }, Ye: { min: 0.1, max: 0.5, n: 3 }, bin_edges_MeV: 'nulib18', sub_points: 2 }));
const cases = [
  [['info', '--json'], 0],
  [['fermi', '--k', '2.5', '--eta', '30', '--beta', '0.1', '--json'], 0],
  [['eos', '--rho', '1e12', '--temp', '8', '--ye', '0.3', '--json'], 0],
  [['opacity', '--rho', '1e12', '--temp', '8', '--ye', '0.3', '--terms', '--preset', 'nulib', '--json'], 0],
  [['table', 'build', '--config', path.join(tmp, 'table.json'), '--out', path.join(tmp, 't.h5'), '--json'], 0],
  [['spheres', '--profile', profile, '--opacity-table', path.join(tmp, 't.h5'), '--json'], 0],
  [['spheres', '--profile', profile, '--json'], 0],
  [['transport', '--profile', profile, '--method', 'do', '--json'], 0],
  [['transport', '--profile', profile, '--method', 'leakage', '--json'], 0],
  [['eos', '--rho', 'nan', '--temp', '8', '--ye', '0.3'], 2],
  [['opacity', '--rho', '1e12', '--temp', '8', '--ye', '0.3', '--energies', '5,1'], 2],
  [['demo', '--json', '--no-files'], 0],
  [['accretion', '--mass-msun', '1.4', '--mdot', '0.3', '--lnue', '1e52', '--lanue', '1e52', '--steps', '500', '--json'], 0],
];
let passed = 0, failed = 0;
for (const [args, want] of cases) {
  const res = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), ...args], { env, encoding: 'utf8', timeout: 600000 });
  const report = /ERROR: AddressSanitizer|runtime error:|ThreadSanitizer|LeakSanitizer/.test(res.stderr);
  if (res.status === want && !report) passed++;
  else {
    failed++;
    console.log(`FAIL nusphere ${args.join(' ')}: exit ${res.status} (want ${want})\n${res.stderr.split('\n').slice(-30).join('\n')}`);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`e2e-asan: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
