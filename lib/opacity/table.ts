/**
 * Opacity tables over (ρ, T, Ye, energy group, species): built natively (OpenMP over thermodynamic
 * points, group integration over bin edges), interpolated trilinearly in (log ρ, log T, Ye) of log
 * values (the transport hot path), saved and loaded in NuLib's HDF5 layout.
 * Group values: kappa_a, kappa_s group-averaged [cm⁻¹]; eta group-integrated [erg cm⁻³ s⁻¹ sr⁻¹].
 * @module
 */
import { callNative, InvalidInputError } from '../core/errors';
import { runNativeJob, type JobOptions } from '../core/jobs';
import { finiteNumber } from '../core/validate';
import { native } from '../native/loader';
import type { NativeOpacityTable } from '../native/binding';
import { analyticEos, type Eos } from '../eos';
import { info } from '../core/info';
import { nativeParams, type OpacityOptions, type Species, SPECIES } from './index';
import { readNulibTable, writeNulibTable, type OpacityTableData } from './nulib-format';
import { KernelInterpolator, type TableKernels } from './kernel-interp';

/** An axis: explicit values, or n points between min and max (log spacing for ρ and T, linear for Ye). */
export type AxisSpec = number[] | { min: number; max: number; n: number };

/** What to tabulate. */
export interface TableConfig {
  rho_gcc: AxisSpec;
  T_MeV: AxisSpec;
  Ye: AxisSpec;
  /** group edges [MeV] (ng + 1 values) or 'nulib18' (NuLib's default 18 groups) */
  bin_edges_MeV: number[] | 'nulib18';
  /** Gauss–Legendre points per group for group integration (0: sample at group centres, as NuLib's default) */
  sub_points?: number;
  opacity?: OpacityOptions;
  /**
   * NES kernel table (off when absent): Φ0, Φ1 of inelastic ν–e scattering at the group centres over
   * its own (T, η_e) grid, written in NuLib's layout (Itemp, Ieta, temp_Ipoints, eta_Ipoints,
   * inelastic_phi0/1). The default opacity table is unchanged.
   */
  kernels?: KernelTableConfig;
}

/**
 * Grid of the NES kernel table. `{min, max, n}` axes are log spaced (both T and η, as NuLib: η
 * positive); explicit arrays are taken as given (strictly increasing). n of T is NuLib's Itemp, n of
 * η its Ieta. NuLib's default: T 0.05–150 MeV (65), η 0.1–100 (61).
 */
export interface KernelTableConfig {
  /** temperatures [MeV] */
  T_MeV: AxisSpec;
  /** electron degeneracy η_e = mu_e/T (mu_e with the rest mass, as NuLib) */
  eta: AxisSpec;
  /** also the e⁺e⁻ pair production/annihilation kernels (NuLib's epannihil_phi0/1) on the same grid (default false) */
  pair?: boolean;
}

/**
 * NuLib's default 18 groups: bins [0,2], [2,4], then 15 bins of geometrically growing width from 4 to
 * 250 MeV, and a last bin [250, 311.1] (NULIB.md §3; centres 1, 3, 5.238, ..., 225.33, 280.54).
 */
export function nulibGroups18(): number[] {
  // Widths of the 15 geometric bins between 4 and 250 MeV: w_k = w0 r^k with the ratio fixed by the
  // published centres (w(bin 3)/w(bin 17) span) and the sum fixed to 246 MeV.
  const n = 15, total = 246;
  const r = Math.pow(49.332 / 2.476, 1 / 14);
  const w0 = (total * (r - 1)) / (Math.pow(r, n) - 1);
  const edges = [0, 2, 4];
  for (let k = 0; k < n; k++) edges.push(edges[edges.length - 1] + w0 * Math.pow(r, k));
  edges[edges.length - 1] = 250;
  edges.push(250 + w0 * Math.pow(r, n));
  return edges;
}

/** The default grid: NuLib's 82 × 65 × 51 × 18 layout within the analytic EOS domain (ρ ≤ 1e15, T ≤ 100 MeV). */
export const DEFAULT_TABLE_CONFIG: Readonly<TableConfig> = Object.freeze({
  rho_gcc: { min: 1e6, max: 1e15, n: 82 },
  T_MeV: { min: 0.05, max: 100, n: 65 },
  Ye: { min: 0.035, max: 0.55, n: 51 },
  bin_edges_MeV: 'nulib18' as const,
  sub_points: 4,
});

