// SPDX-License-Identifier: GPL-3.0-or-later
// Keeping a project's secrets: encrypting it (encrypt, decrypt, rekey) and moving an old pseudonym
// key out of it (pseudonym-key).
#include "cli/cli.h"

#include "engine/core/secret.h"
#include "engine/data/pseudonymkey.h"
#include "engine/store/encryption.h"

#include <iostream>
#include <memory>

namespace recscope::cli {

using namespace engine;

namespace {

struct CryptArgs {
    std::string project, newPassphraseFile;
};

int runEncrypt(const CryptArgs &a, const Shared &shared) {
    std::string passphrase = requirePassphrase(shared, "encrypt");
    encryptProject(a.project, std::move(passphrase), kdfCost(shared));
    std::cout << "Encrypted " << a.project << ": every page, its WAL and journal are now encrypted and authenticated.\n";
    return kOk;
}

int runDecrypt(const CryptArgs &a) {
    decryptProject(a.project);
    std::cout << "Decrypted " << a.project << ": it is a plain SQLite file again.\n";
    return kOk;
}

int runRekey(const CryptArgs &a, const Shared &shared) {
    requirePassphrase(shared, "rekey"); // the current one
    std::string fresh = readPassphraseFile(a.newPassphraseFile);
    changeProjectPassphrase(a.project, std::move(fresh), kdfCost(shared));
    std::cout << "Changed the passphrase of " << a.project << ".\n";
    return kOk;
}

void addCrypt(CLI::App &app, const Shared &shared, Commands &out) {
    auto a = std::make_shared<CryptArgs>();
    auto *enc = app.add_subcommand("encrypt", "Encrypt a plain project with the passphrase of --passphrase-file "
                                              "(written to a new file, then renamed over the old one)");
    addProjectOption(enc, a->project);
    out.push_back({enc, [a, &shared](Progress &) { return runEncrypt(*a, shared); }});
    auto *dec = app.add_subcommand("decrypt", "Turn an encrypted project back into a plain one (needs its passphrase)");
    addProjectOption(dec, a->project);
    out.push_back({dec, [a](Progress &) { return runDecrypt(*a); }});
    auto *rekey = app.add_subcommand("rekey", "Change an encrypted project's passphrase (the old one from --passphrase-file)");
    addProjectOption(rekey, a->project);
    rekey->add_option("--new-passphrase-file", a->newPassphraseFile, "The new passphrase, on the first line of FILE")->required();
    out.push_back({rekey, [a, &shared](Progress &) { return runRekey(*a, shared); }});
}

struct PseudonymKeyArgs {
    std::string project, exportTo, toKeyring;
    bool destroy = false;
};

int runPseudonymKey(const PseudonymKeyArgs &a) {
    if (int(!a.exportTo.empty()) + int(!a.toKeyring.empty()) + int(a.destroy) != 1)
        throw EngineError(ErrorKind::Usage, "give exactly one of --export FILE, --to-keyring NAME or --destroy");
    auto p = Project::open(a.project);
    if (!p->hasStoredPseudonymKey()) {
        std::cout << "The project holds no pseudonym key: nothing to do.\n";
        return kOk;
    }
    std::vector<std::string> affected;
    for (const auto &d : p->datasets())
        if (d.pseudonymKind == "stored-key")
            affected.push_back(d.name);
    bool clean = false;
    if (!a.exportTo.empty()) {
        clean = movePseudonymKeyOut(*p, a.exportTo);
        std::cout << "Moved the pseudonym key to " << a.exportTo << " and removed it from the project.\n";
    } else if (!a.toKeyring.empty()) {
        clean = movePseudonymKeyToKeyring(*p, a.toKeyring);
        std::cout << "Moved the pseudonym key to the system keyring as '" << a.toKeyring << "' and removed it from the project.\n";
    } else {
        clean = destroyStoredPseudonymKey(*p);
        std::cout << "Destroyed the pseudonym key: no one can link these datasets' ids back any more.\n";
    }
    for (const auto &n : affected)
        std::cout << "  " << n << "\n";
    if (!clean)
        std::cout << "Another program has the project open: old copies of the key may stay in its -wal file until "
                     "it closes. Run this command again then.\n";
    return kOk;
}

void addPseudonymKey(CLI::App &app, Commands &out) {
    auto a = std::make_shared<PseudonymKeyArgs>();
    auto *cmd = app.add_subcommand("pseudonym-key",
                                   "Move the pseudonym key that older projects keep inside the file out to a key file or "
                                   "the system keyring, or destroy it");
    addProjectOption(cmd, a->project);
    cmd->add_option("--export", a->exportTo, "Write the key to FILE (a new file, owner-only), then remove it from the project");
    cmd->add_option("--to-keyring", a->toKeyring, "File the key in the system keyring under NAME (a new entry), then remove it from the project")
        ->type_name("NAME");
    cmd->add_flag("--destroy", a->destroy, "Remove the key for good: the pseudonyms become irreversible");
    out.push_back({cmd, [a](Progress &) { return runPseudonymKey(*a); }});
}

} // namespace

void addSecurityCommands(CLI::App &app, Shared &shared, Commands &out) {
    addCrypt(app, shared, out);
    addPseudonymKey(app, out);
}

} // namespace recscope::cli
