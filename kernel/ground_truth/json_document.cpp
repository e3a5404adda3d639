#include "ground_truth/json_document.h"

#include <algorithm>

#include <naskernel/errors.h>

namespace naskernel {
namespace {

// "[json.exception.parse_error.101] parse error at line 3 ..." -> "parse error at line 3 ...".
std::string without_exception_prefix(const std::string& message) {
  const size_t close = message.find("] ");
  return message.rfind("[json.exception.", 0) == 0 && close != std::string::npos ? message.substr(close + 2)
                                                                                  : message;
}

// nlohmann's overflow message quotes the number ("number overflow parsing
// '1e999'") but gives no offset: the number's first occurrence outside a
// string is where it was read.
size_t offset_of_number(const std::string& text, const std::string& number) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (text.compare(i, number.size(), number) == 0) {
      return i;
    }
  }
  return text.size();
}

}  // namespace

size_t line_of_offset(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

nlohmann::json parse_json_document(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw DataError(name + ":" + std::to_string(line_of_offset(text, error.byte)) +
                    ": invalid JSON: " + without_exception_prefix(error.what()));
  } catch (const nlohmann::json::out_of_range& error) {
    const std::string message = without_exception_prefix(error.what());
    const size_t open = message.find('\''), close = message.rfind('\'');
    if (open == std::string::npos || close <= open) throw DataError(name + ": invalid JSON: " + message);
    const std::string number = message.substr(open + 1, close - open - 1);
    throw DataError(name + ":" + std::to_string(line_of_offset(text, offset_of_number(text, number))) + ": number " +
                    number + " is out of range (larger than any finite double).");
  } catch (const nlohmann::json::exception& error) {
    throw DataError(name + ": invalid JSON: " + without_exception_prefix(error.what()));
  }
}

}  // namespace naskernel