function axis(spec: AxisSpec, field: string, log: boolean): Float64Array {
  if (Array.isArray(spec)) return Float64Array.from(spec, (v, i) => finiteNumber(v, `${field}[${i}]`));
  if (typeof spec !== 'object' || spec === null) throw new InvalidInputError(`${field}: expected an array or {min, max, n}`, field);
  const min = finiteNumber(spec.min, `${field}.min`), max = finiteNumber(spec.max, `${field}.max`);
  const n = spec.n;
  if (!Number.isInteger(n) || n < 1 || n > 100000) throw new InvalidInputError(`${field}.n: expected an integer in [1, 1e5]`, `${field}.n`);
  if (n > 1 && !(max > min)) throw new InvalidInputError(`${field}: max must exceed min`, `${field}.max`);
  if (log && min <= 0) throw new InvalidInputError(`${field}.min: must be > 0 (log axis)`, `${field}.min`);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : i / (n - 1);
    a[i] = log ? Math.exp(Math.log(min) + t * (Math.log(max) - Math.log(min))) : min + t * (max - min);
  }
  // the end points exactly as given (exp(log(min)) can be off by an ulp, and a query at min would then
  // lie outside the table)
  a[0] = min;
  a[n - 1] = n === 1 ? min : max;
  return a;
}

/** Resolves a config into the native spec. @internal */
export function tableSpec(c: TableConfig) {
  return {
    rho_gcc: axis(c.rho_gcc, 'rho_gcc', true),
    T_MeV: axis(c.T_MeV, 'T_MeV', true),
    Ye: axis(c.Ye, 'Ye', false),
    bin_edges_MeV: Float64Array.from(c.bin_edges_MeV === 'nulib18' ? nulibGroups18() : c.bin_edges_MeV),
    sub_points: c.sub_points ?? 4,
    ...(c.kernels === undefined ? {} : { kernels: kernelSpec(c.kernels) }),
  };
}

function kernelSpec(k: KernelTableConfig): { T_MeV: Float64Array; eta: Float64Array; pair: boolean } {
  if (typeof k !== 'object' || k === null) throw new InvalidInputError('kernels: expected {T_MeV, eta}', 'kernels');
  if (k.pair !== undefined && typeof k.pair !== 'boolean') throw new InvalidInputError('kernels.pair: expected a boolean', 'kernels.pair');
  return { T_MeV: axis(k.T_MeV, 'kernels.T_MeV', true), eta: axis(k.eta, 'kernels.eta', true), pair: k.pair ?? false };
}

/** Memory a table of this config needs [bytes]. */
export function tableBytes(c: TableConfig): number {
  return callNative(() => native().opacityTableBytes(tableSpec(c)));
}

/** An opacity table; release its memory with dispose() (or `using`). */
export class OpacityTable {
  /** the kernel interpolator, prepared on the first interpolateKernels call (null: the table has no kernels) */
  private kernelInterp: KernelInterpolator | null | undefined;

  private constructor(
    private handle: NativeOpacityTable | undefined,
    /** provenance of the table (what built it, with which parameters) */
    readonly provenance: Record<string, unknown>,
    /** group centres the kernels were computed at, when they are not the bin midpoints (NuLib's last group) */
    private readonly kernelEnergies?: Float64Array,
  ) {}

  /** Builds a table (async job: progress, cancellation, threads). Refused up front if above maxBytes. */
  static async build(config: TableConfig, opts: JobOptions & { eos?: Eos; maxBytes?: number } = {}): Promise<OpacityTable> {
    const spec = tableSpec(config);
    const params = nativeParams(config.opacity ?? {});
    const eos = opts.eos ?? analyticEos;
    const maxBytes = opts.maxBytes === undefined ? undefined : finiteNumber(opts.maxBytes, 'maxBytes', { min: 0 });
    const t0 = Date.now();
    const r = await runNativeJob(opts, (o) => native().opacityTableBuild(eos.handle, spec, params, { ...o, maxBytes }));
    const i = info();
    const resolved = callNative(() => native().opacityParams(params));
    const quirks = (resolved.switches as Record<string, unknown> | undefined)?.nulib_quirks === true;
    return new OpacityTable(r.table, {
      nusphere: i.version,
      isa: i.isa.selected,
      threads: r.threads,
      build_seconds: (Date.now() - t0) / 1000,
      eos: eos.kind,
      opacity: resolved,
      sub_points: spec.sub_points,
      ...(spec.kernels === undefined
        ? {}
        : { nes_kernels: { Itemp: spec.kernels.T_MeV.length, Ieta: spec.kernels.eta.length, pair: spec.kernels.pair, quadrature: quirks ? 'nulib (NES 128-point midpoint, pair 16-point Gauss-Legendre)' : 'accurate' } }),
      created: new Date().toISOString(),
    });
  }

