// SPDX-License-Identifier: GPL-3.0-or-later
// The encrypting VFS: every method but open, read, write, size and truncate goes to the default VFS.
#include "engine/store/cryptvfs.h"

#include "engine/core/errors.h"

#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <vector>

namespace recscope::engine::cryptvfs {

namespace {

constexpr unsigned char kMagic[16] = {'R', 'e', 'c', 'S', 'c', 'o', 'p', 'e', ' ', 'c', 'r', 'y', 'p', 't', ' ', '1'};
constexpr std::size_t kChecksumAt = 96, kChecksumBytes = 32;

// BLAKE2b over the whole header but the checksum itself (padding included: a flip anywhere shows).
void headerChecksum(const unsigned char *header, unsigned char *out) {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, kChecksumBytes);
    crypto_generichash_update(&st, header, kChecksumAt);
    crypto_generichash_update(&st, header + kChecksumAt + kChecksumBytes, kHeaderBytes - kChecksumAt - kChecksumBytes);
    crypto_generichash_final(&st, out, kChecksumBytes);
}
constexpr int kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES; // 24
constexpr int kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;      // 16
static_assert(kNonceBytes + kTagBytes == kReserveBytes);
// SQLite's lock bytes start at 1 GiB. POSIX locks are advisory, but Windows locks them for I/O, so
// the header's shift must not move a page onto them: the real page there is left unused.
constexpr sqlite3_int64 kLockPage = 0x40000000;
constexpr sqlite3_int64 kWalHeaderBytes = 32, kFrameHeaderBytes = 24;

void putU32(unsigned char *p, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}
void putU64(unsigned char *p, std::uint64_t v) {
    for (int i = 0; i < 8; ++i)
        p[i] = static_cast<unsigned char>(v >> (8 * i));
}
std::uint32_t getU32(const unsigned char *p) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}
std::uint64_t getU64(const unsigned char *p) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}
std::uint32_t getBigEndian32(const unsigned char *p) {
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::mutex g_mutex;
std::map<std::string, std::shared_ptr<const FileKey>> g_keys;
sqlite3_vfs *g_base = nullptr; // the default VFS we sit on
sqlite3_vfs g_vfs;
int g_realOffset = 0;          // where the base VFS's file object starts inside ours

enum class Kind { Database, Wal, Journal };

struct CryptFile {
    sqlite3_file base;                  // must come first: SQLite sees this
    sqlite3_file *real = nullptr;
    Kind kind = Kind::Database;
    std::shared_ptr<const FileKey> key;
    int pageSize = kPageSize;
    sqlite3_int64 lastFrameAt = -1;     // WAL: the last frame header written and its page number
    std::uint32_t lastFramePage = 0;
};

CryptFile *self(sqlite3_file *f) { return reinterpret_cast<CryptFile *>(f); }
const sqlite3_io_methods *realMethods(CryptFile *f) { return f->real->pMethods; }

std::vector<unsigned char> &scratch(std::size_t n) {
    thread_local std::vector<unsigned char> buffer;
    if (buffer.size() < n)
        buffer.resize(n);
    return buffer;
}

// Associated data: which kind of file, and the page number (the journal: the byte offset).
struct AssociatedData {
    unsigned char bytes[9];
    std::size_t size;
};
AssociatedData pageData(char kind, std::uint64_t where) {
    AssociatedData ad{};
    ad.bytes[0] = static_cast<unsigned char>(kind);
    putU64(ad.bytes + 1, where);
    ad.size = 9;
    return ad;
}

// Encrypts the usable part of `in` into `out` and puts nonce and tag in the reserved bytes.
void seal(const FileKey &k, int ps, const unsigned char *in, unsigned char *out, const AssociatedData &ad) {
    const int usable = ps - kReserveBytes;
    unsigned char *nonce = out + usable, *tag = out + usable + kNonceBytes;
    randombytes_buf(nonce, kNonceBytes);
    crypto_aead_xchacha20poly1305_ietf_encrypt_detached(out, tag, nullptr, in, static_cast<unsigned long long>(usable),
                                                       ad.bytes, ad.size, nullptr, nonce, k.pageKey.data());
}

// Decrypts a page in place; false when it fails authentication. A page of zeros (never written:
// past the end, or space the file system reserved) reads as zeros.
bool open(const FileKey &k, int ps, unsigned char *page, const AssociatedData &ad) {
    if (sodium_is_zero(page, static_cast<std::size_t>(ps)))
        return true;
    const int usable = ps - kReserveBytes;
    const unsigned char *nonce = page + usable, *tag = page + usable + kNonceBytes;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached(page, nullptr, page, static_cast<unsigned long long>(usable), tag,
                                                           ad.bytes, ad.size, nonce, k.pageKey.data()) != 0)
        return false;
    std::memset(page + usable, 0, kReserveBytes);
    return true;
}

