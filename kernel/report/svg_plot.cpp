#include "report/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "report/axis_ticks.h"

namespace naskernel {
namespace {

// Okabe & Ito (2008): distinguishable with the common colour-vision
// deficiencies. Yellow comes last because it is faint on white.
const char* const kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

// A plot's size and margins. The full layout keeps a legend column on the
// right; the compact one, for panels of a grid, has none.
struct Layout {
  double width, height;
  double left, right, top, bottom;
  double title_y, title_size, x_label_from_bottom;
};
constexpr Layout kFull{760, 460, 80, 200, 50, 64, 28, 16, 18};
constexpr Layout kCompact{420, 340, 64, 20, 44, 52, 26, 14, 14};
constexpr double kPageTitleHeight = 40;

// SVG cannot measure text, so widths are estimated from the number of
// characters (UTF-8 code points) at about 0.6 em each in a sans-serif font.
constexpr double kCharacterWidth = 0.6;

double text_width(std::string_view text, double font_size) {
  size_t characters = 0;
  for (char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return kCharacterWidth * font_size * static_cast<double>(characters);
}

// The full layout's legend column widens to fit the longest label; the
// plot area keeps its size.
Layout layout_for(const std::vector<const PlotSpec*>& plots) {
  bool legend = false;
  double longest = 0;
  for (const PlotSpec* plot : plots) {
    if (!plot->legend) continue;
    legend = true;
    for (const Series& series : plot->series) longest = std::max(longest, text_width(series.label, 12));
  }
  if (!legend) return kCompact;
  Layout layout = kFull;
  layout.right = std::max(kFull.right, 16 + 28 + longest + 12);  // gap, marker, label, margin
  layout.width += layout.right - kFull.right;
  return layout;
}

const char* colour_of(const Series& series, size_t position) {
  const size_t index = series.colour >= 0 ? static_cast<size_t>(series.colour) : position;
  return kPalette[index % kPaletteSize];
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", value);
  return text;
}

struct Range {
  double low = INFINITY, high = -INFINITY;
  void include(double value) {
    if (std::isfinite(value)) low = std::min(low, value), high = std::max(high, value);
  }
  bool empty() const { return low > high; }
};

void check_lengths(const Series& series) {
  const size_t n = series.x.size();
  const bool band_ok = (series.y_low.empty() && series.y_high.empty()) ||
                       (series.y_low.size() == n && series.y_high.size() == n);
  if (series.y.size() != n || !band_ok) {
    throw std::invalid_argument("render_svg: series `" + series.label +
                                "` has x, y (and band) vectors of different lengths");
  }
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&apos;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

namespace {

// Everything of one plot but the <svg> element around it, in the plot's own
// coordinates (0, 0)..(layout.width, layout.height).
void draw_plot(std::ostream& svg, const PlotSpec& spec, const Layout& layout) {
  Range x_range, y_range;
  for (const Series& series : spec.series) {
    check_lengths(series);
    for (size_t i = 0; i < series.x.size(); ++i) {
      if (!std::isfinite(series.x[i])) continue;
      x_range.include(series.x[i]);
      y_range.include(series.y[i]);
      if (!series.y_low.empty()) y_range.include(series.y_low[i]), y_range.include(series.y_high[i]);
    }
  }
  if (spec.y_reference) y_range.include(*spec.y_reference);
  if (x_range.empty()) x_range.low = 0, x_range.high = 1;
  if (y_range.empty()) y_range.low = 0, y_range.high = 1;
  const AxisTicks x_ticks = nice_ticks(x_range.low, x_range.high, 6);
  const AxisTicks y_ticks = nice_ticks(y_range.low, y_range.high, 5);

  const double left = layout.left, top = layout.top, height = layout.height;
  const double plot_width = layout.width - layout.left - layout.right;
  const double plot_height = layout.height - layout.top - layout.bottom;
  auto px = [&](double x) { return left + (x - x_ticks.low) / (x_ticks.high - x_ticks.low) * plot_width; };
  auto py = [&](double y) { return top + (y_ticks.high - y) / (y_ticks.high - y_ticks.low) * plot_height; };

  if (!spec.title.empty()) {
    // Centred over the plot area; a title too long for the width shrinks (to 9 px at least).
    const double centre = left + plot_width / 2;
    const double room = 2 * std::min(centre, layout.width - centre) - 8;
    const double size =
        std::max(9.0, std::min(layout.title_size, layout.title_size * room / text_width(spec.title, layout.title_size)));
    svg << "<text class=\"title\" x=\"" << number(centre) << "\" y=\"" << layout.title_y
        << "\" text-anchor=\"middle\" font-size=\"" << number(size) << "\">" << escape_xml(spec.title)
        << "</text>\n";
  }

  // Grid and tick labels.
  svg << "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n";
  for (double x : x_ticks.values) {
    svg << "<line x1=\"" << number(px(x)) << "\" y1=\"" << number(top) << "\" x2=\"" << number(px(x))
        << "\" y2=\"" << number(top + plot_height) << "\"/>\n";
  }
  for (double y : y_ticks.values) {
    svg << "<line x1=\"" << number(left) << "\" y1=\"" << number(py(y)) << "\" x2=\"" << number(left + plot_width)
        << "\" y2=\"" << number(py(y)) << "\"/>\n";
  }
  svg << "</g>\n<g class=\"ticks\" fill=\"#333\">\n";
  for (double x : x_ticks.values) {
    svg << "<text x=\"" << number(px(x)) << "\" y=\"" << number(top + plot_height + 18)
        << "\" text-anchor=\"middle\">" << format_tick(x, x_ticks.decimals) << "</text>\n";
  }
  for (double y : y_ticks.values) {
    svg << "<text x=\"" << number(left - 8) << "\" y=\"" << number(py(y) + 4) << "\" text-anchor=\"end\">"
        << format_tick(y, y_ticks.decimals) << "</text>\n";
  }
  svg << "</g>\n";
  svg << "<rect class=\"frame\" x=\"" << number(left) << "\" y=\"" << number(top) << "\" width=\""
      << number(plot_width) << "\" height=\"" << number(plot_height) << "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg << "<text class=\"x-label\" x=\"" << number(left + plot_width / 2) << "\" y=\""
      << number(height - layout.x_label_from_bottom)
      << "\" text-anchor=\"middle\">" << escape_xml(spec.x_label) << "</text>\n";
  const double y_label_x = 22, y_label_y = top + plot_height / 2;
  svg << "<text class=\"y-label\" x=\"" << number(y_label_x) << "\" y=\"" << number(y_label_y)
      << "\" text-anchor=\"middle\" transform=\"rotate(-90 " << number(y_label_x) << " " << number(y_label_y)
      << ")\">" << escape_xml(spec.y_label) << "</text>\n";

  if (spec.y_reference && std::isfinite(*spec.y_reference)) {
    svg << "<line class=\"reference\" x1=\"" << number(left) << "\" y1=\"" << number(py(*spec.y_reference))
        << "\" x2=\"" << number(left + plot_width) << "\" y2=\"" << number(py(*spec.y_reference))
        << "\" stroke=\"#555\" stroke-width=\"1\" stroke-dasharray=\"5 4\"/>\n";
  }

  // Bands first, so that lines and points are drawn on top of them.
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    if (series.y_low.empty()) continue;
    std::string upper, lower;
    for (size_t i = 0; i < series.x.size(); ++i) {
      if (!std::isfinite(series.x[i]) || !std::isfinite(series.y_low[i]) || !std::isfinite(series.y_high[i])) continue;
      upper += number(px(series.x[i])) + "," + number(py(series.y_high[i])) + " ";
      lower = number(px(series.x[i])) + "," + number(py(series.y_low[i])) + " " + lower;
    }
    if (upper.empty()) continue;
    svg << "<polygon class=\"band\" points=\"" << upper << lower << "\" fill=\"" << colour_of(series, s)
        << "\" fill-opacity=\"0.2\" stroke=\"none\"/>\n";
  }
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const char* colour = colour_of(series, s);
    if (series.points_only) {
      svg << "<g class=\"scatter\" fill=\"" << colour << "\" fill-opacity=\"0.8\">\n";
      for (size_t i = 0; i < series.x.size(); ++i) {
        if (!std::isfinite(series.x[i]) || !std::isfinite(series.y[i])) continue;
        svg << "<circle cx=\"" << number(px(series.x[i])) << "\" cy=\"" << number(py(series.y[i]))
            << "\" r=\"3\"/>\n";
      }
      svg << "</g>\n";
      continue;
    }
    std::string d;
    bool pen_down = false;  // a non-finite value lifts the pen: the line has a gap there
    for (size_t i = 0; i < series.x.size(); ++i) {
      if (!std::isfinite(series.x[i]) || !std::isfinite(series.y[i])) {
        pen_down = false;
        continue;
      }
      d += (pen_down ? "L" : "M") + number(px(series.x[i])) + " " + number(py(series.y[i])) + " ";
      pen_down = true;
    }
    svg << "<path class=\"line\" d=\"" << (d.empty() ? "M0 0" : d) << "\" fill=\"none\" stroke=\"" << colour
        << "\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n";
  }

  if (!spec.legend) return;
  // Legend, to the right of the plot area.
  svg << "<g class=\"legend\">\n";
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const char* colour = colour_of(series, s);
    const double x = left + plot_width + 16, y = top + 10 + 20.0 * static_cast<double>(s);
    if (series.points_only) {
      svg << "<circle cx=\"" << number(x + 10) << "\" cy=\"" << number(y) << "\" r=\"4\" fill=\"" << colour << "\"/>\n";
    } else {
      svg << "<line x1=\"" << number(x) << "\" y1=\"" << number(y) << "\" x2=\"" << number(x + 20) << "\" y2=\""
          << number(y) << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>\n";
    }
    svg << "<text x=\"" << number(x + 28) << "\" y=\"" << number(y + 4) << "\">" << escape_xml(series.label)
        << "</text>\n";
  }
  svg << "</g>\n";
}

void open_document(std::ostream& svg, double width, double height) {
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

}  // namespace

std::string render_svg(const PlotSpec& spec) {
  const Layout layout = layout_for({&spec});
  std::ostringstream svg;
  open_document(svg, layout.width, layout.height);
  draw_plot(svg, spec, layout);
  svg << "</svg>\n";
  return svg.str();
}

std::string render_panels(const std::vector<PlotSpec>& panels, int columns, const std::string& title) {
  if (columns < 1) throw std::invalid_argument("render_panels: columns must be at least 1");
  // One cell size for the whole grid, so that panels line up.
  std::vector<const PlotSpec*> plots;
  for (const PlotSpec& panel : panels) plots.push_back(&panel);
  const Layout layout = layout_for(plots);
  const size_t per_row = std::min(static_cast<size_t>(columns), std::max<size_t>(panels.size(), 1));
  const size_t rows = (panels.size() + per_row - 1) / per_row;
  const double top = title.empty() ? 0 : kPageTitleHeight;
  const double width = layout.width * static_cast<double>(per_row);
  std::ostringstream svg;
  open_document(svg, width, top + layout.height * static_cast<double>(rows));
  if (!title.empty()) {
    svg << "<text class=\"page-title\" x=\"" << number(width / 2) << "\" y=\"28\" text-anchor=\"middle\" "
        << "font-size=\"18\">" << escape_xml(title) << "</text>\n";
  }
  for (size_t i = 0; i < panels.size(); ++i) {
    const double x = layout.width * static_cast<double>(i % per_row);
    const double y = top + layout.height * static_cast<double>(i / per_row);
    svg << "<g class=\"panel\" transform=\"translate(" << number(x) << " " << number(y) << ")\">\n";
    draw_plot(svg, panels[i], layout);
    svg << "</g>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace naskernel
