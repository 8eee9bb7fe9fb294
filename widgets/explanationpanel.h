// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation view: a user's top recommendations from a run; for the selected one, a
// waterfall of Shapley attributions over the user's history (base value to score, additivity
// shown), the reason in words, and the attention heatmaps per layer and head. All work runs in
// jobs; a newer request cancels the older one.
#pragma once

#include "engine/explain.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace recscope {
namespace engine {
class Project;
}
class AttentionHeatmap;
class EngineJob;
class WaterfallChart;

class ExplanationPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget *parent = nullptr);
    ~ExplanationPanel() override;

    void setProject(engine::Project *project);
    void setDataset(qint64 datasetId);
    void refreshRuns();
    // Lists the top recommendations of the chosen run for the user typed in (id or #index).
    bool recommendForUser();
    // Explains the recommendation in `row` of the list.
    bool explainRow(int row);

    QComboBox *runBox() const { return m_run; }
    QLineEdit *userEdit() const { return m_user; }
    QListWidget *recommendationList() const { return m_list; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *layerBox() const { return m_layer; }
    WaterfallChart *waterfall() const { return m_waterfall; }
    AttentionHeatmap *heatmap() const { return m_heatmap; }
    QString reasonText() const;
    QString additivityText() const;
    const engine::Explanation *explanation() const { return m_explanation.get(); }

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    void recommended();
    void explained();

private:
    void showExplanation();
    void showAttention();
    std::unique_ptr<EngineJob> startJob(const QString &title, std::function<QString(engine::Progress &)> work);

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QComboBox *m_run, *m_method, *m_masking, *m_layer;
    QLineEdit *m_user;
    QSpinBox *m_samples;
    QPushButton *m_recommend;
    QListWidget *m_list;
    QLabel *m_status, *m_reason, *m_additivity;
    WaterfallChart *m_waterfall;
    AttentionHeatmap *m_heatmap;
    std::unique_ptr<EngineJob> m_recommendJob, m_explainJob;
    std::shared_ptr<engine::Explanation> m_explanation;
    QStringList m_historyTitles;
    qint64 m_userIndex = -1;
};

} // namespace recscope
