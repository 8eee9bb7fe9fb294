// SPDX-License-Identifier: GPL-3.0-or-later
// The RDP accountant against Opacus: the named cases of ../shared/ANCHORS.md, and every row of
// data/rdp_reference.tsv (a copy of ../shared/reference/) to 1e-9 relative with the same best order.
#include "engine/core/errors.h"
#include "engine/data/importer.h"
#include "engine/privacy/privacy.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "engine/training/trainer.h"
#include "demofixture.h"
#include "testsupport.h"

#include <QSet>
#include <QHash>

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
    void movieLensUsersAreMostlyUnique();
    void membershipAuditSeesOverfitting();
    void dpSgdSpendsWhatTheAccountantSays();
    void dpSgdStopsAtTheTarget();
    void dpSgdHidesMembership();
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
    // The table travels with the tests (data/SOURCE.md); the shared copy, where present, must match.
    const QString path = QStringLiteral(RECSCOPE_TEST_DATA "/rdp_reference.tsv");
    if (const QString shared = recscope::test::sharedDataDir(); !shared.isEmpty()) {
        QFile original(shared + QStringLiteral("/../reference/rdp_reference.tsv")), copy(path);
        if (original.open(QIODevice::ReadOnly) && copy.open(QIODevice::ReadOnly))
            QCOMPARE(copy.readAll(), original.readAll());
    }
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

void TestPrivacy::movieLensUsersAreMostlyUnique() {
    RECSCOPE_REQUIRE_SHARED("ml-100k/u.user");
    QTemporaryDir dir;
    auto project = Project::openOrCreate(dir.filePath(QStringLiteral("q.recscope")).toStdString());
    ImportRequest r;
    r.format = "movielens-100k";
    r.path = (recscope::test::sharedDataDir() + QStringLiteral("/ml-100k")).toStdString();
    NullProgress none;
    const auto dataset = importDataset(*project, r, none).datasetId;
    const auto report = anonymityReport(*project, dataset);
    QCOMPARE(report.users, std::int64_t(943));
    QCOMPARE(report.columns, (std::vector<std::string>{"age", "gender", "occupation", "zip"}));
    // The same count straight from u.user: users alone in their (age, gender, occupation, zip).
    QFile users(sharedPath);
    QVERIFY(users.open(QIODevice::ReadOnly | QIODevice::Text));
    QHash<QByteArray, int> classes;
    QList<QByteArray> keys;
    while (!users.atEnd()) {
        const auto f = users.readLine().trimmed().split('|');
        if (f.size() < 5)
            continue;
        keys << f[1] + '|' + f[2] + '|' + f[3] + '|' + f[4];
        ++classes[keys.back()];
    }
    int unique = 0;
    for (const auto &k : keys)
        unique += classes[k] == 1;
    const auto &raw = report.levels[0];
    QCOMPARE(raw.uniqueUsers, std::int64_t(unique));
    QCOMPARE(raw.k, std::int64_t(1));
    // Generalising helps, step by step, and never hurts.
    QCOMPARE(report.levels.size(), std::size_t(3));
    for (std::size_t l = 1; l < 3; ++l) {
        QVERIFY(report.levels[l].uniqueShare <= report.levels[l - 1].uniqueShare);
        QVERIFY(report.levels[l].k >= report.levels[l - 1].k);
        QVERIFY(report.levels[l].classes < report.levels[l - 1].classes);
    }
    QVERIFY(report.levels[2].uniqueShare < 0.5 * raw.uniqueShare);
    qInfo("ML-100K (age, gender, occupation, zip): unique %.1f%% as stored (k = %lld), %.1f%% generalised (k = %lld), %.1f%% "
          "generalised further (k = %lld)",
          100 * raw.uniqueShare, static_cast<long long>(raw.k), 100 * report.levels[1].uniqueShare, static_cast<long long>(report.levels[1].k),
          100 * report.levels[2].uniqueShare, static_cast<long long>(report.levels[2].k));
    // A column nobody has is named.
    QVERIFY_THROWS_EXCEPTION(EngineError, anonymityReport(*project, dataset, {"salary"}));
}

