// The CLI as a user runs it (node bin/nusphere.js, from the compiled dist/).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help lists the commands', () => {
  const r = cli('--help');
  expect(r.code).toBe(0);
  for (const c of ['info', 'fermi', 'demo', 'gain', 'run', 'accretion', 'critical']) expect(r.out).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
});

test('info --json shows OpenMP enabled and the ISA chosen', () => {
  const r = cli('info', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.openmp.enabled).toBe(true);
  expect(j.openmp.maxThreads).toBeGreaterThanOrEqual(1);
  expect(j.isa.available).toContain('scalar');
  expect(j.isa.available).toContain(j.isa.selected);
  expect(typeof j.version).toBe('string');
  expect(j.napiVersion).toBeGreaterThanOrEqual(8);
});

test('NUSPHERE_ISA=scalar overrides the choice', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'info', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, NUSPHERE_ISA: 'scalar' },
  });
  expect(JSON.parse(r.stdout).isa.selected).toBe('scalar');
  expect(JSON.parse(r.stdout).isa.requested).toBe('scalar');
});

test('fermi --k 2 --eta 0 --json gives 3ζ(3)/2 and π²/6', () => {
  const r = cli('fermi', '--k', '2', '--eta', '0', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(Math.abs(j.F / (1.5 * 1.2020569031595942) - 1)).toBeLessThan(1e-14);
  expect(Math.abs(j.dF_deta / (Math.PI ** 2 / 6) - 1)).toBeLessThan(1e-14);
});

test('bad input exits 2 with the code and field on stderr, nothing on stdout', () => {
  const r = cli('fermi', '--k', '2.2', '--eta', '0', '--json');
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/INVALID_INPUT \(k\)/);
  const r2 = cli('fermi', '--k', '1', '--eta', 'abc');
  expect(r2.code).toBe(2);
  expect(r2.err).toMatch(/--eta/);
});

/** Structural SVG check (no browser here): one <svg> root with a size, balanced, drawn paths with finite coordinates. */
function checkSvg(file: string, minVertices = 5): void {
  const t = fs.readFileSync(file, 'utf8');
  expect(t.trimStart().startsWith('<svg')).toBe(true);
  expect(t.trimEnd().endsWith('</svg>')).toBe(true);
  expect(t).toMatch(/<svg[^>]*\swidth="\d+(\.\d+)?"[^>]*\sheight="\d+(\.\d+)?"/);
  expect((t.match(/<svg\b/g) ?? []).length).toBe((t.match(/<\/svg>/g) ?? []).length);
  const paths = [...t.matchAll(/<path[^>]*\sd="([^"]*)"/g)].map((m) => m[1]);
  expect(paths.length).toBeGreaterThan(2);
  for (const d of paths) expect(d).not.toMatch(/NaN|Infinity|undefined/);
  // the data lines: at least one path through minVertices points
  expect(Math.max(...paths.map((d) => (d.match(/L/g) ?? []).length)) + 1).toBeGreaterThanOrEqual(minVertices);
}

