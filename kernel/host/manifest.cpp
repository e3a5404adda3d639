#include "kernel/host/manifest.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>

namespace naskernel {
namespace fs = std::filesystem;

namespace {

std::string join(const std::string& prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

std::string indexed(const std::string& prefix, size_t index) {
  return prefix + "[" + std::to_string(index) + "]";
}

// True when `key` is `path` itself or lies below it ("a" covers "a.b", "a[0]").
bool is_under(const std::string& key, const std::string& path) {
  if (path.empty()) return true;
  if (key.size() < path.size() || key.compare(0, path.size(), path) != 0) return false;
  return key.size() == path.size() || key[path.size()] == '.' || key[path.size()] == '[';
}

const char* type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

// Records where every node below `node` (itself included) was written.
void record_source_origins(const toml::node& node, const std::string& path,
                           std::map<std::string, Manifest::Origin>& origins) {
  const auto& source = node.source();
  if (source.path) {
    Manifest::Origin origin;
    origin.file = *source.path;
    origin.line = source.begin.line;
    origin.column = source.begin.column;
    if (!path.empty()) origins[path] = origin;
  }
  if (const auto* table = node.as_table()) {
    for (auto&& [key, child] : *table) record_source_origins(child, join(path, key.str()), origins);
  } else if (const auto* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) record_source_origins(*array->get(i), indexed(path, i), origins);
  }
}

// Gives every node below `node` (itself included) the same origin.
void label_origins(const toml::node& node, const std::string& path, const Manifest::Origin& origin,
                   std::map<std::string, Manifest::Origin>& origins) {
  origins[path] = origin;
  if (const auto* table = node.as_table()) {
    for (auto&& [key, child] : *table) label_origins(child, join(path, key.str()), origin, origins);
  } else if (const auto* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) label_origins(*array->get(i), indexed(path, i), origin, origins);
  }
}

// One step of a dotted path: a table key or an array index.
struct PathStep {
  std::string key;
  bool is_index = false;
  size_t index = 0;
};

std::vector<PathStep> split_path(const std::string& path, const std::string& what) {
  std::vector<PathStep> steps;
  size_t i = 0;
  auto bad = [&](const std::string& why) {
    return UserError(what + ": invalid key path `" + path + "`: " + why);
  };
  while (i < path.size()) {
    if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string::npos) throw bad("unclosed `[`");
      const std::string digits = path.substr(i + 1, close - i - 1);
      const auto is_digit = [](unsigned char c) { return std::isdigit(c) != 0; };
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit))
        throw bad("array index `" + digits + "` is not a non-negative integer");
      if (steps.empty()) throw bad("an index needs a key before it");
      size_t index = 0;
      if (std::from_chars(digits.data(), digits.data() + digits.size(), index).ec != std::errc())
        throw bad("array index `" + digits + "` is too large");
      steps.push_back({"", true, index});
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    if (end == i) throw bad("empty key");
    steps.push_back({path.substr(i, end - i)});
    i = end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) throw bad("trailing `.`");
    }
  }
  if (steps.empty()) throw bad("empty key");
  return steps;
}

// A --set value: TOML if it parses as one value, else the text as a string.
toml::table parse_set_value(const std::string& text) {
  try {
    toml::table parsed = toml::parse("value = " + text);
    if (parsed.size() == 1 && parsed.contains("value")) return parsed;
  } catch (const toml::parse_error&) {
    // Not TOML: a bare word such as `cuda:0` or `my-run`.
  }
  toml::table as_string;
  as_string.insert("value", text);
  return as_string;
}

// The 0-based offset of the first byte of `text` that is not part of valid
// UTF-8, or npos. TOML is UTF-8; a --set of other bytes would be written to
// the resolved manifest as other characters.
size_t invalid_utf8_offset(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return i;
    uint32_t code = length == 1 ? c : c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string::npos;
}

// The files being included right now, outermost first, to detect cycles.
struct IncludeStack {
  std::vector<fs::path> canonical;
  std::vector<fs::path> shown;  // as the user will read them in the message
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("cannot read manifest file `" + file.string() + "`");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A later layer that names another plugin for a section replaces the section
// instead of merging into it: the old plugin's keys mean nothing to the new one.
bool names_other_plugin(const toml::table& existing, const toml::table& incoming) {
  const auto* before = existing.get_as<std::string>("plugin");
  const auto* after = incoming.get_as<std::string>("plugin");
  return before && after && before->get() != after->get();
}

bool is_plugin_key(const std::string& dotted) {
  return dotted == "plugin" || (dotted.size() > 7 && dotted.compare(dotted.size() - 7, 7, ".plugin") == 0);
}


// toml++ 3.3 writes a key that holds a tab, a line break or `'` without
// quotes, which no TOML reader accepts: the plugin could not read its
// section and the resolved manifest would not load again. Such keys are
// refused where they were written.
void check_writable_keys(const Manifest& manifest, const toml::node& node, const std::string& path) {
  if (const auto* table = node.as_table()) {
    for (auto&& [key, child] : *table) {
      const std::string child_path = join(path, key.str());
      if (key.str().find_first_of("\t\n'") != std::string_view::npos) {
        const std::string where = manifest.origin(child_path);
        throw ConfigError((where.empty() ? manifest.file().string() : where) + ": key `" + child_path +
                          "` contains a tab, a line break or `'`; naskernel cannot write such a key back to TOML");
      }
      check_writable_keys(manifest, child, child_path);
    }
  } else if (const auto* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i) check_writable_keys(manifest, *array->get(i), indexed(path, i));
  }
}

}  // namespace

