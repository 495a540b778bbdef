#include <doctest/doctest.h>

#include <cmath>

#include "cchc/composite/steps.hpp"
#include "composite_support.hpp"

using namespace cchc::composite;
using composite_test::make_data;

namespace {
const std::optional<double> NA = std::nullopt;
}

TEST_CASE("imputation: mean, median and group mean leave available values alone") {
  const Dataset data = make_data({"U1", "U2", "U3", "U4"}, {"x", "empty"},
                                 {{1.0, NA}, {2.0, NA}, {NA, NA}, {9.0, NA}});
  const Dataset mean = impute(data, ImputeMethod::mean);
  CHECK(*mean.value(2, 0) == doctest::Approx(4.0));
  CHECK(*mean.value(3, 0) == 9.0);
  CHECK_FALSE(mean.available.col(1).any());  // nothing to impute from: stays missing
  CHECK(*impute(data, ImputeMethod::median).value(2, 0) == doctest::Approx(2.0));
  const std::vector<std::string> groups{"a", "a", "a", "b"};
  CHECK(*impute(data, ImputeMethod::group_mean, groups).value(2, 0) == doctest::Approx(1.5));
  const std::vector<std::string> alone{"a", "a", "c", "b"};  // group c has no value: column mean
  CHECK(*impute(data, ImputeMethod::group_mean, alone).value(2, 0) == doctest::Approx(4.0));
  const std::vector<std::string> wrong_size{"a"};
  CHECK_THROWS_AS((void)impute(data, ImputeMethod::group_mean, wrong_size), cchc::Error);
}

TEST_CASE("EM imputation recovers a linear relation") {
  const Dataset data = make_data({"1", "2", "3", "4", "5"}, {"x", "y"},
                                 {{1.0, 2.1}, {2.0, 3.9}, {3.0, 6.0}, {4.0, 8.1}, {5.0, NA}});
  const Dataset out = impute(data, ImputeMethod::em);
  // The regression of y on x over the complete rows predicts ≈ 10.0 at x = 5; EM agrees.
  CHECK(*out.value(4, 1) == doctest::Approx(10.0).epsilon(0.02));
  CHECK(*out.value(0, 1) == 2.1);
}

TEST_CASE("skew and kurtosis: population moments and COINr's sample-adjusted (type 2) ones") {
  const std::vector<double> three{0.0, 0.0, 3.0};
  CHECK(*skewness(three) == doctest::Approx(2.0 / std::pow(2.0, 1.5)));
  CHECK(*excess_kurtosis(three) == doctest::Approx(-1.5));
  // G1 = g1·√(n(n−1))/(n−2); the sample kurtosis needs 4 values.
  CHECK(*skewness(three, Moments::sample) == doctest::Approx(std::sqrt(3.0)));
  CHECK_FALSE(excess_kurtosis(three, Moments::sample).has_value());
  // {0, 0, 0, 4}: g1 = 2/√3, g2 = −2/3, so G1 = 2 and G2 = ((5·(−2/3) + 6)·3)/(2·1) = 4.
  const std::vector<double> four{0.0, 0.0, 0.0, 4.0};
  CHECK(*skewness(four, Moments::sample) == doctest::Approx(2.0));
  CHECK(*excess_kurtosis(four, Moments::sample) == doctest::Approx(4.0));
  CHECK(*excess_kurtosis(four) == doctest::Approx(-2.0 / 3.0));
  const std::vector<double> constant{5.0, 5.0, 5.0, 5.0};
  CHECK_FALSE(skewness(constant).has_value());
  CHECK_FALSE(excess_kurtosis(constant, Moments::sample).has_value());
}

namespace {

// 1 … base followed by the outliers: a column whose skew and kurtosis pass only once every
// outlier is clipped (checked under both kinds of moments when the values were chosen).
Dataset outlier_column(int base, const std::vector<double>& outliers) {
  std::vector<std::string> units;
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 1; i <= base; ++i) {
    units.push_back(std::string("U").append(std::to_string(i)));
    rows.push_back({static_cast<double>(i)});
  }
  for (std::size_t k = 0; k < outliers.size(); ++k) {
    units.push_back(std::string("X").append(std::to_string(k + 1)));
    rows.push_back({outliers[k]});
  }
  return make_data(units, {"x"}, rows);
}

void check_clipped(const Dataset& data, const std::vector<double>& outliers, int base) {
  for (const TreatOptions& options : {TreatOptions{}, TreatOptions::coinr()}) {
    CAPTURE(static_cast<int>(options.moments));
    const Treated treated = treat_outliers(data, options);
    const ColumnTreatment& report = treated.report[0];
    CHECK_FALSE(report.log_transformed);
    CHECK(report.passes);
    CHECK(report.winsorised_count == outliers.size());
    CHECK(report.winsorised_high.size() == outliers.size());
    // Every outlier now holds the largest regular value; the regular values are unchanged.
    for (std::size_t k = 0; k < outliers.size(); ++k)
      CHECK(*treated.data.value(static_cast<std::size_t>(base) + k, 0) ==
            static_cast<double>(base));
    for (int i = 0; i < base; ++i)
      CHECK(*treated.data.value(static_cast<std::size_t>(i), 0) == static_cast<double>(i + 1));
    // One clip fewer is not enough: the log fallback runs on the original column.
    TreatOptions fewer = options;
    fewer.max_winsorised = outliers.size() - 1;
    const Treated logged = treat_outliers(data, fewer);
    CHECK(logged.report[0].log_transformed);
    CHECK(logged.report[0].winsorised_high.empty());
  }
}

}  // namespace