void TestPrivacy::membershipAuditSeesOverfitting() {
    // A SASRec trained far past its best on a k-fold split (a fifth of the users held out whole):
    // trained users' own items score far better than held-out users', and the attack sees it.
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    const auto dataset = recscope::test::writeDemo(dir, QStringLiteral("m.recscope"), 400, 150, 15, project);
    NullProgress none;
    const auto overfit = TrainConfig::parse("sasrec", {{"split", "kfold"}, {"epochs", "40"}, {"patience", "0"}, {"dropout", "0"}, {"maxlen", "30"},
                                                       {"hidden", "64"}, {"loss", "ce"}, {"lr", "0.005"}, {"threads", "2"}});
    const auto run = trainRun(*project, dataset, overfit, "overfit", none).runId;
    const auto a = auditMembership(*project, run, none);
    qInfo("overfitted SASRec: AUC %.3f; mean loss %.3f (%lld trained users) vs %.3f (%lld held out)", a.auc, a.memberLoss,
          static_cast<long long>(a.members), a.nonMemberLoss, static_cast<long long>(a.nonMembers));
    QVERIFY(a.members > 200 && a.nonMembers > 50);
    QVERIFY(a.memberLoss < a.nonMemberLoss);
    QVERIFY2(a.auc > 0.6, qPrintable(QString::number(a.auc)));
    // Stopped early with dropout, the same model leaks less.
    const auto early = TrainConfig::parse("sasrec", {{"split", "kfold"}, {"epochs", "3"}, {"dropout", "0.3"}, {"maxlen", "30"},
                                                     {"hidden", "64"}, {"loss", "ce"}, {"lr", "0.005"}, {"threads", "2"}});
    const auto b = auditMembership(*project, trainRun(*project, dataset, early, "early", none).runId, none);
    qInfo("3 epochs, dropout 0.3: AUC %.3f", b.auc);
    QVERIFY(b.auc < a.auc);
    // Runs that held no user out cannot be audited this way.
    const auto loo = trainRun(*project, dataset, TrainConfig::parse("pop", {}), "pop", none).runId;
    QVERIFY_THROWS_EXCEPTION(EngineError, auditMembership(*project, loo, none));
}

void TestPrivacy::dpSgdSpendsWhatTheAccountantSays() {
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    const auto dataset = recscope::test::writeDemo(dir, QStringLiteral("d.recscope"), 400, 150, 15, project);
    NullProgress none;
    // User level: 400 users, batches of 64 expected, so q = 0.16 and 7 steps an epoch.
    const auto user = TrainConfig::parse("sasrec", {{"dp", "user"}, {"dp.noise", "1.0"}, {"dp.clip", "1"}, {"epochs", "3"}, {"patience", "0"},
                                                    {"batch_size", "64"}, {"maxlen", "20"}, {"threads", "2"}});
    const auto r = trainRun(*project, dataset, user, "dp user", none);
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
    QVERIFY(r.epsilon.has_value());
    QCOMPARE(r.delta, 1.0 / 400);
    const auto curve = RunStore(*project).epochs(r.runId);
    QCOMPARE(curve.size(), std::size_t{3});
    for (const auto &e : curve) {
        QVERIFY(e.epsilon.has_value());
        const double expected = epsilonAfter(64.0 / 400, 1.0, 7 * e.epoch, 1.0 / 400).epsilon;
        QVERIFY2(std::abs(*e.epsilon - expected) < 1e-9 * expected, qPrintable(QString::number(*e.epsilon) + " vs " + QString::number(expected)));
    }
    QCOMPARE(*r.epsilon, curve.back().epsilon.value());
    QVERIFY(r.test.ndcg10 > 0);
    // Extended by one epoch, the accountant counts the steps already taken.
    const auto more = resumeRun(*project, r.runId, none, {}, 4);
    QCOMPARE(more.epochs, std::int64_t{4});
    QVERIFY(std::abs(*more.epsilon - epsilonAfter(64.0 / 400, 1.0, 28, 1.0 / 400).epsilon) < 1e-9 * *more.epsilon);
    qInfo("user-level DP-SGD, sigma 1, q 0.16, 21 steps: epsilon %.3f at delta %.4f; test NDCG@10 %.3f", *r.epsilon, r.delta, r.test.ndcg10);

    // Example level with windows of 5 items: each history gives several units, so there are
    // more units than users and delta = 1 / units is smaller.
    const auto example = TrainConfig::parse("sasrec", {{"dp", "example"}, {"dp.noise", "1.0"}, {"epochs", "1"}, {"batch_size", "64"},
                                                       {"maxlen", "5"}, {"threads", "2"}, {"dp.sampling", "uniform"}});
    const auto e = trainRun(*project, dataset, example, "dp example", none);
    QCOMPARE(e.status, recscope::engine::RunStatus::Finished);
    QVERIFY2(e.delta < 1.0 / 1000, qPrintable(QString::number(e.delta)));
    const auto units = std::llround(1 / e.delta);
    const auto steps = (units + 63) / 64;
    QVERIFY(std::abs(*e.epsilon - epsilonAfter(64.0 / static_cast<double>(units), 1.0, steps, e.delta).epsilon) < 1e-9 * *e.epsilon);

    // Refused: DP for a model without gradients, and DP without noise or a target.
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("pop", {{"dp", "user"}, {"dp.noise", "1"}}));
    QVERIFY_THROWS_EXCEPTION(EngineError, TrainConfig::parse("sasrec", {{"dp", "user"}}));
}

