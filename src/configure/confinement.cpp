#include "configure/confinement.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "configure/landlock_uapi.h"
#include "configure/seccomp_filter.h"
#include "util/error.h"
#include "util/files.h"

namespace debimg {

namespace {

namespace ll = landlock;

// Every filesystem right the ABI knows: all of them are handled, so all
// are refused but where a rule grants them. (Rights of ABIs after 7 stay
// unhandled, that is allowed, until they are listed here.)
std::uint64_t landlock_fs_rights(int abi) {
  std::uint64_t rights = (ll::kMakeSym << 1) - 1;  // ABI 1: execute … make_sym
  if (abi >= 2) rights |= ll::kRefer;
  if (abi >= 3) rights |= ll::kTruncate;
  if (abi >= 5) rights |= ll::kIoctlDev;
  return rights;
}

ll::RulesetAttr landlock_ruleset(int abi, bool own_network) {
  ll::RulesetAttr attr;
  attr.handled_access_fs = landlock_fs_rights(abi);
  // Handled without a rule that allows a port: no TCP bind or connect at all.
  if (abi >= 4 && !own_network) attr.handled_access_net = ll::kBindTcp | ll::kConnectTcp;
  // No abstract UNIX socket or signal reaches a process outside the domain (the builder).
  if (abi >= 6) attr.scoped = ll::kScopeAbstractUnixSocket | ll::kScopeSignal;
  return attr;
}

enum class RuleKind { read_write, read_exec, read_only, device };

std::uint64_t wanted_rights(RuleKind kind) {
  switch (kind) {
    // All but making device nodes: one made in the tree would open with the
    // tree's rights (a disk, for a builder with CAP_MKNOD); fakeroot fakes them.
    case RuleKind::read_write: return ~(ll::kMakeChar | ll::kMakeBlock);
    case RuleKind::read_exec: return ll::kExecute | ll::kReadFile | ll::kReadDir;
    case RuleKind::read_only: return ll::kReadFile | ll::kReadDir;
    // ioctl: a terminal needs TCGETS and TIOCGWINSZ (the seccomp filter refuses TIOCSTI).
    case RuleKind::device: return ll::kReadFile | ll::kWriteFile | ll::kIoctlDev;
  }
  return 0;
}

const char* rule_kind_name(RuleKind kind) {
  switch (kind) {
    case RuleKind::read_write: return "read-write";
    case RuleKind::read_exec: return "read-exec";
    case RuleKind::read_only: return "read-only";
    case RuleKind::device: return "device";
  }
  return "";
}

void add_landlock_rule(int ruleset, const std::filesystem::path& path, RuleKind kind, std::uint64_t handled) {
  const std::string what = std::string("cannot confine scripts: the ") + rule_kind_name(kind) + " path " + path.string();
  UniqueFd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
  struct stat st{};
  if (!fd || ::fstat(fd.get(), &st) != 0) throw Error(what + ": " + errno_text(errno));
  if (kind == RuleKind::device && !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
    throw Error(what + " is not a device file (list it as read-write or read-only)");
  // A rule on anything but a folder may only carry file rights.
  const std::uint64_t allowed = S_ISDIR(st.st_mode) ? handled : ll::kFileRights;
  const ll::PathBeneathAttr rule{wanted_rights(kind) & handled & allowed, fd.get()};
  if (::syscall(ll::kAddRule, ruleset, ll::kRulePathBeneath, &rule, 0) != 0)
    throw Error(what + ": landlock_add_rule: " + errno_text(errno));
}

// A root builder's capabilities reach past Landlock and the filter:
// CAP_SYS_ADMIN or CAP_PERFMON read other processes' /proc/PID/environ
// through a /proc rule, CAP_FOWNER chmods any file, CAP_NET_ADMIN
// reconfigures the host's network through any socket's ioctls.
ConfinementFailure drop_all_capabilities() noexcept {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct caps[2]{};
  if (::syscall(SYS_capget, &header, caps) != 0) return {"capget", errno};
  if ((caps[0].permitted | caps[1].permitted | caps[0].inheritable | caps[1].inheritable) == 0) return {};
  // The bounding set too, so that an exec as root gains nothing; without
  // CAP_SETPCAP no_new_privs alone keeps exec from adding any.
  if (caps[0].effective & (1U << CAP_SETPCAP))
    for (int cap = 0; ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; ++cap)
      if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return {"prctl(PR_CAPBSET_DROP)", errno};
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
    return {"prctl(PR_CAP_AMBIENT_CLEAR_ALL)", errno};
  const __user_cap_data_struct none[2]{};
  if (::syscall(SYS_capset, &header, none) != 0) return {"capset", errno};
  return {};
}

}  // namespace

int landlock_abi() noexcept {
  const long abi = ::syscall(ll::kCreateRuleset, nullptr, 0, ll::kCreateRulesetVersion);
  return abi > 0 ? static_cast<int>(abi) : 0;
}

PreparedConfinement::PreparedConfinement(const ConfinementSpec& spec)
    : abi_(landlock_abi()), max_open_files_(spec.max_open_files), drop_capabilities_(spec.drop_capabilities) {
  if (abi_ == 0)
    throw Error("cannot confine scripts: this kernel offers no Landlock (it needs Linux 5.13 or later with landlock "
                "in its lsm= list, and a seccomp profile that allows landlock_create_ruleset)");
  const ll::RulesetAttr ruleset = landlock_ruleset(abi_, spec.own_network);
  ruleset_.reset(static_cast<int>(::syscall(ll::kCreateRuleset, &ruleset, sizeof ruleset, 0)));
  if (!ruleset_) throw Error("cannot confine scripts: landlock_create_ruleset: " + errno_text(errno));
  const std::pair<const std::vector<std::filesystem::path>*, RuleKind> lists[] = {
      {&spec.read_write, RuleKind::read_write}, {&spec.read_exec, RuleKind::read_exec},
      {&spec.read_only, RuleKind::read_only}, {&spec.devices, RuleKind::device}};
  for (const auto& [paths, kind] : lists)
    for (const auto& path : *paths) add_landlock_rule(ruleset_.get(), path, kind, ruleset.handled_access_fs);
  filter_ = seccomp_program({spec.deny_inet && !spec.own_network, spec.deny_unix});
  if (filter_.size() > BPF_MAXINSNS) throw Error("cannot confine scripts: the seccomp program is too long");
}

ConfinementFailure PreparedConfinement::apply() const noexcept {
  const rlimit no_core{0, 0};  // a core file would land wherever the program's cwd is
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) return {"setrlimit(RLIMIT_CORE)", errno};
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) return {"getrlimit(RLIMIT_NOFILE)", errno};
  files.rlim_cur = std::min(files.rlim_cur, max_open_files_);
  files.rlim_max = std::min(files.rlim_max, max_open_files_);
  if (::setrlimit(RLIMIT_NOFILE, &files) != 0) return {"setrlimit(RLIMIT_NOFILE)", errno};
  if (drop_capabilities_)
    if (const ConfinementFailure failure = drop_all_capabilities()) return failure;
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return {"prctl(PR_SET_NO_NEW_PRIVS)", errno};
  if (::syscall(ll::kRestrictSelf, ruleset_.get(), 0) != 0) return {"landlock_restrict_self", errno};
  // Last, so that no step above runs under it.
  const sock_fprog program{static_cast<unsigned short>(filter_.size()), const_cast<sock_filter*>(filter_.data())};
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
    return {"seccomp(SECCOMP_SET_MODE_FILTER)", errno};
  return {};
}

void ConfinementFailure::write_line(int fd) const noexcept {
  const char* description = ::strerrordesc_np(error);
  const char* parts[] = {"debimg: cannot confine the program: ", step ? step : "nothing failed", ": ",
                         description ? description : "unknown error", "\n"};
  iovec iov[5];
  for (int i = 0; i < 5; ++i) iov[i] = {const_cast<char*>(parts[i]), std::strlen(parts[i])};
  [[maybe_unused]] const ssize_t written = ::writev(fd, iov, 5);
}

}  // namespace debimg
