// SPDX-License-Identifier: GPL-3.0-or-later
// One small block per platform. Secrets travel as hex text (the Secret Service stores text) in
// locked memory, wiped after use.
#include "engine/core/keyring.h"

#include "engine/core/errors.h"

#include <sodium.h>

#include <cstring>

#if defined(RECSCOPE_HAVE_LIBSECRET)
#include <libsecret/secret.h>
#elif defined(__APPLE__)
#include <Security/Security.h>
#elif defined(_WIN32)
#include <windows.h>
#include <wincred.h>
#endif

namespace recscope::engine::keyring {

namespace {

[[noreturn]] void unreachable(const std::string &why) {
    throw EngineError(ErrorKind::Io, "the system keyring (" + backendName() + ") cannot be used: " + why);
}

SecretBytes toHex(const SecretBytes &secret) {
    requireSodium();
    SecretBytes hex(secret.size() * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char *>(hex.data()), hex.size(), secret.data(), secret.size());
    return hex; // NUL-terminated
}

SecretBytes fromHex(const char *hex, std::size_t length, const std::string &name) {
    requireSodium();
    SecretBytes out(length / 2);
    std::size_t written = 0;
    if (length % 2 != 0 || sodium_hex2bin(out.data(), out.size(), hex, length, nullptr, &written, nullptr) != 0 || written != out.size())
        throw EngineError(ErrorKind::BadInput, "the system keyring's entry '" + name + "' is not a RecScope key");
    return out;
}

#if defined(RECSCOPE_HAVE_LIBSECRET)
const SecretSchema *schema() {
    static const SecretSchema s = [] {
        SecretSchema x{}; // the attribute list ends at the first empty entry
        x.name = "org.recscope.Secret";
        x.flags = SECRET_SCHEMA_NONE;
        x.attributes[0] = {"name", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return x;
    }();
    return &s;
}

// Takes a GError: throws with its message when set.
void check(GError *error) {
    if (!error)
        return;
    const std::string why = error->message ? error->message : "unknown error";
    g_error_free(error);
    unreachable(why + " (a Secret Service such as GNOME Keyring or KWallet must run in this desktop session; "
                      "otherwise use a key file)");
}
#elif defined(__APPLE__)
constexpr const char *kService = "RecScope";

std::string statusText(OSStatus status) {
    std::string text = "OSStatus " + std::to_string(status);
    if (CFStringRef message = SecCopyErrorMessageString(status, nullptr)) {
        char buffer[256];
        if (CFStringGetCString(message, buffer, sizeof buffer, kCFStringEncodingUTF8))
            text = buffer;
        CFRelease(message);
    }
    return text;
}

// A query for the generic password filed under `name`; the caller releases it.
CFMutableDictionaryRef query(const std::string &name) {
    CFMutableDictionaryRef q = CFDictionaryCreateMutable(nullptr, 0, &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
    CFStringRef service = CFStringCreateWithCString(nullptr, kService, kCFStringEncodingUTF8);
    CFStringRef account = CFStringCreateWithCString(nullptr, name.c_str(), kCFStringEncodingUTF8);
    CFDictionarySetValue(q, kSecClass, kSecClassGenericPassword);
    CFDictionarySetValue(q, kSecAttrService, service);
    CFDictionarySetValue(q, kSecAttrAccount, account);
    CFRelease(service);
    CFRelease(account);
    return q;
}
#elif defined(_WIN32)
std::wstring target(const std::string &name) {
    const std::string text = "RecScope/" + name;
    const int n = MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(n > 0 ? n - 1 : 0), L'\0');
    if (n > 0)
        MultiByteToWideChar(CP_UTF8, 0, text.c_str(), -1, wide.data(), n);
    return wide;
}
#endif

} // namespace

std::string backendName() {
#if defined(RECSCOPE_HAVE_LIBSECRET)
    return "Secret Service";
#elif defined(__APPLE__)
    return "macOS Keychain";
#elif defined(_WIN32)
    return "Windows Credential Manager";
#else
    return {};
#endif
}

std::optional<SecretBytes> lookup(const std::string &name) {
#if defined(RECSCOPE_HAVE_LIBSECRET)
    GError *error = nullptr;
    gchar *hex = secret_password_lookup_sync(schema(), nullptr, &error, "name", name.c_str(), nullptr);
    check(error);
    if (!hex)
        return std::nullopt;
    try {
        auto secret = fromHex(hex, std::strlen(hex), name);
        secret_password_free(hex); // wipes it
        return secret;
    } catch (...) {
        secret_password_free(hex);
        throw;
    }
#elif defined(__APPLE__)
    CFMutableDictionaryRef q = query(name);
    CFDictionarySetValue(q, kSecReturnData, kCFBooleanTrue);
    CFDictionarySetValue(q, kSecMatchLimit, kSecMatchLimitOne);
    CFTypeRef data = nullptr;
    const OSStatus status = SecItemCopyMatching(q, &data);
    CFRelease(q);
    if (status == errSecItemNotFound)
        return std::nullopt;
    if (status != errSecSuccess)
        unreachable(statusText(status));
    const auto *bytes = reinterpret_cast<const char *>(CFDataGetBytePtr(static_cast<CFDataRef>(data)));
    const auto length = static_cast<std::size_t>(CFDataGetLength(static_cast<CFDataRef>(data)));
    std::optional<SecretBytes> secret;
    try {
        secret = fromHex(bytes, length, name);
    } catch (...) {
        CFRelease(data);
        throw;
    }
    CFRelease(data);
    return secret;
#elif defined(_WIN32)
    PCREDENTIALW credential = nullptr;
    if (!CredReadW(target(name).c_str(), CRED_TYPE_GENERIC, 0, &credential)) {
        if (GetLastError() == ERROR_NOT_FOUND)
            return std::nullopt;
        unreachable("CredRead failed with error " + std::to_string(GetLastError()));
    }
    std::optional<SecretBytes> secret;
    try {
        secret = fromHex(reinterpret_cast<const char *>(credential->CredentialBlob), credential->CredentialBlobSize, name);
    } catch (...) {
        SecureZeroMemory(credential->CredentialBlob, credential->CredentialBlobSize);
        CredFree(credential);
        throw;
    }
    SecureZeroMemory(credential->CredentialBlob, credential->CredentialBlobSize);
    CredFree(credential);
    return secret;
#else
    (void)name;
    throw EngineError(ErrorKind::Usage, "this build of RecScope has no system keyring: use a key file");
#endif
}

void store(const std::string &name, const std::string &label, const SecretBytes &secret) {
    const SecretBytes hex = toHex(secret);
#if defined(RECSCOPE_HAVE_LIBSECRET)
    GError *error = nullptr;
    secret_password_store_sync(schema(), SECRET_COLLECTION_DEFAULT, label.c_str(), reinterpret_cast<const char *>(hex.data()), nullptr,
                               &error, "name", name.c_str(), nullptr);
    check(error);
#elif defined(__APPLE__)
    remove(name); // SecItemAdd does not replace
    CFMutableDictionaryRef q = query(name);
    CFStringRef text = CFStringCreateWithCString(nullptr, label.c_str(), kCFStringEncodingUTF8);
    CFDataRef data = CFDataCreate(nullptr, hex.data(), static_cast<CFIndex>(hex.size() - 1));
    CFDictionarySetValue(q, kSecAttrLabel, text);
    CFDictionarySetValue(q, kSecValueData, data);
    const OSStatus status = SecItemAdd(q, nullptr);
    CFRelease(text);
    CFRelease(data);
    CFRelease(q);
    if (status != errSecSuccess)
        unreachable(statusText(status));
#elif defined(_WIN32)
    std::wstring targetName = target(name);
    const int n = MultiByteToWideChar(CP_UTF8, 0, label.c_str(), -1, nullptr, 0);
    std::wstring comment(static_cast<std::size_t>(n > 0 ? n : 1), L'\0');
    if (n > 0)
        MultiByteToWideChar(CP_UTF8, 0, label.c_str(), -1, comment.data(), n);
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = targetName.data();
    credential.Comment = comment.data();
    credential.CredentialBlobSize = static_cast<DWORD>(hex.size() - 1);
    credential.CredentialBlob = const_cast<LPBYTE>(hex.data());
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
    if (!CredWriteW(&credential, 0))
        unreachable("CredWrite failed with error " + std::to_string(GetLastError()));
#else
    (void)name;
    (void)label;
    throw EngineError(ErrorKind::Usage, "this build of RecScope has no system keyring: use a key file");
#endif
}

bool remove(const std::string &name) {
#if defined(RECSCOPE_HAVE_LIBSECRET)
    GError *error = nullptr;
    const gboolean removed = secret_password_clear_sync(schema(), nullptr, &error, "name", name.c_str(), nullptr);
    check(error);
    return removed;
#elif defined(__APPLE__)
    CFMutableDictionaryRef q = query(name);
    const OSStatus status = SecItemDelete(q);
    CFRelease(q);
    if (status == errSecItemNotFound)
        return false;
    if (status != errSecSuccess)
        unreachable(statusText(status));
    return true;
#elif defined(_WIN32)
    if (CredDeleteW(target(name).c_str(), CRED_TYPE_GENERIC, 0))
        return true;
    if (GetLastError() == ERROR_NOT_FOUND)
        return false;
    unreachable("CredDelete failed with error " + std::to_string(GetLastError()));
#else
    (void)name;
    return false;
#endif
}

} // namespace recscope::engine::keyring
