/**
 * Opacity tables in NuLib's HDF5 layout (FORMATS.md, NULIB.md §5), read and written so that tables
 * from NuLib load here and NuLib users (GR1D, SedonuGR, FLASH M1) can read ours.
 *
 * File: integer scalars number_species, number_groups, nrho, ntemp, nye; double timestamp; 1-D linear
 * axes rho_points [g cm⁻³], temp_points [MeV], ye_points, neutrino_energies (group centres),
 * bin_widths, bin_bottom, bin_top [MeV]; 5-D datasets in the C view [group][species][ye][temp][rho]:
 * emissivities [erg cm⁻³ s⁻¹ MeV⁻¹ sr⁻¹, per unit energy], absorption_opacity [cm⁻¹, stimulated
 * absorption included], scattering_opacity [cm⁻¹, transport].
 *
 * Species conventions: in NuLib's 3-species scheme the nux OPACITIES are the mean of the four heavy
 * flavours but the nux EMISSIVITY is their SUM. nusphere's nux is ONE flavour (PHYSICS.md §0), so
 * the nux emissivity is multiplied by 4 on export and divided by 4 on import. nusphere stores the
 * group-INTEGRATED emissivity [erg cm⁻³ s⁻¹ sr⁻¹]; the file holds it per MeV (divided by the bin width).
 *
 * Optional NES kernel table (written when the table has one, read when the file has one): integer
 * scalars Itemp, Ieta; 1-D temp_Ipoints [MeV], eta_Ipoints (η_e = mu_e/T); inelastic_phi0,
 * inelastic_phi1 [cm³ s⁻¹] in NuLib's Fortran order (T, η, E_in, species, E_out) = C view
 * [E_out][species][E_in][η][T], the same order nusphere keeps in memory. nux kernels are one-flavour
 * values, which is also NuLib's scheme-1 convention (kernels are averaged, not summed). Optional e⁺e⁻
 * pair kernels on the same (T, η) grid: epannihil_phi0, epannihil_phi1 [cm³ s⁻¹], Fortran order
 * (T, η, E, species, E_partner, channel) = C view [channel][E_partner][species][E][η][T], channel
 * 0 = production, 1 = annihilation (NuLib's 1, 2).
 * @module
 */
import { IoError } from '../core/errors';
import { writeAtomically } from '../io/atomic';
import { hdf5, openForRead, readDataset, readScalar } from '../io/hdf5';

/** Number of heavy flavours summed into NuLib's 3-species nux emissivity. */
export const NULIB_NUX_FLAVOURS = 4;

/**
 * Smallest value written to the 5-D datasets. NuLib's own tables never hold zeros (its
 * single_point_return_all floors its final arrays at 1e-300, NULIB.md §6 item 5), and NuLib's reader
 * (nulibtable_reader) takes log10 of absorption_opacity and scattering_opacity without a floor, so a
 * zero would become -Infinity in every code that reads tables through it. nusphere's own interpolator
 * floors at the same 1e-300 before taking logs, so interpolated values do not change.
 */
export const NULIB_VALUE_FLOOR = 1e-300;

/** An opacity table in nusphere's in-memory layout: index (((iye·nT + iT)·nrho + irho)·nsp + s)·ng + g. */
export interface OpacityTableData {
  rho_gcc: Float64Array;
  T_MeV: Float64Array;
  Ye: Float64Array;
  /** group edges [MeV], ng + 1 values */
  bin_edges_MeV: Float64Array;
  /** group centres [MeV] */
  energies_MeV: Float64Array;
  /** species count (3: nue, anue, nux — nux one flavour) */
  species: number;
  /** group-averaged absorption opacity, stimulated-absorption corrected [cm⁻¹] */
  kappa_a: Float64Array;
  /** group-averaged transport scattering opacity [cm⁻¹] */
  kappa_s: Float64Array;
  /** group-integrated emissivity, one flavour [erg cm⁻³ s⁻¹ sr⁻¹] */
  eta: Float64Array;
  /** NES kernel table, when present */
  kernels?: NesKernelTable;
}

/**
 * NES kernel table: Φ0, Φ1 [cm³ s⁻¹] of the out-scattering kernel at the group centres, index
 * (((o·nsp + s)·ng + i)·nη + iη)·nT + iT for E_in = group i, E_out = group o (NuLib's C view
 * [E_out][species][E_in][η][T]).
 */
