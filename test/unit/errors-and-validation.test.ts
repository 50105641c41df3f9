import { CancelledError, fromNative, InvalidInputError, NusphereError, OutOfDomainError } from '../../lib/core/errors';
import { finiteNumber, float64Array, threadCount, toFloat64Array } from '../../lib/core/validate';
import { fermiConstant, weakScale, neutronProtonDelta, electronMass } from '../../lib/core/weak-scale';
import * as C from '../../lib/core/constants';

describe('NusphereError hierarchy', () => {
  test('native errors map to subclasses by stable code, keeping the field', () => {
    const e = fromNative(Object.assign(new Error('eta: must be finite'), { code: 'INVALID_INPUT', field: 'eta[3]' }));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect(e).toBeInstanceOf(NusphereError);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.field).toBe('eta[3]');
    const c = fromNative(Object.assign(new Error('job cancelled'), { code: 'CANCELLED' }));
    expect(c).toBeInstanceOf(CancelledError);
    expect(c.code).toBe('CANCELLED');
    expect(fromNative(new Error('weird')).code).toBe('NATIVE');
    expect(fromNative('string thrown').code).toBe('NATIVE');
  });
});

describe('validation helpers name the field', () => {
  test.each([NaN, Infinity, '3', null, undefined])('finiteNumber rejects %p', (v) => {
    expect(() => finiteNumber(v, 'rho_gcc')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'rho_gcc' }));
  });
  test('ranges give OUT_OF_DOMAIN', () => {
    expect(() => finiteNumber(-1, 'rho_gcc', { min: 0 })).toThrow(OutOfDomainError);
  });
  test('threads', () => {
    expect(threadCount(undefined)).toBeUndefined();
    expect(threadCount(2)).toBe(2);
    for (const bad of [0, -1, 1.5, NaN, '2']) expect(() => threadCount(bad)).toThrow(InvalidInputError);
  });
  test('typed arrays', () => {
    expect(() => float64Array(new Float32Array(3), 'eta')).toThrow(/Float64Array/);
    expect(() => float64Array(new Float64Array(3), 'eta', 4)).toThrow(/length 4/);
    expect(() => toFloat64Array([1, 'x'], 'eta')).toThrow(expect.objectContaining({ field: 'eta[1]' }));
    expect(Array.from(toFloat64Array([1, 2], 'eta'))).toEqual([1, 2]);
  });
  test('a view on a shrunk resizable buffer is rejected', () => {
    const ab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(80, { maxByteLength: 160 });
    const v = new Float64Array(ab, 0, 10);
    ab.resize(40);
    expect(() => float64Array(v, 'eta')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', field: 'eta' }));
  });
});

describe('constants and the weak scale (PHYSICS.md §0–1)', () => {
  test('sigma0 derives from G_F, m_e and hbar c to the PHYSICS.md value', () => {
    // PHYSICS.md §0: sigma0 = 4 G_F^2 (m_e c^2)^2 (hbar c)^2 / pi = 1.7612e-44 cm^2
    expect(Math.abs(C.sigma0_cm2 / 1.7612e-44 - 1)).toBeLessThan(1e-4);
  });
  test('weakScale 2 divides G_F^2 by 16 without touching masses', () => {
    const ws = weakScale({ s: 2 });
    expect((fermiConstant() / fermiConstant(ws)) ** 2).toBeCloseTo(16, 12);
    expect(electronMass(ws)).toBe(C.me_MeV);
    expect(neutronProtonDelta(ws)).toBe(C.delta_np_MeV);
  });
  test('mass scaling model: m_e ∝ s, Δ = Δ0 + δq (s − 1)', () => {
    const ws = weakScale({ s: 1.5, massScaling: true });
    expect(electronMass(ws)).toBeCloseTo(1.5 * C.me_MeV, 14);
    expect(neutronProtonDelta(ws)).toBeCloseTo(C.delta_np_MeV + 0.5 * C.delta_q_MeV, 14);
    expect(() => weakScale({ s: -1 })).toThrow(OutOfDomainError);
  });
});