std::string Manifest::Origin::str() const {
  if (!label.empty()) return label;
  if (file.empty()) return "";
  return file.string() + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const std::vector<std::string>& known_manifest_sections() {
  static const std::vector<std::string> sections = {
      "run",        "task",       "search_space", "sampler",   "regularizers", "supernet",
      "standalone", "ground_truth", "landmarks",  "evaluation", "study",       "include"};
  return sections;
}

// Loads one file with its includes resolved (recursively).
static Manifest load_with_includes(const fs::path& file, IncludeStack& stack, const std::string& included_at);

Manifest Manifest::load(const fs::path& file, const std::vector<std::string>& set_overrides) {
  IncludeStack stack;
  Manifest manifest = load_with_includes(file, stack, "");
  for (const std::string& assignment : set_overrides) {
    const std::string what = "--set " + assignment;
    if (const size_t bad = invalid_utf8_offset(assignment); bad != std::string::npos)
      throw UserError("--set: byte " + std::to_string(bad + 1) + " of `" + assignment + "` is not valid UTF-8");
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0)
      throw UserError("--set `" + assignment + "` must have the form key.path=value");
    const std::string key = assignment.substr(0, equals);
    const toml::table value = parse_set_value(assignment.substr(equals + 1));
    Origin origin;
    origin.label = what;
    manifest.set_value(key, *value.get("value"), origin, what);
  }
  check_writable_keys(manifest, manifest.root_, "");
  return manifest;
}

// A friend-free way to build a Manifest from parts inside this file.
struct ManifestBuilder {
  static Manifest empty(const fs::path& file) {
    Manifest m;
    m.file_ = file;
    return m;
  }
  static toml::table& root(Manifest& m) { return m.root_; }
  static std::map<std::string, Manifest::Origin>& origins(Manifest& m) { return m.origins_; }
  static void merge(Manifest& into, const Manifest& from) {
    into.merge_table(into.root_, "", from.root_, from.origins_, "");
  }
};

static Manifest load_with_includes(const fs::path& file, IncludeStack& stack, const std::string& included_at) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    if (included_at.empty()) throw ConfigError("manifest file `" + file.string() + "` does not exist");
    throw ConfigError(included_at + ": included manifest `" + file.string() + "` does not exist");
  }
  const std::string text = read_file(file);
  Manifest own = ManifestBuilder::empty(file);
  try {
    ManifestBuilder::root(own) = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                      std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  record_source_origins(ManifestBuilder::root(own), "", ManifestBuilder::origins(own));

  Manifest resolved = ManifestBuilder::empty(file);
  toml::table& root = ManifestBuilder::root(own);
  if (const toml::node* include = root.get("include")) {
    std::vector<std::pair<std::string, std::string>> entries;  // (path, origin)
    const std::string include_origin = own.origin("include");
    if (const auto* single = include->as_string()) {
      entries.emplace_back(single->get(), include_origin);
    } else if (const auto* list = include->as_array()) {
      for (size_t i = 0; i < list->size(); ++i) {
        const auto* entry = list->get(i)->as_string();
        if (!entry)
          throw ConfigError(own.origin(indexed("include", i)) + ": `include` entries must be strings, got " +
                            type_name(*list->get(i)));
        entries.emplace_back(entry->get(), own.origin(indexed("include", i)));
      }
    } else {
      throw ConfigError(include_origin + ": `include` must be an array of file names, got " + type_name(*include));
    }

    stack.canonical.push_back(fs::weakly_canonical(file, ec));
    stack.shown.push_back(file);
    for (const auto& [name, at] : entries) {
      const fs::path child = fs::path(name).is_absolute() ? fs::path(name)
                                                          : (file.parent_path() / name).lexically_normal();
      const fs::path child_canonical = fs::weakly_canonical(child, ec);
      auto seen = std::find(stack.canonical.begin(), stack.canonical.end(), child_canonical);
      if (seen != stack.canonical.end()) {
        std::string chain;
        for (auto it = stack.shown.begin() + (seen - stack.canonical.begin()); it != stack.shown.end(); ++it)
          chain += it->string() + " -> ";
        throw ConfigError(at + ": include cycle: " + chain + child.string());
      }
      ManifestBuilder::merge(resolved, load_with_includes(child, stack, at));
    }
    stack.canonical.pop_back();
    stack.shown.pop_back();
    root.erase("include");
    auto& origins = ManifestBuilder::origins(own);
    for (auto it = origins.begin(); it != origins.end();)
      it = is_under(it->first, "include") ? origins.erase(it) : std::next(it);
  }
  ManifestBuilder::merge(resolved, own);
  return resolved;
}

