// Neutrinospheres through the facade and the CLI: closed-form power-law atmosphere (PHYSICS.md §4),
// below-inner-boundary reporting, user-supplied opacity files, SVG output.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { neutrinospheres, validateOpacities, type ProfileOpacities } from '../../lib/neutrinosphere';
import { validateProfile, type ProfileData } from '../../lib/io/profile';
import { mu_g } from '../../lib/core/constants';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nusphere-spheres-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// ρ = ρ0 (R0/r)^n, κ = ρ σ(E)/m_u with σ ∝ E² → R(E) = [3 ρ0 σ R0^n / (2 m_u (n − 1))]^{1/(n−1)}
const rho0 = 1e12, R0 = 1e6, n = 3, nz = 4000;
const edges = [1, 3, 6, 12, 24, 48];
const ng = edges.length - 1;
const Ec = edges.slice(0, -1).map((e, g) => 0.5 * (e + edges[g + 1]));
const sigma = (E: number) => 1e-42 * E * E;

function setup(): { p: ProfileData; op: ProfileOpacities } {
  const r = new Float64Array(nz), rho = new Float64Array(nz);
  for (let i = 0; i < nz; i++) {
    r[i] = R0 * Math.pow(1e3, i / (nz - 1));
    rho[i] = rho0 * Math.pow(R0 / r[i], n);
  }
  const p = validateProfile({ r_cm: r, rho_gcc: rho, T_MeV: new Float64Array(nz).fill(5), Ye: new Float64Array(nz).fill(0.3) });
  const mk = (f: (z: number, g: number) => number) => {
    const a = new Float64Array(nz * ng);
    for (let z = 0; z < nz; z++) for (let g = 0; g < ng; g++) a[z * ng + g] = f(z, g);
    return a;
  };
  const ka = mk((z, g) => 0.25 * (rho[z] * sigma(Ec[g])) / mu_g);
  const ks = mk((z, g) => 0.75 * (rho[z] * sigma(Ec[g])) / mu_g);
  const eta = mk((z, g) => ka[z * ng + g] * Ec[g] ** 3 * 1e20);
  const op: ProfileOpacities = {
    bin_edges_MeV: Float64Array.from(edges), energies_MeV: Float64Array.from(Ec), zones: nz,
    kappa_a: { nue: ka, anue: ka, nux: ka }, kappa_s: { nue: ks, anue: ks, nux: ks }, eta: { nue: eta, anue: eta, nux: eta },
  };
  return { p, op: validateOpacities(op, nz) };
}

test('power-law atmosphere: transport sphere within 0.1% of the closed form; energy sphere deeper', () => {
  const { p, op } = setup();
  const r = neutrinospheres(p, op);
  Ec.forEach((E, g) => {
    const exact = Math.pow((3 * rho0 * sigma(E) * R0 ** n) / (2 * mu_g * (n - 1)), 1 / (n - 1)) / 1e5;
    const R = r.spheres.nue.transport_km[g]!;
    expect(Math.abs(R / exact - 1)).toBeLessThan(1e-3);
    // κ_eff = sqrt(κa κt) = κt/2 here → R_energy = R/sqrt(2) for n = 3 (null when that is below 10 km)
    if (exact / Math.SQRT2 > R0 / 1e5) expect(Math.abs(r.spheres.nue.energy_km[g]! / (exact / Math.SQRT2) - 1)).toBeLessThan(1e-3);
    else expect(r.spheres.nue.energy_km[g]).toBeNull();
  });
  expect(r.spheres.nux.mean_transport_km).toBeGreaterThan(r.spheres.nux.transport_km[0]!);
  expect(r.spheres.nux.number_mean_km).not.toBeNull();
  expect(r.spheres.nux.number_km).toHaveLength(ng);
});

