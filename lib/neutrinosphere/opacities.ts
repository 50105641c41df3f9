/**
 * Opacities on a profile supplied by the user (so another code's opacities can be reproduced
 * exactly): JSON or HDF5 with `bin_edges_MeV` (groups + 1), `kappa_a_cm`, `kappa_s_cm` [cm⁻¹] and
 * `eta` [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹], each indexed [species][zone][group], species order nue, anue, nux.
 * In memory: one Float64Array per species and quantity, [zone][group] (groups contiguous).
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { InvalidInputError, IoError } from '../core/errors';
import { openForRead, readDataset } from '../io/hdf5';
import { SPECIES, opacities, type OpacityOptions, type Species } from '../opacity';
import type { OpacityTable } from '../opacity/table';
import type { Eos } from '../eos';

/** Opacities of every species on every zone and group. */
export interface ProfileOpacities {
  /** group edges [MeV] */
  bin_edges_MeV: Float64Array;
  /** group centres [MeV] */
  energies_MeV: Float64Array;
  zones: number;
  /** [cm⁻¹], [zone][group] per species (stimulated-absorption corrected) */
  kappa_a: Record<Species, Float64Array>;
  /** [cm⁻¹], transport, [zone][group] */
  kappa_s: Record<Species, Float64Array>;
  /** spectral emissivity at the group [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹], [zone][group] */
  eta: Record<Species, Float64Array>;
}

function centres(edges: Float64Array): Float64Array {
  const c = new Float64Array(edges.length - 1);
  for (let g = 0; g < c.length; g++) c[g] = 0.5 * (edges[g] + edges[g + 1]);
  return c;
}

/** Validates sizes and values; errors name species, zone and group. */
export function validateOpacities(o: ProfileOpacities, zones: number, source = 'opacities'): ProfileOpacities {
  const e = o.bin_edges_MeV;
  if (e.length < 2) throw new InvalidInputError(`${source}: bin_edges_MeV needs at least 2 edges`, 'bin_edges_MeV');
  e.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new InvalidInputError(`${source}: bin_edges_MeV[${i}] must be finite and >= 0`, `bin_edges_MeV[${i}]`);
    if (i && !(v > e[i - 1])) throw new InvalidInputError(`${source}: bin_edges_MeV[${i}]: edges must increase`, `bin_edges_MeV[${i}]`);
  });
  const ng = e.length - 1;
  if (o.zones !== zones) throw new InvalidInputError(`${source}: ${o.zones} zones, the profile has ${zones}`, 'zones');
  for (const q of ['kappa_a', 'kappa_s', 'eta'] as const) {
    for (const s of SPECIES) {
      const a = o[q][s];
      if (!a || a.length !== zones * ng) throw new InvalidInputError(`${source}: ${q}[${s}] must hold zones × groups = ${zones * ng} values`, `${q}.${s}`);
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i]) || a[i] < 0) {
          const z = Math.floor(i / ng), g = i % ng;
          throw new InvalidInputError(`${source}: ${q}[${s}] zone ${z} group ${g}: must be finite and >= 0, got ${a[i]}`, `${q}[${s}][${z}][${g}]`);
        }
      }
    }
  }
  return o;
}

function fromNested(obj: Record<string, unknown>, zones: number, source: string): ProfileOpacities {
  const edges = obj.bin_edges_MeV;
  if (!Array.isArray(edges)) throw new InvalidInputError(`${source}: missing bin_edges_MeV`, 'bin_edges_MeV');
  const bin_edges_MeV = Float64Array.from(edges as number[]);
  const ng = bin_edges_MeV.length - 1;
  const take = (name: string): Record<Species, Float64Array> => {
    const v = obj[name];
    if (!Array.isArray(v) || v.length !== 3) throw new InvalidInputError(`${source}: ${name} must be [species][zone][group] with 3 species (nue, anue, nux)`, name);
    const out = {} as Record<Species, Float64Array>;
    SPECIES.forEach((s, k) => {
      const zs = v[k];
      if (!Array.isArray(zs) || zs.length !== zones) throw new InvalidInputError(`${source}: ${name}[${s}] must have ${zones} zones`, `${name}[${s}]`);
      const a = new Float64Array(zones * ng);
      zs.forEach((row: unknown, z: number) => {
        if (!Array.isArray(row) || row.length !== ng) throw new InvalidInputError(`${source}: ${name}[${s}] zone ${z} must have ${ng} groups`, `${name}[${s}][${z}]`);
        row.forEach((x: unknown, g: number) => {
          if (typeof x !== 'number') throw new InvalidInputError(`${source}: ${name}[${s}] zone ${z} group ${g}: not a number`, `${name}[${s}][${z}][${g}]`);
          a[z * ng + g] = x;
        });
      });
      out[s] = a;
    });
    return out;
  };
  return validateOpacities(
    { bin_edges_MeV, energies_MeV: centres(bin_edges_MeV), zones, kappa_a: take('kappa_a_cm'), kappa_s: take('kappa_s_cm'), eta: take('eta') },
    zones,
    source,
  );
}

