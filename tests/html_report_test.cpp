// The HTML report in a real browser: Debian's headless chromium loads it from a file with no
// network, logs no error, builds the expected SVG plots, and its screenshot shows them drawn (the
// plot colours are on screen, not a blank page). Also: the page is self-contained, the Markdown
// summary carries the headline figures, and the plots say what the report says.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli_helpers.h"
#include "tools/report/svg_plot.h"

namespace {

using namespace spinaps::test;
const char* const kChromium = "/usr/bin/chromium";

struct Image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgb;  ///< 3 bytes per pixel, rows top to bottom
};

std::uint32_t big_endian(const std::string& bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at])) << 24U) |
         (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 1])) << 16U) |
         (static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 2])) << 8U) |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[at + 3]));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a);
  const int pb = std::abs(p - b);
  const int pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c);
}

/// Decodes an 8-bit RGB or RGBA non-interlaced PNG (what chromium's --screenshot writes).
Image decode_png(const std::string& file) {
  Image image;
  if (file.size() < 8 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw std::runtime_error("not a PNG");
  std::string compressed;
  std::uint32_t channels = 0;
  for (std::size_t at = 8; at + 8 <= file.size();) {
    const std::uint32_t length = big_endian(file, at);
    const std::string type = file.substr(at + 4, 4);
    if (type == "IHDR") {
      image.width = big_endian(file, at + 8);
      image.height = big_endian(file, at + 12);
      const int depth = static_cast<std::uint8_t>(file[at + 16]);
      const int colour = static_cast<std::uint8_t>(file[at + 17]);
      const int interlace = static_cast<std::uint8_t>(file[at + 20]);
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0) throw std::runtime_error("unsupported PNG");
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      compressed += file.substr(at + 8, length);
    }
    at += 12 + length;
  }
  const std::size_t stride = static_cast<std::size_t>(image.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * image.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(compressed.data()), compressed.size()) != Z_OK ||
      raw_size != raw.size()) {
    throw std::runtime_error("corrupt PNG data");
  }
  std::vector<std::uint8_t> pixels(stride * image.height);
  for (std::size_t y = 0; y < image.height; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* out = &pixels[y * stride];
    const std::uint8_t* up = y > 0 ? &pixels[(y - 1) * stride] : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= channels ? out[x - channels] : 0;
      const int b = up != nullptr ? up[x] : 0;
      const int c = up != nullptr && x >= channels ? up[x - channels] : 0;
      const int predictors[] = {0, a, b, (a + b) / 2, paeth(a, b, c)};
      if (filter > 4) throw std::runtime_error("bad PNG filter");
      out[x] = static_cast<std::uint8_t>(in[x] + predictors[filter]);
    }
  }
  image.rgb.reserve(static_cast<std::size_t>(image.width) * image.height * 3);
  for (std::size_t n = 0; n < pixels.size(); n += channels) {
    image.rgb.insert(image.rgb.end(), {pixels[n], pixels[n + 1], pixels[n + 2]});
  }
  return image;
}

std::size_t count_pixels(const Image& image, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  std::size_t count = 0;
  for (std::size_t n = 0; n + 2 < image.rgb.size(); n += 3) {
    count +=
        std::abs(image.rgb[n] - r) <= 6 && std::abs(image.rgb[n + 1] - g) <= 6 && std::abs(image.rgb[n + 2] - b) <= 6;
  }
  return count;
}

std::string chromium(const std::string& arguments) {
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
         "--disable-component-update --disable-sync --enable-logging=stderr --v=0 " +
         arguments;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

class HtmlReport : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        fresh_directory("html_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    html_ = directory_ / "report.html";
    const Outcome run =
        run_command(kCli + " run configs/spinaps.json --samples 120 -q --html " + html_.string() + " --markdown " +
                    (directory_ / "summary.md").string() + " --out " + (directory_ / "report.json").string());
    ASSERT_EQ(run.exit_code, 0) << run.output;
  }
  fs::path directory_;
  fs::path html_;
};

