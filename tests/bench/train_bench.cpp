// SPDX-License-Identifier: GPL-3.0-or-later
// SASRec training benchmark on ML-1M with the anchor configuration (../shared/ANCHORS.md):
// maxlen 200, hidden 50, 2 blocks, 1 head, dropout 0.2, Adam lr 1e-3, batch 128, BCE with one
// sampled negative per position. Prints seconds per epoch (training and validation apart) at 1
// and 2 threads, peak memory, and the share of training time spent in matrix products; with
// random batches (the default) and with batches of like history length side by side. With
// --dp user|example, the same epochs again with DP-SGD (noise 1, clip 1) and the slowdown.
// With --reference, the PyTorch reference (../shared/reference/sasrec-pytorch, Debian's
// python3-torch) trains one epoch in the same shape beside RecScope, the two alternating for
// --rounds rounds (at least 2); the fastest of each side and their ratio are printed. With
// --profile, only where the time of a training step goes.
//
// usage: train_bench [--epochs N] [--threads 1,2] [--batching random,length] [--dp user|example]
//                    [--reference [--rounds N] [--python PATH]] [--profile]
#include "benchrun.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"
#include "engine/core/runtime.h"
#include "engine/models/sasrec.h"
#include "engine/training/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/optim/adam.h>

#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

using namespace recscope::engine;
namespace fs = std::filesystem;

namespace {

// Ten training steps of the anchor model under torch's profiler: the share of time in matrix
// products (mm, bmm, addmm, their backward kernels) against everything else.
void profileSteps(std::int64_t numItems, int threads) {
    setComputeThreads(threads);
    torch::manual_seed(1);
    SasRecOptions o;
    o.numItems = numItems;
    o.maxlen = 200;
    o.hidden = 50;
    o.layers = 2;
    o.heads = 1;
    o.dropout = 0.2;
    SasRec model(o);
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3).betas({0.9, 0.98}));
    auto input = torch::randint(1, numItems + 1, {128, 200}, torch::kLong);
    auto pos = torch::randint(1, numItems + 1, {128, 200}, torch::kLong), neg = torch::randint(1, numItems + 1, {128, 200}, torch::kLong);
    auto stepOnce = [&] {
        const auto h = model->encode(input);
        const auto loss = (torch::softplus(-model->score(h, pos)) + torch::softplus(model->score(h, neg))).mean();
        opt.zero_grad();
        loss.backward();
        opt.step();
    };
    stepOnce(); // warm-up
    const auto u0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i)
        stepOnce();
    const double plain = std::chrono::duration<double>(std::chrono::steady_clock::now() - u0).count();
    std::ostringstream trace;
    const auto t0 = std::chrono::steady_clock::now();
    {
        torch::autograd::profiler::RecordProfile profile(trace);
        for (int i = 0; i < 10; ++i)
            stepOnce();
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto events = nlohmann::json::parse(trace.str());
    double matmul = 0;
    std::map<std::string, double> byName; // seconds per operator, nested calls included
    for (const auto &e : events) {
        if (!e.contains("dur") || !e.contains("name"))
            continue;
        const std::string name = e["name"].get<std::string>();
        byName[name] += e["dur"].get<double>() / 1e6;
        if (name == "aten::mm" || name == "aten::bmm" || name == "aten::addmm")
            matmul += e["dur"].get<double>() / 1e6;
    }
    std::vector<std::pair<double, std::string>> top;
    for (const auto &[name, seconds] : byName)
        top.emplace_back(seconds, name);
    std::sort(top.rbegin(), top.rend());
    std::printf("  %d thread(s), operators by profiled time in 10 steps (nested operators counted in their callers too):\n", threads);
    for (std::size_t i = 0; i < std::min<std::size_t>(top.size(), 25); ++i)
        std::printf("    %-45s %.3f s\n", top[i].second.c_str(), top[i].first);
    // The profiler's own overhead lands on every operator; matrix products are few and long, so
    // their profiled time is close to their real time and is compared with the unprofiled wall.
    std::printf("  %d thread(s): 10 training steps %.2f s unprofiled (%.3f s per batch of 128), %.2f s profiled; "
                "matrix products (mm, bmm, addmm) %.2f s = %.0f%% of the unprofiled time, the rest (attention softmax, "
                "layer norm, dropout, embeddings, Adam, autograd bookkeeping) %.0f%%\n",
                threads, plain, plain / 10, wall, matmul, 100 * matmul / plain, 100 * (1 - matmul / plain));
}

