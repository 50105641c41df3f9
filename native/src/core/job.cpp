// Chunked OpenMP loop with cancellation, progress and exception capture (see job.hpp).
#include "nusphere/core/job.hpp"

#include <algorithm>
#include <mutex>

#include "nusphere/core/errors.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace nusphere {

int max_threads() noexcept {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

bool openmp_enabled() noexcept {
#ifdef _OPENMP
  return true;
#else
  return false;
#endif
}

ParallelStats parallel_for_chunks(std::size_t n, const ExecOptions& opts,
                                  const std::function<void(std::size_t, std::size_t)>& body) {
  ParallelStats stats;
  if (opts.threads < 0) throw_invalid("threads", "must be >= 0");
  JobControl* ctl = opts.control;
  if (ctl) ctl->total = n;
  const int threads = opts.threads > 0 ? opts.threads : max_threads();
  std::size_t chunk = opts.chunk;
  if (chunk == 0) chunk = std::max<std::size_t>(1, std::min<std::size_t>(4096, n / (16 * std::size_t(threads)) + 1));
  const std::size_t nchunks = n == 0 ? 0 : (n + chunk - 1) / chunk;

  std::exception_ptr first_error;
  std::mutex err_mutex;
  std::atomic<bool> stop{false};
  double last_reported = -1.0;

  auto run_chunk = [&](std::size_t c) {
    if (stop.load(std::memory_order_relaxed)) return;
    if (ctl && ctl->cancelled()) {
      stop.store(true);
      return;
    }
    const std::size_t b = c * chunk, e = std::min(n, b + chunk);
    try {
      body(b, e);
    } catch (...) {
      std::lock_guard<std::mutex> lk(err_mutex);
      if (!first_error) first_error = std::current_exception();
      stop.store(true);
      return;
    }
    if (ctl) ctl->done.fetch_add(e - b, std::memory_order_relaxed);
  };
  auto report = [&]() {
    if (!ctl || !ctl->on_progress || n == 0) return;
    const double f = double(ctl->done.load(std::memory_order_relaxed)) / double(n);
    if (f > last_reported) {
      last_reported = f;
      ctl->on_progress(f);
    }
  };

#ifdef _OPENMP
  std::atomic<int> team{1};
#pragma omp parallel num_threads(threads)
  {
#pragma omp single nowait
    team.store(omp_get_num_threads(), std::memory_order_release);
#pragma omp for schedule(dynamic, 1)
    for (std::size_t c = 0; c < nchunks; ++c) {
      run_chunk(c);
      if (omp_get_thread_num() == 0) report();
    }
  }
  stats.team_size = team.load(std::memory_order_acquire);
#else
  for (std::size_t c = 0; c < nchunks; ++c) {
    run_chunk(c);
    report();
  }
#endif
  if (first_error) std::rethrow_exception(first_error);
  if (ctl && ctl->cancelled()) throw Error(ErrorCode::Cancelled, "", "job cancelled");
  report();
  return stats;
}

}  // namespace nusphere
