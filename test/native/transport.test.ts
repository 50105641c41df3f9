// Transport through the facade and the CLI: a hot core under a scattering, absorbing atmosphere
// given as user opacities. Physics accuracy is tested natively (test_transport.cpp); here: the
// profile → shells mapping, conservation, free streaming, JSON shape, HDF5 output, leakage sanity.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { transport } from '../../lib/transport';
import { validateProfile } from '../../lib/io/profile';
import { validateOpacities, type ProfileOpacities } from '../../lib/neutrinosphere';
import { hdf5 } from '../../lib/io/hdf5';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-transport-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const nz = 120, edges = [2, 6, 12, 24, 48], ng = edges.length - 1;
function model() {
  const r = Float64Array.from({ length: nz }, (_, i) => 2e6 * Math.pow(50, i / (nz - 1)));
  const rho = r.map((x) => 1e12 * (2e6 / x) ** 4);
  const p = validateProfile({ r_cm: r, rho_gcc: rho, T_MeV: r.map(() => 4), Ye: r.map(() => 0.3) });
  const mk = (f: (z: number, g: number) => number) => Float64Array.from({ length: nz * ng }, (_, i) => f(Math.floor(i / ng), i % ng));
  const E = (g: number) => 0.5 * (edges[g] + edges[g + 1]);
  // matter out to 400 km, vacuum beyond (so that L must be constant there)
  const inside = (z: number) => (r[z] < 4e7 ? 1 : 0);
  const ka = mk((z, g) => inside(z) * 2e-7 * (rho[z] / 1e12) * E(g) ** 2);
  const ks = mk((z, g) => inside(z) * 8e-7 * (rho[z] / 1e12) * E(g) ** 2);
  // η = κa B with a Fermi–Dirac-like B(E) [erg cm⁻² s⁻¹ sr⁻¹ MeV⁻¹] at T = 4 MeV
  const eta = mk((z, g) => ka[z * ng + g] * 1e35 * E(g) ** 3 / (Math.exp(E(g) / 4) + 1));
  const op: ProfileOpacities = { bin_edges_MeV: Float64Array.from(edges), energies_MeV: Float64Array.from(edges.slice(0, -1), (_, g) => E(g)), zones: nz, kappa_a: { nue: ka, anue: ka, nux: ka }, kappa_s: { nue: ks, anue: ks, nux: ks }, eta: { nue: eta, anue: eta, nux: eta } };
  return { p, op: validateOpacities(op, nz) };
}

test('DO: energy conservation to 1e-6, constant L and flux factor → 1 in the thin outer region', async () => {
  const { p, op } = model();
  const r = await transport(p, op, { method: 'do', threads: 2 });
  for (const s of ['nue', 'anue', 'nux'] as const) expect(Math.abs(r.conservation[s])).toBeLessThan(1e-6);
  const L = r.zones.nue.L_ergs;
  const firstVacuum = p.r_cm.findIndex((x) => x >= 4e7) + 1;
  for (let i = firstVacuum; i < nz; i++) expect(Math.abs(L[i] / L[nz - 1] - 1)).toBeLessThan(1e-9);
  expect(r.zones.nue.fluxFactor[nz - 1]).toBeGreaterThan(0.9);
  expect(r.summary.nue.L_ergs).toBeGreaterThan(0);
  expect(r.summary.nue.meanE_MeV).toBeGreaterThan(edges[0]);
  expect(r.summary.nue.rmsE_MeV).toBeGreaterThanOrEqual(r.summary.nue.meanE_MeV);
  expect(r.iterations).toBeLessThanOrEqual(50);
  const one = await transport(p, op, { method: 'do', threads: 1 });
  expect(Array.from(one.zones.nux.L_ergs)).toEqual(Array.from(r.zones.nux.L_ergs));
});

