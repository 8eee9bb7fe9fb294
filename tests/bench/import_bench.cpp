// SPDX-License-Identifier: GPL-3.0-or-later
// Import benchmark: ML-1M through recscope-cli against the sqlite3 shell's .import of the same
// rows, side by side in one run (alternating, median of N), with each process's peak memory.
//
// usage: import_bench [--runs N] [--data DIR] [--cli PATH] [--sqlite3 PATH]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <spawn.h>
#include <unistd.h>

#include "benchsupport.h"
#include "engine/data/importer.h"
#include "engine/core/progress.h"
#include "engine/store/project.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

extern char **environ;
namespace fs = std::filesystem;

namespace {

struct Sample {
    double seconds = 0;
    long peakKiB = 0;
    int status = 0;
};

// Runs argv as a child, returns wall time and the child's peak resident set. The child runs
// under GNU time: a child spawned straight from this (libtorch-sized) process would report
// our own resident set as its peak.
Sample run(const std::vector<std::string> &args, const std::string &stdinFile = {}) {
    const std::string rssFile = fs::temp_directory_path() / ("recscope-bench-rss-" + std::to_string(getpid()));
    std::vector<std::string> full = {"/usr/bin/time", "-f", "%M", "-o", rssFile};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (const auto &a : full)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (!stdinFile.empty())
        posix_spawn_file_actions_addopen(&fa, 0, stdinFile.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid;
    if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
        std::perror(argv[0]);
        std::exit(1);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    posix_spawn_file_actions_destroy(&fa);
    Sample s;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ifstream(rssFile) >> s.peakKiB;
    fs::remove(rssFile);
    s.status = status;
    return s;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
    int runs = 5;
    std::string data = recscope::bench::dataDir(), cli = RECSCOPE_CLI_PATH, sqlite = "/usr/bin/sqlite3";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--runs") runs = std::atoi(argv[i + 1]);
        else if (k == "--data") data = argv[i + 1];
        else if (k == "--cli") cli = argv[i + 1];
        else if (k == "--sqlite3") sqlite = argv[i + 1];
    }
    const std::string input = data + "/ml-1m/ml-1m.txt";
    if (!fs::exists(input)) {
        std::printf("SKIP: %s not found (set RECSCOPE_DATA_DIR)\n", input.c_str());
        return 0;
    }
    if (!fs::exists(sqlite)) {
        std::printf("SKIP: %s not found (apt-get install sqlite3)\n", sqlite.c_str());
        return 0;
    }
    const fs::path tmp = fs::temp_directory_path() / ("recscope-bench-" + std::to_string(getpid()));
    fs::create_directories(tmp);
    // The shell reads its commands from a script: an equivalent two-column table, one transaction.
    const std::string script = (tmp / "import.sql").string();
    std::ofstream(script) << "CREATE TABLE interactions(user_id INTEGER, item_id INTEGER);\n"
                             ".mode list\n.separator \" \"\n.import '" << input << "' interactions\n";
    long rows = 0; // as the engine's import report counts them

    std::vector<double> ours, shell, inProcess;
    long oursPeak = 0, shellPeak = 0, inProcessGrowth = 0;
    for (int r = 0; r < runs; ++r) {
        const auto p1 = (tmp / ("r" + std::to_string(r) + ".recscope")).string();
        const auto p2 = (tmp / ("s" + std::to_string(r) + ".sqlite")).string();
        const Sample a = run({cli, "import", "--project", p1, "--format", "sasrec", "--name", "ml-1m", input});
        const Sample b = run({sqlite, p2}, script);
        if (a.status != 0 || b.status != 0) {
            std::fprintf(stderr, "a run failed (recscope-cli %d, sqlite3 %d)\n", a.status, b.status);
            return 1;
        }
        // The same import through the engine in this process: no process start, no library loading.
        rusage before{}, after{};
        getrusage(RUSAGE_SELF, &before);
        const auto t0 = std::chrono::steady_clock::now();
        {
            auto project = recscope::engine::Project::openOrCreate((tmp / ("e" + std::to_string(r) + ".recscope")).string());
            recscope::engine::ImportRequest req;
            req.format = "sasrec";
            req.path = input;
            recscope::engine::NullProgress none;
            rows = static_cast<long>(recscope::engine::importDataset(*project, req, none).interactions);
        }
        inProcess.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        getrusage(RUSAGE_SELF, &after);
        inProcessGrowth = std::max(inProcessGrowth, after.ru_maxrss - before.ru_maxrss);
        ours.push_back(a.seconds);
        shell.push_back(b.seconds);
        oursPeak = std::max(oursPeak, a.peakKiB);
        shellPeak = std::max(shellPeak, b.peakKiB);
        std::printf("run %d: recscope-cli %.3f s, engine in-process %.3f s, sqlite3 .import %.3f s\n", r + 1, a.seconds,
                    inProcess.back(), b.seconds);
    }
    const double mo = median(ours), ms = median(shell), mi = median(inProcess);
    const Sample startup = run({cli, "--version"});
    std::printf("\nML-1M import (%ld rows), median of %d alternating runs\n", rows, runs);
    std::printf("  recscope-cli import : %.3f s  %.0f rows/s  peak RSS %.1f MiB\n", mo, rows / mo, oursPeak / 1024.0);
    std::printf("  sqlite3 .import     : %.3f s  %.0f rows/s  peak RSS %.1f MiB\n", ms, rows / ms, shellPeak / 1024.0);
    std::printf("  engine importDataset: %.3f s  %.0f rows/s  peak RSS growth %.1f MiB\n", mi, rows / mi, inProcessGrowth / 1024.0);
    std::printf("  recscope-cli --version (process start alone): %.3f s, peak RSS %.1f MiB\n", startup.seconds,
                startup.peakKiB / 1024.0);
    std::printf("  ratio engine import / sqlite3 .import = %.2f  (target <= 1.5)\n", mi / ms);
    std::printf("  ratio whole recscope-cli process / sqlite3 .import = %.2f\n", mo / ms);
    std::printf("  The engine's import parses, de-duplicates ids, sorts each user's events, writes users, items\n"
                "  and per-user sequences in one transaction and fingerprints the data. The CLI process adds the\n"
                "  start-up of every libtorch-linked program (static operator registration, ~290 shared libraries).\n");
    fs::remove_all(tmp);
    return 0;
}
