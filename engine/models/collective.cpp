// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/collective.h"

#include "engine/core/errors.h"

#include <ATen/ATen.h>
#include <torch/csrc/api/include/torch/utils.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace recscope::engine::detail {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::int64_t kBucketBytes = 16 << 20;

// A client of the master's store, or (rank 0, `server`) the store itself. `counted` clients are
// those the server waits for before anyone goes on.
c10::intrusive_ptr<c10d::TCPStore> connectStore(const World &w, bool server, bool counted, std::chrono::milliseconds timeout) {
    c10d::TCPStoreOptions o;
    o.port = static_cast<std::uint16_t>(w.masterPort);
    o.isServer = server;
    o.waitWorkers = counted;
    if (counted)
        o.numWorkers = static_cast<std::size_t>(w.size);
    o.timeout = timeout;
    return c10::make_intrusive<c10d::TCPStore>(w.masterAddr, o);
}

// The first line of an exception's text: c10 errors append a C++ backtrace.
std::string firstLine(const std::exception &e) {
    std::string s = e.what();
    if (const auto cut = s.find('\n'); cut != std::string::npos)
        s.resize(cut);
    return s;
}

} // namespace

struct Collective::Impl {
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

Collective::Collective(const World &world) : m_world(world), m_impl(std::make_unique<Impl>()) {
    const std::chrono::milliseconds timeout(std::chrono::seconds(world.timeoutSeconds));
    const std::string where = world.masterAddr + ":" + std::to_string(world.masterPort);
    try {
        m_impl->store = connectStore(world, world.leader() && !world.agentStore, true, timeout);
    } catch (const std::exception &e) {
        throw EngineError(ErrorKind::Usage, world.describe() + ": " +
                                                (world.leader() ? "could not host the meeting point at " + where + " or not all " +
                                                                      std::to_string(world.size) + " processes came within " +
                                                                      std::to_string(world.timeoutSeconds) + " s"
                                                                : "could not reach the master at " + where + " within " +
                                                                      std::to_string(world.timeoutSeconds) + " s (is rank 0 running there?)") +
                                                " (" + firstLine(e) + ")");
    }
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        const char *interface = std::getenv("GLOO_SOCKET_IFNAME");
        options->devices.push_back(interface && *interface ? c10d::ProcessGroupGloo::createDeviceForInterface(interface)
                                                           : c10d::ProcessGroupGloo::createDefaultDevice());
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("gloo", m_impl->store);
        m_impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, world.rank, world.size, options);
    } catch (const std::exception &e) {
        throw EngineError(ErrorKind::Usage, world.describe() + ": the processes met at " + where + " but could not connect to each other (" +
                                                firstLine(e) + "); GLOO_SOCKET_IFNAME names the network interface to use");
    }
    // A heartbeat on a connection of its own, so that a rank that stops can be named.
    m_heartbeat = std::thread([this] {
        try {
            auto store = connectStore(m_world, false, false, std::chrono::seconds(m_world.timeoutSeconds));
            const std::string key = "beat/" + std::to_string(m_world.rank);
            while (!m_stop.load()) {
                store->add(key, 1);
                for (int i = 0; i < 10 && !m_stop.load(); ++i)
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        } catch (const std::exception &) {
            // the master is gone: the next collective says so
        }
    });
}

Collective::~Collective() {
    m_stop.store(true);
    if (m_heartbeat.joinable())
        m_heartbeat.join();
}

std::vector<int> Collective::silentRanks() {
    std::vector<int> silent;
    try {
        auto store = connectStore(m_world, false, false, std::chrono::seconds(3));
        auto beats = [&] {
            std::vector<std::int64_t> v;
            for (int r = 0; r < m_world.size; ++r)
                v.push_back(store->add("beat/" + std::to_string(r), 0));
            return v;
        };
        const auto before = beats();
        std::this_thread::sleep_for(std::chrono::seconds(3));
        const auto after = beats();
        for (int r = 0; r < m_world.size; ++r)
            if (r != m_world.rank && after[static_cast<std::size_t>(r)] == before[static_cast<std::size_t>(r)])
                silent.push_back(r);
    } catch (const std::exception &) {
        if (!m_world.agentStore)
            silent.assign(1, 0); // the store lives in rank 0's process
    }
    return silent;
}

