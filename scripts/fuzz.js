#!/usr/bin/env node
// Builds and runs the libFuzzer targets in fuzz/ with clang (-fsanitize=fuzzer,address,undefined).
//   node scripts/fuzz.js [--runs N | --seconds S] [target...]
// Default: every target, 1e6 runs each (`npm run fuzz`). CI runs a short smoke (--runs 20000).
// Prints `fuzz <target>: <executions> executions, ok` per target; exits non-zero on any finding
// (the crashing input is saved in fuzz/artifacts/ — turn it into a regression test).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '..');

const args = process.argv.slice(2);
let runs = 1e6;
let seconds = 0;
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--seconds') seconds = Number(args[++i]);
  else targets.push(args[i]);
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
}
let clang = which('clang++') || which('clang++-14');
if (!clang && process.getuid && process.getuid() === 0) {
  console.error('fuzz: installing clang and its sanitizer runtime with apt-get');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'clang', 'libclang-rt-14-dev'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  clang = which('clang++') || which('clang++-14');
}
if (!clang) {
  console.error('fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)');
  process.exit(1);
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : p.endsWith('.cpp') ? [p] : [];
  });
}
const all = fs.readdirSync(path.join(root, 'fuzz')).filter((f) => /^fuzz_.*\.cpp$/.test(f)).map((f) => f.replace(/\.cpp$/, ''));
const chosen = targets.length ? targets : all;
const sources = walk(path.join(root, 'native', 'src'));
const outDir = path.join(root, 'build-tests', 'fuzz');
const artifacts = path.join(root, 'fuzz', 'artifacts');
fs.mkdirSync(outDir, { recursive: true });
fs.mkdirSync(artifacts, { recursive: true });

let failed = 0;
const flags = ['-std=c++20', '-O1', '-g', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=undefined',
  '-fno-math-errno', '-Inative/include', '-Inative/src', '-DNUSPHERE_HAVE_AVX2', '-DNUSPHERE_HAVE_AVX512'];
// the library objects are compiled once (incrementally: only when the source is newer) and shared by all targets
const objs = [];
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : /\.(hpp|inc|h)$/.test(e.name) ? fs.statSync(p).mtimeMs : 0);
  }
  return t;
}
const headers = Math.max(newest(path.join(root, 'native', 'include')), newest(path.join(root, 'native', 'src')));
for (const s of sources) {
  const isaFlags = s.endsWith('kernels_avx2.cpp') ? ['-mavx2', '-mfma'] : s.endsWith('kernels_avx512.cpp') ? ['-mavx512f', '-mavx512dq', '-mavx512vl', '-mavx512bw', '-mfma'] : [];
  const o = path.join(outDir, path.relative(root, s).replace(/[\/]/g, '_') + '.o');
  const c = flags.map((f) => (f === '-fsanitize=fuzzer,address,undefined' ? '-fsanitize=fuzzer-no-link,address,undefined' : f));
  const fresh = fs.existsSync(o) && fs.statSync(o).mtimeMs > Math.max(fs.statSync(s).mtimeMs, headers) && !process.env.FUZZ_REBUILD;
  if (!fresh) {
    const r = spawnSync(clang, [...c, ...isaFlags, '-c', s, '-o', o], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
  }
  objs.push(o);
}
for (const t of chosen) {
  const bin = path.join(outDir, t);
  const r = spawnSync(clang, [...flags, path.join('fuzz', `${t}.cpp`), ...objs, '-o', bin], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
  const corpus = path.join(root, 'fuzz', 'corpus', t);
  fs.mkdirSync(corpus, { recursive: true });
  // fuzz/regression holds every input that once crashed a target: replayed first, on every run
  const runArgs = [corpus, path.join(root, 'fuzz', 'regression'), `-artifact_prefix=${artifacts}/${t}-`, '-print_final_stats=1', seconds ? `-max_total_time=${seconds}` : `-runs=${runs}`];
  const res = spawnSync(bin, runArgs, { cwd: root, encoding: 'utf8', env: { ...process.env, OMP_WAIT_POLICY: 'passive' } });
  const m = /stat::number_of_executed_units:\s*(\d+)/.exec(res.stderr);
  const execs = m ? Number(m[1]) : 0;
  if (res.status === 0) console.log(`fuzz ${t}: ${execs} executions, ok`);
  else {
    failed++;
    console.log(`fuzz ${t}: FAILED after ${execs} executions\n${res.stderr.split('\n').slice(-40).join('\n')}`);
  }
}
process.exit(failed ? 1 : 0);
