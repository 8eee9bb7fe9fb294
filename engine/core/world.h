// SPDX-License-Identifier: GPL-3.0-or-later
// The processes of a data-parallel run: which one this is and where the others meet, as
// PyTorch's launcher (torchrun) or Slurm's srun describe them in the environment. Std-only;
// the collectives themselves (c10d) are private to the engine (engine/models/collective.h).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace recscope::engine {

struct World {
    int rank = 0, size = 1, localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    int timeoutSeconds = 60; // to reach the master, and for any collective to complete
    bool agentStore = false;  // torchrun's agent already serves the store at the master (TORCHELASTIC_USE_AGENT_STORE)

    bool parallel() const { return size > 1; }
    bool leader() const { return rank == 0; }
    // "rank 1 of 2", for messages.
    std::string describe() const;
};

// The world the environment names, or nullopt when it names none: RANK, WORLD_SIZE,
// LOCAL_RANK, MASTER_ADDR, MASTER_PORT (torchrun), else SLURM_PROCID, SLURM_NTASKS,
// SLURM_LOCALID (srun, with MASTER_ADDR and MASTER_PORT set by the batch script);
// TORCHELASTIC_USE_AGENT_STORE=True (torchrun 2.x) means rank 0 joins the store as a client;
// RECSCOPE_DIST_TIMEOUT (seconds) overrides the timeout. Throws EngineError(Usage) naming the
// variable for a value that is not a number or out of range (RANK >= WORLD_SIZE, say).
// `get` reads a variable (std::getenv by default; tests pass their own).
std::optional<World> worldFromEnvironment(const std::function<const char *(const char *)> &get = {});

} // namespace recscope::engine
