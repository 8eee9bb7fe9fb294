// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation view: a user's top recommendations from a run; for the selected one, a
// waterfall of Shapley attributions over the user's history (base value to score, additivity
// shown), the reason in words, the attention views (a layer x head grid of thumbnails, the
// chosen heatmap, what the prediction reads) and the smallest change that would undo the
// recommendation. A "what if" editor takes items out of the history, reorders or swaps them;
// the list and the explanation follow. Reports for reviewers as HTML or PDF.
// All work runs in jobs; a newer request cancels the older one.
#pragma once

#include "engine/explain/explain.h"
#include "widgets/common/datasetcatalog.h"

#include <QFutureWatcher>
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTimer;

namespace recscope {
namespace engine {
class Project;
}
class AttentionBarsChart;
class AttentionHeatmap;
class AttentionThumbnails;
class EngineJob;
class FaithfulnessChart;
class SmallestChangePage;
class WaterfallChart;

class ExplanationPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget *parent = nullptr);
    ~ExplanationPanel() override;

    void setProject(engine::Project *project);
    // Reads the dataset's items and users in a worker, unless setCatalog gives them first.
    void setDataset(qint64 datasetId);
    // The items and users another screen has loaded (the Explore tab's); ignored for another dataset.
    void setCatalog(const SharedCatalog &catalog);
    bool hasCatalog() const { return m_catalog != nullptr; }
    void refreshRuns();
    // Lists the top recommendations of the chosen run for the user typed in (id or #index).
    bool recommendForUser();
    // Explains the recommendation in `row` of the list.
    bool explainRow(int row);
    // Explains `item` (index) for the current user and history, listed or not.
    bool explainItem(qint64 item);
    // Shows one case from elsewhere (a review): that run and user, the settings of `options`,
    // and `item` explained once the user's list is in.
    void showCase(qint64 runId, qint64 user, qint64 item, const engine::ExplainOptions &options);
    // The history the model reads now: the user's own, or the edited one (item indices, oldest first).
    std::vector<std::int64_t> currentHistory() const;
    bool historyEdited() const { return m_edited.has_value(); }
    // Recomputes the list and the explanation for the edited history (also after a short pause
    // once the editor changes).
    void applyHistoryEdits();
    // Puts the user's own history back.
    void restoreHistory();
    // Writes the report of the shown explanation (.html or .pdf); false with `error` set when it cannot.
    bool writeReport(const QString &fileName, QString *error = nullptr);

    QComboBox *runBox() const { return m_run; }
    QLineEdit *userEdit() const { return m_user; }
    QListWidget *recommendationList() const { return m_list; }
    QComboBox *methodBox() const { return m_method; }
    QComboBox *playersBox() const { return m_players; }
    QComboBox *layerBox() const { return m_layer; }
    QSpinBox *windowBox() const { return m_window; }
    QComboBox *colourBox() const { return m_colour; }
    QCheckBox *focusBox() const { return m_focus; }
    QListWidget *historyEditor() const { return m_history; }
    WaterfallChart *waterfall() const { return m_waterfall; }
    FaithfulnessChart *faithfulnessChart() const { return m_faithfulnessChart; }
    SmallestChangePage *smallestChange() const { return m_change; }
    // Opens the smallest removal (or the closest swap) of the shown explanation in the What-if
    // editor; false when there is none.
    bool openRemovalInEditor();
    bool openSwapInEditor();
    AttentionHeatmap *heatmap() const { return m_heatmap; }
    AttentionBarsChart *attentionBars() const { return m_bars; }
    AttentionThumbnails *thumbnails() const { return m_thumbs; }
    QTabWidget *views() const { return m_tabs; }
    QString reasonText() const;
    QString additivityText() const;
    QString faithfulnessText() const;
    int userChoices() const; // users the user field offers
    const engine::Explanation *explanation() const { return m_explanation.get(); }
    // The listed recommendations (item index, score), best first.
    const std::vector<std::pair<std::int64_t, double>> &recommendations() const { return m_top; }

Q_SIGNALS:
    void jobCreated(recscope::EngineJob *job);
    void recommended();
    void explained();

private:
    void showExplanation();
    void showAttention();
    void showFaithfulness();
    void fillHistory();
    // Names the items again once the catalogue is in (the lists and charts showed "item N").
    void applyCatalog();
    QString itemTitle(std::int64_t item) const;
    void updatePlayers();
    void markWindow();
    void runRecommend();
    void showRecommendations(const std::vector<std::pair<std::int64_t, double>> &top);
    void askForReport();
    // The editor's entry for position `position` of the history the model reads (unchecked
    // entries are not counted); null when there is none.
    QListWidgetItem *editorEntry(std::int64_t position) const;
    std::unique_ptr<EngineJob> startJob(const QString &title, std::function<QString(engine::Progress &)> work);

    engine::Project *m_project = nullptr;
    qint64 m_datasetId = -1;
    QComboBox *m_run, *m_method, *m_masking, *m_value, *m_players, *m_layer, *m_colour;
    QCheckBox *m_focus;
    static constexpr int kFocusItems = 30;
    QLineEdit *m_user;
    QSpinBox *m_samples, *m_window;
    QPushButton *m_recommend, *m_report, *m_restore;
    QListWidget *m_list, *m_history;
    QLabel *m_status, *m_reason, *m_additivity, *m_faithfulness, *m_historyNote;
    QTabWidget *m_tabs;
    WaterfallChart *m_waterfall;
    FaithfulnessChart *m_faithfulnessChart;
    SmallestChangePage *m_change;
    QWidget *m_whatIf;
    QStandardItemModel *m_users; // the user field's choices
    SharedCatalog m_catalog;     // of m_datasetId, once loaded
    QFutureWatcher<SharedCatalog> m_catalogWatcher;
    AttentionHeatmap *m_heatmap;
    AttentionBarsChart *m_bars;
    AttentionThumbnails *m_thumbs;
    QTimer *m_editTimer;
    std::unique_ptr<EngineJob> m_recommendJob, m_explainJob;
    std::shared_ptr<engine::Explanation> m_explanation;
    QStringList m_historyTitles; // the players' (or, for words, the history's) titles
    QStringList m_inputTitles;   // of every position the model reads
    qint64 m_userIndex = -1;
    qint64 m_explainedItem = -1;
    std::vector<std::int64_t> m_ownHistory;       // the user's history, oldest first
    std::optional<std::vector<std::int64_t>> m_edited; // set while the editor differs from it
    std::map<qint64, int> m_ownRanks;             // rank of each listed item under the own history
    std::vector<std::pair<std::int64_t, double>> m_top;
};

} // namespace recscope
