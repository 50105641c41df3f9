/**
 * Light-bulb source terms of the stationary-accretion solver from the engine's own opacities (physics
 * option 'engine', the alternative to the Qian & Woosley fits of lightbulb.ts), for free nucleons
 * (X_n = 1 − Ye, X_p = Ye) as in the QW96 option:
 *
 *   heating per gram  = [(1 − Ye) H_n + Ye H_p] (1 − x) / m_u,  H = L/(2π R_ν²) ∫ σ(E) φ(E) dE
 *   capture rates     λ_νn = L(1 − x)/(2π R_ν²) ∫ σ(E) φ(E)/E dE  (φ: Fermi–Dirac energy spectrum, η = 0)
 *   cooling per gram  = [Ye C_p(T, η_e) + (1 − Ye) C_n(T, η_e)] / m_u,  C = 4π ∫ η_CC dE / n_target
 *   e± capture rates  = 4π ∫ η_CC / E dE / n_target
 *   inner optical depth κ = (ρ/m_u)(1 − Ye) ⟨σ_νe n⟩ (number-weighted over the νe spectrum)
 * σ(E) = κ*ₐ/n_target of the engine's CC absorption at a cold, non-degenerate state (the bare cross
 * section with weak magnetism and the (E ± Δ) kinematics); η_CC the engine's Kirchhoff emissivity of
 * νe (e⁻p capture) and ν̄e (e⁺n capture) at X_n = X_p = 1/2 with non-degenerate nucleons. C and the
 * capture rates are tabulated once per opacity setting on ln T ∈ [ln 0.05, ln 50] MeV (81 points) ×
 * η_e ∈ [−20, 60] (step 0.4)
 * and interpolated bicubically (Catmull–Rom) in (ln T, η_e) of ln(C/T⁶) and ln(λ/T⁵).
 * Units: r [cm], ρ [g cm⁻³], T [MeV], L [erg s⁻¹]; per gram [erg g⁻¹ s⁻¹], λ [s⁻¹].
 * REFERENCES: Bruenn 1985 ApJS 58, 771; Burrows, Reddy & Thompson 2006 NPA 777, 356 (CC opacities);
 *             Qian & Woosley 1996 ApJ 471, 331 and Janka 2001 A&A 368, 527 (the light-bulb problem).
 * @module
 */
import { OutOfDomainError } from '../core/errors';
import { delta_np_MeV, MeV_erg, mu_g } from '../core/constants';
import { opacities, type OpacityOptions, type ThermoState } from '../opacity';
import { checkLightBulb, type LightBulb } from './lightbulb';
import { fdInteger } from './fd-integer';

const { exp, log, sqrt, PI, min, max, floor } = Math;

const F3_0 = fdInteger(3, 0);
const NX = 96; // reduced energies x = E/T on a log grid
const X_MIN = 1e-2, X_MAX = 60;
const LNT_MIN = log(0.05), LNT_MAX = log(50), NT = 81;
const ETA_MIN = -20, ETA_MAX = 60, NETA = 201;

/** Composite Simpson on a log grid: nodes x_i and weights w_i for ∫ f(x) dx. */
function logGrid(): { x: Float64Array; w: Float64Array } {
  const n = NX % 2 === 0 ? NX + 1 : NX;
  const x = new Float64Array(n), w = new Float64Array(n);
  const h = log(X_MAX / X_MIN) / (n - 1);
  for (let i = 0; i < n; i++) {
    x[i] = X_MIN * exp(i * h);
    const s = i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2;
    w[i] = ((s * h) / 3) * x[i]; // dx = x d(ln x)
  }
  return { x, w };
}
const GRID = logGrid();

interface CaptureTable {
  /** ln(C/T⁶) and ln(λ/T⁵) for e⁻p (νe) and e⁺n (ν̄e), [iT][iη] */
  lnCp: Float64Array;
  lnCn: Float64Array;
  lnRp: Float64Array;
  lnRn: Float64Array;
}

const tableCache = new Map<string, CaptureTable>();

/** Non-degenerate free nucleons, X_n = X_p = 1/2, muhat − Δ = 0, electrons of degeneracy η. */
function captureState(T: number, eta: number): ThermoState {
  return { rho_gcc: 1e9, T_MeV: T, Ye: 0.5, Xn: 0.5, Xp: 0.5, Xa: 0, Xh: 0, Abar: 1, Zbar: 0.5, mu_e_MeV: eta * T, mu_n_MeV: -30 * T, mu_p_MeV: -30 * T - delta_np_MeV };
}

