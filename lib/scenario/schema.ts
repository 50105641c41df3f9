/**
 * Scenario decks: JSON files that describe one pipeline run (profile → EOS/opacities → neutrinospheres
 * → transport → gain analysis → critical luminosity), validated by a zod schema. Errors name the
 * offending field by its path (e.g. `transport.method`). Units as everywhere: km, M☉, M☉ s⁻¹,
 * erg s⁻¹, MeV.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

import { InvalidInputError, IoError } from '../core/errors';

const positive = (max: number) => z.number().finite().positive().max(max);

const upstream = z.union([
  z.object({ kind: z.literal('entropy'), entropy_kB: positive(100), vfrac: positive(1).optional(), Ye: positive(0.6).optional(), Abar: z.number().min(1).max(300).optional() }).strict(),
  z.object({ kind: z.literal('mach'), mach: z.number().finite().min(1.01).max(1000), vfrac: positive(1).optional(), Ye: positive(0.6).optional(), Abar: z.number().min(1).max(300).optional() }).strict(),
]);

const postbounce = z
  .object({
    mass_msun: positive(5).optional(),
    rpns_km: positive(500).optional(),
    mdot_msun_s: positive(20).optional(),
    L_nue_ergs: positive(1e56).optional(),
    L_anue_ergs: positive(1e56).optional(),
    T_nue_MeV: positive(100).optional(),
    T_anue_MeV: positive(100).optional(),
    gA: positive(2).optional(),
    upstream: upstream.optional(),
    r_out_km: positive(1e5).optional(),
    rho_core_gcc: positive(5e14).optional(),
    r_min_km: positive(100).optional(),
    thermal_index: z.number().min(0).max(1).optional(),
    zones: z.object({ pns: z.number().int().min(8).optional(), accretion: z.number().int().min(8).optional(), envelope: z.number().int().min(8).optional() }).strict().optional(),
    steps: z.number().int().min(50).max(1e6).optional(),
  })
  .strict();

export const ScenarioSchema = z
  .object({
    /** a short name (used for the default output folder) */
    name: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'letters, digits, . _ - (≤ 80)'),
    description: z.string().max(2000).optional(),
    /** builtin:postbounce, builtin:pochik2025, or a profile file (relative to the deck) */
    profile: z.string().min(1),
    /** parameters of builtin:postbounce */
    postbounce: postbounce.optional(),
    opacity: z
      .object({
        preset: z.enum(['default', 'nulib']).optional(),
        groups: z.object({ min_MeV: positive(1000), max_MeV: positive(1000), count: z.number().int().min(2).max(200) }).strict().optional(),
      })
      .strict()
      .optional(),
    transport: z
      .object({
        method: z.enum(['do', 'mc', 'leakage']).optional(),
        threads: z.number().int().min(1).max(4096).optional(),
        packets: z.number().int().min(100).max(1e9).optional(),
      })
      .strict()
      .optional(),
    gain: z
      .object({
        /** enclosed mass for G M/r [M☉] */
        mass_msun: positive(5).optional(),
      })
      .strict()
      .optional(),
    critical: z
      .object({
        enabled: z.boolean().optional(),
        /** accretion rates of the L_crit curve [M☉ s⁻¹] (the model's own Ṁ is always added) */
        mdot_msun_s: z.array(positive(20)).max(100).optional(),
        /** the model's accretion rate [M☉ s⁻¹] (default: builtin parameters, or 4πr²ρ|v| of the profile) */
        model_mdot_msun_s: positive(20).optional(),
        mass_msun: positive(5).optional(),
        rpns_km: positive(500).optional(),
        upstream: upstream.optional(),
        steps: z.number().int().min(50).max(1e6).optional(),
      })
      .strict()
      .optional(),
    output: z.object({ plots: z.boolean().optional(), hdf5: z.boolean().optional() }).strict().optional(),
  })
  .strict();

export type Scenario = z.infer<typeof ScenarioSchema>;

/** Validates a parsed deck; the first problem becomes an InvalidInputError naming its field path. */
export function validateScenario(deck: unknown, source = 'scenario'): Scenario {
  const r = ScenarioSchema.safeParse(deck);
  if (r.success) {
    const g = r.data.opacity?.groups;
    if (g && !(g.max_MeV > g.min_MeV)) throw new InvalidInputError(`${source}: opacity.groups.max_MeV must exceed min_MeV`, 'opacity.groups.max_MeV');
    return r.data;
  }
  const issue = r.error.issues[0];
  const field = issue.path.join('.') || '(deck)';
  const extra = r.error.issues.length > 1 ? ` (and ${r.error.issues.length - 1} more)` : '';
  throw new InvalidInputError(`${source}: ${field}: ${issue.message}${extra}`, field);
}

/** Reads and validates a deck file; relative profile paths are resolved against the deck's folder. */
export function loadScenario(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new IoError(`${file}: cannot read (${(e as Error).message})`, 'file', e);
  }
  let deck: unknown;
  try {
    deck = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(`${file}: not valid JSON (${(e as Error).message})`, 'file');
  }
  const s = validateScenario(deck, file);
  if (!s.profile.startsWith('builtin:') && !path.isAbsolute(s.profile)) s.profile = path.resolve(path.dirname(file), s.profile);
  return s;
}
