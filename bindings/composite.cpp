// Bindings of cchc/composite. Tables cross as (units, columns, values, available): a float64
// matrix and a bool mask of the same shape, so missing never travels as NaN. The Python face
// (python/cchc/composite.py) turns them into DataFrames with pandas' nullable Float64.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/composite/audit.hpp"
#include "cchc/composite/pipeline.hpp"
#include "cchc/composite/sensitivity.hpp"
#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/composite.hpp"
#include "cchc/io/composite_file.hpp"
#include "message_dict.hpp"

namespace py = pybind11;
using namespace cchc::composite;

namespace {

using Table = std::tuple<std::vector<std::string>, std::vector<std::string>, Eigen::MatrixXd, Mask>;

Dataset to_dataset(const Table& table) {
  Dataset data{std::get<0>(table), std::get<1>(table), std::get<2>(table), std::get<3>(table)};
  data.validate(cchc::detail::CodedReason(cchc::detail::composite_error("composite.table")));
  data.values = data.available.select(data.values, 0.0);  // whatever stood under the mask is gone
  return data;
}

Table to_table(const Dataset& data) {
  return {data.units, data.columns, data.values, data.available};
}

template <typename Key, typename Parse>
Key parse_key(const std::string& key, Parse parse, const char* what) {
  const auto parsed = parse(key);
  if (!parsed) throw cchc::Error(std::string("unknown ") + what + " '" + key + "'");
  return *parsed;
}

NormaliseSpec normalise_spec(const py::dict& spec) {
  NormaliseSpec out;
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    if (key == "method")
      out.method = parse_key<NormaliseMethod>(item.second.cast<std::string>(),
                                              normalise_method_from_string, "normalisation");
    else if (key == "lower")
      out.lower = item.second.cast<double>();
    else if (key == "upper")
      out.upper = item.second.cast<double>();
    else if (key == "mean")
      out.mean = item.second.cast<double>();
    else if (key == "sd")
      out.sd = item.second.cast<double>();
    else if (key == "lambda")
      out.lambda = item.second.cast<double>();
    else
      throw cchc::Error("normalisation: unknown parameter '" + key + "'");
  }
  return out;
}

TreatOptions treat_options(const py::dict& spec) {
  TreatOptions out;
  // The convention sets the defaults; the other keys override them whatever their order.
  if (spec.contains("convention")) {
    const auto convention = spec["convention"].cast<std::string>();
    if (convention == "coinr")
      out = TreatOptions::coinr();
    else if (convention != "cchc")
      throw cchc::Error("treatment: unknown convention '" + convention + "' (cchc or coinr)");
  }
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    if (key == "convention") continue;
    if (key == "moments") {
      const auto value = item.second.cast<std::string>();
      if (value == "population")
        out.moments = Moments::population;
      else if (value == "sample")
        out.moments = Moments::sample;
      else
        throw cchc::Error("treatment: unknown moments '" + value + "' (population or sample)");
    } else if (key == "count") {
      const auto value = item.second.cast<std::string>();
      if (value == "within_limit")
        out.count = WinsoriseCount::within_limit;
      else if (value == "coinr")
        out.count = WinsoriseCount::coinr;
      else
        throw cchc::Error("treatment: unknown count '" + value + "' (within_limit or coinr)");
    } else if (key == "log_fallback") {
      const auto value = item.second.cast<std::string>();
      if (value == "reflected")
        out.log_fallback = LogFallback::reflected;
      else if (value == "coinr")
        out.log_fallback = LogFallback::coinr;
      else
        throw cchc::Error("treatment: unknown log_fallback '" + value + "' (reflected or coinr)");
    } else if (key == "skew_limit")
      out.skew_limit = item.second.cast<double>();
    else if (key == "kurtosis_limit")
      out.kurtosis_limit = item.second.cast<double>();
    else if (key == "max_winsorised")
      out.max_winsorised = item.second.cast<std::size_t>();
    else
      throw cchc::Error("treatment: unknown parameter '" + key + "'");
  }
  return out;
}

