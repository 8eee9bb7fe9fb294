// SPDX-License-Identifier: GPL-3.0-or-later
// QualityReportModel.
#include "widgets/datasets/qualityreportmodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace recscope {

QualityReportModel::QualityReportModel(QObject *parent) : QAbstractTableModel(parent) {}

void QualityReportModel::setReport(const engine::QualityReport &q, bool hasTimestamps) {
    beginResetModel();
    m_rows.clear();
    m_rows.push_back({tr("Duplicate interactions"), q.duplicateInteractions,
                      tr("Repeats of a (user, item) pair, in %n user(s). The fix keeps each user's first one.", "",
                         static_cast<int>(q.usersWithDuplicates)), q.duplicateInteractions > 0});
    m_rows.push_back({tr("Items without text"), q.itemsWithoutText,
                      tr("Items with neither a title nor a description: text-aware models see nothing for them."),
                      q.itemsWithoutText > 0});
    if (q.hasCatalog)
        m_rows.push_back({tr("Interactions naming unknown items"), q.interactionsWithUnknownItems,
                          tr("%n item(s) appear in the interactions but not in the item table. The fix drops these interactions.", "",
                             static_cast<int>(q.unknownItems)), q.interactionsWithUnknownItems > 0});
    else
        m_rows.push_back({tr("Interactions naming unknown items"), 0, tr("Not checked: the import had no item table."), false});
    m_rows.push_back({tr("Users below the %1-core").arg(q.k), q.usersBelowK,
                      tr("Users with fewer than %1 interactions.").arg(q.k), q.usersBelowK > 0});
    m_rows.push_back({tr("Items below the %1-core").arg(q.k), q.itemsBelowK,
                      tr("Items with fewer than %1 interactions; a %1-core filter removes %2 interaction(s).")
                          .arg(q.k).arg(QLocale().toString(q.interactionsOutsideKcore)), q.itemsBelowK > 0});
    if (hasTimestamps) {
        m_rows.push_back({tr("Missing timestamps"), q.timestampsMissing, tr("Rows without a time in a dataset that has times."),
                          q.timestampsMissing > 0});
        m_rows.push_back({tr("Timestamps at or before 1970"), q.timestampsNonPositive,
                          tr("Zero or negative Unix times, usually a placeholder for 'unknown'."), q.timestampsNonPositive > 0});
        m_rows.push_back({tr("Timestamps in the future"), q.timestampsInFuture, tr("Times later than tomorrow."),
                          q.timestampsInFuture > 0});
        m_rows.push_back({tr("Events sharing a timestamp"), q.sameTimeRuns,
                          tr("Consecutive events of one user with the same time: their order comes from the file. "
                             "Common in MovieLens (ratings entered in one session); not an error."), false});
    } else {
        m_rows.push_back({tr("Timestamps"), 0, tr("The dataset has no times: events are ordered as in the file."), false});
    }
    endResetModel();
}

int QualityReportModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }
int QualityReportModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant QualityReportModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid())
        return {};
    const auto &r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case CheckColumn: return r.check;
        case CountColumn: return QLocale().toString(r.count);
        case MeaningColumn: return r.meaning;
        }
    }
    if (role == Qt::DecorationRole && index.column() == CheckColumn)
        return QColor(r.problem ? QColor(0xd9, 0x82, 0x2b) : QColor(0x3a, 0x9a, 0x4a));
    if (role == Qt::TextAlignmentRole && index.column() == CountColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant QualityReportModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case CheckColumn: return tr("Check");
    case CountColumn: return tr("Found");
    case MeaningColumn: return tr("What it means");
    }
    return {};
}

} // namespace recscope
