#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "report/svg_plot.h"

using namespace naskernel;

namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Checks that every element is closed in order (a tiny XML well-formedness
// check: tags, self-closing tags, the <?xml ?> header, and no stray '<' or
// unescaped '&' in text).
bool tags_balanced(const std::string& svg) {
  std::vector<std::string> open;
  for (size_t i = 0; i < svg.size(); ++i) {
    if (svg[i] == '&') {
      const size_t semicolon = svg.find(';', i);
      if (semicolon == std::string::npos || semicolon - i > 6) return false;
      continue;
    }
    if (svg[i] != '<') continue;
    const size_t close = svg.find('>', i);
    if (close == std::string::npos) return false;
    const std::string tag = svg.substr(i + 1, close - i - 1);
    i = close;
    if (tag.empty() || tag[0] == '?') continue;
    if (tag.find('<') != std::string::npos) return false;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return false;
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  return open.empty();
}

}  // namespace

TEST_CASE("render_svg draws axes, labels, legend, lines, bands and points") {
  PlotSpec spec;
  spec.title = "Kendall tau <b> & \"landmarks\"";
  spec.x_label = "epoch";
  spec.y_label = "sparse Kendall tau";
  Series baseline{"SPOS", {0, 50, 100, 150}, {0.2, 0.4, 0.5, 0.55}, {}, {}, false};
  Series landmark{"SPOS + landmarks", {0, 50, 100, 150}, {0.2, 0.5, 0.65, 0.7}, {0.15, 0.45, 0.6, 0.66},
                  {0.25, 0.55, 0.7, 0.74}, false};
  Series scatter{"proposals", {10, 20, 30}, {0.3, 0.35, 0.6}, {}, {}, true};
  spec.series = {baseline, landmark, scatter};
  const std::string svg = render_svg(spec);

  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(tags_balanced(svg));
  CHECK(svg.find("Kendall tau &lt;b&gt; &amp; &quot;landmarks&quot;") != std::string::npos);
  CHECK(svg.find(">epoch</text>") != std::string::npos);
  CHECK(svg.find(">sparse Kendall tau</text>") != std::string::npos);
  CHECK(svg.find(">SPOS</text>") != std::string::npos);
  CHECK(svg.find(">SPOS + landmarks</text>") != std::string::npos);
  CHECK(count(svg, "<path class=\"line\"") == 2);  // one per line series
  CHECK(count(svg, "<polygon class=\"band\"") == 1);
  CHECK(count(svg, "r=\"3\"") == 3);  // scatter points (legend marker has r=4)
  CHECK(svg.find("#0072B2") != std::string::npos);
  CHECK(svg.find("#D55E00") != std::string::npos);
  CHECK(svg.find("#009E73") != std::string::npos);
  // Nice tick labels for x in [0, 150].
  for (const char* tick : {">0</text>", ">50</text>", ">100</text>", ">150</text>"}) {
    CHECK(svg.find(tick) != std::string::npos);
  }
  CHECK(svg.find("nan") == std::string::npos);
}

TEST_CASE("render_svg survives degenerate data without NaN") {
  const std::vector<PlotSpec> specs = {
      {"single point", "x", "y", {{"one", {3}, {7}, {}, {}, false}}},
      {"constant", "x", "y", {{"flat", {0, 1, 2}, {5, 5, 5}, {}, {}, false}}},
      {"same x", "x", "y", {{"vertical", {2, 2}, {1, 3}, {}, {}, true}}},
      {"nothing", "x", "y", {}},
      {"empty series", "x", "y", {{"empty", {}, {}, {}, {}, false}}},
      {"gaps", "x", "y", {{"gap", {0, 1, 2, 3}, {1, NAN, 2, INFINITY}, {0, 0, NAN, 0}, {2, 2, 2, 2}, false}}},
  };
  for (const PlotSpec& spec : specs) {
    CAPTURE(spec.title);
    const std::string svg = render_svg(spec);
    CHECK(tags_balanced(svg));
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("inf") == std::string::npos);
  }
  // A gap lifts the pen: the line restarts with a second "M".
  const std::string gaps = render_svg(specs.back());
  const size_t path = gaps.find("<path class=\"line\" d=\"");
  REQUIRE(path != std::string::npos);
  CHECK(count(gaps.substr(path, gaps.find('"', path + 22) - path), "M") == 2);
}

TEST_CASE("render_svg rejects series of mismatched lengths") {
  PlotSpec spec{"t", "x", "y", {{"bad", {1, 2}, {1}, {}, {}, false}}};
  CHECK_THROWS_AS(render_svg(spec), std::invalid_argument);
  spec.series = {{"bad band", {1, 2}, {1, 2}, {0}, {3}, false}};
  CHECK_THROWS_AS(render_svg(spec), std::invalid_argument);
}

