// Formatting of numbers and names for the Markdown and CSV tables of a
// study report.
#pragma once

#include <string>

namespace naskernel {

// printf("%.*f"): fixed(0.25, 3) == "0.250".
std::string fixed(double value, int decimals);

// With its sign, and U+2212 MINUS SIGN for negatives as typeset text uses:
// signed_fixed(0.05, 3) == "+0.050", signed_fixed(-0.08, 2) == "−0.08";
// values that round to zero print unsigned ("0.000"); NaN prints "n/a".
std::string signed_fixed(double value, int decimals);

// `text` safe inside a Markdown table cell ('|' escaped).
std::string markdown_text(const std::string& text);

// A CSV number with 10 significant digits; NaN is the empty field.
std::string csv_number(double value);

// A CSV field: quoted (quotes doubled) when it holds a comma, quote or newline.
std::string csv_text(const std::string& text);

}  // namespace naskernel
