// SPDX-License-Identifier: GPL-3.0-or-later
// TrainingPanel.
#include "widgets/training/trainingpanel.h"

#include "engine/efficiency/efficiency.h"
#include "engine/export/exports.h"
#include "engine/core/errors.h"
#include "engine/lm/pretrained.h"
#include "engine/privacy/privacy.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"
#include "widgets/common/chartwidget.h"
#include "widgets/common/compactlayout.h"
#include "widgets/common/emptystate.h"
#include "widgets/training/runstablemodel.h"
#include "widgets/training/sweepdialog.h"
#include "widgets/training/trainingjob.h"

#include <QScrollArea>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace recscope {

namespace {
constexpr int kExportedPerUser = 10; // items per user in an exported top list

QSpinBox *spin(QWidget *parent, int lo, int hi, int value, const QString &accessible) {
    auto *s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setAccessibleName(accessible);
    return s;
}

const engine::TrainSetting &setting(std::string_view key) {
    const auto *s = engine::findTrainSetting(key);
    Q_ASSERT(s);
    return *s;
}

// A spin box for a whole-number training setting: its range from the settings table.
QSpinBox *settingSpin(QWidget *parent, std::string_view key, const QString &accessible) {
    const auto &s = setting(key);
    return spin(parent, static_cast<int>(s.min), static_cast<int>(std::min<double>(s.max, 2147483647)), std::stoi(s.get(engine::TrainConfig{})), accessible);
}

// The same for a real setting, shown with `decimals` (a positive minimum no smaller than one step).
QDoubleSpinBox *settingReal(QWidget *parent, std::string_view key, int decimals, const QString &accessible) {
    const auto &st = setting(key);
    auto *s = new QDoubleSpinBox(parent);
    const double step = std::pow(10.0, -decimals);
    s->setRange(st.min > 0 ? std::max(st.min, step) : st.min, st.max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setValue(std::stod(st.get(engine::TrainConfig{})));
    s->setAccessibleName(accessible);
    return s;
}

// A setting's value as the form shows it, in the settings table's words.
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
    if (auto *s = qobject_cast<QSpinBox *>(w))
        s->setValue(QString::fromStdString(value).toInt());
    else if (auto *s = qobject_cast<QDoubleSpinBox *>(w))
        s->setValue(QString::fromStdString(value).toDouble());
    else if (auto *s = qobject_cast<QComboBox *>(w))
        s->setCurrentIndex(std::max(0, s->findData(QString::fromStdString(value))));
    else if (auto *s = qobject_cast<QLineEdit *>(w))
        s->setText(QString::fromStdString(value));
}

// Whether a run's training and validation losses are of one kind, so that their gap means
// something: sampled BCE for both, or the MSE of ratings (a catalog-wide cross-entropy is not).
bool sameScaleLosses(const engine::TrainConfig &c) { return c.info().ratings || c.loss == engine::Loss::Bce; }

QString duration(double seconds) {
    const QLocale loc;
    if (seconds < 90)
        return QObject::tr("%1 s").arg(loc.toString(seconds, 'f', 0));
    if (seconds < 5400)
        return QObject::tr("%1 min").arg(loc.toString(seconds / 60, 'f', 1));
    return QObject::tr("%1 h").arg(loc.toString(seconds / 3600, 'f', 1));
}
} // namespace

