// NES kernel tables (inelastic ν–e scattering, Bruenn 1985 / NuLib): a tiny table with kernels built,
// written in NuLib's HDF5 layout, read back raw and through the reader; shapes, order and values
// (a value read from the file equals a direct native evaluation at that (T, η, E_in, E_out));
// default tables carry no kernel datasets; the CLI with a kernels section; cancellation.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { nesKernel, pairKernel, SPECIES } from '../../lib/opacity';
import { OpacityTable, type TableConfig } from '../../lib/opacity/table';
import { readNulibTable, NULIB_VALUE_FLOOR } from '../../lib/opacity/nulib-format';
import { hdf5 } from '../../lib/io/hdf5';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-nes-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

const edges = [0, 3, 8, 20, 50];
const centres = edges.slice(0, -1).map((e, g) => 0.5 * (e + edges[g + 1]));
const cfg: TableConfig = {
  rho_gcc: [1e10, 1e12],
  T_MeV: [2, 6],
  Ye: [0.3, 0.45],
  bin_edges_MeV: edges,
  sub_points: 0,
  kernels: { T_MeV: { min: 0.5, max: 20, n: 3 }, eta: { min: 0.1, max: 100, n: 4 }, pair: true },
};

async function rawFile(file: string) {
  const m = await hdf5();
  const f = new m.File(file, 'r');
  const get = (name: string) => f.get(name) as { value: unknown; shape: number[] };
  return { f, get, keys: f.keys() as string[] };
}