Manifest Manifest::apply(const toml::table& dotted_overrides, const std::string& origin_label) const {
  Manifest copy = *this;
  Origin origin;
  origin.label = origin_label;
  // A changed `plugin` clears its section, so it goes before the section's other keys.
  for (int plugin_keys_first = 1; plugin_keys_first >= 0; --plugin_keys_first)
    for (auto&& [key, value] : dotted_overrides)
      if (is_plugin_key(std::string(key.str())) == static_cast<bool>(plugin_keys_first))
        copy.set_value(std::string(key.str()), value, origin, origin_label);
  check_writable_keys(copy, copy.root_, "");
  return copy;
}

void Manifest::erase_origins_under(const std::string& path) {
  for (auto it = origins_.lower_bound(path); it != origins_.end() && it->first.compare(0, path.size(), path) == 0;)
    it = is_under(it->first, path) ? origins_.erase(it) : std::next(it);
}


void Manifest::merge_table(toml::table& into, const std::string& prefix, const toml::table& from,
                           const std::map<std::string, Origin>& from_origins, const std::string& from_prefix) {
  for (auto&& [key, value] : from) {
    const std::string path = join(prefix, key.str());
    const std::string from_path = join(from_prefix, key.str());
    toml::node* existing = into.get(key);
    if (existing && existing->is_table() && value.is_table() &&
        !names_other_plugin(*existing->as_table(), *value.as_table())) {
      // Tables merge key by key; the later definition becomes the table's origin.
      if (auto it = from_origins.find(from_path); it != from_origins.end()) origins_[path] = it->second;
      merge_table(*existing->as_table(), path, *value.as_table(), from_origins, from_path);
      continue;
    }
    into.insert_or_assign(key, value);
    erase_origins_under(path);
    for (auto it = from_origins.lower_bound(from_path);
         it != from_origins.end() && it->first.compare(0, from_path.size(), from_path) == 0; ++it)
      if (is_under(it->first, from_path)) origins_[path + it->first.substr(from_path.size())] = it->second;
  }
}

void Manifest::set_value(const std::string& path, const toml::node& value, const Origin& origin,
                         const std::string& what) {
  const std::vector<PathStep> steps = split_path(path, what);
  toml::node* current = &root_;
  std::string walked;
  for (size_t s = 0; s + 1 < steps.size(); ++s) {
    const PathStep& step = steps[s];
    if (step.is_index) {
      auto* array = current->as_array();
      if (!array || step.index >= array->size())
        throw UserError(what + ": `" + walked + "` has no element " + std::to_string(step.index));
      walked = indexed(walked, step.index);
      current = array->get(step.index);
      continue;
    }
    auto* table = current->as_table();
    if (!table)
      throw UserError(what + ": `" + walked + "` is " + type_name(*current) + ", not a table, so it has no key `" +
                      step.key + "`");
    walked = join(walked, step.key);
    toml::node* child = table->get(step.key);
    if (!child) {
      child = table->insert(step.key, toml::table{}).first->second.as_table();
      origins_[walked] = origin;
    }
    current = child;
  }

  const PathStep& last = steps.back();
  if (last.is_index) {
    auto* array = current->as_array();
    if (!array || last.index >= array->size())
      throw UserError(what + ": `" + walked + "` has no element " + std::to_string(last.index));
    const std::string target = indexed(walked, last.index);
    array->replace(array->cbegin() + static_cast<std::ptrdiff_t>(last.index), value);
    erase_origins_under(target);
    label_origins(value, target, origin, origins_);
    return;
  }
  auto* table = current->as_table();
  if (!table)
    throw UserError(what + ": `" + walked + "` is " + type_name(*current) + ", not a table, so it has no key `" +
                    last.key + "`");
  const std::string target = join(walked, last.key);
  toml::node* existing = table->get(last.key);
  if (last.key == "plugin" && existing && existing->is_string() && value.is_string() &&
      existing->as_string()->get() != value.as_string()->get()) {
    // `--set sampler.plugin=gdas`: the section starts over with the new plugin.
    table->clear();
    erase_origins_under(walked);
    origins_[walked] = origin;
    existing = nullptr;
  }
  if (existing && existing->is_table() && value.is_table() &&
      !names_other_plugin(*existing->as_table(), *value.as_table())) {
    std::map<std::string, Origin> labelled;
    label_origins(value, target, origin, labelled);
    origins_[target] = origin;
    merge_table(*existing->as_table(), target, *value.as_table(), labelled, target);
    return;
  }
  table->insert_or_assign(last.key, value);
  erase_origins_under(target);
  label_origins(value, target, origin, origins_);
}

