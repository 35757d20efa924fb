#pragma once
// Landlock's user-space ABI up to version 7, declared here because Debian
// 12's kernel headers (6.1) stop at version 2 (no truncate, network, ioctl
// or scope rights). Values and layouts are the kernel's
// include/uapi/linux/landlock.h; released ones never change.
#include <sys/syscall.h>

#include <cstdint>

namespace debimg::landlock {

// The same numbers on every architecture (the unified table since Linux 5.1).
#ifdef __NR_landlock_create_ruleset
inline constexpr long kCreateRuleset = __NR_landlock_create_ruleset;
inline constexpr long kAddRule = __NR_landlock_add_rule;
inline constexpr long kRestrictSelf = __NR_landlock_restrict_self;
#else
inline constexpr long kCreateRuleset = 444;
inline constexpr long kAddRule = 445;
inline constexpr long kRestrictSelf = 446;
#endif

// struct landlock_ruleset_attr as of ABI 6. An older kernel takes it whole
// as long as the fields it does not know are zero.
struct RulesetAttr {
  std::uint64_t handled_access_fs = 0;
  std::uint64_t handled_access_net = 0;  // ABI 4
  std::uint64_t scoped = 0;              // ABI 6
};

// struct landlock_path_beneath_attr (packed in the kernel's header too).
struct __attribute__((packed)) PathBeneathAttr {
  std::uint64_t allowed_access = 0;
  std::int32_t parent_fd = -1;
};
static_assert(sizeof(PathBeneathAttr) == 12);

inline constexpr std::uint32_t kCreateRulesetVersion = 1U << 0;
inline constexpr int kRulePathBeneath = 1;

// Filesystem rights.
inline constexpr std::uint64_t kExecute = 1ULL << 0;
inline constexpr std::uint64_t kWriteFile = 1ULL << 1;
inline constexpr std::uint64_t kReadFile = 1ULL << 2;
inline constexpr std::uint64_t kReadDir = 1ULL << 3;
inline constexpr std::uint64_t kMakeChar = 1ULL << 6;
inline constexpr std::uint64_t kMakeBlock = 1ULL << 11;
inline constexpr std::uint64_t kMakeSym = 1ULL << 12;  // the last of ABI 1's thirteen
inline constexpr std::uint64_t kRefer = 1ULL << 13;     // ABI 2
inline constexpr std::uint64_t kTruncate = 1ULL << 14;  // ABI 3
inline constexpr std::uint64_t kIoctlDev = 1ULL << 15;  // ABI 5
// The only rights a rule on a file (not a folder) may carry.
inline constexpr std::uint64_t kFileRights = kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev;

// Network rights (ABI 4).
inline constexpr std::uint64_t kBindTcp = 1ULL << 0;
inline constexpr std::uint64_t kConnectTcp = 1ULL << 1;

// Scopes (ABI 6).
inline constexpr std::uint64_t kScopeAbstractUnixSocket = 1ULL << 0;
inline constexpr std::uint64_t kScopeSignal = 1ULL << 1;

}  // namespace debimg::landlock
