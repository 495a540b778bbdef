#include "cchc/score/framework.hpp"

#include <algorithm>
#include <variant>

namespace cchc::score {

std::string_view to_string(Provenance provenance) noexcept {
  switch (provenance) {
    case Provenance::official:
      return "official";
    case Provenance::reconstructed:
      return "reconstructed";
    case Provenance::illustrative:
      return "illustrative";
  }
  return "official";
}

std::optional<Provenance> provenance_from_string(std::string_view key) noexcept {
  if (key == "official") return Provenance::official;
  if (key == "reconstructed") return Provenance::reconstructed;
  if (key == "illustrative") return Provenance::illustrative;
  return std::nullopt;
}

std::string_view to_string(ScoredBy scored_by) noexcept {
  switch (scored_by) {
    case ScoredBy::unit:
      return "unit";
    case ScoredBy::home_affairs:
      return "home_affairs";
    case ScoredBy::survey:
      return "survey";
  }
  return "unit";
}

std::optional<ScoredBy> scored_by_from_string(std::string_view key) noexcept {
  if (key == "unit") return ScoredBy::unit;
  if (key == "home_affairs") return ScoredBy::home_affairs;
  if (key == "survey") return ScoredBy::survey;
  return std::nullopt;
}

Framework::Framework(FrameworkMeta meta, CriteriaTree tree, std::vector<CriterionInfo> info,
                     std::vector<Band> bands)
    : meta_(std::move(meta)),
      tree_(std::move(tree)),
      info_(std::move(info)),
      bands_(std::move(bands)) {
  if (info_.size() != tree_.size()) {
    throw Error("framework: " + std::to_string(info_.size()) + " criterion records for " +
                std::to_string(tree_.size()) + " tree nodes");
  }
  for (std::size_t i = 0; i < tree_.size(); ++i) {
    const TreeNode& node = tree_.node(i);
    const CriterionInfo& criterion = info_[i];
    if (node.is_leaf()) {
      if (!criterion.rule)
        throw InvalidTree(i, node.spec.code, "rule",
                          detail::CodedReason(detail::score_error("framework.leaf_without_rule")));
      std::string field;
      if (auto problem = check_rule_parameters(*criterion.rule, node.spec.max_points, field)) {
        throw InvalidTree(i, node.spec.code, "rule." + field, *problem);
      }
      if (std::holds_alternative<Manual>(*criterion.rule) && !criterion.evidence_required) {
        throw InvalidTree(i, node.spec.code, "evidence_required",
                          detail::CodedReason(detail::score_error("framework.manual_evidence")));
      }
      if (!criterion.input.target.empty() && !std::holds_alternative<PassFail>(*criterion.rule)) {
        throw InvalidTree(
            i, node.spec.code, "input.target",
            detail::CodedReason(detail::score_error("framework.target_needs_pass_fail")));
      }
      if (!criterion.input.indicator.empty() && !reads_value(*criterion.rule)) {
        throw InvalidTree(
            i, node.spec.code, "input.indicator",
            detail::CodedReason(detail::score_error("framework.indicator_needs_value"),
                                {{"kind", std::string(rule_kind(*criterion.rule))}}));
      }
      if (!criterion.input.indicator.empty() && !criterion.input.target.empty()) {
        throw InvalidTree(i, node.spec.code, "input",
                          detail::CodedReason(detail::score_error("framework.input_both")));
      }
    } else {
      if (criterion.rule) {
        throw InvalidTree(i, node.spec.code, "rule",
                          detail::CodedReason(detail::score_error("framework.inner_rule")));
      }
      if (!criterion.input.indicator.empty() || !criterion.input.target.empty()) {
        throw InvalidTree(i, node.spec.code, "input",
                          detail::CodedReason(detail::score_error("framework.inner_input")));
      }
    }
  }
  for (std::size_t i = 0; i < tree_.size(); ++i) {
    for (const std::string& level : info_[i].levels) {
      if (!level_setting(level)) {
        std::string known;
        for (const LevelSetting& setting : meta_.levels) {
          known += (known.empty() ? "" : ", ") + setting.key;
        }
        throw InvalidTree(
            i, tree_.node(i).spec.code, "levels",
            known.empty() ? detail::CodedReason(detail::score_error("framework.level_undeclared"),
                                                {{"level", level}})
                          : detail::CodedReason(detail::score_error("framework.level_not_declared"),
                                                {{"level", level}, {"declared", known}}));
      }
    }
  }
  if (meta_.round_leaf_points && (*meta_.round_leaf_points < 0 || *meta_.round_leaf_points > 6)) {
    throw Error("framework round_leaf_points " + std::to_string(*meta_.round_leaf_points) +
                " outside [0, 6]");
  }
  for (std::size_t b = 1; b < bands_.size(); ++b) {
    if (!(bands_[b].from_percent < bands_[b - 1].from_percent)) {
      throw Error("framework bands must be listed from the highest to the lowest 'from', '" +
                  bands_[b].name + "' is not below '" + bands_[b - 1].name + "'");
    }
  }
}

const Rule& Framework::rule(std::size_t node) const {
  const CriterionInfo& criterion = info_.at(node);
  if (!criterion.rule) {
    throw Error("criterion '" + tree_.node(node).spec.code + "' has children, not a rule");
  }
  return *criterion.rule;
}

std::optional<LevelSetting> Framework::level_setting(std::string_view key) const {
  for (const LevelSetting& setting : meta_.levels) {
    if (setting.key == key) return setting;
  }
  return std::nullopt;
}

bool Framework::applies_at(std::size_t node, std::string_view key) const {
  // A node applies where it and every ancestor apply.
  std::optional<std::size_t> cursor = node;
  while (cursor) {
    const std::vector<std::string>& levels = info_.at(*cursor).levels;
    if (!levels.empty() && std::find(levels.begin(), levels.end(), key) == levels.end()) {
      return false;
    }
    cursor = tree_.node(*cursor).parent;
  }
  return true;
}

std::string Framework::band_of(double percent) const {
  for (const Band& band : bands_) {
    if (percent >= band.from_percent) return band.name;
  }
  return {};
}

}  // namespace cchc::score
