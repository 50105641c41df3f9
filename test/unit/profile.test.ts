// Profile loaders and validation (issue 4 item 1): the real steady-accretion profile of
// Pochik & Thompson 2025 (../shared/data/profiles) and hostile inputs naming zone and column.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { loadProfile, parseColumns, parseJsonProfile, parseXg, resampleProfile } from '../../lib/io/profile';
import { kB_MeVK } from '../../lib/core/constants';

const shared = path.resolve(__dirname, '..', '..', '..', 'shared', 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-profile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the real profile loads with units converted (T_K → MeV)', async () => {
  if (!fs.existsSync(shared)) return; // shared data is beside the clone in CI and sessions
  const p = await loadProfile(shared);
  expect(p.r_cm.length).toBe(256);
  expect(p.r_cm[0]).toBeCloseTo(3.020782051448e6, 3);
  expect(p.T_MeV[0]).toBeCloseTo(4.431851116324e10 * kB_MeVK, 10);
  expect(p.v_cms![0]).toBeLessThan(0);
});

test('units in headers: r_km, T_keV, "rho [g/cm3]"', () => {
  const p = parseColumns('# r_km rho_gcc T_keV Ye\n30 1e11 4000 0.1\n40 1e10 3000 0.2\n', 'x');
  expect(p.r_cm[1]).toBe(4e6);
  expect(p.T_MeV[0]).toBeCloseTo(4, 12);
  const q = parseColumns('r [km], rho [g/cm3], T [MeV], Ye\n30, 1e11, 4, 0.1\n40, 1e10, 3, 0.2\n', 'x');
  expect(q.rho_gcc[1]).toBe(1e10);
});

test.each([
  ['# r_cm rho_gcc T_MeV Ye\n2e6 1e11 4 0.1\n1e6 1e10 3 0.2\n', /zone 1, column r_cm: radius not strictly increasing/, 'r_cm[1]'],
  ['# r_cm rho_gcc T_MeV Ye\n1e6 1e11 4 0.1\n2e6 nan 3 0.2\n', /zone 1, column rho_gcc: not a finite number/, 'rho_gcc[1]'],
  ['# r_cm rho_gcc T_MeV Ye\n1e6 1e11 4 0.1\n2e6 -1 3 0.2\n', /zone 1, column rho_gcc: must be > 0/, 'rho_gcc[1]'],
  ['# r_cm rho_gcc T_MeV Ye\n1e6 1e11 4 1.1\n2e6 1e10 3 0.2\n', /zone 0, column Ye/, 'Ye[0]'],
  ['# r_cm rho_gcc Ye\n1e6 1e11 0.1\n2e6 1e10 0.2\n', /missing column: temperature/, 'T'],
  ['# r_cm rho_gcc T_furlong Ye\n1e6 1e11 4 0.1\n', /unknown unit 'furlong'/, 'T_furlong'],
  ['# r_cm rho_gcc T_MeV Ye\n1e6 1e11 4\n', /3 values, the header names 4/, 'line 2'],
  ['1e6 1e11 4 0.1\n', /data before a header/, 'header'],
])('bad profile %# is rejected naming zone and column', (text, msg, field) => {
  expect(() => parseColumns(text, 'bad')).toThrow(msg);
  expect(() => parseColumns(text, 'bad')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field }));
});

test('JSON and GR1D .xg', async () => {
  const j = parseJsonProfile(JSON.stringify({ r_km: [10, 20], rho_gcc: [1e12, 1e11], T_MeV: [5, 4], Ye: [0.2, 0.3] }));
  expect(j.r_cm[1]).toBe(2e6);
  expect(() => parseJsonProfile('{"r_cm": [1, 2]}')).toThrow(/missing column rho/);
  const xg = '"Time = 0.1\n1e6 1\n2e6 2\n\n"Time = 0.2\n1e6 3\n2e6 4\n';
  expect(Array.from(parseXg(xg, 'x').y)).toEqual([3, 4]);
  expect(Array.from(parseXg(xg, 'x', 0.09).y)).toEqual([1, 2]);
  const g = path.join(dir, 'gr1d');
  fs.mkdirSync(g);
  fs.writeFileSync(path.join(g, 'rho.xg'), '"Time = 0.2\n1e6 1e12\n2e6 1e11\n');
  fs.writeFileSync(path.join(g, 'temperature.xg'), '"Time = 0.2\n1e6 5\n2e6 4\n');
  fs.writeFileSync(path.join(g, 'ye.xg'), '"Time = 0.2\n1e6 0.2\n2e6 0.3\n');
  const p = await loadProfile(g);
  expect(Array.from(p.T_MeV)).toEqual([5, 4]);
  await expect(loadProfile(path.join(dir, 'missing.txt'))).rejects.toMatchObject({ code: 'IO' });
});

test('resampling reproduces nodes and interpolates log-linearly', () => {
  const p = parseColumns('# r_cm rho_gcc T_MeV Ye\n1e6 1e12 4 0.1\n2e6 1e10 2 0.3\n', 'x');
  const q = resampleProfile(p, [1e6, 1.5e6, 2e6]);
  expect(q.rho_gcc[1]).toBeCloseTo(1e11, -5);
  expect(q.Ye[1]).toBeCloseTo(0.2, 14);
  expect(() => resampleProfile(p, [3e6])).toThrow(/outside the profile/);
});
