// SPDX-License-Identifier: GPL-3.0-or-later
// ImportWizard.
#include "widgets/datasets/importwizard.h"

#include "engine/core/errors.h"
#include "engine/core/keyring.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "widgets/common/enginejob.h"
#include "widgets/common/stringtablemodel.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <functional>

namespace recscope {

namespace {

// A page whose completeness is decided by the wizard.
class Page : public QWizardPage {
public:
    using QWizardPage::QWizardPage;
    std::function<bool()> complete;
    bool isComplete() const override { return complete ? complete() : QWizardPage::isComplete(); }
    void changed() { Q_EMIT completeChanged(); }
};

struct FormatInfo {
    const char *id;
    const char *label;
    const char *help;
    bool folder;
};

const FormatInfo kFormats[] = {
    {"movielens-100k", QT_TRANSLATE_NOOP("recscope::ImportWizard", "MovieLens 100K folder"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "The ml-100k folder: u.data (ratings), u.item (titles and genres, latin-1) and u.user."), true},
    {"movielens-1m", QT_TRANSLATE_NOOP("recscope::ImportWizard", "MovieLens 1M folder"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "The ml-1m folder: ratings.dat, movies.dat and users.dat, '::'-separated."), true},
    {"sasrec", QT_TRANSLATE_NOOP("recscope::ImportWizard", "SASRec sequence file"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "One 'user item' pair per line, each user's lines in time order; optionally an item table with item_id, title and genres columns."), false},
    {"recbole", QT_TRANSLATE_NOOP("recscope::ImportWizard", "RecBole atomic files"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "A .inter file (or its folder) with name:type headers; .item and .user files beside it are read too."), false},
    {"amazon-jsonl", QT_TRANSLATE_NOOP("recscope::ImportWizard", "Amazon reviews (JSON lines)"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "Reviews with reviewerID, asin, overall and unixReviewTime; optionally a metadata file with title, categories and description."), false},
    {"csv", QT_TRANSLATE_NOOP("recscope::ImportWizard", "CSV or TSV file"),
     QT_TRANSLATE_NOOP("recscope::ImportWizard", "Any delimited file. The delimiter, quoting, encoding and header are detected; map the columns on the next page."), false},
};

const char *const kRoles[] = {"user", "item", "rating", "time", "order"};

QTableView *makePreviewTable(QAbstractItemModel *model, QWidget *parent) {
    auto *v = new QTableView(parent);
    v->setModel(model);
    v->verticalHeader()->hide();
    v->setAlternatingRowColors(true);
    v->horizontalHeader()->setStretchLastSection(true);
    v->setEditTriggers(QAbstractItemView::NoEditTriggers);
    return v;
}

QStringList toQStringList(const std::vector<std::string> &v) {
    QStringList out;
    for (const auto &s : v)
        out << QString::fromStdString(s);
    return out;
}

} // namespace

ImportWizard::ImportWizard(QString projectPath, QWidget *parent) : QWizard(parent), m_projectPath(std::move(projectPath)) {
    setWindowTitle(tr("Import Dataset"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    setPage(SourcePageId, buildSourcePage());
    setPage(PreviewPageId, buildPreviewPage());
    setPage(OptionsPageId, buildOptionsPage());
    setPage(RunPageId, buildRunPage());
    resize(860, 620);
}

ImportWizard::~ImportWizard() = default;

QWizardPage *ImportWizard::buildSourcePage() {
    auto *page = new Page(this);
    page->setTitle(tr("Choose the data"));
    page->setSubTitle(tr("Pick the format and the files. Nothing is written until the last page."));
    auto *form = new QFormLayout(page);
    m_format = new QComboBox(page);
    for (const auto &f : kFormats)
        m_format->addItem(tr(f.label), QString::fromLatin1(f.id));
    m_format->setAccessibleName(tr("Format"));
    form->addRow(tr("&Format:"), m_format);
    m_formatHelp = new QLabel(page);
    m_formatHelp->setWordWrap(true);
    m_formatHelp->setEnabled(false);
    form->addRow(QString(), m_formatHelp);

    auto pathRow = [&](QLineEdit *&edit, const QString &label, const QString &accessible, bool withFolder) {
        auto *row = new QHBoxLayout;
        edit = new QLineEdit(page);
        edit->setAccessibleName(accessible);
        edit->setClearButtonEnabled(true);
        row->addWidget(edit, 1);
        auto *file = new QPushButton(tr("File…"), page);
        row->addWidget(file);
        QLineEdit *target = edit;
        connect(file, &QPushButton::clicked, this, [this, target] {
            const QString f = QFileDialog::getOpenFileName(this, tr("Choose a file"), target->text());
            if (!f.isEmpty())
                target->setText(QDir::toNativeSeparators(f));
        });
        if (withFolder) {
            m_browseFolder = new QPushButton(tr("Folder…"), page);
            row->addWidget(m_browseFolder);
            connect(m_browseFolder, &QPushButton::clicked, this, [this, target] {
                const QString d = QFileDialog::getExistingDirectory(this, tr("Choose the dataset folder"), target->text());
                if (!d.isEmpty())
                    target->setText(QDir::toNativeSeparators(d));
            });
        }
        form->addRow(label, row);
    };
    pathRow(m_path, tr("&Interactions:"), tr("Interactions file or folder"), true);
    pathRow(m_items, tr("I&tem table:"), tr("Item table (optional)"), false);
    pathRow(m_users, tr("&User table:"), tr("User table (optional)"), false);
    m_items->setPlaceholderText(tr("optional: titles, categories, descriptions"));
    m_users->setPlaceholderText(tr("optional: user attributes"));
    m_name = new QLineEdit(page);
    m_name->setPlaceholderText(tr("default: from the file name"));
    m_name->setAccessibleName(tr("Dataset name"));
    form->addRow(tr("&Name:"), m_name);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ImportWizard::updateFormatHelp);
    connect(m_path, &QLineEdit::textChanged, page, &Page::changed);
    page->complete = [this] { return !m_path->text().trimmed().isEmpty(); };
    updateFormatHelp();
    return page;
}

void ImportWizard::updateFormatHelp() {
    const int i = std::max(0, m_format->currentIndex());
    m_formatHelp->setText(tr(kFormats[i].help));
    const bool folderFormat = kFormats[i].folder;
    m_items->setEnabled(!folderFormat);
    m_users->setEnabled(!folderFormat);
    m_path->setPlaceholderText(folderFormat ? tr("the dataset's folder") : tr("the interactions file"));
}

QWizardPage *ImportWizard::buildPreviewPage() {
    auto *page = new Page(this);
    page->setTitle(tr("Check the preview"));
    page->setSubTitle(tr("The first rows as the importer reads them. For CSV files, say which column holds what."));
    auto *l = new QVBoxLayout(page);
    m_previewInfo = new QLabel(page);
    m_previewInfo->setWordWrap(true);
    l->addWidget(m_previewInfo);

    m_mappingPanel = new QGroupBox(tr("Column mapping"), page);
    auto *grid = new QHBoxLayout(m_mappingPanel);
    const QString names[] = {tr("User"), tr("Item"), tr("Rating"), tr("Time"), tr("Order")};
    for (int i = 0; i < 5; ++i) {
        auto *col = new QVBoxLayout;
        auto *label = new QLabel(names[i], m_mappingPanel);
        auto *box = new QComboBox(m_mappingPanel);
        box->setAccessibleName(tr("Column for %1").arg(names[i]));
        label->setBuddy(box);
        col->addWidget(label);
        col->addWidget(box);
        grid->addLayout(col);
        m_mapping.insert(QString::fromLatin1(kRoles[i]), box);
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_updatingMapping)
                refreshPreview();
        });
    }
    l->addWidget(m_mappingPanel);

    m_rawModel = new StringTableModel(this);
    m_parsedModel = new StringTableModel(this);
    m_rawView = makePreviewTable(m_rawModel, page);
    auto *rawLabel = new QLabel(tr("File as split into columns:"), page);
    l->addWidget(rawLabel);
    l->addWidget(m_rawView, 1);
    l->addWidget(new QLabel(tr("Interactions as they will be stored:"), page));
    l->addWidget(makePreviewTable(m_parsedModel, page), 1);
    connect(this, &QWizard::currentIdChanged, rawLabel, [this, rawLabel](int) { rawLabel->setVisible(m_rawView->isVisible()); });
    page->complete = [this] { return m_parsedModel->rowCount() > 0; };
    return page;
}

