// NuLib's 4- and 6-species tables (neutrino_scheme 2 and 3), written by NuLib's own table maker at the
// same points and states as test/vectors/nulib_written_small.h5 (scheme 1, 3 species); how they were
// made: test/vectors/nulib_written_small.md, section "4- and 6-species versions". readNulibTable folds
// their heavy species into nusphere's one-flavour nux; the fold must give what NuLib's scheme 1 wrote.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { readNulibTable, NULIB_VALUE_FLOOR, type OpacityTableData } from '../../lib/opacity/nulib-format';
import { OpacityTable } from '../../lib/opacity/table';
import { hdf5 } from '../../lib/io/hdf5';

const vectors = path.join(__dirname, '..', 'vectors');
const file3 = path.join(vectors, 'nulib_written_small.h5');
const file4 = path.join(vectors, 'nulib_written_small_ns4.h5');
const file6 = path.join(vectors, 'nulib_written_small_ns6.h5');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-nulibns-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NR = 4, NT = 4, NY = 3, NG = 6, ITEMP = 4, IETA = 3;
const PLANE = NY * NT * NR; // one (group, species) block of a 5-D dataset
const KINNER = NG * IETA * ITEMP; // one (E_out, species) block of a kernel dataset
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));
const DATASETS = ['emissivities', 'absorption_opacity', 'scattering_opacity'] as const;
const KERNELS = ['inelastic_phi0', 'inelastic_phi1'] as const;

async function raw(file: string): Promise<Record<string, Float64Array | number[]>> {
  const m = await hdf5();
  const f = new m.File(file, 'r');
  try {
    const out: Record<string, Float64Array | number[]> = {};
    for (const k of f.keys()) {
      const v = (f.get(k) as { value: unknown }).value;
      // NuLib writes its scalars with shape [1], nusphere's writer as 0-d datasets
      out[k] = v instanceof Float64Array ? v : typeof v === 'number' ? [v] : Array.from(v as ArrayLike<number>);
    }
    return out;
  } finally {
    f.close();
  }
}

test('the 4- and 6-species files: NuLib\'s layout with 4 and 6 species, the same axes, groups and NES grid as the 3-species file', async () => {
  const r3 = await raw(file3);
  for (const [file, ns] of [[file4, 4], [file6, 6]] as const) {
    const r = await raw(file);
    expect(Object.keys(r).sort()).toEqual(Object.keys(r3).sort());
    expect([r.number_species, r.number_groups, r.nrho, r.ntemp, r.nye, r.Itemp, r.Ieta]).toEqual([[ns], [NG], [NR], [NT], [NY], [ITEMP], [IETA]]);
    for (const k of ['rho_points', 'temp_points', 'ye_points', 'neutrino_energies', 'bin_widths', 'bin_bottom', 'bin_top', 'temp_Ipoints', 'eta_Ipoints']) {
      expect(Array.from(r[k])).toEqual(Array.from(r3[k]));
    }
    for (const k of DATASETS) expect(r[k].length).toBe(NG * ns * PLANE);
    for (const k of KERNELS) expect(r[k].length).toBe(NG * ns * KINNER);
  }
});

