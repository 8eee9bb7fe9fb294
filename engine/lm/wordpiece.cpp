// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/lm/wordpiece.h"

#include "engine/core/errors.h"
#include "engine/lm/files.h"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

namespace recscope::engine {

namespace {

using Json = nlohmann::json;
using Codepoints = std::vector<std::int32_t>;

Codepoints fromUtf8(std::string_view text) {
    Codepoints out;
    out.reserve(text.size());
    const auto *p = reinterpret_cast<const utf8proc_uint8_t *>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) { // an invalid byte: dropped, as the clean-up drops what is not text
            ++p;
            --left;
            continue;
        }
        out.push_back(cp);
        p += n;
        left -= n;
    }
    return out;
}

std::string toUtf8(const Codepoints &cps, std::size_t from = 0, std::size_t to = std::string::npos) {
    std::string out;
    utf8proc_uint8_t buf[4];
    for (std::size_t i = from; i < std::min(to, cps.size()); ++i) {
        const auto n = utf8proc_encode_char(cps[i], buf);
        out.append(reinterpret_cast<const char *>(buf), static_cast<std::size_t>(n));
    }
    return out;
}

// utf8proc's normal forms (NFC, NFD) of a code-point string.
Codepoints normalized(const Codepoints &cps, utf8proc_uint8_t *(*form)(const utf8proc_uint8_t *)) {
    const std::string text = toUtf8(cps);
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> out(form(reinterpret_cast<const utf8proc_uint8_t *>(text.c_str())), &std::free);
    return out ? fromUtf8(reinterpret_cast<const char *>(out.get())) : cps;
}

