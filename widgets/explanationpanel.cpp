// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explanationpanel.h"

#include "engine/errors.h"
#include "engine/progress.h"
#include "engine/project.h"
#include "engine/runstore.h"
#include "engine/training.h"
#include "widgets/enginejob.h"
#include "widgets/explanationcharts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace recscope {

namespace {
constexpr int kItemRole = Qt::UserRole + 1;

// The reason in the interface's language, from what the numbers support.
QString reasonInWords(const engine::Explanation &e, const QStringList &titles) {
    if (e.method == "attention")
        return ExplanationPanel::tr("Attention shows where the model looked, not why it scored the item; choose a Shapley method for a reason.");
    const auto r = engine::reasonParts(e.attributions);
    const int percent = static_cast<int>(std::lround(100 * r.share));
    switch (r.kind) {
    case engine::ReasonParts::Kind::Nothing:
        return ExplanationPanel::tr("No item of the history pushes this recommendation up: it comes from what the model learned overall.");
    case engine::ReasonParts::Kind::Diffuse:
        return ExplanationPanel::tr("Many items of the history add a little each; none stands out (the top three make up %1% of the "
                                    "positive attribution).").arg(percent);
    case engine::ReasonParts::Kind::Items:
        break;
    }
    QStringList names;
    for (auto i : r.items)
        names << QStringLiteral("“%1”").arg(titles.value(static_cast<int>(i)));
    const QString list = names.size() == 1 ? names[0]
                         : names.size() == 2 ? ExplanationPanel::tr("%1 and %2").arg(names[0], names[1])
                                             : ExplanationPanel::tr("%1, %2 and %3").arg(names[0], names[1], names[2]);
    return ExplanationPanel::tr("Recommended mainly because of %1 (%2% of the positive attribution).").arg(list).arg(percent);
}
}

ExplanationPanel::ExplanationPanel(QWidget *parent) : QWidget(parent) {
    auto *left = new QWidget(this);
    auto *form = new QFormLayout(left);
    m_run = new QComboBox(left);
    m_run->setAccessibleName(tr("Run to explain"));
    m_user = new QLineEdit(left);
    m_user->setPlaceholderText(tr("user id, or #index"));
    m_user->setAccessibleName(tr("User"));
    m_recommend = new QPushButton(tr("&Recommend"), left);
    m_list = new QListWidget(left);
    m_list->setAccessibleName(tr("Top recommendations"));
    m_method = new QComboBox(left);
    m_method->setAccessibleName(tr("Attribution method"));
    m_method->addItem(tr("Automatic (exact up to 14 items)"), QStringLiteral("auto"));
    m_method->addItem(tr("Exact Shapley values"), QStringLiteral("exact"));
    m_method->addItem(tr("KernelSHAP (sampled)"), QStringLiteral("kernelshap"));
    m_method->addItem(tr("Permutation sampling"), QStringLiteral("permutation"));
    m_masking = new QComboBox(left);
    m_masking->setAccessibleName(tr("Masking"));
    m_masking->addItem(tr("Remove absent items"), QStringLiteral("remove"));
    m_masking->addItem(tr("Pad absent items in place"), QStringLiteral("pad"));
    m_masking->setToolTip(tr("How an item is left out of a coalition: taken out of the sequence (later items move up), or "
                             "replaced by padding so the others keep their positions"));
    m_samples = new QSpinBox(left);
    m_samples->setRange(64, 1000000);
    m_samples->setValue(engine::ExplainOptions{}.samples);
    m_samples->setAccessibleName(tr("Samples"));
    m_samples->setToolTip(tr("KernelSHAP: coalitions evaluated; permutation: orders"));
    m_status = new QLabel(tr("Choose a run and a user, then Recommend; select a recommendation to see why."), left);
    m_status->setWordWrap(true);
    form->addRow(tr("R&un:"), m_run);
    auto *userRow = new QHBoxLayout;
    userRow->addWidget(m_user, 1);
    userRow->addWidget(m_recommend);
    form->addRow(tr("U&ser:"), userRow);
    form->addRow(m_list);
    form->addRow(tr("&Method:"), m_method);
    form->addRow(tr("Mas&king:"), m_masking);
    form->addRow(tr("Sam&ples:"), m_samples);
    form->addRow(m_status);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_reason = new QLabel(right);
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_reason->font();
    bold.setBold(true);
    m_reason->setFont(bold);
    m_additivity = new QLabel(right);
    m_additivity->setWordWrap(true);
    auto *tabs = new QTabWidget(right);
    m_waterfall = new WaterfallChart(tabs);
    tabs->addTab(m_waterfall, tr("&Attributions"));
    auto *attentionPage = new QWidget(tabs);
    auto *attentionLayout = new QVBoxLayout(attentionPage);
    m_layer = new QComboBox(attentionPage);
    m_layer->setAccessibleName(tr("Layer and head"));
    m_heatmap = new AttentionHeatmap(attentionPage);
    attentionLayout->addWidget(m_layer);
    attentionLayout->addWidget(m_heatmap, 1);
    tabs->addTab(attentionPage, tr("A&ttention"));
    rightLayout->addWidget(m_reason);
    rightLayout->addWidget(m_additivity);
    rightLayout->addWidget(tabs, 1);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    connect(m_recommend, &QPushButton::clicked, this, &ExplanationPanel::recommendForUser);
    connect(m_user, &QLineEdit::returnPressed, this, &ExplanationPanel::recommendForUser);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            explainRow(row);
    });
    connect(m_layer, &QComboBox::currentIndexChanged, this, &ExplanationPanel::showAttention);
}