export interface NesKernelTable {
  /** temperatures [MeV] (NuLib's temp_Ipoints; Itemp values) */
  T_MeV: Float64Array;
  /** electron degeneracies η_e = mu_e/T (NuLib's eta_Ipoints; Ieta values) */
  eta: Float64Array;
  /** Φ0 [cm³ s⁻¹] */
  phi0: Float64Array;
  /** Φ1 [cm³ s⁻¹] */
  phi1: Float64Array;
  /** e⁺e⁻ pair kernel Φ0 [cm³ s⁻¹], C view [channel][E_partner][species][E][η][T] (channel 0 production, 1 annihilation) */
  pair_phi0?: Float64Array;
  /** e⁺e⁻ pair kernel Φ1 [cm³ s⁻¹], same layout */
  pair_phi1?: Float64Array;
}

function checkKernels(k: NesKernelTable, ng: number, ns: number): number[] {
  const nT = k.T_MeV.length, ne = k.eta.length;
  const n = ng * ns * ng * ne * nT;
  if (k.phi0.length !== n || k.phi1.length !== n) throw new IoError(`kernels: inelastic_phi0/1 need ${n} values (${ng}×${ns}×${ng}×${ne}×${nT})`, 'kernels');
  if ((k.pair_phi0 === undefined) !== (k.pair_phi1 === undefined)) throw new IoError('kernels: pair_phi0 and pair_phi1 go together', 'kernels');
  if (k.pair_phi0 && (k.pair_phi0.length !== 2 * n || k.pair_phi1!.length !== 2 * n)) throw new IoError(`kernels: epannihil_phi0/1 need ${2 * n} values`, 'kernels');
  return [ng, ns, ng, ne, nT];
}

function checkSizes(t: OpacityTableData): { nr: number; nt: number; ny: number; ns: number; ng: number } {
  const nr = t.rho_gcc.length, nt = t.T_MeV.length, ny = t.Ye.length, ns = t.species, ng = t.energies_MeV.length;
  if (t.bin_edges_MeV.length !== ng + 1) throw new IoError('bin_edges_MeV must have number_groups + 1 values', 'bin_edges_MeV');
  const n = nr * nt * ny * ns * ng;
  for (const k of ['kappa_a', 'kappa_s', 'eta'] as const) {
    if (t[k].length !== n) throw new IoError(`${k} has ${t[k].length} values, expected ${n}`, k);
  }
  return { nr, nt, ny, ns, ng };
}