  /** Wraps table data (e.g. from a file). */
  static fromData(d: OpacityTableData, provenance: Record<string, unknown> = {}): OpacityTable {
    const { kernels: k, nulib_species, ...arrays } = d;
    const h = callNative(() =>
      new (native().OpacityTable)({
        ...arrays,
        sub_points: 0,
        kernels: k ? { T_MeV: k.T_MeV, eta: k.eta, pair: k.pair_phi0 !== undefined } : undefined,
        nes_phi0: k?.phi0,
        nes_phi1: k?.phi1,
        pair_phi0: k?.pair_phi0,
        pair_phi1: k?.pair_phi1,
      }),
    );
    // NuLib computes (and detailed-balance fills) its kernels at neutrino_energies, whose last value is
    // extrapolated rather than the bin midpoint: keep the file's centres for the kernel interpolation
    const ng = d.bin_edges_MeV.length - 1;
    const centres = k && d.energies_MeV?.length === ng && d.energies_MeV.every((e) => Number.isFinite(e) && e > 0) ? Float64Array.from(d.energies_MeV) : undefined;
    return new OpacityTable(h, nulib_species === undefined ? provenance : { ...provenance, nulib_species }, centres);
  }

  /**
   * Loads a table in NuLib's HDF5 layout (ours or NuLib's own; NuLib's 4- and 6-species tables are folded
   * into nue, anue, nux as readNulibTable describes, and the provenance's `nulib_species` says so).
   */
  static async load(path: string): Promise<OpacityTable> {
    return OpacityTable.fromData(await readNulibTable(path), { source: path });
  }

  private h(): NativeOpacityTable {
    if (!this.handle) throw new InvalidInputError('table: this opacity table has been disposed', 'table');
    return this.handle;
  }

  /** The table's arrays (copies) in nusphere's layout. */
  data(): OpacityTableData {
    const d = callNative(() => this.h().data());
    const ng = d.bin_edges_MeV.length - 1;
    const centres = new Float64Array(ng);
    for (let g = 0; g < ng; g++) centres[g] = 0.5 * (d.bin_edges_MeV[g] + d.bin_edges_MeV[g + 1]);
    const out: OpacityTableData = { rho_gcc: d.rho_gcc, T_MeV: d.T_MeV, Ye: d.Ye, bin_edges_MeV: d.bin_edges_MeV, energies_MeV: centres, species: d.species, kappa_a: d.kappa_a, kappa_s: d.kappa_s, eta: d.eta };
    if (d.kernels && d.nes_phi0 && d.nes_phi1) {
      out.kernels = { T_MeV: d.kernels.T_MeV, eta: d.kernels.eta, phi0: d.nes_phi0, phi1: d.nes_phi1 };
      if (d.pair_phi0 && d.pair_phi1) {
        out.kernels.pair_phi0 = d.pair_phi0;
        out.kernels.pair_phi1 = d.pair_phi1;
      }
    }
    return out;
  }

  /** Saves in NuLib's HDF5 layout (atomic write). */
  async save(path: string): Promise<void> {
    await writeNulibTable(path, this.data(), this.provenance);
  }

  /** Group values of one species at (ρ, T, Ye); OUT_OF_DOMAIN outside the table unless clamp. */
  interpolate(rho_gcc: number, T_MeV: number, Ye: number, species: Species, opts: { clamp?: boolean } = {}) {
    finiteNumber(rho_gcc, 'rho_gcc');
    finiteNumber(T_MeV, 'T_MeV');
    finiteNumber(Ye, 'Ye');
    if (!SPECIES.includes(species)) throw new InvalidInputError(`species: expected nue, anue or nux, got '${species}'`, 'species');
    return callNative(() => this.h().interpolate(rho_gcc, T_MeV, Ye, species, opts.clamp ?? false));
  }