TrainingPanel::TrainingPanel(QWidget *parent) : QWidget(parent) {
    auto *layout = new QHBoxLayout(this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(buildForm());
    auto *right = new QSplitter(Qt::Vertical, split);
    right->addWidget(buildMonitor());
    right->addWidget(buildRunsTable());
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    updateFormForModel();
    updateMonitor();
}

TrainingPanel::~TrainingPanel() {
    // Jobs cancel and wait in their destructors; stop the queue from starting new ones first.
    m_queue.clearWaiting();
    for (auto &j : m_running)
        j->disconnect(this);
    m_running.clear();
}

QWidget *TrainingPanel::buildForm() {
    auto *box = new QGroupBox(tr("New run"), this);
    auto *l = new QVBoxLayout(box);
    m_datasetLabel = new QLabel(tr("Choose a dataset in the Datasets dock."), box);
    m_datasetLabel->setWordWrap(true);
    l->addWidget(m_datasetLabel);
    m_form = new QFormLayout;
    m_model = new QComboBox(box);
    m_model->addItem(tr("SASRec (causal self-attention)"), QStringLiteral("sasrec"));
    m_model->addItem(tr("BERT4Rec (bidirectional, masked items)"), QStringLiteral("bert4rec"));
    m_model->addItem(tr("Text-aware transformer (reads item text)"), QStringLiteral("textrec"));
    m_model->addItem(tr("BPR matrix factorization"), QStringLiteral("bprmf"));
    m_model->addItem(tr("Biased MF (predicts explicit ratings)"), QStringLiteral("biasedmf"));
    m_model->addItem(tr("Item-kNN (cosine)"), QStringLiteral("itemknn"));
    m_model->addItem(tr("Popularity (baseline)"), QStringLiteral("pop"));
    m_model->setAccessibleName(tr("Model"));
    m_form->addRow(tr("&Model:"), m_model);
    m_epochs = settingSpin(box, "epochs", tr("Epochs"));
    m_batch = settingSpin(box, "batch_size", tr("Batch size"));
    m_lr = settingReal(box, "lr", 5, tr("Learning rate"));
    m_lr->setMaximum(1.0);
    m_lr->setSingleStep(1e-4);
    m_maxlen = settingSpin(box, "maxlen", tr("Maximum history length"));
    m_hidden = settingSpin(box, "hidden", tr("Hidden size"));
    m_layers = settingSpin(box, "layers", tr("Layers"));
    m_heads = settingSpin(box, "heads", tr("Attention heads"));
    m_dropout = settingReal(box, "dropout", 2, tr("Dropout"));
    m_dropout->setSingleStep(0.05);
    m_weightDecay = settingReal(box, "weight_decay", 5, tr("Weight decay"));
    m_weightDecay->setSingleStep(1e-4);
    m_patience = settingSpin(box, "patience", tr("Early-stopping patience"));
    m_patience->setSpecialValueText(tr("off"));
    m_loss = new QComboBox(box);
    m_loss->addItem(tr("BCE, one sampled negative"), QStringLiteral("bce"));
    m_loss->addItem(tr("Cross-entropy over the catalog"), QStringLiteral("ce"));
    m_loss->setAccessibleName(tr("Loss"));
    m_form->addRow(tr("&Epochs:"), m_epochs);
    m_form->addRow(tr("&Batch size:"), m_batch);
    m_form->addRow(tr("&Learning rate:"), m_lr);
    m_form->addRow(tr("Max &history:"), m_maxlen);
    m_form->addRow(tr("&Hidden size:"), m_hidden);
    m_form->addRow(tr("La&yers:"), m_layers);
    m_form->addRow(tr("H&eads:"), m_heads);
    m_form->addRow(tr("&Dropout:"), m_dropout);
    m_form->addRow(tr("&Weight decay:"), m_weightDecay);
    m_form->addRow(tr("&Patience:"), m_patience);
    m_form->addRow(tr("L&oss:"), m_loss);
    m_textLength = settingSpin(box, "text_len", tr("Tokens read per item"));
    m_textLength->setToolTip(tr("How many tokens of each item's title, categories and description the model reads."));
    m_pretrainEpochs = settingSpin(box, "pretrain_epochs", tr("Language-model pretraining epochs"));
    m_pretrainEpochs->setToolTip(tr("Masked-language-model epochs on the item text before the recommender is trained."));
    m_fusion = new QComboBox(box);
    m_fusion->addItem(tr("Text and item id"), QStringLiteral("text+id"));
    m_fusion->addItem(tr("Text only"), QStringLiteral("text"));
    m_fusion->setAccessibleName(tr("Item vector"));
    m_encoderRow = new QWidget(box);
    auto *encoderLayout = new QHBoxLayout(m_encoderRow);
    encoderLayout->setContentsMargins(0, 0, 0, 0);
    m_encoder = new QLineEdit(m_encoderRow);
    m_encoder->setPlaceholderText(tr("its own, pretrained on the item text"));
    m_encoder->setAccessibleName(tr("Pretrained text encoder folder"));
    m_encoder->setToolTip(tr("A Hugging Face BERT-family folder (config.json, model.safetensors, vocab.txt or tokenizer.json): "
                             "BERT, MiniLM or a sentence-transformers model built on BERT. It reads each item's text instead of "
                             "the model's own small language model. Leave empty for the own one."));
    m_encoderBrowse = new QToolButton(m_encoderRow);
    m_encoderBrowse->setText(tr("Browse…"));
    m_encoderBrowse->setAccessibleName(tr("Choose the pretrained encoder folder"));
    encoderLayout->addWidget(m_encoder, 1);
    encoderLayout->addWidget(m_encoderBrowse);
    m_encoderInfo = new QLabel(box);
    m_encoderInfo->setWordWrap(true);
    m_encoderInfo->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_encoderLayers = settingSpin(box, "encoder_layers", tr("Fine-tuned encoder layers"));
    m_encoderLayers->setSpecialValueText(tr("none (frozen)"));
    m_encoderLayers->setToolTip(tr("Frozen: the encoder reads the catalog once (kept in the project) and the run trains an adaptor "
                                   "over its vectors. N: its last N layers are trained with the recommender as well; slower, "
                                   "and its reading of the lower layers is kept instead."));
    m_form->addRow(tr("Item &text tokens:"), m_textLength);
    m_form->addRow(tr("Text en&coder:"), m_encoderRow);
    m_form->addRow(QString(), m_encoderInfo);
    m_form->addRow(tr("Fine-tuned &layers:"), m_encoderLayers);
    m_form->addRow(tr("Pre&training epochs:"), m_pretrainEpochs);
    m_form->addRow(tr("Item &vector:"), m_fusion);
    connect(m_encoder, &QLineEdit::editingFinished, this, &TrainingPanel::updateEncoderInfo);
    connect(m_encoderBrowse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Pretrained text encoder"), m_encoder->text());
        if (dir.isEmpty())
            return;
        m_encoder->setText(dir);
        updateEncoderInfo();
    });
    m_split = new QComboBox(box);
    m_split->addItem(tr("Leave-one-out"), QStringLiteral("loo"));
    m_split->addItem(tr("Cold-start items (a tenth held out)"), QStringLiteral("cold"));
    m_split->addItem(tr("Temporal (last 20% by time)"), QStringLiteral("temporal"));
    m_split->addItem(tr("Random (20% of each history)"), QStringLiteral("random"));
    m_split->addItem(tr("K-fold (a fifth of the users held out)"), QStringLiteral("kfold"));
    m_split->setAccessibleName(tr("Split"));
    m_split->setToolTip(tr("Leave-one-out: each user's last item is the test case. Cold start: a tenth of the items never "
                           "appear in training; each user's last such item is ranked among held-out items only. Temporal: "
                           "everything after a global time cut is test (needs timestamps). Random: a fixed random fifth "
                           "of the interactions is test. K-fold: a fifth of the users never seen in training, tested on "
                           "their last item; the privacy audit needs such a run."));
    m_form->addRow(tr("S&plit:"), m_split);
    m_initFrom = new QComboBox(box);
    m_initFrom->setAccessibleName(tr("Start from"));
    m_initFrom->setToolTip(tr("Fine-tune: start from a finished run of the same model and shape; items and users are "
                              "matched by id, so the run may come from another slice of the data."));
    m_form->addRow(tr("&Start from:"), m_initFrom);
    m_name = new QLineEdit(box);
    m_name->setPlaceholderText(tr("default: model and dataset"));
    m_name->setAccessibleName(tr("Run name"));
    m_form->addRow(tr("&Name:"), m_name);
    m_parallel = spin(box, 1, 8, 1, tr("Runs at a time"));
    m_form->addRow(tr("Runs at a &time:"), m_parallel);
    // Model and data first; the schedule and privacy on their own pages keep the form short.
    m_formTabs = new QTabWidget(box);
    auto *modelPage = new QWidget(m_formTabs);
    auto *modelLayout = new QVBoxLayout(modelPage);
    modelLayout->addLayout(m_form);
    modelLayout->addStretch();
    // Each page scrolls: the form keeps its fields whole on a 768-pixel screen.
    m_formTabs->addTab(scrollable(modelPage, m_formTabs), tr("Model"));
    m_formTabs->addTab(scrollable(buildScheduleForm(m_formTabs), m_formTabs), tr("Schedule"));
    auto *privacyPage = new QWidget(m_formTabs);
    auto *privacyLayout = new QVBoxLayout(privacyPage);
    privacyLayout->addWidget(buildPrivacyForm(privacyPage));
    privacyLayout->addStretch();
    m_formTabs->addTab(scrollable(privacyPage, m_formTabs), tr("Privacy"));
    l->addWidget(m_formTabs, 1); // the pages take the height there is, and scroll below that
    m_start = new QPushButton(tr("Add to queue"), box);
    m_start->setToolTip(tr("Queue a run with these settings; it starts when a slot is free."));
    m_sweepButton = new QPushButton(tr("S&weep…"), box);
    m_sweepButton->setToolTip(tr("Train one run per combination of the settings you vary, the others as in this form, and compare "
                                 "them (Compare ▸ Sweeps)."));
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_start, 1);
    startRow->addWidget(m_sweepButton);
    l->addLayout(startRow);
    auto *hint = new QLabel(tr("Validation after each epoch: the held-out item ranked against 100 sampled items the "
                               "user never saw (NDCG@10, HR@10). The best epoch's checkpoint is kept."), box);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    l->addWidget(hint);
    // Each field of the form and the training setting it edits (the settings table's key).
    m_fields = {{"epochs", m_epochs}, {"batch_size", m_batch}, {"lr", m_lr}, {"maxlen", m_maxlen}, {"hidden", m_hidden},
                {"layers", m_layers}, {"heads", m_heads}, {"dropout", m_dropout}, {"weight_decay", m_weightDecay},
                {"patience", m_patience}, {"loss", m_loss}, {"split", m_split}, {"optimizer", m_optimizer}, {"warmup", m_warmup},
                {"decay", m_decay}, {"clip", m_clip}, {"batching", m_batching}, {"mask_prob", m_maskProb}, {"seed", m_seed},
                {"text_len", m_textLength}, {"pretrain_epochs", m_pretrainEpochs}, {"fusion", m_fusion}, {"encoder", m_encoder},
                {"encoder_layers", m_encoderLayers}, {"dp", m_dpUnit},
                {"dp.noise", m_dpNoise}, {"dp.clip", m_dpClip}, {"dp.target_epsilon", m_dpTarget}, {"dp.delta", m_dpDelta},
                {"dp.sampling", m_dpSampling}};
    connect(m_model, &QComboBox::currentIndexChanged, this, &TrainingPanel::updateFormForModel);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::enqueue);
    connect(m_sweepButton, &QPushButton::clicked, this, &TrainingPanel::openSweepDialog);
    connect(m_parallel, &QSpinBox::valueChanged, this, &TrainingPanel::startNext);
    box->setMinimumWidth(300);
    compactComboBoxes(box);
    return box;
}

