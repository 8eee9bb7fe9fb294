// SPDX-License-Identifier: GPL-3.0-or-later
// The collectives of data-parallel training (engine-private, includes torch), on PyTorch's own
// c10d: a TCPStore at the master for rendezvous, ProcessGroupGloo for broadcast and allreduce.
// A process that stops or cannot be reached turns into EngineError(Peer) naming its rank.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/models/collective.h is private to the engine"
#endif

#include "engine/core/world.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace recscope::engine::detail {

class Collective {
public:
    // Meets the other processes of `world` within its timeout (rank 0 hosts the store).
    // Throws EngineError(Peer) when the master cannot be reached or a rank does not come.
    explicit Collective(const World &world);
    ~Collective();
    Collective(const Collective &) = delete;
    Collective &operator=(const Collective &) = delete;

    const World &world() const { return m_world; }
    int rank() const { return m_world.rank; }
    int size() const { return m_world.size; }

    // Rank 0's values into every rank's tensors, in place.
    void broadcast(const std::vector<at::Tensor> &tensors);
    // Each tensor becomes its sum over the ranks, in place: packed into buckets of up to 16 MiB,
    // one allreduce per bucket.
    void sum(const std::vector<at::Tensor> &tensors);
    // The sum over the ranks of each value (double precision).
    std::vector<double> sumValues(const std::vector<double> &values);
    // Rank 0's `value` on every rank (the run id, the settings to agree on).
    std::string fromLeader(const std::string &key, const std::string &value);

    // What sum() has moved, for the benchmark: bytes per rank and seconds spent.
    std::uint64_t bytesReduced() const { return m_bytes; }
    double secondsReducing() const { return m_seconds; }

private:
    [[noreturn]] void lost(const std::exception &e, const char *during);
    std::vector<int> silentRanks();

    struct Impl;
    World m_world;
    std::unique_ptr<Impl> m_impl;
    std::thread m_heartbeat;
    std::atomic<bool> m_stop{false};
    std::uint64_t m_bytes = 0;
    double m_seconds = 0;
};

} // namespace recscope::engine::detail