/**
 * e± capture rates on free nucleons from the engine's Kirchhoff emissivities at (T, η_e):
 * energy loss C [MeV s⁻¹ per target] and number rate λ [s⁻¹ per target], for e⁻p → n νe (p) and
 * e⁺n → p ν̄e (n); non-degenerate nucleons, η_e = μ_e/T.
 */
export function captureRates(T_MeV: number, eta_e: number, opacity: OpacityOptions = {}): { C_p: number; C_n: number; lambda_p: number; lambda_n: number } {
  const E = GRID.x.map((x) => x * T_MeV);
  const r = opacities({ state: captureState(T_MeV, eta_e) }, E, { ...opacity, species: ['nue', 'anue'] });
  let cp = 0, cn = 0, rp = 0, rn = 0;
  for (let k = 0; k < E.length; k++) {
    const wE = GRID.w[k] * T_MeV; // dE
    const ep = r.total.nue!.eta[k], en = r.total.anue!.eta[k]; // [erg cm⁻³ s⁻¹ sr⁻¹ MeV⁻¹]
    cp += ep * wE;
    cn += en * wE;
    rp += (ep * wE) / E[k];
    rn += (en * wE) / E[k];
  }
  const n_half = (0.5 * 1e9) / mu_g; // targets of each kind in captureState (m_ref = m_u)
  const c = (4 * PI) / (n_half * MeV_erg);
  return { C_p: c * cp, C_n: c * cn, lambda_p: c * rp, lambda_n: c * rn };
}

function captureTable(opacity: OpacityOptions): CaptureTable {
  const key = JSON.stringify(opacity);
  const hit = tableCache.get(key);
  if (hit) return hit;
  const t: CaptureTable = { lnCp: new Float64Array(NT * NETA), lnCn: new Float64Array(NT * NETA), lnRp: new Float64Array(NT * NETA), lnRn: new Float64Array(NT * NETA) };
  for (let i = 0; i < NT; i++) {
    const T = exp(LNT_MIN + ((LNT_MAX - LNT_MIN) * i) / (NT - 1));
    const T5 = T ** 5;
    for (let j = 0; j < NETA; j++) {
      const eta = ETA_MIN + ((ETA_MAX - ETA_MIN) * j) / (NETA - 1);
      const c = captureRates(T, eta, opacity);
      const idx = i * NETA + j;
      t.lnCp[idx] = log(c.C_p / (T5 * T));
      t.lnCn[idx] = log(c.C_n / (T5 * T));
      t.lnRp[idx] = log(c.lambda_p / T5);
      t.lnRn[idx] = log(c.lambda_n / T5);
    }
  }
  tableCache.set(key, t);
  return t;
}

/** Catmull–Rom weights of the points i−1, i, i+1, i+2 at fraction t of the cell [i, i+1]. */
function catmullRom(t: number): [number, number, number, number] {
  const t2 = t * t, t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
}

/** The light-bulb source terms with the engine's cross sections (same interface as LightBulbRates). */
export class EngineRates {
  readonly lb: Required<LightBulb>;
  private readonly hn: number;
  private readonly hp: number;
  private readonly ln: number;
  private readonly lp: number;
  readonly kappaCoeff: number;
  /** @internal */
  readonly table: CaptureTable;

