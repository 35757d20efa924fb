#pragma once
// Compose's progress for people: on a terminal, one line per stage that
// updates in place with counts, bytes and a rate (as apt and skopeo show
// theirs); nothing in pipes and CI unless --verbose, which prints each
// stage as a plain line; --quiet prints none. Warnings always show.
//
// Hand-written rather than a library: it is one line redrawn with two ANSI
// sequences, and events come from two processes (the build namespace is a
// fork), so each line ends with a newline and a redraw moves up to it.
#include <chrono>

#include "cli/output.h"
#include "compose/compose_events.h"
#include "util/strings.h"  // human_bytes

namespace debimg {

class TerminalProgress : public ComposeEvents {
 public:
  TerminalProgress(Verbosity verbosity, bool terminal);
  void stage(Stage stage, const std::string& detail) override;
  void progress(Stage stage, const Progress& progress) override;
  void warning(const std::string& text) override;
  void notice(const std::string& text) override;
  void platform_line(const std::string& platform, const std::string& line) override;
  bool shows_progress() const override { return live_ || lines_; }

  // The line progress() draws, without the terminal's control sequences.
  std::string progress_line(Stage stage, const Progress& progress) const;

 private:
  bool live_, lines_, quiet_;
  bool redraw_ = false;  // the last line printed is the current stage's: progress replaces it
  Stage current_ = Stage::lock;
  std::chrono::steady_clock::time_point started_, drawn_;
};

}  // namespace debimg
