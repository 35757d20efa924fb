#include "configure/chroot_run.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <deque>

#include "util/error.h"
#include "util/files.h"

namespace debimg {

std::vector<std::string> script_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                               "LC_ALL=C.UTF-8",
                               "DEBIAN_FRONTEND=noninteractive",
                               "DEBCONF_NONINTERACTIVE_SEEN=true",
                               "DPKG_ADMINDIR=/var/lib/dpkg",
                               "DPKG_ROOT=",
                               "HOME=/root",
                               "TERM=dumb"};
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

int run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env, int log_fd,
                const std::filesystem::path& cwd) {
  pid_t pid = ::fork();
  if (pid < 0) throw Error("fork: " + errno_text(errno));
  if (pid == 0) {
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    if (::chdir(cwd.c_str()) != 0) ::chdir("/");
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    std::vector<char*> a, e;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    for (const auto& s : env) e.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    e.push_back(nullptr);
    ::execve(a[0], a.data(), e.data());
    dprintf(log_fd, "cannot run %s: %s\n", a[0], std::strerror(errno));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw Error("waiting for " + argv[0] + ": " + errno_text(errno));
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

off_t log_end(int log_fd) {
  const off_t end = ::lseek(log_fd, 0, SEEK_END);
  return end < 0 ? 0 : end;
}

namespace {

// One line, and no control characters: the log is what the scripts wrote,
// and it reaches the user's terminal in the error message.
std::string one_line(const std::string& text) {
  static const char* hex = "0123456789abcdef";
  std::string line;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      line += ' ';
    else if (u < 0x20 || u == 0x7f)
      line += std::string("\\x") + hex[u >> 4] + hex[u & 15];
    else
      line += c;
  }
  return line;
}

bool starts_with(const std::string& s, const char* start) { return s.rfind(start, 0) == 0; }

}  // namespace

std::string log_tail(int log_fd, off_t since) {
  off_t end = ::lseek(log_fd, 0, SEEK_END);
  if (end < since) since = 0;
  off_t start = end - since > 2000 ? end - 2000 : since;
  std::string text(static_cast<size_t>(end - start), '\0');
  if (::pread(log_fd, text.data(), text.size(), start) < 0) return "";
  // The last few lines, joined: an error stays one line.
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (text.empty()) return text;  // a program that printed nothing
  size_t cut = text.size();
  for (int lines = 0; lines < 3 && cut != std::string::npos && cut > 0; ++lines) cut = text.rfind('\n', cut - 1);
  return one_line(cut == std::string::npos ? text : text.substr(cut + 1));
}

std::string dpkg_failure(int log_fd, off_t since) {
  constexpr size_t kKeep = 3, kLineMax = 500;  // a script's last lines, each cut short
  std::deque<std::string> words;
  std::string error, line;
  bool done = false;
  // Streamed: what a script prints may be huge; only a few lines are kept.
  auto take = [&]() {
    if (line.size() > kLineMax) line.resize(kLineMax);
    if (!error.empty()) {  // the reason is the line after the error's, indented, if any
      const size_t text = line.find_first_not_of(' ');
      if (text != 0 && text != std::string::npos) error = line.substr(text);
      return true;
    }
    if (starts_with(line, "dpkg: error processing package ")) {
      error = line.substr(6);  // "error processing package P (--configure):"
      if (error.back() == ':') error.pop_back();
    } else if (starts_with(line, "Setting up ") || starts_with(line, "Processing triggers for ")) {
      words.clear();  // another package's scripts speak from here
    } else if (!line.empty()) {
      words.push_back(line);
      if (words.size() > kKeep) words.pop_front();
    }
    return false;
  };
  char buffer[8192];
  off_t at = since;
  ssize_t n;
  while (!done && (n = ::pread(log_fd, buffer, sizeof buffer, at)) > 0) {
    at += n;
    for (ssize_t i = 0; i < n && !done; ++i) {
      if (buffer[i] != '\n') {
        if (line.size() <= kLineMax) line += buffer[i];
        continue;
      }
      done = take();
      line.clear();
    }
  }
  if (error.empty()) return log_tail(log_fd, since);
  std::string text = error;
  if (!words.empty()) text += ":";
  for (const auto& w : words) text += " " + w;
  return one_line(text);
}

}  // namespace debimg
