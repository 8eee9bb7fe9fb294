// SPDX-License-Identifier: GPL-3.0-or-later
// Process-wide compute settings: the number of threads torch uses inside one operation.
#pragma once

#include <string>

namespace recscope::engine {

// Sets torch's intra-op thread count (torch defaults to 1 on small machines). Call once at
// start and whenever the preference changes, before any training starts.
void setComputeThreads(int threads);
int computeThreads();
// Keeps freed large buffers in the process heap instead of handing them back to the kernel.
// Torch allocates and frees tens of megabytes per batch; with glibc's defaults each batch pays
// for fresh zeroed pages (full-ranking evaluation of ML-1M ran 3x slower). Call once at start.
void keepLargeAllocations();
// The library versions the engine was built with, for About boxes and --version.
std::string engineVersions();

} // namespace recscope::engine