QComboBox *ImportWizard::mappingBox(const QString &role) const { return m_mapping.value(role); }

QWizardPage *ImportWizard::buildOptionsPage() {
    auto *page = new Page(this);
    page->setTitle(tr("Options"));
    page->setSubTitle(tr("Filters run in this order: minimum rating, duplicates, k-core."));
    auto *form = new QFormLayout(page);
    auto *ratingRow = new QHBoxLayout;
    m_useMinRating = new QCheckBox(tr("Keep only ratings of at least"), page);
    m_minRating = new QDoubleSpinBox(page);
    m_minRating->setRange(-100, 100);
    m_minRating->setDecimals(1);
    m_minRating->setValue(4.0);
    m_minRating->setEnabled(false);
    m_minRating->setAccessibleName(tr("Minimum rating"));
    connect(m_useMinRating, &QCheckBox::toggled, m_minRating, &QWidget::setEnabled);
    ratingRow->addWidget(m_useMinRating);
    ratingRow->addWidget(m_minRating);
    ratingRow->addStretch();
    form->addRow(tr("Implicit feedback:"), ratingRow);
    m_duplicates = new QComboBox(page);
    m_duplicates->addItem(tr("Keep all (repeat consumption is data)"), int(engine::DuplicatePolicy::KeepAll));
    m_duplicates->addItem(tr("Keep each user's first interaction with an item"), int(engine::DuplicatePolicy::KeepFirst));
    m_duplicates->addItem(tr("Keep each user's last interaction with an item"), int(engine::DuplicatePolicy::KeepLast));
    form->addRow(tr("Duplicates:"), m_duplicates);
    m_kcore = new QSpinBox(page);
    m_kcore->setRange(0, 1000);
    m_kcore->setSpecialValueText(tr("off"));
    m_kcore->setToolTip(tr("Repeatedly drop users and items with fewer than k interactions."));
    form->addRow(tr("k-core filter:"), m_kcore);
    m_pseudonymize = new QCheckBox(tr("Pseudonymize user ids (store a keyed HMAC-SHA256, never the raw id)"), page);
    form->addRow(tr("Privacy:"), m_pseudonymize);
    // The key is never stored in the project: whoever has the file must not be able to re-identify anyone.
    m_keyKind = new QComboBox(page);
    m_keyKind->addItem(tr("Irreversible: a random key, used once and wiped"), int(engine::PseudonymKeySource::Kind::Irreversible));
    m_keyKind->addItem(tr("Keyed: the key lives in a key file you keep"), int(engine::PseudonymKeySource::Kind::KeyFile));
    m_keyKind->addItem(tr("Keyed: the key is derived from a passphrase"), int(engine::PseudonymKeySource::Kind::Passphrase));
    if (!engine::keyring::backendName().empty())
        m_keyKind->addItem(tr("Keyed: the key lives in the system keyring (%1)").arg(QString::fromStdString(engine::keyring::backendName())),
                           int(engine::PseudonymKeySource::Kind::Keyring));
    form->addRow(tr("Pseudonym key:"), m_keyKind);
    auto *keyRow = new QHBoxLayout;
    m_keyFile = new QLineEdit(page);
    m_keyFile->setPlaceholderText(tr("A key file (created when it does not exist)"));
    m_keyPassphrase = new QLineEdit(page);
    m_keyPassphrase->setEchoMode(QLineEdit::Password);
    m_keyPassphrase->setPlaceholderText(tr("The pseudonym passphrase"));
    m_keyringName = new QLineEdit(page);
    m_keyringName->setObjectName(QStringLiteral("keyringNameEdit"));
    m_keyringName->setPlaceholderText(tr("A name for the keyring entry (created when it does not exist)"));
    auto *browseKey = new QPushButton(tr("Browse…"), page);
    connect(browseKey, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Pseudonym Key File"), m_keyFile->text(),
                                                       tr("Key files (*.key);;All files (*)"), nullptr,
                                                       QFileDialog::DontConfirmOverwrite);
        if (!f.isEmpty())
            m_keyFile->setText(QDir::toNativeSeparators(f));
    });
    keyRow->addWidget(m_keyFile, 1);
    keyRow->addWidget(browseKey);
    keyRow->addWidget(m_keyPassphrase, 1);
    keyRow->addWidget(m_keyringName, 1);
    form->addRow(QString(), keyRow);
    m_keyHelp = new QLabel(page);
    m_keyHelp->setWordWrap(true);
    form->addRow(QString(), m_keyHelp);
    const auto updateKey = [this, browseKey] {
        const bool on = m_pseudonymize->isChecked();
        const auto kind = static_cast<engine::PseudonymKeySource::Kind>(m_keyKind->currentData().toInt());
        m_keyKind->setEnabled(on);
        m_keyFile->setVisible(on && kind == engine::PseudonymKeySource::Kind::KeyFile);
        browseKey->setVisible(on && kind == engine::PseudonymKeySource::Kind::KeyFile);
        m_keyPassphrase->setVisible(on && kind == engine::PseudonymKeySource::Kind::Passphrase);
        m_keyringName->setVisible(on && kind == engine::PseudonymKeySource::Kind::Keyring);
        QString help;
        if (on && kind == engine::PseudonymKeySource::Kind::Irreversible)
            help = tr("No one, you included, can link these ids back to the source, and no later import can give the "
                      "same people the same pseudonyms.");
        else if (on && kind == engine::PseudonymKeySource::Kind::KeyFile)
            help = tr("Imports with the same key file give the same people the same pseudonyms. Keep the file apart "
                      "from the project: whoever holds both can re-identify the users.");
        else if (on && kind == engine::PseudonymKeySource::Kind::Keyring)
            help = tr("Imports with the same keyring entry give the same people the same pseudonyms. The key stays "
                      "in your account's keyring, unlocked when you log in; it never enters the project.");
        else if (on)
            help = tr("Imports with the same passphrase give the same people the same pseudonyms. Choose a long one: "
                      "whoever has the project can try guesses.");
        m_keyHelp->setText(help);
        m_keyHelp->setVisible(!help.isEmpty());
    };
    connect(m_pseudonymize, &QCheckBox::toggled, this, updateKey);
    connect(m_keyKind, &QComboBox::currentIndexChanged, this, updateKey);
    updateKey();
    auto *errors = new QVBoxLayout;
    m_stop = new QRadioButton(tr("Stop at the first bad line and import nothing"), page);
    m_skip = new QRadioButton(tr("Skip bad lines and list them in the report"), page);
    m_stop->setChecked(true);
    errors->addWidget(m_stop);
    errors->addWidget(m_skip);
    form->addRow(tr("Bad lines:"), errors);
    return page;
}

