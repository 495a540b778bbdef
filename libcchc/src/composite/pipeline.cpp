#include "cchc/composite/pipeline.hpp"

#include <set>
#include <string_view>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"
#include "cchc/score/message.hpp"

namespace cchc::composite {

namespace {

using score::Message;

// What the normalisation does to an indicator with a single value (so that the warning says it).
Message constant_warning(const NormaliseSpec& spec, std::string_view stage,
                         const std::string& code, double value, std::size_t count) {
  Message message{{},
                  {{"stage", std::string(stage)},
                   {"indicator", code},
                   {"value", value},
                   {"count", static_cast<double>(count)}}};
  switch (spec.method) {
    case NormaliseMethod::min_max:
      message.code = "composite.constant.middle";
      message.arguments.emplace_back("middle", (spec.lower + spec.upper) / 2.0);
      break;
    case NormaliseMethod::z_score:
      message.code = "composite.constant.mean";
      message.arguments.emplace_back("mean", spec.mean);
      break;
    case NormaliseMethod::rank:
    case NormaliseMethod::percentile:
      message.code = "composite.constant.rank";
      break;
    default:
      message.code = "composite.constant.same";
  }
  return message;
}

void warn(PipelineResult& result, Message message) {
  result.warnings.push_back(score::english(message));
  result.warning_messages.push_back(std::move(message));
}

// Warns once per column (`warned` holds the columns already named); `stage` is "" or
// "after preparation, ".
void warn_about_columns(const Dataset& data, const NormaliseSpec& normalise,
                        std::string_view stage, std::set<std::string>& warned,
                        PipelineResult& result) {
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
      warn(result, Message{"composite.no_value", {{"stage", std::string(stage)}, {"indicator", code}}});
    else
      warn(result, constant_warning(normalise, stage, code, *first, count));
  }
}

}  // namespace

PipelineResult run_pipeline(const CompositeData& data, const IndexStructure& index,
                            const PipelineSpec& spec) {
  data.validate(index, spec.denominate);
  if (!spec.weights.empty()) {
    check_weights(
        index, spec.weights,
        cchc::detail::CodedReason(cchc::detail::composite_error("composite.pipeline_weights")));
  }
  PipelineResult result;
  std::set<std::string> warned;
  warn_about_columns(data.indicators, spec.normalise, "", warned, result);
  result.prepared =
      spec.denominate ? denominate(data, index, spec.denominate_scale) : data.indicators;
  std::vector<std::string> labels;
  if (spec.impute && *spec.impute == ImputeMethod::group_mean) {
    if (spec.impute_group.empty())
      throw cchc::detail::CodedReason(
          cchc::detail::composite_error("composite.pipeline_impute_group"))
          .as<Error>();
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
      if (report.note.rfind("only", 0) == 0)  // too few values to test (not none, not constant)
        warn(result, Message{"composite.treatment_few_values",
                             {{"indicator", report.column},
                              {"count", static_cast<double>(report.value_count)}}});
  }
  // Denomination, screening or imputation can leave a column constant that was not before.
  if (spec.denominate || spec.screen || spec.impute || spec.treat)
    warn_about_columns(result.prepared, spec.normalise, "after preparation, ", warned, result);
  result.normalised = normalise(result.prepared, index, spec.normalise);
  AggregateOptions options;
  options.weights = spec.weights;
  options.method = spec.aggregation;
  result.aggregated = aggregate(result.normalised, index, options);
  return result;
}

}  // namespace cchc::composite
