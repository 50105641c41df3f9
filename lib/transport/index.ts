/**
 * Steady-state neutrino transport on a profile (PHYSICS.md §5): deterministic discrete ordinates
 * with variable Eddington factors ('do'), Monte Carlo ('mc', independent check) and a leakage
 * estimate ('leakage').
 *
 * Mapping from the profile to the solver: the profile radii are the shell interfaces; each shell
 * between two profile zones takes the mean of their opacities and emissivities. Spectral
 * emissivities are integrated over each group (η ΔE). A thermal inner boundary radiates the
 * equilibrium intensity of the innermost zone, B_g = η_g/κ_a,g (Kirchhoff), so the core is
 * consistent with the opacities.
 * Outputs at the profile radii, per species, summed over groups: E [erg cm⁻³] = 4πJ/c,
 * F [erg cm⁻² s⁻¹] = 4πH, L [erg s⁻¹] = 4πr²F, flux factor H/J; per group in `groups`; net heating
 * Q [erg cm⁻³ s⁻¹] and number source [cm⁻³ s⁻¹] per shell. Summary at the outer edge: L,
 * ⟨E⟩ = Σ L_g / Σ (L_g/E_g) and rms E = sqrt(Σ L_g E_g / Σ (L_g/E_g)) (number-weighted).
 * @module
 */
import { InvalidInputError } from '../core/errors';
import { runNativeJob, type JobOptions } from '../core/jobs';
import { c_cms, MeV_erg } from '../core/constants';
import { native } from '../native/loader';
import type { ProfileData } from '../io/profile';
import type { ProfileOpacities } from '../neutrinosphere/opacities';
import { SPECIES, type Species } from '../opacity';

export type TransportMethod = 'do' | 'mc' | 'leakage';
export type InnerBoundaryKind = 'thermal' | 'reflecting' | 'vacuum';

export interface TransportOptions extends JobOptions {
  method?: TransportMethod;
  innerBoundary?: InnerBoundaryKind;
  /** deterministic solver: impact parameters per shell, convergence tolerance */
  do?: { extraRays?: number; coreRays?: number; maxIterations?: number; tolerance?: number };
  /** Monte Carlo: packets per group (default 1e5), seed (default 0) */
  mc?: { packets?: number; seed?: number };
}

export interface SpeciesZones {
  /** [erg cm⁻³] */
  E_ergcc: Float64Array;
  /** [erg cm⁻² s⁻¹] */
  F_ergcm2s: Float64Array;
  /** [erg s⁻¹] */
  L_ergs: Float64Array;
  fluxFactor: Float64Array;
}

export interface SpeciesGroups {
  /** group-integrated moments [erg cm⁻² s⁻¹ sr⁻¹], [zone][group] */
  J: Float64Array;
  H: Float64Array;
  K: Float64Array;
  /** net heating per shell and group [erg cm⁻³ s⁻¹], [shell][group] */
  Q: Float64Array;
  /** number source per shell (absorbed − emitted) [cm⁻³ s⁻¹], summed over groups */
  numberSource: Float64Array;
}

export interface TransportResult {
  method: TransportMethod;
  energies_MeV: Float64Array;
  summary: Record<Species, { L_ergs: number; meanE_MeV: number; rmsE_MeV: number }>;
  zones: { r_cm: Float64Array } & Record<Species, SpeciesZones>;
  groups: Record<Species, SpeciesGroups>;
  iterations: number;
  /** energy conservation per species: (∫4πr²Q dr − (L_in − L_out)) / L_scale */
  conservation: Record<Species, number>;
  /** Monte Carlo only: 1σ statistical errors of L per zone, packets and time */
  errors?: Record<Species, { L_ergs: Float64Array; packets: number; seconds: number }>;
}

/** The solver problem of one species (shells between profile zones). @internal */
export function buildProblem(profile: ProfileData, op: ProfileOpacities, s: Species, inner: InnerBoundaryKind) {
  const nz = profile.r_cm.length, ng = op.energies_MeV.length, ns = nz - 1;
  const ka = new Float64Array(ns * ng), ks = new Float64Array(ns * ng), eta = new Float64Array(ns * ng);
  const A = op.kappa_a[s], S = op.kappa_s[s], E = op.eta[s];
  for (let k = 0; k < ns; k++)
    for (let g = 0; g < ng; g++) {
      const w = op.bin_edges_MeV[g + 1] - op.bin_edges_MeV[g];
      const i0 = k * ng + g, i1 = (k + 1) * ng + g;
      ka[i0] = 0.5 * (A[i0] + A[i1]);
      ks[i0] = 0.5 * (S[i0] + S[i1]);
      eta[i0] = 0.5 * (E[i0] + E[i1]) * w;
    }
  const core = new Float64Array(ng);
  for (let g = 0; g < ng; g++) {
    const w = op.bin_edges_MeV[g + 1] - op.bin_edges_MeV[g];
    core[g] = A[g] > 0 ? (E[g] * w) / A[g] : 0;
  }
  return { r_cm: profile.r_cm, groups: ng, kappa_a: ka, kappa_s: ks, eta, inner, core_intensity: core };
}

