// NB201's architecture string (plugins/search_spaces/nb201).
//
// Input: the string. Clear errors: UserError (ArchParseError). Invariants:
// the string is read exactly as written, so format(parse(x)) == x, and
// that re-parses to the same architecture.
#include "fuzz_support.h"

#include "plugins/search_spaces/nb201/nb201_arch_string.h"

#include <optional>

using namespace naskernel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  std::optional<Arch> arch;
  if (!fuzz::accepted([&] { arch = nb201::parse_arch_string(text); })) return 0;
  const std::string written = nb201::format_arch_string(*arch);
  FUZZ_CHECK(written == text, "format(parse(x)) differs from x: \"" + written + "\"");
  FUZZ_CHECK(nb201::parse_arch_string(written) == *arch, "format(parse(x)) parses differently: \"" + written + "\"");
  return 0;
}
