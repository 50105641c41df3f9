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
 * The writer always writes 3 species.
 *
 * The reader also takes NuLib's other two species schemes (NULIB.md §2) and folds their heavy species
 * into nusphere's one-flavour nux:
 * - number_species 4 (neutrino_scheme 2): nue, anue, (νμ+ντ), (ν̄μ+ν̄τ); each heavy species holds the
 *   mean opacity of its two flavours and the SUM of their emissivities;
 * - number_species 6 (neutrino_scheme 3): nue, anue, νμ, ν̄μ, ντ, ν̄τ, one flavour each.
 * nue and anue are taken as they are. nux kappa_a and kappa_s = the mean over the heavy species; nux eta =
 * the per-flavour mean emissivity, i.e. the sum over the heavy species divided by NULIB_NUX_FLAVOURS
 * (scheme 2: (e₂ + e₃)/4, scheme 3: (e₂ + e₃ + e₄ + e₅)/4), times the bin width as for 3 species; NES
 * and pair kernels = the mean over the heavy species. This is what NuLib's scheme 1 computes from the
 * same flavours (NuLib-written 3-, 4- and 6-species tables of the same points agree after import to
 * ≤ 4e-16 relative, summation order only; test/native/nulib-written-species.test.ts), with one
 * refinement at NuLib's 1e-300 floor: NuLib floors every output species at 1e-300 after combining, so
 * heavy entries at or below NULIB_VALUE_FLOOR count as zero in the combination and the combined value is
 * floored again (otherwise four floored flavours would give 4e-300 where scheme 1 writes 1e-300).
 *
 * What is lost on import: the difference between heavy-flavour neutrinos and antineutrinos (weak
 * magnetism in the nucleon scattering, the ν/ν̄ asymmetry of pair emission and of NES in degenerate
 * matter; tens of per cent in NuLib's own tables) is averaged away, because nusphere's nux is one flavour standing for all four. The
 * returned data carry a `nulib_species` note saying so, and OpacityTable.load keeps it in the table's
 * provenance. Two NuLib defects in the pair (epannihil) kernels of these schemes (off by default): in
 * scheme 2 NuLib writes the heavy-antineutrino pair kernel into the heavy-neutrino slot and leaves the
 * antineutrino slot zero, so a 4-species file with that signature is refused (IoError on epannihil_phi0:
 * the heavy-neutrino pair kernel is not in the file); in scheme 3 NuLib computes the heavy pair kernels
 * under the NES switches instead of the pair-kernel switches, which cannot be detected and only matters
 * when the two sets of switches differ.
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

/** NuLib's species schemes (NULIB.md §2) by number_species: neutrino_scheme and the heavy species' indices. */
const NULIB_SCHEMES: Readonly<Record<number, { scheme: 1 | 2 | 3; heavy: readonly number[] }>> = {
  3: { scheme: 1, heavy: [2] },
  4: { scheme: 2, heavy: [2, 3] },
  6: { scheme: 3, heavy: [2, 3, 4, 5] },
};

/** How the species of a 4- or 6-species NuLib file were folded into nusphere's nue, anue, nux. */
export interface NulibSpeciesImport {
  /** number_species in the file */
  number_species: 4 | 6;
  /** NuLib's neutrino_scheme that writes that many species */
  neutrino_scheme: 2 | 3;
  /** what was combined and what was lost */
  note: string;
}

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
  /** set by readNulibTable when the file had 4 or 6 species (their heavy species were folded into nux) */
  nulib_species?: NulibSpeciesImport;
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

/**
 * Folds the species axis of a kernel array (C view [outer][species][inner]) from the file's species
 * to nusphere's three: nue and anue copied, nux = the mean over the heavy species.
 */
function foldKernelSpecies(v: Float64Array, outer: number, nsFile: number, inner: number, heavy: readonly number[]): Float64Array {
  const out = new Float64Array(outer * 3 * inner);
  for (let o = 0; o < outer; o++) {
    for (let s = 0; s < 2; s++) out.set(v.subarray((o * nsFile + s) * inner, (o * nsFile + s + 1) * inner), (o * 3 + s) * inner);
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      for (const h of heavy) sum += v[(o * nsFile + h) * inner + i];
      out[(o * 3 + 2) * inner + i] = sum / heavy.length;
    }
  }
  return out;
}

/**
 * Reads a NuLib-layout table (ours or NuLib's own; 3, 4 or 6 species) into nusphere's layout and
 * conventions (3 species, nux one flavour; see the module comment for how 4 and 6 species are folded).
 */
