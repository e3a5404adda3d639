// A tiny study: two variants x one seed, table and plots.
#include "subprocess.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

using namespace e2e;

namespace {

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_SUITE("study") {
  TEST_CASE("a study writes its table and three plots, and a re-run reuses every run") {
    TempDir dir;
    const auto manifest = dir.path() / "study.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite", R"(
[study]
seeds = [1]
variants = [{ name = "SPOS", set = { regularizers = [] } }, { name = "SPOS+landmark" }]
)"));
    const auto out = dir.path() / "runs";
    const Outcome outcome = run_naskernel({"run", manifest.string(), "--out", out.string(), "-q"});
    REQUIRE(outcome.exit_code == 0);
    CHECK(outcome.output.find("S-KdT") != std::string::npos);
    const auto study = only_run_dir(out);
    const std::string table = read_text(study / "study.md");
    CHECK(table.find("SPOS+landmark") != std::string::npos);
    CHECK(read_text(study / "study.csv").find("SPOS") != std::string::npos);
    for (const char* plot : {"skdt.svg", "scatter.svg", "schedule.svg"}) {
      const std::string svg = read_text(study / plot);
      CHECK(svg.find("<svg") != std::string::npos);
      CHECK(svg.find("SPOS+landmark") != std::string::npos);
    }
    // The baseline has no regularizer, so its weight line is flat zero.
    const auto spos = read_jsonl(study / "SPOS-seed1" / "metrics.jsonl");
    REQUIRE_FALSE(spos.empty());
    CHECK_FALSE(spos.back().contains("regularizer.landmark.weight"));

    // Resuming the finished study re-runs nothing and prints the same table.
    const Outcome again = run_naskernel({"run", "--resume", study.string(), "-q"});
    REQUIRE(again.exit_code == 0);
    CHECK(again.output.find("already finished") == std::string::npos);  // -q hides info lines
    CHECK(read_text(study / "study.md") == table);
  }
}