test('demo: the built-in scenario end to end, offline — summary, result folder, SVGs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-demo-'));
  const r = cli('demo', '--json', '--out', dir);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.profile.source).toBe('builtin:postbounce');
  for (const s of ['nue', 'anue', 'nux']) {
    expect(j.luminosity[s].L_ergs).toBeGreaterThan(1e51);
    expect(j.luminosity[s].L_ergs).toBeLessThan(1e53);
    expect(j.luminosity[s].meanE_MeV).toBeGreaterThan(5);
    expect(j.luminosity[s].meanE_MeV).toBeLessThan(30);
  }
  // the model's inner boundary of the accretion flow is the νe sphere at 30 km (τ_νe = 2/3 there)
  expect(j.spheres_km.nue.number).toBeGreaterThan(25);
  expect(j.spheres_km.nue.number).toBeLessThan(40);
  expect(j.spheres_km.nue.at_60MeV).toBeGreaterThan(j.spheres_km.nue.at_10MeV);
  expect(j.transport.max_conservation_error).toBeLessThan(1e-6);
  expect(j.gain.gain_radius_km).toBeGreaterThan(30);
  expect(j.gain.gain_radius_km).toBeLessThan(j.gain.shock_radius_km);
  expect(j.gain.heating_efficiency).toBeGreaterThan(0);
  expect(j.gain.heating_efficiency).toBeLessThan(0.2);
  expect(j.critical.L_crit_ergs).toBeGreaterThan(1e51);
  expect(j.critical.above).toBe(j.critical.L_nue_ergs > j.critical.L_crit_ergs);
  expect(j.critical.antesonic_at_crit).toBeGreaterThan(0.15);
  expect(j.critical.antesonic_at_crit).toBeLessThan(0.25);
  expect(j.elapsed_s).toBeLessThan(60);
  for (const f of ['summary.json', 'result.h5', 'spheres.svg', 'spectra.svg', 'heating.svg', 'critical.svg']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
  for (const f of ['spheres.svg', 'spectra.svg', 'heating.svg']) checkSvg(path.join(dir, f), 10);
  checkSvg(path.join(dir, 'critical.svg'), 3); // three accretion rates
  const sum = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  expect(sum.gain.gain_radius_km).toBeCloseTo(j.gain.gain_radius_km, 9);
  expect(fs.readFileSync(path.join(dir, 'result.h5')).subarray(0, 8).toString('latin1')).toBe('\x89HDF\r\n\x1a\n');
  expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  const t = cli('demo', '--quiet', '--no-files');
  expect(t.code).toBe(0);
  expect(t.out).toMatch(/gain radius \d/);
  expect(t.out).toMatch(/critical curve/);
});

test('run: a scenario deck writes its folder; a bad deck names the field and writes nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-run-'));
  const deck = path.join(dir, 'deck.json');
  fs.writeFileSync(deck, JSON.stringify({ name: 'pochik', profile: 'builtin:pochik2025', critical: { model_mdot_msun_s: 0.3, rpns_km: 30 } }));
  const r = cli('run', deck, '--out', path.join(dir, 'res'), '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.profile.zones).toBe(256);
  expect(j.gain.shock_radius_km).toBeGreaterThan(90);
  expect(fs.existsSync(path.join(dir, 'res', 'summary.json'))).toBe(true);
  checkSvg(path.join(dir, 'res', 'heating.svg'));
  fs.writeFileSync(deck, JSON.stringify({ name: 'bad', profile: 'builtin:postbounce', transport: { method: 'magic' } }));
  const b = cli('run', deck, '--out', path.join(dir, 'bad'));
  expect(b.code).toBe(2);
  expect(b.err).toMatch(/INVALID_INPUT \(transport\.method\)/);
  expect(fs.existsSync(path.join(dir, 'bad'))).toBe(false);
  fs.writeFileSync(deck, '{ "name": "x", ');
  expect(cli('run', deck).err).toMatch(/not valid JSON/);
});

test('accretion: the JSON contract (shock_km, antesonic, profile) and the selectable QW96 light bulb', () => {
  const r = cli('accretion', '--mass-msun', '1.4', '--rpns-km', '30', '--mdot', '0.3', '--lnue', '1e52', '--lanue', '1e52', '--tnue', '4', '--tanue', '6', '--physics', 'qw96', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.shock_km).toBeGreaterThan(40);
  expect(j.shock_km).toBeLessThan(300);
  expect(j.antesonic).toBeGreaterThan(0.1);
  expect(j.antesonic).toBeLessThan(0.3);
  for (const k of ['r_km', 'rho_gcc', 'v_cms', 'T_MeV', 'Ye']) expect(j.profile[k].length).toBeGreaterThan(100);
  expect(j.profile.r_km[0]).toBeCloseTo(j.shock_km, 9);
  const eng = cli('accretion', '--mass-msun', '1.4', '--mdot', '0.3', '--lnue', '1e52', '--lanue', '1e52', '--physics', 'engine', '--steps', '1000', '--json');
  expect(eng.code).toBe(0);
  const je = JSON.parse(eng.out);
  expect(Math.abs(je.shock_km / j.shock_km - 1)).toBeLessThan(0.1); // engine opacities vs the QW96 fits
  expect(je.params.physics).toBe('engine');
  const m = cli('accretion', '--mass-msun', '1.4', '--mdot', '0.3', '--lnue', '1e52', '--lanue', '1e52', '--upstream-mach', '5', '--json');
  expect(m.code).toBe(0);
  const bad = cli('accretion', '--mass-msun', '1.4', '--mdot', '0.3', '--lnue', '1e52', '--lanue', '1e52', '--upstream-mach', '5', '--upstream-entropy', '3');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/upstream-mach/);
  const hot = cli('accretion', '--mass-msun', '1.4', '--mdot', '0.3', '--lnue', '1e53', '--lanue', '1e53');
  expect(hot.code).toBe(1);
  expect(hot.err).toMatch(/NOT_CONVERGED.*no steady accretion solution/);
});