QWidget *TrainingPanel::buildScheduleForm(QWidget *parent) {
    auto *page = new QWidget(parent);
    m_scheduleForm = new QFormLayout(page);
    m_optimizer = new QComboBox(page);
    m_optimizer->addItem(tr("Adam"), QStringLiteral("adam"));
    m_optimizer->addItem(tr("AdamW (decoupled weight decay)"), QStringLiteral("adamw"));
    m_optimizer->addItem(tr("SGD with momentum"), QStringLiteral("sgd"));
    m_optimizer->setAccessibleName(tr("Optimizer"));
    m_scheduleForm->addRow(tr("&Optimizer:"), m_optimizer);
    m_warmup = settingSpin(page, "warmup", tr("Warm-up epochs"));
    m_warmup->setSpecialValueText(tr("none"));
    m_warmup->setToolTip(tr("The learning rate rises linearly from zero over these epochs."));
    m_scheduleForm->addRow(tr("&Warm-up epochs:"), m_warmup);
    m_decay = new QComboBox(page);
    m_decay->addItem(tr("Constant"), QStringLiteral("none"));
    m_decay->addItem(tr("Linear to zero"), QStringLiteral("linear"));
    m_decay->addItem(tr("Cosine to zero"), QStringLiteral("cosine"));
    m_decay->setAccessibleName(tr("Learning-rate decay"));
    m_decay->setToolTip(tr("After the warm-up the learning rate stays, or falls to zero at the last epoch."));
    m_scheduleForm->addRow(tr("&Decay:"), m_decay);
    m_clip = settingReal(page, "clip", 2, tr("Gradient clipping"));
    m_clip->setSingleStep(0.5);
    m_clip->setSpecialValueText(tr("off"));
    m_clip->setToolTip(tr("The gradient's norm is scaled down to this before each step."));
    m_scheduleForm->addRow(tr("Gradient &clipping:"), m_clip);
    m_batching = new QComboBox(page);
    m_batching->addItem(tr("Random users"), QStringLiteral("random"));
    m_batching->addItem(tr("Users of like history length (faster)"), QStringLiteral("length"));
    m_batching->setAccessibleName(tr("Batches"));
    m_batching->setToolTip(tr("Random batches learn as the papers do. Grouping users by history length saves padding, "
                              "but a batch of short histories then counts as much as a full one and the model learns "
                              "more slowly."));
    m_scheduleForm->addRow(tr("&Batches:"), m_batching);
    m_maskProb = settingReal(page, "mask_prob", 2, tr("Mask probability"));
    m_maskProb->setSingleStep(0.05);
    m_maskProb->setToolTip(tr("BERT4Rec: the share of history items hidden and predicted in training."));
    m_scheduleForm->addRow(tr("&Mask probability:"), m_maskProb);
    m_seed = settingSpin(page, "seed", tr("Seed"));
    m_seed->setToolTip(tr("The same seed repeats a run on this machine."));
    m_scheduleForm->addRow(tr("S&eed:"), m_seed);
    return page;
}

QGroupBox *TrainingPanel::buildPrivacyForm(QWidget *parent) {
    m_dpBox = new QGroupBox(tr("Differential privacy (DP-SGD)"), parent);
    m_dpBox->setCheckable(true);
    m_dpBox->setChecked(false);
    m_dpBox->setToolTip(tr("Each step clips the gradient of every sampled user (or example) to the clip norm and adds Gaussian "
                           "noise, so no single unit can change the model by much. The accountant reports epsilon for delta as "
                           "training goes; smaller epsilon means stronger privacy and usually less accuracy. For the "
                           "text-aware model choose the BCE loss: with cross-entropy each user's step encodes the whole "
                           "catalog's text, more than ten times slower."));
    auto *form = new QFormLayout(m_dpBox);
    m_dpUnit = new QComboBox(m_dpBox);
    m_dpUnit->addItem(tr("User (a whole history)"), QStringLiteral("user"));
    m_dpUnit->addItem(tr("Example (a window of a history)"), QStringLiteral("example"));
    m_dpUnit->setAccessibleName(tr("Protected unit"));
    m_dpUnit->setToolTip(tr("User level protects everything one user did: the unit that matters for interaction logs. "
                            "Example level protects one window of maxlen items; a long history spans several."));
    form->addRow(tr("Protect &each:"), m_dpUnit);
    m_dpNoise = settingReal(m_dpBox, "dp.noise", 3, tr("Noise multiplier"));
    m_dpNoise->setValue(1.0);
    m_dpNoise->setSingleStep(0.1);
    m_dpNoise->setSpecialValueText(tr("chosen for the target"));
    m_dpNoise->setToolTip(tr("Standard deviation of the noise in units of the clip norm. At 0 the noise is chosen so that "
                             "the last epoch ends at the target epsilon."));
    form->addRow(tr("&Noise multiplier:"), m_dpNoise);
    m_dpClip = settingReal(m_dpBox, "dp.clip", 3, tr("Clip norm"));
    m_dpClip->setSingleStep(0.1);
    form->addRow(tr("&Clip norm:"), m_dpClip);
    m_dpTarget = settingReal(m_dpBox, "dp.target_epsilon", 2, tr("Target epsilon"));
    m_dpTarget->setSingleStep(0.5);
    m_dpTarget->setSpecialValueText(tr("none"));
    m_dpTarget->setToolTip(tr("Training stops before a step would spend more than this."));
    form->addRow(tr("&Target epsilon:"), m_dpTarget);
    m_dpDelta = settingReal(m_dpBox, "dp.delta", 7, tr("Delta"));
    m_dpDelta->setSingleStep(1e-5);
    m_dpDelta->setSpecialValueText(tr("1 / number of units"));
    form->addRow(tr("De&lta:"), m_dpDelta);
    m_dpSampling = new QComboBox(m_dpBox);
    m_dpSampling->addItem(tr("Poisson (each unit on its own coin)"), QStringLiteral("poisson"));
    m_dpSampling->addItem(tr("Uniform (shuffled fixed batches)"), QStringLiteral("uniform"));
    m_dpSampling->setAccessibleName(tr("Sampling"));
    m_dpSampling->setToolTip(tr("The accountant's guarantee assumes Poisson sampling; shuffled batches are accounted at "
                                "the same rate, the usual approximation."));
    form->addRow(tr("Sa&mpling:"), m_dpSampling);
    return m_dpBox;
}