void Collective::lost(const std::exception &e, const char *during) {
    if (const auto *engine = dynamic_cast<const EngineError *>(&e))
        throw *engine;
    const auto silent = silentRanks();
    std::string who;
    for (const int r : silent)
        who += (who.empty() ? "" : ", ") + std::to_string(r);
    who = silent.empty() ? "another rank" : (silent.size() == 1 ? "rank " : "ranks ") + who;
    throw EngineError(ErrorKind::Peer, who + " of this data-parallel run (" + std::to_string(m_world.size) +
                                           " processes) stopped or cannot be reached; " + m_world.describe() + " gave up during " + during +
                                           " (" + firstLine(e) + ")");
}

void Collective::broadcast(const std::vector<at::Tensor> &tensors) {
    if (tensors.empty())
        return;
    try {
        torch::NoGradGuard noGrad;
        std::vector<at::Tensor> flat;
        for (const auto &t : tensors)
            flat.push_back(t.detach().reshape(-1).to(at::kFloat));
        std::vector<at::Tensor> buffer{at::cat(flat)};
        c10d::BroadcastOptions options;
        options.rootRank = 0;
        m_impl->group->broadcast(buffer, options)->wait();
        std::int64_t offset = 0;
        for (const auto &t : tensors) {
            t.detach().copy_(buffer[0].narrow(0, offset, t.numel()).view(t.sizes()));
            offset += t.numel();
        }
    } catch (const std::exception &e) {
        lost(e, "the broadcast of the starting weights");
    }
}

void Collective::sum(const std::vector<at::Tensor> &tensors) {
    const auto start = Clock::now();
    try {
        torch::NoGradGuard noGrad;
        std::size_t from = 0;
        while (from < tensors.size()) {
            // One bucket: tensors of one type up to kBucketBytes (at least one).
            std::size_t to = from;
            std::int64_t bytes = 0;
            while (to < tensors.size() && (to == from || (tensors[to].scalar_type() == tensors[from].scalar_type() &&
                                                          bytes + tensors[to].nbytes() <= kBucketBytes))) {
                bytes += static_cast<std::int64_t>(tensors[to].nbytes());
                ++to;
            }
            std::vector<at::Tensor> flat;
            for (std::size_t k = from; k < to; ++k)
                flat.push_back(tensors[k].reshape(-1));
            std::vector<at::Tensor> buffer{to - from == 1 ? flat[0].contiguous() : at::cat(flat)};
            m_impl->group->allreduce(buffer)->wait();
            std::int64_t offset = 0;
            for (std::size_t k = from; k < to; ++k) {
                const auto &t = tensors[k];
                if (buffer[0].data_ptr() != t.data_ptr())
                    t.copy_(buffer[0].narrow(0, offset, t.numel()).view(t.sizes()));
                offset += t.numel();
            }
            m_bytes += static_cast<std::uint64_t>(bytes);
            from = to;
        }
    } catch (const std::exception &e) {
        lost(e, "the allreduce of the gradients");
    }
    m_seconds += std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<double> Collective::sumValues(const std::vector<double> &values) {
    if (values.empty())
        return {};
    try {
        std::vector<at::Tensor> buffer{at::tensor(values, at::kDouble)};
        m_impl->group->allreduce(buffer)->wait();
        const auto *p = buffer[0].data_ptr<double>();
        return std::vector<double>(p, p + values.size());
    } catch (const std::exception &e) {
        lost(e, "an allreduce of counts");
    }
}

std::string Collective::fromLeader(const std::string &key, const std::string &value) {
    try {
        const std::string k = "recscope/" + key;
        if (m_world.leader()) {
            m_impl->store->set(k, std::vector<std::uint8_t>(value.begin(), value.end()));
            return value;
        }
        const auto bytes = m_impl->store->get(k);
        return std::string(bytes.begin(), bytes.end());
    } catch (const std::exception &e) {
        lost(e, "the reading of a value shared by rank 0");
    }
}

} // namespace recscope::engine::detail
