// SPDX-License-Identifier: GPL-3.0-or-later
// The bundled demo dataset: synthetic users, items with text, and planted sequential rules.
#pragma once

#include "engine/data/datasetdraft.h"

#include <cstdint>
#include <string>

namespace recscope::engine {

class Progress;

struct DemoOptions {
    std::uint64_t seed = 20261129;
    int items = 3000;
    int users = 2000;
    int genres = 12;
    int rules = 60;               // planted "after A, take B" rules
    double ruleProbability = 0.9; // chance that B follows A when A is taken
    int minHistory = 15;
    int maxHistory = 120;
};

// Deterministic: the same options give the same dataset, byte for byte, on every platform
// (the generator uses its own random numbers, not <random>'s distributions).
DatasetDraft generateDemo(const DemoOptions &options = {});

// Creates (or opens) the project at `path` and stores the demo dataset as "demo" unless a
// dataset of that name is already there. Returns the dataset id.
std::int64_t writeDemoProject(const std::string &path, Progress &progress, const DemoOptions &options = {});

} // namespace recscope::engine
