#include <doctest/doctest.h>

#include <malloc.h>

#include <chrono>
#include <cmath>

#include <naskernel/errors.h>

#include "ground_truth/csv.h"
#include "ground_truth/table.h"
#include "temp_dir.h"

using namespace naskernel;

namespace {

// All 5^6 = 15,625 NAS-Bench-201 cell strings, in a fixed order.
std::vector<std::string> all_nb201_archs() {
  const char* ops[] = {"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};
  std::vector<std::string> archs;
  for (int code = 0; code < 15625; ++code) {
    int g[6];
    for (int e = 0, c = code; e < 6; ++e, c /= 5) g[e] = c % 5;
    archs.push_back(std::string("|") + ops[g[0]] + "~0|+|" + ops[g[1]] + "~0|" + ops[g[2]] + "~1|+|" + ops[g[3]] +
                    "~0|" + ops[g[4]] + "~1|" + ops[g[5]] + "~2|");
  }
  return archs;
}

double fake_accuracy(size_t index) { return 10.0 + std::fmod(index * 7.31, 84.0); }

size_t heap_in_use() { return mallinfo2().uordblks; }

}  // namespace

TEST_CASE("GroundTruthTable loads a full NAS-Bench-201 CSV fast and small") {
  TempDir dir;
  const auto archs = all_nb201_archs();
  std::string text = "arch,train_accuracy,valid_accuracy,test_accuracy\n";
  for (size_t i = 0; i < archs.size(); ++i) {
    // Quote every other arch field: both forms must load.
    const std::string arch = i % 2 ? "\"" + archs[i] + "\"" : archs[i];
    text += arch + "," + format_double(fake_accuracy(i) + 5) + "," + format_double(fake_accuracy(i)) + "," +
            format_double(fake_accuracy(i) - 0.25) + "\n";
  }
  write_file(dir / "nb201.csv", text);

  const size_t heap_before = heap_in_use();
  const auto start = std::chrono::steady_clock::now();
  const GroundTruthTable table = GroundTruthTable::load(dir / "nb201.csv", "valid_accuracy");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double megabytes = (double(heap_in_use()) - double(heap_before)) / (1024.0 * 1024.0);
  MESSAGE("15,625-row CSV table: loaded in " << seconds * 1000 << " ms, " << megabytes << " MB of heap retained");

  CHECK(table.size() == 15625);
  CHECK(seconds < 1.0);
  CHECK(megabytes < 8.0);
  for (size_t i : {size_t(0), size_t(1), size_t(777), size_t(15624)}) {
    REQUIRE(table.find(archs[i]).has_value());
    CHECK(*table.find(archs[i]) == fake_accuracy(i));
  }
  CHECK(table.entries()[777].arch == archs[777]);
  CHECK_FALSE(table.find("|nor_conv_3x3~0|").has_value());
  CHECK_FALSE(table.find("").has_value());

  // Copies own their index.
  GroundTruthTable copy = table;
  CHECK(copy.find(archs[5]) == table.find(archs[5]));
  const GroundTruthTable test_table = GroundTruthTable::load(dir / "nb201.csv", "test_accuracy");
  CHECK(*test_table.find(archs[3]) == fake_accuracy(3) - 0.25);
}

TEST_CASE("GroundTruthTable loads the JSON form") {
  TempDir dir;
  const auto archs = all_nb201_archs();
  std::string text = "{\n";
  for (size_t i = 0; i < archs.size(); ++i) {
    text += "  \"" + archs[i] + "\": {\"valid_accuracy\": " + format_double(fake_accuracy(i)) +
            ", \"params_m\": 1.5}" + (i + 1 < archs.size() ? ",\n" : "\n");
  }
  text += "}\n";
  write_file(dir / "nb201.json", text);
  const auto start = std::chrono::steady_clock::now();
  const GroundTruthTable table = GroundTruthTable::load(dir / "nb201.json", "valid_accuracy");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("15,625-row JSON table: loaded in " << seconds * 1000 << " ms");
  CHECK(table.size() == 15625);
  CHECK(seconds < 1.0);
  CHECK(*table.find(archs[4242]) == fake_accuracy(4242));
}

TEST_CASE("GroundTruthTable errors name file, line and column") {
  TempDir dir;
  const std::string name = (dir / "t.csv").string();

  write_file(dir / "t.csv", "arch,train_accuracy,valid_acuracy\n|a~0|,1,2\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "valid_accuracy"),
                       text(name + " has no column `valid_accuracy` (did you mean `valid_acuracy`?); available columns: arch, "
                              "train_accuracy, valid_acuracy."),
                       DataError);

  write_file(dir / "t.csv", "architecture,acc\n|a~0|,1\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"), doctest::Contains(text(name + ":1: no `arch` column")),
                       DataError);

