#include "repo/signature_check.h"

#include <gpgme.h>
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"
#include "validate/identifiers.h"

namespace fs = std::filesystem;

namespace debimg {

namespace {

const std::string kSignatureHeader = "-----BEGIN PGP SIGNATURE-----";
const std::string kSignatureFooter = "-----END PGP SIGNATURE-----";
const std::string kKeyHeader = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

struct CtxFree {
  void operator()(gpgme_ctx_t c) const { gpgme_release(c); }
};
struct DataFree {
  void operator()(gpgme_data_t d) const { gpgme_data_release(d); }
};
using Ctx = std::unique_ptr<std::remove_pointer_t<gpgme_ctx_t>, CtxFree>;
using Data = std::unique_ptr<std::remove_pointer_t<gpgme_data_t>, DataFree>;

std::string gpg_text(gpgme_error_t err) { return gpgme_strerror(err); }

// Splits a clearsigned file as apt does (apt-pkg/contrib/gpgv.cc) and
// returns the signed text, dash-escaping undone. Refuses anything but one
// block with nothing around it, armor headers other than "Hash:" (gpg's
// "NotDashEscaped:" would let signed lines pass for armor), and a line of
// the text that starts with a dash without being dash-escaped: gpg and a
// lax reader could disagree on where the text ends.
std::string split_clearsigned(const std::string& s, const std::string& what) {
  size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || s.compare(start, kSignedHeader.size(), kSignedHeader) != 0)
    throw Error(what + ": not a clearsigned file (no '" + std::string(kSignedHeader) + "' at the start)");
  if (s.find(kSignedHeader, start + 1) != std::string::npos) throw Error(what + ": more than one signed block");
  size_t footer = s.rfind(kSignatureFooter);
  if (footer == std::string::npos || s.find_first_not_of(" \t\r\n", footer + kSignatureFooter.size()) != std::string::npos)
    throw Error(what + ": text after the signature");

  std::istringstream in(s.substr(start));
  std::string line, text;
  enum { header, armor, body, signature } part = header;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string where = what + " line " + std::to_string(number);
    switch (part) {
      case header:
        part = armor;  // the BEGIN line, checked above
        break;
      case armor:
        if (line.empty())
          part = body;
        else if (line.rfind("Hash: ", 0) != 0)
          throw Error(where + ": unexpected armor header " + quoted_value(line) + " (apt accepts only 'Hash:')");
        break;
      case body:
        if (line == kSignatureHeader) {
          part = signature;
        } else if (line.rfind("- ", 0) == 0) {
          text += line.substr(2) + "\n";
        } else if (!line.empty() && line[0] == '-') {
          throw Error(where + ": a line of the signed text starts with a dash but is not dash-escaped (" +
                      quoted_value(line.substr(0, 40)) + ")");
        } else {
          text += line + "\n";
        }
        break;
      case signature:
        if (line.rfind("-----", 0) == 0 && line != kSignatureFooter)
          throw Error(where + ": unexpected armor line " + quoted_value(line) + " in the signature block");
        if (line == kSignatureFooter) return text;
        break;
    }
  }
  throw Error(what + ": the signature block is missing");
}

// A GPGME context working in `home`, never touching the network.
Ctx new_context(const fs::path& home) {
  static const char* version = gpgme_check_version(nullptr);
  if (!version) throw Error("GPGME could not be initialised");
  gpgme_ctx_t raw_ctx = nullptr;
  if (auto err = gpgme_new(&raw_ctx)) throw Error("GPGME: " + gpg_text(err));
  Ctx ctx(raw_ctx);
  if (auto err = gpgme_ctx_set_engine_info(ctx.get(), GPGME_PROTOCOL_OpenPGP, nullptr, home.c_str()))
    throw Error("GPGME cannot use gpg: " + gpg_text(err));
  gpgme_set_offline(ctx.get(), 1);
  return ctx;
}

