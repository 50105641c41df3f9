/**
 * Transport results as HDF5 (h5wasm), written atomically with provenance: /energies_MeV, /r_cm, and per
 * species /<s>/{J,H,K} [zone][group] (group-integrated, erg cm⁻² s⁻¹ sr⁻¹), /<s>/Q [shell][group]
 * (erg cm⁻³ s⁻¹), /<s>/{E_ergcc, F_ergcm2s, L_ergs, fluxFactor} [zone].
 * @module
 */
import { writeAtomically } from '../io/atomic';
import { hdf5 } from '../io/hdf5';
import { SPECIES } from '../opacity';
import type { TransportResult } from './index';

export async function writeTransportHdf5(file: string, r: TransportResult, provenance: Record<string, unknown>): Promise<void> {
  const m = await hdf5();
  const nz = r.zones.r_cm.length, ng = r.energies_MeV.length;
  await writeAtomically(file, (tmp) => {
    const f = new m.File(tmp, 'w');
    try {
      f.create_dataset({ name: 'energies_MeV', data: r.energies_MeV, shape: [ng], dtype: '<d' });
      f.create_dataset({ name: 'r_cm', data: r.zones.r_cm, shape: [nz], dtype: '<d' });
      for (const s of SPECIES) {
        const g = r.groups[s], z = r.zones[s];
        (f as unknown as { create_group(n: string): void }).create_group(s);
        f.create_dataset({ name: `${s}/J`, data: g.J, shape: [nz, ng], dtype: '<d' });
        f.create_dataset({ name: `${s}/H`, data: g.H, shape: [nz, ng], dtype: '<d' });
        f.create_dataset({ name: `${s}/K`, data: g.K, shape: [nz, ng], dtype: '<d' });
        f.create_dataset({ name: `${s}/Q`, data: g.Q, shape: [nz - 1, ng], dtype: '<d' });
        f.create_dataset({ name: `${s}/E_ergcc`, data: z.E_ergcc, shape: [nz], dtype: '<d' });
        f.create_dataset({ name: `${s}/F_ergcm2s`, data: z.F_ergcm2s, shape: [nz], dtype: '<d' });
        f.create_dataset({ name: `${s}/L_ergs`, data: z.L_ergs, shape: [nz], dtype: '<d' });
        f.create_dataset({ name: `${s}/fluxFactor`, data: z.fluxFactor, shape: [nz], dtype: '<d' });
      }
      f.create_attribute('nusphere_provenance', JSON.stringify({ ...provenance, method: r.method, iterations: r.iterations, summary: r.summary }));
    } finally {
      f.close();
    }
  });
}