void TrainingPanel::showPrivacyBudget(const engine::TrainConfig &c, std::optional<double> epsilon) {
    m_budgetRow->setVisible(c.dp != engine::DpMode::None);
    if (c.dp == engine::DpMode::None)
        return;
    const QLocale loc;
    const QString spent = epsilon ? loc.toString(*epsilon, 'f', 2) : QStringLiteral("0");
    const QString delta = c.dpDelta > 0 ? loc.toString(c.dpDelta, 'g', 2)
                                        : (c.dp == engine::DpMode::User ? tr("1 / users") : tr("1 / examples"));
    const QString unit = c.dp == engine::DpMode::User ? tr("per user") : tr("per example");
    if (c.dpTargetEpsilon > 0) {
        m_budget->setVisible(true);
        m_budget->setRange(0, 1000);
        m_budget->setValue(static_cast<int>(std::min(1.0, epsilon.value_or(0) / c.dpTargetEpsilon) * 1000));
        m_budget->setFormat(tr("%1 of %2").arg(spent, loc.toString(c.dpTargetEpsilon, 'f', 2)));
        m_budgetLabel->setText(tr("Privacy budget (epsilon, %1, delta %2):").arg(unit, delta));
    } else {
        m_budget->setVisible(false);
        m_budgetLabel->setText(tr("Privacy spent: epsilon %1 %2, delta %3 (no target)").arg(spent, unit, delta));
    }
}

QWidget *TrainingPanel::buildMonitor() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    auto *row = new QHBoxLayout;
    m_runTitle = new QLabel(w);
    QFont f = m_runTitle->font();
    f.setBold(true);
    m_runTitle->setFont(f);
    row->addWidget(m_runTitle, 1);
    m_pause = new QPushButton(tr("Pause"), w);
    m_cancel = new QPushButton(tr("Cancel run"), w);
    row->addWidget(m_pause);
    row->addWidget(m_cancel);
    l->addLayout(row);
    m_progress = new QProgressBar(w);
    m_progress->setRange(0, 1000);
    m_progress->setAccessibleName(tr("Training progress"));
    l->addWidget(m_progress);
    m_runStatus = new QLabel(w);
    l->addWidget(m_runStatus);
    m_budgetRow = new QWidget(w);
    auto *budget = new QHBoxLayout(m_budgetRow);
    budget->setContentsMargins(0, 0, 0, 0);
    m_budgetLabel = new QLabel(m_budgetRow);
    m_budget = new QProgressBar(m_budgetRow);
    m_budget->setAccessibleName(tr("Privacy budget spent"));
    m_budget->setTextVisible(true);
    budget->addWidget(m_budgetLabel);
    budget->addWidget(m_budget, 1);
    m_budgetRow->setVisible(false);
    l->addWidget(m_budgetRow);
    m_queueView = new QListWidget(w);
    m_queueView->setMaximumHeight(70);
    m_queueView->setAccessibleName(tr("Run queue"));
    l->addWidget(m_queueView);
    m_curves = new TrainingCurvesChart(w);
    m_curves->setAccessibleName(tr("Training curves chart"));
    m_curvesStack = new EmptyStateStack(m_curves, w);
    m_curvesStack->setObjectName(QStringLiteral("trainEmptyState"));
    l->addWidget(m_curvesStack, 1);
    connect(m_curvesStack, &EmptyStateStack::actionTriggered, this, [this] { trainModels({QStringLiteral("sasrec")}); });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (auto *j = currentJob())
            j->isPaused() ? j->resume() : j->pause();
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (auto *j = currentJob())
            j->cancel();
    });
    return w;
}

QWidget *TrainingPanel::buildRunsTable() {
    auto *w = new QWidget(this);
    auto *l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    m_runs = new RunsTableModel(this);
    m_runsProxy = new QSortFilterProxyModel(this);
    m_runsProxy->setSourceModel(m_runs);
    m_runsProxy->setSortRole(Qt::EditRole);
    m_runsView = new QTableView(w);
    m_runsView->setModel(m_runsProxy);
    m_runsView->setSortingEnabled(true);
    m_runsView->sortByColumn(RunsTableModel::NameColumn, Qt::AscendingOrder);
    m_runsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runsView->setAlternatingRowColors(true);
    m_runsView->verticalHeader()->hide();
    m_runsView->horizontalHeader()->setStretchLastSection(true);
    m_runsView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_runsView->setAccessibleName(tr("Runs"));
    l->addWidget(m_runsView);
    connect(m_runsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &cur) {
        if (cur.isValid() && (!m_watched || !m_watched->isRunning()))
            showRun(cur.data(RunsTableModel::RunIdRole).toLongLong());
    });
    connect(m_runsView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_runsView->indexAt(pos).isValid())
            return;
        QMenu menu(this);
        menu.addAction(tr("Rename…"), this, &TrainingPanel::renameRun);
        menu.addAction(tr("Duplicate with these settings"), this, &TrainingPanel::duplicateRun);
        auto *resume = menu.addAction(tr("Resume from the last checkpoint"), this, &TrainingPanel::resumeRun);
        const auto *run = m_runs->runAt(m_runs->rowOfRun(m_runsView->indexAt(pos).data(RunsTableModel::RunIdRole).toLongLong()));
        resume->setEnabled(run && engine::isResumable(run->status));
        menu.addSeparator();
        // The lab works on finished runs, one job at a time.
        const bool finished = run && run->status == engine::RunStatus::Finished && !(m_labJob && m_labJob->isRunning());
        const bool neural = run && engine::modelInfo(run->model).transformer;
        menu.addAction(tr("Measure cost (size, latency, throughput)"), this, [this] { startLabJob(LabTask::Profile); })->setEnabled(finished);
        auto *compress = menu.addMenu(tr("Compressed copy"));
        compress->setEnabled(finished && neural);
        compress->addAction(tr("Int8 weights (per-row scales)"), this, [this] { startLabJob(LabTask::Quantize); });
        compress->addAction(tr("Prune 50% of the weights (by magnitude)"), this, [this] { startLabJob(LabTask::PruneWeights); });
        compress->addAction(tr("Prune 50% of the attention heads"), this, [this] { startLabJob(LabTask::PruneHeads); });
        auto *audit = menu.addAction(tr("Privacy audit (membership inference)"), this, [this] { startLabJob(LabTask::Audit); });
        bool kfold = false;
        try {
            kfold = run && engine::TrainConfig::fromJson(run->configJson).split == engine::SplitKind::KFold;
        } catch (const engine::EngineError &) {
        }
        audit->setEnabled(finished && kfold);
        audit->setToolTip(tr("Needs a run trained on the k-fold split: the attack compares trained users with held-out ones."));
        auto *exports = menu.addMenu(tr("Export"));
        exports->setEnabled(finished);
        exports->addAction(tr("Every user's top %1 (CSV or JSON lines)…").arg(kExportedPerUser), this, [this] {
            const QString file = QFileDialog::getSaveFileName(this, tr("Export recommendations"), tr("recommendations.csv"),
                                                              tr("CSV (*.csv);;JSON lines (*.jsonl)"));
            if (!file.isEmpty())
                startLabJob(LabTask::ExportRecommendations, file);
        });
        auto *vectors = exports->addAction(tr("Item and user vectors (TensorBoard projector)…"), this, [this] {
            const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for the vectors"));
            if (!folder.isEmpty())
                startLabJob(LabTask::ExportEmbeddings, folder);
        });
        vectors->setEnabled(run && engine::modelInfo(run->model).vectors);
        auto *script = exports->addAction(tr("Model as TorchScript (.pt)…"), this, [this] {
            const QString file = QFileDialog::getSaveFileName(this, tr("Export the model"), tr("model.pt"), tr("TorchScript (*.pt)"));
            if (!file.isEmpty())
                startLabJob(LabTask::ExportModel, file);
        });
        script->setEnabled(run && engine::modelInfo(run->model).transformer);
        script->setToolTip(tr("The transformers, with their weights and item ids: a service loads it with torch.jit.load, no RecScope needed."));
        vectors->setToolTip(tr("Models that score by a dot product of a user's and an item's vector: BPR-MF and the transformers."));
        menu.setToolTipsVisible(true);
        menu.addSeparator();
        menu.addAction(tr("Delete…"), this, &TrainingPanel::deleteRun);
        menu.exec(m_runsView->viewport()->mapToGlobal(pos));
    });
    return w;
}