test('(a) nue and anue: the raw 4- and 6-species values equal the 3-species file\'s bit for bit, and so do they after import', async () => {
  const r3 = await raw(file3), t3 = await readNulibTable(file3);
  for (const [file, ns] of [[file4, 4], [file6, 6]] as const) {
    const r = await raw(file);
    let compared = 0;
    for (const k of DATASETS)
      for (let g = 0; g < NG; g++)
        for (let s = 0; s < 2; s++)
          for (let j = 0; j < PLANE; j++) {
            if (r[k][(g * ns + s) * PLANE + j] !== r3[k][(g * 3 + s) * PLANE + j]) throw new Error(`${k} group ${g} species ${s} point ${j} differs`);
            compared++;
          }
    for (const k of KERNELS)
      for (let o = 0; o < NG; o++)
        for (let s = 0; s < 2; s++)
          for (let j = 0; j < KINNER; j++) {
            if (r[k][(o * ns + s) * KINNER + j] !== r3[k][(o * 3 + s) * KINNER + j]) throw new Error(`${k} E_out ${o} species ${s} entry ${j} differs`);
            compared++;
          }
    expect(compared).toBe(2 * (3 * NG * PLANE + 2 * NG * KINNER));
    const t = await readNulibTable(file);
    expect(t.species).toBe(3);
    for (const k of ['rho_gcc', 'T_MeV', 'Ye', 'bin_edges_MeV', 'energies_MeV'] as const) expect(Array.from(t[k])).toEqual(Array.from(t3[k]));
    const n = NY * NT * NR;
    for (const k of ['kappa_a', 'kappa_s', 'eta'] as const)
      for (let p = 0; p < n; p++)
        for (let s = 0; s < 2; s++)
          for (let g = 0; g < NG; g++) {
            const i = (p * 3 + s) * NG + g;
            if (t[k][i] !== t3[k][i]) throw new Error(`imported ${k} point ${p} species ${s} group ${g}: ${t[k][i]} vs ${t3[k][i]}`);
          }
    for (const k of ['phi0', 'phi1'] as const)
      for (let o = 0; o < NG; o++)
        for (let s = 0; s < 2; s++)
          for (let j = 0; j < KINNER; j++) {
            const i = (o * 3 + s) * KINNER + j;
            if (t.kernels![k][i] !== t3.kernels![k][i]) throw new Error(`imported ${k} entry ${i} differs`);
          }
  }
});

test('(b) nux after import equals the 3-species table\'s nux after import (the fold is NuLib\'s scheme-1 combination), kernels too', async () => {
  const t3 = await readNulibTable(file3);
  expect(t3.nulib_species).toBeUndefined();
  const r3 = await raw(file3);
  // nux emissivity entries NuLib floored at 1e-300 (scheme 1: after summing the 4 flavours)
  let flooredNux = 0;
  for (let g = 0; g < NG; g++) for (let j = 0; j < PLANE; j++) if (r3.emissivities[(g * 3 + 2) * PLANE + j] <= NULIB_VALUE_FLOOR) flooredNux++;
  expect(flooredNux).toBeGreaterThan(0); // the floor refinement of the fold is exercised
  const lines: string[] = [];
  for (const [file, ns] of [[file4, 4], [file6, 6]] as const) {
    const t: OpacityTableData = await readNulibTable(file);
    expect(t.nulib_species).toMatchObject({ number_species: ns, neutrino_scheme: ns === 4 ? 2 : 3 });
    expect(t.nulib_species!.note).toMatch(/neutrino\/antineutrino difference/);
    const worst: Record<string, number> = {};
    const n = NY * NT * NR;
    for (const k of ['kappa_a', 'kappa_s', 'eta'] as const)
      for (let p = 0; p < n; p++)
        for (let g = 0; g < NG; g++) {
          const i = (p * 3 + 2) * NG + g;
          worst[k] = Math.max(worst[k] ?? 0, rel(t[k][i], t3[k][i]));
        }
    for (const k of ['phi0', 'phi1'] as const)
      for (let o = 0; o < NG; o++)
        for (let j = 0; j < KINNER; j++) {
          const i = (o * 3 + 2) * KINNER + j;
          worst[k] = Math.max(worst[k] ?? 0, rel(t.kernels![k][i], t3.kernels![k][i]));
        }
    expect(t.kernels!.pair_phi0).toBeUndefined();
    for (const [k, v] of Object.entries(worst)) expect({ ns, k, ok: v <= 1e-14 }).toEqual({ ns, k, ok: true });
    lines.push(`  ${ns} species: ` + Object.entries(worst).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', '));
  }
  // eslint-disable-next-line no-console
  console.log(`nux folded from NuLib's 4/6-species tables vs NuLib's 3-species nux (max relative difference; ${flooredNux} nux emissivities at NuLib's 1e-300 floor included):\n` + lines.join('\n'));
});

