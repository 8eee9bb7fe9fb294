// SPDX-License-Identifier: GPL-3.0-or-later
// A run's stored configuration (runs.config_json) as the engine reads it back.
#include "fuzzsupport.h"

#include "engine/settings/trainconfig.h"

using namespace recscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string json(reinterpret_cast<const char *>(data), size);
    fuzz::refusalsOnly([&] {
        const auto config = engine::TrainConfig::fromJson(json);
        engine::TrainConfig::fromJson(config.toJson()); // what it writes it reads
    });
    return 0;
}
