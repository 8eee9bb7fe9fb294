// SPDX-License-Identifier: GPL-3.0-or-later
// The ways a dataset can be split into training, validation and test cases, by name (a run's
// `split` setting). Std-only; the splits themselves are in split.h.
#pragma once

#include "engine/core/enumnames.h"

#include <string_view>
#include <utility>

namespace recscope::engine {

enum class SplitKind { LeaveOneOut, ColdStart, Temporal, Random, KFold };

template <> struct EnumNames<SplitKind> {
    static constexpr std::pair<SplitKind, std::string_view> values[] = {
        {SplitKind::LeaveOneOut, "loo"}, {SplitKind::ColdStart, "cold"}, {SplitKind::Temporal, "temporal"},
        {SplitKind::Random, "random"},   {SplitKind::KFold, "kfold"}};
};

} // namespace recscope::engine
