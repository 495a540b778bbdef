// A whole composite-index pipeline as one value: which steps run with which parameters. The
// Python Pipeline object records the same steps; replaying a spec gives identical results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/steps.hpp"

namespace cchc::composite {

struct PipelineSpec {
  bool denominate = false;
  double denominate_scale = 1.0;
  std::optional<ImputeMethod> impute;
  std::string impute_group;  // unit grouping for group_mean
  std::optional<TreatOptions> treat;
  NormaliseSpec normalise;
  std::vector<double> weights;        // by node; empty: the index's weights
  std::optional<Method> aggregation;  // overrides every node's method when set
};

struct PipelineResult {
  Dataset prepared;  // after denomination, imputation and treatment (raw scale)
  std::vector<ColumnTreatment> treatment;
  Dataset normalised;  // leaves only
  Dataset aggregated;  // every node
};

/// Runs denominate → impute → treat → normalise → aggregate. Validates data against index.
[[nodiscard]] PipelineResult run_pipeline(const CompositeData& data, const IndexStructure& index,
                                          const PipelineSpec& spec);

}  // namespace cchc::composite
