// SPDX-License-Identifier: GPL-3.0-or-later
// What an encrypted project costs: ML-1M imported, one SASRec epoch trained (checkpoints
// written), and the Explore tab's queries, each on a plain and on an encrypted project, side by
// side in one run (alternating, the fastest of --rounds each). Prints encrypted / plain per task;
// the goal is <= 1.15. The passphrase's key is derived before timing (about a second, once per
// open of the workbench).
//
// usage: crypt_bench [--rounds N] [--data DIR] [--skip-training]
#include "benchsupport.h"
#include "engine/core/progress.h"
#include "engine/data/datasetstats.h"
#include "engine/data/importer.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"
#include "engine/settings/trainconfig.h"
#include "engine/training/trainer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {

double seconds(const std::function<void()> &work) {
    const auto t0 = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void removeProject(const fs::path &p) {
    std::error_code ec;
    for (const char *suffix : {"", "-wal", "-shm"})
        fs::remove(p.string() + suffix, ec);
}

} // namespace

int main(int argc, char **argv) {
    int rounds = 2;
    bool training = true;
    std::string data = recscope::bench::dataDir();
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--rounds") && i + 1 < argc)
            rounds = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--data") && i + 1 < argc)
            data = argv[++i];
        else if (!std::strcmp(argv[i], "--skip-training"))
            training = false;
    }
    const std::string input = data + "/ml-1m/ml-1m.txt", items = data + "/ml-1m/items.tsv";
    if (!fs::exists(input)) {
        std::printf("SKIP: %s not found (set RECSCOPE_DATA_DIR)\n", input.c_str());
        return 0;
    }
    const fs::path tmp = fs::temp_directory_path() / ("recscope-crypt-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    NullProgress none;
    std::map<std::string, std::map<bool, double>> best; // task -> encrypted? -> fastest seconds
    auto record = [&](const std::string &task, bool encrypted, double s) {
        auto &slot = best[task][encrypted];
        slot = slot == 0 ? s : std::min(slot, s);
        std::printf("  %-28s %-9s %7.2f s\n", task.c_str(), encrypted ? "encrypted" : "plain", s);
        std::fflush(stdout);
    };

    std::printf("Encrypted against plain projects, ML-1M, %d round(s) each, alternating\n", rounds);
    for (int round = 0; round < rounds; ++round) {
        for (const bool encrypted : {false, true}) {
            const fs::path file = tmp / (encrypted ? "encrypted.recscope" : "plain.recscope");
            removeProject(file);
            if (encrypted)
                encryptNewProject(file.string(), "benchmark passphrase", KdfCost::moderate());
            std::int64_t dataset = 0;
            record("import ML-1M", encrypted, seconds([&] {
                       auto p = Project::openOrCreate(file.string());
                       ImportRequest r;
                       r.format = "sasrec";
                       r.path = input;
                       r.itemsPath = fs::exists(items) ? items : "";
                       r.name = "ml1m";
                       dataset = importDataset(*p, r, none).datasetId;
                   }));
            record("explore queries", encrypted, seconds([&] {
                       // What the Explore tab reads when a dataset is selected, from a fresh connection.
                       auto p = Project::open(file.string());
                       computeStats(*p, dataset);
                       checkQuality(*p, dataset, 5);
                       p->items(dataset);
                       p->users(dataset);
                       for (std::int64_t u = 0; u < 500; ++u)
                           p->timeline(dataset, u * 12);
                   }));
            if (training) {
                auto p = Project::open(file.string());
                const auto config = TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "200"}, {"hidden", "50"},
                                                                  {"layers", "2"}, {"heads", "1"}, {"dropout", "0.2"},
                                                                  {"batch_size", "128"}, {"patience", "0"}, {"seed", "42"},
                                                                  {"loss", "bce"}, {"threads", "1"}});
                record("SASRec epoch (+checkpoints)", encrypted,
                       seconds([&] { trainRun(*p, dataset, config, "bench", none); }));
            }
            std::error_code ec;
            std::printf("  %-28s %-9s %7.1f MiB\n", "file size", encrypted ? "encrypted" : "plain",
                        static_cast<double>(fs::file_size(file, ec)) / (1 << 20));
        }
    }
    std::printf("\nEncrypted / plain (fastest of %d each; goal <= 1.15):\n", rounds);
    for (const auto &[task, times] : best)
        std::printf("  %-28s %.3f  (%.2f s against %.2f s)\n", task.c_str(), times.at(true) / times.at(false), times.at(true),
                    times.at(false));
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return 0;
}