QWizardPage *ImportWizard::buildRunPage() {
    auto *page = new Page(this);
    page->setTitle(tr("Import"));
    page->setSubTitle(tr("The import runs in the background and is stored in one step: cancelling leaves the project as it was."));
    auto *l = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_progress = new QProgressBar(page);
    m_progress->setRange(0, 1000);
    m_progress->setAccessibleName(tr("Import progress"));
    m_cancelImport = new QPushButton(tr("Cancel import"), page);
    row->addWidget(m_progress, 1);
    row->addWidget(m_cancelImport);
    l->addLayout(row);
    m_stage = new QLabel(page);
    l->addWidget(m_stage);
    m_result = new QLabel(page);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_result);
    m_skippedModel = new StringTableModel(this);
    m_skippedView = makePreviewTable(m_skippedModel, page);
    m_skippedView->setAccessibleName(tr("Skipped lines"));
    l->addWidget(m_skippedView, 10);
    l->addStretch(1);
    connect(m_cancelImport, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    page->complete = [this] { return m_done; };
    return page;
}

void ImportWizard::setSource(const QString &format, const QString &path) {
    const int i = m_format->findData(format);
    if (i >= 0)
        m_format->setCurrentIndex(i);
    m_path->setText(QDir::toNativeSeparators(path));
}

