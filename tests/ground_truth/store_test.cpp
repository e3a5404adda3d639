#include <doctest/doctest.h>

#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <cmath>
#include <limits>
#include <vector>

#include <naskernel/errors.h>

#include "ground_truth/store.h"
#include "temp_dir.h"

using namespace naskernel;

namespace {

GroundTruthRecord make_record(const std::string& space, int index, int64_t seed = 0) {
  GroundTruthRecord record;
  record.key = {space, "key-" + std::to_string(index), "fp-abc", seed};
  record.arch = "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|#" + std::to_string(index);
  record.metrics = {{"valid_accuracy", 80.0 + index * 0.01}, {"test_accuracy", 79.5 + index * 0.01}};
  record.wall_seconds = 3600.5 + index;
  record.naskernel_version = "0.1.0";
  record.created_utc = "2024-05-01T12:00:00Z";
  return record;
}

void check_same(const GroundTruthRecord& a, const GroundTruthRecord& b) {
  CHECK(a.key == b.key);
  CHECK(a.arch == b.arch);
  CHECK(a.metrics == b.metrics);
  CHECK(a.wall_seconds == b.wall_seconds);
  CHECK(a.naskernel_version == b.naskernel_version);
  CHECK(a.created_utc == b.created_utc);
}

// Restores an environment variable when the test ends.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(const std::string& name, const char* value) : name(name) {
    if (const char* current = getenv(name.c_str())) old = current;
    value ? setenv(name.c_str(), value, 1) : unsetenv(name.c_str());
  }
  ~ScopedEnv() { old ? setenv(name.c_str(), old->c_str(), 1) : unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("GroundTruthStore put, find and list") {
  TempDir dir;
  GroundTruthStore store(dir / "sub/folder/gt.sqlite");  // parent folders are created
  CHECK_FALSE(store.find(make_record("nb201", 1).key).has_value());

  for (int i = 0; i < 5; ++i) store.put(make_record("nb201", i));
  store.put(make_record("darts", 7));
  store.put(make_record("nb201", 1, /*seed=*/1));  // same arch, other seed: a separate record

  const auto found = store.find(make_record("nb201", 3).key);
  REQUIRE(found.has_value());
  check_same(*found, make_record("nb201", 3));
  CHECK(store.find(make_record("nb201", 1, 1).key).has_value());
  CHECK_FALSE(store.find(make_record("nb201", 1, 2).key).has_value());
  GroundTruthKey other_fingerprint = make_record("nb201", 3).key;
  other_fingerprint.fingerprint = "fp-other";
  CHECK_FALSE(store.find(other_fingerprint).has_value());

  CHECK(store.list().size() == 7);
  const auto nb201 = store.list("nb201");
  REQUIRE(nb201.size() == 6);
  for (size_t i = 1; i < nb201.size(); ++i) CHECK(nb201[i - 1].key < nb201[i].key);
  CHECK(store.list("darts").size() == 1);
  CHECK(store.list("nb101").empty());

  // Reopening sees the same data.
  GroundTruthStore again(dir / "sub/folder/gt.sqlite");
  CHECK(again.list().size() == 7);
}

TEST_CASE("GroundTruthStore put replaces a record with the same key") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  store.put(make_record("nb201", 1));
  GroundTruthRecord changed = make_record("nb201", 1);
  changed.metrics = {{"valid_accuracy", 12.5}};
  changed.wall_seconds = 1.0;
  store.put(changed);
  CHECK(store.list().size() == 1);
  check_same(*store.find(changed.key), changed);
}