// ---- the main database file: pages shifted past our header (and past the lock page) ----

sqlite3_int64 realOffset(sqlite3_int64 logicalPageStart) {
    const sqlite3_int64 r = logicalPageStart + static_cast<sqlite3_int64>(kHeaderBytes);
    return r >= kLockPage ? r + kPageSize : r;
}
sqlite3_int64 realSize(sqlite3_int64 logical, int ps) {
    return logical <= 0 ? static_cast<sqlite3_int64>(kHeaderBytes) : realOffset(((logical - 1) / ps) * ps) + ps;
}
sqlite3_int64 logicalSize(sqlite3_int64 real) {
    sqlite3_int64 s = real - static_cast<sqlite3_int64>(kHeaderBytes);
    if (real > kLockPage)
        s -= std::min<sqlite3_int64>(real - kLockPage, kPageSize);
    return std::max<sqlite3_int64>(s, 0);
}

int readDatabase(CryptFile *f, unsigned char *out, int amount, sqlite3_int64 offset) {
    const int ps = f->pageSize;
    int result = SQLITE_OK;
    auto &buffer = scratch(static_cast<std::size_t>(ps));
    while (amount > 0) {
        const sqlite3_int64 pageStart = offset / ps * ps;
        const int inPage = static_cast<int>(offset - pageStart);
        const int n = std::min(amount, ps - inPage);
        const bool whole = inPage == 0 && n == ps;
        unsigned char *page = whole ? out : buffer.data();
        const int rc = realMethods(f)->xRead(f->real, page, ps, realOffset(pageStart));
        if (rc == SQLITE_IOERR_SHORT_READ)
            result = SQLITE_IOERR_SHORT_READ; // past the end: zeros, as SQLite expects
        else if (rc != SQLITE_OK)
            return rc;
        const auto pageNo = static_cast<std::uint64_t>(pageStart / ps + 1);
        if (!open(*f->key, ps, page, pageData('D', pageNo))) {
            sqlite3_log(SQLITE_IOERR_DATA, "recscope-crypt: page %d failed authentication", static_cast<int>(pageNo));
            return SQLITE_IOERR_DATA;
        }
        if (!whole)
            std::memcpy(out, buffer.data() + inPage, static_cast<std::size_t>(n));
        out += n;
        offset += n;
        amount -= n;
    }
    return result;
}

