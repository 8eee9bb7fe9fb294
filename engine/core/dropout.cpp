// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/dropout.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <cstdint>
#include <mutex>

namespace recscope::engine {

namespace {

constexpr std::int64_t kChunk = 1 << 14; // elements per independently seeded stream

std::uint64_t splitmix64(std::uint64_t &state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t seedFromTorch() {
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get<at::CPUGeneratorImpl>()->random64();
}

// A float mask of 0 and 1 / keep: each element kept when a 32-bit draw falls below keep x 2^32.
torch::Tensor keepMask(at::IntArrayRef shape, double keep) {
    auto mask = torch::empty(shape, torch::kFloat);
    float *out = mask.data_ptr<float>();
    const std::int64_t n = mask.numel();
    const auto threshold = static_cast<std::uint64_t>(keep * 4294967296.0);
    const float scale = static_cast<float>(1.0 / keep);
    const std::uint64_t seed = seedFromTorch();
    const std::int64_t chunks = (n + kChunk - 1) / kChunk;
    at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
        for (std::int64_t c = first; c < last; ++c) {
            std::uint64_t state = seed ^ (static_cast<std::uint64_t>(c) * 0xd1b54a32d192ed03ULL);
            const std::int64_t begin = c * kChunk, end = std::min(n, begin + kChunk);
            std::int64_t i = begin;
            for (; i + 1 < end; i += 2) {
                const std::uint64_t r = splitmix64(state);
                out[i] = (r & 0xffffffffULL) < threshold ? scale : 0.0f;
                out[i + 1] = (r >> 32) < threshold ? scale : 0.0f;
            }
            if (i < end)
                out[i] = (splitmix64(state) & 0xffffffffULL) < threshold ? scale : 0.0f;
        }
    });
    return mask;
}

} // namespace

torch::Tensor fastDropout(const torch::Tensor &x, double p, bool training) {
    if (!training || p <= 0)
        return x;
    if (p >= 1)
        return x * 0;
    if (x.device().type() != torch::kCPU || x.scalar_type() != torch::kFloat)
        return torch::dropout(x, p, true);
    return x * keepMask(x.sizes(), 1.0 - p);
}

} // namespace recscope::engine
