// The ground-truth fingerprint: super-net-only keys stay out, everything
// else that shapes a stand-alone network counts, and stores written before
// the rule keep their fingerprints.
#include "kernel/ground_truth/fingerprint.h"
#include "kernel/search/ground_truth_fingerprint.h"
#include "kernel/search/recipes.h"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <sstream>
#include <string>

using namespace naskernel;

namespace {

std::string fingerprint_of(const std::string& search_space_body, const StandaloneRecipe& recipe = {}) {
  const toml::table root = toml::parse("[search_space]\n" + search_space_body);
  return ground_truth_fingerprint("task-options", root.get("search_space"), recipe);
}

}  // namespace

TEST_CASE("the ground-truth fingerprint ignores supernet_* keys and nothing else") {
  const std::string base = "plugin = \"nb201\"\nchannels = 16\ncells = 5\n";
  const std::string fingerprint = fingerprint_of(base);

  CHECK(fingerprint_of(base + "supernet_channels = 8\nsupernet_cells = 1\n") == fingerprint);
  CHECK(fingerprint_of("supernet_bn_affine = true\n" + base) == fingerprint);

  CHECK(fingerprint_of("plugin = \"nb201\"\nchannels = 8\ncells = 5\n") != fingerprint);
  CHECK(fingerprint_of(base + "channels_supernet = 8\n") != fingerprint);  // only the prefix marks a key
  StandaloneRecipe longer;
  longer.epochs = 12;
  CHECK(fingerprint_of(base, longer) != fingerprint);
}

TEST_CASE("a [search_space] without supernet_* keys fingerprints as before the rule") {
  // Before, the whole table's TOML text entered the hash; stores keyed that
  // way must still match.
  const std::string body = "plugin = \"nb201\"\nchannels = 16\ncells = 5\n";
  const toml::table root = toml::parse("[search_space]\n" + body);
  std::ostringstream whole;
  whole << *root.get("search_space")->as_table();
  const StandaloneRecipe recipe;
  Fingerprint before;
  before.add("task", "task-options");
  before.add("search_space", whole.str());
  recipe.add_to(before);

  CHECK(ground_truth_fingerprint("task-options", root.get("search_space"), recipe) == before.hex());
  CHECK(standalone_shaping_text(root.get("search_space")) == whole.str());
}

TEST_CASE("no [search_space] table fingerprints as an empty one") {
  const toml::table empty = toml::parse("[search_space]\n");
  CHECK(ground_truth_fingerprint("t", nullptr, StandaloneRecipe{}) ==
        ground_truth_fingerprint("t", empty.get("search_space"), StandaloneRecipe{}));
}