test('spheres deeper than the innermost zone are null, and means are then undefined', () => {
  const { p, op } = setup();
  const cut = 1204; // drop the zones inside ~80 km: the low-energy spheres (13, 30, 60 km) now lie below the inner boundary
  const sub = (a: Float64Array, w = 1) => a.slice(cut * w);
  const p2 = validateProfile({ r_cm: sub(p.r_cm), rho_gcc: sub(p.rho_gcc), T_MeV: sub(p.T_MeV), Ye: sub(p.Ye) });
  const op2 = { ...op, zones: nz - cut, kappa_a: { nue: sub(op.kappa_a.nue, ng), anue: sub(op.kappa_a.anue, ng), nux: sub(op.kappa_a.nux, ng) }, kappa_s: { nue: sub(op.kappa_s.nue, ng), anue: sub(op.kappa_s.anue, ng), nux: sub(op.kappa_s.nux, ng) }, eta: { nue: sub(op.eta.nue, ng), anue: sub(op.eta.anue, ng), nux: sub(op.eta.nux, ng) } };
  const r = neutrinospheres(p2, op2);
  expect(r.spheres.nue.transport_km[0]).toBeNull();
  expect(r.spheres.nue.transport_km[ng - 1]).not.toBeNull();
  expect(r.spheres.nue.mean_transport_km).toBeNull();
});

test('CLI: spheres --profile --opacities --json and an SVG plot', () => {
  const { p, op } = setup();
  const prof = path.join(dir, 'p.json');
  const step = 10; // a coarser profile for the file (the CLI test is about plumbing)
  const idx = Array.from({ length: nz / step }, (_, i) => i * step);
  fs.writeFileSync(prof, JSON.stringify({ r_cm: idx.map((i) => p.r_cm[i]), rho_gcc: idx.map((i) => p.rho_gcc[i]), T_MeV: idx.map(() => 5), Ye: idx.map(() => 0.3) }));
  const nested = (a: Float64Array) => idx.map((z) => Array.from(a.slice(z * ng, (z + 1) * ng)));
  const opf = path.join(dir, 'op.json');
  fs.writeFileSync(opf, JSON.stringify({ bin_edges_MeV: edges, kappa_a_cm: [0, 1, 2].map(() => nested(op.kappa_a.nue)), kappa_s_cm: [0, 1, 2].map(() => nested(op.kappa_s.nue)), eta: [0, 1, 2].map(() => nested(op.eta.nue)) }));
  const svg = path.join(dir, 'r.svg');
  const root = path.resolve(__dirname, '..', '..');
  const res = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'spheres', '--profile', prof, '--opacities', opf, '--svg', svg, '--json'], { encoding: 'utf8' });
  expect(res.status).toBe(0);
  const j = JSON.parse(res.stdout);
  expect(j.energies_MeV).toHaveLength(ng);
  expect(j.spheres.anue.transport_km).toHaveLength(ng);
  for (const k of ['transport_km', 'energy_km', 'number_km']) expect(j.spheres.nux[k]).toHaveLength(ng);
  for (const k of ['mean_transport_km', 'mean_energy_km']) expect(j.spheres.nue).toHaveProperty(k);
  const exact = Math.pow((3 * rho0 * sigma(Ec[2]) * R0 ** n) / (2 * mu_g * (n - 1)), 1 / (n - 1)) / 1e5;
  expect(Math.abs(j.spheres.nue.transport_km[2] / exact - 1)).toBeLessThan(5e-3);
  const text = fs.readFileSync(svg, 'utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('</svg>');
  expect(text).toMatch(/nue/);
  // a broken opacity file names species, zone and group
  const bad = JSON.parse(fs.readFileSync(opf, 'utf8'));
  bad.kappa_s_cm[1][7][3] = -1;
  fs.writeFileSync(opf, JSON.stringify(bad));
  const res2 = spawnSync(process.execPath, [path.join(root, 'bin', 'nusphere.js'), 'spheres', '--profile', prof, '--opacities', opf, '--json'], { encoding: 'utf8' });
  expect(res2.status).toBe(2);
  expect(res2.stderr).toMatch(/kappa_s\[anue\] zone 7 group 3/);
});
