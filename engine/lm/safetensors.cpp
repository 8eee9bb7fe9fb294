// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/safetensors.h"

#include "engine/core/errors.h"
#include "engine/lm/safetensorsheader.h"

#include <filesystem>
#include <fstream>

namespace recscope::engine {

namespace {

torch::ScalarType scalarType(const std::string &dtype) {
    static const std::map<std::string, torch::ScalarType> types = {
        {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16}, {"I64", torch::kInt64},
        {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},     {"U8", torch::kUInt8},      {"BOOL", torch::kBool}};
    return types.at(dtype); // the header reader only lets these through
}

} // namespace

std::map<std::string, torch::Tensor> readSafeTensors(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    const auto fileSize = std::filesystem::file_size(path, ec);
    if (!in || ec)
        throw EngineError(ErrorKind::BadInput, "cannot be read", {path});
    const auto header = readSafeTensorsHeader(in, fileSize, path);
    std::map<std::string, torch::Tensor> out;
    for (const auto &t : header.tensors) {
        auto tensor = torch::empty(t.shape, torch::TensorOptions().dtype(scalarType(t.dtype)));
        const auto bytes = t.end - t.begin;
        in.seekg(static_cast<std::streamoff>(header.dataStart + t.begin));
        if (bytes > 0 && !in.read(static_cast<char *>(tensor.data_ptr()), static_cast<std::streamsize>(bytes)))
            throw EngineError(ErrorKind::BadInput, "the file ends inside the tensor's data", {path, 0, t.name});
        out[t.name] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor.to(torch::kInt64);
    }
    return out;
}

} // namespace recscope::engine
