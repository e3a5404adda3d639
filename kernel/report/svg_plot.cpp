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

constexpr double kWidth = 760, kHeight = 460;
constexpr double kLeft = 80, kRight = 200, kTop = 50, kBottom = 64;  // margins; legend on the right

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

std::string render_svg(const PlotSpec& spec) {
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
  if (x_range.empty()) x_range.low = 0, x_range.high = 1;
  if (y_range.empty()) y_range.low = 0, y_range.high = 1;
  const AxisTicks x_ticks = nice_ticks(x_range.low, x_range.high, 6);
  const AxisTicks y_ticks = nice_ticks(y_range.low, y_range.high, 5);

  const double plot_width = kWidth - kLeft - kRight, plot_height = kHeight - kTop - kBottom;
  auto px = [&](double x) { return kLeft + (x - x_ticks.low) / (x_ticks.high - x_ticks.low) * plot_width; };
  auto py = [&](double y) { return kTop + (y_ticks.high - y) / (y_ticks.high - y_ticks.low) * plot_height; };

  std::ostringstream svg;
  svg << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\"" << kHeight
      << "\" viewBox=\"0 0 " << kWidth << " " << kHeight << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (!spec.title.empty()) {
    svg << "<text class=\"title\" x=\"" << number(kLeft + plot_width / 2) << "\" y=\"28\" text-anchor=\"middle\" "
        << "font-size=\"16\">" << escape_xml(spec.title) << "</text>\n";
  }

  // Grid and tick labels.
  svg << "<g class=\"grid\" stroke=\"#e0e0e0\" stroke-width=\"1\">\n";
  for (double x : x_ticks.values) {
    svg << "<line x1=\"" << number(px(x)) << "\" y1=\"" << number(kTop) << "\" x2=\"" << number(px(x))
        << "\" y2=\"" << number(kTop + plot_height) << "\"/>\n";
  }
  for (double y : y_ticks.values) {
    svg << "<line x1=\"" << number(kLeft) << "\" y1=\"" << number(py(y)) << "\" x2=\"" << number(kLeft + plot_width)
        << "\" y2=\"" << number(py(y)) << "\"/>\n";
  }
  svg << "</g>\n<g class=\"ticks\" fill=\"#333\">\n";
  for (double x : x_ticks.values) {
    svg << "<text x=\"" << number(px(x)) << "\" y=\"" << number(kTop + plot_height + 18)
        << "\" text-anchor=\"middle\">" << format_tick(x, x_ticks.decimals) << "</text>\n";
  }
  for (double y : y_ticks.values) {
    svg << "<text x=\"" << number(kLeft - 8) << "\" y=\"" << number(py(y) + 4) << "\" text-anchor=\"end\">"
        << format_tick(y, y_ticks.decimals) << "</text>\n";
  }
  svg << "</g>\n";
  svg << "<rect class=\"frame\" x=\"" << number(kLeft) << "\" y=\"" << number(kTop) << "\" width=\""
      << number(plot_width) << "\" height=\"" << number(plot_height) << "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg << "<text class=\"x-label\" x=\"" << number(kLeft + plot_width / 2) << "\" y=\"" << number(kHeight - 18)
      << "\" text-anchor=\"middle\">" << escape_xml(spec.x_label) << "</text>\n";
  const double y_label_x = 22, y_label_y = kTop + plot_height / 2;
  svg << "<text class=\"y-label\" x=\"" << number(y_label_x) << "\" y=\"" << number(y_label_y)
      << "\" text-anchor=\"middle\" transform=\"rotate(-90 " << number(y_label_x) << " " << number(y_label_y)
      << ")\">" << escape_xml(spec.y_label) << "</text>\n";

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
    svg << "<polygon class=\"band\" points=\"" << upper << lower << "\" fill=\"" << kPalette[s % kPaletteSize]
        << "\" fill-opacity=\"0.2\" stroke=\"none\"/>\n";
  }
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const char* colour = kPalette[s % kPaletteSize];
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

  // Legend, to the right of the plot area.
  svg << "<g class=\"legend\">\n";
  for (size_t s = 0; s < spec.series.size(); ++s) {
    const Series& series = spec.series[s];
    const char* colour = kPalette[s % kPaletteSize];
    const double x = kLeft + plot_width + 16, y = kTop + 10 + 20.0 * static_cast<double>(s);
    if (series.points_only) {
      svg << "<circle cx=\"" << number(x + 10) << "\" cy=\"" << number(y) << "\" r=\"4\" fill=\"" << colour << "\"/>\n";
    } else {
      svg << "<line x1=\"" << number(x) << "\" y1=\"" << number(y) << "\" x2=\"" << number(x + 20) << "\" y2=\""
          << number(y) << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>\n";
    }
    svg << "<text x=\"" << number(x + 28) << "\" y=\"" << number(y + 4) << "\">" << escape_xml(series.label)
        << "</text>\n";
  }
  svg << "</g>\n</svg>\n";
  return svg.str();
}

}  // namespace naskernel
