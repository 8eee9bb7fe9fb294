// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/launcher.h"

#include "engine/core/errors.h"
#include "engine/core/platform.h"

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#endif

namespace recscope::cli {

using engine::EngineError;
using engine::ErrorKind;

std::vector<std::string> withoutNproc(const std::vector<std::string> &argv) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        if (argv[i] == "--nproc") {
            ++i;
            continue;
        }
        if (argv[i].rfind("--nproc=", 0) == 0)
            continue;
        out.push_back(argv[i]);
    }
    return out;
}

#if defined(__unix__) || defined(__APPLE__)

int launchWorkers(int n, const std::vector<std::string> &argv, const std::string &passphrase) {
    if (n < 1 || n > 256)
        throw EngineError(ErrorKind::Usage, "--nproc " + std::to_string(n) + ": give 1 to 256 processes");
    if (std::getenv("RANK") || std::getenv("WORLD_SIZE"))
        throw EngineError(ErrorKind::Usage, "--nproc with RANK or WORLD_SIZE set: this process is already a launched worker");
    const auto args = withoutNproc(argv);
    const int freePort = engine::platform::freeLoopbackPort();
    if (freePort == 0)
        throw EngineError(ErrorKind::Io, "--nproc: no free port on 127.0.0.1 for the processes to meet at");
    const std::string self = engine::platform::executablePath(), exe = self.empty() ? args.at(0) : self, port = std::to_string(freePort);
    std::vector<pid_t> children;
    for (int rank = 0; rank < n; ++rank) {
        int pipeFds[2] = {-1, -1};
        if (!passphrase.empty() && ::pipe(pipeFds) != 0)
            throw EngineError(ErrorKind::Io, std::string("--nproc: cannot make a pipe (") + std::strerror(errno) + ")");
        const pid_t pid = ::fork();
        if (pid < 0)
            throw EngineError(ErrorKind::Io, std::string("--nproc: cannot start a process (") + std::strerror(errno) + ")");
        if (pid == 0) {
            ::setenv("RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(n).c_str(), 1);
            ::setenv("LOCAL_WORLD_SIZE", std::to_string(n).c_str(), 1);
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", port.c_str(), 1);
            if (!passphrase.empty()) {
                ::close(pipeFds[1]);
                ::setenv("RECSCOPE_PASSPHRASE_FD", std::to_string(pipeFds[0]).c_str(), 1);
            }
            if (rank > 0) {
                const int null = ::open("/dev/null", O_WRONLY);
                if (null >= 0)
                    ::dup2(null, STDOUT_FILENO);
            }
            std::vector<char *> cargs;
            for (const auto &a : args)
                cargs.push_back(const_cast<char *>(a.c_str()));
            cargs.push_back(nullptr);
            ::execv(exe.c_str(), cargs.data());
            std::perror("recscope-cli --nproc: exec");
            ::_exit(127);
        }
        if (!passphrase.empty()) {
            ::close(pipeFds[0]);
            const std::string line = passphrase + "\n";
            [[maybe_unused]] const auto written = ::write(pipeFds[1], line.data(), line.size());
            ::close(pipeFds[1]);
        }
        children.push_back(pid);
    }
    // Ctrl-C reaches every rank through the terminal's process group; a TERM sent to this
    // process alone is passed on to them.
    static std::vector<pid_t> *s_children = nullptr;
    s_children = &children;
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, [](int) {
        if (s_children)
            for (const pid_t p : *s_children)
                ::kill(p, SIGINT);
    });
    int leader = 0, other = 0;
    for (int rank = 0; rank < n; ++rank) {
        int status = 0;
        while (::waitpid(children[static_cast<std::size_t>(rank)], &status, 0) < 0 && errno == EINTR) {
        }
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (rank == 0)
            leader = code;
        else if (code != 0 && other == 0)
            other = code;
    }
    s_children = nullptr;
    return leader != 0 ? leader : other;
}

#else

int launchWorkers(int, const std::vector<std::string> &, const std::string &) {
    throw EngineError(ErrorKind::Usage, "--nproc starts processes on Linux and macOS; elsewhere start the ranks with torchrun");
}

#endif

} // namespace recscope::cli
