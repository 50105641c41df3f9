/**
 * Radial stellar profiles: r, ρ, T, Ye and optional velocity and enclosed mass, with loaders for
 * whitespace/CSV columns (a header naming columns and units), JSON, HDF5 and GR1D `.xg` output, and
 * validation that names the zone and column at fault. Internal units: r [cm], ρ [g cm⁻³], T [MeV],
 * v [cm s⁻¹], m [g].
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { InvalidInputError, IoError } from '../core/errors';
import { c_cms, kB_MeVK, km_cm, Msun_g } from '../core/constants';
import { openForRead, readDataset } from './hdf5';

/** Profile arrays (one value per zone, radius strictly increasing). */
export interface ProfileData {
  /** zone radius [cm] */
  r_cm: Float64Array;
  /** density [g cm⁻³] */
  rho_gcc: Float64Array;
  /** temperature [MeV] */
  T_MeV: Float64Array;
  /** electron fraction */
  Ye: Float64Array;
  /** radial velocity [cm s⁻¹] (optional) */
  v_cms?: Float64Array;
  /** enclosed mass [g] (optional) */
  m_g?: Float64Array;
}

/** Largest profile accepted (zones). */
export const MAX_PROFILE_ZONES = 10_000_000;

type Quantity = 'r' | 'rho' | 'T' | 'Ye' | 'v' | 'm';
interface ColumnUnit {
  q: Quantity;
  factor: number;
  unit: string;
}

/** Column name → quantity and factor to internal units. Names like r_cm, rho_gcc, T_K, or "r [km]". */
export function parseColumnName(raw: string): ColumnUnit | undefined {
  const s = raw.trim();
  let name = s, unit = '';
  const br = /^(.+?)\s*[[(]\s*(.+?)\s*[\])]$/.exec(s);
  if (br) {
    name = br[1];
    unit = br[2];
  } else {
    const i = s.indexOf('_');
    if (i > 0) {
      name = s.slice(0, i);
      unit = s.slice(i + 1);
    }
  }
  const n = name.toLowerCase();
  const u = unit.toLowerCase().replace(/\s+/g, '').replace(/\^/g, '');
  const table: Record<string, Record<string, number>> = {
    r: { cm: 1, km: km_cm, m: 100 },
    rho: { gcc: 1, 'g/cm3': 1, 'gcm-3': 1, gcm3: 1, 'kg/m3': 1e-3 },
    t: { mev: 1, kev: 1e-3, k: kB_MeVK, gk: 1e9 * kB_MeVK },
    ye: { '': 1 },
    v: { cms: 1, 'cm/s': 1, kms: km_cm, 'km/s': km_cm },
    m: { g: 1, msun: Msun_g },
  };
  const alias: Record<string, string> = { radius: 'r', r: 'r', rho: 'rho', density: 'rho', dens: 'rho', t: 't', temp: 't', temperature: 't', ye: 'ye', v: 'v', vel: 'v', velocity: 'v', m: 'm', mass: 'm', menc: 'm' };
  const key = alias[n];
  if (!key) return undefined;
  const f = table[key][u];
  if (f === undefined) {
    throw new InvalidInputError(`column '${raw}': unknown unit '${unit}' for ${key} (known: ${Object.keys(table[key]).filter((x) => x).join(', ') || 'none (dimensionless)'})`, raw);
  }
  const q = (key === 't' ? 'T' : key === 'ye' ? 'Ye' : key) as Quantity;
  return { q, factor: f, unit };
}