bool isWhitespace(std::int32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool isControl(std::int32_t cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return false;
    const auto c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF;
}

// BERT counts every non-alphanumeric ASCII character as punctuation ("$", "^", "`"), and the
// Unicode P* categories.
bool isPunctuation(std::int32_t cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
        return true;
    const auto c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

// The CJK Unified Ideographs blocks BERT splits apart (not Hangul, kana or CJK punctuation).
bool isCjk(std::int32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

std::vector<Codepoints> splitOnSpace(const Codepoints &cps) {
    std::vector<Codepoints> out;
    Codepoints word;
    for (const auto cp : cps) {
        if (cp == ' ') {
            if (!word.empty())
                out.push_back(std::move(word));
            word.clear();
        } else {
            word.push_back(cp);
        }
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

// A special token as tokenizer_config.json writes it: a string or {"content": ...}.
std::optional<std::string> specialToken(const Json &config, const char *key) {
    if (!config.contains(key))
        return std::nullopt;
    const auto &v = config[key];
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string())
        return v["content"].get<std::string>();
    return std::nullopt;
}

void readTokenizerConfig(const Json &config, WordPieceOptions &o) {
    if (config.contains("do_lower_case") && config["do_lower_case"].is_boolean())
        o.lowercase = config["do_lower_case"].get<bool>();
    if (config.contains("strip_accents") && config["strip_accents"].is_boolean())
        o.stripAccents = config["strip_accents"].get<bool>();
    if (config.contains("tokenize_chinese_chars") && config["tokenize_chinese_chars"].is_boolean())
        o.chineseCharacters = config["tokenize_chinese_chars"].get<bool>();
    if (const auto unk = specialToken(config, "unk_token"))
        o.unknown = *unk;
}

} // namespace

WordPieceTokenizer::WordPieceTokenizer(std::vector<std::string> vocabulary, WordPieceOptions options, std::string source)
    : m_tokens(std::move(vocabulary)), m_options(std::move(options)) {
    for (std::size_t i = 0; i < m_tokens.size(); ++i)
        m_ids[m_tokens[i]] = static_cast<int>(i);
    m_unknown = id(m_options.unknown);
    m_cls = id("[CLS]");
    m_sep = id("[SEP]");
    if (const int pad = id("[PAD]"); pad >= 0)
        m_pad = pad;
    // string_view, not const std::string &: "[CLS]" would bind to a temporary (clang -Wdangling).
    for (const auto &[token, value] : {std::pair<std::string_view, int>{m_options.unknown, m_unknown}, {"[CLS]", m_cls}, {"[SEP]", m_sep}})
        if (value < 0)
            throw EngineError(ErrorKind::BadInput, "the vocabulary has no " + std::string(token) + " token", {source});
}

WordPieceTokenizer WordPieceTokenizer::fromFolder(const std::string &folder) {
    namespace fs = std::filesystem;
    const fs::path dir(folder);
    WordPieceOptions options;
    const auto configPath = dir / "tokenizer_config.json";
    std::error_code ec;
    if (fs::exists(configPath, ec))
        readTokenizerConfig(readJsonFile(configPath), options);
    if (const auto vocabPath = dir / "vocab.txt"; fs::exists(vocabPath, ec)) {
        std::vector<std::string> tokens;
        std::istringstream lines(readWholeFile(vocabPath));
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            tokens.push_back(line);
        }
        if (tokens.empty())
            throw EngineError(ErrorKind::BadInput, "the vocabulary is empty", {vocabPath.string()});
        return WordPieceTokenizer(std::move(tokens), options, vocabPath.string());
    }
    const auto jsonPath = dir / "tokenizer.json";
    if (!fs::exists(jsonPath, ec))
        throw EngineError(ErrorKind::BadInput, "no tokenizer: the folder has neither vocab.txt nor tokenizer.json", {folder});
    const Json j = readJsonFile(jsonPath);
    const SourceLocation where{jsonPath.string(), 0, "model"};
    if (!j.contains("model") || !j["model"].is_object() || j["model"].value("type", "") != "WordPiece")
        throw EngineError(ErrorKind::BadInput,
                          "not a WordPiece tokenizer (model.type is '" +
                              (j.contains("model") && j["model"].is_object() ? j["model"].value("type", "") : std::string()) +
                              "'); RecScope reads BERT-family tokenizers",
                          where);
    const auto &model = j["model"];
    if (!model.contains("vocab") || !model["vocab"].is_object())
        throw EngineError(ErrorKind::BadInput, "model.vocab is missing", where);
    std::vector<std::string> tokens;
    for (auto it = model["vocab"].begin(); it != model["vocab"].end(); ++it) {
        if (!it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > 10'000'000)
            throw EngineError(ErrorKind::BadInput, "the id of '" + it.key() + "' is not a token id", where);
        const auto i = static_cast<std::size_t>(it->get<long long>());
        if (tokens.size() <= i)
            tokens.resize(i + 1);
        tokens[i] = it.key();
    }
    if (model.contains("unk_token") && model["unk_token"].is_string())
        options.unknown = model["unk_token"].get<std::string>();
    if (model.contains("continuing_subword_prefix") && model["continuing_subword_prefix"].is_string())
        options.continuation = model["continuing_subword_prefix"].get<std::string>();
    if (model.contains("max_input_chars_per_word") && model["max_input_chars_per_word"].is_number_integer())
        options.maxWordCharacters = model["max_input_chars_per_word"].get<int>();
    if (j.contains("normalizer") && j["normalizer"].is_object() && j["normalizer"].value("type", "") == "BertNormalizer") {
        const auto &n = j["normalizer"];
        options.lowercase = n.value("lowercase", options.lowercase);
        options.chineseCharacters = n.value("handle_chinese_chars", options.chineseCharacters);
        if (n.contains("strip_accents") && n["strip_accents"].is_boolean())
            options.stripAccents = n["strip_accents"].get<bool>();
    }
    return WordPieceTokenizer(std::move(tokens), options, jsonPath.string());
}

int WordPieceTokenizer::id(std::string_view token) const {
    const auto it = m_ids.find(std::string(token));
    return it == m_ids.end() ? -1 : it->second;
}

const std::string &WordPieceTokenizer::token(int id) const { return m_tokens.at(static_cast<std::size_t>(id)); }

std::vector<std::string> WordPieceTokenizer::words(std::string_view text) const {
    // Clean-up: control characters out, every kind of space a space, ideographs set apart.
    Codepoints cleaned;
    for (const auto cp : fromUtf8(text)) {
        if (cp == 0 || cp == 0xFFFD || isControl(cp))
            continue;
        if (isWhitespace(cp)) {
            cleaned.push_back(' ');
        } else if (m_options.chineseCharacters && isCjk(cp)) {
            cleaned.insert(cleaned.end(), {' ', cp, ' '});
        } else {
            cleaned.push_back(cp);
        }
    }
    cleaned = normalized(cleaned, utf8proc_NFC);
    const bool strip = m_options.lowercase ? m_options.stripAccents.value_or(true) : m_options.stripAccents.value_or(false);
    std::vector<std::string> out;
    for (auto word : splitOnSpace(cleaned)) {
        if (m_options.lowercase)
            for (auto &cp : word)
                cp = utf8proc_tolower(cp);
        if (strip) { // decompose, then drop the combining marks
            Codepoints bare;
            for (const auto cp : normalized(word, utf8proc_NFD))
                if (utf8proc_category(cp) != UTF8PROC_CATEGORY_MN)
                    bare.push_back(cp);
            word = std::move(bare);
        }
        std::size_t start = 0;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (!isPunctuation(word[i]))
                continue;
            if (i > start)
                out.push_back(toUtf8(word, start, i));
            out.push_back(toUtf8(word, i, i + 1));
            start = i + 1;
        }
        if (start < word.size())
            out.push_back(toUtf8(word, start));
    }
    return out;
}

void WordPieceTokenizer::piecesOf(const std::string &word, std::vector<std::string> &out) const {
    const Codepoints cps = fromUtf8(word);
    if (static_cast<int>(cps.size()) > m_options.maxWordCharacters) {
        out.push_back(m_options.unknown);
        return;
    }
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (start < cps.size()) {
        std::size_t end = cps.size();
        std::string found;
        for (; end > start; --end) { // the longest piece in the vocabulary
            const std::string piece = (start > 0 ? m_options.continuation : std::string()) + toUtf8(cps, start, end);
            if (m_ids.count(piece)) {
                found = piece;
                break;
            }
        }
        if (found.empty()) { // a word with an unknown part is unknown whole
            out.push_back(m_options.unknown);
            return;
        }
        pieces.push_back(std::move(found));
        start = end;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

std::vector<std::string> WordPieceTokenizer::tokenize(std::string_view text) const {
    std::vector<std::string> out;
    for (const auto &w : words(text))
        piecesOf(w, out);
    return out;
}

std::vector<int> WordPieceTokenizer::encode(std::string_view text) const {
    std::vector<int> ids;
    for (const auto &piece : tokenize(text))
        ids.push_back(id(piece));
    return ids;
}

std::vector<int> WordPieceTokenizer::encodeForModel(std::string_view text, int length) const {
    std::vector<int> ids{m_cls};
    const auto pieces = encode(text);
    const auto room = static_cast<std::size_t>(std::max(0, length - 2));
    ids.insert(ids.end(), pieces.begin(), pieces.begin() + static_cast<long>(std::min(room, pieces.size())));
    ids.push_back(m_sep);
    return ids;
}

} // namespace recscope::engine
