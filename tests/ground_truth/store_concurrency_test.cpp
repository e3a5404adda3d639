// Several processes share one store: concurrent writers must all succeed, and
// a writer killed mid-write must leave a consistent file that still holds
// every record whose put() had returned.
#include <doctest/doctest.h>

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "ground_truth/store.h"
#include "temp_dir.h"

using namespace naskernel;

namespace {

GroundTruthRecord writer_record(int writer, int index) {
  GroundTruthRecord record;
  record.key = {"nb201", "w" + std::to_string(writer) + "-" + std::to_string(index), "fp", 0};
  record.arch = std::string(200, 'a') + std::to_string(index);  // some bulk, so writes take a little time
  record.metrics = {{"valid_accuracy", index * 0.5}, {"writer", double(writer)}};
  record.wall_seconds = index;
  record.naskernel_version = "test";
  record.created_utc = "2024-01-01T00:00:00Z";
  return record;
}

// Runs `body` in a child process; the child exits 0 if it returns, 1 if it throws.
template <typename Body>
pid_t spawn(Body body) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 0;
    try {
      body();
    } catch (const std::exception& error) {
      std::fprintf(stderr, "child %d: %s\n", int(getpid()), error.what());
      code = 1;
    }
    _exit(code);  // skip the parent's atexit handlers (doctest)
  }
  return pid;
}

std::string integrity_check(const std::filesystem::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK);
  std::string result;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

}  // namespace

TEST_CASE("Two processes writing 200 records each at once both succeed") {
  TempDir dir;
  const auto file = dir / "gt.sqlite";  // not created yet: both children race to create it too
  int start_gate[2];
  REQUIRE(pipe(start_gate) == 0);
  std::vector<pid_t> children;
  for (int writer = 0; writer < 2; ++writer) {
    children.push_back(spawn([&, writer] {
      close(start_gate[1]);
      char byte;
      while (read(start_gate[0], &byte, 1) > 0) {
      }  // wait until the parent closes the gate, so both start together
      GroundTruthStore store(file);
      for (int i = 0; i < 200; ++i) store.put(writer_record(writer, i));
    }));
  }
  close(start_gate[0]);
  close(start_gate[1]);
  for (pid_t child : children) {
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  GroundTruthStore store(file);
  const auto records = store.list();
  CHECK(records.size() == 400);
  std::set<std::string> keys;
  for (const auto& record : records) keys.insert(record.key.arch_key);
  CHECK(keys.size() == 400);
  CHECK(integrity_check(file) == "ok");
}

TEST_CASE("Eight processes creating the same new store at once all succeed") {
  // Switching a fresh file to WAL takes a lock SQLite does not wait for by
  // itself; this race is what the store's retry loop is for.
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    TempDir dir;
    const auto file = dir / "new.sqlite";
    int start_gate[2];
    REQUIRE(pipe(start_gate) == 0);
    std::vector<pid_t> children;
    for (int writer = 0; writer < 8; ++writer) {
      children.push_back(spawn([&, writer] {
        close(start_gate[1]);
        char byte;
        while (read(start_gate[0], &byte, 1) > 0) {
        }
        GroundTruthStore store(file);
        for (int i = 0; i < 25; ++i) store.put(writer_record(writer, i));
      }));
    }
    close(start_gate[0]);
    close(start_gate[1]);
    int failures = 0;
    for (pid_t child : children) {
      int status = 0;
      REQUIRE(waitpid(child, &status, 0) == child);
      failures += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CHECK(failures == 0);
    CHECK(GroundTruthStore(file).list().size() == 8 * 25);
  }
}

TEST_CASE("A writer killed mid-write leaves a consistent store with every committed record") {
  TempDir dir;
  const auto file = dir / "gt.sqlite";
  std::vector<int> committed;
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    int progress[2];
    REQUIRE(pipe(progress) == 0);
    const pid_t child = spawn([&, round] {
      close(progress[0]);
      GroundTruthStore store(file);
      for (int i = round * 100000;; ++i) {
        store.put(writer_record(9, i));
        // Only after put() returned: the parent may then expect the record.
        if (write(progress[1], &i, sizeof i) != sizeof i) _exit(2);
      }
    });
    close(progress[1]);
    // Let it commit some records, then kill it without warning.
    int index = 0;
    int seen = 0;
    while (seen < 25 + 10 * round && read(progress[0], &index, sizeof index) == sizeof index) {
      committed.push_back(index);
      ++seen;
    }
    REQUIRE(kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));  // it was still writing, not finished or failed
    // Reports sent between our last read and the kill count as committed too.
    while (read(progress[0], &index, sizeof index) == sizeof index) committed.push_back(index);
    close(progress[0]);

    CHECK(integrity_check(file) == "ok");
    GroundTruthStore store(file);
    int missing = 0;
    for (int i : committed) missing += !store.find(writer_record(9, i).key).has_value();
    CHECK(missing == 0);
    CHECK(store.list().size() >= committed.size());
  }
  MESSAGE("kill safety: " << committed.size() << " committed records over 3 killed writers, all present");
}
