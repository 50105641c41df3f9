// File formats: NuLib opacity tables and stellarcollapse.org EOS tables (layout, conventions,
// round trip, hostile files). Synthetic data: these tests are about the layout, not the physics.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { readNulibTable, writeNulibTable, NULIB_VALUE_FLOOR, type OpacityTableData } from '../../lib/opacity/nulib-format';
import { EOS_TABLE_VARS, readStellarCollapse, writeStellarCollapse, type EosTableData } from '../../lib/eos/stellarcollapse';
import { hdf5 } from '../../lib/io/hdf5';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-formats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function opacityTable(): OpacityTableData {
  const nr = 3, nt = 2, ny = 2, ns = 3, ng = 4;
  const n = nr * nt * ny * ns * ng;
  const f = (k: number) => Float64Array.from({ length: n }, (_, i) => (i + 1) * k);
  return {
    rho_gcc: Float64Array.of(1e10, 1e11, 1e12),
    T_MeV: Float64Array.of(1, 10),
    Ye: Float64Array.of(0.1, 0.5),
    bin_edges_MeV: Float64Array.of(0, 2, 4, 8, 16),
    energies_MeV: Float64Array.of(1, 3, 6, 12),
    species: ns,
    kappa_a: f(1e-6),
    kappa_s: f(2e-6),
    eta: f(3e10),
  };
}

describe('NuLib table layout', () => {
  test('round trip is exact; the file holds [group][species][ye][temp][rho], per-MeV emissivity, nux summed over 4 flavours', async () => {
    const t = opacityTable();
    const file = path.join(dir, 'op.h5');
    await writeNulibTable(file, t, { test: true });
    const back = await readNulibTable(file);
    expect(Array.from(back.kappa_a)).toEqual(Array.from(t.kappa_a));
    expect(Array.from(back.kappa_s)).toEqual(Array.from(t.kappa_s));
    back.eta.forEach((v, i) => expect(Math.abs(v - t.eta[i]) / t.eta[i]).toBeLessThan(1e-15));
    expect(Array.from(back.bin_edges_MeV)).toEqual(Array.from(t.bin_edges_MeV));
    // Inspect the raw file: group 3, species nux (2), ye 1, temp 0, rho 2.
    const m = await hdf5();
    const f = new m.File(file, 'r');
    const emis = (f.get('emissivities') as { value: Float64Array; shape: number[] });
    expect(emis.shape).toEqual([4, 3, 2, 2, 3]);
    const g = 3, s = 2, iy = 1, it = 0, ir = 2;
    const src = (((iy * 2 + it) * 3 + ir) * 3 + s) * 4 + g;
    const dst = (((g * 3 + s) * 2 + iy) * 2 + it) * 3 + ir;
    expect(emis.value[dst]).toBeCloseTo((t.eta[src] / 8) * 4, 0);
    f.close();
  });

  test('zeros are written as NuLib\'s 1e-300 floor: NuLib\'s reader takes log10 of the opacities without a floor', async () => {
    const t = opacityTable();
    t.kappa_a[0] = 0;
    t.kappa_s[5] = 0;
    t.eta[7] = 0;
    const file = path.join(dir, 'zeros.h5');
    await writeNulibTable(file, t);
    const m = await hdf5();
    const f = new m.File(file, 'r');
    for (const k of ['absorption_opacity', 'scattering_opacity', 'emissivities']) {
      const v = (f.get(k) as { value: Float64Array }).value;
      expect(Math.min(...v)).toBe(NULIB_VALUE_FLOOR);
      v.forEach((x) => expect(Number.isFinite(Math.log10(x))).toBe(true));
    }
    f.close();
    const back = await readNulibTable(file);
    expect(back.kappa_a[0]).toBe(NULIB_VALUE_FLOOR);
    expect(back.kappa_s[5]).toBe(NULIB_VALUE_FLOOR);
    expect(back.eta[7]).toBeLessThan(1e-299);
    expect(back.kappa_a[1]).toBe(t.kappa_a[1]);
  });

  test('wrong layout and truncated files give IoError naming the problem; nothing is left behind on failure', async () => {
    const t = opacityTable();
    const good = path.join(dir, 'good.h5');
    await writeNulibTable(good, t);
    // truncated
    const trunc = path.join(dir, 'trunc.h5');
    const bytes = fs.readFileSync(good);
    fs.writeFileSync(trunc, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(readNulibTable(trunc)).rejects.toMatchObject({ code: 'IO' });
    // not HDF5
    const junk = path.join(dir, 'junk.h5');
    fs.writeFileSync(junk, 'hello');
    await expect(readNulibTable(junk)).rejects.toMatchObject({ code: 'IO', field: 'file' });
    // an EOS table is not an opacity table
    const eosFile = path.join(dir, 'eos-as-opacity.h5');
    await writeStellarCollapse(eosFile, eosTable());
    await expect(readNulibTable(eosFile)).rejects.toMatchObject({ code: 'IO', field: 'number_species' });
    // missing file
    await expect(readNulibTable(path.join(dir, 'nope.h5'))).rejects.toMatchObject({ code: 'IO' });
    // a failing writer leaves no file
    const bad = { ...t, kappa_a: new Float64Array(3) };
    await expect(writeNulibTable(path.join(dir, 'bad.h5'), bad)).rejects.toMatchObject({ code: 'IO', field: 'kappa_a' });
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('bad') || n.endsWith('.tmp'))).toEqual([]);
  });
});

function eosTable(): EosTableData {
  const nr = 4, nt = 3, ny = 2;
  const fields = {} as EosTableData['fields'];
  EOS_TABLE_VARS.forEach((v, k) => (fields[v] = Float64Array.from({ length: nr * nt * ny }, (_, i) => i + k)));
  return { logrho: Float64Array.of(8, 9, 10, 11), logtemp: Float64Array.of(-1, 0, 1), ye: Float64Array.of(0.1, 0.5), energy_shift: 1e19, fields };
}

describe('stellarcollapse.org EOS layout', () => {
  test('round trip is exact', async () => {
    const t = eosTable();
    const file = path.join(dir, 'eos.h5');
    await writeStellarCollapse(file, t);
    const back = await readStellarCollapse(file);
    for (const v of EOS_TABLE_VARS) expect(Array.from(back.fields[v])).toEqual(Array.from(t.fields[v]));
    expect(back.energy_shift).toBe(1e19);
  });
  test('an opacity table is rejected naming the missing dataset', async () => {
    const file = path.join(dir, 'op-as-eos.h5');
    await writeNulibTable(file, opacityTable());
    await expect(readStellarCollapse(file)).rejects.toMatchObject({ code: 'IO', field: 'pointsrho' });
  });
});