void TrainingPanel::updateFormForModel() {
    const QString model = m_model->currentData().toString();
    const auto &info = engine::modelInfo(model.toStdString());
    for (const auto &[key, wdg] : m_fields) {
        const bool on = setting(key).appliesTo(info);
        wdg->setEnabled(on);
        for (auto *form : {m_form, m_scheduleForm})
            if (auto *label = form->labelForField(wdg))
                label->setEnabled(on);
    }
    m_dpBox->setEnabled(setting("dp").appliesTo(info));
    // Each model's own defaults (the dataset's history window and the encoder folder are kept).
    const int maxlen = m_maxlen->value(), split = m_split->currentIndex();
    const QString encoder = m_encoder->text();
    loadConfig(engine::TrainConfig::parse(model.toStdString(), {}));
    m_maxlen->setValue(maxlen);
    if (!info.ratings) // a rating model starts on its own split (random: the classic rating split)
        m_split->setCurrentIndex(split);
    m_encoder->setText(encoder);
    updateEncoderInfo();
}

void TrainingPanel::updateEncoderInfo() {
    const bool text = m_encoder->isEnabled();
    m_encoderBrowse->setEnabled(text);
    if (auto *label = m_form->labelForField(m_encoderRow))
        label->setEnabled(text);
    const QString folder = m_encoder->text().trimmed();
    bool usable = false;
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
            m_encoderLayers->setMaximum(static_cast<int>(info.layers - 1));
            usable = true;
        } catch (const engine::EngineError &e) {
            m_encoderInfo->setText(tr("Not usable: %1").arg(EngineJob::describeError(e)));
            m_encoderInfo->setToolTip(m_encoderInfo->text());
        }
    }
    m_encoderInfo->setVisible(text);
    // An error may take two lines; the form must not squeeze them into one.
    m_encoderInfo->setMinimumHeight(text && !folder.isEmpty() && !usable ? 2 * m_encoderInfo->fontMetrics().lineSpacing() : 0);
    // With an encoder, its layers can be tuned and the own language model's pretraining is unused.
    m_encoderLayers->setEnabled(usable);
    if (auto *label = m_form->labelForField(m_encoderLayers))
        label->setEnabled(usable);
    const bool own = text && folder.isEmpty();
    m_pretrainEpochs->setEnabled(own);
    if (auto *label = m_form->labelForField(m_pretrainEpochs))
        label->setEnabled(own);
}

void TrainingPanel::setProject(engine::Project *project) {
    m_project = project;
    m_datasetId = -1;
    m_datasetLabel->setText(tr("Choose a dataset in the Datasets dock."));
    m_start->setEnabled(false);
    if (m_project)
        engine::RunStore(*m_project).markInterrupted();
    refreshRuns();
}

void TrainingPanel::setDataset(qint64 datasetId, const QString &name, qint64 users, qint64 interactions) {
    m_datasetId = datasetId;
    m_datasetName = name;
    const QLocale loc;
    m_datasetLabel->setText(tr("Dataset: <b>%1</b> (%2 users, %3 interactions)")
                                .arg(name.toHtmlEscaped(), loc.toString(users), loc.toString(interactions)));
    m_start->setEnabled(datasetId >= 0);
    updateEmptyState();
    // Nothing training: the dataset's latest run shows its curves rather than empty axes.
    if (!currentJob() && m_project && datasetId >= 0) {
        std::int64_t latest = 0;
        for (const auto &r : engine::RunStore(*m_project).runs())
            if (r.datasetId == datasetId)
                latest = std::max(latest, r.id);
        if (latest > 0)
            showRun(latest);
    }
    // A history window that covers most users: about twice the mean length, within 10..200.
    if (users > 0)
        m_maxlen->setValue(static_cast<int>(std::clamp<qint64>(2 * interactions / users, 10, 200)));
}

engine::TrainConfig TrainingPanel::formConfig() const {
    const std::string model = m_model->currentData().toString().toStdString();
    // Start from the loaded run's settings, so those the form does not show survive a duplicate.
    std::map<std::string, std::string> v = model == m_loadedModel ? m_loadedSettings : std::map<std::string, std::string>{};
    const auto &info = engine::modelInfo(model);
    const bool dp = m_dpBox->isEnabled() && m_dpBox->isChecked();
    for (const auto &[key, wdg] : m_fields) {
        const auto &st = setting(key);
        if (st.group == engine::TrainSetting::Group::Privacy ? dp : st.appliesTo(info))
            v[std::string(key)] = fieldValue(wdg);
    }
    v["init_from"] = std::to_string(std::max<qint64>(0, m_initFrom->currentData().toLongLong()));
    if (!dp)
        v["dp"] = "none";
    return engine::TrainConfig::parse(model, v);
}

