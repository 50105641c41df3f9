// The 'engine' physics option of the stationary-accretion solver (lib/supernova/engine-rates.ts): the
// light bulb with the engine's own CC opacities. Checks: in the leading-order limit (cc_leading_order,
// g_A = 1.26) the engine reproduces the Qian & Woosley (1996) fitted coefficients 9.65 (heating) and
// 2.27 (cooling) that the 'qw96' option uses; the tabulated capture rates interpolate to 1e-3 (measured 2.7e-5);
// the solver finds a steady solution with τ(R_ν) = 2/3 and a shock near the qw96 one.
// REFERENCES: Qian & Woosley 1996 ApJ 471, 331; Janka 2001 A&A 368, 527; PHYSICS.md §6.
import { EngineRates, captureRates } from '../../lib/supernova/engine-rates';
import { LightBulbRates } from '../../lib/supernova/lightbulb';
import { solveAccretion, type AccretionParams } from '../../lib/supernova/accretion';
import { gA_bruenn } from '../../lib/core/constants';

const lb = { L_nue_ergs: 1e52, L_anue_ergs: 1e52, T_nue_MeV: 4, T_anue_MeV: 6, R_nu_cm: 3e6, gA: gA_bruenn };

test('leading order with g_A = 1.26 reproduces the QW96 heating (9.65) and cooling (2.27) coefficients to 1%', () => {
  const e = new EngineRates(lb, { switches: { cc_leading_order: true } });
  const q = new LightBulbRates(lb);
  for (const Ye of [0.1, 0.4, 0.5]) expect(Math.abs(e.heating_ergs_g(1e7, Ye) / q.heating_ergs_g(1e7, Ye) - 1)).toBeLessThan(0.01);
  for (const [T, eta] of [[0.7, 0], [1, 0], [2, 0], [3, 1], [4, 3], [2, -2]]) {
    const ratio = e.cooling_ergs_g(T, 0.4, eta) / q.cooling_ergs_g(T, 0.4, eta);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.01);
  }
});

test('full physics differs from the fits in the physically expected direction', () => {
  const e = new EngineRates(lb), q = new LightBulbRates(lb);
  // pure-neutron heating (νe on n): (E + Δ)² and positive weak magnetism raise it
  expect(e.heating_ergs_g(1e7, 0) / q.heating_ergs_g(1e7, 0)).toBeGreaterThan(1.05);
  // pure-proton heating (ν̄e on p): (E − Δ)² and the strong negative weak magnetism lower it
  expect(e.heating_ergs_g(1e7, 1) / q.heating_ergs_g(1e7, 1)).toBeLessThan(0.95);
  // the inner optical depth uses the same (E + Δ)² average as the fit; the engine adds weak magnetism
  expect(Math.abs(e.coefficients.kappa_cm2g / q.coefficients.kappa_cm2g - 1)).toBeLessThan(0.05);
});

test('tabulated capture rates interpolate to 1e-3 at mid-cells (T 0.5–20 MeV, η_e −5…30)', () => {
  const e = new EngineRates(lb);
  let worst = 0;
  for (const T of [0.53, 0.97, 1.9, 3.3, 6.1, 11.7, 19.4]) {
    for (const eta of [-4.8, -1.1, 0.2, 1.7, 4.6, 9.3, 17.1, 29.5]) {
      const d = captureRates(T, eta, { gA: gA_bruenn }); // the table of this EngineRates was built with the light bulb's g_A
      const T5 = T ** 5;
      const pairs: [Float64Array, number, number][] = [
        [e.table.lnCp, d.cooling_p_MeVs, T5 * T],
        [e.table.lnCn, d.cooling_n_MeVs, T5 * T],
        [e.table.lnRp, d.rate_p_per_s, T5],
        [e.table.lnRn, d.rate_n_per_s, T5],
      ];
      for (const [tab, direct, scale] of pairs) worst = Math.max(worst, Math.abs((e.lookup(tab, T, eta) * scale) / direct - 1));
    }
  }
  console.log(`engine capture-rate table: worst interpolation error ${worst.toExponential(2)}`);
  expect(worst).toBeLessThan(1e-3);
});

test("the solver with physics 'engine': steady solution, τ(R_ν) = 2/3, shock within 10% of the qw96 one", () => {
  const p: AccretionParams = { mass_msun: 1.4, rpns_km: 30, mdot_msun_s: 0.3, L_nue_ergs: 1e52, L_anue_ergs: 1e52, T_nue_MeV: 4, T_anue_MeV: 6, steps: 1000 };
  const a = solveAccretion({ ...p, physics: 'engine' }), b = solveAccretion({ ...p, physics: 'qw96' });
  console.log(`shock radius: engine ${a.shock_km.toFixed(2)} km, qw96 ${b.shock_km.toFixed(2)} km; antesonic ${a.antesonic.toFixed(4)} vs ${b.antesonic.toFixed(4)}`);
  expect(Math.abs(a.tauInner / (2 / 3) - 1)).toBeLessThan(1e-6);
  expect(Math.abs(a.shock_km / b.shock_km - 1)).toBeLessThan(0.1);
  expect(a.shock_km).not.toBe(b.shock_km);
});
