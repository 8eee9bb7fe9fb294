// SPDX-License-Identifier: GPL-3.0-or-later
// Typed errors the engine throws; the UI turns them into words for people.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace recscope::engine {

enum class ErrorKind {
    Usage,      // the caller asked for something impossible (unknown format, bad option)
    BadInput,   // a data file could not be read as the chosen format
    Project,    // the project file is missing, corrupt, foreign or too new
    Passphrase, // the project is encrypted: no passphrase was given, or a wrong one
    Cancelled,  // the caller cancelled through its Progress sink
    Io,         // an operating-system level failure (permissions, disk full)
    Peer,       // another process of a data-parallel run stopped or could not be reached
};

// Where in an input file an error was found. line 0 means "the file as a whole".
struct SourceLocation {
    std::string file;
    std::int64_t line = 0;
    std::string field;
};

class EngineError : public std::runtime_error {
public:
    EngineError(ErrorKind kind, std::string message, SourceLocation where = {})
        : std::runtime_error(compose(message, where)), m_kind(kind), m_message(std::move(message)),
          m_where(std::move(where)) {}

    ErrorKind kind() const { return m_kind; }
    // The message without the location prefix.
    const std::string &message() const { return m_message; }
    const SourceLocation &where() const { return m_where; }

    static std::string compose(const std::string &message, const SourceLocation &where) {
        if (where.file.empty())
            return message;
        std::string s = where.file;
        if (where.line > 0)
            s += ":" + std::to_string(where.line);
        if (!where.field.empty())
            s += " (field '" + where.field + "')";
        return s + ": " + message;
    }

private:
    ErrorKind m_kind;
    std::string m_message;
    SourceLocation m_where;
};

} // namespace recscope::engine
