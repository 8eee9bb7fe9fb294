// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/device.h"

#include "engine/core/errors.h"

#include <ATen/Context.h>
#include <ATen/detail/CUDAHooksInterface.h>

#include <mutex>

namespace recscope::engine {

namespace {

int gpuCount() { return at::hasCUDA() ? at::detail::getCUDAHooks().getNumGPUs() : 0; }

std::mutex g_preferredMutex;
std::string g_preferred = "auto";

} // namespace

bool cudaBuild() {
    try {
        at::detail::getCUDAHooks().versionCUDART(); // the CPU-only stub throws
        return true;
    } catch (const std::exception &) {
        return false;
    }
}

std::vector<std::string> computeDevices() {
    std::vector<std::string> out{"cpu"};
    for (int i = 0; i < gpuCount(); ++i)
        out.push_back("cuda:" + std::to_string(i));
    return out;
}

void setPreferredDevice(const std::string &setting) {
    const std::lock_guard lock(g_preferredMutex);
    g_preferred = isDeviceSetting(setting) ? setting : "auto";
}

std::string preferredDevice() {
    const std::lock_guard lock(g_preferredMutex);
    return g_preferred;
}

std::string resolveDevice(const std::string &setting) {
    if (setting == "cpu")
        return setting;
    const int gpus = gpuCount();
    if (setting == "auto") {
        if (const auto preferred = preferredDevice(); preferred != "auto") {
            try {
                return resolveDevice(preferred);
            } catch (const EngineError &) {
                // not on this machine: the automatic choice
            }
        }
        return gpus > 0 ? "cuda:0" : "cpu";
    }
    const int index = detail::cudaIndex(setting);
    if (index < -1)
        throw EngineError(ErrorKind::Usage, "device='" + setting + "' is not a device: cpu, cuda, cuda:N or auto");
    if (!cudaBuild())
        throw EngineError(ErrorKind::Usage, "device=" + setting + ": this build's libtorch has no CUDA (Debian's libtorch is CPU-only); "
                                                                 "build against the libtorch of a CUDA PyTorch (scripts/gpu-check.sh shows how) or use device=cpu");
    if (gpus == 0)
        throw EngineError(ErrorKind::Usage, "device=" + setting + ": this build has CUDA but no GPU is visible here "
                                                                 "(driver, CUDA_VISIBLE_DEVICES); use device=cpu or auto");
    if (index >= gpus)
        throw EngineError(ErrorKind::Usage, "device=" + setting + ": this machine has " + std::to_string(gpus) + " GPU(s), cuda:0 to cuda:" +
                                                std::to_string(gpus - 1));
    return "cuda:" + std::to_string(std::max(0, index));
}

} // namespace recscope::engine
