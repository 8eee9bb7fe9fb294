// SPDX-License-Identifier: GPL-3.0-or-later
// What the Train form calls each training setting, its choices, its pages and the models, in
// the UI's language: one table keyed by the engine's setting keys (engine/settings/trainconfig.h),
// so that a new setting or model needs a line here and nothing in the form.
#pragma once

#include "engine/settings/trainconfig.h"

#include <QString>

#include <string_view>

namespace recscope::settingtexts {

// The field's label, with a mnemonic ("&Epochs"); the key itself for a setting not in the table.
QString label(std::string_view key);
// One or two sentences for the field's tooltip; empty when the label says it all.
QString help(std::string_view key);
// What a number field shows at its minimum when that means "off" or "automatic"; empty otherwise.
QString minimumText(std::string_view key);
// Decimals and step of a real field.
int decimals(std::string_view key);
double step(std::string_view key);
// A choice as the form lists it ("cosine" -> "Cosine to zero"); the value itself when missing.
QString choice(std::string_view key, std::string_view value);
// A model as the form lists it (its registry key -> "SASRec (causal self-attention)").
QString modelName(std::string_view key);
// A page of the form.
QString groupTitle(engine::TrainSetting::Group group);

// For tests: whether the table has a label for the setting, a text for the choice, a name for the model.
bool hasLabel(std::string_view key);
bool hasChoice(std::string_view key, std::string_view value);
bool hasModelName(std::string_view key);

} // namespace recscope::settingtexts
