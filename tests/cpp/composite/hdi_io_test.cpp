#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>

#include "cchc/composite/pipeline.hpp"
#include "cchc/composite/steps.hpp"
#include "cchc/io/composite_file.hpp"
#include "composite_support.hpp"

using namespace cchc::composite;
using composite_test::make_data;

namespace {

const std::optional<double> NA = std::nullopt;

NormaliseSpec unit_goalposts() {
  NormaliseSpec spec;
  spec.method = NormaliseMethod::goalposts;
  spec.upper = 1.0;
  return spec;
}

std::filesystem::path asem_dir() {
  return std::filesystem::path(CCHC_SOURCE_DIR) / "examples" / "data" / "composite";
}

}  // namespace

TEST_CASE("HDI framework reproduces hand-computed values") {
  const IndexStructure hdi = cchc::io::shipped_index("hdi");
  CHECK(hdi.name() == "Human Development Index");
  const Dataset raw = make_data({"A", "B"}, {"LE", "EYS", "MYS", "GNIpc"},
                                {{70.0, 12.0, 9.0, 10000.0}, {85.0, 20.0, 15.0, 75000.0}});
  const Dataset scores = aggregate(normalise(raw, hdi, unit_goalposts()), hdi);
  const double health = (70.0 - 20.0) / 65.0;
  const double education = (12.0 / 18.0 + 9.0 / 15.0) / 2.0;
  const double income =
      (std::log(10000.0) - std::log(100.0)) / (std::log(75000.0) - std::log(100.0));
  CHECK(*scores.value(0, scores.column_index("Health")) == doctest::Approx(health));
  CHECK(*scores.value(0, scores.column_index("Education")) == doctest::Approx(education));
  CHECK(*scores.value(0, scores.column_index("Income")) == doctest::Approx(income));
  CHECK(*scores.value(0, scores.column_index("HDI")) ==
        doctest::Approx(std::cbrt(health * education * income)));
  CHECK(*scores.value(0, scores.column_index("HDI")) == doctest::Approx(0.6972).epsilon(1e-4));
  // Expected schooling above 18 is capped: B reaches 1 on every dimension.
  CHECK(*scores.value(1, scores.column_index("HDI")) == doctest::Approx(1.0));
  // The HDI needs all three dimensions (max_missing_share = 0).
  const Dataset partial = make_data({"C"}, {"LE", "EYS", "MYS", "GNIpc"}, {{70.0, 12.0, 9.0, NA}});
  CHECK_FALSE(aggregate(normalise(partial, hdi, unit_goalposts()), hdi).value(0, 0).has_value());
}

TEST_CASE("index TOML errors name the line and field") {
  const std::string bad =
      "[[node]]\ncode = \"I\"\n\n[[node]]\ncode = \"x\"\nparent = \"I\"\ndirection = 2\n";
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_index_toml(bad, "bad.toml"),
                       doctest::Contains("bad.toml:7"), cchc::ParseError);
  const std::string unknown_method = "[[node]]\ncode = \"I\"\naggregation = \"median\"\n";
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_index_toml(unknown_method, "m.toml"),
                       doctest::Contains("unknown aggregation 'median'"), cchc::ParseError);
}

TEST_CASE("COINr iData/iMeta: the ASEM example loads, errors name unit, indicator and row") {
  const auto input =
      cchc::io::read_coinr_csv(asem_dir() / "asem_iData.csv", asem_dir() / "asem_iMeta.csv");
  CHECK(input.data.indicators.unit_count() == 51);
  CHECK(input.data.indicators.column_count() == 49);
  CHECK(input.index.tree().roots().size() == 1);
  CHECK(input.index.level(input.index.tree().index_of("Index")) == 4);
  CHECK(input.data.group("EurAsia_group").labels[0] == "Europe");
  CHECK(input.data.denominators.find_column("Population").has_value());
  CHECK(input.index.settings(input.index.tree().index_of("Flights")).denominator == "Population");
  CHECK(input.data.indicators.available_count() < 51u * 49u);  // the example has missing values
  const std::string meta =
      "Level,iCode,Direction,Weight,Parent,Type\n1,x,1,1,I,Indicator\n2,I,1,1,NA,Aggregate\n";
  const auto index = cchc::io::parse_imeta(meta, "m.csv");
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_idata("uCode,x\nA,1\nB,abc\n", index, meta, "d.csv"),
                       doctest::Contains("d.csv:3: field 'x': unit 'B'"), cchc::ParseError);
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_idata("uCode,x\nA,1\nA,2\n", index, meta, "d.csv"),
                       doctest::Contains("unit 'A' appears twice"), cchc::ParseError);
  CHECK_THROWS_WITH_AS((void)cchc::io::parse_idata("uCode,y\nA,1\n", index, meta, "d.csv"),
                       doctest::Contains("column 'y'"), cchc::ParseError);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_imeta(
          "Level,iCode,Direction,Weight,Parent,Type\n1,x,3,1,NA,Indicator\n", "m.csv"),
      doctest::Contains("m.csv:2: field 'Direction'"), cchc::ParseError);
}

