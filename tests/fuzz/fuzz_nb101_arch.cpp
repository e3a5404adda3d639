// NB101's two string forms (plugins/search_spaces/nb101): the readable
// `matrix=...;ops=...` form and the official API's JSON spec.
//
// Built twice: fuzz_nb101_arch takes any string (parse_arch_string picks the
// form by the first non-blank character), fuzz_nb101_json (NB101_JSON_TARGET)
// starts from JSON seeds and also runs the position-keeping JSON reader on
// its own. Clear errors: UserError (ArchParseError) from parsing,
// JsonSyntaxError from read_json. Invariants: both forms that format()
// writes re-parse to the same architecture.
#include "fuzz_support.h"

#include "plugins/search_spaces/nb101/nb101_arch_string.h"
#include "plugins/search_spaces/nb101/nb101_json.h"

#include <optional>

using namespace naskernel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
#ifdef NB101_JSON_TARGET
  try {
    const nb101::JsonValue value = nb101::read_json(text);
    FUZZ_CHECK(value.position < text.size(), "a JSON value starts past the end of the text");
  } catch (const nb101::JsonSyntaxError& e) {
    FUZZ_CHECK(e.position <= text.size(), "a JSON syntax error placed past the end of the text");
  }
#endif
  std::optional<Arch> arch;
  if (!fuzz::accepted([&] { arch = nb101::parse_arch_string(text); })) return 0;
  const std::string readable = nb101::format_arch_string(*arch);
  FUZZ_CHECK(nb101::parse_arch_string(readable) == *arch, "format(parse(x)) parses differently: " + readable);
  const std::string spec = nb101::format_spec_json(*arch);
  FUZZ_CHECK(nb101::parse_arch_string(spec) == *arch, "format_spec_json(parse(x)) parses differently: " + spec);
  return 0;
}
