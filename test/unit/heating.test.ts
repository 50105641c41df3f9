// Neutrino heating and cooling from the engine's own CC opacities, and the gain-region analysis
// (lib/supernova/rates.ts). Physics contracts and golden values:
//  - PHYSICS.md §6 reference conditions: heating ≈ 160 MeV/s per nucleon for L = 1e52 erg/s,
//    r = 100 km, Fermi–Dirac T_ν = 4 MeV (η = 0), ⟨μ⟩ = 1, X_n = 1; cooling ≈ 145 (T/2 MeV)⁶ MeV/s
//    (Qian & Woosley 1996 ApJ 471, 331, Eqs. 9–12; Janka 2001 A&A 368, 527, Eqs. 2–6). Those are
//    leading-order numbers (σ = σ0 (1+3gA²)/4 (E/m_e)², gA = 1.254), hence the cc_leading_order switch;
//    the closed forms are heating = L/(4πr²) σ0 (1+3gA²)/(4 m_e²) T² F5(0)/F3(0) and cooling =
//    c σ0 (1+3gA²)/(4 m_e²) T⁶ F5(0)/(2π² (ħc)³) for X_n = X_p = 1/2, η_e = 0.
//  - heating ∝ L ⟨E²⟩ (PHYSICS.md §6: a test doubles each), cooling ∝ T⁶ at η_e = 0.
//  - detailed balance: in a radiation field equal to the black body at the matter's T and μ_ν,
//    heating = cooling (Kirchhoff, PHYSICS.md §0).
//  - gain analysis of the built-in Pochik & Thompson 2025 steady accretion profile.
import * as path from 'node:path';

import { InvalidInputError } from '../../lib/core/errors';
import { c_cms, delta_np_MeV, gA as GA_DEFAULT, gA_nulib, hbarc_MeVcm, me_MeV, MeV_erg, sigma0_cm2 } from '../../lib/core/constants';
import { fermiDirac } from '../../lib/core/fermi-dirac';
import { loadProfile, type ProfileData } from '../../lib/io/profile';
import { thermoState, type ThermoState } from '../../lib/opacity';
import {
  ccChemicalPotential,
  detectShock,
  energyQuadrature,
  fermiDiracEnergySpectrum,
  gainAnalysis,
  heatingCooling,
  lightBulbEnergyDensity,
  type LightBulb,
} from '../../lib/supernova/rates';

const GA_QW = gA_nulib; // 1.254, the g_A of the textbook coefficients (Qian & Woosley 1996; NuLib)
const LO = { opacity: { gA: GA_QW, switches: { cc_leading_order: true } } };
const F3_0 = (7 * Math.PI ** 4) / 120;
const F5_0 = (31 * Math.PI ** 6) / 252;
const sigmaPrime = (gA: number) => (sigma0_cm2 * (1 + 3 * gA * gA)) / 4 / (me_MeV * me_MeV); // [cm² MeV⁻²]

/** Cold non-degenerate pure-neutron matter: X_n = 1, no protons (mu_p → −∞), η_e = 0, T small. */
function coldNeutrons(): ThermoState {
  return { rho_gcc: 1e8, T_MeV: 0.1, Ye: 0, Xn: 1, Xp: 0, Xa: 0, Xh: 0, Abar: 1, Zbar: 0, mu_e_MeV: 0, mu_n_MeV: 0, mu_p_MeV: -1000 };
}
/**
 * X_n = X_p = 1/2, η_e = 0 (mu_e = 0), nondegenerate nucleons (η_n = −20, as at ρ = 1e8 g/cm³) with
 * chemical potentials equal apart from Δ (muhat − Δ = 0).
 */
