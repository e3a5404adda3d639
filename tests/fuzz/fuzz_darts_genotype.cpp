// DARTS genotypes and NAS-Bench-301's compact form (plugins/search_spaces/darts).
//
// Input: the string. Clear errors: UserError (ArchParseError). Invariants:
// what parses is a valid genotype, so format() writes it without
// complaint, and that text re-parses to the same architecture.
#include "fuzz_support.h"

#include "plugins/search_spaces/darts/darts_genotype.h"
#include "plugins/search_spaces/darts/darts_genotype_string.h"

#include <optional>

using namespace naskernel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  std::optional<Arch> arch;
  if (!fuzz::accepted([&] { arch = darts::parse_genotype(text); })) return 0;
  FUZZ_CHECK(darts::invalid_reason(*arch).empty(),
             "parse() accepted an invalid genotype: " + darts::invalid_reason(*arch));
  const std::string written = darts::format_genotype(*arch);
  FUZZ_CHECK(darts::parse_genotype(written) == *arch, "format(parse(x)) parses differently: " + written);
  return 0;
}
