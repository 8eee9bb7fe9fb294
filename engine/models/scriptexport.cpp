// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/models/scriptexport.h"

#include "engine/core/errors.h"

#include <torch/script.h>

#include <cmath>
#include <map>
#include <sstream>

namespace recscope::engine::detail {

namespace {

// TorchScript for SasRecImpl::encodeVectors and blocks in evaluation mode (no dropout): pre-norm
// attention with the normalised input as residual, the feed-forward residual on its normalised
// input, padding kept out by `keep` and the mask, a last layer norm.
std::string scriptSource(const SasRecOptions &o, std::int64_t numItems) {
    std::ostringstream s;
    s.precision(17);
    const auto H = o.hidden;
    s << "def norm(self, x: Tensor, w: Tensor, b: Tensor) -> Tensor:\n"
         "    mean = x.mean(-1, keepdim=True)\n"
         "    var = ((x - mean) * (x - mean)).mean(-1, keepdim=True)\n"
         "    return (x - mean) / torch.sqrt(var + 1e-08) * w + b\n\n";
    s << "def attend(self, query: Tensor, keys: Tensor, mask: Tensor, qw: Tensor, qb: Tensor, kw: Tensor, kb: Tensor, vw: Tensor, "
         "vb: Tensor, ow: Tensor, ob: Tensor) -> Tensor:\n"
         "    b = query.size(0)\n    l = query.size(1)\n"
         "    q = (torch.matmul(query, qw.t()) + qb).view(b, l, "
      << o.heads << ", " << H / o.heads
      << ").transpose(1, 2)\n"
         "    k = (torch.matmul(keys, kw.t()) + kb).view(b, l, "
      << o.heads << ", " << H / o.heads
      << ").transpose(1, 2)\n"
         "    v = (torch.matmul(keys, vw.t()) + vb).view(b, l, "
      << o.heads << ", " << H / o.heads << ").transpose(1, 2)\n"
      << "    scores = torch.matmul(q, k.transpose(-2, -1)) / " << std::sqrt(static_cast<double>(H / o.heads)) << "\n"
      << "    attn = torch.softmax(scores.masked_fill(mask, -1000000000.0), -1)\n"
         "    out = torch.matmul(attn, v).transpose(1, 2).contiguous().view(b, l, "
      << H << ")\n    return torch.matmul(out, ow.t()) + ob\n\n";
    s << "def encode(self, rows: Tensor) -> Tensor:\n"
         "    l = rows.size(1)\n"
         "    positions = torch.arange("
      << o.maxlen << " - l, " << o.maxlen
      << ").unsqueeze(0)\n"
         "    x = torch.embedding(self.inputs, rows) * "
      << std::sqrt(static_cast<double>(H))
      << " + torch.embedding(self.positions, positions)\n"
         "    keep = rows.ne(0).unsqueeze(-1).to(x.dtype)\n"
         "    x = x * keep\n"
         "    mask = rows.eq(0).unsqueeze(1).unsqueeze(2)\n";
    if (o.causal)
        s << "    mask = mask.logical_or(torch.ones([l, l]).triu(1).gt(0.5))\n";
    for (int64_t i = 0; i < o.layers; ++i) {
        const auto p = "self.l" + std::to_string(i) + "_";
        s << "    q = self.norm(x, " << p << "an_w, " << p << "an_b)\n"
          << "    x = q + self.attend(q, x, mask, " << p << "q_w, " << p << "q_b, " << p << "k_w, " << p << "k_b, " << p << "v_w, " << p
          << "v_b, " << p << "o_w, " << p << "o_b)\n"
          << "    y = self.norm(x, " << p << "fn_w, " << p << "fn_b)\n"
          << "    inner = torch.matmul(y, " << p << "f1_w.t()) + " << p << "f1_b\n";
        if (o.gelu)
            s << "    inner = 0.5 * inner * (1.0 + torch.erf(inner * 0.70710678118654752))\n";
        else
            s << "    inner = torch.relu(inner)\n";
        s << "    x = (y + torch.matmul(inner, " << p << "f2_w.t()) + " << p << "f2_b) * keep\n";
    }
    s << "    return self.norm(x, self.last_w, self.last_b)\n\n";
    s << "def forward(self, rows: Tensor) -> Tensor:\n"
         "    return torch.matmul(self.encode(rows).select(1, rows.size(1) - 1), self.outputs.t())\n\n";
    // A service's entry point: 0-based item indices in, the k best unseen items' ids and scores out.
    s << "def recommend(self, history: List[int], k: int) -> Tuple[List[str], Tensor]:\n"
         "    rows: List[int] = []\n"
         "    for i in history:\n"
         "        rows.append(i + 1)\n";
    if (o.maskToken)
        s << "    rows = rows[max(0, len(rows) - " << o.maxlen - 1 << "):]\n    rows.append(" << numItems + 1 << ")\n";
    else
        s << "    rows = rows[max(0, len(rows) - " << o.maxlen << "):]\n"
          << "    if len(rows) == 0:\n        rows.append(0)\n";
    s << "    scores = self.forward(torch.tensor([rows]))[0]\n"
         "    for i in history:\n"
         "        scores[i] = -3.0e38\n"
         "    best = torch.topk(scores, min(k, scores.size(0)))\n"
         "    indices: List[int] = best[1].tolist()\n"
         "    ids: List[str] = []\n"
         "    for j in indices:\n"
         "        ids.append(self.item_ids[j])\n"
         "    return ids, best[0]\n";
    return s.str();
}

} // namespace

void saveTransformerScript(SasRecImpl &model, const torch::Tensor &inputs, const torch::Tensor &outputs, const std::vector<std::string> &itemIds,
                           const std::string &file) {
    const auto &o = model.options();
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> weights;
    for (const auto &p : model.named_parameters())
        weights[p.key()] = p.value().detach().to(torch::kCPU).clone(); // the file is for any machine
    auto take = [&](const std::string &name) {
        const auto it = weights.find(name);
        if (it == weights.end())
            throw EngineError(ErrorKind::Project, "the model has no weight '" + name + "' to write");
        return it->second;
    };
    torch::jit::Module m("RecScopeTransformer");
    m.register_buffer("inputs", inputs.detach().to(torch::kCPU).contiguous().clone());
    m.register_buffer("outputs", outputs.detach().to(torch::kCPU).contiguous().clone());
    m.register_buffer("positions", take("positions.weight"));
    for (int64_t i = 0; i < o.layers; ++i) {
        const auto n = std::to_string(i);
        const auto p = "l" + n + "_";
        for (const auto &[mine, theirs] : std::vector<std::pair<std::string, std::string>>{
                 {"an", "attention_norms." + n}, {"q", "attention." + n + ".q"}, {"k", "attention." + n + ".k"},
                 {"v", "attention." + n + ".v"}, {"o", "attention." + n + ".out"}, {"fn", "ffn_norms." + n},
                 {"f1", "ffn1." + n}, {"f2", "ffn2." + n}}) {
            m.register_buffer(p + mine + "_w", take(theirs + ".weight"));
            m.register_buffer(p + mine + "_b", take(theirs + ".bias"));
        }
    }
    m.register_buffer("last_w", take("last_norm.weight"));
    m.register_buffer("last_b", take("last_norm.bias"));
    c10::List<std::string> ids;
    for (const auto &id : itemIds)
        ids.push_back(id);
    m.register_attribute("item_ids", c10::ListType::ofStrings(), ids);
    m.register_attribute("maxlen", c10::IntType::get(), o.maxlen);
    try {
        m.define(scriptSource(o, static_cast<std::int64_t>(itemIds.size())));
    } catch (const c10::Error &e) {
        throw EngineError(ErrorKind::Project, std::string("the TorchScript program did not compile: ") + e.what_without_backtrace());
    }
    m.eval();
    try {
        m.save(file);
    } catch (const c10::Error &e) {
        throw EngineError(ErrorKind::Io, std::string("cannot write the TorchScript file: ") + e.what_without_backtrace(), {file});
    }
}

} // namespace recscope::engine::detail
