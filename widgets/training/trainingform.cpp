// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/training/trainingform.h"

#include "engine/core/device.h"
#include "engine/core/errors.h"
#include "engine/lm/pretrained.h"
#include "widgets/common/compactlayout.h"
#include "widgets/common/enginejob.h"
#include "widgets/training/settingtexts.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QScrollArea>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

namespace recscope {

namespace {

using Group = engine::TrainSetting::Group;
using Type = engine::TrainSetting::Type;

// The pages in the order an analyst goes through them.
constexpr Group kPageOrder[] = {Group::Training, Group::Model, Group::Text, Group::Evaluation, Group::Schedule, Group::Privacy};

QString withoutMnemonic(QString text) { return text.remove(QLatin1Char('&')); }

std::string fieldValue(const QWidget *w) {
    if (const auto *s = qobject_cast<const QSpinBox *>(w))
        return std::to_string(s->value());
    if (const auto *s = qobject_cast<const QDoubleSpinBox *>(w))
        return QLocale::c().toString(s->value(), 'g', 8).toStdString();
    if (const auto *s = qobject_cast<const QComboBox *>(w))
        return s->currentData().toString().toStdString();
    if (const auto *s = qobject_cast<const QLineEdit *>(w))
        return s->text().trimmed().toStdString();
    return {};
}

void setFieldValue(QWidget *w, const std::string &value) {
    const QString v = QString::fromStdString(value);
    if (auto *s = qobject_cast<QSpinBox *>(w))
        s->setValue(v.toInt());
    else if (auto *s = qobject_cast<QDoubleSpinBox *>(w))
        s->setValue(v == QLatin1String("none") ? s->minimum() : v.toDouble()); // an unset optional number
    else if (auto *s = qobject_cast<QComboBox *>(w))
        s->setCurrentIndex(std::max(0, s->findData(v)));
    else if (auto *s = qobject_cast<QLineEdit *>(w))
        s->setText(v);
}

bool readBy(const engine::TrainSetting &s, const engine::ModelInfo &model) { return !s.appliesTo || s.appliesTo(model); }

} // namespace

TrainingForm::TrainingForm(QWidget *parent) : QWidget(parent) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QFormLayout;
    m_model = new QComboBox(this);
    for (const auto &m : engine::allModels())
        m_model->addItem(settingtexts::modelName(m.key), QString::fromUtf8(m.key.data(), static_cast<qsizetype>(m.key.size())));
    m_model->setAccessibleName(tr("Model"));
    top->addRow(tr("&Model:"), m_model);
    layout->addLayout(top);

    m_pages = new QTabWidget(this);
    m_pages->setUsesScrollButtons(true);
    m_pages->setDocumentMode(true); // flat pages: room for six tabs in a narrow form
    for (const Group group : kPageOrder) {
        auto *page = new QWidget(m_pages);
        auto *form = new QFormLayout(page);
        for (const auto &s : engine::trainSettings()) {
            if (s.group != group)
                continue;
            QWidget *row = buildField(s, page);
            form->addRow(tr("%1:").arg(settingtexts::label(s.key)), row);
            if (s.key == "encoder") { // what the folder holds, or what is wrong with it
                m_encoderInfo = new QLabel(page);
                m_encoderInfo->setWordWrap(true);
                m_encoderInfo->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
                form->addRow(QString(), m_encoderInfo);
            }
            m_fields.back().form = form;
        }
        if (group == Group::Schedule) { // not a setting of the run: how many processes train it
            m_processes = new QSpinBox(page);
            m_processes->setRange(1, std::max(2, QThread::idealThreadCount()));
            m_processes->setAccessibleName(tr("Processes on this machine"));
            m_processes->setToolTip(tr("Processes that train this run together, each on its share of every batch (data "
                                       "parallel); this window shows the first one's progress and Cancel stops them all. Each "
                                       "computes with the threads above: on a small machine, give each process one thread."));
            form->addRow(tr("P&rocesses on this machine:"), m_processes);
            m_processesForm = form;
        }
        // Each page scrolls: the form keeps its fields whole on a 768-pixel screen.
        auto *scroll = scrollable(page, m_pages);
        m_pages->addTab(scroll, settingtexts::groupTitle(group));
        m_groupPages.emplace_back(group, scroll);
    }
    layout->addWidget(m_pages, 1); // the pages take the height there is, and scroll below that

