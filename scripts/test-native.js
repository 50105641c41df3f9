#!/usr/bin/env node
// Builds the C++ core standalone with CMake and runs its doctest suite through ctest.
// Default: AddressSanitizer + UndefinedBehaviorSanitizer (build-tests/asan). Flags:
//   --plain   Release build without sanitizers (build-tests/release)
//   --tsan    ThreadSanitizer build of the OpenMP kernels (on demand; build-tests/tsan)
// Prints the doctest summary; exits non-zero on any failure. Installs doctest-dev with apt-get
// when it is missing and we are root (CI and fresh machines).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const root = path.resolve(__dirname, '..');
const mode = process.argv.includes('--tsan') ? 'tsan' : process.argv.includes('--plain') ? 'release' : 'asan';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  return r;
}

if (!fs.existsSync('/usr/include/doctest/doctest.h') && !fs.existsSync('/usr/local/include/doctest/doctest.h')) {
  if (process.getuid && process.getuid() === 0) {
    console.error('test-native: installing doctest-dev with apt-get');
    run('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const r = run('apt-get', ['install', '-y', '-qq', 'doctest-dev'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
  } else {
    console.error('test-native: doctest not found; install it with `sudo apt-get install doctest-dev`');
    process.exit(1);
  }
}

// ThreadSanitizer needs an OpenMP runtime it can see through: clang with LLVM's libomp (GCC's libgomp
// is not instrumented and drowns the report in false races at its barriers).
function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}
if (mode === 'tsan' && (!which('clang++') || !fs.existsSync('/usr/lib/llvm-14/lib/libomp.so'))) {
  if (process.getuid && process.getuid() === 0) {
    console.error('test-native: installing clang and libomp for the ThreadSanitizer run');
    run('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    run('apt-get', ['install', '-y', '-qq', 'clang', 'libomp-14-dev'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } else {
    console.error('test-native: the TSan run needs clang and libomp-14-dev');
    process.exit(1);
  }
}
const dir = path.join('build-tests', mode);
const cfg = ['-S', '.', '-B', dir, '-DCMAKE_BUILD_TYPE=' + (mode === 'release' ? 'Release' : 'RelWithDebInfo')];
if (mode === 'tsan') cfg.push('-DCMAKE_CXX_COMPILER=clang++');
if (mode === 'asan') cfg.push('-DNUSPHERE_SANITIZE=ON');
if (mode === 'tsan') cfg.push('-DNUSPHERE_TSAN=ON');
let r = run('cmake', cfg, { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) process.exit(1);
r = run('cmake', ['--build', dir, '-j', String(Math.max(1, os.availableParallelism ? os.availableParallelism() : 2))], { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) process.exit(1);

const env = { ...process.env, OMP_WAIT_POLICY: 'passive' };
if (mode === 'asan') {
  env.ASAN_OPTIONS = 'detect_leaks=1:abort_on_error=0:halt_on_error=1';
  env.UBSAN_OPTIONS = 'print_stacktrace=1:halt_on_error=1';
}
if (mode === 'tsan') {
  env.TSAN_OPTIONS = `halt_on_error=1:suppressions=${path.join(root, 'native', 'tests', 'tsan.supp')}`;
  const archer = '/usr/lib/llvm-14/lib/libarcher.so';
  if (fs.existsSync(archer)) env.OMP_TOOL_LIBRARIES = archer;
}
r = run('ctest', ['--test-dir', dir, '--output-on-failure', '-V'], { env });
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
// Report doctest's case counts on one line that scripts/test.js can add up.
const m = /test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/.exec(r.stdout);
if (m) console.log(`native-tests(${mode}): ${m[2]} passed, ${m[3]} failed`);
else console.log(`native-tests(${mode}): 0 passed, 1 failed`);
process.exit(r.status === 0 && m && m[3] === '0' ? 0 : 1);
