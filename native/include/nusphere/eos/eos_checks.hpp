// Input validation shared by every EOS implementation and by evaluate_batch (DESIGN.md rule 6):
// NaN, infinite or non-positive input -> Error(InvalidInput, field); outside the EOS domain ->
// Error(OutOfDomain, field). Fields: "rho_gcc", "T_MeV", "Ye".
#pragma once
#include "nusphere/eos/eos.hpp"

namespace nusphere::eos {

void check_eos_inputs(const EosDomain& d, double rho_gcc, double T_MeV, double Ye);

}  // namespace nusphere::eos
