// SPDX-License-Identifier: GPL-3.0-or-later
// BERT's tokenizer: the basic tokenizer (clean-up, CJK characters apart, lower-casing and accent
// stripping, punctuation split) and then WordPiece (greedy longest match, "##" continuations), as
// Hugging Face's BertTokenizer reads vocab.txt or a WordPiece tokenizer.json. Std-only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace recscope::engine {

struct WordPieceOptions {
    bool lowercase = true;
    // Accents are stripped when lower-casing unless this is false, or without lower-casing when
    // it is true (Hugging Face's strip_accents: null, false, true).
    std::optional<bool> stripAccents;
    bool chineseCharacters = true; // each CJK ideograph a word of its own
    std::string unknown = "[UNK]";
    std::string continuation = "##";
    int maxWordCharacters = 100;   // a longer word is [UNK] whole
};

class WordPieceTokenizer {
public:
    // Token ids are positions in `vocabulary`; a token listed twice keeps its last position, as in
    // Hugging Face's load_vocab. Throws EngineError(BadInput) without [UNK], [CLS], [SEP].
    WordPieceTokenizer(std::vector<std::string> vocabulary, WordPieceOptions options, std::string source = {});

    // vocab.txt (with tokenizer_config.json's do_lower_case, strip_accents and
    // tokenize_chinese_chars when present) or else a WordPiece tokenizer.json. Throws
    // EngineError(BadInput) naming the file for a missing or unreadable tokenizer.
    static WordPieceTokenizer fromFolder(const std::string &folder);

    // The basic tokenizer's words (lower-cased and split, before WordPiece).
    std::vector<std::string> words(std::string_view text) const;
    // The word pieces of `text`.
    std::vector<std::string> tokenize(std::string_view text) const;
    // Their ids (no [CLS] or [SEP]).
    std::vector<int> encode(std::string_view text) const;
    // [CLS] pieces [SEP], cut to `length` ids (the pieces lose their tail), not padded.
    std::vector<int> encodeForModel(std::string_view text, int length) const;

    int id(std::string_view token) const; // -1 for none
    const std::string &token(int id) const;
    int size() const { return static_cast<int>(m_tokens.size()); }
    int unknownId() const { return m_unknown; }
    int clsId() const { return m_cls; }
    int sepId() const { return m_sep; }
    int padId() const { return m_pad; }
    const WordPieceOptions &options() const { return m_options; }

private:
    void piecesOf(const std::string &word, std::vector<std::string> &out) const;

    std::vector<std::string> m_tokens;
    std::unordered_map<std::string, int> m_ids;
    WordPieceOptions m_options;
    int m_unknown = -1, m_cls = -1, m_sep = -1, m_pad = 0;
};

} // namespace recscope::engine
