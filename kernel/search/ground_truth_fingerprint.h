// Which stand-alone results a run may reuse from the store: the task's data
// options, the search space's options that shape stand-alone networks, and
// the stand-alone recipe (fingerprint.h).
#pragma once

#include <toml++/toml.h>

#include <string>

namespace naskernel {

struct StandaloneRecipe;

// The [search_space] table leaves out its `supernet_*` keys: by the SDK's
// convention (search_space.h) they size only the super-net, so resizing it
// keeps the ground truth. A table without such keys hashes as it always did.
// `search_space` may be null (no such table).
std::string ground_truth_fingerprint(const std::string& task_fingerprint, const toml::node* search_space,
                                     const StandaloneRecipe& recipe);

// The text of the [search_space] table that enters the fingerprint.
std::string standalone_shaping_text(const toml::node* search_space);

}  // namespace naskernel
