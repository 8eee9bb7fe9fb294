// SPDX-License-Identifier: GPL-3.0-or-later
// Int8 checkpoints and magnitude pruning on a real SASRec module: the round trip stays within
// half a quantization step per row, pruning zeroes exactly the smallest weights, and head pruning
// cuts whole heads.
#include "engine/core/errors.h"
#include "engine/models/int8format.h"
#include "engine/models/models.h"
#include "engine/models/sasrec.h"

#include <QTest>

#include <cstring>
#include <map>

#include <torch/torch.h>

using namespace recscope::engine;
using namespace recscope::engine::detail;

class TestQuantize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void int8RoundTrip();
    void damagedInt8IsRefused();
    void unstructuredPruningTakesTheSmallest();
    void headPruningCutsWholeHeads();
};

namespace {
SasRec model(std::uint64_t seed) {
    torch::manual_seed(seed);
    SasRecOptions o;
    o.numItems = 200;
    o.maxlen = 20;
    o.hidden = 32;
    o.heads = 4;
    return SasRec(o);
}
}

void TestQuantize::int8RoundTrip() {
    auto original = model(1), loaded = model(2);
    const auto state = quantizeInt8(*original);
    QVERIFY(isQuantized(state));
    loadQuantized(*loaded, state);
    const auto a = original->named_parameters(), b = loaded->named_parameters();
    for (const auto &p : a) {
        const auto &w = p.value();
        const auto &q = b[p.key()];
        if (w.dim() == 2) { // per row: within half a step of its scale (max |w| / 127)
            const auto step = w.abs().amax(1, true) / 127.0;
            QVERIFY2(((w - q).abs() <= step * 0.5 + 1e-7).all().item<bool>(), p.key().c_str());
        } else {
            QVERIFY2(torch::equal(w, q), p.key().c_str()); // kept as float32
        }
    }
    QVERIFY(state.size() * 3 < serialize(original).size()); // about a quarter of float32
}

// Every cut and flip of the first tensor's header is refused with a message, never read past the
// end or sized from a wrapped count (what fuzz_checkpoint checks at scale).
void TestQuantize::damagedInt8IsRefused() {
    auto original = model(1), loaded = model(2);
    const auto state = quantizeInt8(*original);
    QCOMPARE(readInt8Checkpoint(state).size(), original->named_parameters().size());
    const auto refusal = [&](const std::string &damaged) {
        try {
            loadQuantized(*loaded, damaged);
        } catch (const EngineError &e) {
            return std::string(e.what());
        }
        return std::string();
    };
    QVERIFY(refusal(state.substr(0, state.size() / 2)).find("truncated") != std::string::npos ||
            refusal(state.substr(0, state.size() / 2)).find("runs past its end") != std::string::npos);
    QVERIFY(refusal(state + "x").find("1 bytes follow its last tensor") != std::string::npos);
    // The first tensor's dimension count (after magic, count, name length and name) set to 0 while
    // it stays a matrix: once this read shape[0] of an empty shape.
    const auto nameLength = static_cast<unsigned char>(state[8]);
    auto noDims = state;
    noDims[12 + nameLength] = 0;
    QVERIFY(!refusal(noDims).empty());
    // A size of -1 and one that overflows the element count.
    auto negative = state;
    std::memset(negative.data() + 13 + nameLength, 0xFF, 8);
    QVERIFY2(refusal(negative).find("impossible shape") != std::string::npos, refusal(negative).c_str());
}

void TestQuantize::unstructuredPruningTakesTheSmallest() {
    auto m = model(3);
    std::vector<float> all;
    for (const auto &p : m->parameters())
        if (p.dim() == 2)
            for (float x : std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel()))
                all.push_back(std::abs(x));
    std::sort(all.begin(), all.end());
    const float threshold = all[all.size() * 3 / 10];
    const double zero = pruneUnstructured(*m, 0.3);
    QVERIFY2(std::abs(zero - 0.3) < 0.01, qPrintable(QString::number(zero)));
    for (const auto &p : m->parameters())
        if (p.dim() == 2) {
            const auto *x = p.data_ptr<float>();
            for (std::int64_t i = 0; i < p.numel(); ++i)
                QVERIFY(x[i] == 0 || std::abs(x[i]) >= threshold * (1 - 1e-6f));
        }
}

void TestQuantize::headPruningCutsWholeHeads() {
    auto m = model(4);
    const double zero = pruneHeads(*m, 4, 0.5);
    QVERIFY(zero > 0);
    // Half of all eight heads (two blocks of four), the smallest wherever they are, cut whole:
    // their value rows and output columns are zero.
    std::int64_t cut = 0;
    std::map<std::string, torch::Tensor> blocks;
    for (const auto &p : m->named_parameters())
        blocks[p.key()] = p.value();
    for (const auto &[name, v] : blocks) {
        const auto at = name.find(".v.weight");
        if (at == std::string::npos)
            continue;
        const auto out = blocks[name.substr(0, at) + ".out.weight"];
        for (int h = 0; h < 4; ++h) {
            const bool rows = (v.slice(0, h * 8, (h + 1) * 8) == 0).all().item<bool>();
            const bool cols = (out.slice(1, h * 8, (h + 1) * 8) == 0).all().item<bool>();
            QCOMPARE(rows, cols);
            cut += rows;
        }
    }
    QCOMPARE(cut, std::int64_t(4));
}

QTEST_GUILESS_MAIN(TestQuantize)
#include "tst_quantize.moc"