  write_file(dir / "t.csv", "arch,acc\n|a~0|,1\n|b~0|,2,3\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"),
                       text(name + ":3: expected 2 fields like the header, found 3."), DataError);

  write_file(dir / "t.csv", "arch,acc\n|a~0|,1\n\"|b~0|,2\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"), doctest::Contains(text(name + ":3: quoted field")),
                       DataError);

  write_file(dir / "t.csv", "arch,acc,loss\n|a~0|,1,0.5\n|b~0|,n/a,0.4\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"),
                       text(name + ":3: column `acc` value `n/a` is not a number."), DataError);
  CHECK(GroundTruthTable::load(dir / "t.csv", "loss").size() == 2);  // only the chosen metric must be numeric

  write_file(dir / "t.csv", "arch,acc\n|a~0|,1\n|b~0|,\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"),
                       text(name + ":3: column `acc` value `` is not a number."), DataError);

  write_file(dir / "t.csv", "arch,acc\n|a~0|,1\n|b~0|,2\n\"|a~0|\",3\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"),
                       text(name + ":4: architecture `|a~0|` already appeared on line 2."), DataError);

  write_file(dir / "t.csv", "");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"), doctest::Contains("file is empty"), DataError);

  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "missing.csv", "acc"), doctest::Contains("Cannot open"),
                       UserError);
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.tsv", "acc"), doctest::Contains("unknown extension `.tsv`"),
                       UserError);
}

TEST_CASE("GroundTruthTable JSON errors name file, line or architecture") {
  TempDir dir;
  const std::string name = (dir / "t.json").string();
  write_file(dir / "t.json", "{\n  \"|a~0|\": {\"acc\": 1},\n  \"|b~0|\": {\"acc\": }\n}\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains(text(name + ":3: invalid JSON")),
                       DataError);
  write_file(dir / "t.json", R"({"|a~0|": {"acc": 1}, "|b~0|": {"loss": 2, "accuracy": 3}})");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"),
                       text(name + ": architecture `|b~0|` has no metric `acc`; available: accuracy, loss."), DataError);
  write_file(dir / "t.json", R"({"|a~0|": {"acc": "high"}})");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains("is \"high\", not a number"),
                       DataError);
  write_file(dir / "t.json", R"([1, 2])");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains("expected a JSON object"),
                       DataError);
}

TEST_CASE("GroundTruthTable refuses non-finite values, naming file and line") {
  TempDir dir;
  const std::string csv = (dir / "t.csv").string();
  for (const std::string value : {"nan", "NaN", "inf", "-inf", "infinity"}) {
    CAPTURE(value);
    write_file(dir / "t.csv", "arch,acc,loss\n|a~0|,1,0.5\n|b~0|," + value + ",0.4\n");
    CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.csv", "acc"),
                         text(csv + ":3: column `acc` value `" + value +
                              "` is not finite; ground truth must be a finite number."),
                         DataError);
  }
  // Only the chosen metric must be finite.
  CHECK(GroundTruthTable::load(dir / "t.csv", "loss").size() == 2);

  const std::string json = (dir / "t.json").string();
  write_file(dir / "t.json", "{\n  \"|a~0|\": {\"acc\": 1},\n  \"|b~0|\": {\"acc\": -1e999}\n}\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"),
                       text(json + ":3: number -1e999 is out of range (larger than any finite double)."), DataError);
  // The same digits inside an architecture string do not mislead the line.
  write_file(dir / "t.json", "{\n  \"|1e999~0|\": {\"acc\": 1},\n\n  \"|b~0|\": {\"acc\": 1e999}\n}\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains(text(json + ":4: number 1e999")),
                       DataError);
  write_file(dir / "t.json", "{\n  \"|a~0|\": {\"acc\": NaN}\n}\n");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains(text(json + ":2: invalid JSON")),
                       DataError);
  write_file(dir / "t.json", "{\"|a~0|\": {\"acc\": null}}");
  CHECK_THROWS_WITH_AS(GroundTruthTable::load(dir / "t.json", "acc"), doctest::Contains("is null, not a number"),
                       DataError);
}