std::string Manifest::origin(const std::string& path) const {
  auto it = origins_.find(path);
  return it == origins_.end() ? std::string() : it->second.str();
}

fs::path Manifest::defining_file(const std::string& path) const {
  auto it = origins_.find(path);
  return it == origins_.end() || !it->second.label.empty() ? fs::path() : it->second.file;
}

const toml::table* Manifest::section_table(const std::string& path) const {
  const toml::node* node = root_.at_path(path).node();
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  const std::string where = origin(path);
  throw ConfigError((where.empty() ? file_.string() : where) + ": `" + path + "` must be a table, got " +
                    type_name(*node));
}

Config Manifest::section(const std::string& path) const {
  const toml::table* table = section_table(path);
  if (!table) return Config(toml::table{}, path);
  std::map<std::string, std::string> origins;
  const std::string prefix = path + ".";
  for (auto it = origins_.lower_bound(prefix); it != origins_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it)
    origins[it->first.substr(prefix.size())] = it->second.str();
  return Config(*table, path, std::move(origins));
}

std::string Manifest::plugin_name(const std::string& path) const {
  const toml::table* table = section_table(path);
  if (!table)
    throw ConfigError(file_.string() + ": the manifest has no `" + path +
                      "` section; add one with `plugin = \"...\"` naming its plugin");
  const toml::node* name = table->get("plugin");
  if (!name) {
    const std::string where = origin(path);
    throw ConfigError((where.empty() ? file_.string() : where) + ": section `" + path +
                      "` has no key `plugin` naming its plugin (e.g. plugin = \"...\")");
  }
  const auto* text = name->as_string();
  if (!text || text->get().empty())
    throw ConfigError(origin(path + ".plugin") + ": key `" + path + ".plugin` must be a non-empty string, got " +
                      (text ? std::string("an empty string") : std::string(type_name(*name))));
  return text->get();
}

std::string Manifest::plugin_config(const std::string& path) const {
  const toml::table* table = section_table(path);
  toml::table config = table ? *table : toml::table{};
  config.is_inline(false);  // an inline table ({...}, e.g. from a study variant) would print as one line
  toml::table origin_table;
  const std::string prefix = path + ".";
  for (auto it = origins_.lower_bound(prefix); it != origins_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it)
    origin_table.insert(it->first.substr(prefix.size()), it->second.str());
  config.insert_or_assign("__section__", path);
  config.insert_or_assign("__origin__", std::move(origin_table));
  std::ostringstream out;
  out << toml::toml_formatter(config, toml::toml_formatter::default_flags & ~toml::format_flags::indentation);
  return out.str();
}

Manifest Manifest::without(const std::string& key) const {
  Manifest copy = *this;
  copy.root_.erase(key);
  copy.erase_origins_under(key);
  return copy;
}

std::string Manifest::to_toml() const {
  toml::table resolved = root_;
  // run.plugin_paths and ground_truth.table are relative to the file that
  // named them; write them absolute so that the resolved manifest can be
  // reloaded from a run directory (workers, --resume).
  auto make_absolute = [&](toml::node* node, const std::string& key) {
    auto* entry = node ? node->as_string() : nullptr;
    if (!entry) return;
    const fs::path value(entry->get());
    if (value.is_absolute()) return;
    const fs::path defining = defining_file(key);
    const fs::path base = defining.empty() ? fs::current_path() : defining.parent_path();
    *entry = fs::weakly_canonical(fs::absolute(base / value)).string();
  };
  if (auto* paths = resolved.at_path("run.plugin_paths").as_array())
    for (size_t i = 0; i < paths->size(); ++i) make_absolute(paths->get(i), indexed("run.plugin_paths", i));
  make_absolute(resolved.at_path("ground_truth.table").node(), "ground_truth.table");
  std::ostringstream out;
  out << "# Resolved manifest: includes merged, --set overrides applied.\n"
      << "# Source: " << file_.string() << "\n\n"
      << toml::toml_formatter(resolved) << "\n";
  return out.str();
}

void Manifest::check_top_level(const std::vector<std::string>& known_sections) const {
  for (auto&& [key, value] : root_) {
    const std::string name(key.str());
    if (std::find(known_sections.begin(), known_sections.end(), name) != known_sections.end()) continue;
    const std::string where = origin(name);
    throw ConfigError((where.empty() ? file_.string() : where) + ": unknown top-level key `" + name + "`" +
                      did_you_mean(name, known_sections));
  }
}

}  // namespace naskernel
