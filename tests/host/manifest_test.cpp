// Manifest loading: includes, overrides, origins, and the errors users see.
#include "kernel/host/manifest.h"
#include "subprocess.h"

#include <naskernel/config.h>
#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <sstream>

namespace fs = std::filesystem;
using naskernel::Config;
using naskernel::ConfigError;
using naskernel::Manifest;
using naskernel::UserError;
using naskernel::test::make_temp_dir;
using naskernel::test::write_file;

namespace {

// The message of the exception `body` throws (as type E), or "" if none.
template <class E, class Body>
std::string message_of(Body&& body) {
  try {
    body();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

std::string text_of(const toml::node& node) {
  toml::table holder;
  holder.insert("node", node);
  std::ostringstream out;
  out << toml::toml_formatter(holder);
  return out.str();
}

}  // namespace

TEST_CASE("a section's type error names file, line and column") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml", "[run]\nseed = 3\n\n[supernet]\nepochs = \"ten\"\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  CHECK(manifest.section("run").get<int>("seed", 0) == 3);
  const std::string message = message_of<ConfigError>([&] { manifest.section("supernet").get<int>("epochs", 1); });
  CHECK(message == (dir / "x.toml").string() + ":5:10: key `supernet.epochs` must be an integer, got string");
  CHECK(manifest.section("evaluation").table().empty());  // missing section: empty, not an error
  fs::remove_all(dir);
}

TEST_CASE("a TOML syntax error is reported as FILE:LINE:COL: description") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "broken.toml", "[run]\nseed = = 3\n");
  const std::string message = message_of<ConfigError>([&] { Manifest::load(dir / "broken.toml"); });
  CHECK(message.rfind((dir / "broken.toml").string() + ":2:", 0) == 0);
  CHECK(message.size() > (dir / "broken.toml").string().size() + 6);
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "missing.toml"); }).find("does not exist") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("include merges tables deeply and the including file wins") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "base.toml", "[sampler]\nplugin = \"spos\"\npopulation = 50\ntournament = 10\n");
  write_file(dir / "main.toml", "include = [\"base.toml\"]\n[sampler]\npopulation = 20\n");
  const Manifest manifest = Manifest::load(dir / "main.toml");
  const Config sampler = manifest.section("sampler");
  CHECK(sampler.get<int>("population", 0) == 20);
  CHECK(sampler.get<int>("tournament", 0) == 10);
  CHECK(manifest.plugin_name("sampler") == "spos");
  CHECK(manifest.origin("sampler.population") == (dir / "main.toml").string() + ":3:14");
  CHECK(manifest.origin("sampler.tournament") == (dir / "base.toml").string() + ":4:14");
  CHECK_FALSE(manifest.root().contains("include"));
  fs::remove_all(dir);
}

TEST_CASE("later includes override earlier ones, and nested includes resolve relative to their file") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "common/c.toml", "[landmarks]\ncount = 30\nselection = \"diverse\"\n");
  write_file(dir / "sub/b.toml", "include = [\"../common/c.toml\"]\n[landmarks]\ncount = 20\n[run]\nseed = 1\n");
  write_file(dir / "one.toml", "[run]\nseed = 11\nthreads = 2\n");
  write_file(dir / "two.toml", "[run]\nseed = 22\n");
  write_file(dir / "a.toml", "include = [\"one.toml\", \"sub/b.toml\", \"two.toml\"]\n[run]\nthreads = 3\n");
  const Manifest manifest = Manifest::load(dir / "a.toml");
  CHECK(manifest.section("run").get<int>("seed", 0) == 22);    // two.toml is the last include
  CHECK(manifest.section("run").get<int>("threads", 0) == 3);  // the including file wins
  CHECK(manifest.section("landmarks").get<int>("count", 0) == 20);
  CHECK(manifest.section("landmarks").get<std::string>("selection", "") == "diverse");
  CHECK(manifest.origin("landmarks.selection") == (dir / "common/c.toml").string() + ":3:13");
  fs::remove_all(dir);
}