/** Writes the table in NuLib's layout, atomically, with a provenance attribute. Values below NULIB_VALUE_FLOOR (zeros) are written as the floor. */
export async function writeNulibTable(path: string, t: OpacityTableData, provenance: Record<string, unknown> = {}): Promise<void> {
  const { nr, nt, ny, ns, ng } = checkSizes(t);
  const size = ng * ns * ny * nt * nr;
  const emis = new Float64Array(size), abs = new Float64Array(size), scat = new Float64Array(size);
  const widths = new Float64Array(ng);
  for (let g = 0; g < ng; g++) widths[g] = t.bin_edges_MeV[g + 1] - t.bin_edges_MeV[g];
  for (let iy = 0; iy < ny; iy++)
    for (let it = 0; it < nt; it++)
      for (let ir = 0; ir < nr; ir++)
        for (let s = 0; s < ns; s++)
          for (let g = 0; g < ng; g++) {
            const src = (((iy * nt + it) * nr + ir) * ns + s) * ng + g;
            const dst = (((g * ns + s) * ny + iy) * nt + it) * nr + ir;
            abs[dst] = Math.max(t.kappa_a[src], NULIB_VALUE_FLOOR);
            scat[dst] = Math.max(t.kappa_s[src], NULIB_VALUE_FLOOR);
            emis[dst] = Math.max((t.eta[src] / widths[g]) * (s === 2 ? NULIB_NUX_FLAVOURS : 1), NULIB_VALUE_FLOOR);
          }
  const m = await hdf5();
  await writeAtomically(path, (tmp) => {
    const f = new m.File(tmp, 'w');
    try {
      const i4 = (name: string, v: number) => f.create_dataset({ name, data: v, dtype: '<i4' });
      i4('number_species', ns);
      i4('number_groups', ng);
      i4('nrho', nr);
      i4('ntemp', nt);
      i4('nye', ny);
      f.create_dataset({ name: 'timestamp', data: Date.now() / 1000, dtype: '<d' });
      const d1 = (name: string, v: Float64Array) => f.create_dataset({ name, data: v, shape: [v.length], dtype: '<d' });
      d1('rho_points', t.rho_gcc);
      d1('temp_points', t.T_MeV);
      d1('ye_points', t.Ye);
      d1('neutrino_energies', t.energies_MeV);
      d1('bin_widths', widths);
      d1('bin_bottom', t.bin_edges_MeV.slice(0, ng));
      d1('bin_top', t.bin_edges_MeV.slice(1));
      const shape = [ng, ns, ny, nt, nr];
      f.create_dataset({ name: 'emissivities', data: emis, shape, dtype: '<d' });
      f.create_dataset({ name: 'absorption_opacity', data: abs, shape, dtype: '<d' });
      f.create_dataset({ name: 'scattering_opacity', data: scat, shape, dtype: '<d' });
      if (t.kernels) {
        const kshape = checkKernels(t.kernels, ng, ns);
        i4('Itemp', t.kernels.T_MeV.length);
        i4('Ieta', t.kernels.eta.length);
        d1('temp_Ipoints', t.kernels.T_MeV);
        d1('eta_Ipoints', t.kernels.eta);
        f.create_dataset({ name: 'inelastic_phi0', data: t.kernels.phi0, shape: kshape, dtype: '<d' });
        f.create_dataset({ name: 'inelastic_phi1', data: t.kernels.phi1, shape: kshape, dtype: '<d' });
        if (t.kernels.pair_phi0 && t.kernels.pair_phi1) {
          const pshape = [2, ...kshape];
          f.create_dataset({ name: 'epannihil_phi0', data: t.kernels.pair_phi0, shape: pshape, dtype: '<d' });
          f.create_dataset({ name: 'epannihil_phi1', data: t.kernels.pair_phi1, shape: pshape, dtype: '<d' });
        }
      }
      f.create_attribute('nusphere_provenance', JSON.stringify({ ...provenance, nux_emissivity: 'sum of 4 heavy flavours (NuLib scheme 1)' }));
    } finally {
      f.close();
    }
  });
}

/** Largest table accepted (elements per 5-D dataset). */
export const MAX_OPACITY_TABLE_ELEMENTS = 1.5e8;

