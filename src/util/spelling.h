#pragma once
// "Did you mean …?" suggestions for mistyped keys and package names.
#include <string>
#include <vector>

namespace debimg {

size_t edit_distance(const std::string& a, const std::string& b);

// The candidates closest to `word` (at most `limit`), within a distance that
// scales with the word's length; empty when nothing is close.
std::vector<std::string> close_matches(const std::string& word, const std::vector<std::string>& candidates,
                                       size_t limit = 3);

// ", did you mean 'x'?" or "" — ready to append to a message.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace debimg
