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

TEST_CASE("skew and kurtosis as COINr computes them") {
  const std::vector<double> values{0.0, 0.0, 3.0};
  CHECK(skewness(values) == doctest::Approx(2.0 / std::pow(2.0, 1.5)));
  CHECK(excess_kurtosis(values) == doctest::Approx(-1.5));
}

TEST_CASE("outlier treatment: winsorisation until the limits hold, log fallback, report") {
  std::vector<std::string> units;
  std::vector<std::vector<std::optional<double>>> rows;
  for (int i = 1; i <= 19; ++i) {
    units.push_back("U" + std::to_string(i));
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
  CHECK(first.skew_before > 2.0);
  CHECK(std::abs(first.skew_after) <= 2.0);
  // Two equal outliers: one winsorisation step changes nothing, so the column is logged.
  const ColumnTreatment& second = treated.report[1];
  CHECK(second.log_transformed);
  CHECK(second.winsorised_high.empty());
  CHECK(*treated.data.value(0, 1) == doctest::Approx(std::log(1.0)));
  CHECK(*treated.data.value(19, 1) == doctest::Approx(std::log(1000.0)));
  // A well-behaved column is untouched.
  const Treated calm = treat_outliers(make_data({"a", "b", "c"}, {"x"}, {{1.0}, {2.0}, {3.0}}));
  CHECK_FALSE(calm.report[0].treated());
}
