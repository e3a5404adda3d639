// A read-only, typed view of one manifest section.
//
// Plugins receive their section as TOML text and parse it with Config::parse.
// Every read names the key; a wrong type or a missing required key throws a
// ConfigError of the form "FILE:LINE:COL: key `sampler.population` must be an
// integer, got string". finish() rejects keys nobody read, with a suggestion.
//
// The host sends, beside the section's own keys, a table `__origin__` that
// maps each dotted key to "file:line:col" in the manifest it came from, and
// `__section__`, the section's path; both are hidden from the plugin.
#pragma once

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <toml++/toml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace naskernel {

class Config {
 public:
  Config() : state_(std::make_shared<State>()) {}

  // `origins` maps dotted keys (relative to this section) to "file:line:col".
  Config(toml::table table, std::string section, std::map<std::string, std::string> origins = {})
      : state_(std::make_shared<State>()) {
    state_->table = std::move(table);
    state_->section = std::move(section);
    state_->origins = std::move(origins);
  }

  static Config parse(std::string_view toml_text) {
    toml::table table;
    try {
      table = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
      throw ConfigError(std::string("malformed plugin configuration: ") + std::string(e.description()));
    }
    std::string section = table["__section__"].value_or(std::string("config"));
    std::map<std::string, std::string> origins;
    if (auto* origin = table["__origin__"].as_table())
      for (auto&& [key, value] : *origin) origins[std::string(key.str())] = value.value_or(std::string());
    table.erase("__section__");
    table.erase("__origin__");
    return Config(std::move(table), std::move(section), std::move(origins));
  }

  const std::string& section() const { return state_->section; }
  const toml::table& table() const { return state_->table; }
  bool has(const std::string& key) const { return node(key) != nullptr; }

  template <class T>
  T get(const std::string& key, T fallback) const {
    const toml::node* n = node(key);
    mark(key);
    return n ? convert<T>(*n, key) : fallback;
  }

  template <class T>
  T require(const std::string& key) const {
    const toml::node* n = node(key);
    mark(key);
    if (!n) throw ConfigError(location(key) + "missing required key `" + path(key) + "`");
    return convert<T>(*n, key);
  }

  template <class T>
  std::vector<T> get_list(const std::string& key, std::vector<T> fallback) const {
    const toml::node* n = node(key);
    mark(key);
    if (!n) return fallback;
    const toml::array* array = n->as_array();
    if (!array) throw type_error(key, "an array", *n);
    std::vector<T> out;
    for (const auto& element : *array) out.push_back(convert<T>(element, key));
    return out;
  }

  // A nested table as its own view; its keys are checked by the parent's finish().
  Config sub(const std::string& key) const {
    const toml::node* n = node(key);
    mark(key);
    Config child;
    child.state_ = state_;
    child.prefix_ = prefix_ + key + ".";
    if (n && !n->is_table()) throw type_error(key, "a table", *n);
    return child;
  }

  // Where `key` was written, as "file:line:col: ", or "" when unknown.
  std::string location(const std::string& key) const {
    const std::string full = prefix_ + key;
    auto it = state_->origins.find(full);
    if (it != state_->origins.end() && !it->second.empty()) return it->second + ": ";
    const toml::node* n = node(key);
    if (n && n->source().path) {
      std::ostringstream out;
      out << *n->source().path << ":" << n->source().begin.line << ":" << n->source().begin.column << ": ";
      return out.str();
    }
    return "";
  }

  // The dotted path from the manifest root, e.g. "sampler.population".
  std::string path(const std::string& key) const {
    return (state_->section.empty() ? "" : state_->section + ".") + prefix_ + key;
  }

  // Every key read so far (get/require/sub), dotted from the section.
  const std::set<std::string>& used_keys() const { return state_->used; }

  // Throws for the first key that no get/require/sub read; `also_allowed`
  // lists keys consumed elsewhere (e.g. `plugin`).
  void finish(const std::vector<std::string>& also_allowed = {"plugin"}) const {
    std::vector<std::string> known(state_->used.begin(), state_->used.end());
    known.insert(known.end(), also_allowed.begin(), also_allowed.end());
    check_unused(state_->table, "", known);
  }

 private:
  struct State {
    toml::table table;
    std::string section;
    std::map<std::string, std::string> origins;
    std::set<std::string> used;
  };

  const toml::node* node(const std::string& key) const {
    return state_->table.at_path(prefix_ + key).node();
  }
  void mark(const std::string& key) const { state_->used.insert(prefix_ + key); }

  static const char* type_name(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::string: return "string";
      case toml::node_type::integer: return "integer";
      case toml::node_type::floating_point: return "float";
      case toml::node_type::boolean: return "boolean";
      case toml::node_type::array: return "array";
      case toml::node_type::table: return "table";
      default: return "date/time";
    }
  }

  ConfigError type_error(const std::string& key, const char* expected, const toml::node& n) const {
    return ConfigError(location(key) + "key `" + path(key) + "` must be " + expected + ", got " + type_name(n));
  }

  template <class T>
  T convert(const toml::node& n, const std::string& key) const {
    if constexpr (std::is_same_v<T, bool>) {
      if (auto v = n.value_exact<bool>()) return *v;
      throw type_error(key, "a boolean", n);
    } else if constexpr (std::is_integral_v<T>) {
      if (auto v = n.value_exact<int64_t>()) return static_cast<T>(*v);
      throw type_error(key, "an integer", n);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (n.is_number()) return static_cast<T>(*n.value<double>());
      throw type_error(key, "a number", n);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (auto v = n.value_exact<std::string>()) return *v;
      throw type_error(key, "a string", n);
    } else {
      static_assert(sizeof(T) == 0, "Config supports bool, integers, floating point and std::string");
    }
  }

  void check_unused(const toml::table& table, const std::string& prefix,
                    const std::vector<std::string>& known) const {
    for (auto&& [k, value] : table) {
      const std::string key = prefix + std::string(k.str());
      const bool read = state_->used.count(key) > 0;
      const bool allowed = std::find(known.begin(), known.end(), key) != known.end();
      if (!read && !allowed) {
        std::vector<std::string> siblings;
        for (const auto& candidate : known)
          if (candidate.rfind(prefix, 0) == 0) siblings.push_back(candidate.substr(prefix.size()));
        Config at_root = *this;
        at_root.prefix_.clear();
        throw ConfigError(at_root.location(key) + "unknown key `" + at_root.path(key) + "`" +
                          did_you_mean(std::string(k.str()), siblings));
      }
      if (read && value.is_table()) check_unused(*value.as_table(), key + ".", known);
    }
  }

  std::shared_ptr<State> state_;
  std::string prefix_;
};

}  // namespace naskernel
