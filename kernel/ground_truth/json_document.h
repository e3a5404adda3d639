// Parsing a JSON ground-truth file (table or records) with errors that name
// the file and line, for syntax errors and for numbers no double can hold.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace naskernel {

// Throws DataError "NAME:LINE: invalid JSON: ..." for a syntax error, and
// "NAME:LINE: number 1e999 is out of range ..." for a number that overflows
// (nlohmann refuses those instead of making them infinite).
nlohmann::json parse_json_document(const std::string& text, const std::string& name);

// 1-based line of a byte offset.
size_t line_of_offset(const std::string& text, size_t offset);

}  // namespace naskernel
