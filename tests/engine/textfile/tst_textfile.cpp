// SPDX-License-Identifier: GPL-3.0-or-later
// The line and CSV readers: quoting (separators, doubled quotes, records over several lines),
// line endings, a byte-order mark, the latin-1 fallback, dialect detection, multi-character
// separators, and refusals that name the file.
#include "engine/core/errors.h"
#include "engine/data/textfile.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace recscope::engine;

class TestTextFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quotedFieldsAndRecordsOverLines();
    void lineEndingsAndByteOrderMark();
    void latin1Fallback();
    void detectsTheDelimiter();
    void splitsOnSeparators();
    void refusesWhatIsNotText();

private:
    std::string write(const char *name, const std::string &bytes) {
        const auto path = m_dir.filePath(QString::fromLatin1(name)).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    QTemporaryDir m_dir;
};

void TestTextFile::quotedFieldsAndRecordsOverLines() {
    const auto path = write("q.csv", "id,title,genres\n1,\"Heat, the film\",Crime\n2,\"Say \"\"hi\"\"\",Comedy\n"
                                     "3,\"Two\nlines\",Drama\n4,,\n");
    TextFile file(path);
    CsvReader csv(file, CsvDialect{});
    std::vector<std::string> f;
    QVERIFY(csv.next(f));
    QCOMPARE(f, (std::vector<std::string>{"id", "title", "genres"}));
    QVERIFY(csv.next(f));
    QCOMPARE(f[1], std::string("Heat, the film"));
    QVERIFY(csv.next(f));
    QCOMPARE(f[1], std::string("Say \"hi\""));
    QVERIFY(csv.next(f));
    QCOMPARE(f[1], std::string("Two\nlines"));
    QCOMPARE(csv.recordLine(), std::int64_t(4)); // where the record started
    QVERIFY(csv.next(f));
    QCOMPARE(f, (std::vector<std::string>{"4", "", ""}));
    QCOMPARE(csv.recordLine(), std::int64_t(6));
    QVERIFY(!csv.next(f));
    // An open quote at the end of a line continues the record.
    std::vector<std::string> fields;
    bool open = false;
    QVERIFY(!splitCsvLine("a,\"b", CsvDialect{}, fields, open));
    QVERIFY(open);
}

void TestTextFile::lineEndingsAndByteOrderMark() {
    const auto path = write("crlf.tsv", "\xEF\xBB\xBFuser\titem\r\n1\t2\r\n3\t4");
    TextFile file(path);
    std::string_view line;
    QVERIFY(file.nextLine(line));
    QCOMPARE(std::string(line), std::string("user\titem")); // no BOM, no CR
    QVERIFY(file.nextLine(line));
    QCOMPARE(std::string(line), std::string("1\t2"));
    QVERIFY(file.nextLine(line));
    QCOMPARE(std::string(line), std::string("3\t4"));
    QVERIFY(file.endedWithoutNewline());
    QVERIFY(!file.nextLine(line));
    QCOMPARE(file.lineNumber(), std::int64_t(3));
}

void TestTextFile::latin1Fallback() {
    const auto path = write("l1.txt", "Caf\xE9 Society\n");
    TextFile file(path);
    std::string_view line;
    QVERIFY(file.nextLine(line));
    QCOMPARE(std::string(line), std::string("Caf\xC3\xA9 Society"));
    QVERIFY(file.encoding() == TextEncoding::Latin1);
    QVERIFY(isValidUtf8("Caf\xC3\xA9"));
    QVERIFY(!isValidUtf8("Caf\xE9"));
    QCOMPARE(latin1ToUtf8("\xE9"), std::string("\xC3\xA9"));
}

void TestTextFile::detectsTheDelimiter() {
    QCOMPARE(detectDialect({"a\tb\tc", "1\t2\t3"}).delimiter, '\t');
    QCOMPARE(detectDialect({"a;b;c", "1;2,5;3"}).delimiter, ';');
    QCOMPARE(detectDialect({"a,b", "1,2", "3,4"}).delimiter, ',');
    QCOMPARE(detectDialect({"a|b|c", "1|2|3"}).delimiter, '|');
}

void TestTextFile::splitsOnSeparators() {
    std::vector<std::string_view> out;
    splitOn("1::1193::5::978300760", "::", out);
    QCOMPARE(out.size(), std::size_t(4));
    QCOMPARE(std::string(out[1]), std::string("1193"));
    splitOn("196  242\t3", "", out); // runs of spaces and tabs
    QCOMPARE(out.size(), std::size_t(3));
    QCOMPARE(std::string(out[2]), std::string("3"));
    QCOMPARE(std::string(trim("  x y \t")), std::string("x y"));
    QCOMPARE(toLower("MovieLens"), std::string("movielens"));
}

void TestTextFile::refusesWhatIsNotText() {
    const auto empty = write("empty.csv", "");
    const auto binary = write("bin.dat", std::string("PK\x03\x04\0\0\x01\x02", 8));
    const auto utf16 = write("u16.csv", std::string("\xFF\xFEu\0s\0", 6));
    for (const auto &path : {empty, binary, utf16}) {
        try {
            TextFile file(path);
            std::string_view line;
            while (file.nextLine(line)) {
            }
            QFAIL(("no error for " + path).c_str());
        } catch (const EngineError &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QCOMPARE(e.where().file, path); // the message names the file
        }
    }
    QVERIFY_THROWS_EXCEPTION(EngineError, TextFile(m_dir.filePath(QStringLiteral("missing.csv")).toStdString()));
}

QTEST_GUILESS_MAIN(TestTextFile)
#include "tst_textfile.moc"
