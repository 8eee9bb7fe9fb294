// SPDX-License-Identifier: GPL-3.0-or-later
// `--nproc N`: starts N copies of this command line as the ranks of one data-parallel run on
// this machine, with the environment PyTorch's launcher would set, and waits for them.
#pragma once

#include <string>
#include <vector>

namespace recscope::cli {

// Runs `argv` (without --nproc) as ranks 0..n-1 meeting on 127.0.0.1 at a free port. Rank 0's
// output is this command's; the others' stdout is dropped (their errors still show). A
// `passphrase` given on a file descriptor is handed to each rank on one of its own. Returns
// rank 0's exit code, or the first other rank's that failed. Throws EngineError(Usage) where
// processes cannot be started this way.
int launchWorkers(int n, const std::vector<std::string> &argv, const std::string &passphrase);

// The command line less "--nproc N" / "--nproc=N".
std::vector<std::string> withoutNproc(const std::vector<std::string> &argv);

} // namespace recscope::cli
