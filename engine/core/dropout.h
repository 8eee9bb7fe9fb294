// SPDX-License-Identifier: GPL-3.0-or-later
// Dropout with a fast mask. Torch's CPU dropout draws each element through a Bernoulli
// distribution on one Mersenne Twister (a third of a SASRec training step at the anchor shape);
// this draws the mask with splitmix64 in fixed-size chunks, in parallel, seeded from torch's
// generator: the same mask for the same torch seed whatever the thread count.
#pragma once

#ifndef RECSCOPE_ENGINE_INTERNAL
#error "engine/core/dropout.h is private to the engine"
#endif

#include <torch/nn/cloneable.h>
#include <torch/types.h>

namespace recscope::engine {

// x with each element kept with probability 1 - p and scaled by 1 / (1 - p); x itself when not
// training or p is 0. Gradients flow through the kept elements (an ordinary product with the mask).
torch::Tensor fastDropout(const torch::Tensor &x, double p, bool training);

// The module form, for models that switch dropout with train() and eval().
class DropoutImpl : public torch::nn::Cloneable<DropoutImpl> {
public:
    explicit DropoutImpl(double p = 0.5) : m_p(p) {}
    void reset() override {}
    torch::Tensor forward(const torch::Tensor &x) { return fastDropout(x, m_p, is_training()); }
    double p() const { return m_p; }

private:
    double m_p;
};
TORCH_MODULE(Dropout);

} // namespace recscope::engine
