// Stationary accretion and critical luminosity (PHYSICS.md §6): the gain-layer EOS, the integer-order
// Fermi–Dirac integrals, Rankine–Hugoniot conservation, grid convergence of the shock-radius
// eigenvalue, the critical curve and its antesonic ratio.
// REFERENCES: Pejcha & Thompson 2012 ApJ 746, 106 (antesonic ratio ≈ 0.19 at L_crit; the issue accepts
// 0.15–0.25); Burrows & Goshy 1993 ApJ 416, L75; Qian & Woosley 1996 ApJ 471, 331.
import { accretionEntropy, accretionEos, pairEta } from '../../lib/supernova/accretion-eos';
import { fdInteger } from '../../lib/supernova/fd-integer';
import { accretionResidual, criticalLuminosity, solveAccretion, type AccretionParams } from '../../lib/supernova/accretion';
import { parseRange } from '../../lib/supernova/critical';
import { LightBulbRates, meanEnergyFD, temperatureFromMeanEnergy } from '../../lib/supernova/lightbulb';
import { InvalidInputError, NotConvergedError, NusphereError } from '../../lib/core/errors';
import { MeV_erg, mu_g } from '../../lib/core/constants';

const base: AccretionParams = { mass_msun: 1.4, rpns_km: 30, mdot_msun_s: 0.3, L_nue_ergs: 1e52, L_anue_ergs: 1e52, T_nue_MeV: 4, T_anue_MeV: 6, steps: 1000 };

test('integer Fermi–Dirac integrals: exact values at η = 0 and the reflection identities', () => {
  const z3 = 1.2020569031595942, z5 = 1.0369277551433699, pi = Math.PI;
  expect(fdInteger(2, 0) / (1.5 * z3) - 1).toBeLessThan(1e-11);
  expect(Math.abs(fdInteger(3, 0) / ((7 * pi ** 4) / 120) - 1)).toBeLessThan(1e-11);
  expect(Math.abs(fdInteger(4, 0) / (22.5 * z5) - 1)).toBeLessThan(1e-11);
  expect(Math.abs(fdInteger(5, 0) / ((31 * pi ** 6) / 252) - 1)).toBeLessThan(1e-11);
  // continuity across η = 0 (series below, reflection above) and the Sommerfeld expansion
  // F_n ≈ η^{n+1}/(n+1) [1 + (π²/6)(n+1)n/η² + (7π⁴/360)(n+1)n(n−1)(n−2)/η⁴] (next term ~2e-11 at η = 200)
  for (const n of [2, 3, 4, 5] as const) {
    expect(Math.abs(fdInteger(n, 1e-9) / fdInteger(n, -1e-9) - 1)).toBeLessThan(1e-8);
    const e = 200, som = (e ** (n + 1) / (n + 1)) * (1 + ((Math.PI ** 2) / 6) * ((n + 1) * n) / e ** 2 + ((7 * Math.PI ** 4) / 360) * ((n + 1) * n * (n - 1) * (n - 2)) / e ** 4);
    expect(Math.abs(fdInteger(n, e) / som - 1)).toBeLessThan(1e-9);
  }
});

test('gain-layer EOS: analytic derivatives, Maxwell relation, net electron density', () => {
  for (const [rho, T, Ye] of [[1e8, 1, 0.5], [3e10, 3, 0.3], [2e11, 4, 0.08], [1e13, 12, 0.1]]) {
    const s = accretionEos(rho, T, Ye);
    const d = (f: (x: number) => number, x: number) => (f(x * (1 + 1e-6)) - f(x * (1 - 1e-6))) / (2e-6 * x);
    expect(Math.abs(d((r) => accretionEos(r, T, Ye).P, rho) / s.P_rho - 1)).toBeLessThan(1e-7);
    expect(Math.abs(d((t) => accretionEos(rho, t, Ye).P, T) / s.P_T - 1)).toBeLessThan(1e-7);
    expect(Math.abs(d((y) => accretionEos(rho, T, y).P, Ye) / s.P_Ye - 1)).toBeLessThan(1e-6);
    expect(Math.abs(d((t) => accretionEos(rho, t, Ye).e, T) / s.e_T - 1)).toBeLessThan(1e-7);
    // Maxwell: (∂e/∂ρ)_T = (P − T ∂P/∂T)/ρ²  (P_T is per MeV, so T in MeV)
    const rhs = (s.P - T * s.P_T) / (rho * rho);
    expect(Math.abs(s.e_rho - rhs)).toBeLessThan(1e-9 * Math.abs(s.P / (rho * rho)));
    // entropy: T (∂s/∂T)_ρ = (∂e/∂T)_ρ, s per baryon in k_B
    const ds = d((t) => accretionEntropy(rho, t, Ye), T);
    expect(Math.abs((T * MeV_erg * ds) / mu_g / s.e_T - 1)).toBeLessThan(1e-6);
    // η solves the net-density cubic exactly
    const eta = pairEta(rho, T, Ye);
    const K = (3 * Math.PI ** 2 * Ye * (rho / mu_g) * 1.973269804e-11 ** 3) / T ** 3;
    expect(Math.abs(eta ** 3 + Math.PI ** 2 * eta - K)).toBeLessThan(1e-12 * Math.max(1, K));
  }
});

