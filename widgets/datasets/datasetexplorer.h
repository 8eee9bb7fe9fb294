// SPDX-License-Identifier: GPL-3.0-or-later
// The dataset explorer: shape, charts, items, user timelines and the data-quality report.
#pragma once

#include "engine/data/datasetstats.h"
#include "engine/privacy/privacy.h"
#include "engine/store/project.h"
#include "widgets/common/datasetcatalog.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QTableWidget;
class QCheckBox;
class QSpinBox;
class QPushButton;
class QStackedWidget;

namespace recscope {

class EngineJob;
class ItemTableModel;
class ItemFilterProxyModel;
class UserTableModel;
class TimelineModel;
class QualityReportModel;
class LongTailChart;
class HistoryLengthChart;
class DiagnosticsPage;

// Everything the explorer shows about one dataset, computed off the UI thread.
struct ExplorerData {
    engine::DatasetInfo info;
    engine::DatasetStats stats;
    engine::QualityReport quality;
    SharedCatalog catalog; // items and users, shared with the Explain tab
    std::optional<engine::AnonymityReport> anonymity; // of the user attributes, where there are any
    std::string anonymityNote;                        // why there is no report
};

// Shows one dataset. setDataset() starts loading in a worker; a newer request supersedes an
// older one (its result is dropped). The project connection passed in is used on the UI
// thread only for small queries (one user's timeline).
class DatasetExplorer : public QWidget {
    Q_OBJECT
public:
    explicit DatasetExplorer(QWidget *parent = nullptr);
    ~DatasetExplorer() override;

    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId);
    // The shown dataset's items and users once loaded (null before).
    SharedCatalog catalog() const;
    qint64 datasetId() const { return m_datasetId; }
    bool isLoading() const;

    LongTailChart *longTailChart() const { return m_longTail; }
    HistoryLengthChart *historyChart() const { return m_history; }
    QTabWidget *tabs() const { return m_tabs; }
    ItemTableModel *itemModel() const { return m_itemModel; }
    QLineEdit *itemSearch() const { return m_itemSearch; }
    QTableView *itemView() const { return m_itemView; }
    UserTableModel *userModel() const { return m_userModel; }
    TimelineModel *timelineModel() const { return m_timelineModel; }
    QualityReportModel *qualityModel() const { return m_qualityModel; }
    QTableWidget *anonymityTable() const { return m_anonymityTable; }
    DiagnosticsPage *diagnostics() const { return m_diagnostics; }
    QLabel *anonymitySummary() const { return m_anonymitySummary; }
    void showUser(int row);

Q_SIGNALS:
    void loaded(qint64 datasetId);
    void jobCreated(recscope::EngineJob *job);
    void datasetCreated(qint64 datasetId);

private:
    QWidget *buildOverview();
    QWidget *buildItems();
    QWidget *buildUsers();
    QWidget *buildQuality();
    QWidget *buildAnonymity();
    void showAnonymity(const ExplorerData &data);
    void onLoaded();
    void createCleanedCopy();
    void recheckQuality();

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    quint64 m_token = 0;
    QFutureWatcher<std::shared_ptr<ExplorerData>> m_watcher;
    QFutureWatcher<engine::QualityReport> m_qualityWatcher;
    std::shared_ptr<ExplorerData> m_data;

    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QTabWidget *m_tabs;
    DiagnosticsPage *m_diagnostics;
    QLabel *m_title;
    QLabel *m_summary;
    QLabel *m_anonymitySummary;
    QTableWidget *m_anonymityTable;
    LongTailChart *m_longTail;
    HistoryLengthChart *m_history;
    ItemTableModel *m_itemModel;
    ItemFilterProxyModel *m_itemProxy;
    QLineEdit *m_itemSearch;
    QTableView *m_itemView;
    QLabel *m_itemCount;
    UserTableModel *m_userModel;
    QTableView *m_userView;
    TimelineModel *m_timelineModel;
    QLabel *m_timelineTitle;
    QualityReportModel *m_qualityModel;
    QCheckBox *m_fixDuplicates, *m_fixUnknown, *m_fixTimestamps, *m_fixKcore;
    QSpinBox *m_kcore;
    QPushButton *m_cleanButton;
    std::unique_ptr<EngineJob> m_cleanJob;
};

} // namespace recscope