// One epoch of the PyTorch reference in the anchor shape, one thread, in a scratch copy (it writes
// beside itself). Seconds from the data being loaded ("average sequence length") to "Done": its
// epoch of training and the checkpoint it saves, without Python's and torch's start-up. Negative
// when it could not run (the reason is printed).
double referenceEpoch(const std::string &python, const fs::path &reference, const std::string &data, const fs::path &scratch) {
    fs::remove_all(scratch);
    fs::create_directories(scratch / "data");
    for (const char *f : {"main.py", "model.py", "utils.py"})
        fs::copy_file(reference / f, scratch / f);
    fs::create_symlink(fs::absolute(data), scratch / "data" / "ml-1m.txt");
    const std::string command = "cd '" + scratch.string() + "' && OMP_NUM_THREADS=1 '" + python +
                                "' -u main.py --dataset=ml-1m --train_dir=bench --maxlen=200 --dropout_rate=0.2 "
                                "--device=cpu --num_epochs=1 2>&1";
    FILE *out = ::popen(command.c_str(), "r");
    if (!out) {
        std::printf("  reference: could not start %s\n", python.c_str());
        return -1;
    }
    char line[4096];
    std::chrono::steady_clock::time_point loaded{}, done{};
    std::string last;
    while (std::fgets(line, sizeof line, out)) {
        const auto now = std::chrono::steady_clock::now();
        last = line;
        if (last.rfind("average sequence length", 0) == 0)
            loaded = now;
        else if (last.rfind("Done", 0) == 0)
            done = now;
    }
    const int status = ::pclose(out);
    if (status != 0 || loaded == std::chrono::steady_clock::time_point{} || done == std::chrono::steady_clock::time_point{}) {
        std::printf("  reference: failed (exit %d): %s", WEXITSTATUS(status), last.c_str());
        return -1;
    }
    return std::chrono::duration<double>(done - loaded).count();
}

