// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/settings/modelinfo.h"

#include "engine/core/errors.h"

#include <string>

namespace recscope::engine {

const std::vector<ModelInfo> &allModels() {
    //                                 key        name            trained transformer bidir  text   byUser vectors ratings
    static const std::vector<ModelInfo> models = {
        {ModelKind::Popularity, "pop", "Popularity", false, false, false, false, false, false, false},
        {ModelKind::ItemKnn, "itemknn", "Item-kNN", false, false, false, false, false, false, false},
        {ModelKind::BprMf, "bprmf", "BPR-MF", true, false, false, false, true, true, false},
        {ModelKind::BiasedMf, "biasedmf", "Biased MF (ratings)", true, false, false, false, true, true, true},
        {ModelKind::SasRec, "sasrec", "SASRec", true, true, false, false, false, true, false},
        {ModelKind::Bert4Rec, "bert4rec", "BERT4Rec", true, true, true, false, false, true, false},
        {ModelKind::TextRec, "textrec", "Text-aware transformer", true, true, false, true, false, true, false},
    };
    return models;
}

const ModelInfo &modelInfo(ModelKind kind) {
    for (const auto &m : allModels())
        if (m.kind == kind)
            return m;
    throw EngineError(ErrorKind::Usage, "unknown model kind");
}

const ModelInfo *findModel(std::string_view key) {
    for (const auto &m : allModels())
        if (m.key == key)
            return &m;
    return nullptr;
}

const ModelInfo &modelInfo(std::string_view key) {
    if (const auto *m = findModel(key))
        return *m;
    throw EngineError(ErrorKind::Usage, "unknown model '" + std::string(key) + "' (available: " + enumNameList<ModelKind>() + ")");
}

} // namespace recscope::engine
