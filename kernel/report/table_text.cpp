#include "report/table_text.h"

#include <cmath>
#include <cstdio>

namespace naskernel {

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

std::string signed_fixed(double value, int decimals) {
  if (std::isnan(value)) return "n/a";
  const std::string magnitude = fixed(std::fabs(value), decimals);
  if (magnitude.find_first_not_of("0.") == std::string::npos) return magnitude;  // rounds to zero
  return (value < 0 ? "\u2212" : "+") + magnitude;
}

std::string markdown_text(const std::string& text) {
  std::string escaped;
  for (char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return escaped;
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof(text), "%.10g", value);
  return text;
}

std::string csv_text(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace naskernel
