// A whole composite-index pipeline as one value: which steps run with which parameters. The
// Python Pipeline object records the same steps; replaying a spec gives identical results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cchc/composite/steps.hpp"
#include "cchc/score/message.hpp"

namespace cchc::composite {

struct PipelineSpec {
  bool denominate = false;
  double denominate_scale = 1.0;
  std::optional<ImputeMethod> impute;
  std::string impute_group;  // unit grouping for group_mean
  std::optional<ScreenOptions> screen;  // before imputation unless screen->after_imputation
  std::optional<TreatOptions> treat;
  NormaliseSpec normalise;
  std::vector<double> weights;        // by node; empty: the index's weights
  std::optional<Method> aggregation;  // overrides every node's method when set
};

struct PipelineResult {
  Dataset prepared;  // after denomination, screening, imputation and treatment (raw scale)
  std::vector<UnitScreening> screening;  // one per unit of the input when screened
  std::vector<std::string> removed_units;  // by screening
  std::vector<ColumnTreatment> treatment;
  Dataset normalised;  // leaves only
  Dataset aggregated;  // every node
  /// Input that the steps accepted but that a person should know about, each saying what was
  /// done: an indicator with no value, an indicator with the same value for every unit, a column
  /// the treatment could not test.
  std::vector<std::string> warnings;
  /// The same warnings as codes with their numbers (score/message.hpp), for callers that
  /// write them in the user's language; warnings[i] is english(warning_messages[i]).
  std::vector<score::Message> warning_messages;
};

/// Runs denominate → screen → impute → treat → normalise → aggregate (screen after impute when
/// asked). Validates data against index and spec.weights (check_weights).
[[nodiscard]] PipelineResult run_pipeline(const CompositeData& data, const IndexStructure& index,
                                          const PipelineSpec& spec);

}  // namespace cchc::composite