void TrainingPanel::loadConfig(const engine::TrainConfig &c) {
    m_loadedModel = c.modelKey();
    m_loadedSettings = c.settings();
    {
        const QSignalBlocker block(m_model); // loading is not a model change
        m_model->setCurrentIndex(std::max(0, m_model->findData(QString::fromStdString(c.modelKey()))));
    }
    const auto values = c.settings();
    for (const auto &[key, wdg] : m_fields)
        if (const auto it = values.find(std::string(key)); it != values.end() && !(key == "dp" && c.dp == engine::DpMode::None))
            setFieldValue(wdg, it->second);
    m_initFrom->setCurrentIndex(std::max(0, m_initFrom->findData(QVariant::fromValue<qint64>(c.initFrom))));
    m_dpBox->setChecked(c.dp != engine::DpMode::None);
    if (c.dp == engine::DpMode::None)
        m_dpNoise->setValue(1.0);
    updateEncoderInfo();
}

bool TrainingPanel::enqueue() {
    if (!m_project || m_datasetId < 0)
        return false;
    engine::TrainConfig config;
    try {
        config = formConfig();
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("New run"), QString::fromStdString(e.message()));
        return false;
    }
    QString name = m_name->text().trimmed();
    if (name.isEmpty())
        name = tr("%1 on %2").arg(m_model->currentData().toString(), m_datasetName);
    auto job = std::make_unique<TrainingJob>(QString::fromStdString(m_project->path()), m_datasetId, config, name);
    m_queueView->addItem(tr("%1 (queued)").arg(name));
    Q_EMIT jobCreated(job.get());
    m_queue.add(std::move(job));
    startNext();
    return true;
}

engine::SweepRequest TrainingPanel::sweepBase() const {
    engine::SweepRequest r;
    const auto c = formConfig(); // throws for impossible settings
    r.model = c.modelKey();
    r.fixed = c.settings();
    r.name = m_name->text().trimmed().isEmpty() ? tr("%1 sweep on %2").arg(QString::fromStdString(r.model), m_datasetName).toStdString()
                                                : m_name->text().trimmed().toStdString();
    return r;
}

void TrainingPanel::openSweepDialog() {
    if (!m_project || m_datasetId < 0)
        return;
    engine::SweepRequest base;
    try {
        base = sweepBase();
    } catch (const engine::EngineError &e) {
        QMessageBox::warning(this, tr("Sweep"), QString::fromStdString(e.message()));
        return;
    }
    SweepDialog dialog(base, this);
    if (dialog.exec() == QDialog::Accepted && dialog.isValid())
        startSweep(dialog.request());
}

EngineJob *TrainingPanel::startSweep(const engine::SweepRequest &request) {
    if (!m_project || m_datasetId < 0 || (m_sweepJob && m_sweepJob->isRunning()))
        return nullptr;
    const std::string path = m_project->path();
    const qint64 dataset = m_datasetId;
    auto best = std::make_shared<qint64>(0);
    const QString title = tr("Sweep %1").arg(QString::fromStdString(request.name));
    m_sweepJob = std::make_unique<EngineJob>(title, [path, dataset, request, best](engine::Progress &progress) -> QString {
        auto project = engine::Project::open(path);
        const auto r = engine::runSweep(*project, dataset, request, progress);
        if (r.status == "cancelled")
            throw engine::EngineError(engine::ErrorKind::Cancelled, "cancelled");
        if (r.best < 0)
            return tr("No trial finished.");
        const auto &b = r.trials[static_cast<std::size_t>(r.best)];
        *best = b.runId;
        return tr("%n trial(s); the best is trial %1 (validation NDCG@10 %2). See Compare ▸ Sweeps.", nullptr, static_cast<int>(r.trials.size()))
            .arg(b.index)
            .arg(QLocale().toString(b.validNdcg10, 'f', 4));
    });
    connect(m_sweepJob.get(), &EngineJob::finished, this, [this, title, best, job = m_sweepJob.get()] {
        m_runTitle->setText(title);
        m_runStatus->setText(job->state() == EngineJob::State::Succeeded ? job->resultText()
                             : job->state() == EngineJob::State::Cancelled ? tr("Sweep cancelled; the trials that ended are kept.")
                                                                           : job->errorText());
        refreshRuns();
        Q_EMIT runFinished(*best);
    });
    m_runTitle->setText(title);
    m_runStatus->setText(tr("Working…"));
    Q_EMIT jobCreated(m_sweepJob.get());
    m_sweepJob->start();
    return m_sweepJob.get();
}

QString TrainingPanel::statusText() const { return m_runTitle->text() + QLatin1Char('\n') + m_runStatus->text(); }

int TrainingPanel::runningCount() const { return static_cast<int>(m_running.size()); }

TrainingJob *TrainingPanel::currentJob() const { return m_watched && m_watched->isRunning() ? m_watched : nullptr; }

void TrainingPanel::startNext() {
    m_queue.setSlots(m_parallel->value());
    for (auto &job : m_queue.takeStartable()) {
        delete m_queueView->takeItem(0);
        TrainingJob *j = job.get();
        connect(j, &EngineJob::progressChanged, this, [this, j] {
            if (j == m_watched)
                updateMonitor();
        });
        connect(j, &EngineJob::pausedChanged, this, &TrainingPanel::updateMonitor);
        connect(j, &TrainingJob::epochFinished, this, [this, j] {
            if (j != m_watched)
                return;
            std::vector<TrainingCurvesChart::Point> points;
            const bool ratings = j->config().info().ratings; // best by validation MSE, as the engine picks it
            double best = -std::numeric_limits<double>::infinity();
            int bestEpoch = 0;
            for (const auto &e : j->epochs()) {
                points.push_back({static_cast<int>(e.epoch), e.trainLoss, e.validLoss.value_or(0), e.validNdcg10});
                const double criterion = ratings ? -e.validLoss.value_or(std::numeric_limits<double>::infinity()) : e.validNdcg10;
                if (criterion > best) {
                    best = criterion;
                    bestEpoch = static_cast<int>(e.epoch);
                }
            }
            m_curves->setCurves(points, bestEpoch, sameScaleLosses(j->config()));
            showPrivacyBudget(j->config(), j->epochs().back().epsilon);
            refreshRuns();
            updateMonitor();
        });
        connect(j, &EngineJob::finished, this, [this, j] { onJobFinished(j); });
        m_running.push_back(std::move(job));
        m_watched = j;
        m_watchedClock.start();
        m_curves->clear();
        showPrivacyBudget(j->config(), std::nullopt);
        j->start();
        refreshRuns(); // the run appears as running once the worker has created it
    }
    updateMonitor();
}