  /**
   * The inelastic kernels at temperature T_MeV [MeV] and electron degeneracy eta_e = mu_e/T (mu_e with
   * the electron rest mass, NuLib's convention), interpolated from the table's kernel grid: the NES
   * out-scattering kernel Φ0, Φ1 and, when the table stores them, the e⁺e⁻ pair production and
   * annihilation kernels, for every (species, E_in group, E_out group). Arrays in cm³ s⁻¹, index
   * (s·ng + i)·ng + o = [species][E_in][E_out] (s: nue, anue, nux; i, o: groups at `energies_MeV`);
   * for the pair kernels i is the neutrino's group and o its partner antineutrino's.
   *
   * Interpolation (module `kernel-interp`): bilinear in (ln T, ln η) of ln Φ0 and of Φ1/Φ0 (NuLib's and
   * GR1D's scheme; Φ1 is signed); the up-scattering half of NES (E_out > E_in) by detailed balance at
   * the requested T, Φ(E_in→E_out) = e^{−(E_out−E_in)/T} Φ(E_out→E_in), which then holds exactly at every
   * T; pair production as e^{−(E+Ē)/T} times an interpolated smooth part, so production =
   * e^{−(E+Ē)/T} × annihilation holds to ~1e-14 at every T. Table nodes come back exactly (≤ 1e-15).
   * Between nodes the error is second order where the grid resolves the kernels; measured on a 30 × 30
   * grid over T 0.5–50 MeV, η 0.1–100 (test/native/kernel-interp.test.ts): ≤ 1e-2 for η ≤ 3, NES up to
   * 8e-2 and the Pauli-blocked pair kernels up to a factor e³ for η 30–100, where the electrons' Fermi
   * surface (width Δln η ~ 1/η) is narrower than a cell.
   *
   * Errors: INVALID_INPUT for a non-finite T_MeV or eta_e, for T_MeV <= 0, and for a table without
   * kernels (field `kernels`); OUT_OF_DOMAIN outside the kernel grid (field `T_MeV` or `eta_e`), unless
   * `clamp`. The η axis is NuLib's, positive and log spaced, so η_e <= 0 (non-degenerate or
   * positron-rich matter) is out of range: OUT_OF_DOMAIN, or with `clamp` the smallest tabulated η.
   * With `clamp` the tabulated part is taken at the nearest point of the grid while the Boltzmann
   * factors (NES up-scattering, pair production) use the requested T, so detailed balance holds at the
   * matter temperature. A one-point axis has the range of that one value.
   *
   * The first call prepares ln Φ0 and Φ1/Φ0 (1.5x the kernel table's memory, kept with the table until
   * dispose; preparing reads the table's arrays once through data(), a transient copy of the whole table).
   */
  interpolateKernels(T_MeV: number, eta_e: number, opts: { clamp?: boolean } = {}): TableKernels {
    const h = this.h();
    finiteNumber(T_MeV, 'T_MeV');
    finiteNumber(eta_e, 'eta_e');
    if (T_MeV <= 0) throw new InvalidInputError(`T_MeV: must be > 0, got ${T_MeV}`, 'T_MeV');
    if (opts.clamp !== undefined && typeof opts.clamp !== 'boolean') throw new InvalidInputError('clamp: expected a boolean', 'clamp');
    if (this.kernelInterp === undefined) {
      const d = callNative(() => h.data());
      if (d.kernels && d.nes_phi0 && d.nes_phi1) {
        const ng = d.bin_edges_MeV.length - 1;
        let E = this.kernelEnergies;
        if (!E) {
          E = new Float64Array(ng);
          for (let g = 0; g < ng; g++) E[g] = 0.5 * (d.bin_edges_MeV[g] + d.bin_edges_MeV[g + 1]);
        }
        this.kernelInterp = new KernelInterpolator(
          { T_MeV: d.kernels.T_MeV, eta: d.kernels.eta, phi0: d.nes_phi0, phi1: d.nes_phi1, pair_phi0: d.pair_phi0, pair_phi1: d.pair_phi1 },
          E,
          d.species,
        );
      } else this.kernelInterp = null;
    }
    if (this.kernelInterp === null) {
      throw new InvalidInputError(
        'kernels: this opacity table has no inelastic kernels (build it with a `kernels` section in its config, or load a NuLib file with inelastic_phi0/1)',
        'kernels',
      );
    }
    return this.kernelInterp.at(T_MeV, eta_e, opts.clamp ?? false);
  }

  dispose(): void {
    this.handle?.dispose();
    this.handle = undefined;
    this.kernelInterp = undefined;
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
}
