// SPDX-License-Identifier: GPL-3.0-or-later
// The RDP accountant against Opacus: the named cases of ../shared/ANCHORS.md, and every row of
// ../shared/reference/rdp_reference.tsv to 1e-9 relative with the same best order.
#include "engine/privacy.h"
#include "testsupport.h"

#include <QFile>
#include <QTest>

#include <cmath>

using namespace recscope::engine;

class TestPrivacy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namedCases();
    void limits();
    void accountantAddsUp();
    void matchesOpacusReferenceTable();
};

namespace {
PrivacySpent epsilon(double q, double sigma, std::int64_t steps, double delta) {
    RdpAccountant a;
    a.addSteps(q, sigma, steps);
    return a.spent(delta);
}
} // namespace

void TestPrivacy::namedCases() {
    // Abadi et al. 2016: q = 0.01, sigma = 4, 10,000 steps, delta = 1e-5.
    const auto abadi = epsilon(0.01, 4, 10000, 1e-5);
    QVERIFY2(std::abs(abadi.epsilon / 1.0354900660362476 - 1) < 1e-9, qPrintable(QString::number(abadi.epsilon, 'g', 17)));
    QCOMPARE(abadi.order, 17.0);
    // Opacus's own test case.
    const auto opacus = epsilon(0.04, 1.5, 2250, 1e-5);
    QVERIFY2(std::abs(opacus.epsilon / 7.32911117143 - 1) < 1e-9, qPrintable(QString::number(opacus.epsilon, 'g', 17)));
}

void TestPrivacy::limits() {
    QCOMPARE(rdpSampledGaussian(0, 1, 2), 0.0);
    QVERIFY(std::isinf(rdpSampledGaussian(0.1, 0, 2)));
    QCOMPARE(rdpSampledGaussian(1, 2, 3), 3.0 / 8); // the Gaussian mechanism itself
    // More noise, or fewer steps, spend less.
    QVERIFY(epsilon(0.01, 2, 1000, 1e-5).epsilon < epsilon(0.01, 1, 1000, 1e-5).epsilon);
    QVERIFY(epsilon(0.01, 1, 100, 1e-5).epsilon < epsilon(0.01, 1, 1000, 1e-5).epsilon);
    QCOMPARE(defaultRdpOrders().size(), std::size_t(99 + 52));
}

void TestPrivacy::accountantAddsUp() {
    // Steps added in parts cost what they cost at once (RDP composes by addition).
    RdpAccountant parts, whole;
    for (int i = 0; i < 10; ++i)
        parts.addSteps(0.02, 1.1, 50);
    whole.addSteps(0.02, 1.1, 500);
    QCOMPARE(parts.steps(), std::int64_t(500));
    QVERIFY(std::abs(parts.spent(1e-5).epsilon / whole.spent(1e-5).epsilon - 1) < 1e-12);
}

void TestPrivacy::matchesOpacusReferenceTable() {
    const QString shared = recscope::test::sharedDataDir();
    const QString path = shared + QStringLiteral("/../reference/rdp_reference.tsv");
    if (shared.isEmpty() || !QFile::exists(path))
        QSKIP("../shared/reference/rdp_reference.tsv not found (set RECSCOPE_DATA_DIR to ../shared/data beside it)");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    QCOMPARE(file.readLine().trimmed(), QByteArray("q\tsigma\tsteps\tdelta\tepsilon\tbest_alpha"));
    int rows = 0;
    double worst = 0;
    while (!file.atEnd()) {
        const auto f = file.readLine().trimmed().split('\t');
        if (f.size() != 6)
            continue;
        const double q = f[0].toDouble(), sigma = f[1].toDouble(), delta = f[3].toDouble();
        const double expected = f[4].toDouble(), order = f[5].toDouble();
        const auto got = epsilon(q, sigma, f[2].toLongLong(), delta);
        const double relative = std::abs(got.epsilon / expected - 1);
        worst = std::max(worst, relative);
        QVERIFY2(relative < 1e-9, qPrintable(QStringLiteral("q %1 sigma %2 steps %3 delta %4: %5, Opacus %6")
                                                 .arg(f[0], f[1], f[2], f[3]).arg(got.epsilon, 0, 'g', 17).arg(expected, 0, 'g', 17)));
        QVERIFY2(std::abs(got.order - order) < 1e-12,
                 qPrintable(QStringLiteral("q %1 sigma %2 steps %3: order %4, Opacus %5").arg(f[0], f[1], f[2]).arg(got.order).arg(order)));
        ++rows;
    }
    QCOMPARE(rows, 240);
    qInfo("%d settings, worst relative difference %.2e", rows, worst);
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
