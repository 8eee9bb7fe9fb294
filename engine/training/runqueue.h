// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue's rules, apart from how a run is executed: runs wait in the order they were
// added and start as slots free up, at most `slots` at a time. The owner starts what
// takeStartable() hands it (the workbench as worker-thread jobs, a command line in its own
// threads) and calls finished() as each ends. Not thread-safe: use it from one thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

namespace recscope::engine {

template <typename Run>
class RunQueue {
public:
    explicit RunQueue(int slots = 1) : m_slots(std::max(1, slots)) {}

    // More slots start waiting runs at the next takeStartable(); fewer stop none that runs.
    void setSlots(int slots) { m_slots = std::max(1, slots); }
    int slots() const { return m_slots; }

    void add(Run run) { m_waiting.push_back(std::move(run)); }

    // The waiting runs that fit the free slots, oldest first; they count as running from now.
    std::vector<Run> takeStartable() {
        std::vector<Run> out;
        while (!m_waiting.empty() && m_running < m_slots) {
            out.push_back(std::move(m_waiting.front()));
            m_waiting.pop_front();
            ++m_running;
        }
        return out;
    }

    // A run handed out by takeStartable() has ended: its slot is free.
    void finished() {
        if (m_running > 0)
            --m_running;
    }

    // Takes the waiting runs for which `match` holds out of the queue (cancelled before they
    // started); returns them, oldest first.
    std::vector<Run> removeWaiting(const std::function<bool(const Run &)> &match) {
        std::vector<Run> out;
        for (auto it = m_waiting.begin(); it != m_waiting.end();)
            if (match(*it)) {
                out.push_back(std::move(*it));
                it = m_waiting.erase(it);
            } else {
                ++it;
            }
        return out;
    }
    // Every waiting run, taken out (shutting down).
    std::vector<Run> clearWaiting() {
        return removeWaiting([](const Run &) { return true; });
    }

    const std::deque<Run> &waiting() const { return m_waiting; }
    int waitingCount() const { return static_cast<int>(m_waiting.size()); }
    int runningCount() const { return m_running; }
    bool idle() const { return m_waiting.empty() && m_running == 0; }

private:
    std::deque<Run> m_waiting;
    int m_running = 0;
    int m_slots;
};

} // namespace recscope::engine
