/**
 * Plain-TypeScript νe + n → e⁻ + p absorption opacity with the same physics as the native term
 * (native/src/opacity/absorption.cpp) without nucleon blocking: BRT06 cross section, Horowitz (2002)
 * weak-magnetism/recoil factor, final-state electron blocking and the stimulated-absorption
 * correction. Baseline for the native-vs-TS ratio in bench/; not used by the library.
 * @internal
 * @module
 */
import { delta_np_MeV, gA, me_MeV, mn_MeV, mu_g, sigma0_cm2 } from '../../lib/core/constants';

export function ccAbsorptionTs(rho_gcc: number, Xn: number, T_MeV: number, mu_e_MeV: number, muhat_MeV: number, E: Float64Array, out: Float64Array): void {
  const n_n = (rho_gcc * Xn) / mu_g;
  const F2 = 3.706;
  const cv = 1, ca = gA;
  const mu_nu = mu_e_MeV - muhat_MeV;
  for (let i = 0; i < E.length; i++) {
    const W = E[i] + delta_np_MeV;
    if (!(W > me_MeV)) {
      out[i] = 0;
      continue;
    }
    const r = me_MeV / W;
    const sigma = (((sigma0_cm2 / (me_MeV * me_MeV)) * (1 + 3 * ca * ca)) / 4) * W * W * Math.sqrt(1 - r * r);
    const e = E[i] / mn_MeV, t = 1 + (4 * e) / 3;
    const num = cv * cv * (1 + 4 * e + (16 * e * e) / 3) + 3 * ca * ca * t * t + 4 * (cv + F2) * ca * e * t + (8 / 3) * cv * F2 * e * e + (5 / 3) * e * e * (1 + 0.4 * e) * F2 * F2;
    const q = 1 + 2 * e;
    const wm = num / ((cv * cv + 3 * ca * ca) * q * q * q);
    const a = (W - mu_e_MeV) / T_MeV, b = (E[i] - mu_nu) / T_MeV;
    const block = (1 + Math.exp(-b)) / (1 + Math.exp(-a)); // (1 − f_e(W)) / (1 − f_ν(E))
    out[i] = n_n * sigma * wm * block;
  }
}
