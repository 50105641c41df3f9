// The engine-wide weak-scale parameter (PHYSICS.md §1): s = v/v0. G_F = G_F0 / s², so every weak
// cross section scales as s⁻⁴ at fixed kinematics. Optional mass scaling: m_e ∝ s and
// Δ(s) = Δ0 + δ_q (s − 1). Every cross section in the engine reads G_F, σ0, m_e and Δ through this
// struct; no other code may use constants::GF_* or constants::sigma0_cm2 directly for physics.
#pragma once
#include "nusphere/core/constants.hpp"

namespace nusphere {

struct WeakScale {
  double s = 1.0;             // v / v0
  bool mass_scaling = false;  // m_e ∝ s, Δ = Δ0 + δ_q (s − 1)

  /// G_F/(ħc)³ [MeV⁻²]
  double GF_MeV2() const { return constants::GF_MeV2 / (s * s); }
  /// electron rest energy [MeV]
  double me_MeV() const { return mass_scaling ? constants::me_MeV * s : constants::me_MeV; }
  /// neutron − proton rest-energy difference Δ [MeV]
  double delta_MeV() const {
    return mass_scaling ? constants::delta_np_MeV + constants::delta_q_MeV * (s - 1.0) : constants::delta_np_MeV;
  }
  /// σ0 = 4 G_F² (m_e c²)² (ħc)² / π [cm²] at this weak scale (with m_e fixed at its standard value,
  /// since σ0 is only a unit of cross section: the kinematic m_e enters the formulas separately).
  double sigma0_cm2() const { return constants::sigma0_cm2 / (s * s * s * s); }
};

}  // namespace nusphere
