// Bindings of cchc/dossier/reconcile.hpp in plain Python data: the figures a report states as a
// dict of figure key -> int or None, its percentages as dicts, each inconsistency as a dict with
// stable keys. The typed face (dataclasses, Vietnamese messages) is python/cchc/reconcile.py.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "cchc/dossier/indicators.hpp"
#include "cchc/dossier/reconcile.hpp"

namespace py = pybind11;
using namespace cchc::dossier;

namespace {

constexpr Figure kFigures[] = {Figure::total,
                               Figure::received_new,
                               Figure::carried_over,
                               Figure::online,
                               Figure::in_person_or_postal,
                               Figure::resolved,
                               Figure::early,
                               Figure::on_time,
                               Figure::early_or_on_time,
                               Figure::late,
                               Figure::pending,
                               Figure::pending_within,
                               Figure::pending_overdue,
                               Figure::closed_without_result};

std::optional<std::int64_t>* member(ReportedFigures& figures, Figure figure) {
  switch (figure) {
    case Figure::total:
      return &figures.total;
    case Figure::received_new:
      return &figures.received_new;
    case Figure::carried_over:
      return &figures.carried_over;
    case Figure::online:
      return &figures.online;
    case Figure::in_person_or_postal:
      return &figures.in_person_or_postal;
    case Figure::resolved:
      return &figures.resolved;
    case Figure::early:
      return &figures.early;
    case Figure::on_time:
      return &figures.on_time;
    case Figure::early_or_on_time:
      return &figures.early_or_on_time;
    case Figure::late:
      return &figures.late;
    case Figure::pending:
      return &figures.pending;
    case Figure::pending_within:
      return &figures.pending_within;
    case Figure::pending_overdue:
      return &figures.pending_overdue;
    case Figure::closed_without_result:
      break;
  }
  return &figures.closed_without_result;
}

Figure figure_from_key(const std::string& key) {
  for (const Figure figure : kFigures) {
    if (figure_key(figure) == key) return figure;
  }
  throw py::value_error("unknown figure '" + key + "'");
}

std::optional<Figure> optional_figure(const py::dict& item, const char* name) {
  if (!item.contains(name) || item[name].is_none()) return std::nullopt;
  return figure_from_key(item[name].cast<std::string>());
}

template <typename T>
std::optional<T> optional_value(const py::dict& item, const char* name) {
  if (!item.contains(name) || item[name].is_none()) return std::nullopt;
  return item[name].cast<T>();
}

ReportedFigures reported_from(const py::dict& figures, const py::list& percentages) {
  ReportedFigures reported;
  for (const auto& entry : figures) {
    const Figure figure = figure_from_key(py::str(entry.first));
    if (!entry.second.is_none()) *member(reported, figure) = entry.second.cast<std::int64_t>();
  }
  for (const py::handle& handle : percentages) {
    const py::dict item = handle.cast<py::dict>();
    StatedPercentage stated;
    stated.label = item["label"].cast<std::string>();
    stated.percent = item["percent"].cast<double>();
    stated.decimals = item["decimals"].cast<int>();
    if (stated.decimals < 0 || stated.decimals > 12) {
      throw py::value_error("percentage '" + stated.label + "': decimals must lie in 0–12");
    }
    stated.numerator = optional_value<std::int64_t>(item, "numerator");
    stated.denominator = optional_value<std::int64_t>(item, "denominator");
    stated.numerator_figure = optional_figure(item, "numerator_figure");
    stated.denominator_figure = optional_figure(item, "denominator_figure");
    stated.source = item.contains("source") ? item["source"].cast<std::string>() : std::string();
    reported.percentages.push_back(std::move(stated));
  }
  return reported;
}

py::dict figures_dict(const ReportedFigures& figures) {
  py::dict out;
  for (const Figure figure : kFigures) {
    const auto value = figures.get(figure);
    out[py::str(std::string(figure_key(figure)))] = value ? py::cast(*value) : py::none();
  }
  return out;
}

py::list inconsistency_dicts(const std::vector<Inconsistency>& found) {
  py::list out;
  for (const Inconsistency& inconsistency : found) {
    py::dict item;
    item["identity"] = inconsistency.identity;
    item["kind"] = std::string(inconsistency_kind_key(inconsistency.kind));
    item["stated"] = inconsistency.stated;
    item["from_parts"] = inconsistency.from_parts;
    item["message"] = inconsistency.message;
    py::list figures;
    for (const Figure figure : inconsistency.figures) figures.append(figure_key(figure));
    item["figures"] = figures;
    item["percentage"] =
        inconsistency.percentage ? py::cast(*inconsistency.percentage) : py::none();
    out.append(item);
  }
  return out;
}

// The base counts (not the derived totals) by their column names in Dossiers.counts().
IndicatorCounts counts_from(const py::dict& columns) {
  IndicatorCounts counts;
  const std::pair<const char*, IndicatorCounts::count*> fields[] = {
      {"received_new", &counts.received_new},
      {"received_carried_over", &counts.received_carried_over},
      {"resolved_early", &counts.resolved_early},
      {"resolved_on_time", &counts.resolved_on_time},
      {"resolved_late", &counts.resolved_late},
      {"pending_within", &counts.pending_within},
      {"pending_overdue", &counts.pending_overdue},
      {"refused", &counts.refused},
      {"withdrawn", &counts.withdrawn},
      {"new_online", &counts.new_online},
      {"new_in_person", &counts.new_in_person},
      {"new_postal", &counts.new_postal},
      {"new_channel_unknown", &counts.new_channel_unknown},
  };
  for (const auto& [name, field] : fields) {
    if (!columns.contains(name)) throw py::key_error(std::string("counts lack '") + name + "'");
    *field = columns[name].cast<IndicatorCounts::count>();
  }
  return counts;
}

}  // namespace

void bind_dossier_reconcile(py::module_& module) {
  module.def("figure_keys", [] {
    std::vector<std::string> keys;
    for (const Figure figure : kFigures) keys.emplace_back(figure_key(figure));
    return keys;
  });
  module.def(
      "reconcile_figures",
      [](const py::dict& figures, const py::list& percentages, double extra_tolerance) {
        if (!(extra_tolerance >= 0)) throw py::value_error("extra_tolerance must be >= 0");
        return inconsistency_dicts(reconcile(reported_from(figures, percentages), extra_tolerance));
      },
      py::arg("figures"), py::arg("percentages"), py::arg("extra_tolerance") = 0.0);
  module.def(
      "compare_figures",
      [](const py::dict& figures, const py::dict& counts) {
        return inconsistency_dicts(
            compare(reported_from(figures, py::list()), counts_from(counts)));
      },
      py::arg("figures"), py::arg("counts"));
  module.def(
      "figures_of",
      [](const py::dict& counts) { return figures_dict(figures_of(counts_from(counts))); },
      py::arg("counts"));
}
