// Benchmark tables as ground truth (kernel/ground_truth/table.cpp, csv.cpp,
// json_document.cpp): GroundTruthTable::load with the metric `top1`.
//
// Input: one byte (bit 0: .json, else .csv; bit 1: the extension in capitals),
// then the file. Clear errors: UserError (DataError). Invariants: every
// value is finite; every entry is found under its own string with its own
// value, in the table and in a copy and a moved-to copy (the index holds
// string_views into the entries).
#include "fuzz_support.h"

#include "ground_truth/table.h"

#include <cmath>
#include <optional>

using namespace naskernel;

namespace {

void check_lookups(const GroundTruthTable& table, const char* which) {
  for (const TableEntry& entry : table.entries()) {
    FUZZ_CHECK(std::isfinite(entry.value), std::string(which) + ": a non-finite value was accepted");
    const std::optional<double> found = table.find(entry.arch);
    FUZZ_CHECK(found && *found == entry.value, std::string(which) + ": entry `" + entry.arch + "` is not found");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] & 1;
  const std::string extension = data[0] & 2 ? (json ? ".JSON" : ".CSV") : (json ? ".json" : ".csv");
  const std::filesystem::path file = fuzz::scratch_dir() / ("table" + extension);
  fuzz::write_file(file, fuzz::as_text(data + 1, size - 1));

  std::optional<GroundTruthTable> table;
  if (!fuzz::accepted([&] { table = GroundTruthTable::load(file, "top1"); })) return 0;
  FUZZ_CHECK(table->size() == table->entries().size(), "size() disagrees with entries()");
  check_lookups(*table, "loaded");
  GroundTruthTable copy = *table;
  check_lookups(copy, "copy");
  GroundTruthTable moved = std::move(copy);
  check_lookups(moved, "moved");
  return 0;
}