test('light bulb: dilution is R²/2r² far out and 1 at R_ν; T from ⟨E⟩ inverts ⟨E⟩', () => {
  const lb = new LightBulbRates({ L_nue_ergs: 1e52, L_anue_ergs: 1e52, T_nue_MeV: 4, T_anue_MeV: 6, R_nu_cm: 3e6 });
  expect(lb.dilution(3e6)).toBe(1);
  expect(Math.abs(lb.dilution(3e9) / (0.5 * 1e-6) - 1)).toBeLessThan(1e-6);
  expect(Math.abs(meanEnergyFD(temperatureFromMeanEnergy(12.6156)) - 12.6156)).toBeLessThan(1e-12);
  // heating ∝ L: doubling both luminosities doubles the heating
  const lb2 = new LightBulbRates({ L_nue_ergs: 2e52, L_anue_ergs: 2e52, T_nue_MeV: 4, T_anue_MeV: 6, R_nu_cm: 3e6 });
  expect(Math.abs(lb2.heating_ergs_g(1e7, 0.4) / lb.heating_ergs_g(1e7, 0.4) - 2)).toBeLessThan(1e-12);
  // cooling ∝ T⁶ at η = 0
  expect(Math.abs(lb.cooling_ergs_g(4, 0.5, 0) / lb.cooling_ergs_g(2, 0.5, 0) - 64)).toBeLessThan(1e-9);
});

test('steady solution: mass flux constant, τ(R_ν) = 2/3, subsonic, shock radius converges with the grid', () => {
  const shocks: number[] = [];
  for (const steps of [500, 1000, 2000, 4000]) shocks.push(solveAccretion({ ...base, steps }).shock_km);
  const d = shocks.slice(1).map((s, i) => Math.abs(s - shocks[i]));
  // RK4: each doubling shrinks the change by ≥ 4 (measured ≈ 8–16); the last change is tiny
  expect(d[1]).toBeLessThan(d[0] / 4);
  expect(d[2]).toBeLessThan(d[1] / 4);
  expect(d[2] / shocks[3]).toBeLessThan(1e-6);
  const s = solveAccretion({ ...base, steps: 2000 });
  const pr = s.profile;
  const mdot = 0.3 * 1.98841e33;
  for (let i = 0; i < pr.r_km.length; i += 97) {
    const r = pr.r_km[i] * 1e5;
    expect(Math.abs((4 * Math.PI * r * r * pr.rho_gcc[i] * -pr.v_cms[i]) / mdot - 1)).toBeLessThan(1e-12);
    expect(pr.v_cms[i] ** 2).toBeLessThan(pr.cs2[i]);
  }
  expect(Math.abs(s.tauInner / (2 / 3) - 1)).toBeLessThan(1e-8);
  expect(pr.r_km[pr.r_km.length - 1]).toBeCloseTo(30, 9);
  // the gain region exists: cooling wins at R_ν, heating behind the shock
  expect(pr.cooling_ergs_g[pr.r_km.length - 1]).toBeGreaterThan(pr.heating_ergs_g[pr.r_km.length - 1]);
  expect(pr.heating_ergs_g[0]).toBeGreaterThan(pr.cooling_ergs_g[0]);
});

