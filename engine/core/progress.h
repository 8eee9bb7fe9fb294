// SPDX-License-Identifier: GPL-3.0-or-later
// The small sink through which long engine work reports progress and learns it was cancelled.
#pragma once

#include <atomic>
#include <functional>
#include <string_view>

namespace recscope::engine {

// Implemented by callers (a Qt job, the CLI, a test). The engine calls report() from its own
// thread, between units of work, and stops with ErrorKind::Cancelled soon after cancelled()
// turns true. Implementations must be thread-safe and cheap; the engine throttles its calls.
class Progress {
public:
    virtual ~Progress() = default;
    virtual void report(double fraction, std::string_view stage) = 0;
    virtual bool cancelled() const = 0;
};

// A Progress that ignores reports and never cancels.
class NullProgress final : public Progress {
public:
    void report(double, std::string_view) override {}
    bool cancelled() const override { return false; }
};

// A Progress built from a callback and an atomic flag; handy for the CLI and tests.
class CallbackProgress final : public Progress {
public:
    using Callback = std::function<void(double, std::string_view)>;
    explicit CallbackProgress(Callback cb = {}) : m_cb(std::move(cb)) {}
    void report(double fraction, std::string_view stage) override {
        if (m_cb)
            m_cb(fraction, stage);
    }
    bool cancelled() const override { return m_cancel.load(std::memory_order_relaxed); }
    void cancel() { m_cancel.store(true, std::memory_order_relaxed); }

private:
    Callback m_cb;
    std::atomic<bool> m_cancel{false};
};

// One step of a longer task: reports [0, 1] as [from, to] of the parent's range, cancels with it.
class SubProgress final : public Progress {
public:
    SubProgress(Progress &parent, double from, double to) : m_parent(parent), m_from(from), m_to(to) {}
    void report(double fraction, std::string_view stage) override { m_parent.report(m_from + (m_to - m_from) * fraction, stage); }
    bool cancelled() const override { return m_parent.cancelled(); }

private:
    Progress &m_parent;
    double m_from, m_to;
};

// Throws EngineError(Cancelled) when the sink asks to stop.
void throwIfCancelled(const Progress &progress);

} // namespace recscope::engine
