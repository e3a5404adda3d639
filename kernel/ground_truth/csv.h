// Minimal RFC 4180 CSV: comma-separated, fields optionally in double quotes,
// "" inside quotes is a literal quote, quoted fields may span lines, CRLF or
// LF line ends. Errors name the file and line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace naskernel {

class CsvReader {
 public:
  // `source_name` is used in error messages only (usually the file path).
  CsvReader(std::string_view text, std::string source_name);

  // Reads the next record into `fields`; false at end of input. Blank lines
  // are skipped. Throws DataError "FILE:LINE: ..." for a malformed record.
  bool next(std::vector<std::string>& fields);

  // 1-based line on which the record last returned by next() starts.
  size_t line() const { return record_line_; }
  const std::string& source_name() const { return source_name_; }

 private:
  std::string_view text_;
  std::string source_name_;
  size_t position_ = 0;
  size_t current_line_ = 1;
  size_t record_line_ = 0;
};

// Reads a whole file into memory; throws UserError naming the file if it
// cannot be read.
std::string read_text_file(const std::string& path);

// Quotes a field when it contains a comma, quote, CR or LF.
std::string csv_field(std::string_view value);

// Joins fields into one CSV line (no line end).
std::string csv_line(const std::vector<std::string>& fields);

// Shortest text that reads back as the same double ("nan", "inf", "-inf"
// for the non-finite values).
std::string format_double(double value);

// Parses a whole field as a double (leading/trailing blanks allowed, also
// "nan"/"inf"); false if it is empty or not entirely a number.
bool parse_double(std::string_view text, double& value);

}  // namespace naskernel
