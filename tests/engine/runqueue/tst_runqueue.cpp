// SPDX-License-Identifier: GPL-3.0-or-later
// The run queue's rules: first in, first started; never more running than slots; a freed slot
// starts the next; waiting runs can be taken out; more slots start more at once.
#include "engine/training/runqueue.h"

#include <QTest>

#include <memory>
#include <string>

using recscope::engine::RunQueue;

class TestRunQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startsInOrderWithinTheSlots();
    void removesWaitingRuns();
    void takesMoveOnlyRuns();
};

void TestRunQueue::startsInOrderWithinTheSlots() {
    RunQueue<std::string> q(2);
    for (const char *name : {"a", "b", "c", "d"})
        q.add(name);
    QCOMPARE(q.takeStartable(), (std::vector<std::string>{"a", "b"}));
    QCOMPARE(q.runningCount(), 2);
    QCOMPARE(q.waitingCount(), 2);
    QVERIFY(q.takeStartable().empty()); // both slots taken
    q.finished();
    QCOMPARE(q.takeStartable(), (std::vector<std::string>{"c"}));
    q.setSlots(4);
    QCOMPARE(q.takeStartable(), (std::vector<std::string>{"d"}));
    QCOMPARE(q.runningCount(), 3);
    q.setSlots(1); // fewer slots stop nothing that runs
    QCOMPARE(q.runningCount(), 3);
    q.add("e");
    q.finished();
    q.finished();
    QVERIFY(q.takeStartable().empty()); // one still runs, and one slot is left
    q.finished();
    QCOMPARE(q.takeStartable(), (std::vector<std::string>{"e"}));
    q.finished();
    q.finished(); // an extra call does not go below zero
    QVERIFY(q.idle());
    q.setSlots(0); // at least one slot
    QCOMPARE(q.slots(), 1);
}

void TestRunQueue::removesWaitingRuns() {
    RunQueue<int> q(1);
    for (int i = 1; i <= 5; ++i)
        q.add(i);
    QCOMPARE(q.takeStartable(), std::vector<int>{1});
    QCOMPARE(q.removeWaiting([](int v) { return v % 2 == 0; }), (std::vector<int>{2, 4}));
    QCOMPARE(q.waitingCount(), 2);
    q.finished();
    QCOMPARE(q.takeStartable(), std::vector<int>{3});
    QCOMPARE(q.clearWaiting(), std::vector<int>{5});
    q.finished();
    QVERIFY(q.idle());
}

void TestRunQueue::takesMoveOnlyRuns() {
    RunQueue<std::unique_ptr<int>> q(1);
    q.add(std::make_unique<int>(7));
    auto started = q.takeStartable();
    QCOMPARE(started.size(), std::size_t(1));
    QCOMPARE(*started.front(), 7);
}

QTEST_GUILESS_MAIN(TestRunQueue)
#include "tst_runqueue.moc"
