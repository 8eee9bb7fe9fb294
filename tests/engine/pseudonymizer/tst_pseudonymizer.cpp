// SPDX-License-Identifier: GPL-3.0-or-later
// Pseudonyms are HMAC-SHA256 (checked against Python's hmac), stable for a key, different across keys,
// and the same from many threads at once.
#include "engine/core/errors.h"
#include "engine/data/pseudonymizer.h"

#include <QTest>

#include <thread>

using namespace recscope::engine;

class TestPseudonymizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPythonHmac();
    void stableAndKeyed();
    void sameFromManyThreads();
};

void TestPseudonymizer::matchesPythonHmac() {
    // HMAC-SHA256 (RFC 2104/4231) with a 32-byte key, against Python's hmac module:
    // hmac.new(bytes(range(32)), b"196", hashlib.sha256).hexdigest()[:32]. The pseudonym is "u_"
    // and the first 128 bits.
    std::vector<unsigned char> key(32);
    for (int i = 0; i < 32; ++i)
        key[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i);
    QCOMPARE(Pseudonymizer(key).pseudonym("196"), std::string("u_bad20b2eaee3b3fa9c9fb015059d910f"));
    QCOMPARE(Pseudonymizer(std::vector<unsigned char>(32, 0x0b)).pseudonym("Hi There"), std::string("u_198a607eb44bfbc69903a0f1cf2bbdc5"));
    // Keys of another length are refused (the project stores 32 bytes).
    QVERIFY_THROWS_EXCEPTION(EngineError, Pseudonymizer(std::vector<unsigned char>(20, 0x0b)));
}

void TestPseudonymizer::stableAndKeyed() {
    const Pseudonymizer a(std::vector<unsigned char>(32, 1)), b(std::vector<unsigned char>(32, 2));
    QCOMPARE(a.pseudonym("196"), a.pseudonym("196"));
    QVERIFY(a.pseudonym("196") != a.pseudonym("186"));
    QVERIFY(a.pseudonym("196") != b.pseudonym("196"));
    QCOMPARE(a.pseudonym("196").size(), std::size_t(2 + 32));
    QVERIFY(a.pseudonym("196").find("196") == std::string::npos);
}

void TestPseudonymizer::sameFromManyThreads() {
    const Pseudonymizer p(std::vector<unsigned char>(32, 7));
    std::vector<std::string> expected;
    for (int i = 0; i < 2000; ++i)
        expected.push_back(p.pseudonym(std::to_string(i)));
    std::vector<int> wrong(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 2000; ++i)
                wrong[static_cast<std::size_t>(t)] += p.pseudonym(std::to_string(i)) != expected[static_cast<std::size_t>(i)];
        });
    for (auto &t : threads)
        t.join();
    QCOMPARE(wrong, std::vector<int>(4, 0));
}

QTEST_GUILESS_MAIN(TestPseudonymizer)
#include "tst_pseudonymizer.moc"