/** Checks a profile and returns it; errors name the zone and the column. */
export function validateProfile(p: ProfileData, source = 'profile'): ProfileData {
  const n = p.r_cm.length;
  if (n < 2) throw new InvalidInputError(`${source}: needs at least 2 zones, got ${n}`, 'r_cm');
  if (n > MAX_PROFILE_ZONES) throw new InvalidInputError(`${source}: ${n} zones exceed the limit ${MAX_PROFILE_ZONES}`, 'r_cm');
  const cols: [keyof ProfileData, Float64Array | undefined][] = [
    ['r_cm', p.r_cm], ['rho_gcc', p.rho_gcc], ['T_MeV', p.T_MeV], ['Ye', p.Ye], ['v_cms', p.v_cms], ['m_g', p.m_g],
  ];
  for (const [name, a] of cols) {
    if (a === undefined) continue;
    if (!(a instanceof Float64Array)) throw new InvalidInputError(`${source}: column ${name} must be a Float64Array`, name);
    if (a.length !== n) throw new InvalidInputError(`${source}: column ${name} has ${a.length} zones, r_cm has ${n}`, name);
    for (let i = 0; i < n; i++) {
      const v = a[i];
      const where = `${name}[${i}]`;
      if (!Number.isFinite(v)) throw new InvalidInputError(`${source}: zone ${i}, column ${name}: not a finite number (${v})`, where);
      if ((name === 'r_cm' || name === 'rho_gcc' || name === 'T_MeV') && v <= 0) {
        throw new InvalidInputError(`${source}: zone ${i}, column ${name}: must be > 0, got ${v}`, where);
      }
      if (name === 'Ye' && (v < 0 || v > 1)) throw new InvalidInputError(`${source}: zone ${i}, column Ye: must lie in [0, 1], got ${v}`, where);
      if (name === 'r_cm' && i > 0 && !(v > a[i - 1])) {
        throw new InvalidInputError(`${source}: zone ${i}, column r_cm: radius not strictly increasing (${a[i - 1]} then ${v})`, where);
      }
    }
  }
  return p;
}

/** Parses whitespace- or comma-separated columns. The header (a line starting with '#', or the first
 * non-numeric line) names the columns with units, e.g. `# columns: r_cm rho_gcc v_cms T_K Ye`. */