TEST_CASE("include cycles are an error naming the chain") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "a.toml", "include = [\"b.toml\"]\n");
  write_file(dir / "b.toml", "include = [\"a.toml\"]\n");
  const std::string message = message_of<ConfigError>([&] { Manifest::load(dir / "a.toml"); });
  CHECK(message.find("include cycle: " + (dir / "a.toml").string() + " -> " + (dir / "b.toml").string() + " -> " +
                     (dir / "a.toml").string()) != std::string::npos);
  CHECK(message.rfind((dir / "b.toml").string() + ":1:", 0) == 0);

  write_file(dir / "self.toml", "include = \"self.toml\"\n");
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "self.toml"); }).find("include cycle") !=
        std::string::npos);
  write_file(dir / "bad.toml", "include = [3]\n");
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "bad.toml"); }).find("must be strings") !=
        std::string::npos);
  write_file(dir / "lost.toml", "include = [\"nowhere.toml\"]\n");
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "lost.toml"); }).find("nowhere.toml` does not exist") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("unknown top-level keys are rejected with a suggestion and a position") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml", "[run]\nseed = 1\n\n[sampeler]\nplugin = \"spos\"\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  const std::string message =
      message_of<ConfigError>([&] { manifest.check_top_level(naskernel::known_manifest_sections()); });
  CHECK(message == (dir / "x.toml").string() + ":4:1: unknown top-level key `sampeler` (did you mean `sampler`?)");
  fs::remove_all(dir);
}

TEST_CASE("--set values are parsed as TOML, bare words as strings, with their own origin") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml",
             "[sampler]\nplugin = \"spos\"\npopulation = 50\n\n[[regularizers]]\nplugin = \"landmark\"\n"
             "weight = 1.0\n");
  const Manifest manifest =
      Manifest::load(dir / "x.toml", {"sampler.population=20", "run.name=\"x y\"", "run.device=cuda:0",
                                      "landmarks.count=5", "regularizers[0].weight=2.5", "sampler.ops=[\"a\", \"b\"]"});
  CHECK(manifest.section("sampler").get<int>("population", 0) == 20);
  CHECK(manifest.section("run").get<std::string>("name", "") == "x y");
  CHECK(manifest.section("run").get<std::string>("device", "") == "cuda:0");
  CHECK(manifest.section("landmarks").get<int>("count", 0) == 5);
  CHECK(manifest.section("regularizers[0]").get<double>("weight", 0) == 2.5);
  CHECK(manifest.plugin_name("regularizers[0]") == "landmark");  // the rest of the element stays
  CHECK(manifest.section("sampler").get_list<std::string>("ops", {}) == std::vector<std::string>{"a", "b"});
  CHECK(manifest.origin("sampler.population") == "--set sampler.population=20");
  CHECK(manifest.origin("sampler.plugin") == (dir / "x.toml").string() + ":2:10");

  // A wrongly typed --set value is reported against the --set itself.
  const Manifest typo = Manifest::load(dir / "x.toml", {"sampler.population=many"});
  CHECK(message_of<ConfigError>([&] { typo.section("sampler").get<int>("population", 0); }) ==
        "--set sampler.population=many: key `sampler.population` must be an integer, got string");

  const Manifest none = Manifest::load(dir / "x.toml", {"regularizers=[]"});
  REQUIRE(none.root()["regularizers"].as_array() != nullptr);
  CHECK(none.root()["regularizers"].as_array()->empty());

  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {"sampler.population"}); })
            .find("must have the form key.path=value") != std::string::npos);
  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {"sampler.population.size=3"}); }) ==
        "--set sampler.population.size=3: `sampler.population` is an integer, not a table, so it has no key `size`");
  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {"regularizers[3].weight=1"}); })
            .find("has no element 3") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("--set refuses an array index no integer holds, bytes that are not UTF-8, keys TOML cannot hold") {
  // Found by tests/fuzz (fuzz_manifest): std::out_of_range escaped from the
  // index; a non-UTF-8 key or value was written to the resolved manifest as
  // other characters; toml++ 3.3 writes a key with `'` unquoted.
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml", "[[regularizers]]\nplugin = \"landmark\"\n");
  const std::string huge = "regularizers[99999999999999999999].weight=1";
  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {huge}); })
            .find("array index `99999999999999999999` is too large") != std::string::npos);
  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {"run.name=caf\xe9"}); }) ==
        "--set: byte 13 of `run.name=caf\xe9` is not valid UTF-8");
  CHECK(message_of<UserError>([&] { Manifest::load(dir / "x.toml", {"run.caf\xc3=1"}); }).find("byte 8 of") !=
        std::string::npos);
  CHECK(Manifest::load(dir / "x.toml", {"run.name=caf\xc3\xa9"}).section("run").get<std::string>("name", "") ==
        "caf\xc3\xa9");
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "x.toml", {"sampler.it's=1"}); }) ==
        "--set sampler.it's=1: key `sampler.it's` contains a tab, a line break or `'`; naskernel cannot write such a "
        "key back to TOML");
  write_file(dir / "quoted.toml", "[sampler]\n\"a\\tb\" = 1\n");
  CHECK(message_of<ConfigError>([&] { Manifest::load(dir / "quoted.toml"); })
            .find((dir / "quoted.toml").string() + ":2:10: key `sampler.a\tb` contains a tab") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("apply() overrides dotted keys for a study variant and leaves the original alone") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml",
             "[landmarks]\ncount = 30\nselection = \"diverse\"\n\n[[regularizers]]\nplugin = \"landmark\"\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  toml::table variant;
  variant.insert("landmarks.count", 10);
  variant.insert("regularizers", toml::array{});
  const Manifest changed = manifest.apply(variant, "study variant `baseline`");
  CHECK(changed.section("landmarks").get<int>("count", 0) == 10);
  CHECK(changed.section("landmarks").get<std::string>("selection", "") == "diverse");
  CHECK(changed.root()["regularizers"].as_array()->empty());
  CHECK(changed.origin("landmarks.count") == "study variant `baseline`");
  CHECK(manifest.section("landmarks").get<int>("count", 0) == 30);
  CHECK(manifest.root()["regularizers"].as_array()->size() == 1);

  // A nested table (TOML dotted-key syntax) merges instead of replacing the section.
  toml::table nested;
  nested.insert("landmarks", toml::table{{"count", 5}});
  CHECK(manifest.apply(nested, "variant").section("landmarks").get<std::string>("selection", "") == "diverse");
  fs::remove_all(dir);
}

