// SPDX-License-Identifier: GPL-3.0-or-later
// The few things the engine asks of the operating system, in one place so that the Windows and
// macOS packages build from the same sources: process ids and liveness (is the process that was
// training a run still there?), physical memory (will a training run fit?), the executable's path
// (where the plugins are) and loading a plugin with its own symbols first. Linux is the platform
// built and tested here; the Windows and macOS branches follow each system's documented API
// (named beside each function) and are compiled by those packages' builds.
#pragma once

#include <cstdint>
#include <string>

namespace recscope::engine::platform {

// This process's id. POSIX getpid; Windows GetCurrentProcessId.
std::int64_t processId();
// Whether a process with this id runs now. POSIX kill(pid, 0) (EPERM: it runs, as another user);
// Windows OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION) and GetExitCodeProcess == STILL_ACTIVE.
bool processAlive(std::int64_t pid);
// Installed physical memory in bytes, 0 when unknown. Linux sysconf(_SC_PHYS_PAGES x
// _SC_PAGE_SIZE); macOS sysctl hw.memsize; Windows GlobalMemoryStatusEx.
std::uint64_t physicalMemoryBytes();
// The running executable's full path, empty when unknown. Linux /proc/self/exe; macOS
// _NSGetExecutablePath; Windows GetModuleFileNameW.
std::string executablePath();
// Opens a plugin so that it binds its own symbols first (its protobuf, not libtorch's): Linux
// dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND); macOS dlopen(RTLD_NOW | RTLD_LOCAL), which keeps
// two-level namespaces; Windows LoadLibraryW (each DLL resolves its own imports). Null on failure,
// with `error` set.
void *openLibrary(const std::string &path, std::string *error = nullptr);
void *librarySymbol(void *library, const char *name);
// A function already loaded into the process by name (OpenBLAS's thread setter), or null. POSIX
// dlsym(RTLD_DEFAULT); Windows GetProcAddress over the loaded openblas module.
void *loadedSymbol(const char *name);
// A TCP port on 127.0.0.1 that nobody listens on now (the system's choice for port 0), for the
// processes of a data-parallel run to meet at; 0 when none can be had. POSIX and Winsock bind,
// getsockname.
int freeLoopbackPort();

} // namespace recscope::engine::platform
