// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/explain/explainsettings.h"

#include "widgets/common/runbox.h"

#include "engine/store/project.h"
#include "engine/store/runstore.h"

#include <QComboBox>
#include <QSpinBox>

namespace recscope {

QComboBox *ExplainSettings::methodBox(QWidget *parent) {
    auto *box = new QComboBox(parent);
    box->setAccessibleName(tr("Attribution method"));
    box->addItem(tr("Automatic (exact up to 14 items)"), QStringLiteral("auto"));
    box->addItem(tr("Exact Shapley values"), QStringLiteral("exact"));
    box->addItem(tr("KernelSHAP (sampled)"), QStringLiteral("kernelshap"));
    box->addItem(tr("Permutation sampling"), QStringLiteral("permutation"));
    return box;
}

QComboBox *ExplainSettings::maskingBox(QWidget *parent) {
    auto *box = new QComboBox(parent);
    box->setAccessibleName(tr("Masking"));
    box->addItem(tr("Take the item out"), QStringLiteral("remove"));
    box->addItem(tr("Leave a gap (padding)"), QStringLiteral("pad"));
    box->setCurrentIndex(box->findData(QString::fromStdString(engine::ExplainOptions{}.masking)));
    box->setToolTip(tr("How an item is left out of a coalition. Take it out: the older items move up a place and the "
                       "prediction is always read at the last position. Leave a gap: the others keep their positions and "
                       "the prediction is read after the newest item present, so the newest item is also credited for "
                       "moving where the prediction is read"));
    return box;
}

QComboBox *ExplainSettings::valueBox(QWidget *parent) {
    auto *box = new QComboBox(parent);
    box->setAccessibleName(tr("Explained value"));
    box->addItem(tr("Ranking: margin over the runner-up"), QStringLiteral("margin"));
    box->addItem(tr("Raw score (logit)"), QStringLiteral("logit"));
    box->addItem(tr("Probability (log softmax over the catalog)"), QStringLiteral("probability"));
    box->setToolTip(tr("What the attributions add up to. Ranking: the item's score minus the best other item's, so an item "
                       "that lifts every score alike gets no credit. Raw score: the model's score of this item alone. "
                       "Probability: the log of the item's share of the softmax over the whole catalog. Words of the "
                       "item's text always explain the raw score"));
    return box;
}

QSpinBox *ExplainSettings::windowBox(QWidget *parent) {
    auto *box = new QSpinBox(parent);
    box->setAccessibleName(tr("Newest items explained"));
    box->setRange(0, 1000);
    box->setSpecialValueText(tr("all the model reads"));
    box->setToolTip(tr("Explain only the newest N items of the history; the older ones stay in every coalition as context "
                       "(the base value then keeps them). Up to 14 items are explained exactly; the review explains the last 10"));
    return box;
}

void ExplainSettings::fillRuns(QComboBox *box, engine::Project *project, qint64 datasetId) { fillFinishedRuns(box, project, datasetId); }

void ExplainSettings::show(const engine::ExplainOptions &o, QComboBox *method, QComboBox *masking, QComboBox *value, QSpinBox *window) {
    auto pick = [](QComboBox *box, const std::string &name) {
        if (box && box->findData(QString::fromStdString(name)) >= 0)
            box->setCurrentIndex(box->findData(QString::fromStdString(name)));
    };
    pick(method, o.method);
    pick(masking, o.masking);
    pick(value, o.value == "auto" ? std::string("margin") : o.value);
    if (window)
        window->setValue(o.window);
}

} // namespace recscope
