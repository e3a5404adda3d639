#include "ground_truth/csv.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <naskernel/errors.h>

namespace naskernel {

CsvReader::CsvReader(std::string_view text, std::string source_name)
    : text_(text), source_name_(std::move(source_name)) {
  // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first field.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") position_ = 3;
}

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  // Skip blank lines between records.
  while (position_ < text_.size() && (text_[position_] == '\n' || text_[position_] == '\r')) {
    if (text_[position_] == '\n') ++current_line_;
    ++position_;
  }
  if (position_ >= text_.size()) return false;
  record_line_ = current_line_;

  std::string field;
  while (true) {
    if (position_ < text_.size() && text_[position_] == '"') {
      // Quoted field: runs to the matching quote; "" is an escaped quote.
      ++position_;
      while (true) {
        if (position_ >= text_.size()) {
          throw DataError(source_name_ + ":" + std::to_string(record_line_) +
                          ": quoted field is never closed (missing '\"').");
        }
        const char c = text_[position_++];
        if (c == '"') {
          if (position_ < text_.size() && text_[position_] == '"') {
            field += '"';
            ++position_;
          } else {
            break;
          }
        } else {
          if (c == '\n') ++current_line_;
          field += c;
        }
      }
      if (position_ < text_.size() && text_[position_] != ',' && text_[position_] != '\n' &&
          text_[position_] != '\r') {
        throw DataError(source_name_ + ":" + std::to_string(current_line_) +
                        ": unexpected character '" + std::string(1, text_[position_]) +
                        "' after a closing quote.");
      }
    } else {
      const size_t end = text_.find_first_of(",\r\n", position_);
      const size_t stop = end == std::string_view::npos ? text_.size() : end;
      const std::string_view raw = text_.substr(position_, stop - position_);
      if (raw.find('"') != std::string_view::npos) {
        throw DataError(source_name_ + ":" + std::to_string(current_line_) +
                        ": a quote inside an unquoted field; quote the whole field and double inner quotes.");
      }
      field.assign(raw);
      position_ = stop;
    }
    fields.push_back(std::move(field));
    field.clear();
    if (position_ >= text_.size()) return true;
    const char separator = text_[position_++];
    if (separator == ',') continue;
    if (separator == '\r' && position_ < text_.size() && text_[position_] == '\n') ++position_;
    ++current_line_;
    return true;
  }
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("Cannot open " + path + " for reading.");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) throw UserError("Failed while reading " + path + ".");
  return contents.str();
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line += ',';
    line += csv_field(fields[i]);
  }
  return line;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[64];
  const auto result = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, result.ptr);
}

bool parse_double(std::string_view text, double& value) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return false;
  if (text.front() == '+') {
    text.remove_prefix(1);
    if (text.empty() || text.front() == '-') return false;
  }
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace naskernel