    auto *bottom = new QFormLayout;
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("default: model and dataset"));
    m_name->setAccessibleName(tr("Run name"));
    bottom->addRow(tr("&Name:"), m_name);
    layout->addLayout(bottom);

    compactComboBoxes(this);
    m_model->setCurrentIndex(m_model->findData(QStringLiteral("sasrec"))); // the usual first run for next-item recommendation
    onModelChanged();
    connect(m_model, &QComboBox::currentIndexChanged, this, &TrainingForm::onModelChanged);
}

QWidget *TrainingForm::buildField(const engine::TrainSetting &s, QWidget *parent) {
    const QString help = settingtexts::help(s.key), minimum = settingtexts::minimumText(s.key);
    QWidget *editor = nullptr, *row = nullptr;
    if (s.key == "init_from") { // a run to start from, not a number to type
        auto *box = new QComboBox(parent);
        box->addItem(tr("scratch (random weights)"), QStringLiteral("0"));
        editor = box;
    } else if (s.key == "device") { // the devices there are, not a name to type
        auto *box = new QComboBox(parent);
        box->addItem(tr("As in Preferences"), QStringLiteral("auto"));
        for (const auto &d : engine::computeDevices())
            box->addItem(d == "cpu" ? tr("Processor (CPU)") : tr("GPU %1").arg(QString::fromStdString(d.substr(5))), QString::fromStdString(d));
        editor = box;
    } else if (s.type == Type::Integer) {
        auto *box = new QSpinBox(parent);
        box->setRange(static_cast<int>(s.min), static_cast<int>(std::min<double>(s.max, INT_MAX)));
        box->setSpecialValueText(minimum);
        editor = box;
    } else if (s.type == Type::Real) {
        auto *box = new QDoubleSpinBox(parent);
        const int decimals = settingtexts::decimals(s.key);
        const double smallest = std::pow(10.0, -decimals);
        box->setDecimals(decimals);
        box->setRange(s.min > 0 && !s.optional ? std::max(s.min, smallest) : s.min, s.max);
        box->setSingleStep(settingtexts::step(s.key));
        box->setSpecialValueText(minimum);
        editor = box;
    } else if (s.type == Type::Choice) {
        auto *box = new QComboBox(parent);
        for (const auto value : s.choices)
            box->addItem(settingtexts::choice(s.key, value), QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size())));
        editor = box;
    } else { // Text: a folder, typed or chosen
        row = new QWidget(parent);
        auto *l = new QHBoxLayout(row);
        l->setContentsMargins(0, 0, 0, 0);
        auto *edit = new QLineEdit(row);
        edit->setPlaceholderText(minimum);
        auto *browse = new QToolButton(row);
        browse->setText(tr("Browse…"));
        browse->setAccessibleName(tr("Choose a folder for %1").arg(withoutMnemonic(settingtexts::label(s.key))));
        l->addWidget(edit, 1);
        l->addWidget(browse);
        connect(browse, &QToolButton::clicked, this, [this, edit, key = s.key] {
            const QString dir = QFileDialog::getExistingDirectory(this, withoutMnemonic(settingtexts::label(key)), edit->text());
            if (dir.isEmpty())
                return;
            edit->setText(dir);
            Q_EMIT edit->editingFinished();
        });
        connect(edit, &QLineEdit::editingFinished, this, &TrainingForm::updateEncoderInfo);
        editor = edit;
    }
    editor->setAccessibleName(withoutMnemonic(settingtexts::label(s.key)));
    editor->setToolTip(help);
    if (row)
        row->setToolTip(help);
    // The choices other fields depend on.
    if (auto *box = qobject_cast<QComboBox *>(editor); box && (s.key == "split" || s.key == "dp" || s.key == "loss"))
        connect(box, &QComboBox::currentIndexChanged, this, &TrainingForm::updateFields);
    m_fields.push_back({&s, editor, row ? row : editor, nullptr});
    return row ? row : editor;
}