test('Rankine–Hugoniot: mass, momentum and energy fluxes are continuous across the shock', () => {
  for (const upstream of [{ kind: 'entropy' as const, entropy_kB: 3, Abar: 1, Ye: 0.5 }, { kind: 'mach' as const, mach: 5, Abar: 1, Ye: 0.5 }]) {
    const s = solveAccretion({ ...base, upstream });
    const u = s.upstream, d = s.postShock;
    const eu = accretionEos(u.rho_gcc, u.T_MeV, u.Ye, 1), ed = accretionEos(d.rho_gcc, d.T_MeV, d.Ye, 1);
    expect(Math.abs((d.rho_gcc * d.v_cms) / (u.rho_gcc * u.v_cms) - 1)).toBeLessThan(1e-12);
    expect(Math.abs((ed.P + d.rho_gcc * d.v_cms ** 2) / (eu.P + u.rho_gcc * u.v_cms ** 2) - 1)).toBeLessThan(1e-10);
    const hu = eu.e + eu.P / u.rho_gcc + 0.5 * u.v_cms ** 2, hd = ed.e + ed.P / d.rho_gcc + 0.5 * d.v_cms ** 2;
    expect(Math.abs(hd / hu - 1)).toBeLessThan(1e-9);
    expect(d.rho_gcc / u.rho_gcc).toBeGreaterThan(3);
    expect(d.v_cms ** 2).toBeLessThan(ed.cs2);
    if (upstream.kind === 'mach') expect(Math.abs(Math.sqrt(eu.cs2) / -u.v_cms - 1 / 5)).toBeLessThan(1e-9);
  }
});

test('critical luminosity rises with Ṁ; the antesonic ratio at L_crit lies in 0.15–0.25; no solution above', () => {
  const pts = [0.2, 0.4, 0.8].map((m) => criticalLuminosity({ ...base, mdot_msun_s: m }, { rtol: 1e-3 }));
  expect(pts[1].L_crit_ergs).toBeGreaterThan(pts[0].L_crit_ergs);
  expect(pts[2].L_crit_ergs).toBeGreaterThan(pts[1].L_crit_ergs);
  for (const p of pts) {
    expect(p.antesonic).toBeGreaterThan(0.15);
    expect(p.antesonic).toBeLessThan(0.25);
  }
  const Lc = pts[1].L_crit_ergs;
  const below = solveAccretion({ ...base, mdot_msun_s: 0.4, L_nue_ergs: 0.97 * Lc, L_anue_ergs: 0.97 * Lc });
  expect(below.shock_km).toBeGreaterThan(30);
  expect(() => solveAccretion({ ...base, mdot_msun_s: 0.4, L_nue_ergs: 1.03 * Lc, L_anue_ergs: 1.03 * Lc })).toThrow(NotConvergedError);
  // the shock moves out as L approaches L_crit
  const lower = solveAccretion({ ...base, mdot_msun_s: 0.4, L_nue_ergs: 0.5 * Lc, L_anue_ergs: 0.5 * Lc });
  expect(below.shock_km).toBeGreaterThan(lower.shock_km);
});

test('bad input names the field', () => {
  const bad: [Partial<AccretionParams>, string][] = [
    [{ mdot_msun_s: -1 }, 'mdot_msun_s'],
    [{ L_nue_ergs: NaN }, 'lightbulb.L_nue_ergs'],
    [{ T_anue_MeV: 0 }, 'lightbulb.T_anue_MeV'],
    [{ mass_msun: Infinity }, 'mass_msun'],
    [{ steps: 10.5 }, 'steps'],
    [{ upstream: { kind: 'entropy', entropy_kB: -3 } }, 'upstream.entropy_kB'],
    [{ physics: 'magic' as 'qw96' }, 'physics'],
  ];
  for (const [p, field] of bad) {
    let err: unknown;
    try {
      accretionResidual({ ...base, ...p } as AccretionParams, 80);
    } catch (e) {
      err = e;
    }
    // INVALID_INPUT (not a number, wrong kind) or OUT_OF_DOMAIN (a number outside the physical range)
    expect(err).toBeInstanceOf(NusphereError);
    expect(['INVALID_INPUT', 'OUT_OF_DOMAIN']).toContain((err as NusphereError).code);
    expect((err as NusphereError).field).toBe(field);
  }
  expect(() => parseRange('0.1:1:0', 'mdot')).toThrow(InvalidInputError);
  expect(parseRange('0.1:1.0:10', 'mdot')).toHaveLength(10);
  expect(parseRange('0.2,0.3', 'mdot')).toEqual([0.2, 0.3]);
});
