// The report's number formats, tables and figure links: the bytes docs/validation.md is made of.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "patella/validation/figure.hpp"
#include "patella/validation/markdown.hpp"

using namespace patella::validation;

TEST_CASE("format_fixed rounds to a fixed count of decimals", "[validation][markdown]") {
  CHECK(format_fixed(3.14159) == "3.14");
  CHECK(format_fixed(3.14159, 0) == "3");
  CHECK(format_fixed(2.5, 0) == "2");        // printf rounds half to even
  CHECK(format_fixed(-0.004) == "-0.00");    // the sign of a tiny negative stays
  CHECK(format_fixed(1e-3, 5) == "0.00100");
}

TEST_CASE("format_plain prints as a default C++ stream does", "[validation][markdown]") {
  CHECK(format_plain(30.0) == "30");
  CHECK(format_plain(1e-6) == "1e-06");
  CHECK(format_plain(0.25) == "0.25");
  CHECK(format_plain(1234567.0) == "1.23457e+06");
}

TEST_CASE("a Markdown table: header, separator, one line per row", "[validation][markdown]") {
  MarkdownTable t{{"coordinate", "RMS (mm)"}, {{"pf_tz", "0.42"}, {"pf_ty", "1.00"}}};
  CHECK(to_markdown(t) == "| coordinate | RMS (mm) |\n|---|---|\n| pf_tz | 0.42 |\n| pf_ty | 1.00 |\n");
  CHECK(to_markdown(MarkdownTable{{"a"}, {}}) == "| a |\n|---|\n");
  t.rows.push_back({"only one cell"});
  CHECK_THROWS_AS(to_markdown(t), std::invalid_argument);
}

TEST_CASE("a figure link names alt text, folder and file", "[validation][markdown]") {
  const Figure f{"dynamic_mri.png", "dynamic MRI", {}};
  CHECK(figure_link(f, "figures") == "![dynamic MRI](figures/dynamic_mri.png)\n\n");
  CHECK(figure_link(f, "../pictures") == "![dynamic MRI](../pictures/dynamic_mri.png)\n\n");
}
