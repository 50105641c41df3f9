// Job control shared by every long-running kernel (DESIGN.md rule 4): an atomic cancel flag checked
// between chunks, a progress counter, the requested thread count, and a chunked OpenMP loop that
// never lets an exception escape a parallel region.
#pragma once
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>

namespace nusphere {

struct JobControl {
  std::atomic<bool> cancel{false};
  std::atomic<std::size_t> done{0};  // work items finished
  std::size_t total = 0;             // work items in the job
  // Called on the calling thread or OpenMP thread 0 only, with a monotone fraction in [0, 1].
  std::function<void(double)> on_progress;
  bool cancelled() const noexcept { return cancel.load(std::memory_order_relaxed); }
};

struct ExecOptions {
  int threads = 0;                // 0: all available (omp_get_max_threads); 1: serial
  JobControl* control = nullptr;  // optional: cancellation and progress
  std::size_t chunk = 0;          // work items per chunk (0: automatic)
};

/// Result of a parallel loop: the OpenMP team size that actually ran it.
struct ParallelStats {
  int team_size = 1;
};

/// Number of threads available to a parallel region (1 when built without OpenMP).
int max_threads() noexcept;
/// True when the library was built with OpenMP.
bool openmp_enabled() noexcept;

/// Runs body(begin, end) over [0, n) in chunks on `opts.threads` threads (dynamic schedule).
/// Checks cancellation before each chunk and throws Error(Cancelled) after the region when set.
/// The first exception thrown by any body is rethrown after the region (never escapes OpenMP).
ParallelStats parallel_for_chunks(std::size_t n, const ExecOptions& opts,
                                  const std::function<void(std::size_t, std::size_t)>& body);

}  // namespace nusphere