test('critical: the curve rises with Mdot, JSON and two SVGs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-crit-'));
  const r = cli('critical', '--mass', '1.4', '--mdot', '0.2:0.6:2', '--rtol', '3e-3', '--steps', '500', '--svg', path.join(dir, 'crit.svg'), '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.points).toHaveLength(2);
  expect(j.points[1].L_crit_ergs).toBeGreaterThan(j.points[0].L_crit_ergs);
  expect(j.family[0].shock_km.filter((x: number | null) => x !== null).length).toBeGreaterThan(3);
  checkSvg(path.join(dir, 'crit.svg'), 2);
  checkSvg(path.join(dir, 'crit-family.svg'), 5);
});

test('gain: light bulb and transport on the built-in profile (PHYSICS.md §6), JSON contract', () => {
  const r = cli('gain', '--profile', 'builtin:pochik2025', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  for (const k of ['gain_radius_km', 'shock_radius_km', 'gain_mass_msun', 'net_heating_ergs', 'heating_efficiency', 't_adv_s', 't_heat_s', 'ratio']) expect(typeof j[k]).toBe('number');
  // the model's shock (density jump) is at ~98 km; the gain radius lies between R_nu = 30 km and it
  expect(j.shock_radius_km).toBeGreaterThan(90);
  expect(j.shock_radius_km).toBeLessThan(120);
  expect(j.gain_radius_km).toBeGreaterThan(30);
  expect(j.gain_radius_km).toBeLessThan(j.shock_radius_km);
  expect(j.gain_mass_msun).toBeGreaterThan(0);
  expect(j.heating_efficiency).toBeGreaterThan(0);
  expect(j.heating_efficiency).toBeLessThan(1);
  expect(j.zones.r_km.length).toBe(256);
  expect(j.zones.heating_MeVs.length).toBe(256);
  expect(j.zones.cooling_MeVs.length).toBe(256);
  // doubling both luminosities moves the gain radius inward (more heating, same cooling)
  const j2 = JSON.parse(cli('gain', '--profile', 'builtin:pochik2025', '--lnue', '2e52', '--lanue', '2e52', '--json').out);
  expect(j2.gain_radius_km).toBeLessThan(j.gain_radius_km);
  const t = cli('gain', '--profile', 'builtin:pochik2025', '--source', 'transport', '--json', '--quiet');
  expect(t.code).toBe(0);
  const jt = JSON.parse(t.out);
  expect(jt.source).toBe('transport');
  expect(jt.gain_radius_km).toBeGreaterThan(30);
  expect(jt.gain_radius_km).toBeLessThan(jt.shock_radius_km);
  expect(jt.L_ergs.nue).toBeGreaterThan(1e51);
  expect(cli('gain', '--profile', 'builtin:pochik2025').out).toMatch(/gain radius\s+\d/);
});

test('gain: bad input exits 2 naming the field', () => {
  const r = cli('gain', '--profile', 'builtin:pochik2025', '--rnu-km', '40', '--json');
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/INVALID_INPUT \(field\.nue\.R_nu_cm\)/);
  const r2 = cli('gain', '--profile', 'builtin:nosuch');
  expect(r2.code).toBe(2);
  expect(r2.err).toMatch(/INVALID_INPUT \(profile\)/);
  expect(cli('gain', '--profile', 'builtin:pochik2025', '--lnue', '-1').err).toMatch(/field\.nue\.L_ergs/);
});