// RecScope and the reference side by side, alternating: the fastest epoch of each and the ratio.
void compareWithReference(Project &project, std::int64_t datasetId, std::int64_t users, const std::string &data, const std::string &python,
                          int rounds, const std::vector<int> &threadCounts, const fs::path &scratch) {
    const fs::path reference = fs::path(recscope::bench::dataDir()) / ".." / "reference" / "sasrec-pytorch";
    if (!fs::exists(reference / "main.py")) {
        std::printf("SKIP --reference: %s not found\n", (reference / "main.py").string().c_str());
        return;
    }
    if (std::system(("'" + python + "' -c 'import torch, numpy' >/dev/null 2>&1").c_str()) != 0) {
        std::printf("SKIP --reference: %s cannot import torch and numpy (apt-get install python3-torch python3-numpy)\n", python.c_str());
        return;
    }
    std::printf("Beside the PyTorch reference (one epoch each, alternating, %d rounds; the reference on 1 thread, its best here):\n", rounds);
    double bestReference = 1e30;
    std::map<int, double> best; // RecScope by thread count
    NullProgress none;
    for (int round = 1; round <= rounds; ++round) {
        const double ref = referenceEpoch(python, reference, data, scratch / "reference");
        if (ref < 0)
            return;
        bestReference = std::min(bestReference, ref);
        std::printf("  round %d: reference %.1f s", round, ref);
        for (int threads : threadCounts) {
            const auto config = TrainConfig::parse("sasrec", {{"epochs", "1"}, {"maxlen", "200"}, {"hidden", "50"}, {"layers", "2"},
                                                              {"heads", "1"}, {"dropout", "0.2"}, {"lr", "0.001"}, {"batch_size", "128"}, {"loss", "bce"},
                                                              {"patience", "0"}, {"seed", std::to_string(42 + round)},
                                                              {"threads", std::to_string(threads)}});
            double train = 0;
            trainRun(project, datasetId, config, "beside the reference", none,
                     [&](const EpochRecord &e) { train = static_cast<double>(users) / e.sequencesPerSecond; });
            best[threads] = best.count(threads) ? std::min(best[threads], train) : train;
            std::printf(", RecScope %d thread(s) %.1f s", threads, train);
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    for (const auto &[threads, seconds] : best)
        std::printf("  fastest: RecScope %d thread(s) %.1f s against the reference's %.1f s: %.2fx the reference's time per epoch\n",
                    threads, seconds, bestReference, seconds / bestReference);
}

} // namespace

int main(int argc, char **argv) {
    keepLargeAllocations();
    int epochs = 1;
    std::vector<int> threadCounts = {1, 2};
    std::string dp;
    std::vector<std::string> batchings{"random", "length"};
    bool reference = false;
    bool profileOnly = false; // only where the time of a step goes
    int rounds = 2;
    std::string python = "/usr/bin/python3";
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (k == "--reference") {
            reference = true;
            continue;
        }
        if (k == "--profile") {
            profileOnly = true;
            continue;
        }
        if (i + 1 >= argc)
            break;
        if (k == "--rounds")
            rounds = std::max(2, std::atoi(argv[i + 1]));
        else if (k == "--python")
            python = argv[i + 1];
        else if (k == "--batching") {
            batchings.clear();
            std::stringstream ss(argv[i + 1]);
            for (std::string b; std::getline(ss, b, ',');)
                batchings.push_back(b);
        } else if (k == "--dp")
            dp = argv[i + 1];
        else if (k == "--epochs")
            epochs = std::atoi(argv[i + 1]);
        else if (k == "--threads") {
            threadCounts.clear();
            std::stringstream ss(argv[i + 1]);
            std::string t;
            while (std::getline(ss, t, ','))
                threadCounts.push_back(std::atoi(t.c_str()));
        }
        ++i; // the option's value
    }
    const std::string data = recscope::bench::dataDir();
    const std::string input = data + "/ml-1m/ml-1m.txt";
    if (!fs::exists(input)) {
        std::printf("SKIP: %s not found (set RECSCOPE_DATA_DIR)\n", input.c_str());
        return 0;
    }
    const fs::path tmp = fs::temp_directory_path() / ("recscope-train-bench-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    auto project = Project::openOrCreate((tmp / "ml1m.recscope").string());
    ImportRequest req;
    req.format = "sasrec";
    req.path = input;
    NullProgress none;
    const auto imported = importDataset(*project, req, none);
    if (reference) {
        compareWithReference(*project, imported.datasetId, imported.users, input, python, rounds, threadCounts, tmp);
        project.reset();
        fs::remove_all(tmp);
        return 0;
    }
    if (profileOnly) {
        for (int threads : threadCounts)
            profileSteps(imported.items, threads);
        project.reset();
        fs::remove_all(tmp);
        return 0;
    }
    std::printf("SASRec on ML-1M (%lld users, %lld items), anchor configuration, %d epoch(s) per thread count\n",
                static_cast<long long>(imported.users), static_cast<long long>(imported.items), epochs);
    for (int threads : threadCounts) {
        std::map<std::string, std::string> settings{{"epochs", std::to_string(epochs)}, {"maxlen", "200"}, {"hidden", "50"},
                                                    {"layers", "2"}, {"heads", "1"}, {"dropout", "0.2"}, {"lr", "0.001"},
                                                    {"batch_size", "128"}, {"patience", "0"}, {"seed", "42"}, {"loss", "bce"},
                                                    {"threads", std::to_string(threads)}};
        // The plain runs, one per batching, then DP-SGD (which samples its own batches).
        std::vector<std::string> variants = batchings;
        if (!dp.empty())
            variants.push_back("dp");
        double firstTrain = 0, firstTotal = 0;
        for (const auto &variant : variants) {
            const bool privately = variant == "dp";
            auto values = settings;
            if (privately) {
                values["dp"] = dp;
                values["dp.noise"] = "1";
            } else {
                values["batching"] = variant;
            }
            const auto config = TrainConfig::parse("sasrec", values);
            const std::string label = privately ? "DP-SGD" : variant + " batches";
            double train = 0, total = 0;
            const auto r = trainRun(*project, imported.datasetId, config, "bench", none, [&](const EpochRecord &e) {
                const double t = static_cast<double>(imported.users) / e.sequencesPerSecond;
                train += t;
                total += e.seconds;
                std::printf("  %s, %d thread(s), epoch %lld: %.1f s (%.0f %s/s), valid NDCG@10 %.4f%s\n", label.c_str(), threads,
                            static_cast<long long>(e.epoch), e.seconds, e.sequencesPerSecond, privately ? "units" : "sequences",
                            e.validNdcg10, e.epsilon ? (", epsilon " + std::to_string(*e.epsilon)).c_str() : "");
                std::fflush(stdout);
            });
            if (!privately) {
                if (firstTrain == 0) {
                    firstTrain = train;
                    firstTotal = total;
                }
                std::printf("  %d thread(s), %s: %.1f s per epoch of training (%.2fx the first; --reference measures the PyTorch "
                            "reference beside it), %.1f s with validation; test NDCG@10 %.4f HR@10 %.4f; peak RSS so far %ld MiB\n",
                            threads, label.c_str(), train / epochs, train / firstTrain, total / epochs, r.test.ndcg10, r.test.hr10,
                            recscope::bench::peakRssMiB());
            } else {
                std::printf("  %d thread(s): DP-SGD (%s level) %.1f s per epoch with validation, %.2fx the first plain epoch; epsilon %.3f at "
                            "delta %.2g after %d epoch(s); peak RSS so far %ld MiB\n",
                            threads, dp.c_str(), total / epochs, total / std::max(1e-9, firstTotal), r.epsilon.value_or(0), r.delta, epochs,
                            recscope::bench::peakRssMiB());
            }
        }
    }
    std::printf("Where the time goes:\n");
    for (int threads : threadCounts)
        profileSteps(imported.items, threads);
    std::printf("Peak RSS of the whole benchmark: %ld MiB\n", recscope::bench::peakRssMiB());
    project.reset();
    fs::remove_all(tmp);
    return 0;
}