// A GnuPG home of our own into which GPGME imports the profile's keyrings
// (binary or armored, any number of key blocks each): gpg then reads no user
// key and writes nothing beside the originals.
class PrivateGnupgHome {
 public:
  PrivateGnupgHome(const std::vector<std::string>& keyrings, const fs::path& scratch) : dir_(scratch, "gnupg-") {
    ::chmod(dir_.path().c_str(), 0700);
    // no-autostart: importing public keys and verifying need no gpg-agent; one
    // started in this home would outlive the import and race its removal.
    write_file_atomic(dir_.path() / "gpg.conf",
                      "trust-model always\nno-auto-key-retrieve\nno-auto-key-locate\nno-autostart\n", 0600);
    Ctx ctx = new_context(dir_.path());
    for (const std::string& k : keyrings) {
      const bool is_inline = k.find(kKeyHeader) != std::string::npos;
      const std::string what = is_inline ? "inline signed-by key" : k;
      const std::string content = is_inline ? k : read_file(k);
      gpgme_data_t raw = nullptr;
      if (auto err = gpgme_data_new_from_mem(&raw, content.data(), content.size(), 0)) throw Error("GPGME: " + gpg_text(err));
      Data data(raw);
      if (auto err = gpgme_op_import(ctx.get(), data.get())) throw Error(what + ": cannot read the keys: " + gpg_text(err));
      gpgme_import_result_t r = gpgme_op_import_result(ctx.get());
      if (!r || r->considered == 0 || r->imported + r->unchanged == 0)
        throw Error(what + ": holds no OpenPGP public key");
    }
  }
  ~PrivateGnupgHome() {
    // Importing may have started an agent in this home: stop it.
    std::error_code ec;
    if (fs::exists(dir_.path() / "S.gpg-agent", ec)) {
      try {
        run_process({"gpgconf", "--homedir", dir_.path().string(), "--kill", "all"});
      } catch (...) {
      }
    }
  }
  PrivateGnupgHome(const PrivateGnupgHome&) = delete;
  PrivateGnupgHome& operator=(const PrivateGnupgHome&) = delete;
  const fs::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

// Why apt would not accept the key that made `sig` (apt's
// APT::Key::Assert-Pubkey-Algo: >=rsa2048, ed25519, ed448, nistp256/384/521); empty when fine.
std::string weak_key(gpgme_ctx_t ctx, gpgme_signature_t sig) {
  if (!sig->fpr) return "no key fingerprint";
  gpgme_key_t key = nullptr;
  if (gpgme_get_key(ctx, sig->fpr, &key, 0) != 0 || !key) return "";  // verification found it; nothing more to say
  std::string why;
  for (gpgme_subkey_t sub = key->subkeys; sub; sub = sub->next) {
    const std::string fpr = sub->fpr ? sub->fpr : "", keyid = sub->keyid ? sub->keyid : "";
    const std::string signer = sig->fpr;
    if (fpr != signer && (keyid.empty() || signer.size() < keyid.size() || signer.compare(signer.size() - keyid.size(), keyid.size(), keyid) != 0))
      continue;
    const std::string algo = gpgme_pubkey_algo_name(sub->pubkey_algo) ? gpgme_pubkey_algo_name(sub->pubkey_algo) : "?";
    const std::string curve = sub->curve ? sub->curve : "";
    const bool rsa = sub->pubkey_algo == GPGME_PK_RSA || sub->pubkey_algo == GPGME_PK_RSA_S || sub->pubkey_algo == GPGME_PK_RSA_E;
    if (rsa) {
      if (sub->length < 2048) why = algo + " key of " + std::to_string(sub->length) + " bits (apt wants 2048 or more)";
    } else if (curve != "ed25519" && curve != "ed448" && curve != "nistp256" && curve != "nistp384" && curve != "nistp521") {
      why = algo + (curve.empty() ? "" : " " + curve) + " key (apt accepts RSA of 2048 bits or more, ed25519, ed448, nistp256/384/521)";
    }
    break;
  }
  gpgme_key_unref(key);
  return why;
}

std::string describe_failure(gpgme_signature_t sig) {
  std::string who = sig->fpr ? std::string(sig->fpr) : "an unknown key";
  gpgme_err_code_t code = gpgme_err_code(sig->status);
  if (code == GPG_ERR_NO_PUBKEY) return "signed by " + who + ", which is not in the keyring";
  if (code == GPG_ERR_KEY_EXPIRED || (sig->summary & GPGME_SIGSUM_KEY_EXPIRED)) return "signed by " + who + ", whose key has expired";
  if (code == GPG_ERR_CERT_REVOKED || (sig->summary & GPGME_SIGSUM_KEY_REVOKED)) return "signed by " + who + ", whose key is revoked";
  if (code == GPG_ERR_SIG_EXPIRED || (sig->summary & GPGME_SIGSUM_SIG_EXPIRED)) return "the signature by " + who + " has expired";
  return "signature by " + who + ": " + gpg_text(sig->status);
}

}  // namespace

