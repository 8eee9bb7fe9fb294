// SPDX-License-Identifier: GPL-3.0-or-later
// Streaming text and CSV reading.
#include "engine/data/textfile.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>

namespace recscope::engine {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

TextFile::TextFile(std::string path, TextEncoding encoding) : m_path(std::move(path)), m_encoding(encoding) {
    std::error_code ec;
    if (m_path.empty())
        throw EngineError(ErrorKind::BadInput, "no file was given");
    if (!std::filesystem::exists(m_path, ec))
        throw EngineError(ErrorKind::BadInput, "no such file", {m_path});
    if (std::filesystem::is_directory(m_path, ec))
        throw EngineError(ErrorKind::BadInput, "this is a folder, not a file", {m_path});
    m_file = std::fopen(m_path.c_str(), "rb");
    if (!m_file)
        throw EngineError(ErrorKind::BadInput, std::string("cannot open: ") + std::strerror(errno), {m_path});
    m_size = std::filesystem::file_size(m_path, ec);
    if (m_size == 0)
        throw EngineError(ErrorKind::BadInput, "the file is empty", {m_path});
    fill();
    // Byte-order marks: skip UTF-8's, refuse UTF-16/32 with a hint.
    const auto b0 = static_cast<unsigned char>(m_buffer.size() > 0 ? m_buffer[0] : 0);
    const auto b1 = static_cast<unsigned char>(m_buffer.size() > 1 ? m_buffer[1] : 0);
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF))
        throw EngineError(ErrorKind::BadInput, "the file is UTF-16; save it as UTF-8 and import again", {m_path});
    if (m_buffer.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        m_pos = 3;
        m_consumed = 3;
        if (m_encoding == TextEncoding::Auto)
            m_encoding = TextEncoding::Utf8;
    }
    // A NUL byte in the first chunk: this is no text file.
    const auto nul = m_buffer.find('\0');
    if (nul != std::string::npos)
        throw EngineError(ErrorKind::BadInput,
                          "the file looks binary (a NUL byte at offset " + std::to_string(nul) +
                              "), not text in the chosen format",
                          {m_path});
}

TextFile::~TextFile() {
    if (m_file)
        std::fclose(m_file);
}

bool TextFile::fill() {
    if (m_eof)
        return false;
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    const std::size_t old = m_buffer.size();
    m_buffer.resize(old + kChunk);
    const std::size_t n = std::fread(m_buffer.data() + old, 1, kChunk, m_file);
    m_buffer.resize(old + n);
    if (n < kChunk)
        m_eof = true;
    return n > 0;
}

void TextFile::fail(const std::string &message, const std::string &field) const {
    throw EngineError(ErrorKind::BadInput, message, {m_path, m_lineNumber, field});
}

bool TextFile::nextLine(std::string_view &line) {
    std::size_t nl;
    for (;;) {
        nl = m_buffer.find('\n', m_pos);
        if (nl != std::string::npos)
            break;
        if (m_buffer.size() - m_pos > kMaxLineBytes) {
            ++m_lineNumber;
            fail("the line is longer than " + std::to_string(kMaxLineBytes >> 20) +
                 " MiB; a field this large is not data this importer expects");
        }
        if (!fill()) {
            if (m_pos >= m_buffer.size())
                return false;
            nl = m_buffer.size();
            m_lastLineUnterminated = true;
            break;
        }
    }
    std::size_t end = nl;
    const std::size_t begin = m_pos;
    m_consumed += (nl < m_buffer.size() ? nl + 1 : nl) - begin;
    m_pos = nl < m_buffer.size() ? nl + 1 : nl;
    ++m_lineNumber;
    if (end - begin > kMaxLineBytes)
        fail("the line is longer than " + std::to_string(kMaxLineBytes >> 20) +
             " MiB; a field this large is not data this importer expects");
    if (end > begin && m_buffer[end - 1] == '\r')
        --end;
    line = std::string_view(m_buffer.data() + begin, end - begin);
    if (line.find('\0') != std::string_view::npos)
        fail("the line holds a NUL byte: the file looks binary");
    if (m_encoding == TextEncoding::Latin1) {
        m_converted = latin1ToUtf8(line);
        line = m_converted;
    } else if (!isValidUtf8(line)) {
        if (m_encoding == TextEncoding::Utf8)
            fail("the line is not valid UTF-8");
        m_encoding = TextEncoding::Latin1;
        m_converted = latin1ToUtf8(line);
        line = m_converted;
    }
    return true;
}

std::string latin1ToUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (unsigned char c : s) {
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

CsvDialect detectDialect(const std::vector<std::string> &lines) {
    static constexpr std::array<char, 4> kCandidates{'\t', ',', ';', '|'};
    CsvDialect best;
    int bestScore = -1;
    for (char d : kCandidates) {
        std::map<int, int> counts; // fields per line -> number of lines
        for (const auto &l : lines) {
            if (l.empty())
                continue;
            int n = 0;
            bool q = false;
            for (char c : l) {
                if (c == '"')
                    q = !q;
                else if (c == d && !q)
                    ++n;
            }
            if (n > 0)
                ++counts[n];
        }
        int score = 0;
        for (const auto &[n, c] : counts)
            score = std::max(score, c);
        if (score > bestScore) {
            bestScore = score;
            best.delimiter = d;
        }
    }
    return best;
}

bool splitCsvLine(std::string_view line, const CsvDialect &dialect, std::vector<std::string> &fields,
                  bool &inQuotes) {
    if (!inQuotes)
        fields.emplace_back();
    std::string *cur = &fields.back();
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inQuotes) {
            if (c == dialect.quote) {
                if (i + 1 < line.size() && line[i + 1] == dialect.quote) {
                    cur->push_back(c);
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                cur->push_back(c);
            }
        } else if (c == dialect.delimiter) {
            fields.emplace_back();
            cur = &fields.back();
        } else if (c == dialect.quote && dialect.quote != '\0' && cur->empty()) {
            inQuotes = true;
        } else {
            cur->push_back(c);
        }
    }
    if (inQuotes)
        cur->push_back('\n');
    return !inQuotes;
}

bool CsvReader::next(std::vector<std::string> &fields) {
    fields.clear();
    std::string_view line;
    bool inQuotes = false;
    std::size_t bytes = 0;
    bool first = true;
    for (;;) {
        if (!m_file.nextLine(line)) {
            if (first)
                return false;
            m_file.fail("a quoted field opened on line " + std::to_string(m_recordLine) + " is never closed");
        }
        if (first) {
            m_recordLine = m_file.lineNumber();
            first = false;
        }
        bytes += line.size();
        if (bytes > TextFile::kMaxLineBytes)
            m_file.fail("the record is longer than 1 MiB; a field this large is not data this importer expects");
        if (splitCsvLine(line, m_dialect, fields, inQuotes))
            return true;
    }
}

void splitOn(std::string_view line, std::string_view sep, std::vector<std::string_view> &out) {
    out.clear();
    if (sep.empty()) {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            if (i >= line.size())
                break;
            std::size_t j = i;
            while (j < line.size() && line[j] != ' ' && line[j] != '\t')
                ++j;
            out.push_back(line.substr(i, j - i));
            i = j;
        }
        return;
    }
    std::size_t start = 0;
    for (;;) {
        std::size_t p = line.find(sep, start);
        if (p == std::string_view::npos) {
            out.push_back(line.substr(start));
            return;
        }
        out.push_back(line.substr(start, p - start));
        start = p + sep.size();
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string toLower(std::string_view s) {
    std::string r(s);
    for (auto &c : r)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
}

} // namespace recscope::engine