function halfHalf(T_MeV: number): ThermoState {
  return { rho_gcc: 1e8, T_MeV, Ye: 0.5, Xn: 0.5, Xp: 0.5, Xa: 0, Xh: 0, Abar: 1, Zbar: 0, mu_e_MeV: 0, mu_n_MeV: -20 * T_MeV, mu_p_MeV: -20 * T_MeV - delta_np_MeV };
}
const bulb = (o: Partial<LightBulb> = {}): LightBulb => ({ L_ergs: 1e52, T_MeV: 4, eta: 0, fluxFactor: 1, ...o });
const heatAt100km = (lb: LightBulb, opts = LO, state = coldNeutrons()) => heatingCooling({ state }, { kind: 'lightbulb', r_cm: 1e7, nue: lb }, opts).heating_MeVs;
const coolingAt = (T: number, opts = LO) => heatingCooling({ state: halfHalf(T) }, { kind: 'lightbulb', r_cm: 1e7 }, opts).cooling_MeVs;

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('PHYSICS.md §6 reference conditions (Qian & Woosley 1996; Janka 2001)', () => {
  const H_analytic = (1e52 / (4 * Math.PI * 1e14) / MeV_erg) * sigmaPrime(GA_QW) * 16 * (F5_0 / F3_0);
  const C_analytic = ((c_cms * sigmaPrime(GA_QW)) / (2 * Math.PI ** 2 * hbarc_MeVcm ** 3)) * 64 * F5_0;

  test(`leading-order heating, g_A = ${GA_QW}: 160 MeV/s per nucleon within 2% (closed form 159.46 to 1e-7)`, () => {
    const h = heatAt100km(bulb());
    console.log(`heating (leading order, gA = ${GA_QW}): ${h.toFixed(4)} MeV/s per nucleon; closed form ${H_analytic.toFixed(4)}`);
    expect(rel(h, 160)).toBeLessThan(0.02);
    expect(rel(H_analytic, 159.46)).toBeLessThan(1e-4);
    expect(rel(h, H_analytic)).toBeLessThan(1e-7); // the quadrature and the opacity, not the coefficient
  });

  test(`leading-order cooling at T = 2 MeV, η_e = 0, X_n = X_p = 1/2, g_A = ${GA_QW}: 145 MeV/s within 2% (closed form 144.24 to 1e-7)`, () => {
    const c = coolingAt(2);
    console.log(`cooling (leading order, T = 2 MeV): ${c.toFixed(4)} MeV/s per nucleon; closed form ${C_analytic.toFixed(4)}`);
    expect(rel(c, 145)).toBeLessThan(0.02);
    expect(rel(c, C_analytic)).toBeLessThan(1e-7);
    // the same with a shifted Δ in the state would not be consistent: mu_n = mu_p leaves e^{Δ/T} in n_n e^{−(muhat−Δ)/T}
    const wrong = heatingCooling({ state: { ...halfHalf(2), mu_p_MeV: halfHalf(2).mu_n_MeV } }, { kind: 'lightbulb', r_cm: 1e7 }, LO).cooling_MeVs;
    expect(rel(wrong, C_analytic)).toBeGreaterThan(0.1);
  });

  test(`full physics (default switches, g_A = ${GA_DEFAULT}) exceeds leading order for νe n heating, by the (E + Δ)² factor and weak magnetism`, () => {
    const full = heatAt100km(bulb(), {});
    const loSameGa = heatAt100km(bulb(), { opacity: { gA: GA_DEFAULT, switches: { cc_leading_order: true } } });
    const fullCool = coolingAt(2, {});
    console.log(JSON.stringify({ heating_full_MeVs: full, heating_leading_order_gA1p2754_MeVs: loSameGa, cooling_full_T2_MeVs: fullCool }));
    // (E + Δ)² averaged over the absorbed spectrum (∝ E⁵ f): 1 + 2Δ⟨E⟩/⟨E²⟩ + Δ²/⟨E²⟩ with
    // ⟨E⟩ = T F4/F3, ⟨E²⟩ = T² F5/F3 (energy-weighted FD moments); weak magnetism for νe n is
    // positive (≈ +1.03 E/M, Horowitz 2002), at most a few per cent at ⟨E⟩ ≈ 16–30 MeV; the m_e
    // phase-space factor sqrt(1 − (m_e/W)²) costs < 0.1%. So full/LO(same g_A) ∈ [0.999 s, 1.04 s].
    const T = 4, F4_0 = fermiDirac(4, 0).f;
    const mE = (T * F4_0) / F3_0, mE2 = (T * T * F5_0) / F3_0;
    const shift = 1 + (2 * delta_np_MeV * mE) / mE2 + delta_np_MeV ** 2 / mE2;
    expect(full).toBeGreaterThan(heatAt100km(bulb()));
    expect(full / loSameGa).toBeGreaterThan(0.999 * shift);
    expect(full / loSameGa).toBeLessThan(1.04 * shift);
    expect(full).toBeGreaterThan(180);
    expect(full).toBeLessThan(195);
  });
});

