/**
 * Reader and writer of EOS tables in the stellarcollapse.org HDF5 layout (O'Connor & Ott 2010,
 * CQG 27, 114103; FORMATS.md): integer scalars pointsrho, pointstemp, pointsye; double energy_shift
 * [erg/g]; axes logrho (log10 g cm⁻³), logtemp (log10 MeV), ye; 3-D tables in Fortran order
 * (rho, temp, ye), i.e. the C view [ye][temp][rho] used here unchanged: logpress (log10 dyn cm⁻²),
 * logenergy (log10 of e + energy_shift, erg/g), entropy (k_B/baryon), munu, muhat, mu_e, mu_p, mu_n
 * (MeV), Xa, Xh, Xn, Xp, Abar, Zbar, cs2 (cm² s⁻²), gamma; plus dedt, dpdrhoe, dpderho when present.
 * Conventions (PHYSICS.md §0): mu_e includes m_e c²; muhat = mu_n − mu_p includes Δ; munu = mu_e − muhat.
 * @module
 */
import { IoError } from '../core/errors';
import { writeAtomically } from '../io/atomic';
import { hdf5, openForRead, readDataset, readScalar } from '../io/hdf5';

/** The 3-D variables nusphere reads and writes, in the native TableVar order. */
export const EOS_TABLE_VARS = [
  'logpress', 'logenergy', 'entropy', 'munu', 'muhat', 'mu_e', 'mu_p', 'mu_n',
  'Xa', 'Xh', 'Xn', 'Xp', 'Abar', 'Zbar', 'cs2', 'gamma',
] as const;
export type EosTableVar = (typeof EOS_TABLE_VARS)[number];

/** A table in memory: axes and one Float64Array per variable, index (iye·ntemp + it)·nrho + ir. */
export interface EosTableData {
  logrho: Float64Array;
  logtemp: Float64Array;
  ye: Float64Array;
  /** [erg/g] */
  energy_shift: number;
  fields: Record<EosTableVar, Float64Array>;
}

/** Largest table accepted (elements per 3-D variable): guards memory against hostile headers. */
export const MAX_EOS_TABLE_POINTS = 5e7;

/** Reads a stellarcollapse.org table; IoError naming the dataset on any layout problem. */
export async function readStellarCollapse(path: string): Promise<EosTableData> {
  const f = await openForRead(path);
  try {
    const nr = readScalar(f, 'pointsrho', path);
    const nt = readScalar(f, 'pointstemp', path);
    const ny = readScalar(f, 'pointsye', path);
    for (const [name, n] of [['pointsrho', nr], ['pointstemp', nt], ['pointsye', ny]] as const) {
      if (!Number.isInteger(n) || n < 2 || n > 1e5) throw new IoError(`${path}: ${name} = ${n} is not a valid axis size`, name);
    }
    if (nr * nt * ny > MAX_EOS_TABLE_POINTS) throw new IoError(`${path}: ${nr}×${nt}×${ny} points exceed the limit ${MAX_EOS_TABLE_POINTS}`, 'pointsrho');
    const logrho = readDataset(f, 'logrho', { shape: [nr], file: path }).data;
    const logtemp = readDataset(f, 'logtemp', { shape: [nt], file: path }).data;
    const ye = readDataset(f, 'ye', { shape: [ny], file: path }).data;
    const energy_shift = readScalar(f, 'energy_shift', path);
    const fields = {} as Record<EosTableVar, Float64Array>;
    for (const v of EOS_TABLE_VARS) {
      const d = readDataset(f, v, { shape: [ny, nt, nr], file: path }).data;
      const bad = d.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new IoError(`${path}: dataset '${v}' holds a non-finite value at flat index ${bad}`, v);
      fields[v] = d;
    }
    return { logrho, logtemp, ye, energy_shift, fields };
  } finally {
    f.close();
  }
}

/** Writes a table atomically (temporary name, then rename) with a provenance attribute. */
export async function writeStellarCollapse(path: string, t: EosTableData, provenance: Record<string, unknown> = {}): Promise<void> {
  const nr = t.logrho.length, nt = t.logtemp.length, ny = t.ye.length;
  for (const v of EOS_TABLE_VARS) {
    if (t.fields[v]?.length !== nr * nt * ny) throw new IoError(`table variable ${v} has the wrong size`, v);
  }
  const m = await hdf5();
  await writeAtomically(path, (tmp) => {
    const f = new m.File(tmp, 'w');
    try {
      f.create_dataset({ name: 'pointsrho', data: nr, dtype: '<i4' });
      f.create_dataset({ name: 'pointstemp', data: nt, dtype: '<i4' });
      f.create_dataset({ name: 'pointsye', data: ny, dtype: '<i4' });
      f.create_dataset({ name: 'energy_shift', data: t.energy_shift, dtype: '<d' });
      f.create_dataset({ name: 'logrho', data: t.logrho, shape: [nr], dtype: '<d' });
      f.create_dataset({ name: 'logtemp', data: t.logtemp, shape: [nt], dtype: '<d' });
      f.create_dataset({ name: 'ye', data: t.ye, shape: [ny], dtype: '<d' });
      for (const v of EOS_TABLE_VARS) f.create_dataset({ name: v, data: t.fields[v], shape: [ny, nt, nr], dtype: '<d' });
      f.create_attribute('nusphere_provenance', JSON.stringify(provenance));
    } finally {
      f.close();
    }
  });
}