export async function readNulibTable(path: string): Promise<OpacityTableData> {
  const f = await openForRead(path);
  try {
    const nsFile = readScalar(f, 'number_species', path), ng = readScalar(f, 'number_groups', path);
    const nr = readScalar(f, 'nrho', path), nt = readScalar(f, 'ntemp', path), ny = readScalar(f, 'nye', path);
    for (const [name, n] of [['number_species', nsFile], ['number_groups', ng], ['nrho', nr], ['ntemp', nt], ['nye', ny]] as const) {
      if (!Number.isInteger(n) || n < 1 || n > 1e5) throw new IoError(`${path}: ${name} = ${n} is not a valid size`, name);
    }
    const scheme = NULIB_SCHEMES[nsFile];
    if (scheme === undefined) {
      throw new IoError(`${path}: number_species = ${nsFile}; NuLib writes 3 (neutrino_scheme 1), 4 (scheme 2) or 6 (scheme 3) species`, 'number_species');
    }
    const heavy = scheme.heavy, nh = heavy.length;
    const ns = 3;
    const sizeFile = ng * nsFile * ny * nt * nr;
    if (sizeFile > MAX_OPACITY_TABLE_ELEMENTS) throw new IoError(`${path}: ${sizeFile} elements exceed the limit ${MAX_OPACITY_TABLE_ELEMENTS}`, 'nrho');
    const size = ng * ns * ny * nt * nr;
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
    const shape = [ng, nsFile, ny, nt, nr];
    const emis = readDataset(f, 'emissivities', { shape, file: path }).data;
    const abs = readDataset(f, 'absorption_opacity', { shape, file: path }).data;
    const scat = readDataset(f, 'scattering_opacity', { shape, file: path }).data;
    for (let i = 0; i < sizeFile; i++) {
      if (!Number.isFinite(abs[i]) || !Number.isFinite(scat[i]) || !Number.isFinite(emis[i])) {
        const ir = i % nr, it = Math.floor(i / nr) % nt, iy = Math.floor(i / (nr * nt)) % ny, s = Math.floor(i / (nr * nt * ny)) % nsFile, g = Math.floor(i / (nr * nt * ny * nsFile));
        throw new IoError(`${path}: non-finite value at [group ${g}][species ${s}][ye ${iy}][temp ${it}][rho ${ir}]`, 'absorption_opacity');
      }
    }
    // nux from the heavy species at file index `at` + s·plane: the sum (emissivity) or the mean
    // (opacities), NuLib's floored entries counted as zero and the result floored again (module comment)
    const plane = ny * nt * nr;
    const fold = (v: Float64Array, at: number, mean: boolean): number => {
      if (nh === 1) return v[at + heavy[0] * plane];
      let sum = 0;
      for (const h of heavy) {
        const x = v[at + h * plane];
        if (x > NULIB_VALUE_FLOOR) sum += x;
      }
      return Math.max(mean ? sum / nh : sum, NULIB_VALUE_FLOOR);
    };
    const kappa_a = new Float64Array(size), kappa_s = new Float64Array(size), eta = new Float64Array(size);
    for (let g = 0; g < ng; g++) {
      const width = top[g] - bottom[g];
      for (let iy = 0; iy < ny; iy++)
        for (let it = 0; it < nt; it++)
          for (let ir = 0; ir < nr; ir++) {
            const at = g * nsFile * plane + (iy * nt + it) * nr + ir;
            const dst = (((iy * nt + it) * nr + ir) * ns) * ng + g;
            for (let s = 0; s < 2; s++) {
              const src = at + s * plane;
              kappa_a[dst + s * ng] = abs[src];
              kappa_s[dst + s * ng] = scat[src];
              eta[dst + s * ng] = emis[src] * width;
            }
            kappa_a[dst + 2 * ng] = fold(abs, at, true);
            kappa_s[dst + 2 * ng] = fold(scat, at, true);
            eta[dst + 2 * ng] = (fold(emis, at, false) * width) / NULIB_NUX_FLAVOURS;
          }
    }
    const out: OpacityTableData = { rho_gcc, T_MeV, Ye, bin_edges_MeV, energies_MeV, species: ns, kappa_a, kappa_s, eta };
    if (nsFile !== 3) {
      out.nulib_species = {
        number_species: nsFile as 4 | 6,
        neutrino_scheme: scheme.scheme as 2 | 3,
        note:
          `NuLib ${nsFile}-species table (neutrino_scheme ${scheme.scheme}) folded into nue, anue, nux: nux opacities and kernels ` +
          `= mean over the ${nh} heavy species, nux emissivity = their sum / ${NULIB_NUX_FLAVOURS} (one flavour); ` +
          'the heavy-flavour neutrino/antineutrino difference (weak magnetism, NES and pair asymmetry) is averaged away',
      };
    }
    if (f.keys().includes('inelastic_phi0')) {
      const nIT = readScalar(f, 'Itemp', path), nIe = readScalar(f, 'Ieta', path);
      for (const [name, n] of [['Itemp', nIT], ['Ieta', nIe]] as const) {
        if (!Number.isInteger(n) || n < 1 || n > 1e5) throw new IoError(`${path}: ${name} = ${n} is not a valid size`, name);
      }
      const ksizeFile = ng * nsFile * ng * nIe * nIT;
      if (ksizeFile > MAX_OPACITY_TABLE_ELEMENTS) throw new IoError(`${path}: ${ksizeFile} kernel elements exceed the limit ${MAX_OPACITY_TABLE_ELEMENTS}`, 'Itemp');
      const kshape = [ng, nsFile, ng, nIe, nIT];
      const inner = ng * nIe * nIT;
      const phi0 = readDataset(f, 'inelastic_phi0', { shape: kshape, file: path }).data;
      const phi1 = readDataset(f, 'inelastic_phi1', { shape: kshape, file: path }).data;
      for (let i = 0; i < ksizeFile; i++) {
        if (!Number.isFinite(phi0[i]) || !Number.isFinite(phi1[i])) throw new IoError(`${path}: non-finite NES kernel value at flat index ${i}`, 'inelastic_phi0');
      }
      const k: NesKernelTable = {
        T_MeV: readDataset(f, 'temp_Ipoints', { shape: [nIT], file: path }).data,
        eta: readDataset(f, 'eta_Ipoints', { shape: [nIe], file: path }).data,
        phi0: nsFile === 3 ? phi0 : foldKernelSpecies(phi0, ng, nsFile, inner, heavy),
        phi1: nsFile === 3 ? phi1 : foldKernelSpecies(phi1, ng, nsFile, inner, heavy),
      };
      if (f.keys().includes('epannihil_phi0')) {
        const pshape = [2, ...kshape];
        const p0 = readDataset(f, 'epannihil_phi0', { shape: pshape, file: path }).data;
        const p1 = readDataset(f, 'epannihil_phi1', { shape: pshape, file: path }).data;
        for (let i = 0; i < 2 * ksizeFile; i++) {
          if (!Number.isFinite(p0[i]) || !Number.isFinite(p1[i])) throw new IoError(`${path}: non-finite pair kernel value at flat index ${i}`, 'epannihil_phi0');
        }
        if (nsFile === 4) {
          // NuLib's scheme 2 writes the (anti-mu + anti-tau) pair kernel into species 3 (the heavy-neutrino
          // slot) and leaves species 4 zero: the heavy-neutrino pair kernel is then not in the file.
          let nuNonzero = false, antiNonzero = false;
          for (let o = 0; o < 2 * ng; o++)
            for (let i = 0; i < inner; i++) {
              const a = (o * nsFile + 2) * inner + i, b = (o * nsFile + 3) * inner + i;
              if (p0[a] !== 0 || p1[a] !== 0) nuNonzero = true;
              if (p0[b] !== 0 || p1[b] !== 0) antiNonzero = true;
            }
          if (nuNonzero && !antiNonzero) {
            throw new IoError(
              `${path}: epannihil_phi0/1 of this 4-species table are zero for species 4 (heavy antineutrinos) but not for species 3: ` +
                "NuLib's neutrino_scheme 2 writes the heavy-antineutrino pair kernel into the heavy-neutrino slot, so the heavy-neutrino " +
                'pair kernel is not in the file; write the table with neutrino_scheme 1 or 3, or without pair kernels',
              'epannihil_phi0',
            );
          }
        }
        k.pair_phi0 = nsFile === 3 ? p0 : foldKernelSpecies(p0, 2 * ng, nsFile, inner, heavy);
        k.pair_phi1 = nsFile === 3 ? p1 : foldKernelSpecies(p1, 2 * ng, nsFile, inner, heavy);
      }
      out.kernels = k;
    }
    return out;
  } finally {
    f.close();
  }
}
