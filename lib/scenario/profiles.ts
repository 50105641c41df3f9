/**
 * Named built-in profiles, so that nothing needs downloading:
 *   builtin:postbounce  the built-in post-bounce model (lib/supernova/postbounce, default parameters)
 *   builtin:pochik2025  the steady accretion profile of Pochik & Thompson 2025 shipped in data/profiles
 * Anything else is a file or GR1D directory for lib/io/profile.
 * @module
 */
import * as path from 'node:path';

import { InvalidInputError } from '../core/errors';
import { loadProfile, type ProfileData } from '../io/profile';
import { packageRoot } from '../native/loader';
import { postbounceModel, type PostbounceParams } from '../supernova/postbounce';

export const BUILTIN_PROFILES = Object.freeze({
  'builtin:postbounce': 'built-in post-bounce model: hydrostatic PNS envelope + steady accretion (QW96 light bulb) + free fall (1.4 Msun, 30 km, Mdot 0.3 Msun/s, L 1e52 erg/s)',
  'builtin:pochik2025': 'Pochik & Thompson 2025 steady accretion profile (data/profiles/pochik2025-mdot0.3-lnu10.txt, BSD-3-Clause)',
});

/** Path of the shipped Pochik & Thompson profile. */
export function pochikProfilePath(): string {
  return path.join(packageRoot(), 'data', 'profiles', 'pochik2025-mdot0.3-lnu10.txt');
}

/** A profile from a name (builtin:…) or a file; `postbounce` parameters apply to builtin:postbounce. */
export async function resolveProfile(spec: string, opts: { time?: number; postbounce?: PostbounceParams } = {}): Promise<ProfileData> {
  if (typeof spec !== 'string' || spec.trim() === '') throw new InvalidInputError('profile: expected a file name or builtin:NAME', 'profile');
  if (spec.startsWith('builtin:')) {
    if (spec === 'builtin:postbounce') return postbounceModel(opts.postbounce ?? {}).profile;
    if (spec === 'builtin:pochik2025') return loadProfile(pochikProfilePath());
    throw new InvalidInputError(`profile: unknown built-in '${spec}' (known: ${Object.keys(BUILTIN_PROFILES).join(', ')})`, 'profile');
  }
  return loadProfile(spec, { time: opts.time });
}