export function parseColumns(text: string, source = 'profile'): ProfileData {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  const rows: number[][] = [];
  let lineNo = 0;
  for (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    const isComment = line.startsWith('#');
    const body = isComment ? line.replace(/^#+\s*/, '') : line;
    const fields = body
      .replace(/^columns?\s*:\s*/i, '')
      .replace(/\s*([[(])\s*/g, '$1')
      .replace(/\s*([\])])/g, '$1')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const numeric = fields.length > 0 && fields.every((f) => /^[-+]?(\d+\.?\d*|\.\d+)([eEdD][-+]?\d+)?$/.test(f) || /^(nan|[-+]?inf(inity)?)$/i.test(f));
    if (!numeric) {
      // A header: an explicit 'columns:' line, a first non-comment text line, or a comment line whose
      // every field names a known column (e.g. '# r_km rho_gcc T_MeV Ye').
      if (rows.length === 0 && (/^columns?\s*:/i.test(body) || (!isComment && !header) || (isComment && fields.length >= 2 && fields.every(namesQuantity)))) {
        header = fields;
      }
      continue;
    }
    if (!header) throw new InvalidInputError(`${source}: line ${lineNo}: data before a header naming the columns (e.g. '# columns: r_cm rho_gcc T_MeV Ye')`, 'header');
    if (fields.length !== header.length) throw new InvalidInputError(`${source}: line ${lineNo}: ${fields.length} values, the header names ${header.length} columns`, `line ${lineNo}`);
    rows.push(fields.map((f) => Number(f.replace(/[dD]/, 'e'))));
    if (rows.length > MAX_PROFILE_ZONES) throw new InvalidInputError(`${source}: more than ${MAX_PROFILE_ZONES} zones`, 'r_cm');
  }
  if (!header) throw new InvalidInputError(`${source}: no header naming the columns`, 'header');
  const units = header.map((h) => parseColumnName(h));
  const out: Partial<Record<Quantity, Float64Array>> = {};
  units.forEach((u, k) => {
    if (!u) return;
    if (out[u.q]) throw new InvalidInputError(`${source}: two columns give ${u.q} ('${header![k]}')`, header![k]);
    out[u.q] = Float64Array.from(rows, (r) => r[k] * u.factor);
  });
  for (const [q, name] of [['r', 'radius (r_cm or r_km)'], ['rho', 'density (rho_gcc)'], ['T', 'temperature (T_MeV or T_K)'], ['Ye', 'electron fraction (Ye)']] as const) {
    if (!out[q]) throw new InvalidInputError(`${source}: missing column: ${name}; header was '${header.join(' ')}'`, q);
  }
  return validateProfile({ r_cm: out.r!, rho_gcc: out.rho!, T_MeV: out.T!, Ye: out.Ye!, v_cms: out.v, m_g: out.m }, source);
}

const QUANTITY_NAMES = new Set(['radius', 'r', 'rho', 'density', 'dens', 't', 'temp', 'temperature', 'ye', 'v', 'vel', 'velocity', 'm', 'mass', 'menc']);
/** True when the field's name part (before '_' or '[') names a known quantity, whatever its unit. */
function namesQuantity(f: string): boolean {
  const name = f.split(/[_[(]/)[0].toLowerCase();
  return QUANTITY_NAMES.has(name);
}

/** JSON: {"r_cm": [...], "rho_gcc": [...], "T_MeV" | "T_K": [...], "Ye": [...], "v_cms"?: [...], "m_g"?: [...]}. */
export function parseJsonProfile(text: string, source = 'profile'): ProfileData {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(`${source}: not valid JSON: ${(e as Error).message}`, 'file', e);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InvalidInputError(`${source}: expected a JSON object of columns`, 'file');
  const out: Partial<Record<Quantity, Float64Array>> = {};
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const u = parseColumnName(k);
    if (!u) continue;
    if (!Array.isArray(v)) throw new InvalidInputError(`${source}: column ${k} must be an array of numbers`, k);
    out[u.q] = Float64Array.from(v, (x, i) => {
      if (typeof x !== 'number') throw new InvalidInputError(`${source}: zone ${i}, column ${k}: not a number`, `${k}[${i}]`);
      return x * u.factor;
    });
  }
  for (const q of ['r', 'rho', 'T', 'Ye'] as const) if (!out[q]) throw new InvalidInputError(`${source}: missing column ${q}`, q);
  return validateProfile({ r_cm: out.r!, rho_gcc: out.rho!, T_MeV: out.T!, Ye: out.Ye!, v_cms: out.v, m_g: out.m }, source);
}

/** GR1D `.xg` files: blocks `"Time = t` then `x value` per zone; returns the block nearest `time` (default: last). */
export function parseXg(text: string, source: string, time?: number): { t: number; x: Float64Array; y: Float64Array } {
  const blocks: { t: number; x: number[]; y: number[] }[] = [];
  let lineNo = 0;
  for (const raw of text.split(/\r?\n/)) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    const m = /^"?\s*Time\s*=\s*([-+0-9.eEdD]+)/.exec(line);
    if (m) {
      blocks.push({ t: Number(m[1].replace(/[dD]/, 'e')), x: [], y: [] });
      continue;
    }
    if (line.startsWith('"') || line.startsWith('#')) continue;
    const f = line.split(/\s+/);
    if (f.length < 2) throw new InvalidInputError(`${source}: line ${lineNo}: expected 'radius value'`, `line ${lineNo}`);
    if (!blocks.length) blocks.push({ t: 0, x: [], y: [] });
    blocks[blocks.length - 1].x.push(Number(f[0].replace(/[dD]/, 'e')));
    blocks[blocks.length - 1].y.push(Number(f[1].replace(/[dD]/, 'e')));
  }
  if (!blocks.length) throw new InvalidInputError(`${source}: no data`, 'file');
  let b = blocks[blocks.length - 1];
  if (time !== undefined) b = blocks.reduce((best, c) => (Math.abs(c.t - time) < Math.abs(best.t - time) ? c : best));
  return { t: b.t, x: Float64Array.from(b.x), y: Float64Array.from(b.y) };
}

/** GR1D output directory: rho.xg [g/cm³], temperature.xg [MeV], ye.xg, optional v1.xg [c] / velocity. */
export function loadGr1d(dir: string, time?: number): ProfileData {
  const read = (names: string[], required: boolean) => {
    for (const n of names) {
      const p = path.join(dir, n);
      if (fs.existsSync(p)) return parseXg(fs.readFileSync(p, 'utf8'), p, time);
    }
    if (required) throw new IoError(`${dir}: missing GR1D file ${names.join(' or ')}`, names[0]);
    return undefined;
  };
  const rho = read(['rho.xg'], true)!, T = read(['temperature.xg', 'temp.xg'], true)!, ye = read(['ye.xg'], true)!;
  const v = read(['v1.xg', 'v.xg', 'velocity.xg'], false);
  if (T.x.length !== rho.x.length || ye.x.length !== rho.x.length) throw new InvalidInputError(`${dir}: GR1D files have different zone counts`, 'temperature.xg');
  return validateProfile(
    { r_cm: rho.x, rho_gcc: rho.y, T_MeV: T.y, Ye: ye.y, v_cms: v ? Float64Array.from(v.y, (x) => x * c_cms) : undefined },
    dir,
  );
}

/** HDF5: 1-D datasets named like the column names (r_cm, rho_gcc, T_MeV or T_K, Ye, ...). */
export async function loadHdf5Profile(file: string): Promise<ProfileData> {
  const f = await openForRead(file);
  try {
    const out: Partial<Record<Quantity, Float64Array>> = {};
    for (const k of f.keys()) {
      let u: ColumnUnit | undefined;
      try {
        u = parseColumnName(k);
      } catch {
        u = undefined;
      }
      if (!u) continue;
      const d = readDataset(f, k, { rank: 1, maxElements: MAX_PROFILE_ZONES, file });
      out[u.q] = d.data.map((x) => x * u!.factor);
    }
    for (const q of ['r', 'rho', 'T', 'Ye'] as const) if (!out[q]) throw new IoError(`${file}: missing dataset for ${q}`, q);
    return validateProfile({ r_cm: out.r!, rho_gcc: out.rho!, T_MeV: out.T!, Ye: out.Ye!, v_cms: out.v, m_g: out.m }, file);
  } finally {
    f.close();
  }
}

/** Loads a profile by extension: .json, .h5/.hdf5, a GR1D directory, or a column file. */
export async function loadProfile(file: string, opts: { time?: number } = {}): Promise<ProfileData> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw new IoError(`${file}: cannot read (${(e as Error).message})`, 'file', e);
  }
  if (st.isDirectory()) return loadGr1d(file, opts.time);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.h5' || ext === '.hdf5') return loadHdf5Profile(file);
  if (st.size > 2e9) throw new IoError(`${file}: ${st.size} bytes is too large for a profile`, 'file');
  const text = fs.readFileSync(file, 'utf8');
  if (ext === '.json') return parseJsonProfile(text, file);
  if (ext === '.xg') throw new InvalidInputError(`${file}: a single .xg file holds one variable; pass the GR1D output directory`, 'file');
  return parseColumns(text, file);
}