ScreenOptions screen_options(const py::dict& spec) {
  ScreenOptions out;
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    if (key == "rule")
      out.rule = parse_key<ScreenRule>(item.second.cast<std::string>(), screen_rule_from_string,
                                       "screening rule");
    else if (key == "data_threshold")
      out.data_threshold = item.second.cast<double>();
    else if (key == "nonzero_threshold")
      out.nonzero_threshold = item.second.cast<double>();
    else if (key == "force_include")
      out.force_include = item.second.cast<std::vector<std::string>>();
    else if (key == "force_exclude")
      out.force_exclude = item.second.cast<std::vector<std::string>>();
    else if (key == "after_imputation")
      out.after_imputation = item.second.cast<bool>();
    else
      throw cchc::Error("screening: unknown parameter '" + key + "'");
  }
  return out;
}

SobolEstimator sobol_estimator(const std::string& name) {
  if (name == "salib") return SobolEstimator::salib;
  if (name == "coinr") return SobolEstimator::coinr;
  throw cchc::Error("unknown Sobol' estimator '" + name + "' (salib or coinr)");
}

std::vector<double> weights_from(const IndexStructure& index, const py::object& weights) {
  if (weights.is_none()) return {};
  // Resolved weights (manual ones were checked ≥ 0 when recorded; PCA's signed loadings may be
  // negative): finite, and no aggregate whose children sum to zero (check_weights).
  std::vector<double> out = index.weights();
  for (auto item : weights.cast<py::dict>())
    out[index.tree().index_of(item.first.cast<std::string>())] = item.second.cast<double>();
  check_weights(
      index, out,
      cchc::detail::CodedReason(cchc::detail::composite_error("composite.pipeline_weights")));
  return out;
}

PipelineSpec pipeline_spec(const IndexStructure& index, const py::dict& spec) {
  PipelineSpec out;
  for (auto item : spec) {
    const auto key = item.first.cast<std::string>();
    const py::handle value = item.second;
    if (key == "denominate")
      out.denominate = value.cast<bool>();
    else if (key == "denominate_scale")
      out.denominate_scale = value.cast<double>();
    else if (key == "impute") {
      if (!value.is_none())
        out.impute = parse_key<ImputeMethod>(value.cast<std::string>(), impute_method_from_string,
                                             "imputation");
    } else if (key == "impute_group")
      out.impute_group = value.cast<std::string>();
    else if (key == "screen") {
      if (!value.is_none()) out.screen = screen_options(value.cast<py::dict>());
    } else if (key == "treat") {
      if (!value.is_none()) out.treat = treat_options(value.cast<py::dict>());
    } else if (key == "normalise")
      out.normalise = normalise_spec(value.cast<py::dict>());
    else if (key == "weights")
      out.weights = weights_from(index, py::reinterpret_borrow<py::object>(value));
    else if (key == "aggregation") {
      if (!value.is_none())
        out.aggregation =
            parse_key<Method>(value.cast<std::string>(), method_from_string, "aggregation");
    } else
      throw cchc::Error("pipeline: unknown step or parameter '" + key + "'");
  }
  return out;
}

CompositeData composite_data(const Table& indicators, const std::optional<Table>& denominators,
                             const std::map<std::string, std::vector<std::string>>& groups) {
  CompositeData data;
  data.indicators = to_dataset(indicators);
  if (denominators) data.denominators = to_dataset(*denominators);
  for (const auto& [name, labels] : groups) data.groups.push_back({name, labels});
  return data;
}

py::dict treatment_dict(const ColumnTreatment& report) {
  py::dict out;
  out["column"] = report.column;
  out["skew_before"] = report.skew_before;
  out["kurtosis_before"] = report.kurtosis_before;
  out["skew_after"] = report.skew_after;
  out["kurtosis_after"] = report.kurtosis_after;
  out["winsorised_high"] = report.winsorised_high;
  out["winsorised_low"] = report.winsorised_low;
  out["winsorised_count"] = report.winsorised_count;
  out["log_transformed"] = report.log_transformed;
  out["passes"] = report.passes;
  out["note"] = report.note;
  return out;
}

