// depth_fusion's architecture string (plugins/search_spaces/depth_fusion).
//
// Input: one byte choosing the encoding (bit 0: v1/v2, bit 1: sync/non-sync,
// (byte >> 2) % 3 + 1: nodes per cell), then the string. Clear errors:
// UserError (ArchParseError). Invariants: parse() accepts exactly what
// format() writes, so format(parse(x)) == x, re-parsing to the same genes.
#include "fuzz_support.h"

#include "plugins/search_spaces/depth_fusion/df_arch_string.h"

#include <optional>

using namespace naskernel;
using namespace naskernel::depth_fusion;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Encoding encoding(data[0] & 1 ? Version::v2 : Version::v1, data[0] & 2 ? Mode::non_sync : Mode::sync,
                          kMinNodes + (data[0] >> 2) % (kMaxNodes - kMinNodes + 1));
  const std::string text = fuzz::as_text(data + 1, size - 1);
  std::optional<Arch> arch;
  if (!fuzz::accepted([&] { arch = parse_arch_string(encoding, text); })) return 0;
  const std::string written = format_arch_string(encoding, *arch);
  FUZZ_CHECK(written == text, "format(parse(x)) differs from x: \"" + written + "\"");
  FUZZ_CHECK(parse_arch_string(encoding, written) == *arch, "format(parse(x)) parses differently: " + written);
  return 0;
}
