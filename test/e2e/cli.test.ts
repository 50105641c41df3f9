// The CLI as a user runs it (node bin/nusphere.js, from the compiled dist/).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help lists the commands', () => {
  const r = cli('--help');
  expect(r.code).toBe(0);
  for (const c of ['info', 'fermi', 'demo', 'gain']) expect(r.out).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
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

test('demo: neutrinospheres, transport and gain radius of the built-in model, offline', () => {
  const r = cli('demo', '--json');
  expect(r.code).toBe(0);
  const j = JSON.parse(r.out);
  expect(j.zones).toBe(256);
  for (const s of ['nue', 'anue', 'nux']) {
    expect(j.luminosity[s].L_ergs).toBeGreaterThan(1e51);
    expect(j.luminosity[s].L_ergs).toBeLessThan(1e53);
    expect(j.luminosity[s].meanE_MeV).toBeGreaterThan(5);
    expect(j.luminosity[s].meanE_MeV).toBeLessThan(30);
  }
  // the model was built with L_nue = L_anue = 1e52 erg/s and its inner boundary at the νe sphere
  expect(j.spheres_km.nue.number).toBeGreaterThan(29);
  expect(j.transport.max_conservation_error).toBeLessThan(1e-6);
  expect(j.gain_radius_km).toBeGreaterThan(30);
  expect(j.gain_radius_km).toBeLessThan(300);
  expect(j.elapsed_s).toBeLessThan(60);
  const t = cli('demo', '--quiet');
  expect(t.out).toMatch(/gain radius/);
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