py::object sobol_list(const std::vector<SobolIndices>& indices) {
  py::list out;
  for (const SobolIndices& index : indices)
    out.append(
        py::make_tuple(index.first_order, index.total, index.first_order_conf, index.total_conf));
  return out;
}

}  // namespace

void bind_composite(py::module_& module) {
  py::class_<IndexStructure>(module, "IndexStructure",
                             "A criteria tree with composite settings per node.")
      .def_property_readonly("name", &IndexStructure::name)
      .def("node_codes", &IndexStructure::node_codes, "Every node code in tree order.")
      .def("indicator_codes", &IndexStructure::indicator_codes, "Leaf codes in tree order.")
      .def("weights", &IndexStructure::weights, "Node weights in tree order.")
      .def(
          "nodes",
          [](const IndexStructure& index) {
            py::list rows;
            for (std::size_t i = 0; i < index.tree().size(); ++i) {
              const auto& node = index.tree().node(i);
              const NodeSettings& settings = index.settings(i);
              py::dict row;
              row["code"] = node.spec.code;
              row["parent"] = node.parent ? py::cast(index.code(*node.parent)) : py::none();
              row["name"] = node.spec.name;
              row["level"] = index.level(i);
              row["direction"] = settings.direction;
              row["weight"] = settings.weight;
              row["aggregation"] = std::string(to_string(settings.aggregation));
              row["denominator"] =
                  settings.denominator.empty() ? py::none() : py::cast(settings.denominator);
              row["target"] = settings.target;
              row["max_missing_share"] = index.max_missing_share(i);
              row["goalposts"] = py::none();
              if (settings.goalposts)
                row["goalposts"] =
                    py::make_tuple(settings.goalposts->lower, settings.goalposts->upper,
                                   settings.goalposts->log_scale);
              rows.append(row);
            }
            return rows;
          },
          "One dict per node: code, parent, name, level, direction, weight, aggregation, …");

  module.def("parse_index_toml", &cchc::io::parse_index_toml, py::arg("text"),
             py::arg("source") = "<string>");
  module.def("shipped_index", &cchc::io::shipped_index, py::arg("id"));
  module.def("parse_imeta", &cchc::io::parse_imeta, py::arg("text"), py::arg("source") = "<iMeta>");
  module.def(
      "read_coinr_csv",
      [](const std::string& idata, const std::string& imeta) {
        const auto input = cchc::io::read_coinr_csv(idata, imeta);
        std::map<std::string, std::vector<std::string>> groups;
        for (const auto& grouping : input.data.groups) groups[grouping.name] = grouping.labels;
        return py::make_tuple(input.index, to_table(input.data.indicators),
                              to_table(input.data.denominators), groups);
      },
      py::arg("idata"), py::arg("imeta"));

  module.def(
      "read_coinr_panel",
      [](const std::string& idata, const std::string& imeta) {
        const auto input = cchc::io::read_coinr_panel(idata, imeta);
        py::list periods;
        for (const auto& [time, data] : input.periods) {
          std::map<std::string, std::vector<std::string>> groups;
          for (const auto& grouping : data.groups) groups[grouping.name] = grouping.labels;
          periods.append(
              py::make_tuple(time, to_table(data.indicators), to_table(data.denominators), groups));
        }
        return py::make_tuple(input.index, periods);
      },
      py::arg("idata"), py::arg("imeta"));

  module.def(
      "run_pipeline",
      [](const IndexStructure& index, const Table& indicators,
         const std::optional<Table>& denominators,
         const std::map<std::string, std::vector<std::string>>& groups, const py::dict& spec) {
        const CompositeData data = composite_data(indicators, denominators, groups);
        const PipelineSpec parsed = pipeline_spec(index, spec);
        PipelineResult result;
        {
          py::gil_scoped_release release;
          result = run_pipeline(data, index, parsed);
        }
        py::list treatment;
        for (const auto& report : result.treatment) treatment.append(treatment_dict(report));
        py::list screening;
        for (const UnitScreening& unit : result.screening) {
          py::dict row;
          row["unit"] = unit.unit;
          row["missing"] = unit.missing;
          row["zeros"] = unit.zeros;
          row["data_share"] = unit.data_share;
          row["nonzero_share"] = unit.nonzero_share;
          row["low_data"] = unit.low_data;
          row["low_nonzero"] = unit.low_nonzero;
          row["included"] = unit.included;
          screening.append(row);
        }
        py::dict out;
        out["screening"] = screening;
        out["removed_units"] = result.removed_units;
        out["warnings"] = result.warnings;
        out["warning_messages"] = cchc_bindings::message_list(result.warning_messages);
        // One list of unit codes for the three tables (they share the units); without a
        // preparing step the prepared data is the input, which the caller already holds.
        const py::list units = py::cast(result.aggregated.units);
        const auto table = [&units](const Dataset& dataset) -> py::object {
          return py::make_tuple(units, dataset.columns, dataset.values, dataset.available);
        };
        const bool prepares = parsed.denominate || parsed.screen || parsed.impute || parsed.treat;
        out["prepared"] = prepares ? table(result.prepared) : py::object(py::none());
        out["normalised"] = table(result.normalised);
        out["aggregated"] = table(result.aggregated);
        out["treatment"] = treatment;
        return out;
      },
      py::arg("index"), py::arg("indicators"), py::arg("denominators"), py::arg("groups"),
      py::arg("spec"));

  module.def(
      "ranks",
      [](const Table& table, const std::string& column) {
        return rank_units(to_dataset(table), column);
      },
      py::arg("table"), py::arg("column"));
  module.def(
      "bands",
      [](const Table& table, const std::string& column, const std::vector<double>& thresholds,
         const std::vector<std::string>& labels) {
        return bands(to_dataset(table), column, thresholds, labels);
      },
      py::arg("table"), py::arg("column"), py::arg("thresholds"), py::arg("labels"));
  module.def(
      "pca_weights",
      [](const IndexStructure& index, const Table& aggregated, bool signed_loadings) {
        return pca_weights(to_dataset(aggregated), index,
                           signed_loadings ? PcaWeights::signed_loadings
                                           : PcaWeights::squared_loadings);
      },
      py::arg("index"), py::arg("aggregated"), py::arg("signed_loadings") = false);
  module.def(
      "optimise_weights",
      [](const IndexStructure& index, const Table& normalised, const std::string& node,
         const std::vector<double>& targets) {
        const OptimisedWeights out = optimise_weights(to_dataset(normalised), index, node, targets);
        return py::make_tuple(out.weights, out.correlations, out.iterations, out.converged);
      },
      py::arg("index"), py::arg("normalised"), py::arg("node"), py::arg("targets"));
  module.def(
      "audit",
      [](const IndexStructure& index, const Table& aggregated, double negative, double collinear,
         bool pairwise_alpha) {
        AuditOptions options;
        options.alpha = pairwise_alpha ? AlphaMethod::pairwise : AlphaMethod::complete_units;
        options.negative_threshold = negative;
        options.collinear_threshold = collinear;
        const Audit result = audit(to_dataset(aggregated), index, options);
        py::dict out;
        out["codes"] = result.correlations.codes;
        out["correlations"] = result.correlations.r;
        py::list groups;
        for (const GroupAudit& group : result.groups) {
          py::dict row;
          row["node"] = group.node;
          row["children"] = group.children;
          row["child_parent_correlation"] = group.child_parent_correlation;
          row["cronbach_alpha"] = group.cronbach_alpha;
          if (group.pca) {
            row["pca_eigenvalues"] =
                std::vector<double>(group.pca->eigenvalues.begin(), group.pca->eigenvalues.end());
            row["pca_first_loadings"] = std::vector<double>(group.pca->first_loadings.begin(),
                                                            group.pca->first_loadings.end());
            row["pca_first_share"] = group.pca->first_share;
          } else {
            row["pca_eigenvalues"] = py::none();
            row["pca_first_loadings"] = py::none();
            row["pca_first_share"] = py::none();
          }
          groups.append(row);
        }
        out["groups"] = groups;
        py::list flags;
        for (const CorrelationFlag& flag : result.flags)
          flags.append(py::make_tuple(
              flag.kind == CorrelationFlag::Kind::negative ? "negative" : "collinear", flag.group,
              flag.first, flag.second, flag.r));
        out["flags"] = flags;
        out["availability_units"] =
            py::make_tuple(result.availability.units, result.availability.per_unit);
        out["availability_indicators"] =
            py::make_tuple(result.availability.indicators, result.availability.per_indicator);
        return out;
      },
      py::arg("index"), py::arg("aggregated"), py::arg("negative_threshold") = -0.4,
      py::arg("collinear_threshold") = 0.9, py::arg("pairwise_alpha") = false);
  module.def(
      "cronbach_alpha",
      [](const Table& table, bool pairwise) {
        const Dataset data = to_dataset(table);
        std::vector<std::size_t> columns(data.column_count());
        for (std::size_t c = 0; c < columns.size(); ++c) columns[c] = c;
        return cronbach_alpha(data, columns,
                              pairwise ? AlphaMethod::pairwise : AlphaMethod::complete_units);
      },
      py::arg("table"), py::arg("pairwise") = false);
  module.def(
      "principal_components",
      [](const Table& table) -> py::object {
        const Dataset data = to_dataset(table);
        std::vector<std::size_t> columns(data.column_count());
        for (std::size_t c = 0; c < columns.size(); ++c) columns[c] = c;
        const auto pca = principal_components(data, columns);
        if (!pca) return py::none();
        return py::make_tuple(
            std::vector<double>(pca->eigenvalues.begin(), pca->eigenvalues.end()),
            std::vector<double>(pca->first_loadings.begin(), pca->first_loadings.end()),
            pca->first_share, pca->complete_units);
      },
      py::arg("table"));
  module.def(
      "moments",
      [](const std::vector<double>& values, const std::string& kind) {
        const Moments moments = kind == "sample" ? Moments::sample : Moments::population;
        if (kind != "sample" && kind != "population")
          throw cchc::Error("unknown moments '" + kind + "' (population or sample)");
        return py::make_tuple(skewness(values, moments), excess_kurtosis(values, moments));
      },
      py::arg("values"), py::arg("kind") = "population");

  module.def(
      "saltelli_sample",
      [](std::size_t samples, std::size_t inputs, std::uint64_t seed, const std::string& layout) {
        return saltelli_sample(samples, inputs, seed, sobol_estimator(layout));
      },
      py::arg("samples"), py::arg("inputs"), py::arg("seed"), py::arg("layout") = "salib");
  module.def(
      "sobol_indices",
      [](const Eigen::VectorXd& outputs, std::size_t inputs, std::size_t resamples,
         std::uint64_t seed, const std::string& estimator) {
        return sobol_list(sobol_indices(outputs, inputs, Bootstrap{resamples, seed},
                                        sobol_estimator(estimator)));
      },
      py::arg("outputs"), py::arg("inputs"), py::arg("resamples") = 0, py::arg("seed") = 1,
      py::arg("estimator") = "salib");

  const auto sensitivity_spec = [](const IndexStructure& index, const py::dict& spec) {
    SensitivitySpec out;
    for (auto item : spec) {
      const auto key = item.first.cast<std::string>();
      const py::handle value = item.second;
      if (key == "nominal")
        out.nominal = pipeline_spec(index, value.cast<py::dict>());
      else if (key == "weights") {
        for (auto weight : value.cast<py::dict>())
          out.weights.push_back({weight.first.cast<std::string>(), weight.second.cast<double>()});
      } else if (key == "imputation") {
        for (auto method : value.cast<py::list>())
          out.imputation.push_back(
              method.is_none()
                  ? std::nullopt
                  : std::optional<ImputeMethod>(parse_key<ImputeMethod>(
                        method.cast<std::string>(), impute_method_from_string, "imputation")));
      } else if (key == "treatment") {
        for (auto option : value.cast<py::list>())
          out.treatment.push_back(option.is_none() ? std::nullopt
                                                   : std::optional<TreatOptions>(treat_options(
                                                         option.cast<py::dict>())));
      } else if (key == "estimator") {
        out.estimator = sobol_estimator(value.cast<std::string>());
      } else if (key == "normalisation") {
        for (auto method : value.cast<py::list>())
          out.normalisation.push_back(normalise_spec(method.cast<py::dict>()));
      } else if (key == "aggregation") {
        for (auto method : value.cast<py::list>())
          out.aggregation.push_back(
              parse_key<Method>(method.cast<std::string>(), method_from_string, "aggregation"));
      } else if (key == "score_node")
        out.score_node = value.cast<std::string>();
      else if (key == "samples")
        out.samples = value.cast<std::size_t>();
      else if (key == "seed")
        out.seed = value.cast<std::uint64_t>();
      else if (key == "resamples")
        out.resamples = value.cast<std::size_t>();
      else if (key == "threads")
        out.threads = value.cast<unsigned>();
      else
        throw cchc::Error("sensitivity: unknown parameter '" + key + "'");
    }
    return out;
  };
  const auto runs_dict = [](const SensitivityRuns& runs) {
    py::dict out;
    out["inputs"] = runs.inputs;
    out["units"] = runs.units;
    out["points"] = runs.points;
    out["scores"] = runs.scores;
    out["ranks"] = runs.ranks;
    out["ranked"] = runs.ranked;
    out["mean_rank_shift"] = runs.mean_rank_shift;
    out["nominal_ranks"] = runs.nominal_ranks;
    return out;
  };
  module.def(
      "evaluate_points",
      [sensitivity_spec, runs_dict](const IndexStructure& index, const Table& indicators,
                                    const std::optional<Table>& denominators,
                                    const std::map<std::string, std::vector<std::string>>& groups,
                                    const py::dict& spec, const Eigen::MatrixXd& points) {
        const CompositeData data = composite_data(indicators, denominators, groups);
        const SensitivitySpec parsed = sensitivity_spec(index, spec);
        SensitivityRuns runs;
        {
          py::gil_scoped_release release;
          runs = evaluate_points(data, index, parsed, points);
        }
        return runs_dict(runs);
      },
      py::arg("index"), py::arg("indicators"), py::arg("denominators"), py::arg("groups"),
      py::arg("spec"), py::arg("points"));
  module.def(
      "run_sensitivity",
      [sensitivity_spec, runs_dict](const IndexStructure& index, const Table& indicators,
                                    const std::optional<Table>& denominators,
                                    const std::map<std::string, std::vector<std::string>>& groups,
                                    const py::dict& spec,
                                    const std::optional<Eigen::MatrixXd>& points) {
        const CompositeData data = composite_data(indicators, denominators, groups);
        const SensitivitySpec parsed = sensitivity_spec(index, spec);
        SensitivityResult result;
        {
          py::gil_scoped_release release;
          result = points ? run_sensitivity(data, index, parsed, *points)
                          : run_sensitivity(data, index, parsed);
        }
        py::dict out = runs_dict(result.runs);
        out["median_rank"] = result.median_rank;
        out["rank_low"] = result.rank_low;
        out["rank_high"] = result.rank_high;
        py::list units;
        for (const auto& indices : result.unit_indices) units.append(sobol_list(indices));
        out["unit_indices"] = units;
        out["shift_indices"] = sobol_list(result.shift_indices);
        return out;
      },
      py::arg("index"), py::arg("indicators"), py::arg("denominators"), py::arg("groups"),
      py::arg("spec"), py::arg("points") = py::none());
}
