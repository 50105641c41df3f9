/**
 * The engine-wide weak-scale parameter (PHYSICS.md §1): s = v/v₀, the Higgs vacuum expectation value
 * relative to ours. G_F = 1/(√2 v²), so every weak cross section and rate scales as s⁻⁴ at fixed
 * kinematics. Optional mass scaling: m_e ∝ s and Δ(s) = Δ₀ + δ_q (s − 1).
 * Every cross section reads G_F through {@link fermiConstant}; nothing else may hide a G_F.
 * @module
 */
import { GF_MeV2, delta_np_MeV, delta_q_MeV, me_MeV } from './constants';
import { finiteNumber } from './validate';

/** The weak-scale model recorded in every output's provenance. */
export interface WeakScale {
  /** s = v/v₀ (1 = our universe). */
  s: number;
  /** Scale m_e ∝ s and the quark-mass part of m_n − m_p (default false). */
  massScaling: boolean;
}

/** s = 1, no mass scaling. */
export const STANDARD_WEAK_SCALE: Readonly<WeakScale> = Object.freeze({ s: 1, massScaling: false });

/** Validates and completes a weak-scale model (s must lie in [0.01, 100]). */
export function weakScale(model: Partial<WeakScale> = {}): WeakScale {
  const s = model.s === undefined ? 1 : finiteNumber(model.s, 'weakScale.s', { min: 0.01, max: 100 });
  return { s, massScaling: model.massScaling ?? false };
}

/** G_F/(ħc)³ [MeV⁻²] at weak scale s. */
export function fermiConstant(ws: WeakScale = STANDARD_WEAK_SCALE): number {
  return GF_MeV2 / (ws.s * ws.s);
}

/** Electron rest energy [MeV] under the model. */
export function electronMass(ws: WeakScale = STANDARD_WEAK_SCALE): number {
  return ws.massScaling ? me_MeV * ws.s : me_MeV;
}

/** Neutron–proton mass difference Δ [MeV] under the model. */
export function neutronProtonDelta(ws: WeakScale = STANDARD_WEAK_SCALE): number {
  return ws.massScaling ? delta_np_MeV + delta_q_MeV * (ws.s - 1) : delta_np_MeV;
}
