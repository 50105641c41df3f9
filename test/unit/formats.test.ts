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

  // A minimal file in NuLib's layout with ns species (C view [group][species][ye][temp][rho]); value(g, s, j)
  // at point j of the (ye, temp, rho) block; optional NES/pair kernels with a given per-species value.
  async function nulibFile(name: string, ns: number, value: (k: string, g: number, s: number, j: number) => number, kernel?: (k: string, s: number) => number) {
    const nr = 2, nt = 1, ny = 1, ng = 2, plane = ny * nt * nr;
    const file = path.join(dir, name);
    const m = await hdf5();
    const f = new m.File(file, 'w');
    const i4 = (k: string, v: number) => f.create_dataset({ name: k, data: Int32Array.of(v), shape: [1], dtype: '<i4' });
    const d1 = (k: string, v: number[]) => f.create_dataset({ name: k, data: Float64Array.from(v), shape: [v.length], dtype: '<d' });
    i4('number_species', ns); i4('number_groups', ng); i4('nrho', nr); i4('ntemp', nt); i4('nye', ny);
    d1('rho_points', [1e10, 1e12]); d1('temp_points', [5]); d1('ye_points', [0.3]);
    d1('neutrino_energies', [1, 3]); d1('bin_widths', [2, 2]); d1('bin_bottom', [0, 2]); d1('bin_top', [2, 4]);
    for (const k of ['emissivities', 'absorption_opacity', 'scattering_opacity']) {
      const v = new Float64Array(ng * ns * plane);
      for (let g = 0; g < ng; g++) for (let sp = 0; sp < ns; sp++) for (let j = 0; j < plane; j++) v[(g * ns + sp) * plane + j] = value(k, g, sp, j);
      f.create_dataset({ name: k, data: v, shape: [ng, ns, ny, nt, nr], dtype: '<d' });
    }
    if (kernel) {
      const nIT = 2, nIe = 1, inner = ng * nIe * nIT;
      i4('Itemp', nIT); i4('Ieta', nIe); d1('temp_Ipoints', [1, 10]); d1('eta_Ipoints', [1]);
      for (const [k, outer] of [['inelastic_phi0', ng], ['inelastic_phi1', ng], ['epannihil_phi0', 2 * ng], ['epannihil_phi1', 2 * ng]] as const) {
        const v = new Float64Array(outer * ns * inner);
        for (let o = 0; o < outer; o++) for (let sp = 0; sp < ns; sp++) v.fill(kernel(k, sp), (o * ns + sp) * inner, (o * ns + sp + 1) * inner);
        f.create_dataset({ name: k, data: v, shape: k.startsWith('epannihil') ? [2, ng, ns, ng, nIe, nIT] : [ng, ns, ng, nIe, nIT], dtype: '<d' });
      }
    }
    f.close();
    return file;
  }

  test('4 and 6 species (NuLib schemes 2, 3): nux opacities and kernels = mean of the heavy species, nux eta = their sum / 4; other counts refused', async () => {
    // species s holds (s + 1)·base; emissivity per MeV, bins 2 MeV wide
    const base: Record<string, number> = { emissivities: 1e20, absorption_opacity: 1e-3, scattering_opacity: 1e-2 };
    for (const ns of [4, 6]) {
      const file = await nulibFile(`ns${ns}.h5`, ns, (k, g, sp, j) => (sp + 1) * base[k] * (1 + g + 10 * j), (k, sp) => (sp + 1) * (k.endsWith('1') ? 1e-40 : 1e-39));
      const t = await readNulibTable(file);
      expect(t.species).toBe(3);
      expect(t.nulib_species).toMatchObject({ number_species: ns, neutrino_scheme: ns === 4 ? 2 : 3 });
      const heavy = ns === 4 ? [3, 4] : [3, 4, 5, 6]; // (s + 1) of the heavy species
      const sum = heavy.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 2; j++)
        for (let g = 0; g < 2; g++) {
          const i = (j * 3 + 2) * 2 + g, w = 1 + g + 10 * j;
          expect(t.kappa_a[i]).toBeCloseTo((sum / heavy.length) * 1e-3 * w, 15);
          expect(t.kappa_s[i] / ((sum / heavy.length) * 1e-2 * w)).toBeCloseTo(1, 14);
          expect(t.eta[i] / (((sum * 1e20 * w) * 2) / 4)).toBeCloseTo(1, 14);
          expect(t.eta[(j * 3 + 1) * 2 + g] / (2 * 1e20 * w * 2)).toBeCloseTo(1, 14); // anue as it is
        }
      const k = t.kernels!;
      expect(k.phi0.length).toBe(2 * 3 * 2 * 1 * 2);
      expect(k.phi0[(0 * 3 + 2) * 4] / ((sum / heavy.length) * 1e-39)).toBeCloseTo(1, 14);
      expect(k.pair_phi1![(3 * 3 + 2) * 4 + 3] / ((sum / heavy.length) * 1e-40)).toBeCloseTo(1, 14);
      expect(k.pair_phi1![(3 * 3 + 1) * 4 + 3]).toBe(2e-40);
    }
    // NuLib's floor: heavy entries at 1e-300 count as zero and the nux value is floored again (scheme 1 writes 1e-300, not 4e-300)
    const floored = await readNulibTable(await nulibFile('ns6-floor.h5', 6, (k, g, sp) => (k === 'emissivities' && sp >= 2 ? (g === 0 ? 1e-300 : sp === 2 ? 8e-290 : 1e-300) : 1)));
    expect(floored.eta[2 * 2 + 0]).toBe((1e-300 * 2) / 4);
    expect(floored.eta[2 * 2 + 1]).toBe((8e-290 * 2) / 4);
    // other species counts
    for (const ns of [1, 2, 5, 7]) {
      await expect(readNulibTable(await nulibFile(`ns${ns}.h5`, ns, () => 1))).rejects.toMatchObject({ code: 'IO', field: 'number_species' });
    }
  });

  test('a 4-species file with NuLib\'s scheme-2 pair-kernel defect (heavy antineutrino slot zero) is refused naming epannihil_phi0', async () => {
    const file = await nulibFile('ns4-pair-bug.h5', 4, () => 1, (k, sp) => (k.startsWith('epannihil') && sp === 3 ? 0 : 1e-39));
    await expect(readNulibTable(file)).rejects.toMatchObject({ code: 'IO', field: 'epannihil_phi0' });
    // without pair kernels in that slot pattern (both heavy slots zero: pair kernels off for heavy flavours) it loads
    const off = await nulibFile('ns4-pair-off.h5', 4, () => 1, (k, sp) => (k.startsWith('epannihil') && sp >= 2 ? 0 : 1e-39));
    expect((await readNulibTable(off)).kernels!.pair_phi0![2 * 4]).toBe(0);
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
