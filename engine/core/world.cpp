// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/world.h"

#include "engine/core/errors.h"

#include <cstdlib>
#include <limits>

namespace recscope::engine {

std::string World::describe() const { return "rank " + std::to_string(rank) + " of " + std::to_string(size); }

namespace {

long number(const char *name, const char *value, long min, long max) {
    char *end = nullptr;
    const long v = std::strtol(value, &end, 10);
    if (!*value || *end || v < min || v > max)
        throw EngineError(ErrorKind::Usage, std::string(name) + "='" + value + "' is not a whole number from " + std::to_string(min) +
                                                " to " + std::to_string(max));
    return v;
}

} // namespace

std::optional<World> worldFromEnvironment(const std::function<const char *(const char *)> &getter) {
    auto get = [&](const char *name) -> const char * { return getter ? getter(name) : std::getenv(name); };
    const char *rankName = "RANK", *sizeName = "WORLD_SIZE", *localName = "LOCAL_RANK";
    if (!get("RANK") && !get("WORLD_SIZE") && get("SLURM_PROCID") && get("SLURM_NTASKS")) {
        rankName = "SLURM_PROCID";
        sizeName = "SLURM_NTASKS";
        localName = "SLURM_LOCALID";
    }
    const char *rank = get(rankName), *size = get(sizeName);
    if (!rank && !size)
        return std::nullopt;
    if (!rank || !size)
        throw EngineError(ErrorKind::Usage, std::string(rank ? sizeName : rankName) + " is not set but " + (rank ? rankName : sizeName) +
                                                " is: a data-parallel worker needs both");
    World w;
    w.size = static_cast<int>(number(sizeName, size, 1, 65536));
    w.rank = static_cast<int>(number(rankName, rank, 0, w.size - 1));
    if (const char *local = get(localName))
        w.localRank = static_cast<int>(number(localName, local, 0, 65535));
    if (const char *addr = get("MASTER_ADDR"); addr && *addr)
        w.masterAddr = addr;
    else if (w.size > 1)
        throw EngineError(ErrorKind::Usage, "MASTER_ADDR is not set: the workers of a data-parallel run meet at MASTER_ADDR:MASTER_PORT");
    if (const char *port = get("MASTER_PORT"))
        w.masterPort = static_cast<int>(number("MASTER_PORT", port, 1, 65535));
    else if (w.size > 1)
        throw EngineError(ErrorKind::Usage, "MASTER_PORT is not set: the workers of a data-parallel run meet at MASTER_ADDR:MASTER_PORT");
    if (const char *agent = get("TORCHELASTIC_USE_AGENT_STORE"))
        w.agentStore = std::string(agent) == "True";
    if (const char *t = get("RECSCOPE_DIST_TIMEOUT"))
        w.timeoutSeconds = static_cast<int>(number("RECSCOPE_DIST_TIMEOUT", t, 1, 86400));
    return w;
}

} // namespace recscope::engine
