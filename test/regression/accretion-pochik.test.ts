// The stationary-accretion solver against the real steady profile of Pochik & Thompson 2025
// (data/profiles/pochik2025-mdot0.3-lnu10.txt: athena-1D-accretion-pub initial-condition file, BSD-3):
// same parameters (1.4 Msun, R_nu = 30.2 km inner edge, Mdot 0.3 Msun/s, L_nue = L_anue = 1e52 erg/s,
// <E> 12.6156 / 18.9234 MeV, g_A 1.26, tau_nue = 2/3 at the inner edge, upstream entropy 3 k_B, Ye 26/56,
// Abar 56) and the same light-bulb physics (Qian & Woosley 1996 heating, cooling and Ye rates). The
// upstream speed is taken from the profile just outside its shock (0.94 of free fall: the source's
// outer flow is not in free fall; its outer boundary sits at 1000 km with 0.8 of free fall).
// Measured (this commit): shock 97.0 km vs the profile's density jump at 98.8 km (−1.8 %); upstream T
// +1.2 %; density median |Δρ/ρ| 0.9 %, max 15 % (at the inner edge, where the source damps its source
// terms by exp(−ρ/ρ0) and a fitted free-nucleon fraction, and uses the Helmholtz EOS with massive e±);
// temperature median 0.3 %, max 5 %. Tolerances: shock within 3 %, median density within 3 %, max 25 % —
// the physics differences above, not numerics (the solver converges to 1e-6 km, accretion.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { solveAccretion } from '../../lib/supernova/accretion';
import { temperatureFromMeanEnergy } from '../../lib/supernova/lightbulb';
import { G_cgs, kB_MeVK, Msun_g } from '../../lib/core/constants';

const file = path.join(__dirname, '..', '..', 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt');

test('Pochik & Thompson 2025 steady profile: shock radius and density profile', () => {
  const rows = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number));
  // the shock: the largest drop in density between neighbouring zones
  let js = 1, best = 0;
  for (let i = 1; i < rows.length; i++) {
    const q = rows[i - 1][1] / rows[i][1];
    if (q > best) {
      best = q;
      js = i;
    }
  }
  const rShock = 0.5 * (rows[js - 1][0] + rows[js][0]) / 1e5;
  const up = rows[js + 1];
  const vfrac = -up[2] / Math.sqrt((2 * G_cgs * 1.4 * Msun_g) / up[0]);
  const s = solveAccretion({
    mass_msun: 1.4,
    rpns_km: rows[0][0] / 1e5,
    mdot_msun_s: 0.3,
    L_nue_ergs: 1e52,
    L_anue_ergs: 1e52,
    T_nue_MeV: temperatureFromMeanEnergy(12.6156),
    T_anue_MeV: temperatureFromMeanEnergy(18.9234),
    gA: 1.26,
    upstream: { kind: 'entropy', entropy_kB: 3, vfrac, Ye: 26 / 56, Abar: 56 },
    steps: 2000,
  });
  const dShock = s.shock_km / rShock - 1;
  // upstream temperature on the entropy-3 adiabat vs the profile's
  const dTup = s.upstream.T_MeV / (up[3] * kB_MeVK) - 1;
  // density and temperature at the profile's post-shock radii (log interpolation in the solution)
  const rk = Array.from(s.profile.r_km).reverse(), rho = Array.from(s.profile.rho_gcc).reverse(), T = Array.from(s.profile.T_MeV).reverse();
  const at = (x: number, a: number[]) => {
    let i = 0;
    while (i < rk.length - 2 && rk[i + 1] < x) i++;
    const t = (x - rk[i]) / (rk[i + 1] - rk[i]);
    return Math.exp((1 - t) * Math.log(a[i]) + t * Math.log(a[i + 1]));
  };
  const dr: number[] = [], dT: number[] = [];
  for (let i = 0; i < js - 1; i++) {
    const r = rows[i][0] / 1e5;
    if (r < rk[0] || r > 0.98 * Math.min(s.shock_km, rShock)) continue;
    dr.push(Math.abs(at(r, rho) / rows[i][1] - 1));
    dT.push(Math.abs(at(r, T) / (rows[i][3] * kB_MeVK) - 1));
  }
  dr.sort((a, b) => a - b);
  dT.sort((a, b) => a - b);
  const report = { shock_km: s.shock_km, profile_shock_km: rShock, dShock, dTup, rho_median: dr[dr.length >> 1], rho_max: dr[dr.length - 1], T_median: dT[dT.length >> 1], T_max: dT[dT.length - 1], zones: dr.length, antesonic: s.antesonic };
  console.log(`Pochik & Thompson 2025 comparison: ${JSON.stringify(report)}`);
  expect(dr.length).toBeGreaterThan(60);
  expect(Math.abs(dShock)).toBeLessThan(0.03);
  expect(Math.abs(dTup)).toBeLessThan(0.03);
  expect(report.rho_median).toBeLessThan(0.03);
  expect(report.rho_max).toBeLessThan(0.25);
  expect(report.T_median).toBeLessThan(0.03);
});