function assemble(
  method: TransportMethod,
  profile: ProfileData,
  op: ProfileOpacities,
  sols: Record<Species, { J: Float64Array; H: Float64Array; K: Float64Array; Q: Float64Array; iterations: number }>,
): TransportResult {
  const r = profile.r_cm, nz = r.length, ng = op.energies_MeV.length;
  const fourPi = 4 * Math.PI;
  const zones = { r_cm: r } as TransportResult['zones'];
  const groups = {} as TransportResult['groups'];
  const summary = {} as TransportResult['summary'];
  const conservation = {} as TransportResult['conservation'];
  let iterations = 0;
  for (const s of SPECIES) {
    const sol = sols[s];
    iterations = Math.max(iterations, sol.iterations);
    const E = new Float64Array(nz), F = new Float64Array(nz), L = new Float64Array(nz), ff = new Float64Array(nz);
    for (let i = 0; i < nz; i++) {
      let J = 0, H = 0;
      for (let g = 0; g < ng; g++) {
        J += sol.J[i * ng + g];
        H += sol.H[i * ng + g];
      }
      E[i] = (fourPi * J) / c_cms;
      F[i] = fourPi * H;
      L[i] = fourPi * r[i] * r[i] * F[i];
      ff[i] = J > 0 ? H / J : 0;
    }
    zones[s] = { E_ergcc: E, F_ergcm2s: F, L_ergs: L, fluxFactor: ff };
    const nsrc = new Float64Array(nz - 1);
    let qint = 0;
    for (let k = 0; k < nz - 1; k++) {
      const V = (r[k + 1] ** 3 - r[k] ** 3) / 3;
      for (let g = 0; g < ng; g++) {
        nsrc[k] += sol.Q[k * ng + g] / (op.energies_MeV[g] * MeV_erg);
        qint += fourPi * V * sol.Q[k * ng + g];
      }
    }
    groups[s] = { J: sol.J, H: sol.H, K: sol.K, Q: sol.Q, numberSource: nsrc };
    const Lscale = Math.max(Math.abs(L[0]), Math.abs(L[nz - 1]), 1e-300);
    conservation[s] = (qint - (L[0] - L[nz - 1])) / Lscale;
    // emergent spectrum at the outer edge
    let Ltot = 0, N = 0, E2 = 0;
    for (let g = 0; g < ng; g++) {
      const Lg = fourPi * r[nz - 1] ** 2 * fourPi * sol.H[(nz - 1) * ng + g];
      const Eg = op.energies_MeV[g];
      Ltot += Lg;
      N += Lg / Eg;
      E2 += Lg * Eg;
    }
    summary[s] = { L_ergs: Ltot, meanE_MeV: N > 0 ? Ltot / N : 0, rmsE_MeV: N > 0 ? Math.sqrt(E2 / N) : 0 };
  }
  return { method, energies_MeV: op.energies_MeV, summary, zones, groups, iterations, conservation };
}

/**
 * Leakage estimate (Ruffert, Janka & Schäfer 1996 A&A 311, 532; O'Connor & Ott 2010 CQG 27, 114103),
 * per group: the effective local loss rate interpolates between free emission 4πη_g and diffusion
 * of the equilibrium energy density, Q_eff = Q_free Q_diff/(Q_free + Q_diff), with
 * Q_diff = (4π B_g/c)/t_diff, t_diff = D τ_g²/(c κ_t,g) (D = 3), B_g = η_g/κ_a,g and τ_g the transport
 * optical depth to the outer edge. No absorption of leaked neutrinos (a fast estimate).
 */
