/**
 * CLI commands of the supernova engine (PHYSICS.md §6): `accretion` (one steady accretion solution
 * with its shock radius as eigenvalue) and `critical` (the critical-luminosity curve L_crit(Ṁ) with
 * the shock-radius family, JSON and SVG).
 * @internal
 * @module
 */
import { Command, Option } from 'commander';

import { InvalidInputError } from '../core/errors';
import { writeLineChart } from '../plot';
import { solveAccretion, type AccretionParams, type Upstream } from '../supernova/accretion';
import { criticalCurve, parseRange } from '../supernova/critical';
import { progressBar } from './progress';

type Helpers = {
  parseNumber: (field: string) => (v: string) => number;
  out: (json: boolean, obj: unknown, text: () => string) => void;
};

interface UpstreamOpts {
  upstreamMach?: number;
  upstreamEntropy?: number;
  upstreamVfrac?: number;
  upstreamYe?: number;
  upstreamAbar?: number;
}

function upstreamOf(o: UpstreamOpts): Upstream {
  if (o.upstreamMach !== undefined && o.upstreamEntropy !== undefined) throw new InvalidInputError('give either --upstream-mach or --upstream-entropy, not both', 'upstream-mach');
  const common = { vfrac: o.upstreamVfrac, Ye: o.upstreamYe, Abar: o.upstreamAbar };
  if (o.upstreamMach !== undefined) return { kind: 'mach', mach: o.upstreamMach, ...common };
  return { kind: 'entropy', entropy_kB: o.upstreamEntropy ?? 3, ...common };
}

function addPhysicsOptions(c: Command, h: Helpers): Command {
  return c
    .option('--rpns-km <km>', 'neutrinosphere (inner boundary) radius [km]', h.parseNumber('rpns-km'), 30)
    .option('--tnue <MeV>', 'nu_e spectral temperature (Fermi-Dirac, eta = 0) [MeV]', h.parseNumber('tnue'), 4)
    .option('--tanue <MeV>', 'anti-nu_e spectral temperature [MeV]', h.parseNumber('tanue'), 6)
    .option('--upstream-mach <M>', 'upstream Mach number (instead of the entropy)', h.parseNumber('upstream-mach'))
    .option('--upstream-entropy <S>', 'upstream entropy [k_B per baryon] (default 3)', h.parseNumber('upstream-entropy'))
    .option('--upstream-vfrac <f>', 'upstream speed as a fraction of free fall (default 1)', h.parseNumber('upstream-vfrac'))
    .option('--upstream-ye <Ye>', 'upstream electron fraction (default 26/56, iron)', h.parseNumber('upstream-ye'))
    .option('--upstream-abar <A>', 'upstream mean mass number (default 56; 1 = free nucleons)', h.parseNumber('upstream-abar'))
    .option('--dissociation <MeV>', 'nuclear dissociation energy removed at the shock [MeV per nucleon] (default 0)', h.parseNumber('dissociation'))
    .option('--ga <gA>', 'axial coupling of the Ye rates and the inner optical depth', h.parseNumber('ga'))
    .addOption(new Option('--physics <name>', "heating/cooling physics: qw96 (Qian & Woosley fits) or engine (the engine's CC opacities)").choices(['qw96', 'engine']).default('qw96'))
    .option('--steps <n>', 'RK4 steps between shock and neutrinosphere (grid resolution)', h.parseNumber('steps'));
}