QString ImportWizard::guessFormat(const QString &path) {
    const QFileInfo fi(path);
    if (fi.isDir()) {
        const QDir d(path);
        if (d.exists(QStringLiteral("u.data")))
            return QStringLiteral("movielens-100k");
        if (d.exists(QStringLiteral("ratings.dat")))
            return QStringLiteral("movielens-1m");
        if (!d.entryList({QStringLiteral("*.inter")}, QDir::Files).isEmpty())
            return QStringLiteral("recbole");
        return {};
    }
    const QString suffix = fi.suffix().toLower();
    if (suffix == QLatin1String("inter"))
        return QStringLiteral("recbole");
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("json"))
        return QStringLiteral("amazon-jsonl");
    if (suffix == QLatin1String("txt"))
        return QStringLiteral("sasrec");
    return QStringLiteral("csv");
}

engine::ImportRequest ImportWizard::request() const {
    engine::ImportRequest r;
    r.format = m_format->currentData().toString().toStdString();
    r.path = QDir::fromNativeSeparators(m_path->text().trimmed()).toStdString();
    if (m_items->isEnabled())
        r.itemsPath = QDir::fromNativeSeparators(m_items->text().trimmed()).toStdString();
    if (m_users->isEnabled())
        r.usersPath = QDir::fromNativeSeparators(m_users->text().trimmed()).toStdString();
    r.name = m_name->text().trimmed().toStdString();
    if (r.format == "csv")
        for (auto it = m_mapping.begin(); it != m_mapping.end(); ++it)
            if (it.value()->currentIndex() > 0)
                r.mapping[it.key().toStdString()] = it.value()->currentText().toStdString();
    if (m_useMinRating->isChecked())
        r.minRating = m_minRating->value();
    r.kcore = m_kcore->value();
    r.duplicates = static_cast<engine::DuplicatePolicy>(m_duplicates->currentData().toInt());
    r.pseudonymize = m_pseudonymize->isChecked();
    r.pseudonymKey.kind = static_cast<engine::PseudonymKeySource::Kind>(m_keyKind->currentData().toInt());
    r.pseudonymKey.keyFile = QDir::fromNativeSeparators(m_keyFile->text().trimmed()).toStdString();
    r.pseudonymKey.passphrase = m_keyPassphrase->text().toStdString();
    r.pseudonymKey.keyringName = m_keyringName->text().trimmed().toStdString();
    r.onError = m_skip->isChecked() ? engine::ErrorPolicy::Skip : engine::ErrorPolicy::Stop;
    return r;
}