QWidget *TrainingForm::field(std::string_view key) const {
    for (const auto &f : m_fields)
        if (f.setting->key == key)
            return f.editor;
    return nullptr;
}

bool TrainingForm::showsField(std::string_view key) const {
    for (const auto &f : m_fields)
        if (f.setting->key == key) {
            for (std::size_t i = 0; i < m_groupPages.size(); ++i)
                if (m_groupPages[i].first == f.setting->group && !m_pages->isTabVisible(static_cast<int>(i)))
                    return false;
            return f.form->isRowVisible(f.row);
        }
    return false;
}

std::string TrainingForm::value(std::string_view key) const {
    const QWidget *w = field(key);
    return w ? fieldValue(w) : std::string();
}

QString TrainingForm::modelKey() const { return m_model->currentData().toString(); }

int TrainingForm::processes() const { return m_processes->isEnabled() ? m_processes->value() : 1; }

bool TrainingForm::setModel(const QString &key) {
    const int row = m_model->findData(key);
    if (row < 0)
        return false;
    m_model->setCurrentIndex(row);
    return true;
}

QString TrainingForm::runName() const { return m_name->text().trimmed(); }

void TrainingForm::setRunName(const QString &name) {
    m_name->setText(name);
    m_name->setFocus();
}

void TrainingForm::showPage(Group group) {
    for (const auto &[g, page] : m_groupPages)
        if (g == group)
            m_pages->setCurrentWidget(page);
}

void TrainingForm::setFineTuningSources(const std::vector<engine::RunInfo> &runs) {
    auto *box = field<QComboBox>("init_from");
    const QString chosen = box->currentData().toString();
    const QSignalBlocker block(box);
    box->clear();
    box->addItem(tr("scratch (random weights)"), QStringLiteral("0"));
    for (const auto &r : runs)
        if (r.status == engine::RunStatus::Finished && engine::modelInfo(r.model).trained)
            box->addItem(tr("run %1: %2").arg(r.id).arg(QString::fromStdString(r.name)), QString::number(r.id));
    box->setCurrentIndex(std::max(0, box->findData(chosen)));
}

engine::TrainConfig TrainingForm::config() const {
    const std::string model = modelKey().toStdString();
    // Start from the loaded run's settings, so that those this model does not read survive a duplicate.
    std::map<std::string, std::string> v = model == m_loadedModel ? m_loadedSettings : std::map<std::string, std::string>{};
    const auto &info = engine::modelInfo(model);
    const bool dp = field("dp")->isEnabled() && value("dp") != "none";
    for (const auto &f : m_fields) {
        const auto &s = *f.setting;
        if (!readBy(s, info) || (s.group == Group::Privacy && s.key != "dp" && !dp))
            continue;
        const auto *number = qobject_cast<const QDoubleSpinBox *>(f.editor);
        // An optional number at its minimum is unset.
        v[std::string(s.key)] = s.optional && number && number->value() <= number->minimum() ? std::string("none") : fieldValue(f.editor);
    }
    return engine::TrainConfig::parse(model, v);
}

void TrainingForm::loadConfig(const engine::TrainConfig &c) {
    m_loadedModel = c.modelKey();
    m_loadedSettings = c.settings();
    {
        const QSignalBlocker block(m_model); // loading is not a model change
        m_model->setCurrentIndex(std::max(0, m_model->findData(QString::fromStdString(c.modelKey()))));
    }
    for (const auto &f : m_fields)
        if (const auto it = m_loadedSettings.find(std::string(f.setting->key)); it != m_loadedSettings.end())
            setFieldValue(f.editor, it->second);
    if (c.dp == engine::DpMode::None) // a noise to start from when DP is switched on
        field<QDoubleSpinBox>("dp.noise")->setValue(1.0);
    updateEncoderInfo();
}

void TrainingForm::onModelChanged() {
    const auto &info = engine::modelInfo(modelKey().toStdString());
    // Each model's own defaults; the dataset's history window, the split and the encoder folder are kept.
    auto *maxlen = field<QSpinBox>("maxlen");
    auto *split = field<QComboBox>("split");
    const int window = maxlen->value(), splitRow = split->currentIndex();
    const QString encoder = field<QLineEdit>("encoder")->text();
    loadConfig(engine::TrainConfig::parse(modelKey().toStdString(), {}));
    maxlen->setValue(window);
    if (!info.ratings) // a rating model starts on its own split (random: the classic rating split)
        split->setCurrentIndex(splitRow);
    field<QLineEdit>("encoder")->setText(encoder);
    updateEncoderInfo();
    Q_EMIT modelChanged();
}