export function registerSupernova(p: Command, h: Helpers): void {
  addPhysicsOptions(
    p
      .command('accretion')
      .description('one stationary accretion solution between neutrinosphere and standing shock (shock radius as eigenvalue, tau_nue(R_nu) = 2/3)')
      .requiredOption('--mass-msun <M>', 'proto-neutron-star mass [Msun]', h.parseNumber('mass-msun'))
      .requiredOption('--mdot <Msun/s>', 'accretion rate [Msun/s]', h.parseNumber('mdot'))
      .requiredOption('--lnue <erg/s>', 'nu_e luminosity [erg/s]', h.parseNumber('lnue'))
      .requiredOption('--lanue <erg/s>', 'anti-nu_e luminosity [erg/s]', h.parseNumber('lanue')),
    h,
  )
    .option('--svg <file>', 'write an SVG of density, temperature and heating/cooling vs radius')
    .option('--json', 'machine-readable output')
    .action(async (o: UpstreamOpts & { massMsun: number; mdot: number; lnue: number; lanue: number; rpnsKm: number; tnue: number; tanue: number; dissociation?: number; ga?: number; physics: 'qw96' | 'engine'; steps?: number; svg?: string; json?: boolean }) => {
      const params: AccretionParams = { mass_msun: o.massMsun, rpns_km: o.rpnsKm, mdot_msun_s: o.mdot, L_nue_ergs: o.lnue, L_anue_ergs: o.lanue, T_nue_MeV: o.tnue, T_anue_MeV: o.tanue, upstream: upstreamOf(o), dissociation_MeV: o.dissociation, gA: o.ga, physics: o.physics, steps: o.steps };
      const s = solveAccretion(params);
      const pr = s.profile;
      const a = (x: Float64Array) => Array.from(x);
      const result = {
        shock_km: s.shock_km,
        antesonic: s.antesonic,
        tau_inner: s.tauInner,
        steps: s.steps,
        params,
        upstream: s.upstream,
        post_shock: s.postShock,
        profile: { r_km: a(pr.r_km), rho_gcc: a(pr.rho_gcc), v_cms: a(pr.v_cms), T_MeV: a(pr.T_MeV), Ye: a(pr.Ye), cs2_cm2s2: a(pr.cs2), tau: a(pr.tau), entropy_kB: a(pr.entropy_kB), heating_ergs_g: a(pr.heating_ergs_g), cooling_ergs_g: a(pr.cooling_ergs_g) },
      };
      if (o.svg) {
        await writeLineChart(o.svg, {
          title: `Steady accretion: Mdot = ${o.mdot} Msun/s, L_nue = ${o.lnue.toExponential(2)} erg/s, shock at ${s.shock_km.toFixed(1)} km`,
          x: { label: 'radius [km]', log: true },
          y: { label: 'heating and cooling [erg/g/s]', log: true },
          series: [
            { name: 'heating', x: pr.r_km, y: pr.heating_ergs_g },
            { name: 'cooling', x: pr.r_km, y: pr.cooling_ergs_g },
          ],
        });
      }
      h.out(!!o.json, result, () =>
        [
          `steady accretion (${o.physics}): M = ${o.massMsun} Msun, R_nu = ${o.rpnsKm} km, Mdot = ${o.mdot} Msun/s, L_nue = ${o.lnue.toExponential(3)}, L_anue = ${o.lanue.toExponential(3)} erg/s`,
          `  shock radius ${s.shock_km.toFixed(2)} km; antesonic ratio max cs^2/v_esc^2 = ${s.antesonic.toFixed(4)}`,
          `  upstream: rho ${s.upstream.rho_gcc.toExponential(3)} g/cm^3, v ${s.upstream.v_cms.toExponential(3)} cm/s, T ${s.upstream.T_MeV.toFixed(3)} MeV`,
          `  post-shock: rho ${s.postShock.rho_gcc.toExponential(3)} g/cm^3, T ${s.postShock.T_MeV.toFixed(3)} MeV (compression ${(s.postShock.rho_gcc / s.upstream.rho_gcc).toFixed(2)})`,
          `  at R_nu: rho ${pr.rho_gcc[pr.rho_gcc.length - 1].toExponential(3)} g/cm^3, T ${pr.T_MeV[pr.T_MeV.length - 1].toFixed(3)} MeV, Ye ${pr.Ye[pr.Ye.length - 1].toFixed(3)}, tau_nue = ${s.tauInner.toFixed(4)}`,
        ].join('\n'),
      );
    });

  addPhysicsOptions(
    p
      .command('critical')
      .description('critical luminosity L_crit(Mdot) where steady accretion solutions end, with the shock-radius family (PHYSICS.md §6)')
      .requiredOption('--mass <Msun>', 'proto-neutron-star mass [Msun]', h.parseNumber('mass'))
      .requiredOption('--mdot <range>', 'accretion rates [Msun/s]: start:stop:count, or a comma list')
      .option('--lratio <r>', 'L_anue / L_nue held fixed along the curve', h.parseNumber('lratio'), 1),
    h,
  )
    .option('--rtol <r>', 'relative tolerance on L_crit', h.parseNumber('rtol'), 1e-3)
    .option('--svg <file>', 'write an SVG of L_crit(Mdot); a second SVG <file>-family.svg has the shock-radius family')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'no progress bar')
    .action(async (o: UpstreamOpts & { mass: number; mdot: string; lratio: number; rpnsKm: number; tnue: number; tanue: number; dissociation?: number; ga?: number; physics: 'qw96' | 'engine'; steps?: number; rtol: number; svg?: string; json?: boolean; quiet?: boolean }) => {
      const mdots = parseRange(o.mdot, 'mdot');
      const base = { mass_msun: o.mass, rpns_km: o.rpnsKm, L_nue_ergs: 1, L_anue_ergs: o.lratio, T_nue_MeV: o.tnue, T_anue_MeV: o.tanue, upstream: upstreamOf(o), dissociation_MeV: o.dissociation, gA: o.ga, physics: o.physics, steps: o.steps ?? 1000 };
      const bar = progressBar('critical', o.quiet || o.json);
      let curve;
      try {
        curve = await criticalCurve(base, mdots, { rtol: o.rtol, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      if (o.svg) {
        await writeLineChart(o.svg, {
          title: `Critical luminosity, M = ${o.mass} Msun, R_nu = ${o.rpnsKm} km (T_nue ${o.tnue}, T_anue ${o.tanue} MeV)`,
          x: { label: 'accretion rate Mdot [Msun/s]' },
          y: { label: 'L_crit (nu_e) [1e52 erg/s]' },
          series: [{ name: 'L_crit', x: curve.points.map((q) => q.mdot_msun_s), y: curve.points.map((q) => q.L_crit_ergs / 1e52) }],
        });
        const famFile = o.svg.replace(/\.svg$/i, '') + '-family.svg';
        await writeLineChart(famFile, {
          title: 'Shock radius along the solution family up to L_crit',
          x: { label: 'L_nue [1e52 erg/s]' },
          y: { label: 'shock radius [km]' },
          series: curve.family.map((f) => ({ name: `Mdot ${f.mdot_msun_s.toPrecision(3)}`, x: f.L_ergs.map((l) => l / 1e52), y: f.shock_km })),
        });
      }
      h.out(!!o.json, curve, () =>
        [
          `critical luminosity (${o.physics}), M = ${o.mass} Msun, R_nu = ${o.rpnsKm} km, L_anue/L_nue = ${o.lratio}`,
          '  Mdot [Msun/s]   L_crit [erg/s]   shock at L_crit [km]   antesonic',
          ...curve.points.map((q) => `  ${q.mdot_msun_s.toPrecision(4).padStart(12)}   ${q.L_crit_ergs.toExponential(4).padStart(14)}   ${q.shock_km.toFixed(1).padStart(20)}   ${q.antesonic.toFixed(4)}`),
        ].join('\n'),
      );
    });
}
