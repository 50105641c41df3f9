/**
 * Input validation shared by every facade: each check throws InvalidInputError naming the field.
 * @module
 */
import { InvalidInputError, OutOfDomainError } from './errors';

/** A finite number, optionally within [min, max]. */
export function finiteNumber(value: unknown, field: string, range?: { min?: number; max?: number }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInputError(`${field}: expected a finite number, got ${describe(value)}`, field);
  }
  if (range?.min !== undefined && value < range.min) {
    throw new OutOfDomainError(`${field}: ${value} is below the minimum ${range.min}`, field);
  }
  if (range?.max !== undefined && value > range.max) {
    throw new OutOfDomainError(`${field}: ${value} is above the maximum ${range.max}`, field);
  }
  return value;
}

/** A thread count: undefined (all cores) or an integer in [1, 4096]. */
export function threadCount(value: unknown, field = 'threads'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4096) {
    throw new InvalidInputError(`${field}: expected an integer >= 1, got ${describe(value)}`, field);
  }
  return value;
}

/** A Float64Array that is attached and lies inside its buffer; optional exact length. */
export function float64Array(value: unknown, field: string, length?: number): Float64Array {
  if (!(value instanceof Float64Array)) {
    throw new InvalidInputError(`${field}: expected a Float64Array, got ${describe(value)}`, field);
  }
  const buf = value.buffer as ArrayBuffer & { detached?: boolean; resizable?: boolean };
  if (buf.detached === true) throw new InvalidInputError(`${field}: the underlying ArrayBuffer is detached`, field);
  // A fixed-length view on a resizable buffer that shrank reports length 0: refuse it.
  if (buf.resizable === true && value.length === 0) {
    throw new InvalidInputError(`${field}: the view is empty or lies outside its resizable ArrayBuffer (shrunk?)`, field);
  }
  if (value.byteOffset + value.byteLength > buf.byteLength) {
    throw new InvalidInputError(`${field}: the view lies outside its ArrayBuffer (resized buffer?)`, field);
  }
  if (length !== undefined && value.length !== length) {
    throw new InvalidInputError(`${field}: expected length ${length}, got ${value.length}`, field);
  }
  return value;
}

/** Converts number[] or Float64Array to a Float64Array (copying arrays of numbers). */
export function toFloat64Array(value: unknown, field: string): Float64Array {
  if (value instanceof Float64Array) return float64Array(value, field);
  if (Array.isArray(value)) {
    const out = new Float64Array(value.length);
    value.forEach((v, i) => {
      if (typeof v !== 'number') throw new InvalidInputError(`${field}[${i}]: expected a number, got ${describe(v)}`, `${field}[${i}]`);
      out[i] = v;
    });
    return out;
  }
  throw new InvalidInputError(`${field}: expected a Float64Array or an array of numbers, got ${describe(value)}`, field);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `${typeof v} ${String(v)}`;
}
