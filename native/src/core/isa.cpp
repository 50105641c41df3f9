// CPU detection and the process-wide ISA choice (see isa.hpp).
#include "nusphere/core/isa.hpp"

#include <atomic>
#include <cstdlib>

#include "nusphere/core/errors.hpp"

namespace nusphere::isa {

const char* name(Isa i) noexcept {
  switch (i) {
    case Isa::Scalar: return "scalar";
    case Isa::Avx2: return "avx2";
    case Isa::Avx512: return "avx512";
  }
  return "scalar";
}

Isa parse(const std::string& s) {
  if (s == "scalar") return Isa::Scalar;
  if (s == "avx2") return Isa::Avx2;
  if (s == "avx512") return Isa::Avx512;
  throw_invalid("isa", "expected scalar|avx2|avx512, got '" + s + "'");
}

bool available(Isa i) noexcept {
  switch (i) {
    case Isa::Scalar: return true;
    case Isa::Avx2:
#if defined(NUSPHERE_HAVE_AVX2) && (defined(__x86_64__) || defined(__i386__))
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
      return false;
#endif
    case Isa::Avx512:
#if defined(NUSPHERE_HAVE_AVX512) && (defined(__x86_64__) || defined(__i386__))
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma");
#else
      return false;
#endif
  }
  return false;
}

Isa best() noexcept {
  if (available(Isa::Avx512)) return Isa::Avx512;
  if (available(Isa::Avx2)) return Isa::Avx2;
  return Isa::Scalar;
}

namespace {
struct Choice {
  std::atomic<int> isa;
  std::string requested, note;
  Choice() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
#endif
    Isa chosen = best();
    if (const char* env = std::getenv("NUSPHERE_ISA"); env && *env) {
      requested = env;
      try {
        Isa want = parse(requested);
        if (available(want)) chosen = want;
        else note = std::string("NUSPHERE_ISA=") + env + " is not available on this CPU/build; using " + name(chosen);
      } catch (const Error&) {
        note = std::string("NUSPHERE_ISA=") + env + " is not one of scalar|avx2|avx512; using " + name(chosen);
      }
    }
    isa.store(int(chosen));
  }
};
Choice& choice() {
  static Choice c;
  return c;
}
}  // namespace

Isa selected() noexcept { return Isa(choice().isa.load()); }
const std::string& requested() noexcept { return choice().requested; }
const std::string& override_note() noexcept { return choice().note; }
void select(Isa i) {
  if (!available(i)) throw_invalid("isa", std::string(name(i)) + " is not available on this CPU/build");
  choice().isa.store(int(i));
}

}  // namespace nusphere::isa
