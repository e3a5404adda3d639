// A small, dependency-free SVG writer for the plots of a run report: ranking
// correlation over epochs, ground truth vs. super-net score, and the like.
#pragma once

#include <optional>
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
  int colour = -1;           // index into the palette; -1: the series' position
};

struct PlotSpec {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  std::optional<double> y_reference;  // a dashed horizontal line, e.g. at 0 for differences
  bool legend = true;                 // false: no legend column, so the plot fits a small panel
};

// A complete SVG document: axes with nice ticks and labels, axis titles, a
// legend, one colour per series from the Okabe-Ito colour-blind-safe palette,
// bands as translucent polygons, lines as one <path> per series (broken at
// non-finite points), scatter as <circle>s, the optional reference line
// dashed. Non-finite values are skipped. 760 x 460 pixels, the legend column
// widened for long labels; 420 x 340 without a legend. A title too long for
// the width is set smaller. Throws std::invalid_argument if a series'
// vectors differ in length.
std::string render_svg(const PlotSpec& spec);

// Several plots on one page, in a grid `columns` wide, row by row, under
// an optional page title. Each panel is drawn as render_svg draws it, all in
// cells of one size: the full layout if any panel has a legend, else the
// compact one. Throws as render_svg does, and std::invalid_argument for
// columns < 1.
std::string render_panels(const std::vector<PlotSpec>& panels, int columns, const std::string& title = "");

// Escapes &, <, >, " and ' for use in XML text and attribute values.
std::string escape_xml(std::string_view text);

}  // namespace naskernel
