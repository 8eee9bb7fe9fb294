// SPDX-License-Identifier: GPL-3.0-or-later
// recscope-cli: the headless front end to the engine, for scripts, benchmarks and CI. Each
// command is one function in the file of its group; this file parses and dispatches.
#include "cli/cli.h"

#include "engine/core/runtime.h"

#include <csignal>
#include <iostream>
#include <new>

using namespace recscope;

namespace {

engine::CallbackProgress *g_progress = nullptr;

extern "C" void onSignal(int) {
    if (g_progress)
        g_progress->cancel();
}

} // namespace

int main(int argc, char **argv) {
    engine::keepLargeAllocations();
    CLI::App app{"RecScope command line: import datasets and inspect projects headlessly.", "recscope-cli"};
    app.set_version_flag("--version", std::string("recscope-cli " RECSCOPE_VERSION " (") + engine::engineVersions() + ")");
    app.require_subcommand(1);
    cli::Shared shared;
    shared.argv.assign(argv, argv + argc);
    app.add_option("--threads", shared.threads, "Torch intra-op threads (0 = all cores)")->capture_default_str();
    app.add_option("--passphrase-file", shared.passphraseFile,
                   "Passphrase of an encrypted project (first line of FILE; or give it on the file descriptor named by "
                   "RECSCOPE_PASSPHRASE_FD). New projects are created encrypted with it");
    app.add_option("--kdf-cost", shared.kdfCost, "Testing only: moderate | interactive | minimal")
        ->check(CLI::IsMember({"moderate", "interactive", "minimal"}))
        ->group("");
    app.fallthrough(); // global options may follow the command's name too

    cli::Commands commands;
    cli::addDataCommands(app, shared, commands);
    cli::addRunCommands(app, shared, commands);
    cli::addEvaluationCommands(app, shared, commands);
    cli::addExplainCommands(app, shared, commands);
    cli::addLabCommands(app, shared, commands);
    cli::addExportCommands(app, shared, commands);
    cli::addSecurityCommands(app, shared, commands);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int rc = app.exit(e);
        return rc == 0 ? cli::kOk : cli::kUsage;
    }

    // Torch threads matter only to commands that compute; set them when asked.
    if (shared.threads > 0)
        engine::setComputeThreads(shared.threads);
    engine::CallbackProgress sink = cli::makeProgress(shared.progress, shared.stallAt);
    g_progress = &sink;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    try {
        cli::readWorkerKey();
        shared.passphrase = cli::readSessionPassphrase(shared.passphraseFile);
        if (!shared.passphrase.empty())
            engine::setSessionPassphrase(shared.passphrase, cli::kdfCost(shared));
        for (const auto &c : commands)
            if (c.parser->parsed())
                return c.run(sink);
    } catch (const engine::EngineError &e) {
        std::cerr << "recscope-cli: " << e.what() << "\n";
        return cli::exitCodeFor(e);
    } catch (const nlohmann::json::exception &e) {
        // JSON the engine failed to wrap: what was read or stored is at fault, not the command line.
        std::cerr << "recscope-cli: unreadable or unwritable JSON data (" << e.what() << ")\n";
        return cli::kBadInput;
    } catch (const std::bad_alloc &) {
        std::cerr << "recscope-cli: out of memory\n";
        return cli::kFailure;
    } catch (const std::exception &e) {
        // A library's exception the engine did not wrap (torch loading a stored model, the file
        // system): what the project holds or where it lives is at fault.
        std::cerr << "recscope-cli: error while reading or writing the project: " << e.what() << "\n";
        return cli::kProjectError;
    }
    return cli::kOk;
}