/** Loads user opacities (JSON or HDF5) for a profile of `zones` zones. */
export async function loadProfileOpacities(file: string, zones: number): Promise<ProfileOpacities> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5') {
    const f = await openForRead(file);
    try {
      const bin_edges_MeV = readDataset(f, 'bin_edges_MeV', { rank: 1, file }).data;
      const ng = bin_edges_MeV.length - 1;
      const take = (name: string) => {
        const d = readDataset(f, name, { shape: [3, zones, ng], file }).data;
        const out = {} as Record<Species, Float64Array>;
        SPECIES.forEach((s, k) => (out[s] = d.slice(k * zones * ng, (k + 1) * zones * ng)));
        return out;
      };
      return validateOpacities({ bin_edges_MeV, energies_MeV: centres(bin_edges_MeV), zones, kappa_a: take('kappa_a_cm'), kappa_s: take('kappa_s_cm'), eta: take('eta') }, zones, file);
    } finally {
      f.close();
    }
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new IoError(`${file}: cannot read (${(e as Error).message})`, 'file', e);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(`${file}: not valid JSON: ${(e as Error).message}`, 'file', e);
  }
  if (typeof obj !== 'object' || obj === null) throw new InvalidInputError(`${file}: expected a JSON object`, 'file');
  return fromNested(obj as Record<string, unknown>, zones, file);
}

/** Default energy groups for opacities on a profile: 24 log-spaced groups from 1 to 300 MeV. */
export function defaultGroupEdges(n = 24, min = 1, max = 300): Float64Array {
  return Float64Array.from({ length: n + 1 }, (_, i) => min * Math.pow(max / min, i / n));
}

/**
 * Opacities on a profile computed by the engine: from the EOS + OpacitySet at each zone (spectral
 * values at the group centres; `sub` > 1 averages κ and η over `sub` Gauss points per group), or
 * interpolated from an opacity table (group values; η converted back to per MeV).
 */
export async function computeProfileOpacities(
  profile: { r_cm: Float64Array; rho_gcc: Float64Array; T_MeV: Float64Array; Ye: Float64Array },
  opts: { bin_edges_MeV?: Float64Array | number[]; eos?: Eos; opacity?: OpacityOptions; table?: OpacityTable; clamp?: boolean } = {},
): Promise<ProfileOpacities> {
  const nz = profile.r_cm.length;
  if (opts.table) {
    const d = opts.table.data();
    const edges = d.bin_edges_MeV, ng = edges.length - 1;
    const out = empty(nz, ng, edges);
    for (let z = 0; z < nz; z++)
      for (const s of SPECIES) {
        const v = opts.table.interpolate(profile.rho_gcc[z], profile.T_MeV[z], profile.Ye[z], s, { clamp: opts.clamp });
        for (let g = 0; g < ng; g++) {
          out.kappa_a[s][z * ng + g] = v.kappa_a[g];
          out.kappa_s[s][z * ng + g] = v.kappa_s[g];
          out.eta[s][z * ng + g] = v.eta[g] / (edges[g + 1] - edges[g]);
        }
      }
    return out;
  }
  const edges = Float64Array.from(opts.bin_edges_MeV ?? defaultGroupEdges());
  const ng = edges.length - 1;
  const out = empty(nz, ng, edges);
  for (let z = 0; z < nz; z++) {
    const r = opacities({ rho_gcc: profile.rho_gcc[z], T_MeV: profile.T_MeV[z], Ye: profile.Ye[z], eos: opts.eos }, out.energies_MeV, { ...(opts.opacity ?? {}) });
    for (const s of SPECIES) {
      const t = r.total[s]!;
      for (let g = 0; g < ng; g++) {
        out.kappa_a[s][z * ng + g] = t.kappa_a[g];
        out.kappa_s[s][z * ng + g] = t.kappa_s[g];
        out.eta[s][z * ng + g] = t.eta[g];
      }
    }
  }
  return validateOpacities(out, nz, 'engine opacities');
}

function empty(nz: number, ng: number, edges: Float64Array): ProfileOpacities {
  const mk = () => ({ nue: new Float64Array(nz * ng), anue: new Float64Array(nz * ng), nux: new Float64Array(nz * ng) });
  return { bin_edges_MeV: edges, energies_MeV: centres(edges), zones: nz, kappa_a: mk(), kappa_s: mk(), eta: mk() };
}
