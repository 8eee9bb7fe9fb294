// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "engine/core/runtime.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>

namespace recscope::cli {

using namespace engine;

CallbackProgress makeProgress(bool show, std::string stallAt) {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    return CallbackProgress([show, last, stallAt](double f, const ProgressStage &code) {
        if (!show && stallAt.empty())
            return;
        const std::string stage = englishText(code);
        if (!stallAt.empty() && stage.rfind(stallAt, 0) == 0) {
            std::fprintf(stderr, "stalled in %s\n", stage.c_str());
            std::fflush(stderr);
            for (;;)
                std::this_thread::sleep_for(std::chrono::seconds(1));
        }
        if (!show)
            return;
        const auto now = std::chrono::steady_clock::now();
        if (now - *last < std::chrono::milliseconds(100) && f < 1.0)
            return;
        *last = now;
        std::fprintf(stderr, "progress %.3f %s\n", f, stage.c_str());
        std::fflush(stderr);
    });
}

int exitCodeFor(const EngineError &e) {
    switch (e.kind()) {
    case ErrorKind::Usage: return kUsage;
    case ErrorKind::BadInput: return kBadInput;
    case ErrorKind::Project: return kProjectError;
    case ErrorKind::Passphrase: return kProjectError;
    case ErrorKind::Cancelled: return kCancelled;
    case ErrorKind::Io: return kFailure;
    case ErrorKind::Peer: return kFailure;
    }
    return kFailure;
}

void addProjectOption(CLI::App *cmd, std::string &project) { cmd->add_option("--project", project, "Project file")->required(); }

void addJsonFlag(CLI::App *cmd, bool &json, const std::string &what) { cmd->add_flag("--json", json, what); }

void addProgressFlag(CLI::App *cmd, Shared &shared) { cmd->add_flag("--progress", shared.progress, "Print progress lines to stderr"); }

std::string readPassphraseFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw EngineError(ErrorKind::Usage, "cannot read the passphrase file", {path});
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        throw EngineError(ErrorKind::Usage, "the passphrase file's first line is empty", {path, 1});
    return line;
}

namespace {

// The first line on the file descriptor named by the environment variable `name` (empty when unset).
std::string lineFromFdNamedBy(const char *name) {
    const char *fdText = std::getenv(name);
    if (!fdText || !*fdText)
        return {};
    const auto fd = parseId(fdText);
    if (!fd || *fd < 0)
        throw EngineError(ErrorKind::Usage, std::string(name) + " is not a file descriptor: '" + fdText + "'");
    std::string line;
    char c = 0;
    while (::read(static_cast<int>(*fd), &c, 1) == 1 && c != '\n')
        line += c;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    if (line.empty())
        throw EngineError(ErrorKind::Usage, "nothing could be read from " + std::string(name) + "=" + fdText);
    return line;
}

} // namespace

std::string readSessionPassphrase(const std::string &passphraseFile) {
    if (!passphraseFile.empty())
        return readPassphraseFile(passphraseFile);
    return lineFromFdNamedBy("RECSCOPE_PASSPHRASE_FD");
}

void readWorkerKey() {
    std::string line = lineFromFdNamedBy("RECSCOPE_PROJECT_KEY_FD");
    if (!line.empty())
        engine::setSessionWorkerKey(engine::SecretBytes::takeString(line));
}

std::string requirePassphrase(const Shared &shared, const std::string &command) {
    if (shared.passphrase.empty())
        throw EngineError(ErrorKind::Usage, command + " needs a passphrase: give --passphrase-file FILE, or its first line on "
                                                      "the file descriptor named by RECSCOPE_PASSPHRASE_FD");
    return shared.passphrase;
}

KdfCost kdfCost(const Shared &shared) {
    if (shared.kdfCost == "minimal")
        return KdfCost::minimal();
    if (shared.kdfCost == "interactive")
        return KdfCost::interactive();
    return KdfCost::moderate();
}

std::vector<std::string> splitList(const std::string &text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        if (end > start)
            out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::map<std::string, std::string> parseSets(const std::vector<std::string> &sets) {
    std::map<std::string, std::string> values;
    for (const auto &kv : sets) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0)
            throw EngineError(ErrorKind::Usage, "--set takes KEY=VALUE, not '" + kv + "'");
        values[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    return values;
}

std::vector<int> parseKs(const std::string &text) {
    std::vector<int> ks;
    for (const auto &part : splitList(text)) {
        const auto k = parseId(part);
        if (!k)
            throw EngineError(ErrorKind::Usage, "--k: '" + part + "' is not a whole number");
        ks.push_back(static_cast<int>(*k));
    }
    return ks;
}

namespace {
template <typename Record>
std::int64_t findByRef(const std::vector<Record> &records, const std::string &ref, const char *what) {
    std::int64_t index = -1;
    if (!ref.empty() && ref[0] == '#')
        index = parseId(ref.substr(1)).value_or(-1);
    for (const auto &r : records)
        if (r.externalId == ref)
            index = r.index;
    if (index < 0 || index >= static_cast<std::int64_t>(records.size()))
        throw EngineError(ErrorKind::Usage, std::string("no ") + what + " '" + ref + "' in the run's dataset");
    return index;
}
} // namespace

std::int64_t findUser(const std::vector<UserRecord> &users, const std::string &ref) { return findByRef(users, ref, "user"); }
std::int64_t findItem(const std::vector<ItemRecord> &items, const std::string &ref) { return findByRef(items, ref, "item"); }

} // namespace recscope::cli
