// SPDX-License-Identifier: GPL-3.0-or-later
// The Train tab's form for a new run, generated from the engine's settings table: one page per
// setting group, one field per setting (a spin box, a list of choices or a folder), shown for the
// models that read it; the models come from the registry, the words from settingtexts.
#pragma once

#include "engine/settings/trainconfig.h"
#include "engine/store/runstore.h"

#include <QWidget>

#include <map>
#include <string>
#include <string_view>
#include <vector>

class QComboBox;
class QSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QTabWidget;
class QToolButton;

namespace recscope {

class TrainingForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainingForm(QWidget *parent = nullptr);

    // The form as a configuration; throws EngineError(Usage) on an impossible combination.
    engine::TrainConfig config() const;
    // Shows a run's settings (a duplicate); settings the chosen model does not read are kept
    // and given back by config().
    void loadConfig(const engine::TrainConfig &config);

    QString modelKey() const;
    // Chooses a model (its registry key) with its own defaults; false for an unknown key.
    bool setModel(const QString &key);
    QString runName() const;
    // Processes on this machine that train the run together (data parallel); 1 for one process.
    int processes() const;
    QSpinBox *processesBox() const { return m_processes; }
    // Names the next run and puts the cursor there.
    void setRunName(const QString &name);
    // Finished runs of trainable models that a new run can be fine-tuned from.
    void setFineTuningSources(const std::vector<engine::RunInfo> &runs);
    // Shows the page of a settings group.
    void showPage(engine::TrainSetting::Group group);

    // The field that edits a setting (a QSpinBox, QDoubleSpinBox, QComboBox or QLineEdit), or null.
    QWidget *field(std::string_view key) const;
    template <typename T>
    T *field(std::string_view key) const {
        return qobject_cast<T *>(field(key));
    }
    // Whether the field is on the form for the chosen model (its row and its page shown).
    bool showsField(std::string_view key) const;
    QComboBox *modelBox() const { return m_model; }
    QTabWidget *pages() const { return m_pages; }
    QLabel *encoderInfoLabel() const { return m_encoderInfo; }

Q_SIGNALS:
    void modelChanged();

private:
    struct Field {
        const engine::TrainSetting *setting;
        QWidget *editor; // what field() returns
        QWidget *row;    // what the form lays out (the editor, or a row around it)
        QFormLayout *form;
    };
    QWidget *buildField(const engine::TrainSetting &setting, QWidget *parent);
    void onModelChanged();
    // Shows the fields the model reads and enables those whose other settings allow them (a
    // split's own settings, DP's settings while DP is on, the encoder's layers with a usable encoder).
    void updateFields();
    // Describes the pretrained encoder folder typed or chosen, or what is wrong with it.
    void updateEncoderInfo();
    std::string value(std::string_view key) const;

    QComboBox *m_model;
    QTabWidget *m_pages;
    QLineEdit *m_name;
    QLabel *m_encoderInfo = nullptr;
    QSpinBox *m_processes = nullptr;
    QFormLayout *m_processesForm = nullptr;
    bool m_encoderUsable = false;
    std::vector<Field> m_fields;
    std::vector<std::pair<engine::TrainSetting::Group, QWidget *>> m_groupPages;
    std::string m_loadedModel;
    std::map<std::string, std::string> m_loadedSettings;
};

} // namespace recscope
