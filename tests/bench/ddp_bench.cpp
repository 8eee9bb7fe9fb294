// SPDX-License-Identifier: GPL-3.0-or-later
// Data-parallel training on this machine: SASRec on ML-1M (maxlen 200, the anchor shape) for one
// epoch as 1 process x 2 threads against 2 processes x 1 thread (recscope-cli --nproc 2, c10d
// Gloo on loopback), alternating, the fastest of each. Prints sequences/s of each (epochs with
// their validation, which both share out alike), the bytes
// allreduced per step and the time spent in allreduce, and from them an estimate on paper of the
// communication share for 8 GPUs on one host and 4 hosts on 10 GbE (assumptions printed).
//
// usage: ddp_bench [--rounds 2] [--epochs 1] [--data DIR] [--cli PATH]
#include "benchsupport.h"
#include "engine/core/progress.h"
#include "engine/data/importer.h"
#include "engine/store/project.h"
#include "engine/store/runstore.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace recscope::engine;
using Json = nlohmann::json;

namespace {

struct Sample {
    double sequencesPerSecond = 0, trainSeconds = 0; // epochs with validation
    double bytes = 0, reduceSeconds = 0;
    long long steps = 0;
};

// Trains one run through the command line and reads back what its epochs and metrics recorded.
Sample train(const std::string &cli, const std::string &project, const std::string &prefix, int epochs, int processes) {
    const std::string cmd = prefix + " " + cli + " --threads " + (processes > 1 ? "1" : "2") + " train --project " + project +
                            " --dataset ml1m --model sasrec --json --set maxlen=200 --set hidden=50 --set loss=bce --set patience=0" +
                            " --set epochs=" + std::to_string(epochs) + " --set batch_size=" + std::to_string(128 / processes) +
                            (processes > 1 ? " --nproc " + std::to_string(processes) : std::string()) + " | tail -n1";
    FILE *pipe = popen(cmd.c_str(), "r");
    std::string out;
    char buffer[4096];
    while (pipe && fgets(buffer, sizeof buffer, pipe))
        out += buffer;
    if (!pipe || pclose(pipe) != 0) {
        std::fprintf(stderr, "failed: %s\n%s\n", cmd.c_str(), out.c_str());
        std::exit(1);
    }
    const auto run = Json::parse(out).at("run").get<std::int64_t>();
    auto p = Project::open(project);
    RunStore store(*p);
    Sample s;
    for (const auto &e : store.epochs(run)) // each epoch with its (sharded) validation
        s.trainSeconds += e.seconds;
    s.sequencesPerSecond = 6040.0 * epochs / std::max(1e-9, s.trainSeconds); // ML-1M's users, one row each
    const auto metrics = Json::parse(store.run(run)->metricsJson);
    if (metrics.contains("allreduce")) {
        s.bytes = metrics["allreduce"].value("bytes", 0.0);
        s.reduceSeconds = metrics["allreduce"].value("seconds", 0.0);
    }
    s.steps = static_cast<long long>(epochs) * ((6040 + 127) / 128); // ML-1M users, a global batch of 128
    return s;
}

} // namespace

int main(int argc, char **argv) {
    int rounds = 2, epochs = 1;
    std::string data = recscope::bench::dataDir(), cli = RECSCOPE_CLI_PATH;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--rounds")
            rounds = std::atoi(argv[i + 1]);
        else if (a == "--epochs")
            epochs = std::atoi(argv[i + 1]);
        else if (a == "--data")
            data = argv[i + 1];
        else if (a == "--cli")
            cli = argv[i + 1];
    }
    const std::string file = data + "/ml-1m/ml-1m.txt";
    if (!fs::exists(file)) {
        std::printf("SKIP: %s not found (set RECSCOPE_DATA_DIR)\n", file.c_str());
        return 0;
    }
    const auto scratch = fs::temp_directory_path() / ("recscope-ddp-bench-" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    const std::string project = (scratch / "b.recscope").string();
    {
        auto p = Project::openOrCreate(project);
        ImportRequest request;
        request.path = file;
        request.format = "sasrec";
        request.name = "ml1m";
        NullProgress none;
        importDataset(*p, request, none);
    }
    Sample one, two;
    for (int r = 0; r < rounds; ++r) {
        const auto a = train(cli, project, "", epochs, 1);
        const auto b = train(cli, project, "", epochs, 2);
        std::printf("round %d: 1 process x 2 threads %.1f sequences/s; 2 processes x 1 thread %.1f sequences/s\n", r + 1,
                    a.sequencesPerSecond, b.sequencesPerSecond);
        std::fflush(stdout);
        if (a.sequencesPerSecond > one.sequencesPerSecond)
            one = a;
        if (b.sequencesPerSecond > two.sequencesPerSecond)
            two = b;
    }
    const double bytesPerStep = two.bytes / static_cast<double>(two.steps);
    const double reduceMs = 1000 * two.reduceSeconds / static_cast<double>(two.steps);
    const double stepMs = 1000 * 128 / two.sequencesPerSecond;
    std::printf("\nSASRec, ML-1M, maxlen 200, hidden 50, global batch 128, %d epoch(s), best of %d:\n", epochs, rounds);
    std::printf("  1 process x 2 threads:  %.1f sequences/s\n", one.sequencesPerSecond);
    std::printf("  2 processes x 1 thread: %.1f sequences/s (%.2fx)\n", two.sequencesPerSecond, two.sequencesPerSecond / one.sequencesPerSecond);
    std::printf("  allreduce: %.2f MB per step (the gradients, float32), %.2f ms per step of %.1f ms (%.1f%%)\n", bytesPerStep / 1e6, reduceMs,
                stepMs, 100 * reduceMs / stepMs);
    // On paper: a ring allreduce moves 2 (N-1)/N of the buffer through each link, plus a latency
    // per step of the ring.
    auto ring = [&](int n, double bytesPerSecond, double latencySeconds) {
        return 2.0 * (n - 1) / n * bytesPerStep / bytesPerSecond + 2.0 * (n - 1) * latencySeconds;
    };
    const double nvlink = ring(8, 100e9, 5e-6), pcie = ring(8, 10e9, 10e-6), ethernet = ring(4, 1.25e9 * 0.9, 50e-6);
    std::printf("\nOn paper, per step (assumptions: ring allreduce; NVLink 100 GB/s and 5 us per hop, PCIe 10 GB/s and 10 us,\n"
                "10 GbE at 90%% of 1.25 GB/s and 50 us per hop; no overlap of communication with the backward pass):\n");
    std::printf("  8 GPUs, one host, NVLink: %.3f ms;  over PCIe: %.3f ms\n", 1000 * nvlink, 1000 * pcie);
    std::printf("  4 hosts, 10 GbE:          %.3f ms\n", 1000 * ethernet);
    std::printf("  a GPU step of 10 ms (an assumption, for the scale) would spend %.1f%% / %.1f%% / %.1f%% of its time in allreduce\n",
                100 * nvlink / (0.010 + nvlink), 100 * pcie / (0.010 + pcie), 100 * ethernet / (0.010 + ethernet));
    fs::remove_all(scratch);
    return 0;
}