TEST_CASE("plugin_config round-trips through Config::parse keeping origins") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "base.toml", "[sampler]\nplugin = \"spos\"\ntournament = \"ten\"\n");
  write_file(dir / "x.toml",
             "include = [\"base.toml\"]\n\n[sampler]\npopulation = 50\ntournamnt = 3\n[sampler.mutation]\n"
             "rate = \"high\"\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  const Config config = Config::parse(manifest.plugin_config("sampler"));
  CHECK(config.section() == "sampler");
  CHECK(config.get<int>("population", 0) == 50);
  CHECK(config.get<std::string>("plugin", "") == "spos");
  CHECK(message_of<ConfigError>([&] { config.get<int>("tournament", 0); }) ==
        (dir / "base.toml").string() + ":3:14: key `sampler.tournament` must be an integer, got string");
  CHECK(message_of<ConfigError>([&] { config.sub("mutation").get<double>("rate", 0.1); }) ==
        (dir / "x.toml").string() + ":7:8: key `sampler.mutation.rate` must be a number, got string");
  CHECK(message_of<ConfigError>([&] { config.finish(); }) ==
        (dir / "x.toml").string() + ":5:13: unknown key `sampler.tournamnt` (did you mean `tournament`?)");

  // Array-of-tables sections are addressed by index.
  write_file(dir / "r.toml", "[[regularizers]]\nplugin = \"none\"\n\n[[regularizers]]\nplugin = \"landmark\"\n"
                             "pairs = \"one\"\n");
  const Manifest regs = Manifest::load(dir / "r.toml");
  CHECK(regs.plugin_name("regularizers[1]") == "landmark");
  const Config landmark = Config::parse(regs.plugin_config("regularizers[1]"));
  CHECK(message_of<ConfigError>([&] { landmark.get<int>("pairs", 1); }) ==
        (dir / "r.toml").string() + ":6:9: key `regularizers[1].pairs` must be an integer, got string");
  fs::remove_all(dir);
}

