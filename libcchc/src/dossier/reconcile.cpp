#include "cchc/dossier/reconcile.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <utility>

namespace cchc::dossier {
namespace {

constexpr std::array<Figure, 14> kAllFigures{Figure::total,
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

std::string number(double value, int decimals) {
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string whole(std::int64_t value) {
  return std::to_string(value);
}

/// whole = sum of parts; parts that are required only when present are `optional_parts`.
void check_sum(const ReportedFigures& reported, Figure whole_figure,
               std::initializer_list<Figure> parts, std::initializer_list<Figure> optional_parts,
               std::vector<Inconsistency>& found) {
  const auto whole_value = reported.get(whole_figure);
  if (!whole_value) return;
  std::string identity = std::string(figure_key(whole_figure)) + " =";
  std::string terms;
  std::int64_t sum = 0;
  std::size_t stated = 0;
  bool all_stated = true;
  std::vector<Figure> involved{whole_figure};
  const auto add_term = [&](Figure part, bool required) {
    const auto value = reported.get(part);
    if (!required && !value) return;
    identity += (identity.back() == '=' ? " " : " + ") + std::string(figure_key(part));
    if (!value) {
      all_stated = false;
      return;
    }
    ++stated;
    sum += *value;
    involved.push_back(part);
    terms += (terms.empty() ? "" : " + ") + std::string(figure_key(part)) + " " + whole(*value);
  };
  for (const Figure part : parts) add_term(part, true);
  for (const Figure part : optional_parts) add_term(part, false);
  if (stated == 0) return;
  const bool broken = all_stated ? sum != *whole_value : sum > *whole_value;
  if (!broken) return;
  std::string message = identity + ": " + std::string(figure_key(whole_figure)) + " " +
                        whole(*whole_value) +
                        (all_stated ? " but " : " is less than the stated parts ") + terms + " = " +
                        whole(sum) + " (difference " + whole(*whole_value - sum) + ")";
  found.push_back({identity, static_cast<double>(*whole_value), static_cast<double>(sum),
                   std::move(message),
                   all_stated ? InconsistencyKind::sum : InconsistencyKind::parts_exceed_whole,
                   std::move(involved), std::nullopt});
}

/// A figure as a percentage uses it: early_or_on_time, when not stated as such, is
/// early + on_time or resolved − late when the report states those (reconcile.hpp).
std::optional<std::int64_t> percentage_figure(const ReportedFigures& reported, Figure figure) {
  const auto value = reported.get(figure);
  if (value || figure != Figure::early_or_on_time) return value;
  if (reported.early && reported.on_time) return *reported.early + *reported.on_time;
  if (reported.resolved && reported.late) return *reported.resolved - *reported.late;
  return std::nullopt;
}

void check_percentage(const ReportedFigures& reported, std::size_t index,
                      double extra_tolerance, std::vector<Inconsistency>& found) {
  const StatedPercentage& stated = reported.percentages[index];
  const std::string identity = "percentage '" + stated.label + "'";
  const std::string where = stated.source.empty() ? "" : " (" + stated.source + ")";
  const std::string written = number(stated.percent, stated.decimals) + " %";
  const double tolerance = 0.5 * std::pow(10.0, -stated.decimals) + extra_tolerance + 1e-9;

  if (stated.percent < 0 || stated.percent > 100) {
    found.push_back({identity, stated.percent, stated.percent,
                     identity + where + ": " + written + " is outside 0–100 %",
                     InconsistencyKind::percentage_out_of_range, {}, index});
  }
  const auto check_ratio = [&](std::int64_t numerator, std::int64_t denominator,
                               const std::string& parts, std::vector<Figure> figures) {
    if (denominator == 0) {
      found.push_back({identity, stated.percent, 0,
                       identity + where + ": " + written + " of " + parts +
                           ": the denominator is 0, the share is not applicable",
                       InconsistencyKind::percentage_zero_denominator, std::move(figures), index});
      return;
    }
    const double computed =
        100.0 * static_cast<double>(numerator) / static_cast<double>(denominator);
    if (std::fabs(computed - stated.percent) <= tolerance) return;
    found.push_back({identity, stated.percent, computed,
                     identity + where + ": stated " + written + " but " + parts + " = " +
                         whole(numerator) + "/" + whole(denominator) + " = " +
                         number(computed, stated.decimals + 2) + " % (tolerance ±" +
                         number(tolerance, stated.decimals + 2) + ")",
                     InconsistencyKind::percentage_mismatch, std::move(figures), index});
  };
  const auto check_part = [&](const std::optional<std::int64_t>& part, std::optional<Figure> figure,
                              std::string_view role) {
    if (!part || !figure) return;
    const auto value = percentage_figure(reported, *figure);
    if (!value || *value == *part) return;
    found.push_back({identity + " " + std::string(role) + " = " + std::string(figure_key(*figure)),
                     static_cast<double>(*part), static_cast<double>(*value),
                     identity + where + ": the stated " + std::string(role) + " " + whole(*part) +
                         " is not the stated " + std::string(figure_key(*figure)) + " " +
                         whole(*value) + " (difference " + whole(*part - *value) + ")",
                     InconsistencyKind::percentage_part_mismatch, {*figure}, index});
  };

  if (stated.numerator && stated.denominator) {
    check_ratio(*stated.numerator, *stated.denominator, "the stated numerator / denominator", {});
  }
  check_part(stated.numerator, stated.numerator_figure, "numerator");
  check_part(stated.denominator, stated.denominator_figure, "denominator");
  if (stated.numerator_figure && stated.denominator_figure) {
    const auto numerator = percentage_figure(reported, *stated.numerator_figure);
    const auto denominator = percentage_figure(reported, *stated.denominator_figure);
    const bool same_as_stated = stated.numerator == numerator && stated.denominator == denominator;
    if (numerator && denominator && !same_as_stated) {
      check_ratio(*numerator, *denominator,
                  std::string(figure_key(*stated.numerator_figure)) + " / " +
                      std::string(figure_key(*stated.denominator_figure)),
                  {*stated.numerator_figure, *stated.denominator_figure});
    }
  }
}

}  // namespace

std::string_view figure_key(Figure figure) noexcept {
  switch (figure) {
    case Figure::total:
      return "total";
    case Figure::received_new:
      return "received_new";
    case Figure::carried_over:
      return "carried_over";
    case Figure::online:
      return "online";
    case Figure::in_person_or_postal:
      return "in_person_or_postal";
    case Figure::resolved:
      return "resolved";
    case Figure::early:
      return "early";
    case Figure::on_time:
      return "on_time";
    case Figure::early_or_on_time:
      return "early_or_on_time";
    case Figure::late:
      return "late";
    case Figure::pending:
      return "pending";
    case Figure::pending_within:
      return "pending_within";
    case Figure::pending_overdue:
      return "pending_overdue";
    case Figure::closed_without_result:
      break;
  }
  return "closed_without_result";
}

std::string_view inconsistency_kind_key(InconsistencyKind kind) noexcept {
  switch (kind) {
    case InconsistencyKind::sum:
      return "sum";
    case InconsistencyKind::parts_exceed_whole:
      return "parts_exceed_whole";
    case InconsistencyKind::percentage_out_of_range:
      return "percentage_out_of_range";
    case InconsistencyKind::percentage_zero_denominator:
      return "percentage_zero_denominator";
    case InconsistencyKind::percentage_mismatch:
      return "percentage_mismatch";
    case InconsistencyKind::percentage_part_mismatch:
      return "percentage_part_mismatch";
    case InconsistencyKind::differs_from_records:
      break;
  }
  return "differs_from_records";
}

std::optional<std::int64_t> ReportedFigures::get(Figure figure) const noexcept {
  switch (figure) {
    case Figure::total:
      return total;
    case Figure::received_new:
      return received_new;
    case Figure::carried_over:
      return carried_over;
    case Figure::online:
      return online;
    case Figure::in_person_or_postal:
      return in_person_or_postal;
    case Figure::resolved:
      return resolved;
    case Figure::early:
      return early;
    case Figure::on_time:
      return on_time;
    case Figure::early_or_on_time:
      return early_or_on_time;
    case Figure::late:
      return late;
    case Figure::pending:
      return pending;
    case Figure::pending_within:
      return pending_within;
    case Figure::pending_overdue:
      return pending_overdue;
    case Figure::closed_without_result:
      break;
  }
  return closed_without_result;
}

std::vector<Inconsistency> reconcile(const ReportedFigures& reported, double extra_tolerance) {
  std::vector<Inconsistency> found;
  check_sum(reported, Figure::total, {Figure::received_new, Figure::carried_over}, {}, found);
  check_sum(reported, Figure::received_new, {Figure::online, Figure::in_person_or_postal}, {},
            found);
  // Biểu số 06/VPCP/KSTT prints the total as online + in person or by post + carried over,
  // without the new dossiers: the same identity, checked when only that form is stated.
  if (!reported.received_new) {
    check_sum(reported, Figure::total,
              {Figure::online, Figure::in_person_or_postal, Figure::carried_over}, {}, found);
  }
  check_sum(reported, Figure::total, {Figure::resolved, Figure::pending},
            {Figure::closed_without_result}, found);
  check_sum(reported, Figure::resolved, {Figure::early, Figure::on_time, Figure::late}, {}, found);
  check_sum(reported, Figure::early_or_on_time, {Figure::early, Figure::on_time}, {}, found);
  check_sum(reported, Figure::resolved, {Figure::early_or_on_time, Figure::late}, {}, found);
  check_sum(reported, Figure::pending, {Figure::pending_within, Figure::pending_overdue}, {},
            found);
  for (std::size_t index = 0; index < reported.percentages.size(); ++index) {
    check_percentage(reported, index, extra_tolerance, found);
  }
  return found;
}

ReportedFigures figures_of(const IndicatorCounts& counts) {
  ReportedFigures figures;
  figures.total = counts.received_total();
  figures.received_new = counts.received_new;
  figures.carried_over = counts.received_carried_over;
  figures.online = counts.new_online;
  figures.in_person_or_postal = counts.new_in_person_or_postal();
  figures.resolved = counts.resolved();
  figures.early = counts.resolved_early;
  figures.on_time = counts.resolved_on_time;
  figures.early_or_on_time = counts.resolved_early + counts.resolved_on_time;
  figures.late = counts.resolved_late;
  figures.pending = counts.pending();
  figures.pending_within = counts.pending_within;
  figures.pending_overdue = counts.pending_overdue;
  figures.closed_without_result = counts.refused + counts.withdrawn;
  return figures;
}

std::vector<Inconsistency> compare(const ReportedFigures& reported,
                                   const IndicatorCounts& computed) {
  const ReportedFigures from_records = figures_of(computed);
  std::vector<Inconsistency> found;
  for (const Figure figure : kAllFigures) {
    const auto stated = reported.get(figure);
    const auto counted = from_records.get(figure);
    if (!stated || !counted || *stated == *counted) continue;
    const std::string key(figure_key(figure));
    found.push_back({key + " = records", static_cast<double>(*stated),
                     static_cast<double>(*counted),
                     key + ": the report states " + whole(*stated) + " but the records give " +
                         whole(*counted) + " (difference " + whole(*stated - *counted) + ")",
                     InconsistencyKind::differs_from_records, {figure}, std::nullopt});
  }
  return found;
}

}  // namespace cchc::dossier