ExplanationPanel::~ExplanationPanel() = default;

void ExplanationPanel::setProject(engine::Project *project) {
    m_project = project;
    refreshRuns();
}

void ExplanationPanel::setDataset(qint64 datasetId) {
    m_datasetId = datasetId;
    refreshRuns();
}

void ExplanationPanel::refreshRuns() {
    const auto keep = m_run->currentData();
    m_run->clear();
    if (!m_project)
        return;
    for (const auto &r : engine::RunStore(*m_project).runs())
        if (r.datasetId == m_datasetId && r.status == "finished")
            m_run->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.name), QString::fromStdString(r.model)),
                           static_cast<qint64>(r.id));
    m_run->setCurrentIndex(std::max(0, m_run->findData(keep)));
}

QString ExplanationPanel::reasonText() const { return m_reason->text(); }
QString ExplanationPanel::additivityText() const { return m_additivity->text(); }

std::unique_ptr<EngineJob> ExplanationPanel::startJob(const QString &title, std::function<QString(engine::Progress &)> work) {
    auto job = std::make_unique<EngineJob>(title, std::move(work));
    Q_EMIT jobCreated(job.get());
    job->start();
    return job;
}

bool ExplanationPanel::recommendForUser() {
    if (!m_project || m_run->currentIndex() < 0)
        return false;
    const QString ref = m_user->text().trimmed();
    qint64 index = -1;
    const auto users = m_project->users(m_datasetId);
    if (ref.startsWith(QLatin1Char('#')))
        index = ref.mid(1).toLongLong();
    for (const auto &u : users)
        if (QString::fromStdString(u.externalId) == ref)
            index = u.index;
    if (index < 0 || index >= static_cast<qint64>(users.size())) {
        m_status->setText(tr("No user '%1' in this dataset.").arg(ref));
        return false;
    }
    m_userIndex = index;
    if (m_recommendJob && m_recommendJob->isRunning())
        m_recommendJob->cancel();
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    auto top = std::make_shared<std::vector<std::pair<std::int64_t, double>>>();
    m_recommendJob = startJob(tr("Recommending for %1").arg(ref), [path, runId, index, top](engine::Progress &) {
        auto project = engine::Project::open(path);
        *top = engine::recommend(*project, runId, index, 10);
        return tr("%n recommendation(s)", nullptr, static_cast<int>(top->size()));
    });
    connect(m_recommendJob.get(), &EngineJob::finished, this, [this, top, job = m_recommendJob.get()] {
        if (job != m_recommendJob.get() || job->state() != EngineJob::State::Succeeded)
            return;
        const auto items = m_project->items(m_datasetId);
        QSignalBlocker block(m_list);
        m_list->clear();
        for (const auto &[item, score] : *top) {
            auto *entry = new QListWidgetItem(QStringLiteral("%1  (%2)").arg(QString::fromStdString(items[static_cast<std::size_t>(item)].title),
                                                                           QLocale().toString(score, 'f', 3)),
                                              m_list);
            entry->setData(kItemRole, static_cast<qint64>(item));
        }
        m_status->setText(tr("Select a recommendation to see why it was made."));
        Q_EMIT recommended();
    });
    return true;
}

