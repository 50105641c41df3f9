/**
 * The critical-luminosity curve L_crit(Ṁ) of the stationary-accretion problem and the family of
 * shock radii r_s(L) below it (PHYSICS.md §6), as asynchronous, cancellable jobs with progress: the
 * solver itself (lib/supernova/accretion) is plain TypeScript; these wrappers yield to the event loop
 * between solutions so a signal can stop them and progress bars can draw.
 * Units: Ṁ [M☉ s⁻¹], L [erg s⁻¹], r_s [km].
 * REFERENCES: Burrows & Goshy 1993 ApJ 416, L75; Pejcha & Thompson 2012 ApJ 746, 106.
 * @module
 */
import { CancelledError, InvalidInputError, NotConvergedError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import { criticalLuminosity, solveAccretion, type AccretionParams, type CriticalPoint, type CriticalOptions } from './accretion';

export interface CurveOptions extends Omit<CriticalOptions, 'onProgress'> {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** luminosities of the shock-radius family, as fractions of L_crit (default 0.3 … 0.99) */
  familyFractions?: number[];
}

export interface ShockFamily {
  mdot_msun_s: number;
  L_ergs: number[];
  shock_km: (number | null)[];
  antesonic: (number | null)[];
}

export interface CriticalCurve {
  mass_msun: number;
  points: CriticalPoint[];
  family: ShockFamily[];
}

const tick = () => new Promise<void>((res) => setImmediate(res));

/** Parses "a:b:n" (n points from a to b, linear) or "a,b,c" or a single number. */
export function parseRange(spec: string, field: string): number[] {
  const s = String(spec).trim();
  let out: number[];
  if (s.includes(':')) {
    const parts = s.split(':').map(Number);
    if (parts.length !== 3 || !parts.every(Number.isFinite) || !Number.isInteger(parts[2]) || parts[2] < 1 || parts[2] > 1000) {
      throw new InvalidInputError(`${field}: expected start:stop:count, got '${spec}'`, field);
    }
    const [a, b, n] = parts;
    out = n === 1 ? [a] : Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  } else {
    out = s.split(',').map((x) => Number(x));
    if (out.length === 0 || !out.every((x, i) => Number.isFinite(x) && s.split(',')[i].trim() !== '')) throw new InvalidInputError(`${field}: expected numbers, got '${spec}'`, field);
  }
  return out;
}

/**
 * L_crit at each Ṁ [M☉ s⁻¹] and, for each, the shock radii at fractions of L_crit (the solution
 * family that ends at L_crit). The L fields of `p` set only the ν̄e/νe luminosity ratio.
 */
export async function criticalCurve(p: Omit<AccretionParams, 'mdot_msun_s'>, mdots_msun_s: number[], o: CurveOptions = {}): Promise<CriticalCurve> {
  if (!Array.isArray(mdots_msun_s) || mdots_msun_s.length === 0) throw new InvalidInputError('mdot: at least one accretion rate', 'mdot');
  mdots_msun_s.forEach((m, i) => finiteNumber(m, `mdot[${i}]`, { min: 1e-4, max: 20 }));
  const fr = o.familyFractions ?? [0.3, 0.5, 0.7, 0.85, 0.95, 0.99];
  fr.forEach((f, i) => finiteNumber(f, `familyFractions[${i}]`, { min: 0.01, max: 1 }));
  const points: CriticalPoint[] = [];
  const family: ShockFamily[] = [];
  const n = mdots_msun_s.length;
  for (let i = 0; i < n; i++) {
    if (o.signal?.aborted) throw new CancelledError('critical curve cancelled');
    await tick();
    const q = { ...p, mdot_msun_s: mdots_msun_s[i] } as AccretionParams;
    const cp = criticalLuminosity(q, { ...o, onProgress: (f) => o.onProgress?.((i + 0.7 * f) / n) });
    points.push(cp);
    const fam: ShockFamily = { mdot_msun_s: mdots_msun_s[i], L_ergs: [], shock_km: [], antesonic: [] };
    const ratio = p.L_anue_ergs / p.L_nue_ergs;
    for (let k = 0; k < fr.length; k++) {
      if (o.signal?.aborted) throw new CancelledError('critical curve cancelled');
      await tick();
      const L = fr[k] * cp.L_crit_ergs;
      fam.L_ergs.push(L);
      try {
        const s = solveAccretion({ ...q, L_nue_ergs: L, L_anue_ergs: ratio * L }, { rmax_km: o.rmax_km, scanPoints: o.scanPoints });
        fam.shock_km.push(s.shock_km);
        fam.antesonic.push(s.antesonic);
      } catch (e) {
        if (!(e instanceof NotConvergedError)) throw e;
        fam.shock_km.push(null);
        fam.antesonic.push(null);
      }
      o.onProgress?.((i + 0.7 + (0.3 * (k + 1)) / fr.length) / n);
    }
    family.push(fam);
  }
  return { mass_msun: p.mass_msun, points, family };
}
