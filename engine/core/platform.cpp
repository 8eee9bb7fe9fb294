// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/platform.h"

#if defined(_WIN32)
#include <winsock2.h>
#include <windows.h>
#else
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <filesystem>
#if defined(__APPLE__)
#include <mach-o/dyld.h>
#include <sys/sysctl.h>
#endif
#endif

namespace recscope::engine::platform {

#if defined(_WIN32)

std::int64_t processId() { return static_cast<std::int64_t>(::GetCurrentProcessId()); }

bool processAlive(std::int64_t pid) {
    HANDLE process = ::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (!process)
        return ::GetLastError() == ERROR_ACCESS_DENIED; // it exists, but is not ours to ask
    DWORD code = 0;
    const bool alive = ::GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    ::CloseHandle(process);
    return alive;
}

std::uint64_t physicalMemoryBytes() {
    MEMORYSTATUSEX status{};
    status.dwLength = sizeof status;
    return ::GlobalMemoryStatusEx(&status) ? static_cast<std::uint64_t>(status.ullTotalPhys) : 0;
}

std::string executablePath() {
    wchar_t buffer[32768];
    const DWORD n = ::GetModuleFileNameW(nullptr, buffer, static_cast<DWORD>(std::size(buffer)));
    if (n == 0 || n >= std::size(buffer))
        return {};
    const int bytes = ::WideCharToMultiByte(CP_UTF8, 0, buffer, static_cast<int>(n), nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<std::size_t>(bytes), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, buffer, static_cast<int>(n), out.data(), bytes, nullptr, nullptr);
    return out;
}

void *openLibrary(const std::string &path, std::string *error) {
    const int wide = ::MultiByteToWideChar(CP_UTF8, 0, path.c_str(), -1, nullptr, 0);
    std::wstring name(static_cast<std::size_t>(wide), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, path.c_str(), -1, name.data(), wide);
    HMODULE library = ::LoadLibraryW(name.c_str());
    if (!library && error)
        *error = "LoadLibrary failed with error " + std::to_string(::GetLastError());
    return reinterpret_cast<void *>(library);
}

void *librarySymbol(void *library, const char *name) {
    return reinterpret_cast<void *>(::GetProcAddress(reinterpret_cast<HMODULE>(library), name));
}

void *loadedSymbol(const char *name) {
    for (const char *module : {"libopenblas.dll", "openblas.dll"})
        if (HMODULE m = ::GetModuleHandleA(module))
            if (auto *f = reinterpret_cast<void *>(::GetProcAddress(m, name)))
                return f;
    return nullptr;
}

int freeLoopbackPort() {
    WSADATA data;
    if (::WSAStartup(MAKEWORD(2, 2), &data) != 0)
        return 0;
    const SOCKET fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int size = sizeof a;
    int port = 0;
    if (fd != INVALID_SOCKET && ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &size) == 0)
        port = ntohs(a.sin_port);
    if (fd != INVALID_SOCKET)
        ::closesocket(fd);
    ::WSACleanup();
    return port;
}


#else // POSIX: Linux and macOS

std::int64_t processId() { return static_cast<std::int64_t>(::getpid()); }

bool processAlive(std::int64_t pid) {
    if (pid <= 0 || pid > INT_MAX)
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::uint64_t physicalMemoryBytes() {
#if defined(__APPLE__)
    std::uint64_t bytes = 0;
    std::size_t size = sizeof bytes;
    return ::sysctlbyname("hw.memsize", &bytes, &size, nullptr, 0) == 0 ? bytes : 0;
#else
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size) : 0;
#endif
}

std::string executablePath() {
#if defined(__APPLE__)
    char buffer[PATH_MAX];
    std::uint32_t size = sizeof buffer;
    return ::_NSGetExecutablePath(buffer, &size) == 0 ? std::string(buffer) : std::string();
#else
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : exe.string();
#endif
}

void *openLibrary(const std::string &path, std::string *error) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // Sanitizer runtimes abort on RTLD_DEEPBIND, and without it the plugin's protobuf would clash.
    if (error)
        *error = "plugins are not loaded in a sanitizer build (RTLD_DEEPBIND is refused there)";
    (void)path;
    return nullptr;
#else
#if defined(__APPLE__)
    void *library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
#else
    void *library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
#endif
    if (!library && error) {
        const char *why = ::dlerror();
        *error = why ? why : "dlopen failed";
    }
    return library;
#endif
}

void *librarySymbol(void *library, const char *name) { return ::dlsym(library, name); }

void *loadedSymbol(const char *name) { return ::dlsym(RTLD_DEFAULT, name); }

int freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 && ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &size) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        ::close(fd);
    return port;
}


#endif

} // namespace recscope::engine::platform
