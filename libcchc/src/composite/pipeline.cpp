#include "cchc/composite/pipeline.hpp"

#include <cstdio>
#include <set>

namespace cchc::composite {

namespace {

std::string number_text(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// What the normalisation does to an indicator with a single value (so that the warning says it).
std::string constant_outcome(const NormaliseSpec& spec) {
  switch (spec.method) {
    case NormaliseMethod::min_max:
      return "min-max gives every unit the middle of the range, " +
             number_text((spec.lower + spec.upper) / 2.0);
    case NormaliseMethod::z_score:
      return "the z-score gives every unit the mean, " + number_text(spec.mean);
    case NormaliseMethod::rank:
    case NormaliseMethod::percentile:
      return "every unit gets the middle rank";
    default:
      return "it adds the same amount to every unit's aggregate";
  }
}

// Warns once per column (`warned` holds the columns already named).
void warn_about_columns(const Dataset& data, const NormaliseSpec& normalise,
                        std::string_view stage, std::set<std::string>& warned,
                        std::vector<std::string>& warnings) {
  for (Eigen::Index c = 0; c < data.values.cols(); ++c) {
    const std::string& code = data.columns[static_cast<std::size_t>(c)];
    std::optional<double> first;
    bool constant = true;
    std::size_t count = 0;
    for (Eigen::Index r = 0; r < data.values.rows(); ++r) {
      if (!data.available(r, c)) continue;
      ++count;
      if (!first)
        first = data.values(r, c);
      else if (data.values(r, c) != *first)
        constant = false;
    }
    if (warned.contains(code) || (count > 0 && (!constant || count < 2))) continue;
    warned.insert(code);
    if (count == 0)
      warnings.push_back(std::string(stage) + "indicator '" + code +
                         "' has no value for any unit: it stays missing, and its parent is "
                         "aggregated from its other children");
    else
      warnings.push_back(std::string(stage) + "indicator '" + code + "' has the same value (" + number_text(*first) +
                         ") for all " + std::to_string(count) +
                         " units with data, so it cannot tell them apart: " +
                         constant_outcome(normalise));
  }
}

}  // namespace

PipelineResult run_pipeline(const CompositeData& data, const IndexStructure& index,
                            const PipelineSpec& spec) {
  data.validate(index, spec.denominate);
  if (!spec.weights.empty()) check_weights(index, spec.weights, "pipeline weights");
  PipelineResult result;
  std::set<std::string> warned;
  warn_about_columns(data.indicators, spec.normalise, "", warned, result.warnings);
  result.prepared =
      spec.denominate ? denominate(data, index, spec.denominate_scale) : data.indicators;
  std::vector<std::string> labels;
  if (spec.impute && *spec.impute == ImputeMethod::group_mean) {
    if (spec.impute_group.empty())
      throw Error("pipeline: group-mean imputation needs impute_group");
    labels = data.group(spec.impute_group).labels;
  }
  const auto screen = [&] {
    Screened screened = screen_units(result.prepared, *spec.screen);
    if (!labels.empty()) {
      std::vector<std::string> kept;
      for (std::size_t u = 0; u < screened.summary.size(); ++u)
        if (screened.summary[u].included) kept.push_back(labels[u]);
      labels = std::move(kept);
    }
    result.prepared = std::move(screened.data);
    result.screening = std::move(screened.summary);
    result.removed_units = std::move(screened.removed);
  };
  if (spec.screen && !spec.screen->after_imputation) screen();
  if (spec.impute) result.prepared = impute(result.prepared, *spec.impute, labels);
  if (spec.screen && spec.screen->after_imputation) screen();
  if (spec.treat) {
    Treated treated = treat_outliers(result.prepared, *spec.treat);
    result.prepared = std::move(treated.data);
    result.treatment = std::move(treated.report);
    for (const ColumnTreatment& report : result.treatment)
      if (!report.note.empty() && report.note.rfind("no value", 0) != 0 &&
          report.note.rfind("constant", 0) != 0)
        result.warnings.push_back("treatment of '" + report.column + "': " + report.note);
  }
  // Denomination, screening or imputation can leave a column constant that was not before.
  if (spec.denominate || spec.screen || spec.impute || spec.treat)
    warn_about_columns(result.prepared, spec.normalise, "after preparation, ", warned,
                       result.warnings);
  result.normalised = normalise(result.prepared, index, spec.normalise);
  AggregateOptions options;
  options.weights = spec.weights;
  options.method = spec.aggregation;
  result.aggregated = aggregate(result.normalised, index, options);
  return result;
}

}  // namespace cchc::composite
