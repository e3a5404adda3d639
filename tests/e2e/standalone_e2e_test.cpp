// Stand-alone ground truth: trained once, then reused from the store.
#include "subprocess.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace e2e;

TEST_SUITE("standalone") {
  TEST_CASE("two architectures are trained once; the second invocation trains nothing") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    const std::vector<std::string> args = {"train",
                                           manifest.string(),
                                           "--arch",
                                           "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|none~1|avg_pool_3x3~2|",
                                           "--arch",
                                           "|skip_connect~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"};
    const Outcome first = run_naskernel(args);
    REQUIRE(first.exit_code == 0);
    CHECK(first.output.find("2 trained") != std::string::npos);

    const Outcome second = run_naskernel(args);
    REQUIRE(second.exit_code == 0);
    CHECK(second.output.find("0 trained") != std::string::npos);
    // Same numbers both times: the second came from the store.
    auto table = [](const std::string& text) {
      std::string rows, line;
      std::istringstream in(text);
      while (std::getline(in, line))
        if (!line.empty() && line[0] == '|') rows += line + "\n";
      return rows;
    };
    CHECK(table(first.output).size() > 0);
    CHECK(table(first.output) == table(second.output));

    const Outcome listed = run_naskernel({"groundtruth", "list", "--store", (dir.path() / "store.sqlite").string()});
    REQUIRE(listed.exit_code == 0);
    CHECK(listed.output.find("|skip_connect~0|+|none~0|none~1|") != std::string::npos);
  }

  TEST_CASE("a malformed architecture string names the position") {
    TempDir dir;
    const auto manifest = dir.path() / "tiny.toml";
    write_file(manifest, tiny_manifest(dir.path() / "store.sqlite"));
    const Outcome outcome = run_naskernel({"train", manifest.string(), "--arch", "|nor_conv_3x3~0|+|bogus~0|"});
    CHECK(outcome.exit_code == 1);
    CHECK(outcome.output.find("character") != std::string::npos);
  }
}
