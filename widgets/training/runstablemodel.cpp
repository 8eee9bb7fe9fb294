// SPDX-License-Identifier: GPL-3.0-or-later
// RunsTableModel.
#include "widgets/training/runstablemodel.h"

#include "engine/training/trainer.h"

#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace recscope {

RunsTableModel::RunsTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunsTableModel::setRuns(std::vector<engine::RunInfo> runs, QHash<qint64, QString> datasetNames,
                             QHash<qint64, engine::RunProfile> profiles) {
    beginResetModel();
    m_rows.clear();
    m_datasets = std::move(datasetNames);
    for (auto &r : runs) {
        Row row{std::move(r)};
        row.split = QJsonDocument::fromJson(QByteArray::fromStdString(row.run.configJson)).object().value(QStringLiteral("split")).toString();
        const auto metrics = QJsonDocument::fromJson(QByteArray::fromStdString(row.run.metricsJson)).object();
        const auto valid = metrics.value(QStringLiteral("valid")).toObject(), test = metrics.value(QStringLiteral("test")).toObject();
        if (valid.value(QStringLiteral("users")).toInt() > 0)
            row.validNdcg = valid.value(QStringLiteral("NDCG@10")).toDouble();
        if (test.value(QStringLiteral("users")).toInt() > 0) {
            row.testNdcg = test.value(QStringLiteral("NDCG@10")).toDouble();
            row.testHr = test.value(QStringLiteral("HR@10")).toDouble();
            if (test.contains(QStringLiteral("RMSE")))
                row.testRmse = test.value(QStringLiteral("RMSE")).toDouble();
        }
        if (const auto privacy = engine::runPrivacy(row.run)) {
            row.epsilon = privacy->epsilon;
            row.delta = privacy->delta;
        }
        if (const auto p = profiles.constFind(row.run.id); p != profiles.constEnd())
            row.profile = *p;
        m_rows.push_back(std::move(row));
    }
    endResetModel();
}

const engine::RunInfo *RunsTableModel::runAt(int row) const {
    return row >= 0 && row < static_cast<int>(m_rows.size()) ? &m_rows[static_cast<std::size_t>(row)].run : nullptr;
}

int RunsTableModel::rowOfRun(qint64 id) const {
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].run.id == id)
            return static_cast<int>(i);
    return -1;
}

int RunsTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int RunsTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString RunsTableModel::statusText(engine::RunStatus status) {
    using engine::RunStatus;
    switch (status) {
    case RunStatus::Queued: return tr("queued");
    case RunStatus::Running: return tr("running");
    case RunStatus::Finished: return tr("finished");
    case RunStatus::Cancelled: return tr("cancelled");
    case RunStatus::Failed: return tr("failed");
    case RunStatus::Interrupted: return tr("interrupted");
    }
    return QString::fromUtf8(engine::nameOf(status).data());
}

