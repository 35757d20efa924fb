#include "cli/progress.h"

#include <cstdio>
#include <iostream>

namespace debimg {

TerminalProgress::TerminalProgress(Verbosity verbosity, bool terminal)
    : live_(terminal && verbosity != Verbosity::quiet),
      lines_(!terminal && verbosity == Verbosity::verbose),
      quiet_(verbosity == Verbosity::quiet),
      started_(std::chrono::steady_clock::now()) {}

void TerminalProgress::stage(Stage stage, const std::string& detail) {
  const bool same = redraw_ && stage == current_;  // the stage says more about itself (lock: using …)
  if (!same) started_ = std::chrono::steady_clock::now();
  current_ = stage;
  const std::string line = to_string(stage) + ": " + detail;
  if (live_) std::cerr << (same ? "\033[A\r\033[K" : "") << line << "\n" << std::flush;
  if (lines_) std::cerr << line << "\n" << std::flush;
  redraw_ = true;
}

std::string TerminalProgress::progress_line(Stage stage, const Progress& p) const {
  std::string line = to_string(stage) + ":";
  if (p.total) line += " " + std::to_string(p.done) + "/" + std::to_string(p.total) + " packages";
  if (p.bytes) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    line += ", " + human_bytes(p.bytes);
    if (seconds > 0.5) line += ", " + human_bytes(static_cast<uint64_t>(static_cast<double>(p.bytes) / seconds)) + "/s";
  }
  if (!p.item.empty()) line += (p.total ? ", " : " ") + p.item;
  return line;
}

void TerminalProgress::progress(Stage stage, const Progress& p) {
  const bool last = p.total && p.done == p.total;
  const auto now = std::chrono::steady_clock::now();
  if (lines_ && last) std::cerr << progress_line(stage, p) << "\n" << std::flush;
  if (!live_ || (!last && now - drawn_ < std::chrono::milliseconds(100))) return;
  drawn_ = now;
  const bool replace = redraw_ && stage == current_;
  std::cerr << (replace ? "\033[A\r\033[K" : "") << progress_line(stage, p) << "\n" << std::flush;
  current_ = stage;
  redraw_ = true;
}

// Several platforms at once: their lines interleave, each labelled, none redrawn.
void TerminalProgress::platform_line(const std::string& platform, const std::string& line) {
  const bool always = line.rfind("debimg: ", 0) == 0;  // its warnings and errors
  if (!always && !live_ && !lines_) return;
  std::cerr << "[" << platform << "] " << line << "\n" << std::flush;
  redraw_ = false;
}

void TerminalProgress::notice(const std::string& text) {
  if (quiet_) return;
  std::cerr << "debimg: " << text << "\n" << std::flush;
  redraw_ = false;
}

void TerminalProgress::warning(const std::string& text) {
  std::cerr << "debimg: warning: " << text << "\n" << std::flush;
  redraw_ = false;
}

}  // namespace debimg
