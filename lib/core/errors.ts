/**
 * The NusphereError hierarchy (DESIGN.md rule 6). Every error the engine raises, from TypeScript or
 * from native code, is a NusphereError with a stable `code` and, where one field is at fault, its name
 * in `field`.
 * @module
 */

/** Stable error codes; scripts may switch on them. */
export type ErrorCode = 'INVALID_INPUT' | 'OUT_OF_DOMAIN' | 'NOT_CONVERGED' | 'IO' | 'CANCELLED' | 'NATIVE';

/** Base class of every error raised by nusphere. */
export class NusphereError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** The offending input field (e.g. `eta[12]`, `rho_gcc`), when there is one. */
  readonly field?: string;
  constructor(code: ErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}
/** A value was malformed: wrong type, NaN, wrong length, not monotone, a detached buffer... */
export class InvalidInputError extends NusphereError {
  constructor(message: string, field?: string, cause?: unknown) {
    super('INVALID_INPUT', message, { field, cause });
  }
}
/** A well-formed value lies outside the domain where the physics is valid. */
export class OutOfDomainError extends NusphereError {
  constructor(message: string, field?: string, cause?: unknown) {
    super('OUT_OF_DOMAIN', message, { field, cause });
  }
}
/** An iterative solver did not converge. */
export class NotConvergedError extends NusphereError {
  constructor(message: string, field?: string, cause?: unknown) {
    super('NOT_CONVERGED', message, { field, cause });
  }
}
/** Reading or writing a file failed (missing, truncated, wrong layout...). */
export class IoError extends NusphereError {
  constructor(message: string, field?: string, cause?: unknown) {
    super('IO', message, { field, cause });
  }
}
/** The job was cancelled through its AbortSignal. */
export class CancelledError extends NusphereError {
  constructor(message = 'job cancelled', cause?: unknown) {
    super('CANCELLED', message, { cause });
  }
}
/** An unexpected failure inside native code (a bug: please report it). */
export class NativeError extends NusphereError {
  constructor(message: string, field?: string, cause?: unknown) {
    super('NATIVE', message, { field, cause });
  }
}

const byCode: Record<ErrorCode, new (message: string, field?: string, cause?: unknown) => NusphereError> = {
  INVALID_INPUT: InvalidInputError,
  OUT_OF_DOMAIN: OutOfDomainError,
  NOT_CONVERGED: NotConvergedError,
  IO: IoError,
  CANCELLED: class extends CancelledError {
    constructor(message: string, _field?: string, cause?: unknown) {
      super(message, cause);
      this.name = 'CancelledError';
    }
  },
  NATIVE: NativeError,
};

/** Converts anything thrown by the native binding into a NusphereError (idempotent). */
export function fromNative(e: unknown): NusphereError {
  if (e instanceof NusphereError) return e;
  // Duck-typed: errors created by native code belong to the addon's realm, which under test runners
  // (jest's vm contexts) is not this module's realm, so `instanceof Error` can be false.
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    const code = (e as { code?: unknown }).code;
    const field = (e as { field?: unknown }).field;
    const Ctor = typeof code === 'string' && code in byCode ? byCode[code as ErrorCode] : NativeError;
    return new Ctor((e as { message: string }).message, typeof field === 'string' ? field : undefined, e);
  }
  return new NativeError(String(e));
}

/** Calls a native function and rethrows its errors as NusphereErrors. */
export function callNative<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw fromNative(e);
  }
}
