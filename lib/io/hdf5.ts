/**
 * HDF5 through h5wasm (ESM-only, loaded once with a dynamic import). Readers check layout, types and
 * sizes before reading payloads (bounded memory: a hostile header cannot make us allocate more than
 * the file could hold) and turn every failure into an IoError naming the dataset.
 * @module
 */
import * as fs from 'node:fs';

import { IoError } from '../core/errors';

// Minimal structural types of the parts of h5wasm we use.
/** @internal */
export interface H5Dataset {
  shape: number[] | null;
  dtype: string;
  value: unknown;
  type: string;
}
/** @internal */
export interface H5File {
  keys(): string[];
  get(name: string): unknown;
  create_dataset(args: { name: string; data: unknown; shape?: number[]; dtype?: string }): unknown;
  create_attribute(name: string, value: unknown): void;
  attrs: Record<string, { value: unknown }>;
  close(): void;
}
interface H5Module {
  ready: Promise<unknown>;
  File: new (path: string, mode: 'r' | 'w' | 'a') => H5File;
}

let h5: H5Module | undefined;

/** Loads h5wasm (once). */
export async function hdf5(): Promise<H5Module> {
  if (h5) return h5;
  const mod = (await import('h5wasm/node')) as unknown as { default: H5Module };
  await mod.default.ready;
  h5 = mod.default;
  return h5;
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Opens an HDF5 file for reading after checking it exists and carries the HDF5 signature. */
export async function openForRead(path: string): Promise<H5File> {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(8);
    fs.readSync(fd, head, 0, 8, 0);
    if (!head.equals(HDF5_SIGNATURE)) throw new IoError(`${path}: not an HDF5 file (bad signature)`, 'file');
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new IoError(`${path}: cannot read (${(e as Error).message})`, 'file', e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const m = await hdf5();
  let f: H5File;
  try {
    f = new m.File(path, 'r');
  } catch (e) {
    throw new IoError(`${path}: cannot open as HDF5 (${(e as Error).message ?? e})`, 'file', e);
  }
  try {
    f.keys(); // a truncated or corrupted file fails here, with a plain error from the HDF5 library
  } catch (e) {
    try {
      f.close();
    } catch {
      /* ignore */
    }
    throw new IoError(`${path}: cannot read the HDF5 root group (truncated or corrupted file?)`, 'file', e);
  }
  return f;
}

/** Reads a dataset, checking presence, numeric type and (optionally) shape, with a size cap. */
export function readDataset(
  f: H5File,
  name: string,
  opts: { shape?: number[]; rank?: number; maxElements?: number; file?: string } = {},
): { data: Float64Array; shape: number[] } {
  try {
    return readDatasetUnchecked(f, name, opts);
  } catch (e) {
    if (e instanceof IoError) throw e;
    // h5wasm throws plain errors on corrupted or truncated files
    throw new IoError(`${opts.file ? `${opts.file}: ` : ''}cannot read dataset '${name}' (truncated or corrupted file?): ${(e as Error)?.message ?? e}`, name, e);
  }
}

function readDatasetUnchecked(
  f: H5File,
  name: string,
  opts: { shape?: number[]; rank?: number; maxElements?: number; file?: string },
): { data: Float64Array; shape: number[] } {
  const where = opts.file ? `${opts.file}: ` : '';
  if (!f.keys().includes(name)) throw new IoError(`${where}missing dataset '${name}'`, name);
  let d: H5Dataset;
  try {
    d = f.get(name) as H5Dataset;
  } catch (e) {
    throw new IoError(`${where}cannot open dataset '${name}'`, name, e);
  }
  if (!d || d.type !== 'Dataset') throw new IoError(`${where}'${name}' is not a dataset`, name);
  const shape = d.shape ?? [];
  if (!/^[<>=|]?[bBhHiIlLqQfde]\d*$/.test(d.dtype)) throw new IoError(`${where}dataset '${name}' has non-numeric type ${d.dtype}`, name);
  if (opts.rank !== undefined && shape.length !== opts.rank) {
    throw new IoError(`${where}dataset '${name}' has rank ${shape.length}, expected ${opts.rank}`, name);
  }
  if (opts.shape && (shape.length !== opts.shape.length || shape.some((s, i) => s !== opts.shape![i]))) {
    throw new IoError(`${where}dataset '${name}' has shape [${shape}], expected [${opts.shape}]`, name);
  }
  const n = shape.reduce((a, b) => a * b, 1);
  const cap = opts.maxElements ?? 2e8;
  if (!(n <= cap)) throw new IoError(`${where}dataset '${name}' has ${n} elements, above the limit ${cap}`, name);
  let raw: unknown;
  try {
    raw = d.value;
  } catch (e) {
    throw new IoError(`${where}cannot read dataset '${name}' (truncated or corrupted file?)`, name, e);
  }
  let data: Float64Array;
  if (typeof raw === 'number' || typeof raw === 'bigint') data = new Float64Array([Number(raw)]);
  else if (ArrayBuffer.isView(raw)) data = Float64Array.from(raw as unknown as ArrayLike<number>);
  else throw new IoError(`${where}dataset '${name}' is not numeric`, name);
  if (data.length !== n) throw new IoError(`${where}dataset '${name}' holds ${data.length} values, its shape says ${n}`, name);
  return { data, shape };
}

/** Reads a scalar dataset as a number. */
export function readScalar(f: H5File, name: string, file?: string): number {
  const { data } = readDataset(f, name, { maxElements: 1, file });
  if (data.length !== 1) throw new IoError(`${file ? file + ': ' : ''}'${name}' is not a scalar`, name);
  return data[0];
}
