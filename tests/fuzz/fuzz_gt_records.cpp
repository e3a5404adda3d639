// Ground-truth record files, as `naskernel groundtruth import` reads them
// (kernel/ground_truth/record_files.cpp, csv.cpp, json_document.cpp).
//
// Input: one byte (bit 0: .json, else .csv), then the file. Clear errors:
// UserError (DataError). Invariants: the ground-truth metric of every record
// is finite; writing the records (as export does) and reading them back
// gives the same records, NaN metrics included.
#include "fuzz_support.h"

#include "ground_truth/record_files.h"

#include <cmath>
#include <optional>

using namespace naskernel;

namespace {

bool same_number(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

bool same_record(const GroundTruthRecord& a, const GroundTruthRecord& b) {
  if (!(a.key == b.key) || a.arch != b.arch || a.naskernel_version != b.naskernel_version ||
      a.created_utc != b.created_utc || !same_number(a.wall_seconds, b.wall_seconds) ||
      a.metrics.size() != b.metrics.size())
    return false;
  for (auto ia = a.metrics.begin(), ib = b.metrics.begin(); ia != a.metrics.end(); ++ia, ++ib)
    if (ia->first != ib->first || !same_number(ia->second, ib->second)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string extension = data[0] & 1 ? ".json" : ".csv";
  const std::filesystem::path file = fuzz::scratch_dir() / ("records" + extension);
  fuzz::write_file(file, fuzz::as_text(data + 1, size - 1));

  std::optional<std::vector<GroundTruthRecord>> records;
  if (!fuzz::accepted([&] { records = read_record_file(file); })) return 0;
  for (const auto& record : *records) {
    const auto found = record.metrics.find(kGroundTruthMetric);
    FUZZ_CHECK(found == record.metrics.end() || std::isfinite(found->second), "a non-finite ground truth was accepted");
  }

  const std::filesystem::path copy = fuzz::scratch_dir() / ("written" + extension);
  write_record_file(copy, *records);
  std::vector<GroundTruthRecord> again;
  if (const auto refused = fuzz::refusal([&] { again = read_record_file(copy); }))
    fuzz::invariant_broken("records written by write_record_file() are refused when read back: " + *refused);
  FUZZ_CHECK(again.size() == records->size(), "the written file holds another number of records");
  for (size_t i = 0; i < again.size(); ++i)
    FUZZ_CHECK(same_record((*records)[i], again[i]),
               "record " + std::to_string(i + 1) + " changes when written and read back");
  return 0;
}