void TrainingPanel::onJobFinished(TrainingJob *job) {
    // The job is deleted once control returns to the event loop: its finished() is still being
    // delivered to other receivers (the status bar) right now.
    for (auto it = m_running.begin(); it != m_running.end(); ++it)
        if (it->get() == job) {
            it->release()->deleteLater();
            m_running.erase(it);
            m_queue.finished();
            break;
        }
    refreshRuns();
    const qint64 runId = job->result().runId;
    if (job == m_watched) {
        m_watched = m_running.empty() ? nullptr : m_running.back().get();
        if (!m_watched && runId > 0)
            showRun(runId);
    }
    if (job->state() == EngineJob::State::Failed && runId <= 0) {
        // Refused before a run existed (impossible settings, not enough memory): say why.
        m_runTitle->setText(tr("Could not start %1").arg(job->runName()));
        m_runStatus->setText(job->errorText());
    }
    Q_EMIT runFinished(runId);
    startNext();
}

void TrainingPanel::updateMonitor() {
    updateEmptyState();
    m_queueView->setVisible(m_queueView->count() > 0);
    TrainingJob *j = currentJob();
    m_pause->setEnabled(j != nullptr);
    m_cancel->setEnabled(j != nullptr);
    m_pause->setText(j && j->isPaused() ? tr("Resume") : tr("Pause"));
    if (!j) {
        m_progress->setValue(0);
        m_progress->setEnabled(false);
        if (m_runTitle->text().isEmpty())
            m_runTitle->setText(tr("No run is training"));
        m_runStatus->setText(m_queue.waitingCount() == 0 ? tr("Set up a run on the left and add it to the queue.")
                                             : tr("%n run(s) waiting.", "", m_queue.waitingCount()));
        return;
    }
    m_progress->setEnabled(true);
    m_runTitle->setText(tr("Training %1").arg(j->runName()));
    const double f = j->progress();
    m_progress->setValue(static_cast<int>(f * 1000));
    QStringList parts;
    parts << j->stage();
    if (!j->epochs().empty())
        parts << tr("%1 sequences/s").arg(QLocale().toString(j->epochs().back().sequencesPerSecond, 'f', 0));
    const double elapsed = m_watchedClock.elapsed() / 1000.0;
    if (f > 0.02 && f < 1)
        parts << tr("about %1 left").arg(duration(elapsed * (1 - f) / f));
    if (j->isPaused())
        parts << tr("paused");
    if (m_queue.waitingCount() > 0)
        parts << tr("%n waiting", "", m_queue.waitingCount());
    m_runStatus->setText(parts.join(QStringLiteral(" · ")));
}

bool TrainingPanel::trainModels(const QStringList &models) {
    for (const QString &model : models) {
        const int row = m_model->findData(model);
        if (row < 0)
            return false;
        m_model->setCurrentIndex(row);
        if (!enqueue())
            return false;
    }
    return true;
}

int TrainingPanel::pendingCount() const { return queuedCount() + runningCount(); }

void TrainingPanel::updateEmptyState() {
    if (!m_curvesStack)
        return;
    // Guidance only while the dataset has no run at all and none is on its way.
    bool none = m_project && m_datasetId >= 0 && pendingCount() == 0;
    if (none)
        for (const auto &r : engine::RunStore(*m_project).runs())
            if (r.datasetId == m_datasetId) {
                none = false;
                break;
            }
    if (!none) {
        m_curvesStack->showContent();
    } else if (!m_curvesStack->isShowingEmpty()) {
        m_curvesStack->showEmpty(tr("No run on this dataset yet"),
                                 tr("Set a run up on the left and add it to the queue, or begin with SASRec, the usual "
                                    "baseline for next-item recommendation: its training and validation curves appear "
                                    "here epoch by epoch."),
                                 tr("Train a SASRec on This Dataset"));
    }
    Q_EMIT activityChanged();
}

