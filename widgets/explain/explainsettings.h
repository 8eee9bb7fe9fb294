// SPDX-License-Identifier: GPL-3.0-or-later
// The explanation settings both the Explain and the Review tab offer (method, masking, what is
// explained, how many of the newest items), made once so that they read the same in both.
#pragma once

#include "engine/explain/explain.h"

#include <QCoreApplication>

class QComboBox;
class QSpinBox;
class QWidget;

namespace recscope {
namespace engine {
class Project;
}

class ExplainSettings {
    Q_DECLARE_TR_FUNCTIONS(recscope::ExplainSettings)
public:
    // Each combo box's data is the engine's name (auto, exact, ...; remove, pad; margin, ...).
    static QComboBox *methodBox(QWidget *parent);
    static QComboBox *maskingBox(QWidget *parent);
    static QComboBox *valueBox(QWidget *parent);
    // 0 ("every item") or the newest N items explained, the older ones kept as context.
    static QSpinBox *windowBox(QWidget *parent);
    // The finished runs of a dataset, "name (model)" with the run id as data; keeps the chosen one.
    static void fillRuns(QComboBox *box, engine::Project *project, qint64 datasetId);
    // Shows `options` in the boxes (any may be null).
    static void show(const engine::ExplainOptions &options, QComboBox *method, QComboBox *masking, QComboBox *value, QSpinBox *window);
};

} // namespace recscope
