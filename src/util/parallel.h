#pragma once
// Runs body(0) … body(count - 1) on up to `threads` threads. The first
// exception stops the handing out of further indexes and is rethrown once
// every thread is done.
#include <cstddef>
#include <functional>

namespace debimg {

void parallel_for(size_t count, unsigned threads, const std::function<void(size_t)>& body);

}  // namespace debimg