/** Reads a NuLib-layout table (ours or NuLib's own) into nusphere's layout and conventions. */
export async function readNulibTable(path: string): Promise<OpacityTableData> {
  const f = await openForRead(path);
  try {
    const ns = readScalar(f, 'number_species', path), ng = readScalar(f, 'number_groups', path);
    const nr = readScalar(f, 'nrho', path), nt = readScalar(f, 'ntemp', path), ny = readScalar(f, 'nye', path);
    for (const [name, n] of [['number_species', ns], ['number_groups', ng], ['nrho', nr], ['ntemp', nt], ['nye', ny]] as const) {
      if (!Number.isInteger(n) || n < 1 || n > 1e5) throw new IoError(`${path}: ${name} = ${n} is not a valid size`, name);
    }
    if (ns !== 3) throw new IoError(`${path}: number_species = ${ns}; only NuLib's 3-species scheme (nue, anue, nux) is supported`, 'number_species');
    const size = ng * ns * ny * nt * nr;
    if (size > MAX_OPACITY_TABLE_ELEMENTS) throw new IoError(`${path}: ${size} elements exceed the limit ${MAX_OPACITY_TABLE_ELEMENTS}`, 'nrho');
    const rho_gcc = readDataset(f, 'rho_points', { shape: [nr], file: path }).data;
    const T_MeV = readDataset(f, 'temp_points', { shape: [nt], file: path }).data;
    const Ye = readDataset(f, 'ye_points', { shape: [ny], file: path }).data;
    const energies_MeV = readDataset(f, 'neutrino_energies', { shape: [ng], file: path }).data;
    const bottom = readDataset(f, 'bin_bottom', { shape: [ng], file: path }).data;
    const top = readDataset(f, 'bin_top', { shape: [ng], file: path }).data;
    const bin_edges_MeV = new Float64Array(ng + 1);
    bin_edges_MeV.set(bottom);
    bin_edges_MeV[ng] = top[ng - 1];
    for (let g = 0; g < ng; g++) {
      if (!(top[g] > bottom[g])) throw new IoError(`${path}: bin ${g} has top <= bottom`, 'bin_top');
    }
    const shape = [ng, ns, ny, nt, nr];
    const emis = readDataset(f, 'emissivities', { shape, file: path }).data;
    const abs = readDataset(f, 'absorption_opacity', { shape, file: path }).data;
    const scat = readDataset(f, 'scattering_opacity', { shape, file: path }).data;
    const kappa_a = new Float64Array(size), kappa_s = new Float64Array(size), eta = new Float64Array(size);
    for (let g = 0; g < ng; g++) {
      const width = top[g] - bottom[g];
      for (let s = 0; s < ns; s++)
        for (let iy = 0; iy < ny; iy++)
          for (let it = 0; it < nt; it++)
            for (let ir = 0; ir < nr; ir++) {
              const src = (((g * ns + s) * ny + iy) * nt + it) * nr + ir;
              const dst = (((iy * nt + it) * nr + ir) * ns + s) * ng + g;
              const a = abs[src], sc = scat[src], e = emis[src];
              if (!Number.isFinite(a) || !Number.isFinite(sc) || !Number.isFinite(e)) {
                throw new IoError(`${path}: non-finite value at [group ${g}][species ${s}][ye ${iy}][temp ${it}][rho ${ir}]`, 'absorption_opacity');
              }
              kappa_a[dst] = a;
              kappa_s[dst] = sc;
              eta[dst] = (e * width) / (s === 2 ? NULIB_NUX_FLAVOURS : 1);
            }
    }
    const out: OpacityTableData = { rho_gcc, T_MeV, Ye, bin_edges_MeV, energies_MeV, species: ns, kappa_a, kappa_s, eta };
    if (f.keys().includes('inelastic_phi0')) {
      const nIT = readScalar(f, 'Itemp', path), nIe = readScalar(f, 'Ieta', path);
      for (const [name, n] of [['Itemp', nIT], ['Ieta', nIe]] as const) {
        if (!Number.isInteger(n) || n < 1 || n > 1e5) throw new IoError(`${path}: ${name} = ${n} is not a valid size`, name);
      }
      const ksize = ng * ns * ng * nIe * nIT;
      if (ksize > MAX_OPACITY_TABLE_ELEMENTS) throw new IoError(`${path}: ${ksize} kernel elements exceed the limit ${MAX_OPACITY_TABLE_ELEMENTS}`, 'Itemp');
      const kshape = [ng, ns, ng, nIe, nIT];
      const k: NesKernelTable = {
        T_MeV: readDataset(f, 'temp_Ipoints', { shape: [nIT], file: path }).data,
        eta: readDataset(f, 'eta_Ipoints', { shape: [nIe], file: path }).data,
        phi0: readDataset(f, 'inelastic_phi0', { shape: kshape, file: path }).data,
        phi1: readDataset(f, 'inelastic_phi1', { shape: kshape, file: path }).data,
      };
      for (let i = 0; i < ksize; i++) {
        if (!Number.isFinite(k.phi0[i]) || !Number.isFinite(k.phi1[i])) throw new IoError(`${path}: non-finite NES kernel value at flat index ${i}`, 'inelastic_phi0');
      }
      if (f.keys().includes('epannihil_phi0')) {
        const pshape = [2, ...kshape];
        k.pair_phi0 = readDataset(f, 'epannihil_phi0', { shape: pshape, file: path }).data;
        k.pair_phi1 = readDataset(f, 'epannihil_phi1', { shape: pshape, file: path }).data;
        for (let i = 0; i < 2 * ksize; i++) {
          if (!Number.isFinite(k.pair_phi0[i]) || !Number.isFinite(k.pair_phi1[i])) throw new IoError(`${path}: non-finite pair kernel value at flat index ${i}`, 'epannihil_phi0');
        }
      }
      out.kernels = k;
    }
    return out;
  } finally {
    f.close();
  }
}