TEST_CASE("GroundTruthStore keeps NaN metrics and fills in version and time") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  GroundTruthRecord record = make_record("nb201", 1);
  record.metrics["loss"] = std::numeric_limits<double>::quiet_NaN();
  record.naskernel_version.clear();
  record.created_utc.clear();
  store.put(record);
  const auto found = store.find(record.key);
  REQUIRE(found);
  CHECK(std::isnan(found->metrics.at("loss")));
  CHECK(found->metrics.at("valid_accuracy") == record.metrics.at("valid_accuracy"));
  CHECK(found->naskernel_version == naskernel_version_string());
  CHECK(found->naskernel_version != "");
  REQUIRE(found->created_utc.size() == 20);  // 2024-05-01T12:00:00Z
  CHECK(found->created_utc[10] == 'T');
  CHECK(found->created_utc.back() == 'Z');
}

TEST_CASE("GroundTruthStore rejects a record without a key") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  GroundTruthRecord record = make_record("nb201", 1);
  record.key.fingerprint.clear();
  CHECK_THROWS_WITH_AS(store.put(record), doctest::Contains("its `fingerprint` is empty"), UserError);
  CHECK(store.list().empty());
}

TEST_CASE("GroundTruthStore names the file when it is not a database") {
  TempDir dir;
  const auto file = dir / "broken.sqlite";
  write_file(file, std::string(4096, 'x'));
  CHECK_THROWS_WITH_AS(GroundTruthStore{file}, doctest::Contains(text(file.string())), UserError);
  CHECK_THROWS_WITH_AS(GroundTruthStore{file},
                       text("Ground-truth store " + file.string() +
                            " cannot be read as a SQLite database: file is not a database."),
                       UserError);
  CHECK_THROWS_WITH_AS(GroundTruthStore{dir.path()}, doctest::Contains("is a directory"), UserError);
}

TEST_CASE("GroundTruthStore reports a damaged database with its file name, never crashes") {
  TempDir dir;
  const auto file = dir / "gt.sqlite";
  {
    GroundTruthStore store(file);
    for (int i = 0; i < 300; ++i) store.put(make_record("nb201", i));
  }  // closing checkpoints the WAL into the main file
  REQUIRE(std::filesystem::file_size(file) > 3 * 4096);
  {
    // Overwrite everything after the first page (header and schema stay).
    std::fstream damage(file, std::ios::in | std::ios::out | std::ios::binary);
    damage.seekp(4096);
    const std::string garbage(std::filesystem::file_size(file) - 4096, '\x5a');
    damage.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto open_and_list = [&] {
    GroundTruthStore store(file);
    return store.list();
  };
  CHECK_THROWS_WITH_AS(open_and_list(), doctest::Contains(text(file.string())), UserError);
  CHECK_THROWS_WITH_AS(open_and_list(), doctest::Contains("malformed"), UserError);
}

TEST_CASE("GroundTruthStore refuses a store from a newer schema") {
  TempDir dir;
  const auto file = dir / "gt.sqlite";
  { GroundTruthStore store(file); }
  // Pretend a future naskernel wrote the file.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CHECK_THROWS_WITH_AS(GroundTruthStore{file}, doctest::Contains("schema version 99, newer than this naskernel"),
                       UserError);
}

TEST_CASE("GroundTruthStore::default_path honours NASKERNEL_STORE, then HOME") {
  TempDir dir;
  {
    ScopedEnv store("NASKERNEL_STORE", (dir / "a/b/explicit.sqlite").c_str());
    CHECK(GroundTruthStore::default_path() == dir / "a/b/explicit.sqlite");
    CHECK(std::filesystem::is_directory(dir / "a/b"));
  }
  {
    ScopedEnv store("NASKERNEL_STORE", nullptr);
    ScopedEnv home("HOME", dir.path().c_str());
    CHECK(GroundTruthStore::default_path() == dir / ".cache/naskernel/groundtruth.sqlite");
    CHECK(std::filesystem::is_directory(dir / ".cache/naskernel"));
  }
  {
    ScopedEnv store("NASKERNEL_STORE", nullptr);
    ScopedEnv home("HOME", nullptr);
    CHECK_THROWS_AS(GroundTruthStore::default_path(), UserError);
  }
}