std::vector<std::string> keyring_fingerprints(const std::vector<std::string>& keyrings, const fs::path& scratch) {
  if (keyrings.empty()) return {};
  PrivateGnupgHome home(keyrings, scratch);
  Ctx ctx = new_context(home.path());
  if (auto err = gpgme_op_keylist_start(ctx.get(), nullptr, 0)) throw Error("cannot list the keyrings' keys: " + gpg_text(err));
  std::vector<std::string> out;
  gpgme_key_t key = nullptr;
  while (gpgme_op_keylist_next(ctx.get(), &key) == 0) {
    if (key->fpr) out.push_back(key->fpr);
    gpgme_key_unref(key);
  }
  gpgme_op_keylist_end(ctx.get());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

VerifiedText verify_clearsigned(const std::string& clearsigned, const std::vector<std::string>& keyrings,
                                const fs::path& scratch, const std::string& what) {
  const std::string signed_text = split_clearsigned(clearsigned, what);
  if (keyrings.empty()) throw Error(what + ": no keyring to verify it with");
  PrivateGnupgHome home(keyrings, scratch);
  Ctx ctx = new_context(home.path());

  gpgme_data_t raw_sig = nullptr, raw_plain = nullptr;
  if (auto err = gpgme_data_new_from_mem(&raw_sig, clearsigned.data(), clearsigned.size(), 0))
    throw Error("GPGME: " + gpg_text(err));
  Data sig(raw_sig);
  if (auto err = gpgme_data_new(&raw_plain)) throw Error("GPGME: " + gpg_text(err));
  Data plain(raw_plain);
  if (auto err = gpgme_op_verify(ctx.get(), sig.get(), nullptr, plain.get()))
    throw Error(what + ": cannot check the signature: " + gpg_text(err));

  gpgme_verify_result_t result = gpgme_op_verify_result(ctx.get());
  VerifiedText out;
  std::vector<std::string> problems;
  for (gpgme_signature_t s = result ? result->signatures : nullptr; s; s = s->next) {
    gpgme_err_code_t code = gpgme_err_code(s->status);
    if (code == GPG_ERR_BAD_SIGNATURE) throw Error(what + ": bad signature (the file was altered after signing)");
    if (code != GPG_ERR_NO_ERROR || (s->summary & (GPGME_SIGSUM_RED | GPGME_SIGSUM_KEY_REVOKED | GPGME_SIGSUM_KEY_EXPIRED |
                                                   GPGME_SIGSUM_SIG_EXPIRED))) {
      problems.push_back(describe_failure(s));
      continue;
    }
    if (s->hash_algo == GPGME_MD_MD5 || s->hash_algo == GPGME_MD_SHA1 || s->hash_algo == GPGME_MD_RMD160) {
      problems.push_back("signed with the weak hash " + std::string(gpgme_hash_algo_name(s->hash_algo)) +
                         " by " + (s->fpr ? s->fpr : "?"));
      continue;
    }
    // A signature from the future is a forged or replayed clock (a minute of skew allowed).
    if (s->timestamp > static_cast<unsigned long>(std::time(nullptr)) + 60) {
      problems.push_back("the signature by " + std::string(s->fpr ? s->fpr : "?") + " is dated in the future");
      continue;
    }
    if (std::string weak = weak_key(ctx.get(), s); !weak.empty()) {
      problems.push_back("signed by " + std::string(s->fpr ? s->fpr : "?") + ", a " + weak);
      continue;
    }
    out.fingerprints.push_back(s->fpr ? s->fpr : "");
  }
  if (out.fingerprints.empty()) {
    std::string reason = problems.empty() ? std::string("no signature found") : problems.front();
    for (size_t i = 1; i < problems.size(); ++i) reason += "; " + problems[i];
    throw Error(what + ": not accepted: " + reason);
  }
  size_t length = 0;
  char* text = gpgme_data_release_and_get_mem(plain.release(), &length);
  out.text.assign(text ? text : "", length);
  gpgme_free(text);
  // What gpg verified must be what the parser reads: apt parses its own
  // split, so a file on which the two disagree is refused.
  auto trimmed = [](std::string t) {
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    return t;
  };
  if (trimmed(out.text) != trimmed(signed_text))
    throw Error(what + ": the text gpg verified is not the text between the armor lines");
  out.text = signed_text;
  return out;
}

std::string unverified_clearsigned_text(const std::string& clearsigned, const std::string& what) {
  return split_clearsigned(clearsigned, what);
}

}  // namespace debimg
