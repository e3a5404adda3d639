// A small, dependency-free SVG writer for the plots of a run report: ranking
// correlation over epochs, ground truth vs. super-net score, and the like.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace naskernel {

struct Series {
  std::string label;
  std::vector<double> x, y;
  // Optional band (e.g. mean ± std over seeds): same length as x, or empty.
  std::vector<double> y_low, y_high;
  bool points_only = false;  // scatter (circles) instead of a line
};

struct PlotSpec {
  std::string title, x_label, y_label;
  std::vector<Series> series;
};

// A complete SVG document: axes with nice ticks and labels, axis titles, a
// legend, one colour per series from the Okabe-Ito colour-blind-safe palette,
// bands as translucent polygons, lines as one <path> per series (broken at
// non-finite points), scatter as <circle>s. Non-finite values are skipped.
// Throws std::invalid_argument if a series' vectors differ in length.
std::string render_svg(const PlotSpec& spec);

// Escapes &, <, >, " and ' for use in XML text and attribute values.
std::string escape_xml(std::string_view text);

}  // namespace naskernel
