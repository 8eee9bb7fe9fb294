// SPDX-License-Identifier: GPL-3.0-or-later
// Where a run computes: the processor or a CUDA GPU, as the `device` setting names it
// (cpu | cuda | cuda:N | auto). Std-only.
#pragma once

#include <string>
#include <vector>

namespace recscope::engine {

// The devices this build and machine can compute on, "cpu" first, then "cuda:0", "cuda:1"...
std::vector<std::string> computeDevices();
// Whether the libtorch this build links has CUDA at all (Debian's is CPU-only).
bool cudaBuild();

// The device a `device` setting names, as stored with a run: "cpu" or "cuda:N" (auto: the first
// GPU if there is one, else the processor; cuda: the first GPU). Throws EngineError(Usage)
// naming what is missing: CUDA in this build, a GPU on this machine, or GPU N.
std::string resolveDevice(const std::string &setting);
// Whether `setting` is one of the forms above (syntax only).
bool isDeviceSetting(const std::string &setting);

namespace detail {
// N of "cuda:N", -1 for "cuda", -2 for anything else. (devicesetting.cpp: no libtorch, so the
// settings parser links into the torch-free fuzz build.)
int cudaIndex(const std::string &setting);
} // namespace detail

// What `auto` means in this process (Preferences ▸ Compute device): a device setting; "auto",
// the default, is the first GPU if there is one. A preferred device this machine lacks falls
// back to that.
void setPreferredDevice(const std::string &setting);
std::string preferredDevice();

} // namespace recscope::engine