void TestPrivacy::dpSgdStopsAtTheTarget() {
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    const auto dataset = recscope::test::writeDemo(dir, QStringLiteral("t.recscope"), 400, 150, 15, project);
    NullProgress none;
    // A target between epochs 1 and 2: the run stops inside epoch 2, one step short of passing it.
    const double target = epsilonAfter(0.16, 1.0, 10, 1.0 / 400).epsilon;
    const auto c = TrainConfig::parse("sasrec", {{"dp", "user"}, {"dp.noise", "1.0"}, {"dp.target_epsilon", std::to_string(target)}, {"epochs", "5"},
                                                 {"patience", "0"}, {"batch_size", "64"}, {"maxlen", "20"}, {"threads", "2"}});
    const auto r = trainRun(*project, dataset, c, "budget", none);
    QCOMPARE(r.status, recscope::engine::RunStatus::Finished);
    QCOMPARE(r.epochs, std::int64_t{2});
    QVERIFY(*r.epsilon <= target);
    QCOMPARE(*r.epsilon, epsilonAfter(0.16, 1.0, 10, 1.0 / 400).epsilon);
    QVERIFY2(QString::fromStdString(r.message).contains(QStringLiteral("privacy budget")), r.message.c_str());
    // Its budget is spent: it cannot be given more epochs.
    QVERIFY_THROWS_EXCEPTION(EngineError, resumeRun(*project, r.runId, none, {}, 5));

    // Without a noise multiplier, the noise is chosen so that the last epoch lands on the target.
    const auto calibrated = TrainConfig::parse("sasrec", {{"dp", "user"}, {"dp.target_epsilon", "3"}, {"epochs", "2"}, {"patience", "0"},
                                                          {"batch_size", "64"}, {"maxlen", "20"}, {"threads", "2"}});
    const auto k = trainRun(*project, dataset, calibrated, "calibrated", none);
    QCOMPARE(k.epochs, std::int64_t{2});
    QVERIFY2(*k.epsilon <= 3 && *k.epsilon > 2.95, qPrintable(QString::number(*k.epsilon)));
    const auto stored = TrainConfig::fromJson(RunStore(*project).run(k.runId)->configJson);
    QVERIFY(stored.dpNoise > 0.3 && stored.dpNoise < 3);
    qInfo("target epsilon 3 over 14 steps at q 0.16: noise multiplier %.3f, spent %.4f", stored.dpNoise, *k.epsilon);
}

void TestPrivacy::dpSgdHidesMembership() {
    // The overfitting recipe of membershipAuditSeesOverfitting (no dropout, no early stop), trained
    // with user-level DP-SGD: each user's gradient clipped and noised, the attack finds nearly nothing.
    QTemporaryDir dir;
    std::unique_ptr<Project> project;
    const auto dataset = recscope::test::writeDemo(dir, QStringLiteral("a.recscope"), 400, 150, 15, project);
    NullProgress none;
    const auto c = TrainConfig::parse("sasrec", {{"split", "kfold"}, {"epochs", "15"}, {"patience", "0"}, {"dropout", "0"}, {"maxlen", "30"},
                                                 {"hidden", "64"}, {"loss", "ce"}, {"lr", "0.005"}, {"threads", "2"}, {"dp", "user"},
                                                 {"dp.noise", "1.5"}, {"dp.clip", "1"}, {"batch_size", "64"}});
    const auto r = trainRun(*project, dataset, c, "dp", none);
    const auto a = auditMembership(*project, r.runId, none);
    qInfo("DP SASRec (epsilon %.2f): AUC %.3f; mean loss %.3f trained vs %.3f held out; test NDCG@10 %.3f", *r.epsilon, a.auc, a.memberLoss,
          a.nonMemberLoss, r.test.ndcg10);
    QVERIFY2(std::abs(a.auc - 0.5) < 0.06, qPrintable(QString::number(a.auc)));
}

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