/** Resamples onto new radii [cm] (linear in r for Ye and v, in log for ρ and T); radii inside the profile. */
export function resampleProfile(p: ProfileData, r_cm: Float64Array | number[]): ProfileData {
  const r = Float64Array.from(r_cm);
  const n = p.r_cm.length;
  const lin = (a: Float64Array, log: boolean) =>
    r.map((x, i) => {
      if (!(x >= p.r_cm[0] && x <= p.r_cm[n - 1])) throw new InvalidInputError(`r_cm[${i}]: ${x} lies outside the profile [${p.r_cm[0]}, ${p.r_cm[n - 1]}]`, `r_cm[${i}]`);
      let lo = 0, hi = n - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (p.r_cm[mid] <= x) lo = mid;
        else hi = mid;
      }
      const t = (x - p.r_cm[lo]) / (p.r_cm[hi] - p.r_cm[lo]);
      return log ? Math.exp((1 - t) * Math.log(a[lo]) + t * Math.log(a[hi])) : (1 - t) * a[lo] + t * a[hi];
    });
  return validateProfile({
    r_cm: r,
    rho_gcc: lin(p.rho_gcc, true),
    T_MeV: lin(p.T_MeV, true),
    Ye: lin(p.Ye, false),
    v_cms: p.v_cms ? lin(p.v_cms, false) : undefined,
    m_g: p.m_g ? lin(p.m_g, false) : undefined,
  });
}