void TrainingPanel::refreshRuns() {
    if (!m_project) {
        m_runs->setRuns({}, {});
        return;
    }
    QHash<qint64, QString> names;
    for (const auto &d : m_project->datasets())
        names.insert(d.id, QString::fromStdString(d.name));
    const auto runs = engine::RunStore(*m_project).runs();
    QHash<qint64, engine::RunProfile> profiles;
    for (const auto &r : runs)
        if (auto p = engine::storedProfile(*m_project, r.id))
            profiles.insert(r.id, *p);
    // Finished runs of trainable models can seed a new run.
    const qint64 chosen = m_initFrom->currentData().toLongLong();
    m_initFrom->clear();
    m_initFrom->addItem(tr("scratch (random weights)"), QVariant::fromValue<qint64>(0));
    for (const auto &r : runs)
        if (r.status == engine::RunStatus::Finished && engine::modelInfo(r.model).trained)
            m_initFrom->addItem(tr("run %1: %2").arg(r.id).arg(QString::fromStdString(r.name)), QVariant::fromValue<qint64>(r.id));
    m_initFrom->setCurrentIndex(std::max(0, m_initFrom->findData(QVariant::fromValue<qint64>(chosen))));
    // The selected run stays selected (quietly: the monitor keeps what it shows).
    const QModelIndex current = m_runsView->currentIndex();
    const qint64 selected = current.isValid() ? current.data(RunsTableModel::RunIdRole).toLongLong() : 0;
    m_runs->setRuns(runs, names, profiles);
    if (const int row = m_runs->rowOfRun(selected); selected > 0 && row >= 0) {
        const QSignalBlocker block(m_runsView->selectionModel());
        const QModelIndex at = m_runsProxy->mapFromSource(m_runs->index(row, 0));
        m_runsView->selectionModel()->setCurrentIndex(at, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    m_runsView->resizeColumnsToContents();
}

void TrainingPanel::showRun(qint64 runId) {
    if (!m_project)
        return;
    engine::RunStore store(*m_project);
    const auto run = store.run(runId);
    if (!run)
        return;
    std::vector<TrainingCurvesChart::Point> points;
    for (const auto &e : store.epochs(runId))
        points.push_back({static_cast<int>(e.epoch), e.trainLoss, e.validLoss.value_or(0), e.validNdcg10});
    bool comparable = true;
    try {
        const auto config = engine::TrainConfig::fromJson(run->configJson);
        comparable = sameScaleLosses(config);
        const auto curve = store.epochs(runId);
        showPrivacyBudget(config, curve.empty() ? std::nullopt : curve.back().epsilon);
    } catch (const engine::EngineError &) {
    }
    m_curves->setCurves(points, static_cast<int>(run->bestEpoch.value_or(0)), comparable);
    m_runTitle->setText(tr("Run %1: %2").arg(QString::fromStdString(run->name), RunsTableModel::statusText(run->status)));
    if (!run->message.empty() && run->status != engine::RunStatus::Running)
        m_runStatus->setText(QString::fromStdString(run->message));
}

EngineJob *TrainingPanel::startLabJob(LabTask task, const QString &target) {
    const QModelIndex i = m_runsView->currentIndex();
    if (!i.isValid() || !m_project || (m_labJob && m_labJob->isRunning()))
        return nullptr;
    const qint64 id = i.data(RunsTableModel::RunIdRole).toLongLong();
    const QString name = QString::fromStdString(m_runs->runAt(m_runs->rowOfRun(id))->name);
    const std::string path = m_project->path();
    QString title;
    switch (task) {
    case LabTask::Profile: title = tr("Measuring the cost of %1").arg(name); break;
    case LabTask::Quantize: title = tr("Int8 copy of %1").arg(name); break;
    case LabTask::PruneWeights: title = tr("Pruning 50% of the weights of %1").arg(name); break;
    case LabTask::PruneHeads: title = tr("Pruning 50% of the heads of %1").arg(name); break;
    case LabTask::Audit: title = tr("Privacy audit of %1").arg(name); break;
    case LabTask::ExportRecommendations: title = tr("Exporting the recommendations of %1").arg(name); break;
    case LabTask::ExportEmbeddings: title = tr("Exporting the vectors of %1").arg(name); break;
    case LabTask::ExportModel: title = tr("Writing %1 as TorchScript").arg(name); break;
    }
    m_labJob = std::make_unique<EngineJob>(title, [path, id, task, target = target.toStdString()](engine::Progress &progress) -> QString {
        auto project = engine::Project::open(path);
        const QLocale loc;
        switch (task) {
        case LabTask::Profile: {
            const auto p = engine::profileRun(*project, id, progress);
            return tr("%1 parameters, %2; latency p50 %3 ms, p95 %4 ms; %5 users/s")
                .arg(loc.toString(static_cast<qlonglong>(p.parameters)),
                     loc.formattedDataSize(p.checkpointBytes, 2, QLocale::DataSizeSIFormat), loc.toString(p.latencyP50Ms, 'f', 2),
                     loc.toString(p.latencyP95Ms, 'f', 2), loc.toString(p.usersPerSecond, 'f', 0));
        }
        case LabTask::Quantize:
        case LabTask::PruneWeights:
        case LabTask::PruneHeads: {
            const auto made = task == LabTask::Quantize ? engine::quantizeRun(*project, id, progress)
                                                        : engine::pruneRun(*project, id, 0.5, task == LabTask::PruneHeads, progress);
            const auto run = engine::RunStore(*project).run(made);
            return tr("New run %1: compare it with its parent in the Compare tab").arg(QString::fromStdString(run->name));
        }
        case LabTask::Audit: {
            const auto a = engine::auditMembership(*project, id, progress);
            return tr("Membership-inference AUC %1 (0.5: the attack cannot tell; 1: it always can). Mean loss %2 for "
                      "%3 trained users, %4 for %5 held out.")
                .arg(loc.toString(a.auc, 'f', 3), loc.toString(a.memberLoss, 'f', 3), loc.toString(static_cast<qlonglong>(a.members)),
                     loc.toString(a.nonMemberLoss, 'f', 3), loc.toString(static_cast<qlonglong>(a.nonMembers)));
        }
        case LabTask::ExportRecommendations: {
            const auto r = engine::exportRecommendations(*project, id, target, kExportedPerUser, progress);
            return tr("%1 recommendations for %2 users written to %3")
                .arg(loc.toString(static_cast<qlonglong>(r.rows)), loc.toString(static_cast<qlonglong>(r.users)), QString::fromStdString(target));
        }
        case LabTask::ExportModel: {
            engine::exportModel(*project, id, target, progress);
            return tr("Written to %1: load it with torch.jit.load and call recommend(history, k)").arg(QString::fromStdString(target));
        }
        case LabTask::ExportEmbeddings: {
            const auto r = engine::exportEmbeddings(*project, id, target, progress);
            return tr("%1 item and %2 user vectors of %3 numbers written to %4 (open it in TensorBoard's projector)")
                .arg(loc.toString(static_cast<qlonglong>(r.items)), loc.toString(static_cast<qlonglong>(r.users)),
                     loc.toString(static_cast<qlonglong>(r.dim)), QString::fromStdString(target));
        }
        }
        return {};
    });
    connect(m_labJob.get(), &EngineJob::finished, this, [this, title, job = m_labJob.get()] {
        m_runTitle->setText(title);
        m_runStatus->setText(job->state() == EngineJob::State::Succeeded ? job->resultText()
                             : job->state() == EngineJob::State::Cancelled ? tr("Cancelled.") : job->errorText());
        refreshRuns();
    });
    m_runTitle->setText(title);
    m_runStatus->setText(tr("Working…"));
    Q_EMIT jobCreated(m_labJob.get());
    m_labJob->start();
    return m_labJob.get();
}

void TrainingPanel::renameRun() {
    const QModelIndex i = m_runsView->currentIndex();
    if (!i.isValid() || !m_project)
        return;
    const qint64 id = i.data(RunsTableModel::RunIdRole).toLongLong();
    const auto *run = m_runs->runAt(m_runs->rowOfRun(id));
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename Run"), tr("New name:"), QLineEdit::Normal,
                                               QString::fromStdString(run->name), &ok).trimmed();
    if (!ok || name.isEmpty())
        return;
    engine::RunStore(*m_project).rename(id, name.toStdString());
    refreshRuns();
}

void TrainingPanel::duplicateRun() {
    const QModelIndex i = m_runsView->currentIndex();
    if (!i.isValid())
        return;
    const auto *run = m_runs->runAt(m_runs->rowOfRun(i.data(RunsTableModel::RunIdRole).toLongLong()));
    try {
        loadConfig(engine::TrainConfig::fromJson(run->configJson));
    } catch (const std::exception &) {
        return;
    }
    m_name->setText(tr("%1 (copy)").arg(QString::fromStdString(run->name)));
    m_name->setFocus();
}

bool TrainingPanel::resumeRun() {
    const QModelIndex i = m_runsView->currentIndex();
    if (!i.isValid() || !m_project)
        return false;
    const auto *run = m_runs->runAt(m_runs->rowOfRun(i.data(RunsTableModel::RunIdRole).toLongLong()));
    if (!run || !engine::isResumable(run->status))
        return false;
    std::unique_ptr<TrainingJob> job(TrainingJob::continueRun(QString::fromStdString(m_project->path()), *run));
    m_queueView->addItem(tr("%1 (queued)").arg(job->runName()));
    Q_EMIT jobCreated(job.get());
    m_queue.add(std::move(job));
    startNext();
    return true;
}

void TrainingPanel::deleteRun() {
    const QModelIndex i = m_runsView->currentIndex();
    if (!i.isValid() || !m_project)
        return;
    const qint64 id = i.data(RunsTableModel::RunIdRole).toLongLong();
    const auto *run = m_runs->runAt(m_runs->rowOfRun(id));
    if (run->status == engine::RunStatus::Running) {
        QMessageBox::information(this, tr("Delete Run"), tr("Cancel the run before deleting it."));
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Delete Run"),
        tr("Delete run '%1'?\n\nIts configuration, %2 epoch(s) of curves and its checkpoints are removed from the project file.")
            .arg(QString::fromStdString(run->name)).arg(run->epochsDone),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    engine::RunStore(*m_project).remove(id);
    m_curves->clear();
    refreshRuns();
}

} // namespace recscope