test('(c) the 6-species file\'s heavy neutrinos and antineutrinos differ (the fold averages a real difference); mu and tau are equal', async () => {
  const r = await raw(file6);
  const worst: Record<string, { d: number; where: string }> = {};
  let muTau = 0;
  for (const k of [...DATASETS, ...KERNELS]) {
    const inner = k.startsWith('inelastic') ? KINNER : PLANE;
    for (let o = 0; o < NG; o++)
      for (let j = 0; j < inner; j++) {
        const at = (s: number) => r[k][(o * 6 + s) * inner + j];
        // species 2 numu, 3 anumu, 4 nutau, 5 anutau
        if (at(2) !== at(4) || at(3) !== at(5)) muTau++;
        if (at(2) <= NULIB_VALUE_FLOOR && at(3) <= NULIB_VALUE_FLOOR) continue;
        const d = rel(at(3), at(2));
        if (d > (worst[k]?.d ?? 0)) {
          const E = (r.neutrino_energies as Float64Array)[o].toPrecision(3);
          const where = k.startsWith('inelastic')
            ? `E_out ${E} MeV, E_in ${(r.neutrino_energies as Float64Array)[Math.floor(j / (IETA * ITEMP))].toPrecision(3)} MeV, eta ${(r.eta_Ipoints as Float64Array)[Math.floor(j / ITEMP) % IETA].toPrecision(3)}, T ${(r.temp_Ipoints as Float64Array)[j % ITEMP].toPrecision(3)} MeV`
            : `E ${E} MeV, rho ${(r.rho_points as Float64Array)[j % NR].toExponential(0)}, T ${(r.temp_points as Float64Array)[Math.floor(j / NR) % NT].toPrecision(3)} MeV, Ye ${(r.ye_points as Float64Array)[Math.floor(j / (NR * NT))]}`;
          worst[k] = { d, where };
        }
      }
  }
  expect(muTau).toBe(0);
  for (const k of [...DATASETS, ...KERNELS]) expect({ k, differs: (worst[k]?.d ?? 0) > 1e-2 }).toEqual({ k, differs: true });
  // eslint-disable-next-line no-console
  console.log(
    'NuLib 6-species table: max relative difference between heavy antineutrino and neutrino (anumu vs numu), lost on import:\n' +
      Object.entries(worst).map(([k, v]) => `  ${k}: ${v.d.toExponential(2)} (${v.where})`).join('\n'),
  );
});

test('round trip: load(6 species) → save (3 species) → load gives the same 3-species values; the provenance keeps the note', async () => {
  for (const file of [file4, file6]) {
    const a = await readNulibTable(file);
    const tbl = await OpacityTable.load(file);
    const back = path.join(dir, path.basename(file).replace('.h5', '_resaved.h5'));
    try {
      expect(tbl.provenance.nulib_species).toEqual(a.nulib_species);
      await tbl.save(back);
    } finally {
      tbl.dispose();
    }
    const r = await raw(back);
    expect(r.number_species).toEqual([3]);
    const b = await readNulibTable(back);
    expect(b.nulib_species).toBeUndefined();
    for (const k of ['rho_gcc', 'T_MeV', 'Ye', 'bin_edges_MeV', 'kappa_a', 'kappa_s'] as const) expect(Array.from(b[k])).toEqual(Array.from(a[k]));
    b.eta.forEach((v, i) => expect(rel(v, a.eta[i])).toBeLessThan(1e-15));
    expect(Array.from(b.kernels!.phi0)).toEqual(Array.from(a.kernels!.phi0));
    expect(Array.from(b.kernels!.phi1)).toEqual(Array.from(a.kernels!.phi1));
    const m = await hdf5();
    const f = new m.File(back, 'r');
    try {
      const prov = JSON.parse(String(f.attrs.nusphere_provenance.value));
      expect(prov.nulib_species.number_species).toBe(a.nulib_species!.number_species);
    } finally {
      f.close();
    }
  }
});
