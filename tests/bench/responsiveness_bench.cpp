// SPDX-License-Identifier: GPL-3.0-or-later
// How late the workbench's event loop serves a 5 ms timer while the Train tab trains a SASRec on
// the demo data, beside the same timer on an idle loop in the same run: median, p99 and worst
// lateness, and the ratio of the two p99s. (tst_trainingpanel only checks that the timer keeps
// firing; a bound in milliseconds belongs to a machine, not to a unit test.)
#include "engine/data/demogenerator.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "widgets/training/trainingform.h"
#include "widgets/training/trainingpanel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Lateness {
    std::size_t samples = 0;
    long long median = 0, p99 = 0, worst = 0;
};

// Serves a 5 ms timer until `done` says stop; how late each tick came.
template <typename Done>
Lateness measure(Done done) {
    std::vector<qint64> late;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = 5;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QEventLoop loop;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        late.push_back(std::max<qint64>(0, now - expected));
        expected = now + 5;
        if (done())
            loop.quit();
    });
    tick.start();
    loop.exec();
    std::sort(late.begin(), late.end());
    Lateness l;
    l.samples = late.size();
    if (!late.empty()) {
        l.median = late[late.size() / 2];
        l.p99 = late[late.size() * 99 / 100];
        l.worst = late.back();
    }
    return l;
}

} // namespace

int main(int argc, char **argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("p.recscope")).toStdString();
    recscope::engine::DemoOptions o;
    o.users = 2000;
    o.items = 3000;
    recscope::engine::NullProgress none;
    const auto dataset = recscope::engine::writeDemoProject(path, none, o);
    auto project = recscope::engine::Project::open(path);
    const auto info = project->dataset(dataset);

    recscope::TrainingPanel panel;
    panel.resize(1200, 760);
    panel.show();
    panel.setProject(project.get());
    panel.setDataset(dataset, QStringLiteral("demo"), info->users, info->interactions);

    QElapsedTimer idleClock;
    idleClock.start();
    const Lateness idle = measure([&] { return idleClock.elapsed() > 3000; });
    panel.form()->field<QSpinBox>("epochs")->setValue(3);
    panel.form()->field<QSpinBox>("patience")->setValue(0);
    if (!panel.enqueue()) {
        std::fprintf(stderr, "could not queue the run\n");
        return 1;
    }
    const Lateness busy = measure([&] { return panel.pendingCount() == 0; });
    std::printf("event-loop lateness of a 5 ms timer (ms)   samples  median   p99  worst\n");
    std::printf("  idle                                    %8zu %7lld %5lld %6lld\n", idle.samples, idle.median, idle.p99, idle.worst);
    std::printf("  while SASRec trains (3 epochs, demo)    %8zu %7lld %5lld %6lld\n", busy.samples, busy.median, busy.p99, busy.worst);
    std::printf("p99 while training / p99 idle: %.1fx (%lld ms more)\n",
                static_cast<double>(std::max<long long>(busy.p99, 1)) / static_cast<double>(std::max<long long>(idle.p99, 1)),
                busy.p99 - idle.p99);
    return 0;
}
