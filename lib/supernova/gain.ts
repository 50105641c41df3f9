/**
 * The gain region (PHYSICS.md §6): where neutrino heating exceeds neutrino cooling behind the stalled
 * shock. Heating and cooling rates per nucleon [MeV s⁻¹] as functions of radius; the gain radius is
 * the outermost radius (below the shock) where heating − cooling changes sign from negative to
 * positive, found by bracketing and Brent's method.
 * Heating models: the Qian & Woosley (1996) light bulb (one selectable physics option: the fitted
 * coefficients of their Eqs. 9 and 12) and, when the opacity module is available, the engine's own
 * charged-current cross sections integrated over Fermi–Dirac spectra.
 * REFERENCES: Qian & Woosley 1996 ApJ 471, 331; Janka 2001 A&A 368, 527; Bethe & Wilson 1985.
 * @module
 */
import { InvalidInputError, NotConvergedError } from '../core/errors';
import { finiteNumber } from '../core/validate';
import { qw96_cooling_MeVs, qw96_heating_MeVs } from '../core/constants';

/** Heating and cooling per nucleon [MeV s⁻¹] at radius r [cm]. */
export interface GainModel {
  heating_MeVs(r_cm: number): number;
  cooling_MeVs(r_cm: number): number;
}

/** Brent's method on [a, b] for f with f(a) f(b) ≤ 0; relative tolerance in x. */
export function brent(f: (x: number) => number, a: number, b: number, tol = 1e-12, maxIter = 200): number {
  let fa = f(a), fb = f(b);
  if (!(Number.isFinite(fa) && Number.isFinite(fb))) throw new InvalidInputError('brent: non-finite function value at the bracket', 'bracket');
  if (fa * fb > 0) throw new InvalidInputError('brent: the interval does not bracket a root', 'bracket');
  let c = a, fc = fa, d = b - a, e = d;
  for (let it = 0; it < maxIter; it++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b; b = c; c = a;
      fa = fb; fb = fc; fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol * Math.abs(b);
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc, r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  throw new NotConvergedError('brent: no convergence', 'root');
}

/**
 * Gain radius [cm]: scanning outward from r_min on a log grid, the first radius where net heating
 * turns positive (cooling dominates inside). Returns null when heating never exceeds cooling below r_max.
 */
export function gainRadius(m: GainModel, r_min_cm: number, r_max_cm: number, samples = 400): number | null {
  finiteNumber(r_min_cm, 'r_min_cm', { min: 0 });
  finiteNumber(r_max_cm, 'r_max_cm');
  if (!(r_max_cm > r_min_cm) || r_min_cm <= 0) throw new InvalidInputError('gainRadius: need 0 < r_min < r_max', 'r_max_cm');
  const net = (r: number) => m.heating_MeVs(r) - m.cooling_MeVs(r);
  let prev = r_min_cm, fprev = net(prev);
  for (let i = 1; i <= samples; i++) {
    const r = r_min_cm * Math.pow(r_max_cm / r_min_cm, i / samples);
    const f = net(r);
    if (fprev < 0 && f >= 0) return brent(net, prev, r, 1e-13);
    prev = r;
    fprev = f;
  }
  return null;
}

/** Qian & Woosley light-bulb parameters. */
export interface QianWoosleyParams {
  /** luminosities [erg s⁻¹] */
  L_nue_ergs: number;
  L_anue_ergs: number;
  /** ε = ⟨E²⟩/⟨E⟩ of each spectrum [MeV] (the source's rate parameters) */
  eps_nue_MeV: number;
  eps_anue_MeV: number;
  /** neutrinosphere radius [cm] (geometric dilution 1 − x, x = sqrt(1 − (R_ν/r)²)) */
  R_nu_cm: number;
  /** electron fraction of the matter */
  Ye: number;
}

/**
 * Qian & Woosley 1996 Eqs. 9 and 12 per nucleon [MeV s⁻¹]: heating
 * 9.65 [(1 − Ye) L_νe,51 ε²_νe + Ye L_ν̄e,51 ε²_ν̄e] (1 − x)/r_6², x = sqrt(1 − (R_ν/r)²), and cooling
 * 2.27 T⁶ (T in MeV). The published coefficients (their fit), a selectable physics option.
 */
export function qianWoosley(p: QianWoosleyParams, T_MeV: (r_cm: number) => number): GainModel {
  return {
    heating_MeVs(r) {
      const x = Math.sqrt(Math.max(0, 1 - (p.R_nu_cm / r) ** 2));
      const r6 = r / 1e6;
      return (qw96_heating_MeVs * ((1 - p.Ye) * (p.L_nue_ergs / 1e51) * p.eps_nue_MeV ** 2 + p.Ye * (p.L_anue_ergs / 1e51) * p.eps_anue_MeV ** 2) * (1 - x)) / (r6 * r6);
    },
    cooling_MeVs(r) {
      return qw96_cooling_MeVs * T_MeV(r) ** 6;
    },
  };
}