TEST_CASE("GroundTruthStore export and import round-trip through CSV and JSON") {
  TempDir dir;
  GroundTruthStore source(dir / "source.sqlite");
  GroundTruthRecord odd = make_record("nb201", 99);
  odd.arch = "arch, with \"quotes\" and\na newline";  // every CSV escape at once
  odd.metrics = {{"only_here", 1.0 / 3.0}, {"nan_metric", std::numeric_limits<double>::quiet_NaN()}};
  source.put(odd);
  for (int i = 0; i < 20; ++i) source.put(make_record(i % 2 ? "nb201" : "darts", i, i % 3));
  const auto original = source.list();

  for (const std::string name : {"records.csv", "records.json", "RECORDS.JSON"}) {
    CAPTURE(name);
    source.export_file(dir / name, original);
    GroundTruthStore target(dir / (name + ".sqlite"));
    CHECK(target.import_file(dir / name) == original.size());
    const auto copied = target.list();
    REQUIRE(copied.size() == original.size());
    for (size_t i = 0; i < copied.size(); ++i) {
      CHECK(copied[i].key == original[i].key);
      CHECK(copied[i].arch == original[i].arch);
      CHECK(copied[i].wall_seconds == original[i].wall_seconds);
      CHECK(copied[i].created_utc == original[i].created_utc);
      REQUIRE(copied[i].metrics.size() == original[i].metrics.size());
      for (const auto& [metric, value] : original[i].metrics) {
        const double back = copied[i].metrics.at(metric);
        CHECK(((std::isnan(value) && std::isnan(back)) || back == value));
      }
    }
  }
  CHECK_THROWS_WITH_AS(source.export_file(dir / "records.txt", original),
                       doctest::Contains("unknown extension `.txt`"), UserError);
}

TEST_CASE("GroundTruthStore import names the line of a bad CSV record and imports nothing") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  const std::string header = "space,arch_key,arch,fingerprint,seed,wall_seconds,naskernel_version,created_utc,metric.acc\n";
  const std::string good = "nb201,k1,a1,fp,0,10,0.1.0,2024-01-01T00:00:00Z,91.5\n";

  write_file(dir / "short.csv", header + good + "nb201,k2,a2,fp,0\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "short.csv"),
                       text((dir / "short.csv").string() + ":3: expected 9 fields like the header, found 5."), DataError);

  write_file(dir / "number.csv", header + good + good + "nb201,k3,a3,fp,0,10,0.1.0,2024,ninety\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "number.csv"),
                       text((dir / "number.csv").string() + ":4: column `metric.acc` value `ninety` is not a number."),
                       DataError);

  write_file(dir / "seed.csv", header + "nb201,k3,a3,fp,1.5,10,0.1.0,2024,1\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "seed.csv"), doctest::Contains("seed.csv:2: column `seed`"), DataError);

  write_file(dir / "column.csv", "space,arch_ky,arch\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "column.csv"),
                       doctest::Contains("column.csv:1: unknown column `arch_ky` (did you mean `arch_key`?)"),
                       DataError);
  CHECK(store.list().empty());  // all or nothing

  write_file(dir / "ok.csv", header + good);
  CHECK(store.import_file(dir / "ok.csv") == 1);
  CHECK(store.find({"nb201", "k1", "fp", 0})->metrics.at("acc") == 91.5);
}

TEST_CASE("GroundTruthStore import names the line or record of a bad JSON file") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  write_file(dir / "syntax.json", "[\n  {\"space\": \"nb201\",\n   \"seed\": 0,,\n  }\n]\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "syntax.json"),
                       doctest::Contains(text((dir / "syntax.json").string() + ":3: invalid JSON")), DataError);
  write_file(dir / "missing.json", R"([{"space": "nb201", "arch_key": "k", "arch": "a", "fingerprint": "f",
    "seed": 0, "metrics": {}, "wall_seconds": 1, "naskernel_version": "v"}])");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "missing.json"),
                       text((dir / "missing.json").string() + ": record 1 lacks key `created_utc`."), DataError);
  write_file(dir / "typo.json", R"([{"spaces": "nb201"}])");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "typo.json"), doctest::Contains("did you mean `space`?"), DataError);
  CHECK_THROWS_AS(store.import_file(dir / "does-not-exist.json"), UserError);
  CHECK(store.list().empty());
}

