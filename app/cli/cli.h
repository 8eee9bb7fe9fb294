// SPDX-License-Identifier: GPL-3.0-or-later
// recscope-cli's shared parts: how a command is registered and run, exit codes, progress lines,
// and the small parsers and JSON helpers several commands use.
#pragma once

#include "engine/core/errors.h"
#include "engine/core/progress.h"
#include "engine/evaluation/diagnostics.h"
#include "engine/store/encryption.h"
#include "engine/store/project.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace recscope::cli {

using Json = nlohmann::json;

// Exit codes promised to scripts.
enum Exit { kOk = 0, kFailure = 1, kUsage = 2, kBadInput = 3, kProjectError = 4, kCancelled = 130 };

// Options every command may bind to (one value for the whole command line).
struct Shared {
    int threads = 0;      // torch intra-op threads; 0 = all cores
    std::string passphraseFile; // --passphrase-file: encrypted projects' passphrase
    std::string passphrase;     // read once, from the file or RECSCOPE_PASSPHRASE_FD
    std::string kdfCost = "moderate"; // testing: how hard new keys are to derive
    bool progress = false; // progress lines on stderr
    std::string stallAt;   // testing only: hang when this stage starts
    std::vector<std::string> argv; // the command line, for --nproc to start copies of it
};

// A subcommand: its parser, and what it does once parsed (returns the exit code).
struct Command {
    CLI::App *parser = nullptr;
    std::function<int(engine::Progress &progress)> run;
};
using Commands = std::vector<Command>;

// Each group of commands adds its subcommands to `app` (files named after the group).
void addDataCommands(CLI::App &app, Shared &shared, Commands &out);
void addRunCommands(CLI::App &app, Shared &shared, Commands &out);
void addEvaluationCommands(CLI::App &app, Shared &shared, Commands &out);
// A diagnosis as `recscope-cli diagnose --json` prints it (also inside review's).
Json diagnosisJson(const engine::Diagnosis &d);
void addExplainCommands(CLI::App &app, Shared &shared, Commands &out);
void addLabCommands(CLI::App &app, Shared &shared, Commands &out);
void addExportCommands(CLI::App &app, Shared &shared, Commands &out);
void addSecurityCommands(CLI::App &app, Shared &shared, Commands &out);

// The passphrase for this command line: --passphrase-file, or the first line read from file
// descriptor RECSCOPE_PASSPHRASE_FD (so that it never appears in a process listing). Empty when
// neither is given.
std::string readSessionPassphrase(const std::string &passphraseFile);
// A worker started by the workbench for an encrypted project is handed the project's key, not its
// passphrase, on the file descriptor named by RECSCOPE_PROJECT_KEY_FD: this reads and installs it.
void readWorkerKey();
// The passphrase a command cannot do without; throws EngineError(Usage) saying how to give one.
std::string requirePassphrase(const Shared &shared, const std::string &command);
engine::KdfCost kdfCost(const Shared &shared);

// Prints "progress 0.42 stage" lines to stderr at most ten times a second when `show`.
// `stallAt` (a hidden option for crash tests) announces a stage and then hangs inside it, so a
// test can kill the process at a known point of an open transaction.
engine::CallbackProgress makeProgress(bool show, std::string stallAt);
int exitCodeFor(const engine::EngineError &e);

// Common options.
void addProjectOption(CLI::App *cmd, std::string &project);
void addJsonFlag(CLI::App *cmd, bool &json, const std::string &what = "JSON on stdout");
void addProgressFlag(CLI::App *cmd, Shared &shared);

// The first line of a file, without its line end: a passphrase. Throws EngineError(Usage) naming
// the file when it cannot be read or the line is empty.
std::string readPassphraseFile(const std::string &path);

// "a,b,,c" -> {a, b, c}.
std::vector<std::string> splitList(const std::string &text);
// --set KEY=VALUE pairs.
std::map<std::string, std::string> parseSets(const std::vector<std::string> &sets);
// --k 5,10,20.
std::vector<int> parseKs(const std::string &text);
// A user or item named by its stored id or by "#index"; its index.
std::int64_t findUser(const std::vector<engine::UserRecord> &users, const std::string &ref);
std::int64_t findItem(const std::vector<engine::ItemRecord> &items, const std::string &ref);

// A finite number, or null (JSON has no NaN).
inline Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

} // namespace recscope::cli