test('leakage: same order of magnitude as DO (a fast estimate)', async () => {
  const { p, op } = model();
  const d = await transport(p, op, { method: 'do' });
  const l = await transport(p, op, { method: 'leakage' });
  const ratio = l.summary.nue.L_ergs / d.summary.nue.L_ergs;
  // eslint-disable-next-line no-console
  console.log(`leakage / DO luminosity: ${ratio.toFixed(3)}`);
  expect(ratio).toBeGreaterThan(0.3);
  expect(ratio).toBeLessThan(3);
});

test('CLI transport --json and --out result.h5', async () => {
  const { p, op } = model();
  const prof = path.join(dir, 'p.json');
  fs.writeFileSync(prof, JSON.stringify({ r_cm: Array.from(p.r_cm), rho_gcc: Array.from(p.rho_gcc), T_MeV: Array.from(p.T_MeV), Ye: Array.from(p.Ye) }));
  const nested = (a: Float64Array) => Array.from({ length: nz }, (_, z) => Array.from(a.slice(z * ng, (z + 1) * ng)));
  const opf = path.join(dir, 'op.json');
  fs.writeFileSync(opf, JSON.stringify({ bin_edges_MeV: edges, kappa_a_cm: [0, 1, 2].map(() => nested(op.kappa_a.nue)), kappa_s_cm: [0, 1, 2].map(() => nested(op.kappa_s.nue)), eta: [0, 1, 2].map(() => nested(op.eta.nue)) }));
  const out = path.join(dir, 'result.h5');
  const root = path.resolve(__dirname, '..', '..');
  const res = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'transport', '--profile', prof, '--opacities', opf, '--method', 'do', '--json', '--out', out], { encoding: 'utf8' });
  expect(res.status).toBe(0);
  const j = JSON.parse(res.stdout);
  for (const s of ['nue', 'anue', 'nux']) {
    expect(j.summary[s]).toEqual(expect.objectContaining({ L_ergs: expect.any(Number), meanE_MeV: expect.any(Number), rmsE_MeV: expect.any(Number) }));
    expect(j.zones[s].L_ergs).toHaveLength(nz);
    expect(j.zones[s].fluxFactor).toHaveLength(nz);
  }
  expect(j.zones.r_cm).toHaveLength(nz);
  expect(typeof j.iterations).toBe('number');
  const m = await hdf5();
  const f = new m.File(out, 'r');
  expect((f.get('nue/J') as { shape: number[] }).shape).toEqual([nz, ng]);
  expect(JSON.parse(String(f.attrs['nusphere_provenance'].value)).method).toBe('do');
  f.close();
});

test('DO and Monte Carlo agree on the same inputs (L within 2%, mean energies within 1%)', async () => {
  const { p, op } = model();
  const d = await transport(p, op, { method: 'do' });
  const m = await transport(p, op, { method: 'mc', mc: { packets: 40000, seed: 7 } });
  for (const s of ['nue', 'anue', 'nux'] as const) {
    const dL = m.summary[s].L_ergs / d.summary[s].L_ergs - 1;
    const dE = m.summary[s].meanE_MeV / d.summary[s].meanE_MeV - 1;
    // eslint-disable-next-line no-console
    console.log(`${s}: MC/DO − 1: L ${(100 * dL).toFixed(2)}% (MC 1σ ${(100 * m.errors![s].L_ergs[nz - 1] / m.summary[s].L_ergs).toFixed(2)}%), <E> ${(100 * dE).toFixed(2)}%`);
    expect(Math.abs(dL)).toBeLessThan(0.02);
    expect(Math.abs(dE)).toBeLessThan(0.01);
  }
  // reproducible: the same seed gives the same bits with 1 and 2 threads
  const m1 = await transport(p, op, { method: 'mc', mc: { packets: 2000, seed: 3 }, threads: 1 });
  const m2 = await transport(p, op, { method: 'mc', mc: { packets: 2000, seed: 3 }, threads: 2 });
  expect(Array.from(m1.zones.nue.L_ergs)).toEqual(Array.from(m2.zones.nue.L_ergs));
});