describe('scalings (PHYSICS.md §6: heating ∝ L⟨E²⟩; cooling ∝ T⁶)', () => {
  test('doubling L doubles heating to 1e-6', () => {
    expect(rel(heatAt100km(bulb({ L_ergs: 2e52 })) / heatAt100km(bulb()), 2)).toBeLessThan(1e-6);
  });
  test('doubling ⟨E²⟩ (T_ν → √2 T_ν at fixed L) doubles leading-order heating to 1e-6', () => {
    expect(rel(heatAt100km(bulb({ T_MeV: 4 * Math.SQRT2 })) / heatAt100km(bulb()), 2)).toBeLessThan(1e-6);
    // not so with the full cross section ((E + Δ)² grows more slowly than E²): guards against the switch being ignored
    expect(rel(heatAt100km(bulb({ T_MeV: 4 * Math.SQRT2 }), {}) / heatAt100km(bulb(), {}), 2)).toBeGreaterThan(1e-3);
  });
  test('leading-order cooling at η_e = 0 scales as T⁶: T = 1, 2, 4 MeV give ratios 64 to 1e-6', () => {
    const c1 = coolingAt(1), c2 = coolingAt(2), c4 = coolingAt(4);
    expect(rel(c2 / c1, 64)).toBeLessThan(1e-6);
    expect(rel(c4 / c2, 64)).toBeLessThan(1e-6);
  });
});

describe('radiation fields and detailed balance', () => {
  test('light-bulb dilution L (1 − x)/(2π R² c) and its far-field limit L/(4π r² c)', () => {
    const lb: LightBulb = { L_ergs: 3e52, T_MeV: 4, R_nu_cm: 3e6 };
    const r = 1e7, x = Math.sqrt(1 - 0.09);
    expect(rel(lightBulbEnergyDensity(lb, r), (3e52 * (1 - x)) / (2 * Math.PI * 9e12 * c_cms))).toBeLessThan(1e-12);
    expect(rel(lightBulbEnergyDensity(lb, 1e12), 3e52 / (4 * Math.PI * 1e24 * c_cms))).toBeLessThan(1e-9);
    expect(rel(lightBulbEnergyDensity({ ...lb, fluxFactor: 0.5 }, r), 3e52 / (4 * Math.PI * 1e14 * c_cms * 0.5))).toBeLessThan(1e-12);
  });

  test('Fermi–Dirac spectrum is normalized (η = 0 and η = 2)', () => {
    for (const eta of [0, 2]) {
      const q = energyQuadrature((eta + 70) * 3, 3);
      const phi = fermiDiracEnergySpectrum(q.E, 3, eta);
      expect(Math.abs(phi.reduce((s, p, i) => s + p * q.w[i], 0) - 1)).toBeLessThan(1e-10);
    }
  });

  test('detailed balance: in the matter black body (u_E = 4π B_ν/c) heating = cooling (full physics, EOS state)', () => {
    const state = thermoState(3e10, 3, 0.35);
    for (const s of ['nue', 'anue'] as const) {
      const mu = ccChemicalPotential(state, s);
      // groups: a fine grid; u_g = 4π B(E_g) ΔE_g / c — exactly the discrete Kirchhoff balance
      const edges = Float64Array.from({ length: 301 }, (_, i) => 0.05 * Math.pow(4000, i / 300));
      const E = edges.slice(1).map((e, g) => 0.5 * (e + edges[g]));
      const w = edges.slice(1).map((e, g) => e - edges[g]);
      const hc = 2 * Math.PI * hbarc_MeVcm;
      const B = E.map((e) => (MeV_erg * c_cms * e ** 3) / (hc ** 3 * (Math.exp((e - mu) / state.T_MeV) + 1)));
      const u = B.map((b, g) => (4 * Math.PI * b * w[g]) / c_cms);
      const r = heatingCooling({ state }, { kind: 'groups', groups: { energies_MeV: E, widths_MeV: w, u_ergcc: { [s]: u } } });
      expect(rel(r.species[s].heating_MeVs, r.species[s].cooling_MeVs)).toBeLessThan(1e-12);
      // light bulb with T_ν = T, η = μ_ν/T and total energy density (4π/c)∫B dE: continuous integrals agree
      const eta = mu / state.T_MeV;
      const uTot = (4 * Math.PI * MeV_erg * c_cms * state.T_MeV ** 4 * fermiDirac(3, eta).f) / (hc ** 3 * c_cms);
      const L = uTot * 4 * Math.PI * 1e14 * c_cms; // u = L/(4π r² c ⟨μ⟩), ⟨μ⟩ = 1, r = 100 km
      const lb = heatingCooling({ state }, { kind: 'lightbulb', r_cm: 1e7, [s]: { L_ergs: L, T_MeV: state.T_MeV, eta, fluxFactor: 1 } });
      expect(lb.species[s].heating_MeVs).toBeGreaterThan(0);
      expect(rel(lb.species[s].heating_MeVs, lb.species[s].cooling_MeVs)).toBeLessThan(1e-7);
    }
  });

  test('group sums converge to the light-bulb quadrature on fine groups', () => {
    const state = thermoState(1e9, 1.5, 0.45);
    const lb: LightBulb = { L_ergs: 1e52, T_MeV: 5, R_nu_cm: 3e6 };
    const r = 8e6;
    const exact = heatingCooling({ state }, { kind: 'lightbulb', r_cm: r, nue: lb, anue: lb }).heating_MeVs;
    const edges = Float64Array.from({ length: 401 }, (_, i) => 0.1 * Math.pow(5000, i / 400));
    const E = edges.slice(1).map((e, g) => Math.sqrt(e * edges[g]));
    const w = edges.slice(1).map((e, g) => e - edges[g]);
    const A = lightBulbEnergyDensity(lb, r);
    const u = fermiDiracEnergySpectrum(E, 5).map((p, g) => A * p * w[g]);
    const grp = heatingCooling({ state }, { kind: 'groups', groups: { energies_MeV: E, widths_MeV: w, u_ergcc: { nue: u, anue: u } } }).heating_MeVs;
    expect(rel(grp, exact)).toBeLessThan(1e-3);
  });
});