test('kernel table: NuLib layout [E_out][species][E_in][eta][T], values = direct evaluation, round trip', async () => {
  const fractions: number[] = [];
  const t = await OpacityTable.build(cfg, { threads: 2, onProgress: (f) => fractions.push(f) });
  expect(fractions.length).toBeGreaterThan(0);
  for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
  expect(t.provenance.nes_kernels).toEqual({ Itemp: 3, Ieta: 4, pair: true, quadrature: 'accurate' });
  const file = path.join(dir, 'nes.h5');
  await t.save(file);

  const { f, get, keys } = await rawFile(file);
  try {
    for (const k of ['Itemp', 'Ieta', 'temp_Ipoints', 'eta_Ipoints', 'inelastic_phi0', 'inelastic_phi1']) expect(keys).toContain(k);
    expect(Number(get('Itemp').value)).toBe(3);
    expect(Number(get('Ieta').value)).toBe(4);
    const Tk = Array.from(get('temp_Ipoints').value as Float64Array);
    const ek = Array.from(get('eta_Ipoints').value as Float64Array);
    expect(Tk[0]).toBeCloseTo(0.5, 14);
    expect(Tk[2]).toBeCloseTo(20, 12);
    expect(ek[1] / ek[0]).toBeCloseTo(10, 10); // log spaced, positive
    const p0 = get('inelastic_phi0'), p1 = get('inelastic_phi1');
    expect(p0.shape).toEqual([4, 3, 4, 4, 3]); // [E_out][species][E_in][eta][T]
    expect(p1.shape).toEqual([4, 3, 4, 4, 3]);
    const v0 = p0.value as Float64Array, v1 = p1.value as Float64Array;
    let worst = 0, checked = 0, up = 0;
    for (let o = 0; o < 4; o++)
      for (let s = 0; s < 3; s++)
        for (let i = 0; i < 4; i++)
          for (let je = 0; je < 4; je++)
            for (let it = 0; it < 3; it++) {
              const idx = (((o * 3 + s) * 4 + i) * 4 + je) * 3 + it;
              const d = nesKernel(Tk[it], ek[je], centres[i], centres[o], SPECIES[s]);
              worst = Math.max(worst, rel(v0[idx], d.phi0));
              expect(Math.abs(v1[idx] - d.phi1)).toBeLessThanOrEqual(1e-13 * d.phi0);
              expect(v0[idx]).toBeGreaterThanOrEqual(0);
              if (o > i) up++;
              checked++;
            }
    expect(checked).toBe(4 * 3 * 4 * 4 * 3);
    expect(up).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-13);
    // e+e- pair kernels: [channel][E_partner][species][E][eta][T], channel 0 production, 1 annihilation
    expect(keys).toContain('epannihil_phi0');
    const q0 = get('epannihil_phi0'), q1 = get('epannihil_phi1');
    expect(q0.shape).toEqual([2, 4, 3, 4, 4, 3]);
    expect(q1.shape).toEqual([2, 4, 3, 4, 4, 3]);
    const w0 = q0.value as Float64Array, w1 = q1.value as Float64Array;
    let pworst = 0;
    for (let c = 0; c < 2; c++)
      for (let o = 0; o < 4; o++)
        for (let s = 0; s < 3; s++)
          for (let i = 0; i < 4; i++)
            for (let je = 0; je < 4; je += 3)
              for (let it = 0; it < 3; it++) {
                const idx = ((((c * 4 + o) * 3 + s) * 4 + i) * 4 + je) * 3 + it;
                const d = pairKernel(Tk[it], ek[je], centres[i], centres[o], SPECIES[s]);
                const r0 = c === 0 ? d.phi0_production : d.phi0_annihilation, r1 = c === 0 ? d.phi1_production : d.phi1_annihilation;
                if (r0 > 1e-250) pworst = Math.max(pworst, rel(w0[idx], r0));
                expect(Math.abs(w1[idx] - r1)).toBeLessThanOrEqual(1e-12 * r0);
              }
    expect(pworst).toBeLessThan(1e-12);
    // E_out > E_in holds the detailed-balance partner of the transposed element
    const T = Tk[1], i = 0, o = 2, s = 1, je = 2;
    const dn = v0[(((i * 3 + s) * 4 + o) * 4 + je) * 3 + 1], upv = v0[(((o * 3 + s) * 4 + i) * 4 + je) * 3 + 1];
    expect(rel(upv, Math.exp(-(centres[o] - centres[i]) / T) * dn)).toBeLessThan(1e-14);
    // the in-scattering kernel through the facade: Φ^in(E, E′) = e^{(E′−E)/T} Φ^out(E, E′)
    const kin = nesKernel(T, ek[je], centres[i], centres[o], 'anue', { direction: 'in' });
    const kout = nesKernel(T, ek[je], centres[i], centres[o], 'anue');
    expect(rel(kin.phi0, Math.exp((centres[o] - centres[i]) / T) * kout.phi0)).toBeLessThan(1e-12);
  } finally {
    f.close();
  }

  // reader and table round trip
  const d = await readNulibTable(file);
  expect(d.kernels).toBeDefined();
  const a = t.data();
  expect(Array.from(d.kernels!.phi0)).toEqual(Array.from(a.kernels!.phi0));
  expect(Array.from(d.kernels!.phi1)).toEqual(Array.from(a.kernels!.phi1));
  const back = await OpacityTable.load(file);
  expect(Array.from(back.data().kernels!.phi0)).toEqual(Array.from(a.kernels!.phi0));
  expect(Array.from(back.data().kernels!.pair_phi1!)).toEqual(Array.from(a.kernels!.pair_phi1!));
  expect(Array.from(d.kernels!.pair_phi0!)).toEqual(Array.from(a.kernels!.pair_phi0!));
  // opacities go through the file with NuLib's 1e-300 floor (NULIB_VALUE_FLOOR)
  expect(Array.from(back.data().kappa_a)).toEqual(Array.from(a.kappa_a, (v) => Math.max(v, NULIB_VALUE_FLOOR)));
  back.dispose();

  // the same table without kernels: identical opacities, no kernel datasets in the file
  const { kernels: _k, ...plainCfg } = cfg;
  const plain = await OpacityTable.build(plainCfg, { threads: 2 });
  expect(Array.from(plain.data().kappa_a)).toEqual(Array.from(a.kappa_a));
  expect(Array.from(plain.data().eta)).toEqual(Array.from(a.eta));
  expect(plain.data().kernels).toBeUndefined();
  const pfile = path.join(dir, 'plain.h5');
  await plain.save(pfile);
  const r2 = await rawFile(pfile);
  expect(r2.keys).not.toContain('inelastic_phi0');
  expect(r2.keys).not.toContain('Itemp');
  r2.f.close();
  plain.dispose();
  t.dispose();
});