TEST_CASE("GroundTruthStore put and find rates") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  const int count = 200;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) store.put(make_record("nb201", i));
  const auto middle = std::chrono::steady_clock::now();
  int found = 0;
  for (int repeat = 0; repeat < 10; ++repeat) {
    for (int i = 0; i < count; ++i) found += store.find(make_record("nb201", i).key).has_value();
  }
  const auto end = std::chrono::steady_clock::now();
  CHECK(found == 10 * count);
  const double put_seconds = std::chrono::duration<double>(middle - start).count();
  const double find_seconds = std::chrono::duration<double>(end - middle).count();
  MESSAGE("store: " << count / put_seconds << " puts/s (one durable transaction each), " << 10 * count / find_seconds
                    << " finds/s");
}

TEST_CASE("GroundTruthStore refuses a non-finite ground truth in put and import, naming line or record") {
  TempDir dir;
  GroundTruthStore store(dir / "gt.sqlite");
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    GroundTruthRecord record = make_record("nb201", 1);
    record.metrics[kGroundTruthMetric] = bad;
    CHECK_THROWS_WITH_AS(store.put(record),
                         text("Cannot store ground truth for arch `" + record.arch + "`: its metric `ground_truth` is " +
                              (std::isnan(bad) ? "nan" : "inf") + "; ground truth must be a finite number."),
                         UserError);
  }
  CHECK(store.list().empty());

  const std::string header =
      "space,arch_key,arch,fingerprint,seed,wall_seconds,naskernel_version,created_utc,metric.ground_truth,metric.loss\n";
  const std::string good = "nb201,k1,a1,fp,0,10,0.1.0,2024-01-01T00:00:00Z,91.5,nan\n";
  write_file(dir / "bad.csv", header + good + "nb201,k2,a2,fp,0,10,0.1.0,2024-01-01T00:00:00Z,-inf,0.1\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "bad.csv"),
                       text((dir / "bad.csv").string() +
                            ":3: `metric.ground_truth` is -inf; ground truth must be a finite number."),
                       DataError);
  write_file(dir / "bad.json", R"([{"space": "nb201", "arch_key": "k", "arch": "a", "fingerprint": "f", "seed": 0,
    "metrics": {"loss": null}, "wall_seconds": 1, "naskernel_version": "v", "created_utc": "t"},
    {"space": "nb201", "arch_key": "k2", "arch": "a2", "fingerprint": "f", "seed": 0,
    "metrics": {"ground_truth": null}, "wall_seconds": 1, "naskernel_version": "v", "created_utc": "t"}])");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "bad.json"),
                       text((dir / "bad.json").string() +
                            ": record 2: `metrics.ground_truth` is null; ground truth must be a finite number."),
                       DataError);
  write_file(dir / "overflow.json", "[\n{\"space\": \"nb201\", \"arch_key\": \"k\", \"arch\": \"a\", \"fingerprint\": \"f\",\n"
                                    " \"seed\": 0, \"metrics\": {\"ground_truth\": 1e400}}\n]\n");
  CHECK_THROWS_WITH_AS(store.import_file(dir / "overflow.json"),
                       doctest::Contains(text((dir / "overflow.json").string() + ":3: number 1e400 is out of range")),
                       DataError);
  CHECK(store.list().empty());  // all or nothing

  // NaN elsewhere stays allowed: a diverged run's loss is worth keeping.
  write_file(dir / "good.csv", header + good);
  CHECK(store.import_file(dir / "good.csv") == 1);
  const auto found = store.find({"nb201", "k1", "fp", 0});
  REQUIRE(found);
  CHECK(found->metrics.at(kGroundTruthMetric) == 91.5);
  CHECK(std::isnan(found->metrics.at("loss")));
}

