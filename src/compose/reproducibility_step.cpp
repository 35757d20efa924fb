// --check-reproducible: the same lock built a second time, from the same
// cache, minutes later; the two finished trees compared path by path.
#include "compose/steps.h"
#include "util/files.h"

namespace debimg {

void reproducibility_step(const ComposeSteps& steps, const ComposeRequest& request, const ComposeInputs& in,
                          const Lockfile& lock, const FetchResult& fetched, ComposeEvents& events,
                          ComposeResult& result) {
  events.stage(Stage::recheck, "a second build to compare with");
  TempDir scratch(in.cache.scratch(), "again-");
  ComposeRequest again = request;
  again.format = OutputFormat::rootfs_tar;  // the tree is what is compared; a tar is the cheapest output of it
  again.output = (scratch.path() / "again.tar").string();
  again.push.reset();
  ComposeResult second;
  steps.build(again, in, lock, fetched, events, second);
  ReproducibilityCheck check;
  check.paths = result.listing ? result.listing->size() : 0;
  if (result.listing && second.listing) check.differences = listing_differences(*result.listing, *second.listing);
  result.reproducible = std::move(check);
}

}  // namespace debimg
