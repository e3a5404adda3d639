#include "ground_truth_fingerprint.h"

#include "recipes.h"

#include "../ground_truth/fingerprint.h"

#include <sstream>
#include <vector>

namespace naskernel {

std::string standalone_shaping_text(const toml::node* search_space) {
  if (!search_space || !search_space->is_table()) return "";
  toml::table shaping = *search_space->as_table();
  std::vector<std::string> supernet_only;
  for (const auto& [key, value] : shaping)
    if (key.str().rfind("supernet_", 0) == 0) supernet_only.emplace_back(key.str());
  for (const auto& key : supernet_only) shaping.erase(key);
  std::ostringstream out;
  out << shaping;
  return out.str();
}

std::string ground_truth_fingerprint(const std::string& task_fingerprint, const toml::node* search_space,
                                     const StandaloneRecipe& recipe) {
  Fingerprint f;
  f.add("task", task_fingerprint);
  f.add("search_space", standalone_shaping_text(search_space));
  recipe.add_to(f);
  return f.hex();
}

}  // namespace naskernel
