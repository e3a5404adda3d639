// A tiny study: two variants x two seeds, tables and plots.
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
seeds = [1, 2]
variants = [{ name = "SPOS", set = { regularizers = [] } }, { name = "SPOS+landmark" }]
)"));
    const auto out = dir.path() / "runs";
    const Outcome outcome = run_naskernel({"run", manifest.string(), "--out", out.string(), "-q"});
    REQUIRE(outcome.exit_code == 0);
    CHECK(outcome.output.find("S-KdT") != std::string::npos);
    const auto study = only_run_dir(out);
    const std::string table = read_text(study / "study.md");
    CHECK(table.find("SPOS+landmark") != std::string::npos);
    CHECK(table.find("| Landmark KdT | Landmark loss-KdT |") != std::string::npos);
    // The paired comparison with the baseline (the first variant): a table
    // line per metric with the differences of seeds 1 and 2, and a sentence
    // with the interval and the sign-flip p (of 2 seeds: 0.5 or 1).
    CHECK(table.find("## Paired comparisons with the baseline `SPOS`") != std::string::npos);
    const size_t line = table.find("| SPOS+landmark \u2212 SPOS | S-KdT | 1: ");
    REQUIRE(line != std::string::npos);
    const std::string paired_line = table.substr(line, table.find('\n', line) - line);
    CHECK(paired_line.find(", 2: ") != std::string::npos);
    CHECK(paired_line.find(" | 2 |") != std::string::npos);
    const size_t sentence = table.find("- SPOS+landmark \u2212 SPOS: ");
    REQUIRE(sentence != std::string::npos);
    const std::string words = table.substr(sentence, table.find('\n', sentence) - sentence);
    CHECK(words.find(" S-KdT [") != std::string::npos);
    const bool p_of_two_seeds = words.find(", p = 0.5 (2 seeds): ") != std::string::npos ||
                                words.find(", p = 1 (2 seeds): ") != std::string::npos;
    CHECK(p_of_two_seeds);
    CHECK(table.find("## Power (S-KdT)") != std::string::npos);
    CHECK(outcome.output.find(words) != std::string::npos);  // printed too
    CHECK(read_text(study / "study.csv").find("SPOS") != std::string::npos);
    // Each run's resolved manifest is one search, runnable on its own.
    const std::string run_manifest = read_text(study / "SPOS-seed1" / "manifest.resolved.toml");
    CHECK(run_manifest.find("[study]") == std::string::npos);
    CHECK(run_manifest.find("[sampler]") != std::string::npos);
    CHECK(read_text(study / "study_paired.csv").find("\nSPOS+landmark,SPOS,skdt,2,1;2,") != std::string::npos);
    for (const char* plot : {"skdt.svg", "scatter.svg", "schedule.svg"}) {
      const std::string svg = read_text(study / plot);
      CHECK(svg.find("<svg") != std::string::npos);
      CHECK(svg.find("SPOS+landmark") != std::string::npos);
    }
    const std::string skdt = read_text(study / "skdt.svg");
    CHECK(skdt.find("Paired S-KdT difference to SPOS") != std::string::npos);
    CHECK(skdt.find("<line class=\"reference\"") != std::string::npos);
    // One rank-against-rank panel per variant, with its Kendall tau.
    const std::string scatter = read_text(study / "scatter.svg");
    size_t panels = 0;
    for (size_t at = scatter.find("<g class=\"panel\""); at != std::string::npos;
         at = scatter.find("<g class=\"panel\"", at + 1))
      ++panels;
    CHECK(panels == 2);
    CHECK(scatter.find(">SPOS: KdT ") != std::string::npos);
    CHECK(scatter.find(">SPOS+landmark: KdT ") != std::string::npos);
    CHECK(scatter.find("rank by ground truth (1 = best)") != std::string::npos);
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

  TEST_CASE("a study refuses a baseline that names no variant, before training anything") {
    TempDir dir;
    const auto manifest = dir.path() / "study.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite", R"(
[study]
seeds = [1]
baseline = "SPSO"
variants = [{ name = "SPOS", set = { regularizers = [] } }, { name = "SPOS+landmark" }]
)"));
    const auto out = dir.path() / "runs";
    const Outcome outcome = run_naskernel({"run", manifest.string(), "--out", out.string(), "-q"});
    CHECK(outcome.exit_code != 0);
    CHECK(outcome.output.find("study.toml:") != std::string::npos);
    CHECK(outcome.output.find("key `study.baseline` names `SPSO`, which is not a variant (did you mean `SPOS`?)") !=
          std::string::npos);
    bool trained = false;
    if (std::filesystem::exists(out))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(out))
        trained = trained || entry.path().filename() == "metrics.jsonl";
    CHECK_FALSE(trained);
  }
}