TEST_CASE("GroundTruthStore::check_file refuses what opening refuses and creates nothing") {
  TempDir dir;
  auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
      names.push_back(entry.path().lexically_relative(dir.path()).string());
    std::sort(names.begin(), names.end());
    return names;
  };

  // Absent: a run creates it, so it passes; nothing appears.
  GroundTruthStore::check_file(dir / "new/folder/gt.sqlite");
  CHECK(listing().empty());
  write_file(dir / "plain", "x");
  CHECK_THROWS_WITH_AS(GroundTruthStore::check_file(dir / "plain/gt.sqlite"),
                       text("Ground-truth store " + (dir / "plain/gt.sqlite").string() + " cannot be created: " +
                            (dir / "plain").string() + " is not a folder."),
                       UserError);
  CHECK_THROWS_WITH_AS(GroundTruthStore::check_file(dir.path()), doctest::Contains("is a directory"), UserError);

  // Not a database: the constructor's message.
  write_file(dir / "broken.sqlite", std::string(4096, 'x'));
  CHECK_THROWS_WITH_AS(GroundTruthStore::check_file(dir / "broken.sqlite"),
                       text("Ground-truth store " + (dir / "broken.sqlite").string() +
                            " cannot be read as a SQLite database: file is not a database."),
                       UserError);
  std::filesystem::remove(dir / "plain");
  std::filesystem::remove(dir / "broken.sqlite");

  // A store at rest (no connection open) and one in use both pass, and
  // checking adds no -wal or -shm file.
  const auto file = dir / "gt.sqlite";
  {
    GroundTruthStore store(file);
    store.put(make_record("nb201", 1));
  }
  const auto at_rest = listing();
  CHECK(at_rest == std::vector<std::string>{"gt.sqlite"});
  GroundTruthStore::check_file(file);
  CHECK(listing() == at_rest);
  {
    GroundTruthStore in_use(file);
    in_use.put(make_record("nb201", 2));
    const auto open = listing();
    GroundTruthStore::check_file(file);
    CHECK(listing() == open);
  }

  // Newer schema, and a `ground_truth` table of someone else's making.
  auto sql = [](const std::filesystem::path& path, const char* statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, statement, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  };
  sql(file, "UPDATE schema_version SET version = 99");
  CHECK_THROWS_WITH_AS(GroundTruthStore::check_file(file), doctest::Contains("schema version 99, newer than this naskernel"),
                       UserError);
  const auto foreign = dir / "foreign.sqlite";
  sql(foreign, "CREATE TABLE ground_truth (space TEXT, arch TEXT, accuracy REAL)");
  const std::string message = "Ground-truth store " + foreign.string() +
                              " has a `ground_truth` table without column `arch_key`, so naskernel did not write it; "
                              "use another store.";
  CHECK_THROWS_WITH_AS(GroundTruthStore::check_file(foreign), text(message), UserError);
  CHECK_THROWS_WITH_AS(GroundTruthStore{foreign}, text(message), UserError);

  // An empty file is an empty database: a run sets it up.
  write_file(dir / "empty.sqlite", "");
  GroundTruthStore::check_file(dir / "empty.sqlite");
}

TEST_CASE("GroundTruthStore::default_location creates no folder") {
  TempDir dir;
  ScopedEnv store("NASKERNEL_STORE", (dir / "a/b/explicit.sqlite").c_str());
  CHECK(GroundTruthStore::default_location() == dir / "a/b/explicit.sqlite");
  CHECK_FALSE(std::filesystem::exists(dir / "a"));
}