TEST_F(HtmlReport, IsSelfContained) {
  const std::string html = read_text(html_);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0U);
  for (const char* external : {"<script", "src=", "href=", "url(", "@import", "<link", "<iframe"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << "the page must not load anything: found " << external;
  }
  // The only URL is the SVG namespace name, which browsers never fetch.
  EXPECT_EQ(occurrences(html, "http"), occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST_F(HtmlReport, PlotsShowWhatTheReportSays) {
  const std::string html = read_text(html_);
  const auto report = nlohmann::json::parse(read_text(directory_ / "report.json"));
  EXPECT_EQ(occurrences(html, "<svg "), 5U);  // energy, area, latency, decision step, accuracy against T
  // One bar per energy category, with its share of the total in the tooltip.
  for (const auto& [category, value] : report["energy"]["by_category_pj"].items()) {
    EXPECT_NE(html.find("<title>" + category + ": "), std::string::npos) << category;
  }
  // One bar per non-empty decision step; the histogram counts add up to the inferences.
  std::size_t non_empty = 0;
  std::uint64_t total = 0;
  for (const auto& count : report["spinaps"]["distributions"]["decision_step"]["counts"]) {
    non_empty += count.get<std::uint64_t>() > 0 ? 1 : 0;
    total += count.get<std::uint64_t>();
  }
  EXPECT_EQ(total, 120U);
  const std::string decision_svg = html.substr(html.find("Time step of the decision"));
  EXPECT_EQ(occurrences(decision_svg.substr(0, decision_svg.find("</svg>")), "<rect "), non_empty);
  EXPECT_NE(html.find("training record"), std::string::npos);
  EXPECT_NE(html.find("This chip is a single core"), std::string::npos);
  EXPECT_NE(html.find(report["tool"]["git_commit"].get<std::string>()), std::string::npos);
}

TEST_F(HtmlReport, LoadsInHeadlessChromiumWithoutErrorsAndItsPlotsRender) {
  ASSERT_TRUE(fs::exists(kChromium)) << "Debian's chromium is needed for this test: run tools/setup.sh";
  const fs::path profile = directory_ / "profile";
  const fs::path screenshot = directory_ / "screenshot.png";
  const Outcome shot =
      run_command(chromium("--user-data-dir=" + profile.string() + " --screenshot=" + screenshot.string() +
                           " --window-size=1200,2400 file://" + html_.string()));
  ASSERT_EQ(shot.exit_code, 0) << shot.output;
  // Page errors (a failed load, a blocked resource, a script error) appear as console lines.
  for (const char* error : {"CONSOLE", "Failed to load", "Uncaught", "net::ERR"}) {
    EXPECT_EQ(shot.output.find(error), std::string::npos) << error << " in:\n" << shot.output;
  }
  const Image image = decode_png(read_text(screenshot));
  ASSERT_EQ(image.width, 1200U);
  ASSERT_EQ(image.height, 2400U);
  std::size_t not_white = 0;
  for (const std::uint8_t channel : image.rgb) not_white += channel < 240 ? 1 : 0;
  EXPECT_GT(not_white, image.rgb.size() / 50) << "the screenshot is (nearly) blank";
  // The plots' first colour (energy bar 1, histogram bars, accuracy line) covers a real area: the
  // SVG was laid out and painted, not just parsed.
  EXPECT_GT(count_pixels(image, 0x00, 0x72, 0xB2), 20000U);
  EXPECT_GT(count_pixels(image, 0xE6, 0x9F, 0x00), 500U);  // second energy and area bars

  const Outcome dom = run_command(
      chromium("--user-data-dir=" + profile.string() + " --dump-dom file://" + html_.string()) + " 2>/dev/null");
  ASSERT_EQ(dom.exit_code, 0);
  EXPECT_EQ(occurrences(dom.output, "<svg "), 5U) << dom.output.substr(0, 2000);
  EXPECT_NE(dom.output.find("Headline figures"), std::string::npos);
}

TEST_F(HtmlReport, MarkdownSummaryHasTheHeadlineFiguresAndBreakdowns) {
  const std::string markdown = read_text(directory_ / "summary.md");
  const auto report = nlohmann::json::parse(read_text(directory_ / "report.json"));
  EXPECT_EQ(markdown.rfind("### spinaps: spinaps-28nm-mnist", 0), 0U) << markdown;
  const std::string accuracy =
      spinaps::report::svg::format_number("%.2f %%", 100.0 * report["metrics"]["accuracy"].get<double>());
  EXPECT_NE(markdown.find("| accuracy | " + accuracy + " |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| GSOPS/W/mm2 |"), std::string::npos);
  EXPECT_NE(markdown.find("| leakage |"), std::string::npos);
  EXPECT_NE(markdown.find("| sense_amps |"), std::string::npos);
}

/// The page as headless chromium builds it (the DOM after parsing), or a test failure.
std::string dom_in_chromium(const fs::path& html, const fs::path& profile) {
  EXPECT_TRUE(fs::exists(kChromium)) << "Debian's chromium is needed for this test: run tools/setup.sh";
  const Outcome dom = run_command(
      chromium("--user-data-dir=" + profile.string() + " --dump-dom file://" + html.string()) + " 2>/dev/null");
  EXPECT_EQ(dom.exit_code, 0);
  return dom.output;
}

TEST(HtmlReportMultiCore, TheNocSectionNamesTheMeshItsPacketsAndEveryLinkAndLoadsInChromium) {
  const fs::path directory = fresh_directory("html_multicore");
  const fs::path html = directory / "report.html";
  const Outcome run = run_command(kCli + " run configs/spinaps_k4b8_5x5.json --samples 10 -q --html " + html.string() +
                                  " --out " + (directory / "report.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string page = read_text(html);
  const auto report = nlohmann::json::parse(read_text(directory / "report.json"));
  const auto& noc = report["spinaps"]["chip"]["noc"];
  EXPECT_EQ(page.find("single core"), std::string::npos);
  EXPECT_NE(page.find("Link utilisation on the 5x5 mesh"), std::string::npos);
  EXPECT_NE(page.find(">" + spinaps::report::svg::format_number("%.0f", noc["packets_injected"].get<double>()) + " / "),
            std::string::npos);
  EXPECT_NE(page.find(spinaps::report::svg::escape(noc["busiest_link"]["name"].get<std::string>()) + ": "),
            std::string::npos);
  // Every directed link of the mesh is drawn once, and every node.
  const std::string mesh = page.substr(page.find("Link utilisation on the 5x5 mesh"));
  const std::string mesh_svg = mesh.substr(0, mesh.find("</svg>"));
  EXPECT_EQ(occurrences(mesh_svg, "<line "), noc["links"].size());
  EXPECT_EQ(noc["links"].size(), 80U);  // 2 x (4 x 5 + 5 x 4) directed links on a 5x5 mesh
  EXPECT_EQ(occurrences(mesh_svg, "<rect "), 25U);

  const std::string dom = dom_in_chromium(html, directory / "profile");
  EXPECT_EQ(occurrences(dom, "<svg "), 6U) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("Link utilisation on the 5x5 mesh"), std::string::npos);
}

TEST(HtmlReportCnn, ThePageShowsLayersFidelityGroundTruthQueueAndNocAndLoadsInChromium) {
  const fs::path directory = fresh_directory("html_cnn");
  const fs::path html = directory / "report.html";
  const fs::path markdown = directory / "summary.md";
  const Outcome run =
      run_command(kCli + " map ptychonn-original --frames 2 --no-floors -q --html " + html.string() + " --markdown " +
                  markdown.string() + " --out " + (directory / "report.json").string());
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string page = read_text(html);
  const auto report = nlohmann::json::parse(read_text(directory / "report.json"));
  const auto& cnn = report["memristive_cnn"];
  EXPECT_NE(page.find("(memristive CNN)"), std::string::npos);
  // Every layer has its row, and the per-layer cycles chart one bar each.
  for (const auto& layer : cnn["layers"]) {
    EXPECT_NE(page.find("<tr><td>" + layer["name"].get<std::string>() + "</td>"), std::string::npos) << layer["name"];
  }
  const std::string cycles = page.substr(page.find("Cycles per frame by layer"));
  EXPECT_EQ(occurrences(cycles.substr(0, cycles.find("</svg>")), "<rect "), cnn["layers"].size());
  // Fidelity against the float reference and the ground-truth phase, with the figures of the report.
  EXPECT_NE(page.find(spinaps::report::svg::format_number("%.4f", report["metrics"]["fidelity"]["ssim"].get<double>())),
            std::string::npos);
  EXPECT_NE(page.find("ground-truth phase"), std::string::npos);
  EXPECT_NE(page.find("<th>float</th>"), std::string::npos);
  EXPECT_NE(page.find("Input queue depth at each frame"), std::string::npos);
  const int columns = report["config"]["effective"]["noc"]["mesh_cols"].get<int>();
  const int rows = cnn["noc"]["statistics"]["nodes"].get<int>() / columns;
  const std::string mesh = std::to_string(rows) + "x" + std::to_string(columns);
  EXPECT_NE(page.find("Link utilisation on the " + mesh + " mesh"), std::string::npos) << mesh;
  // The first frame's phase: float, tiles and ground truth side by side, one rect per block mean.
  const auto& images = cnn["phase_images"];
  const std::string phase = page.substr(page.find("Phase of the first frame"));
  EXPECT_EQ(occurrences(phase.substr(0, phase.find("</svg>")), "<rect "),
            3 * images["rows"].get<std::size_t>() * images["cols"].get<std::size_t>());
  EXPECT_NE(phase.find(">ground truth</text>"), std::string::npos);
  EXPECT_EQ(occurrences(page, "<svg "), 6U);  // phase images, energy, area, layer cycles, queue depth, NoC links
  const std::string summary = read_text(markdown);
  EXPECT_NE(summary.find("(memristive CNN)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("| frames/s | " +
                         spinaps::report::svg::format_number("%.1f", report["metrics"]["frames_per_s"].get<double>())),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("| adc |"), std::string::npos) << summary;

  const std::string dom = dom_in_chromium(html, directory / "profile");
  EXPECT_EQ(occurrences(dom, "<svg "), 6U) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("Headline figures"), std::string::npos);
}

TEST(HtmlOutputs, AFailedRunWritesNoneOfItsOutputs) {
  const fs::path directory = fresh_directory("html_failed");
  const Outcome outcome =
      run_command(kCli + " run configs/spinaps.json -p neuron.mac_lanes=0 --html " + (directory / "r.html").string() +
                  " --markdown " + (directory / "r.md").string() + " --trace " + (directory / "t.json").string());
  EXPECT_EQ(outcome.exit_code, 2) << outcome.output;
  EXPECT_TRUE(fs::is_empty(directory));
}

TEST(SvgPlot, EscapesTextAndDrawsOneBarPerValue) {
  using namespace spinaps::report::svg;
  EXPECT_EQ(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  const std::string chart = bar_chart("E <pJ>", {{"x", 3.0}, {"y", 1.0}}, "%.1f", "pJ");
  EXPECT_EQ(occurrences(chart, "<rect "), 2U);
  EXPECT_NE(chart.find("E &lt;pJ&gt;"), std::string::npos);
  EXPECT_NE(chart.find("75.0 %"), std::string::npos);
  const std::string histogram = histogram_chart("h", {0.0, 10.0, {1, 0, 4}}, "cycles", 1.0, false);
  EXPECT_EQ(occurrences(histogram, "<rect "), 2U);  // empty bins draw nothing
  EXPECT_NE(histogram.find("[20, 30): 4"), std::string::npos);
  EXPECT_EQ(histogram, histogram_chart("h", {0.0, 10.0, {1, 0, 4}}, "cycles", 1.0, false));  // deterministic
}

}  // namespace

namespace {

/// The x tick labels of a line chart (text centred under the axis).
std::vector<std::string> x_tick_labels(const std::string& chart) {
  std::vector<std::string> labels;
  const std::regex tick("text-anchor=\"middle\">([^<]+)</text>");
  for (auto it = std::sregex_iterator(chart.begin(), chart.end(), tick); it != std::sregex_iterator(); ++it) {
    labels.push_back((*it)[1]);
  }
  return labels;
}

TEST(SvgPlot, LineChartsHaveXTicksAtAnyScaleAndALogAxisWhenTheValuesSpanDecades) {
  using namespace spinaps::report::svg;
  // Fractions below 1 (e.g. an ADC full-scale fraction) get their own ticks.
  const std::string fractions =
      line_chart("f", {{0.125, 10.0}, {0.25, 12.0}, {0.5, 13.0}, {1.0, 13.5}}, "s", {}, "", "fraction", "dB");
  const auto fraction_ticks = x_tick_labels(fractions);
  for (const char* label : {"0.2", "0.4", "0.6", "0.8", "1"}) {
    EXPECT_NE(std::find(fraction_ticks.begin(), fraction_ticks.end(), label), fraction_ticks.end()) << label;
  }
  EXPECT_EQ(fractions.find("log scale"), std::string::npos);
  // Rates from 1e-4 to 0.1 are drawn on a log axis with decade ticks.
  const std::string rates =
      line_chart("r", {{1e-4, 20.0}, {1e-3, 19.0}, {1e-2, 15.0}, {1e-1, 8.0}}, "s", {}, "", "stuck-at-Gmin rate", "dB");
  const auto rate_ticks = x_tick_labels(rates);
  for (const char* label : {"0.0001", "0.001", "0.01", "0.1"}) {
    EXPECT_NE(std::find(rate_ticks.begin(), rate_ticks.end(), label), rate_ticks.end()) << label;
  }
  EXPECT_NE(rates.find("stuck-at-Gmin rate (log scale)"), std::string::npos);
  // Integer parameters keep integer ticks.
  const auto integer_ticks = x_tick_labels(line_chart("t", {{1, 1.0}, {16, 2.0}}, "s", {}, "", "T", "%"));
  for (const auto& label : integer_ticks) {
    if (label == "T") continue;
    EXPECT_EQ(label.find('.'), std::string::npos) << label;
  }
}

}  // namespace
