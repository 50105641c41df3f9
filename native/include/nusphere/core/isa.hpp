// Runtime SIMD dispatch: scalar, AVX2 and AVX-512 variants of the hot kernels live in their own
// translation units (src/<module>/kernels_<isa>.cpp), each compiled with its own -m flags; one is
// chosen once at load from CPU detection, overridable with NUSPHERE_ISA=scalar|avx2|avx512.
#pragma once
#include <string>

namespace nusphere::isa {

enum class Isa { Scalar = 0, Avx2 = 1, Avx512 = 2 };

const char* name(Isa i) noexcept;
/// Parses "scalar" | "avx2" | "avx512"; throws Error(InvalidInput) otherwise.
Isa parse(const std::string& s);
/// True when both the CPU supports the ISA and this build contains its kernels.
bool available(Isa i) noexcept;
/// The best available ISA (ignores the environment override).
Isa best() noexcept;
/// The ISA chosen at load: NUSPHERE_ISA if set and available, else best().
Isa selected() noexcept;
/// What NUSPHERE_ISA asked for ("" when unset), and why it was not honoured ("" when it was).
const std::string& requested() noexcept;
const std::string& override_note() noexcept;
/// Changes the process-wide choice (tests and benchmarks); throws if not available.
void select(Isa i);

}  // namespace nusphere::isa