describe('gain analysis of the built-in Pochik & Thompson 2025 profile (light bulb of the model)', () => {
  let profile: ProfileData;
  beforeAll(async () => {
    profile = await loadProfile(path.join(__dirname, '..', '..', 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt'));
  });
  // the model's source parameters: mean energies 12.6156 and 18.9234 MeV → T = ⟨E⟩ F2(0)/F3(0)
  const k = () => fermiDirac(2, 0).f / fermiDirac(3, 0).f;
  const field = () => ({
    kind: 'lightbulb' as const,
    nue: { L_ergs: 1e52, T_MeV: 12.6156 * k(), R_nu_cm: 3e6 },
    anue: { L_ergs: 1e52, T_MeV: 18.9234 * k(), R_nu_cm: 3e6 },
  });

  test('T_ν from the mean energies: 4.003 and 6.005 MeV', () => {
    expect(Math.abs(12.6156 * k() - 4.003)).toBeLessThan(1e-3);
    expect(Math.abs(18.9234 * k() - 6.005)).toBeLessThan(1e-3);
  });

  test('gain radius between R_ν and the shock; gain mass, efficiency and time scales physical', () => {
    const g = gainAnalysis(profile, field());
    const { zones, ...summary } = g;
    console.log(JSON.stringify({ ...summary, gain_radius_km: g.gain_radius_cm! / 1e5, shock_radius_km: g.shock_radius_cm! / 1e5 }));
    expect(zones.r_cm.length).toBe(profile.r_cm.length);
    // the profile's shock (density jump ×6 over zones 86–88) sits at ~98 km
    expect(g.shock_radius_cm).not.toBeNull();
    expect(g.shock_radius_cm!).toBeGreaterThan(9e6);
    expect(g.shock_radius_cm!).toBeLessThan(1.2e7);
    expect(g.gain_radius_cm).not.toBeNull();
    expect(g.gain_radius_cm!).toBeGreaterThan(3e6);
    expect(g.gain_radius_cm!).toBeLessThan(g.shock_radius_cm!);
    // net heating negative just inside, positive just outside the gain radius
    const i = zones.r_cm.findIndex((r) => r > g.gain_radius_cm!);
    expect(zones.heating_MeVs[i - 1] - zones.cooling_MeVs[i - 1]).toBeLessThan(0);
    expect(zones.heating_MeVs[i] - zones.cooling_MeVs[i]).toBeGreaterThan(0);
    expect(g.gain_mass_msun!).toBeGreaterThan(0);
    expect(g.gain_mass_msun!).toBeLessThan(0.1);
    expect(g.net_heating_ergs!).toBeGreaterThan(0);
    expect(g.heating_efficiency!).toBeGreaterThan(0);
    expect(g.heating_efficiency!).toBeLessThan(1);
    expect(g.t_adv_s!).toBeGreaterThan(0);
    expect(g.t_heat_s!).toBeGreaterThan(0);
    expect(g.ratio!).toBeCloseTo(g.t_adv_s! / g.t_heat_s!, 12);
    // the gain layer is gravitationally bound: E_tot,gain < 0
    expect(g.E_gain_erg!).toBeLessThan(0);
  });

  test('shock detection needs velocities; an explicit shock radius is honoured', () => {
    const noV: ProfileData = { ...profile, v_cms: undefined };
    expect(detectShock(noV)).toBeNull();
    const g = gainAnalysis(noV, field(), { shock_radius_cm: 9.5e6 });
    expect(g.shock_radius_cm).toBe(9.5e6);
    expect(g.t_adv_s).toBeNull();
    expect(g.gain_radius_cm!).toBeLessThan(9.5e6);
  });

  test('bad inputs → InvalidInputError naming the field', () => {
    const expectField = (f: () => unknown, field: string) => {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidInputError);
      expect((err as InvalidInputError).field).toBe(field);
    };
    const fl = field();
    expectField(() => gainAnalysis(profile, { ...fl, nue: { ...fl.nue, L_ergs: NaN } }), 'field.nue.L_ergs');
    expectField(() => gainAnalysis(profile, { ...fl, anue: { ...fl.anue, L_ergs: -1 } }), 'field.anue.L_ergs');
    expectField(() => gainAnalysis(profile, { ...fl, nue: { ...fl.nue, T_MeV: 0 } }), 'field.nue.T_MeV');
    expectField(() => gainAnalysis(profile, { ...fl, nue: { ...fl.nue, R_nu_cm: 4e6 } }), 'field.nue.R_nu_cm');
    expectField(() => gainAnalysis({ ...profile, Ye: profile.Ye.slice(1) }, fl), 'profile.Ye');
    expectField(() => gainAnalysis({ ...profile, T_MeV: profile.T_MeV.map((t, i) => (i === 5 ? NaN : t)) }, fl), 'profile.T_MeV[5]');
    expectField(() => gainAnalysis(profile, fl, { mass_msun: -1 }), 'mass_msun');
    const fakeTransport = { zones: { r_cm: profile.r_cm.slice(1) }, energies_MeV: Float64Array.of(10) } as never;
    expectField(() => gainAnalysis(profile, { kind: 'transport', result: fakeTransport, bin_edges_MeV: Float64Array.of(5, 15) }), 'field.result.zones');
    expectField(() => heatingCooling({ state: coldNeutrons() }, { kind: 'lightbulb', r_cm: 1e7, nue: { L_ergs: 1e52, T_MeV: 4, R_nu_cm: 1e7 } }), 'field.nue.R_nu_cm');
    expectField(() => heatingCooling({ state: coldNeutrons() }, { kind: 'lightbulb', r_cm: 1e7, nue: { L_ergs: 1e52, T_MeV: 4 } }), 'field.nue.R_nu_cm');
    expectField(() => heatingCooling({ rho_gcc: 1e9, T_MeV: -1, Ye: 0.5 }, { kind: 'lightbulb', r_cm: 1e7 }), 'T_MeV');
    expectField(() => heatingCooling({ state: coldNeutrons() }, { kind: 'groups', groups: { energies_MeV: Float64Array.of(1, 2), widths_MeV: Float64Array.of(1), u_ergcc: {} } }), 'field.groups.widths_MeV');
  });
});
