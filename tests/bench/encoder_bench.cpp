// SPDX-License-Identifier: GPL-3.0-or-later
// Reading ML-1M's item text with a pretrained encoder: load time, tokenizer speed and encoding
// speed (items/s) of the whole catalog, frozen (every layer) and for fine-tuning (all but the last
// two layers), at 1 and N threads, and peak memory. Without --encoder it writes an encoder of
// MiniLM-L6's shape (all-MiniLM-L6-v2: 6 layers, width 384, 12 heads, 1536 inner) with random
// weights and a vocabulary of the catalog's words: speed depends on shape and token counts, not
// on the weights' values.
//
// usage: encoder_bench [--threads N] [--encoder HF_FOLDER] [--text-len 32]
#include "benchrun.h"
#include "engine/core/runtime.h"
#include "engine/models/encodedcatalog.h"
#include "engine/models/textrec.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

using namespace recscope::engine;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A BERT folder of MiniLM-L6's shape over `texts`' words, random weights in safetensors layout.
void writeMiniLmShape(const fs::path &dir, const std::vector<std::string> &texts) {
    fs::create_directories(dir);
    std::set<std::string> words;
    const WordPieceTokenizer basic({"[PAD]", "[UNK]", "[CLS]", "[SEP]"}, {});
    for (const auto &t : texts)
        for (const auto &w : basic.words(t))
            words.insert(w);
    std::vector<std::string> vocab{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    vocab.insert(vocab.end(), words.begin(), words.end());
    {
        std::ofstream v(dir / "vocab.txt");
        for (const auto &w : vocab)
            v << w << "\n";
    }
    const nlohmann::json config{{"model_type", "bert"}, {"hidden_size", 384}, {"num_hidden_layers", 6}, {"num_attention_heads", 12},
                                {"intermediate_size", 1536}, {"vocab_size", vocab.size()}, {"max_position_embeddings", 512},
                                {"type_vocab_size", 2}, {"hidden_act", "gelu"}, {"layer_norm_eps", 1e-12}};
    std::ofstream(dir / "config.json") << config.dump(2);
    BertConfig c = BertConfig::fromFile((dir / "config.json").string());
    BertEncoder model(c);
    nlohmann::json header = nlohmann::json::object();
    std::vector<torch::Tensor> blobs;
    std::uint64_t offset = 0;
    for (const auto &p : model->named_parameters()) {
        const auto t = p.value().detach().contiguous();
        const std::uint64_t bytes = static_cast<std::uint64_t>(t.numel()) * 4;
        header[p.key()] = {{"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        blobs.push_back(t);
    }
    const std::string text = header.dump();
    std::ofstream out(dir / "model.safetensors", std::ios::binary);
    const std::uint64_t size = text.size();
    out.write(reinterpret_cast<const char *>(&size), 8);
    out << text;
    for (const auto &t : blobs)
        out.write(static_cast<const char *>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * 4));
}

} // namespace

int main(int argc, char **argv) {
    const auto args = recscope::bench::parseBenchArgs(argc, argv);
    const int threads = std::max(1, args.threads);
    const int textLength = args.number("--text-len", 32);
    const fs::path data = fs::path(recscope::bench::dataDir()) / "ml-1m";
    if (!fs::exists(data / "ml-1m.txt")) {
        std::printf("skipped: %s/ml-1m.txt not found (set RECSCOPE_DATA_DIR)\n", data.c_str());
        return 0;
    }
    const fs::path scratch = fs::temp_directory_path() / ("recscope-encoder-bench-" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    NullProgress none;
    std::vector<std::string> texts;
    {
        auto project = Project::openOrCreate((scratch / "bench.recscope").string());
        ImportRequest r;
        r.format = "sasrec";
        r.path = (data / "ml-1m.txt").string();
        r.itemsPath = (data / "items.tsv").string();
        texts = catalogText(*project, importDataset(*project, r, none).datasetId);
    }
    std::string folder = args.text("--encoder", "");
    if (folder.empty()) {
        folder = (scratch / "minilm-l6-shape").string();
        writeMiniLmShape(folder, texts);
        std::printf("encoder: MiniLM-L6 shape, random weights, catalog-word vocabulary (%s)\n", folder.c_str());
    } else {
        std::printf("encoder: %s\n", folder.c_str());
    }
    auto start = Clock::now();
    auto encoder = loadPretrainedEncoder(folder);
    std::printf("load (weights, tokenizer, fingerprint): %.2f s; %lld layers, width %lld\n", secondsSince(start),
                static_cast<long long>(encoder.config.layers), static_cast<long long>(encoder.config.hidden));
    start = Clock::now();
    const auto [ids, mask] = encoder.tokenize(texts, textLength);
    const double tokenizeSeconds = secondsSince(start);
    std::printf("%zu item texts, %.1f tokens each on average (text_len %d, [CLS] and [SEP] included); tokenizer %.0f items/s\n",
                texts.size(), mask.sum().item<double>() / static_cast<double>(texts.size()), textLength,
                static_cast<double>(texts.size()) / tokenizeSeconds);
    std::printf("%-9s %-32s %10s %10s\n", "threads", "reading", "seconds", "items/s");
    for (const int t : std::set<int>{1, threads}) {
        setComputeThreads(t);
        for (const int tuned : {0, 2}) {
            if (tuned >= encoder.config.layers)
                continue;
            start = Clock::now();
            const auto catalog = encodeCatalog(encoder, texts, textLength, tuned, none);
            const double s = secondsSince(start);
            const std::string what = tuned == 0 ? "frozen (all layers, pooled)"
                                                : "fine-tune 2 (first " + std::to_string(encoder.config.layers - tuned) + " layers)";
            std::printf("%-9d %-32s %10.2f %10.0f   cache %.1f MB\n", t, what.c_str(), s, static_cast<double>(texts.size()) / s,
                        static_cast<double>(catalog.serialize().size()) / 1e6);
        }
    }
    std::printf("peak RSS %ld MiB\n", recscope::bench::peakRssMiB());
    fs::remove_all(scratch);
    return 0;
}