void ImportWizard::initializePage(int id) {
    if (id == PreviewPageId) {
        // A new source: forget the old mapping and let the importer detect it.
        m_updatingMapping = true;
        for (auto *box : m_mapping)
            box->clear();
        m_updatingMapping = false;
        refreshPreview();
    } else if (id == RunPageId) {
        startImport();
    }
    QWizard::initializePage(id);
}

void ImportWizard::refreshPreview() {
    const auto req = request();
    const bool csv = req.format == "csv";
    const auto p = engine::previewImport(req, 20);
    m_mappingPanel->setVisible(csv);
    m_rawView->setVisible(csv);
    if (csv) {
        m_rawModel->setTable(toQStringList(p.rawHeader), [&] {
            std::vector<QStringList> rows;
            for (const auto &r : p.rawRows)
                rows.push_back(toQStringList(r));
            return rows;
        }());
        // Offer the columns, selecting what the importer detected (or what the user chose).
        m_updatingMapping = true;
        for (auto it = m_mapping.begin(); it != m_mapping.end(); ++it) {
            QComboBox *box = it.value();
            const QString chosen = box->currentIndex() > 0 ? box->currentText() : QString();
            box->clear();
            box->addItem(tr("(none)"));
            box->addItems(toQStringList(p.rawHeader));
            QString want = chosen;
            if (want.isEmpty())
                if (auto d = p.detectedMapping.find(it.key().toStdString()); d != p.detectedMapping.end())
                    want = QString::fromStdString(d->second);
            const int idx = want.isEmpty() ? 0 : box->findText(want);
            box->setCurrentIndex(std::max(0, idx));
        }
        m_updatingMapping = false;
    }
    std::vector<QStringList> rows;
    for (const auto &r : p.parsedRows)
        rows.push_back(toQStringList(r));
    m_parsedModel->setTable({tr("User"), tr("Item"), tr("Rating"), tr("Time"), tr("Title")}, std::move(rows));
    if (!p.error.empty()) {
        m_previewInfo->setText(tr("<b>This cannot be imported as chosen:</b> %1").arg(QString::fromStdString(p.error).toHtmlEscaped()));
        m_previewInfo->setStyleSheet(QStringLiteral("color: #b00020"));
    } else {
        QString delim;
        if (csv)
            delim = p.delimiter == "\t" ? tr("tab") : QStringLiteral("'%1'").arg(QString::fromStdString(p.delimiter));
        m_previewInfo->setText(csv ? tr("Detected delimiter %1, %2.").arg(delim, p.hasHeader ? tr("with a header row") : tr("no header row"))
                                   : tr("The first %n interaction(s) read from the source.", "", static_cast<int>(p.parsedRows.size())));
        m_previewInfo->setStyleSheet(QString());
    }
    if (auto *pg = dynamic_cast<Page *>(page(PreviewPageId)))
        pg->changed();
}

