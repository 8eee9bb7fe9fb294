// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/common/runbox.h"

#include "engine/store/runstore.h"

#include <QComboBox>

#include <algorithm>

namespace recscope {

void fillFinishedRuns(QComboBox *box, engine::Project *project, qint64 datasetId) {
    const auto keep = box->currentData();
    box->clear();
    if (!project)
        return;
    for (const auto &r : engine::RunStore(*project).runs())
        if (r.datasetId == datasetId && r.status == engine::RunStatus::Finished)
            box->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(r.name), QString::fromStdString(r.model)), static_cast<qint64>(r.id));
    box->setCurrentIndex(std::max(0, box->findData(keep)));
}

} // namespace recscope