TEST_CASE("a plugin section written as an inline table reaches the plugin as valid TOML") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml", "regularizers = [{ plugin = \"landmark\", lambda = 30.0 }]\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  const Config config = Config::parse(manifest.plugin_config("regularizers[0]"));
  CHECK(config.get<double>("lambda", 0) == doctest::Approx(30.0));
  CHECK(config.path("lambda") == "regularizers[0].lambda");
  fs::remove_all(dir);
}

TEST_CASE("a plugin section without a usable plugin name is a clear error") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "x.toml", "[run]\nseed = 1\n\n[sampler]\npopulation = 5\n\n[task]\nplugin = 3\n");
  const Manifest manifest = Manifest::load(dir / "x.toml");
  CHECK(message_of<ConfigError>([&] { manifest.plugin_name("sampler"); }) ==
        (dir / "x.toml").string() +
            ":4:1: section `sampler` has no key `plugin` naming its plugin (e.g. plugin = \"...\")");
  CHECK(message_of<ConfigError>([&] { manifest.plugin_name("task"); }) ==
        (dir / "x.toml").string() + ":8:10: key `task.plugin` must be a non-empty string, got an integer");
  CHECK(message_of<ConfigError>([&] { manifest.plugin_name("search_space"); }).find("has no `search_space` section") !=
        std::string::npos);
  CHECK(message_of<ConfigError>([&] { manifest.section("run.seed"); }).find("must be a table, got an integer") !=
        std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("to_toml writes a manifest that loads back to the same tree, with absolute plugin paths and table") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "conf/base.toml",
             "[run]\nplugin_paths = [\"../my_plugins\"]\n[ground_truth]\nprovider = \"table\"\ntable = \"tables/nb.csv\"\n");
  write_file(dir / "conf/x.toml",
             "include = [\"base.toml\"]\n[run]\nseed = 4\n[sampler]\nplugin = \"spos\"\nweights = [1.5, 2]\n"
             "[[regularizers]]\nplugin = \"landmark\"\n[regularizers.schedule]\nkind = \"cosine\"\n");
  const Manifest manifest = Manifest::load(dir / "conf/x.toml", {"sampler.population=7"});
  write_file(dir / "run/manifest.resolved.toml", manifest.to_toml());
  const Manifest again = Manifest::load(dir / "run/manifest.resolved.toml");
  CHECK(again.root()["run"]["plugin_paths"][0].value_or(std::string()) == (dir / "my_plugins").string());
  // Relative to the file that named it, not to the run directory.
  CHECK(again.root()["ground_truth"]["table"].value_or(std::string()) == (dir / "conf/tables/nb.csv").string());
  CHECK(text_of(*again.root().get("sampler")) == text_of(*manifest.root().get("sampler")));
  CHECK(text_of(*again.root().get("regularizers")) == text_of(*manifest.root().get("regularizers")));
  CHECK(again.section("run").get<int>("seed", 0) == 4);
  CHECK(again.origin("sampler.population").rfind((dir / "run/manifest.resolved.toml").string() + ":", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("a layer that names another plugin replaces the section instead of merging into it") {
  const fs::path dir = make_temp_dir("manifest");
  write_file(dir / "base.toml",
             "[task]\nplugin = \"classification\"\ndataset = \"synthetic\"\n\n"
             "[search_space]\nplugin = \"nb201\"\nchannels = 8\n\n"
             "[sampler]\nplugin = \"spos\"\npopulation = 20\ntournament = 5\n\n"
             "[[regularizers]]\nplugin = \"landmark\"\nlambda = 3.0\n");
  auto keys = [](const Manifest& m, const std::string& section) {
    std::string out;
    for (auto&& [key, value] : *m.root().get(section)->as_table()) out += std::string(key.str()) + " ";
    return out;
  };

  // --set with a table, and with the dotted plugin key: the old keys are gone.
  const Manifest table_set = Manifest::load(dir / "base.toml", {"sampler={plugin=\"gdas\", tau_max=5.0}"});
  CHECK(keys(table_set, "sampler") == "plugin tau_max ");
  CHECK(table_set.origin("sampler.population").empty());
  const Manifest dotted = Manifest::load(dir / "base.toml", {"sampler.plugin=nao"});
  CHECK(keys(dotted, "sampler") == "plugin ");
  // The same plugin again still merges.
  const Manifest same = Manifest::load(dir / "base.toml", {"sampler={plugin=\"spos\", queries=100}"});
  CHECK(keys(same, "sampler") == "plugin population queries tournament ");

  // An including file that swaps the space and the task.
  write_file(dir / "swap.toml",
             "include = [\"base.toml\"]\n[search_space]\nplugin = \"darts\"\nlayers = 5\n"
             "[task]\nplugin = \"depth\"\n");
  const Manifest swapped = Manifest::load(dir / "swap.toml");
  CHECK(keys(swapped, "search_space") == "layers plugin ");
  CHECK(keys(swapped, "task") == "plugin ");
  CHECK(swapped.origin("search_space.layers") == (dir / "swap.toml").string() + ":4:10");

  // A study variant: dotted keys of the new plugin survive whatever their order.
  const Manifest base = Manifest::load(dir / "base.toml");
  toml::table variant{{"sampler.arch_lr", 0.01}, {"sampler.plugin", "gdas"}, {"sampler.tau_min", 0.5}};
  const Manifest gdas = base.apply(variant, "variant gdas");
  CHECK(keys(gdas, "sampler") == "arch_lr plugin tau_min ");
  // Regularizers are an array: a variant's array replaces it whole.
  const Manifest none = base.apply(toml::table{{"regularizers", toml::array{toml::table{{"plugin", "none"}}}}}, "none");
  CHECK(none.plugin_name("regularizers[0]") == "none");
  CHECK(keys(base, "sampler") == "plugin population tournament ");  // the original is untouched
  fs::remove_all(dir);
}