bool ImportWizard::validateCurrentPage() {
    if (currentId() == SourcePageId) {
        const QString p = m_path->text().trimmed();
        if (!QFileInfo::exists(QDir::fromNativeSeparators(p))) {
            QMessageBox::warning(this, windowTitle(), tr("%1 does not exist.").arg(p));
            return false;
        }
        const QString name = m_name->text().trimmed();
        if (!name.isEmpty()) {
            try {
                auto project = engine::Project::openOrCreate(m_projectPath.toStdString());
                if (project->hasDatasetNamed(name.toStdString())) {
                    QMessageBox::warning(this, windowTitle(), tr("The project already has a dataset named '%1'.").arg(name));
                    return false;
                }
            } catch (const engine::EngineError &) {
            }
        }
    }
    if (currentId() == OptionsPageId && m_pseudonymize->isChecked()) {
        const auto kind = static_cast<engine::PseudonymKeySource::Kind>(m_keyKind->currentData().toInt());
        if (kind == engine::PseudonymKeySource::Kind::KeyFile && m_keyFile->text().trimmed().isEmpty()) {
            QMessageBox::warning(this, windowTitle(), tr("Choose the key file (a new one is created when it does not exist)."));
            return false;
        }
        if (kind == engine::PseudonymKeySource::Kind::Keyring && m_keyringName->text().trimmed().isEmpty()) {
            QMessageBox::warning(this, windowTitle(), tr("Name the keyring entry (a new one is created when it does not exist)."));
            return false;
        }
        if (kind == engine::PseudonymKeySource::Kind::Passphrase && m_keyPassphrase->text().size() < 8) {
            QMessageBox::warning(this, windowTitle(), tr("The pseudonym passphrase needs at least 8 characters."));
            return false;
        }
    }
    return QWizard::validateCurrentPage();
}