QVariant RunsTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid())
        return {};
    const auto &row = m_rows[static_cast<std::size_t>(index.row())];
    const auto &r = row.run;
    const QLocale loc;
    auto metric = [&](double v, bool sortKey) -> QVariant {
        if (v < 0)
            return sortKey ? QVariant(-1.0) : QVariant(QStringLiteral("–"));
        return sortKey ? QVariant(v) : QVariant(loc.toString(v, 'f', 4));
    };
    const bool sortKey = role == Qt::EditRole;
    if (role == RunIdRole)
        return QVariant::fromValue<qint64>(r.id);
    if (role == Qt::ToolTipRole) {
        if (index.column() == StatusColumn && !r.message.empty())
            return QString::fromStdString(r.message);
        if (index.column() == EpsilonColumn)
            return row.epsilon >= 0 ? tr("Trained with DP-SGD: epsilon %1 at delta %2").arg(loc.toString(row.epsilon, 'f', 3), loc.toString(row.delta, 'g', 3))
                                    : tr("Trained without differential privacy");
        if ((index.column() == SizeColumn || index.column() == LatencyColumn) && row.profile)
            return tr("%1 parameters, %2 FLOPs per user; latency p50 %3 ms, p95 %4 ms; %5 users/s in batches of 256 (%6 thread(s), %7)")
                .arg(loc.toString(static_cast<qlonglong>(row.profile->parameters)), loc.toString(row.profile->flopsPerUser, 'g', 3),
                     loc.toString(row.profile->latencyP50Ms, 'f', 2), loc.toString(row.profile->latencyP95Ms, 'f', 2),
                     loc.toString(row.profile->usersPerSecond, 'f', 0))
                .arg(row.profile->threads)
                .arg(QString::fromStdString(row.profile->measuredAt));
        if (index.column() == SizeColumn || index.column() == LatencyColumn)
            return tr("Not measured yet: right-click the run and choose Measure cost");
        return tr("Configuration: %1").arg(QString::fromStdString(r.configJson));
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (r.status == engine::RunStatus::Failed || r.status == engine::RunStatus::Interrupted)
            return QColor(0xc0, 0x39, 0x2b);
        if (r.status == engine::RunStatus::Cancelled)
            return QColor(0x8a, 0x6d, 0x3b);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= BestEpochColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case NameColumn: return QString::fromStdString(r.name);
    case ModelColumn:
        if (row.split == QLatin1String("cold"))
            return tr("%1 (cold-start split)").arg(QString::fromStdString(r.model));
        if (row.split == QLatin1String("temporal"))
            return tr("%1 (temporal split)").arg(QString::fromStdString(r.model));
        if (row.split == QLatin1String("random"))
            return tr("%1 (random split)").arg(QString::fromStdString(r.model));
        if (row.split == QLatin1String("kfold"))
            return tr("%1 (k-fold split)").arg(QString::fromStdString(r.model));
        return QString::fromStdString(r.model);
    case DatasetColumn: return m_datasets.value(r.datasetId, QString::number(r.datasetId));
    case StatusColumn: return statusText(r.status);
    case BestEpochColumn:
        if (sortKey)
            return QVariant::fromValue<qint64>(r.bestEpoch.value_or(-1));
        return r.bestEpoch ? tr("%1 of %2").arg(*r.bestEpoch).arg(r.epochsDone) : QStringLiteral("–");
    case ValidNdcgColumn: return metric(row.validNdcg, sortKey);
    case TestNdcgColumn: return metric(row.testNdcg, sortKey);
    case TestHrColumn: return metric(row.testHr, sortKey);
    case TestRmseColumn: return metric(row.testRmse, sortKey);
    case DurationColumn:
        if (sortKey)
            return r.seconds;
        return r.seconds < 90 ? tr("%1 s").arg(loc.toString(r.seconds, 'f', 1))
                              : tr("%1 min").arg(loc.toString(r.seconds / 60.0, 'f', 1));
    case EpsilonColumn:
        if (sortKey)
            return row.epsilon >= 0 ? row.epsilon : 1e300;
        return row.epsilon >= 0 ? loc.toString(row.epsilon, 'f', 2) : QStringLiteral("∞");
    case SizeColumn:
        if (!row.profile)
            return sortKey ? QVariant(-1.0) : QVariant(QStringLiteral("–"));
        return sortKey ? QVariant(static_cast<double>(row.profile->checkpointBytes))
                       : QVariant(loc.formattedDataSize(row.profile->checkpointBytes, 2, QLocale::DataSizeSIFormat));
    case LatencyColumn:
        if (!row.profile)
            return sortKey ? QVariant(-1.0) : QVariant(QStringLiteral("–"));
        return sortKey ? QVariant(row.profile->latencyP50Ms) : QVariant(tr("%1 ms").arg(loc.toString(row.profile->latencyP50Ms, 'f', 2)));
    }
    return {};
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Run");
    case ModelColumn: return tr("Model");
    case DatasetColumn: return tr("Dataset");
    case StatusColumn: return tr("Status");
    case BestEpochColumn: return tr("Best epoch");
    case ValidNdcgColumn: return tr("Valid NDCG@10");
    case TestNdcgColumn: return tr("Test NDCG@10");
    case TestHrColumn: return tr("Test HR@10");
    case TestRmseColumn: return tr("Test RMSE");
    case DurationColumn: return tr("Duration");
    case EpsilonColumn: return tr("Privacy ε");
    case SizeColumn: return tr("Size");
    case LatencyColumn: return tr("Latency p50");
    }
    return {};
}

} // namespace recscope
