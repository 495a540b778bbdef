#include "cchc/composite/pipeline.hpp"

namespace cchc::composite {

PipelineResult run_pipeline(const CompositeData& data, const IndexStructure& index,
                            const PipelineSpec& spec) {
  data.validate(index);
  PipelineResult result;
  result.prepared =
      spec.denominate ? denominate(data, index, spec.denominate_scale) : data.indicators;
  if (spec.impute) {
    std::vector<std::string> labels;
    if (*spec.impute == ImputeMethod::group_mean) {
      if (spec.impute_group.empty())
        throw Error("pipeline: group-mean imputation needs impute_group");
      labels = data.group(spec.impute_group).labels;
    }
    result.prepared = impute(result.prepared, *spec.impute, labels);
  }
  if (spec.treat) {
    Treated treated = treat_outliers(result.prepared, *spec.treat);
    result.prepared = std::move(treated.data);
    result.treatment = std::move(treated.report);
  }
  result.normalised = normalise(result.prepared, index, spec.normalise);
  AggregateOptions options;
  options.weights = spec.weights;
  options.method = spec.aggregation;
  result.aggregated = aggregate(result.normalised, index, options);
  return result;
}

}  // namespace cchc::composite