int writeDatabase(CryptFile *f, const unsigned char *in, int amount, sqlite3_int64 offset) {
    const int ps = f->pageSize;
    if (offset % ps != 0 || amount % ps != 0)
        return SQLITE_IOERR_WRITE; // SQLite writes whole pages to a database file
    auto &buffer = scratch(static_cast<std::size_t>(ps));
    for (; amount > 0; amount -= ps, offset += ps, in += ps) {
        const auto pageNo = static_cast<std::uint64_t>(offset / ps + 1);
        if (pageNo == 1) {
            // The page size and reserved bytes must be ours, or the tag would overwrite SQLite's data.
            const int size = (in[16] << 8) | in[17];
            if ((size == 1 ? 65536 : size) != ps || in[20] != kReserveBytes) {
                sqlite3_log(SQLITE_IOERR_WRITE, "recscope-crypt: page 1 lacks the reserved bytes for encryption");
                return SQLITE_IOERR_WRITE;
            }
        }
        seal(*f->key, ps, in, buffer.data(), pageData('D', pageNo));
        const int rc = realMethods(f)->xWrite(f->real, buffer.data(), ps, realOffset(offset));
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

// ---- the WAL: a 32-byte header, then frames of a 24-byte header and a page ----

struct FrameSpan {
    sqlite3_int64 frameStart, pageStart;
};
// The frames whose page overlaps [offset, offset + amount).
template <typename F>
int forEachPage(CryptFile *f, sqlite3_int64 offset, int amount, F &&fn) {
    const sqlite3_int64 frameBytes = kFrameHeaderBytes + f->pageSize;
    if (offset + amount <= kWalHeaderBytes)
        return SQLITE_OK;
    const sqlite3_int64 first = std::max<sqlite3_int64>(0, (offset - kWalHeaderBytes) / frameBytes);
    for (sqlite3_int64 i = first;; ++i) {
        const sqlite3_int64 frameStart = kWalHeaderBytes + i * frameBytes;
        const sqlite3_int64 pageStart = frameStart + kFrameHeaderBytes;
        if (frameStart >= offset + amount)
            break;
        if (pageStart + f->pageSize <= offset || pageStart >= offset + amount)
            continue;
        if (const int rc = fn(FrameSpan{frameStart, pageStart}); rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

// The page number in a frame's header: from the buffer when the header is in it, else from disk.
bool framePage(CryptFile *f, const unsigned char *buf, sqlite3_int64 offset, int amount, sqlite3_int64 frameStart,
               std::uint32_t &page) {
    if (frameStart >= offset && frameStart + 4 <= offset + amount) {
        page = getBigEndian32(buf + (frameStart - offset));
        return true;
    }
    if (frameStart == f->lastFrameAt) {
        page = f->lastFramePage;
        return true;
    }
    unsigned char be[4];
    if (realMethods(f)->xRead(f->real, be, 4, frameStart) != SQLITE_OK)
        return false;
    page = getBigEndian32(be);
    return true;
}

int readWal(CryptFile *f, unsigned char *out, int amount, sqlite3_int64 offset) {
    const int result = realMethods(f)->xRead(f->real, out, amount, offset);
    if (result != SQLITE_OK && result != SQLITE_IOERR_SHORT_READ)
        return result;
    const int ps = f->pageSize;
    const int rc = forEachPage(f, offset, amount, [&](const FrameSpan &s) {
        // Recovery reads a frame with its header and checks SQLite's checksum after us: a frame
        // that fails here (a write torn by a crash, the tail of an older log) reads as zeros, the
        // checksum fails, and SQLite ends the log there as it would without encryption.
        const bool recovering = s.frameStart >= offset && s.frameStart + kFrameHeaderBytes <= offset + amount;
        std::uint32_t pageNo = 0;
        if (!framePage(f, out, offset, amount, s.frameStart, pageNo))
            return SQLITE_IOERR_READ;
        const bool whole = s.pageStart >= offset && s.pageStart + ps <= offset + amount;
        auto &buffer = scratch(static_cast<std::size_t>(ps));
        unsigned char *page = whole ? out + (s.pageStart - offset) : buffer.data();
        if (!whole) {
            const int r = realMethods(f)->xRead(f->real, page, ps, s.pageStart);
            if (r != SQLITE_OK && r != SQLITE_IOERR_SHORT_READ)
                return r;
        }
        if (!open(*f->key, ps, page, pageData('W', pageNo))) {
            if (!recovering) {
                sqlite3_log(SQLITE_IOERR_DATA, "recscope-crypt: a WAL frame of page %u failed authentication", pageNo);
                return SQLITE_IOERR_DATA;
            }
            std::memset(page, 0, static_cast<std::size_t>(ps));
        }
        if (!whole) {
            const sqlite3_int64 from = std::max(offset, s.pageStart), to = std::min(offset + amount, s.pageStart + ps);
            std::memcpy(out + (from - offset), page + (from - s.pageStart), static_cast<std::size_t>(to - from));
        }
        return SQLITE_OK;
    });
    return rc != SQLITE_OK ? rc : result;
}

int writeWal(CryptFile *f, const unsigned char *in, int amount, sqlite3_int64 offset) {
    const int ps = f->pageSize;
    std::vector<unsigned char> out; // only when the write holds page data (header writes pass as they are)
    const int rc = forEachPage(f, offset, amount, [&](const FrameSpan &s) {
        if (s.pageStart < offset || s.pageStart + ps > offset + amount)
            return SQLITE_IOERR_WRITE; // SQLite writes a frame's page whole
        std::uint32_t pageNo = 0;
        if (!framePage(f, in, offset, amount, s.frameStart, pageNo))
            return SQLITE_IOERR_WRITE;
        if (out.empty())
            out.assign(in, in + amount);
        const auto at = static_cast<std::size_t>(s.pageStart - offset);
        seal(*f->key, ps, in + at, out.data() + at, pageData('W', pageNo));
        return SQLITE_OK;
    });
    if (rc != SQLITE_OK)
        return rc;
    // Remember a frame header written alone: its page follows in the next write.
    const sqlite3_int64 frameBytes = kFrameHeaderBytes + ps;
    if (amount == kFrameHeaderBytes && offset >= kWalHeaderBytes && (offset - kWalHeaderBytes) % frameBytes == 0) {
        f->lastFrameAt = offset;
        f->lastFramePage = getBigEndian32(in);
    }
    return realMethods(f)->xWrite(f->real, out.empty() ? in : out.data(), amount, offset);
}

// ---- the rollback journal: records of a page number, a page, a checksum ----
// Headers start on sector boundaries and records are page size + 8 bytes, so a record's page
// starts 4 bytes past a multiple of 8; a header never does.

bool isJournalPage(const CryptFile *f, int amount, sqlite3_int64 offset) { return amount == f->pageSize && offset % 8 == 4; }

int readJournal(CryptFile *f, unsigned char *out, int amount, sqlite3_int64 offset) {
    const int rc = realMethods(f)->xRead(f->real, out, amount, offset);
    if (rc == SQLITE_OK && isJournalPage(f, amount, offset) &&
        !open(*f->key, f->pageSize, out, pageData('J', static_cast<std::uint64_t>(offset))))
        return SQLITE_IOERR_DATA;
    return rc;
}

int writeJournal(CryptFile *f, const unsigned char *in, int amount, sqlite3_int64 offset) {
    if (!isJournalPage(f, amount, offset))
        return realMethods(f)->xWrite(f->real, in, amount, offset);
    auto &buffer = scratch(static_cast<std::size_t>(amount));
    seal(*f->key, f->pageSize, in, buffer.data(), pageData('J', static_cast<std::uint64_t>(offset)));
    return realMethods(f)->xWrite(f->real, buffer.data(), amount, offset);
}

// ---- sqlite3_io_methods ----

int xClose(sqlite3_file *file) {
    CryptFile *f = self(file);
    const int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    f->~CryptFile();
    return rc;
}
int xRead(sqlite3_file *file, void *buf, int amount, sqlite3_int64 offset) {
    CryptFile *f = self(file);
    auto *out = static_cast<unsigned char *>(buf);
    switch (f->kind) {
    case Kind::Database: return readDatabase(f, out, amount, offset);
    case Kind::Wal: return readWal(f, out, amount, offset);
    case Kind::Journal: return readJournal(f, out, amount, offset);
    }
    return SQLITE_IOERR_READ;
}
int xWrite(sqlite3_file *file, const void *buf, int amount, sqlite3_int64 offset) {
    CryptFile *f = self(file);
    const auto *in = static_cast<const unsigned char *>(buf);
    switch (f->kind) {
    case Kind::Database: return writeDatabase(f, in, amount, offset);
    case Kind::Wal: return writeWal(f, in, amount, offset);
    case Kind::Journal: return writeJournal(f, in, amount, offset);
    }
    return SQLITE_IOERR_WRITE;
}
int xTruncate(sqlite3_file *file, sqlite3_int64 size) {
    CryptFile *f = self(file);
    return realMethods(f)->xTruncate(f->real, f->kind == Kind::Database ? realSize(size, f->pageSize) : size);
}
int xSync(sqlite3_file *file, int flags) { return realMethods(self(file))->xSync(self(file)->real, flags); }
int xFileSize(sqlite3_file *file, sqlite3_int64 *size) {
    CryptFile *f = self(file);
    const int rc = realMethods(f)->xFileSize(f->real, size);
    if (rc == SQLITE_OK && f->kind == Kind::Database)
        *size = logicalSize(*size);
    return rc;
}
int xLock(sqlite3_file *file, int level) { return realMethods(self(file))->xLock(self(file)->real, level); }
int xUnlock(sqlite3_file *file, int level) { return realMethods(self(file))->xUnlock(self(file)->real, level); }
int xCheckReservedLock(sqlite3_file *file, int *out) {
    return realMethods(self(file))->xCheckReservedLock(self(file)->real, out);
}
int xFileControl(sqlite3_file *file, int op, void *arg) {
    CryptFile *f = self(file);
    if (op == SQLITE_FCNTL_SIZE_HINT && f->kind == Kind::Database) {
        sqlite3_int64 size = realSize(*static_cast<sqlite3_int64 *>(arg), f->pageSize);
        return realMethods(f)->xFileControl(f->real, op, &size);
    }
    return realMethods(f)->xFileControl(f->real, op, arg);
}
int xSectorSize(sqlite3_file *file) { return realMethods(self(file))->xSectorSize(self(file)->real); }
int xDeviceCharacteristics(sqlite3_file *file) {
    return realMethods(self(file))->xDeviceCharacteristics(self(file)->real);
}
int xShmMap(sqlite3_file *file, int region, int size, int extend, void volatile **out) {
    return realMethods(self(file))->xShmMap(self(file)->real, region, size, extend, out);
}
int xShmLock(sqlite3_file *file, int offset, int n, int flags) {
    return realMethods(self(file))->xShmLock(self(file)->real, offset, n, flags);
}
void xShmBarrier(sqlite3_file *file) { realMethods(self(file))->xShmBarrier(self(file)->real); }
int xShmUnmap(sqlite3_file *file, int deleteFlag) { return realMethods(self(file))->xShmUnmap(self(file)->real, deleteFlag); }

// Version 2: shared memory for WAL, and no memory mapping (mapped pages would bypass xRead).
const sqlite3_io_methods g_methods = {2,        xClose,    xRead,   xWrite,      xTruncate,  xSync,      xFileSize,
                                      xLock,    xUnlock,   xCheckReservedLock,   xFileControl, xSectorSize,
                                      xDeviceCharacteristics, xShmMap, xShmLock, xShmBarrier, xShmUnmap, nullptr, nullptr};

// Checks an existing database file's header against the key, or writes it into a new, empty one.
int prepareDatabase(CryptFile *f, int flags) {
    sqlite3_int64 size = 0;
    if (const int rc = realMethods(f)->xFileSize(f->real, &size); rc != SQLITE_OK)
        return rc;
    const auto expected = f->key->header.serialize();
    if (size == 0) {
        if (flags & SQLITE_OPEN_READONLY)
            return SQLITE_OK;
        return realMethods(f)->xWrite(f->real, expected.data(), static_cast<int>(expected.size()), 0);
    }
    std::array<unsigned char, kHeaderBytes> found{};
    if (realMethods(f)->xRead(f->real, found.data(), static_cast<int>(found.size()), 0) != SQLITE_OK || found != expected) {
        sqlite3_log(SQLITE_CANTOPEN, "recscope-crypt: the file's header does not match its key");
        return SQLITE_CANTOPEN;
    }
    return SQLITE_OK;
}

int xOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
    auto *f = new (file) CryptFile();
    f->base.pMethods = nullptr; // SQLite calls xClose only once this is set
    f->real = reinterpret_cast<sqlite3_file *>(reinterpret_cast<char *>(file) + g_realOffset);
    f->real->pMethods = nullptr;
    std::string database;
    if (flags & SQLITE_OPEN_MAIN_DB) {
        f->kind = Kind::Database;
        database = name ? name : "";
    } else if (flags & SQLITE_OPEN_WAL) {
        f->kind = Kind::Wal;
        database = sqlite3_filename_database(name);
    } else if (flags & SQLITE_OPEN_MAIN_JOURNAL) {
        f->kind = Kind::Journal;
        database = sqlite3_filename_database(name);
    } else {
        // Temporary files stay in memory (temp_store=MEMORY); one reaching the disk would be plaintext.
        sqlite3_log(SQLITE_CANTOPEN, "recscope-crypt: refusing a temporary file on disk (flags %x)", flags);
        f->~CryptFile();
        return SQLITE_CANTOPEN;
    }
    f->key = key(database);
    if (!f->key) {
        sqlite3_log(SQLITE_CANTOPEN, "recscope-crypt: no key for %s", database.c_str());
        f->~CryptFile();
        return SQLITE_CANTOPEN;
    }
    f->pageSize = static_cast<int>(f->key->header.pageSize);
    int rc = g_base->xOpen(g_base, name, f->real, flags, outFlags);
    if (rc == SQLITE_OK && f->kind == Kind::Database)
        rc = prepareDatabase(f, flags);
    if (rc != SQLITE_OK) {
        if (f->real->pMethods)
            f->real->pMethods->xClose(f->real);
        f->~CryptFile();
        return rc;
    }
    f->base.pMethods = &g_methods;
    return SQLITE_OK;
}

// The rest of the VFS is the base VFS's, called with the base VFS (its methods read their own pAppData).
int xDelete(sqlite3_vfs *, const char *name, int syncDir) { return g_base->xDelete(g_base, name, syncDir); }
int xAccess(sqlite3_vfs *, const char *name, int flags, int *out) { return g_base->xAccess(g_base, name, flags, out); }
int xFullPathname(sqlite3_vfs *, const char *name, int n, char *out) { return g_base->xFullPathname(g_base, name, n, out); }
void *xDlOpen(sqlite3_vfs *, const char *name) { return g_base->xDlOpen(g_base, name); }
void xDlError(sqlite3_vfs *, int n, char *out) { g_base->xDlError(g_base, n, out); }
void (*xDlSym(sqlite3_vfs *, void *lib, const char *sym))(void) { return g_base->xDlSym(g_base, lib, sym); }
void xDlClose(sqlite3_vfs *, void *lib) { g_base->xDlClose(g_base, lib); }
int xRandomness(sqlite3_vfs *, int n, char *out) { return g_base->xRandomness(g_base, n, out); }
int xSleep(sqlite3_vfs *, int us) { return g_base->xSleep(g_base, us); }
int xCurrentTime(sqlite3_vfs *, double *out) { return g_base->xCurrentTime(g_base, out); }
int xGetLastError(sqlite3_vfs *, int n, char *out) { return g_base->xGetLastError ? g_base->xGetLastError(g_base, n, out) : 0; }
int xCurrentTimeInt64(sqlite3_vfs *, sqlite3_int64 *out) { return g_base->xCurrentTimeInt64(g_base, out); }

} // namespace

std::array<unsigned char, kHeaderBytes> Header::serialize() const {
    std::array<unsigned char, kHeaderBytes> b{};
    std::memcpy(b.data(), kMagic, sizeof kMagic);
    putU32(b.data() + 16, version);
    putU32(b.data() + 20, pageSize);
    putU32(b.data() + 24, reserveBytes);
    putU32(b.data() + 28, kdfAlgorithm);
    putU64(b.data() + 32, opsLimit);
    putU64(b.data() + 40, memLimit);
    std::memcpy(b.data() + 48, salt.data(), salt.size());
    std::memcpy(b.data() + 64, keyCheck.data(), keyCheck.size());
    headerChecksum(b.data(), b.data() + kChecksumAt);
    return b;
}

std::optional<Header> Header::parse(const unsigned char *bytes, std::size_t size, const std::string &path) {
    if (size < sizeof kMagic || std::memcmp(bytes, kMagic, sizeof kMagic) != 0)
        return std::nullopt;
    if (size < kHeaderBytes)
        throw EngineError(ErrorKind::Project, "the encrypted project's header is cut short (the file is damaged)", {path});
    requireSodium();
    unsigned char sum[kChecksumBytes];
    headerChecksum(bytes, sum);
    if (sodium_memcmp(sum, bytes + kChecksumAt, sizeof sum) != 0)
        throw EngineError(ErrorKind::Project, "the encrypted project's header is damaged or was altered", {path});
    Header h;
    h.version = getU32(bytes + 16);
    h.pageSize = getU32(bytes + 20);
    h.reserveBytes = getU32(bytes + 24);
    h.kdfAlgorithm = getU32(bytes + 28);
    h.opsLimit = getU64(bytes + 32);
    h.memLimit = getU64(bytes + 40);
    std::memcpy(h.salt.data(), bytes + 48, h.salt.size());
    std::memcpy(h.keyCheck.data(), bytes + 64, h.keyCheck.size());
    if (h.version != 1)
        throw EngineError(ErrorKind::Project,
                          "the project was encrypted by a newer RecScope (format " + std::to_string(h.version) + ")", {path});
    // Bounds on the derivation's cost: a crafted header must not make opening take hours or all memory.
    if (h.pageSize != kPageSize || h.reserveBytes != kReserveBytes || h.kdfAlgorithm != crypto_pwhash_ALG_ARGON2ID13 ||
        h.opsLimit < crypto_pwhash_OPSLIMIT_MIN || h.opsLimit > 64 || h.memLimit < crypto_pwhash_MEMLIMIT_MIN ||
        h.memLimit > (std::uint64_t(4) << 30))
        throw EngineError(ErrorKind::Project, "the encrypted project's header has settings this build does not accept", {path});
    return h;
}

void ensureRegistered() {
    static std::once_flag once;
    std::call_once(once, [] {
        requireSodium();
        g_base = sqlite3_vfs_find(nullptr);
        if (!g_base)
            throw EngineError(ErrorKind::Io, "SQLite has no default VFS");
        g_realOffset = static_cast<int>((sizeof(CryptFile) + 15) / 16 * 16);
        g_vfs = sqlite3_vfs{};
        g_vfs.iVersion = 2;
        g_vfs.szOsFile = g_realOffset + g_base->szOsFile;
        g_vfs.mxPathname = g_base->mxPathname;
        g_vfs.zName = kVfsName;
        g_vfs.xOpen = xOpen;
        g_vfs.xDelete = xDelete;
        g_vfs.xAccess = xAccess;
        g_vfs.xFullPathname = xFullPathname;
        g_vfs.xDlOpen = xDlOpen;
        g_vfs.xDlError = xDlError;
        g_vfs.xDlSym = xDlSym;
        g_vfs.xDlClose = xDlClose;
        g_vfs.xRandomness = xRandomness;
        g_vfs.xSleep = xSleep;
        g_vfs.xCurrentTime = xCurrentTime;
        g_vfs.xGetLastError = xGetLastError;
        g_vfs.xCurrentTimeInt64 = xCurrentTimeInt64;
        if (sqlite3_vfs_register(&g_vfs, 0) != SQLITE_OK)
            throw EngineError(ErrorKind::Io, "cannot register the encrypting SQLite VFS");
    });
}

std::string canonicalPath(const std::string &path) {
    ensureRegistered();
    std::vector<char> out(static_cast<std::size_t>(g_base->mxPathname) + 1, '\0');
    if (g_base->xFullPathname(g_base, path.c_str(), g_base->mxPathname + 1, out.data()) != SQLITE_OK)
        return path;
    return out.data();
}

void setKey(const std::string &canonical, std::shared_ptr<const FileKey> k) {
    std::lock_guard lock(g_mutex);
    g_keys[canonical] = std::move(k);
}

std::shared_ptr<const FileKey> key(const std::string &canonical) {
    std::lock_guard lock(g_mutex);
    const auto it = g_keys.find(canonical);
    return it == g_keys.end() ? nullptr : it->second;
}

void removeKey(const std::string &canonical) {
    std::lock_guard lock(g_mutex);
    g_keys.erase(canonical);
}

} // namespace recscope::engine::cryptvfs
