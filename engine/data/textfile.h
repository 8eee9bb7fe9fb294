// SPDX-License-Identifier: GPL-3.0-or-later
// Streaming line and CSV readers that detect encoding, BOM, CRLF and binary files.
#pragma once

#include "engine/core/utf8.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace recscope::engine {

enum class TextEncoding { Auto, Utf8, Latin1 };

// Reads a text file line by line in large chunks. Lines come back as UTF-8 without their line
// ending. Throws EngineError(BadInput) naming the file (and line) for a missing, empty, binary
// or UTF-16 file and for a line longer than kMaxLineBytes. With Auto encoding a file is UTF-8
// until a line is not valid UTF-8; from then on it is read as latin-1.
class TextFile {
public:
    static constexpr std::size_t kMaxLineBytes = 1 << 20;

    explicit TextFile(std::string path, TextEncoding encoding = TextEncoding::Auto);
    ~TextFile();
    TextFile(const TextFile &) = delete;
    TextFile &operator=(const TextFile &) = delete;

    // False at end of file. `line` stays valid until the next call.
    bool nextLine(std::string_view &line);

    const std::string &path() const { return m_path; }
    std::int64_t lineNumber() const { return m_lineNumber; }
    std::uint64_t bytesRead() const { return m_consumed; }
    std::uint64_t size() const { return m_size; }
    TextEncoding encoding() const { return m_encoding; }
    bool endedWithoutNewline() const { return m_lastLineUnterminated; }

    [[noreturn]] void fail(const std::string &message, const std::string &field = {}) const;

private:
    bool fill();

    std::string m_path;
    std::FILE *m_file = nullptr;
    TextEncoding m_encoding;
    std::uint64_t m_size = 0;
    std::uint64_t m_consumed = 0;
    std::int64_t m_lineNumber = 0;
    std::string m_buffer;
    std::size_t m_pos = 0;
    bool m_eof = false;
    bool m_lastLineUnterminated = false;
    std::string m_converted;
};

std::string latin1ToUtf8(std::string_view s);

// CSV/TSV dialect. Quote '\0' means fields are never quoted.
struct CsvDialect {
    char delimiter = ',';
    char quote = '"';
};

// Guesses the delimiter from sample lines: the candidate (tab , ; |) that appears the same,
// non-zero number of times in the most lines.
CsvDialect detectDialect(const std::vector<std::string> &sampleLines);

// Splits one record. Returns false if a quoted field is still open at the end of `line` (the
// record continues on the next line).
bool splitCsvLine(std::string_view line, const CsvDialect &dialect, std::vector<std::string> &fields,
                  bool &inQuotes);

// Reads CSV records, joining lines when a quoted field spans them.
class CsvReader {
public:
    CsvReader(TextFile &file, CsvDialect dialect) : m_file(file), m_dialect(dialect) {}
    bool next(std::vector<std::string> &fields);
    // The line on which the current record started.
    std::int64_t recordLine() const { return m_recordLine; }
    const CsvDialect &dialect() const { return m_dialect; }

private:
    TextFile &m_file;
    CsvDialect m_dialect;
    std::int64_t m_recordLine = 0;
    std::string m_pending;
};

// Splits on a multi-character separator ("::" in MovieLens 1M) or, with an empty separator,
// on runs of spaces and tabs.
void splitOn(std::string_view line, std::string_view separator, std::vector<std::string_view> &out);

std::string_view trim(std::string_view s);
std::string toLower(std::string_view s);

} // namespace recscope::engine