bool ExplanationPanel::explainRow(int row) {
    if (!m_project || row < 0 || row >= m_list->count() || m_userIndex < 0)
        return false;
    if (m_explainJob && m_explainJob->isRunning())
        m_explainJob->cancel(); // a newer request replaces an older one
    const std::string path = m_project->path();
    const qint64 runId = m_run->currentData().toLongLong();
    const qint64 item = m_list->item(row)->data(kItemRole).toLongLong();
    const qint64 user = m_userIndex;
    engine::ExplainOptions o;
    o.method = m_method->currentData().toString().toStdString();
    o.masking = m_masking->currentData().toString().toStdString();
    o.samples = m_samples->value();
    auto result = std::make_shared<engine::Explanation>();
    m_status->setText(tr("Explaining…"));
    m_explainJob = startJob(tr("Explaining %1").arg(m_list->item(row)->text()), [path, runId, user, item, o, result](engine::Progress &p) {
        auto project = engine::Project::open(path);
        *result = engine::explain(*project, runId, user, item, o, p);
        return tr("%n coalition(s) evaluated", nullptr, static_cast<int>(result->evaluations));
    });
    connect(m_explainJob.get(), &EngineJob::finished, this, [this, result, job = m_explainJob.get()] {
        if (job != m_explainJob.get())
            return;
        if (job->state() != EngineJob::State::Succeeded) {
            m_status->setText(job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
            return;
        }
        m_explanation = result;
        showExplanation();
        Q_EMIT explained();
    });
    return true;
}

void ExplanationPanel::showExplanation() {
    const auto &e = *m_explanation;
    const auto items = m_project->items(m_datasetId);
    std::vector<WaterfallChart::Step> steps;
    m_historyTitles.clear();
    for (const auto &a : e.attributions) {
        const QString title = QString::fromStdString(items[static_cast<std::size_t>(a.item)].title);
        m_historyTitles << title;
        steps.push_back({title, a.value, a.stderr_});
    }
    m_waterfall->setSteps(e.baseValue, steps, e.score);
    m_reason->setText(reasonInWords(e, m_historyTitles));
    double sum = 0;
    for (const auto &a : e.attributions)
        sum += a.value;
    m_additivity->setText(tr("%1 (masking: %2; %3 coalitions, %4 s). Additivity check: base %5 + attributions %6 = %7; the "
                             "model's score is %8 (gap %9).")
                              .arg(QString::fromStdString(e.method), QString::fromStdString(e.masking))
                              .arg(e.evaluations)
                              .arg(QLocale().toString(e.seconds, 'f', 2), QLocale().toString(e.baseValue, 'f', 4),
                                   QLocale().toString(sum, 'f', 4), QLocale().toString(e.baseValue + sum, 'f', 4),
                                   QLocale().toString(e.score, 'f', 4), QLocale().toString(e.additivityGap, 'g', 2)));
    m_status->setText(e.skippedOlder > 0 ? tr("%n older item(s) lie outside the model's window and are not explained.", nullptr,
                                              static_cast<int>(e.skippedOlder))
                                         : tr("Hover a bar for its value and standard error; right-click to export."));
    QSignalBlocker block(m_layer);
    m_layer->clear();
    for (std::size_t l = 0; l < e.attention.size(); ++l) {
        m_layer->addItem(tr("Layer %1, heads averaged").arg(l + 1), QPoint(static_cast<int>(l), -1));
        for (std::size_t h = 0; h < e.attention[l].size() && e.attention[l].size() > 1; ++h)
            m_layer->addItem(tr("Layer %1, head %2").arg(l + 1).arg(h + 1), QPoint(static_cast<int>(l), static_cast<int>(h)));
    }
    m_layer->setEnabled(!e.attention.empty());
    showAttention();
}

void ExplanationPanel::showAttention() {
    if (!m_explanation || m_explanation->attention.empty() || m_layer->currentIndex() < 0) {
        m_heatmap->setMatrix({}, {}, tr("No attention: this model does not read the history with attention"));
        return;
    }
    const QPoint choice = m_layer->currentData().toPoint();
    const auto &layer = m_explanation->attention[static_cast<std::size_t>(choice.x())];
    std::vector<std::vector<float>> m = layer.front();
    if (choice.y() >= 0) {
        m = layer[static_cast<std::size_t>(choice.y())];
    } else {
        for (std::size_t h = 1; h < layer.size(); ++h)
            for (std::size_t q = 0; q < m.size(); ++q)
                for (std::size_t k = 0; k < m.size(); ++k)
                    m[q][k] += layer[h][q][k];
        for (auto &row : m)
            for (auto &x : row)
                x /= static_cast<float>(layer.size());
    }
    // The last positions of the input are the explained history (then [MASK] for BERT4Rec).
    QStringList labels;
    const int extra = static_cast<int>(m.size()) - m_historyTitles.size();
    for (int i = 0; i < static_cast<int>(m.size()); ++i)
        labels << (i < m_historyTitles.size() ? m_historyTitles[i] : tr("[prediction]"));
    if (extra < 0)
        labels = m_historyTitles.mid(-extra);
    m_heatmap->setMatrix(m, labels, m_layer->currentText());
}

} // namespace recscope