TEST_CASE("escape_xml") {
  CHECK(escape_xml("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(escape_xml("|nor_conv_3x3~0|+|") == "|nor_conv_3x3~0|+|");
}

TEST_CASE("render_svg draws a reference line, honours colour overrides and can drop the legend") {
  PlotSpec spec{"difference", "epoch", "d", {{"B − A", {1, 2, 3}, {2, 4, 8}, {}, {}, false, 2}}};
  spec.y_reference = 0.0;
  const std::string svg = render_svg(spec);
  CHECK(tags_balanced(svg));
  CHECK(count(svg, "<line class=\"reference\"") == 1);
  CHECK(svg.find(">0</text>") != std::string::npos);  // the y axis reaches down to the reference
  CHECK(svg.find("stroke=\"#009E73\"") != std::string::npos);  // palette entry 2, not 0
  CHECK(svg.find("#0072B2") == std::string::npos);
  CHECK(svg.find("<g class=\"legend\">") != std::string::npos);
  CHECK(svg.find("width=\"760\"") != std::string::npos);

  spec.legend = false;
  const std::string bare = render_svg(spec);
  CHECK(tags_balanced(bare));
  CHECK(bare.find("<g class=\"legend\">") == std::string::npos);
  CHECK(bare.find("width=\"420\"") != std::string::npos);  // the compact layout
}

TEST_CASE("render_panels lays plots out in a grid") {
  std::vector<PlotSpec> panels;
  for (int i = 0; i < 4; ++i) {
    PlotSpec panel{"variant " + std::to_string(i) + ": KdT 0.5", "rank by score", "rank by ground truth",
                   {{"v", {1, 2, 3}, {2, 1, 3}, {}, {}, true, i}}};
    panel.legend = false;
    panels.push_back(panel);
  }
  const std::string svg = render_panels(panels, 3, "Ranks & ranks");
  CHECK(tags_balanced(svg));
  CHECK(count(svg, "<g class=\"panel\"") == 4);
  CHECK(count(svg, "<?xml") == 1);
  CHECK(count(svg, "<svg") == 1);
  // 3 compact columns of 420 px, 2 rows of 340 px under a 40 px title.
  CHECK(svg.find("width=\"1260\" height=\"720\"") != std::string::npos);
  CHECK(svg.find("translate(840.00 40.00)") != std::string::npos);  // third panel
  CHECK(svg.find("translate(0.00 380.00)") != std::string::npos);   // fourth panel, second row
  CHECK(svg.find("Ranks &amp; ranks") != std::string::npos);
  for (int i = 0; i < 4; ++i)
    CHECK(svg.find(">variant " + std::to_string(i) + ": KdT 0.5</text>") != std::string::npos);
  CHECK(svg.find("<g class=\"legend\">") == std::string::npos);
  CHECK(count(svg, "r=\"3\"") == 12);
  CHECK(svg.find("#CC79A7") != std::string::npos);  // the fourth panel's colour

  // With legends the cells are full size; one column stacks them.
  PlotSpec with_legend{"curves", "epoch", "S-KdT", {{"a", {1, 2}, {0.1, 0.2}, {}, {}, false}}};
  const std::string stacked = render_panels({with_legend, with_legend}, 1);
  CHECK(stacked.find("width=\"760\" height=\"920\"") != std::string::npos);
  CHECK(count(stacked, "<g class=\"legend\">") == 2);
  CHECK(tags_balanced(render_panels({}, 2)));
  CHECK_THROWS_AS(render_panels(panels, 0), std::invalid_argument);
  PlotSpec bad{"t", "x", "y", {{"bad", {1, 2}, {1}, {}, {}, false}}};
  CHECK_THROWS_AS(render_panels({bad}, 1), std::invalid_argument);
}

TEST_CASE("long legend labels widen the legend column; long titles shrink") {
  const std::string label(60, 'x');  // about 0.6 * 12 * 60 = 432 px
  PlotSpec spec{"short", "x", "y", {{label, {1, 2}, {1, 2}, {}, {}, false}}};
  const std::string svg = render_svg(spec);
  // 80 + 480 plot, then 16 + 28 + 432 + 12 = 488 for the legend.
  CHECK(svg.find("width=\"1048\"") != std::string::npos);
  CHECK(svg.find("font-size=\"16.00\">short</text>") != std::string::npos);

  PlotSpec panel{std::string(100, 't'), "x", "y", {{"a", {1, 2}, {1, 2}, {}, {}, true}}};
  panel.legend = false;
  const std::string small = render_svg(panel);
  // Centred at 64 + 168 = 232 in 420 px: room 2 * 188 - 8 = 368 px for 100
  // characters of 0.6 em: 14 * 368 / 840 = 6.13, held at 9 px.
  CHECK(small.find("font-size=\"9.00\">tttt") != std::string::npos);
  panel.title = std::string(40, 't');  // 14 * 368 / 336 > 14: no shrinking
  CHECK(render_svg(panel).find("font-size=\"14.00\">tttt") != std::string::npos);
  panel.title = std::string(50, 't');  // 14 * 368 / 420 = 12.27
  CHECK(render_svg(panel).find("font-size=\"12.27\">tttt") != std::string::npos);
}
