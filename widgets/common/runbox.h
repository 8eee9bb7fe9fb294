// SPDX-License-Identifier: GPL-3.0-or-later
// The finished runs of a dataset in a combo box, for the screens that read a run (Explain,
// Review, Diagnostics).
#pragma once

#include <QtGlobal>

class QComboBox;

namespace recscope {
namespace engine {
class Project;
}

// "name (model)" with the run id as data; keeps the chosen run where it is still there.
void fillFinishedRuns(QComboBox *box, engine::Project *project, qint64 datasetId);

} // namespace recscope