TEST_CASE("panel iData: one dataset per Time, a unit once per Time") {
  const std::string meta =
      "Level,iCode,Direction,Weight,Parent,Type\n1,x,1,1,I,Indicator\n2,I,1,1,NA,Aggregate\n";
  const auto index = cchc::io::parse_imeta(meta, "m.csv");
  const auto periods = cchc::io::parse_idata_panel("uCode,Time,x\nA,2021,1\nB,2020,2\nA,2020,NA\n",
                                                   index, meta, "p.csv");
  REQUIRE(periods.size() == 2);
  CHECK(periods[0].first == 2020);
  CHECK(periods[0].second.indicators.units == std::vector<std::string>{"B", "A"});
  CHECK_FALSE(periods[0].second.indicators.value(1, 0).has_value());
  CHECK(periods[1].second.indicators.units == std::vector<std::string>{"A"});
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_idata_panel("uCode,Time,x\nA,2021,1\nA,2021,2\n", index, meta, "p.csv"),
      doctest::Contains("p.csv:3: field 'uCode': unit 'A' appears twice in time 2021"),
      cchc::ParseError);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_idata_panel("uCode,Time,x\nA,soon,1\n", index, meta, "p.csv"),
      doctest::Contains("p.csv:2: field 'Time'"), cchc::ParseError);
  CHECK_THROWS_WITH_AS(
      (void)cchc::io::parse_idata("uCode,Time,x\nA,2021,1\nA,2022,2\n", index, meta, "p.csv"),
      doctest::Contains("read it as a panel"), cchc::ParseError);
}

TEST_CASE("full pipeline on the ASEM example: group-mean imputation, treatment, four levels") {
  const auto input =
      cchc::io::read_coinr_csv(asem_dir() / "asem_iData.csv", asem_dir() / "asem_iMeta.csv");
  PipelineSpec spec;
  spec.denominate = true;
  spec.impute = ImputeMethod::group_mean;
  spec.impute_group = "EurAsia_group";
  spec.treat = TreatOptions{};
  const PipelineResult result = run_pipeline(input.data, input.index, spec);
  CHECK(result.prepared.available_count() == 51u * 49u);  // everything imputed
  // Imputation never changes an available value: every untreated indicator without a
  // denominator keeps its raw values.
  std::size_t compared = 0;
  for (const auto& report : result.treatment) {
    const std::size_t node = input.index.tree().index_of(report.column);
    if (report.treated() || !input.index.settings(node).denominator.empty()) continue;
    const std::size_t raw_column = input.data.indicators.column_index(report.column);
    const std::size_t out_column = result.prepared.column_index(report.column);
    for (std::size_t u = 0; u < 51; ++u)
      if (const auto raw = input.data.indicators.value(u, raw_column)) {
        CHECK(*result.prepared.value(u, out_column) == *raw);
        ++compared;
      }
  }
  CHECK(compared > 1000);
  const std::size_t top = result.aggregated.column_index("Index");
  for (std::size_t u = 0; u < 51; ++u) {
    const auto score = result.aggregated.value(u, top);
    REQUIRE(score.has_value());
    CHECK(*score >= 0.0);
    CHECK(*score <= 100.0);
  }
  spec.impute_group.clear();
  CHECK_THROWS_WITH_AS((void)run_pipeline(input.data, input.index, spec),
                       doctest::Contains("impute_group"), cchc::Error);
}