  constructor(lb: LightBulb, opacity: OpacityOptions = {}) {
    this.lb = checkLightBulb(lb);
    const { L_nue_ergs, L_anue_ergs, T_nue_MeV, T_anue_MeV, R_nu_cm, gA } = this.lb;
    const opts: OpacityOptions = { gA, ...opacity };
    // σ(E) per target from a cold state (no blocking, no stimulated absorption): X = 1 of the target
    const sigma = (species: 'nue' | 'anue', T: number) => {
      const E = GRID.x.map((x) => x * T);
      const cold: ThermoState = { rho_gcc: 1e8, T_MeV: 0.05, Ye: species === 'nue' ? 0 : 1, Xn: species === 'nue' ? 1 : 0, Xp: species === 'nue' ? 0 : 1, Xa: 0, Xh: 0, Abar: 1, Zbar: species === 'nue' ? 0 : 1, mu_e_MeV: 0, mu_n_MeV: -2000, mu_p_MeV: -2000 - delta_np_MeV };
      const r = opacities({ state: cold }, E, { ...opts, species: [species], switches: { ...(opts.switches ?? {}), nucleon_blocking_absorption: false } });
      const n = 1e8 / mu_g;
      // energy spectrum φ(E) = E³/(e^{E/T} + 1)/(T⁴ F₃(0)); energy-weighted and number-weighted means of σ
      let sE = 0, sN = 0, norm = 0;
      for (let k = 0; k < E.length; k++) {
        const x = GRID.x[k];
        const phi = (x * x * x) / (exp(x) + 1) / (T * F3_0);
        const wE = GRID.w[k] * T;
        const s = r.total[species]!.kappa_a[k] / n;
        sE += s * phi * wE;
        sN += ((s * phi) / E[k]) * wE;
        norm += (phi / E[k]) * wE;
      }
      return { energy: sE, perEnergy: sN, numberMean: sN / norm };
    };
    const sn = sigma('nue', T_nue_MeV), sp = sigma('anue', T_anue_MeV);
    const geo = 1 / (2 * PI * R_nu_cm * R_nu_cm);
    this.hn = ((L_nue_ergs * geo * sn.energy) / mu_g); // erg g⁻¹ s⁻¹ per (1 − x) for X_n = 1
    this.hp = ((L_anue_ergs * geo * sp.energy) / mu_g);
    this.ln = (L_nue_ergs / MeV_erg) * geo * sn.perEnergy; // s⁻¹ per (1 − x)
    this.lp = (L_anue_ergs / MeV_erg) * geo * sp.perEnergy;
    this.kappaCoeff = sn.numberMean / mu_g;
    this.table = captureTable(opts);
  }

  dilution(r_cm: number): number {
    const q = this.lb.R_nu_cm / r_cm;
    if (q >= 1) return 1;
    const q2 = q * q;
    return q2 / (1 + sqrt(1 - q2));
  }

  heating_ergs_g(r_cm: number, Ye: number): number {
    return ((1 - Ye) * this.hn + Ye * this.hp) * this.dilution(r_cm);
  }

  /** @internal bicubic (Catmull–Rom) table lookup of the logarithm (exposed for the interpolation-error test) */
  lookup(a: Float64Array, T: number, eta: number): number {
    const u = ((log(T) - LNT_MIN) / (LNT_MAX - LNT_MIN)) * (NT - 1);
    const v = ((eta - ETA_MIN) / (ETA_MAX - ETA_MIN)) * (NETA - 1);
    if (!(u >= 0 && u <= NT - 1 && v >= 0 && v <= NETA - 1)) {
      throw new OutOfDomainError(`engine capture rates: (T = ${T} MeV, eta_e = ${eta}) outside [0.05, 50] MeV × [${ETA_MIN}, ${ETA_MAX}]`, u >= 0 && u <= NT - 1 ? 'eta_e' : 'T_MeV');
    }
    // cell (i, j), 4 × 4 stencil clamped at the edges
    const i = min(NT - 2, floor(u)), j = min(NETA - 2, floor(v));
    const wu = catmullRom(u - i), wv = catmullRom(v - j);
    let sum = 0;
    for (let di = 0; di < 4; di++) {
      const ii = min(NT - 1, max(0, i - 1 + di));
      let row = 0;
      for (let dj = 0; dj < 4; dj++) {
        const jj = min(NETA - 1, max(0, j - 1 + dj));
        row += wv[dj] * a[ii * NETA + jj];
      }
      sum += wu[di] * row;
    }
    return exp(sum);
  }

  cooling_ergs_g(T_MeV: number, Ye: number, eta: number): number {
    const T6 = T_MeV ** 6;
    return ((Ye * this.lookup(this.table.lnCp, T_MeV, eta) + (1 - Ye) * this.lookup(this.table.lnCn, T_MeV, eta)) * T6 * MeV_erg) / mu_g;
  }

  dYe_dt(r_cm: number, T_MeV: number, Ye: number, eta: number): number {
    const d = this.dilution(r_cm);
    const T5 = T_MeV ** 5;
    const lem = this.lookup(this.table.lnRp, T_MeV, eta) * T5; // e⁻ p → n νe
    const lep = this.lookup(this.table.lnRn, T_MeV, eta) * T5; // e⁺ n → p ν̄e
    return (1 - Ye) * (this.ln * d + lep) - Ye * (this.lp * d + lem);
  }

  kappa_cm(rho_gcc: number, Ye: number): number {
    return this.kappaCoeff * rho_gcc * (1 - Ye);
  }
}