function leakage(profile: ProfileData, op: ProfileOpacities, s: Species, inner: InnerBoundaryKind) {
  const pr = buildProblem(profile, op, s, inner);
  const r = profile.r_cm, nz = r.length, ng = op.energies_MeV.length, ns = nz - 1;
  const D = 3;
  const tau = new Float64Array(nz * ng);
  for (let k = ns - 1; k >= 0; k--)
    for (let g = 0; g < ng; g++) tau[k * ng + g] = tau[(k + 1) * ng + g] + (pr.kappa_a[k * ng + g] + pr.kappa_s[k * ng + g]) * (r[k + 1] - r[k]);
  const J = new Float64Array(nz * ng), H = new Float64Array(nz * ng), K = new Float64Array(nz * ng), Q = new Float64Array(ns * ng);
  const fourPi = 4 * Math.PI;
  // luminosity through each interface: core + cumulative leakage
  const Lg = new Float64Array(ng);
  for (let g = 0; g < ng; g++) Lg[g] = inner === 'thermal' ? fourPi * r[0] ** 2 * Math.PI * pr.core_intensity[g] : 0;
  for (let g = 0; g < ng; g++) H[g] = Lg[g] / (16 * Math.PI ** 2 * r[0] ** 2);
  for (let k = 0; k < ns; k++) {
    const V = (fourPi * (r[k + 1] ** 3 - r[k] ** 3)) / 3;
    for (let g = 0; g < ng; g++) {
      const i = k * ng + g;
      const kt = pr.kappa_a[i] + pr.kappa_s[i];
      const qfree = fourPi * pr.eta[i];
      const B = pr.kappa_a[i] > 0 ? pr.eta[i] / pr.kappa_a[i] : 0;
      const taum = 0.5 * (tau[i] + tau[(k + 1) * ng + g]);
      const tdiff = kt > 0 ? (D * taum * taum) / (c_cms * kt) : 0;
      const qdiff = tdiff > 0 ? (fourPi * B) / c_cms / tdiff : Infinity;
      const qeff = qfree > 0 ? (qfree * qdiff) / (qfree + qdiff) : 0;
      Q[i] = -qeff;
      Lg[g] += qeff * V;
      const Hi = Lg[g] / (16 * Math.PI ** 2 * r[k + 1] ** 2);
      H[(k + 1) * ng + g] = Hi;
      J[(k + 1) * ng + g] = Hi; // free-streaming closure for the reported energy density
      K[(k + 1) * ng + g] = Hi;
    }
  }
  return { J, H, K, Q, iterations: 0 };
}

/** Solves transport for every species on a profile with given opacities. */
export async function transport(profile: ProfileData, op: ProfileOpacities, opts: TransportOptions = {}): Promise<TransportResult> {
  const method = opts.method ?? 'do';
  if (!['do', 'mc', 'leakage'].includes(method)) throw new InvalidInputError(`method: expected do, mc or leakage, got '${method}'`, 'method');
  const inner = opts.innerBoundary ?? 'thermal';
  if (!['thermal', 'reflecting', 'vacuum'].includes(inner)) throw new InvalidInputError(`innerBoundary: expected thermal, reflecting or vacuum`, 'innerBoundary');
  if (op.zones !== profile.r_cm.length) throw new InvalidInputError(`opacities have ${op.zones} zones, the profile ${profile.r_cm.length}`, 'zones');
  const sols = {} as Record<Species, { J: Float64Array; H: Float64Array; K: Float64Array; Q: Float64Array; iterations: number }>;
  let done = 0;
  // one native job per species; its progress is mapped onto the whole run
  const speciesJob = (base: number): JobOptions => ({
    ...opts,
    onProgress: opts.onProgress ? (f: number) => opts.onProgress!((base + f) / SPECIES.length) : undefined,
  });
  const mcErrors: Partial<Record<Species, { J_err: Float64Array; H_err: Float64Array; packets: number; seconds: number }>> = {};
  for (const s of SPECIES) {
    if (method === 'leakage') sols[s] = leakage(profile, op, s, inner);
    else if (method === 'do') {
      const pr = buildProblem(profile, op, s, inner);
      sols[s] = await runNativeJob(speciesJob(done), (o) => native().transportDo(pr, { ...o, ...(opts.do ?? {}) }));
    } else {
      const pr = buildProblem(profile, op, s, inner);
      const r = await runNativeJob(speciesJob(done), (o) => native().transportMc(pr, { ...o, ...(opts.mc ?? {}) }));
      sols[s] = r;
      mcErrors[s] = { J_err: r.J_err!, H_err: r.H_err!, packets: r.stats.packets, seconds: r.stats.seconds };
    }
    done++;
  }
  const res = assemble(method, profile, op, sols);
  if (method === 'mc') {
    // 1σ of the summary luminosity and of zone luminosities from the per-group H errors
    const r = profile.r_cm, nz = r.length, ng = op.energies_MeV.length;
    res.errors = {} as NonNullable<TransportResult['errors']>;
    for (const s of SPECIES) {
      const e = mcErrors[s]!;
      const L = new Float64Array(nz);
      for (let i = 0; i < nz; i++) {
        let v = 0;
        for (let g = 0; g < ng; g++) v += e.H_err[i * ng + g] ** 2;
        L[i] = 16 * Math.PI ** 2 * r[i] ** 2 * Math.sqrt(v);
      }
      res.errors[s] = { L_ergs: L, packets: e.packets, seconds: e.seconds };
    }
  }
  return res;
}
