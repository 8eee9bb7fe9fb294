// SPDX-License-Identifier: GPL-3.0-or-later
// The comparison view: pick runs and a protocol, evaluate them in a job (stored evaluations are
// reused), then read grouped metric bars with intervals and significance marks, a trade-off
// scatter with its Pareto front, overlaid validation curves, per-user distributions and a
// sortable table of everything. Charts export as PNG, SVG or PDF; the table as CSV.
#pragma once

#include "engine/evaluation/evaluation.h"
#include "engine/comparison/runcomparison.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSlider;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace recscope {
namespace engine {
class Project;
}
class CurvesOverlayChart;
class SweepView;
class DistributionChart;
class EngineJob;
class MetricBarsChart;
class MmrCurveChart;
class TradeoffChart;

class ComparisonPanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonPanel(QWidget *parent = nullptr);
    ~ComparisonPanel() override;

    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId);
    // Re-reads the finished runs of the dataset (after training).
    void refreshRuns();
    // Checks the runs with these ids (and unchecks the others).
    void selectRuns(const QList<qint64> &runIds);
    // Evaluates the checked runs under the chosen protocol in a job; false (and says why) when
    // fewer than two are checked.
    bool compareSelected();
    // One CSV field: quoted (RFC 4180) when it holds a comma, a quote or a line break.
    static QString csvCell(QString text);
    bool writeCsv(const QString &fileName, QString *error = nullptr) const;

    QComboBox *protocolBox() const { return m_protocol; }
    QComboBox *kBox() const { return m_k; }
    QComboBox *metricSetBox() const { return m_metricSet; }
    QComboBox *xMetricBox() const { return m_xMetric; }
    QComboBox *yMetricBox() const { return m_yMetric; }
    QComboBox *userMetricBox() const { return m_userMetric; }
    QComboBox *distributionShapeBox() const { return m_shape; }
    QListWidget *runList() const { return m_runs; }
    QTabWidget *tabs() const { return m_tabs; }
    SweepView *sweepView() const { return m_sweeps; }
    QTableView *table() const { return m_tableView; }
    MetricBarsChart *barsChart() const { return m_bars; }
    TradeoffChart *tradeoffChart() const { return m_tradeoff; }
    TradeoffChart *privacyChart() const { return m_privacyChart; }
    TradeoffChart *costChart() const { return m_costChart; }
    QComboBox *costAxisBox() const { return m_costAxis; }
    CurvesOverlayChart *curvesChart() const { return m_curves; }
    DistributionChart *distributionChart() const { return m_distribution; }
    MmrCurveChart *mmrChart() const { return m_mmrChart; }
    QComboBox *mmrRunBox() const { return m_mmrRun; }
    QComboBox *rerankMethodBox() const { return m_rerankMethod; }
    QSlider *lambdaSlider() const { return m_lambda; }
    // Computes the MMR trade-off curve of the run chosen on the re-ranking tab in a job.
    bool computeTradeoff();
    EngineJob *mmrJob() const { return m_mmrJob.get(); }
    QString lambdaText() const;
    EngineJob *currentJob() const { return m_job.get(); }
    const engine::Comparison *comparison() const { return m_comparison.get(); }
    QString warningText() const;

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    void compared();
    void tradeoffComputed();

private:
    void showComparison();
    void updateBars();
    void updateTradeoff();
    void updatePrivacyAndCost();
    void updateCurves();
    void updateDistribution();
    void fillTable();
    void exportCurrent();
    void showLambda();
    QWidget *buildRerankPage();
    QStringList runNames() const;

    engine::Project *m_project = nullptr;
    SweepView *m_sweeps = nullptr;
    qint64 m_datasetId = -1;
    QListWidget *m_runs;
    QComboBox *m_protocol, *m_k, *m_metricSet, *m_xMetric, *m_yMetric, *m_userMetric, *m_shape;
    QPushButton *m_compare, *m_export;
    QLabel *m_summary, *m_warning;
    QTabWidget *m_tabs;
    MetricBarsChart *m_bars;
    TradeoffChart *m_tradeoff;
    TradeoffChart *m_privacyChart, *m_costChart; // accuracy against epsilon, and against a cost
    QComboBox *m_costAxis;
    QLabel *m_labNote;
    CurvesOverlayChart *m_curves;
    DistributionChart *m_distribution;
    QStandardItemModel *m_table;
    QTableView *m_tableView;
    std::unique_ptr<EngineJob> m_job;
    std::shared_ptr<engine::Comparison> m_comparison;
    // Per compared run: epsilon (infinite without DP) and the cost profile, measured where missing.
    std::shared_ptr<std::vector<engine::RunCosts>> m_facts;
    // Re-ranking tab
    QComboBox *m_mmrRun, *m_mmrSimilarity, *m_rerankMethod;
    bool m_mmrCalibrated = false; // the curve shown re-ranks for calibration
    QPushButton *m_mmrCompute;
    QSlider *m_lambda;
    QLabel *m_lambdaLabel;
    MmrCurveChart *m_mmrChart;
    std::unique_ptr<EngineJob> m_mmrJob;
    std::vector<engine::MmrPoint> m_mmrPoints;
    QString m_mmrDiversity;
};

} // namespace recscope