TEST_CASE("winsorisation clips exactly 2, 3 and 5 points when the column needs them") {
  const std::vector<double> two{55.0, 65.0}, three{95.0, 96.0, 97.0},
      five{180.0, 181.0, 182.0, 183.0, 184.0};
  check_clipped(outlier_column(20, two), two, 20);
  check_clipped(outlier_column(25, three), three, 25);
  check_clipped(outlier_column(40, five), five, 40);
  // max_winsorised from 1 to 7 does not give one result (it did when every step after the
  // first changed nothing).
  TreatOptions options;
  options.max_winsorised = 1;
  const Dataset data = outlier_column(40, five);
  const double one = *treat_outliers(data, options).data.value(40, 0);
  options.max_winsorised = 7;
  CHECK(*treat_outliers(data, options).data.value(40, 0) != one);
}

TEST_CASE("tied extremes are clipped together; COINr's count may pass winmax, ours may not") {
  const std::vector<double> tied{60.0, 60.0};
  const Dataset data = outlier_column(20, tied);
  TreatOptions ours;
  ours.max_winsorised = 1;
  const Treated logged = treat_outliers(data, ours);
  CHECK(logged.report[0].log_transformed);  // two tied points would exceed the limit of 1
  TreatOptions coinr = TreatOptions::coinr();
  coinr.max_winsorised = 1;
  const Treated clipped = treat_outliers(data, coinr);
  CHECK_FALSE(clipped.report[0].log_transformed);
  CHECK(clipped.report[0].winsorised_count == 2u);  // COINr's nwin: both tied points
  CHECK(clipped.report[0].winsorised_high == std::vector<std::string>{"X1", "X2"});
  CHECK(*clipped.data.value(20, 0) == 20.0);
  CHECK(*clipped.data.value(21, 0) == 20.0);
}

TEST_CASE("log fallback: reflected by default, COINr's log_CT without reflection") {
  // A negatively skewed column that winsorisation cannot fix within 0 points.
  std::vector<std::string> units;
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 1; i <= 20; ++i) {
    units.push_back(std::string("U").append(std::to_string(i)));
    rows.push_back({100.0 + i});
  }
  units.emplace_back("LOW");
  rows.push_back({0.0});
  const Dataset data = make_data(units, {"x"}, rows);
  TreatOptions ours;
  ours.max_winsorised = 0;
  const Treated reflected = treat_outliers(data, ours);
  REQUIRE(reflected.report[0].log_transformed);
  CHECK(*reflected.data.value(20, 0) == doctest::Approx(-std::log(120.0 - 0.0 + 1.0)));
  CHECK(*reflected.data.value(19, 0) == doctest::Approx(-std::log(1.0)));
  TreatOptions coinr = TreatOptions::coinr();
  coinr.max_winsorised = 0;
  const Treated log_ct = treat_outliers(data, coinr);
  REQUIRE(log_ct.report[0].log_transformed);
  CHECK(*log_ct.data.value(20, 0) == doctest::Approx(std::log(0.0 - 0.0 + 1.2)));
  CHECK(*log_ct.data.value(19, 0) == doctest::Approx(std::log(120.0 + 1.2)));
}

TEST_CASE("outlier treatment: winsorisation until the limits hold, log fallback, report") {
  std::vector<std::string> units;
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 1; i <= 19; ++i) {
    units.push_back(std::string("U").append(std::to_string(i)));
    rows.push_back({static_cast<double>(i), 1.0});
  }
  units.push_back("U20");
  rows.push_back({100.0, 1000.0});
  units.push_back("U21");
  rows.push_back({NA, 1000.0});
  const Dataset data = make_data(units, {"one_outlier", "two_equal_outliers"}, rows);
  TreatOptions options;
  options.max_winsorised = 1;
  const Treated treated = treat_outliers(data, options);
  const ColumnTreatment& first = treated.report[0];
  CHECK(first.winsorised_high == std::vector<std::string>{"U20"});
  CHECK_FALSE(first.log_transformed);
  CHECK(*treated.data.value(19, 0) == 19.0);
  CHECK_FALSE(treated.data.value(20, 0).has_value());
  CHECK(*first.skew_before > 2.0);
  CHECK(std::abs(*first.skew_after) <= 2.0);
  // Two equal outliers need two points at once, more than the limit of 1: logged.
  const ColumnTreatment& second = treated.report[1];
  CHECK(second.log_transformed);
  CHECK(second.winsorised_high.empty());
  CHECK(*treated.data.value(0, 1) == doctest::Approx(std::log(1.0)));
  CHECK(*treated.data.value(19, 1) == doctest::Approx(std::log(1000.0)));
  // A well-behaved column is untouched.
  const Treated calm = treat_outliers(make_data({"a", "b", "c"}, {"x"}, {{1.0}, {2.0}, {3.0}}));
  CHECK_FALSE(calm.report[0].treated());
  // A constant column and a column of 2 values cannot be tested: left alone, with a note.
  const Treated odd = treat_outliers(
      make_data({"a", "b", "c", "d"}, {"same", "short"}, {{4.0, 1.0}, {4.0, 2.0}, {4.0, NA}, {4.0, NA}}));
  CHECK(odd.report[0].note.find("constant") != std::string::npos);
  CHECK(odd.report[1].note.find("only 2 values") != std::string::npos);
  CHECK_FALSE(odd.report[0].treated());
}