test('kernel table: nulib preset uses NuLib\'s rule; bad kernel grids are refused; cancellation', async () => {
  const t = await OpacityTable.build({ ...cfg, opacity: { preset: 'nulib' } }, { threads: 2 });
  expect((t.provenance.nes_kernels as Record<string, unknown>).quadrature).toMatch(/^nulib/);
  const k = t.data().kernels!;
  const direct = nesKernel(k.T_MeV[0], k.eta[3], centres[3], centres[1], 'nux', { preset: 'nulib' });
  const idx = (((1 * 3 + 2) * 4 + 3) * 4 + 3) * 3 + 0;
  expect(rel(k.phi0[idx], direct.phi0)).toBeLessThan(1e-13);
  const exact = nesKernel(k.T_MeV[0], k.eta[3], centres[3], centres[1], 'nux');
  expect(rel(exact.phi0, direct.phi0)).toBeGreaterThan(0); // two different rules
  t.dispose();
  await expect(OpacityTable.build({ ...cfg, kernels: { T_MeV: [1, 0.5], eta: [1] } })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'kernels.T_MeV[1]' });
  await expect(OpacityTable.build({ ...cfg, kernels: { T_MeV: [1], eta: { min: -1, max: 10, n: 3 } } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  expect(() => nesKernel(0, 1, 5, 3, 'nue')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'T_MeV' }));
  // a large kernel table is cancelled (the kernel phase honours the signal)
  const ac = new AbortController();
  const big: TableConfig = { ...cfg, rho_gcc: [1e10], T_MeV: [2], Ye: [0.3], bin_edges_MeV: 'nulib18', kernels: { T_MeV: { min: 0.05, max: 150, n: 100 }, eta: { min: 0.1, max: 100, n: 100 } } };
  const p = OpacityTable.build(big, { threads: 2, signal: ac.signal, onProgress: (f) => { if (f > 0.05) ac.abort(); } });
  await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
});

test('CLI: table build --config with a kernels section writes the NES datasets', async () => {
  const root = path.resolve(__dirname, '..', '..');
  const conf = path.join(dir, 'cfg.json'), out = path.join(dir, 'cli.h5');
  fs.writeFileSync(conf, JSON.stringify({ rho_gcc: [1e11], T_MeV: [5], Ye: [0.4], bin_edges_MeV: [0, 5, 15, 40], sub_points: 0, kernels: { T_MeV: { min: 1, max: 10, n: 2 }, eta: { min: 0.5, max: 50, n: 3 } } }));
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'table', 'build', '--config', conf, '--out', out, '--json', '--threads', '2'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(j.provenance.nes_kernels).toEqual({ Itemp: 2, Ieta: 3, pair: false, quadrature: 'accurate' });
  const raw = await rawFile(out);
  expect(raw.keys).toContain('inelastic_phi0');
  expect(raw.keys).not.toContain('epannihil_phi0');
  raw.f.close();
  const d = await readNulibTable(out);
  expect(d.kernels!.pair_phi0).toBeUndefined();
  expect(d.kernels!.T_MeV.length).toBe(2);
  expect(d.kernels!.eta.length).toBe(3);
  expect(d.kernels!.phi0.length).toBe(3 * 3 * 3 * 3 * 2);
  const v = nesKernel(10, 50, 10, 2.5, 'nue');
  const idx = (((0 * 3 + 0) * 3 + 1) * 3 + 2) * 2 + 1; // E_out = group 0, nue, E_in = group 1, eta 50, T 10
  expect(rel(d.kernels!.phi0[idx], v.phi0)).toBeLessThan(1e-12);
  // a malformed kernels section is an input error (exit code 2), not a crash
  fs.writeFileSync(conf, JSON.stringify({ rho_gcc: [1e11], T_MeV: [5], Ye: [0.4], bin_edges_MeV: [0, 5, 15, 40], kernels: { T_MeV: 'x', eta: [1] } }));
  const bad = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'table', 'build', '--config', conf, '--out', out, '--json'], { encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/kernels\.T_MeV/);
});