void ImportWizard::startImport() {
    m_done = false;
    m_importedId = -1;
    m_progress->setValue(0);
    m_result->clear();
    m_skippedModel->clear();
    m_skippedView->hide();
    m_cancelImport->setEnabled(true);
    const auto req = request();
    const std::string projectPath = m_projectPath.toStdString();
    m_report = std::make_shared<engine::ImportReport>();
    auto report = m_report;
    m_job = std::make_unique<EngineJob>(tr("Importing %1").arg(QFileInfo(m_path->text()).fileName()),
                                        [req, projectPath, report](engine::Progress &p) {
                                            auto project = engine::Project::openOrCreate(projectPath);
                                            *report = engine::importDataset(*project, req, p);
                                            return tr("%1 with %2 interactions")
                                                .arg(QString::fromStdString(report->name), QLocale().toString(report->interactions));
                                        });
    connect(m_job.get(), &EngineJob::progressChanged, this, [this](double f, const QString &stage) {
        m_progress->setValue(static_cast<int>(f * 1000));
        m_stage->setText(stage);
    });
    connect(m_job.get(), &EngineJob::finished, this, [this] {
        const QLocale loc;
        m_cancelImport->setEnabled(false);
        switch (m_job->state()) {
        case EngineJob::State::Succeeded: {
            const auto &r = *m_report;
            m_progress->setValue(1000);
            m_stage->setText(tr("Done in %1 s.").arg(loc.toString(r.seconds, 'f', 2)));
            QString text = tr("<b>Imported '%1':</b> %2 users, %3 items, %4 interactions.")
                               .arg(QString::fromStdString(r.name).toHtmlEscaped(), loc.toString(r.users), loc.toString(r.items),
                                    loc.toString(r.interactions));
            const auto &f = r.filtered;
            if (f.droppedByRating + f.droppedDuplicates + f.droppedByKcore > 0)
                text += QLatin1String("<br>") + tr("Filtered out: %1 below the minimum rating, %2 duplicates, %3 outside the k-core.")
                                                     .arg(loc.toString(f.droppedByRating), loc.toString(f.droppedDuplicates),
                                                          loc.toString(f.droppedByKcore));
            if (r.skippedCount > 0) {
                text += QLatin1String("<br>") + tr("%n bad line(s) were skipped:", "", static_cast<int>(r.skippedCount));
                std::vector<QStringList> rows;
                for (const auto &s : r.skipped)
                    rows.push_back({QFileInfo(QString::fromStdString(s.file)).fileName(), QString::number(s.line),
                                    QString::fromStdString(s.field), QString::fromStdString(s.message)});
                m_skippedModel->setTable({tr("File"), tr("Line"), tr("Field"), tr("Problem")}, std::move(rows));
                m_skippedView->show();
            }
            m_result->setText(text);
            m_importedId = r.datasetId;
            Q_EMIT datasetImported(r.datasetId);
            break;
        }
        case EngineJob::State::Cancelled:
            m_stage->setText(tr("Cancelled. Nothing was stored."));
            break;
        default:
            m_stage->setText(tr("The import failed. Nothing was stored."));
            m_result->setText(QStringLiteral("<span style='color:#b00020'>%1</span>").arg(m_job->errorText().toHtmlEscaped()));
            break;
        }
        m_done = true;
        if (auto *pg = dynamic_cast<Page *>(page(RunPageId)))
            pg->changed();
        button(QWizard::CancelButton)->setEnabled(false);
    });
    Q_EMIT jobCreated(m_job.get());
    button(QWizard::CancelButton)->setEnabled(true);
    m_job->start();
}

void ImportWizard::reject() {
    if (m_job && m_job->isRunning()) {
        m_job->cancel();
        return; // the finished handler reports the cancel; the user closes the wizard then
    }
    QWizard::reject();
}

} // namespace recscope