void TrainingForm::updateFields() {
    const auto &info = engine::modelInfo(modelKey().toStdString());
    const std::string split = value("split");
    const bool dp = value("dp") != "none", ownLanguageModel = value("encoder").empty();
    std::map<Group, bool> shown;
    for (const auto &f : m_fields) {
        const auto &s = *f.setting;
        const bool read = readBy(s, info);
        bool on = read;
        if (s.key == "test_ratio")
            on = on && (split == "temporal" || split == "random");
        else if (s.key == "folds" || s.key == "fold")
            on = on && split == "kfold";
        else if (s.group == Group::Privacy && s.key != "dp")
            on = on && dp;
        else if (s.key == "loss") // BERT4Rec predicts masked items over the whole catalog only
            on = on && !info.bidirectional;
        else if (s.key == "loss_negatives" || s.key == "loss_sampling")
            on = on && value("loss") == "ssm";
        else if (s.key == "encoder_layers")
            on = on && m_encoderUsable;
        else if (s.key == "pretrain_epochs" || s.key == "vocab_size")
            on = on && ownLanguageModel;
        f.form->setRowVisible(f.row, read);
        f.row->setEnabled(on);
        f.editor->setEnabled(on);
        if (auto *label = f.form->labelForField(f.row))
            label->setEnabled(on);
        shown[s.group] = shown[s.group] || read;
    }
    const bool parallel = info.transformer; // SASRec, BERT4Rec and the text model train with several processes
    m_processes->setEnabled(parallel);
    if (auto *label = m_processesForm->labelForField(m_processes))
        label->setEnabled(parallel);
    if (auto *form = qobject_cast<QFormLayout *>(m_encoderInfo->parentWidget()->layout()))
        form->setRowVisible(m_encoderInfo, readBy(*engine::findTrainSetting("encoder"), info));
    for (int i = 0; i < static_cast<int>(m_groupPages.size()); ++i)
        m_pages->setTabVisible(i, shown[m_groupPages[static_cast<std::size_t>(i)].first]);
}

void TrainingForm::updateEncoderInfo() {
    auto *edit = field<QLineEdit>("encoder");
    const bool text = readBy(*engine::findTrainSetting("encoder"), engine::modelInfo(modelKey().toStdString()));
    const QString folder = edit->text().trimmed();
    m_encoderUsable = false;
    if (!text) {
        m_encoderInfo->clear();
    } else if (folder.isEmpty()) {
        m_encoderInfo->setText(tr("Own language model, pretrained on the item text"));
        m_encoderInfo->setToolTip(QString());
    } else {
        try {
            const auto info = engine::inspectPretrainedFolder(folder.toStdString());
            const QLocale loc;
            m_encoderInfo->setText(tr("BERT: %1 layers, width %2, %3 tokens")
                                       .arg(loc.toString(info.layers), loc.toString(info.hidden), loc.toString(info.vocabulary)));
            m_encoderInfo->setToolTip(tr("%1 attention heads; reads up to %2 tokens per item; %3.")
                                          .arg(loc.toString(info.heads), loc.toString(info.maxPositions),
                                               info.lowercase ? tr("uncased") : tr("cased")));
            field<QSpinBox>("encoder_layers")->setMaximum(static_cast<int>(info.layers - 1)); // one layer at least stays frozen
            m_encoderUsable = true;
        } catch (const engine::EngineError &e) {
            m_encoderInfo->setText(tr("Not usable: %1").arg(EngineJob::describeError(e)));
            m_encoderInfo->setToolTip(m_encoderInfo->text());
        }
    }
    // An error may take two lines; the form must not squeeze them into one.
    m_encoderInfo->setMinimumHeight(text && !folder.isEmpty() && !m_encoderUsable ? 2 * m_encoderInfo->fontMetrics().lineSpacing() : 0);
    updateFields();
}

} // namespace recscope
