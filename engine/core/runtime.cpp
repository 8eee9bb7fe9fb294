// SPDX-License-Identifier: GPL-3.0-or-later
// Torch thread settings, kept to the narrow ATen header so this unit compiles quickly.
#include "engine/core/runtime.h"

#include "engine/core/platform.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#if defined(__GLIBC__)
#if defined(__linux__)
#include <malloc.h> // mallopt (glibc)
#endif
#endif
#include <thread>

namespace recscope::engine {

void keepLargeAllocations() {
#if defined(__GLIBC__)
    // Serve every size from the heap (no per-buffer mmap) and keep up to 1 GiB of freed memory.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void setComputeThreads(int threads) {
    const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int n = std::clamp(threads <= 0 ? hw : threads, 1, 256);
    at::set_num_threads(n);
    // This libtorch leaves OpenBLAS's own thread pool alone. Its idle threads spin on
    // sched_yield beside torch's OpenMP threads, which also spin: with both at two threads on two
    // cores, a review's small products ran 3x slower than on one thread (review_bench). The
    // products here have an inner size of the hidden width (about 64), where a second BLAS
    // thread gained nothing (scoring 1,024 histories against 3,417 items: 29 ms on one, 32 ms on
    // two), so BLAS stays on one thread and torch parallelises around it.
    using SetBlasThreads = void (*)(int);
    if (auto *set = reinterpret_cast<SetBlasThreads>(platform::loadedSymbol("openblas_set_num_threads")))
        set(1);
}

int computeThreads() { return at::get_num_threads(); }

std::string engineVersions() {
    return std::string("libtorch ") + TORCH_VERSION + ", SQLite " + sqlite3_libversion() + ", libsodium " +
           sodium_version_string();
}

} // namespace recscope::engine
