// A scoring framework: a criteria tree plus, per node, where its facts come from and, per leaf,
// the rule that scores it. Loaded from and saved to the TOML framework file
// (io/framework_file.hpp, format in docs/score/frameworks.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/score/rule.hpp"
#include "cchc/score/tree.hpp"

namespace cchc::score {

/// Where a node's text, maximum and rule come from.
enum class Provenance : std::uint8_t {
  official,       // read in the legal text or an official publication
  reconstructed,  // rebuilt from practice or portal-derived code; unverified in detail
  illustrative,   // an example, not anybody's rule
};
[[nodiscard]] std::string_view to_string(Provenance provenance) noexcept;
[[nodiscard]] std::optional<Provenance> provenance_from_string(std::string_view key) noexcept;

/// Who gives a leaf its score. The unit answers its own leaves in the self-assessment; the
/// Department or Ministry of Home Affairs scores some criteria itself in its appraisal round
/// (thẩm định), and survey results (điều tra xã hội học, SIPAS) fill others. Leaves not scored
/// by the unit are not asked of it: they are never "unanswered", and a self-score on one is a
/// finding (docs/score/frameworks.md, "Who scores a criterion").
enum class ScoredBy : std::uint8_t {
  unit,          // the unit's self-assessment (the default)
  home_affairs,  // the appraising Department / Ministry of Home Affairs
  survey,        // a sociological survey's result
};
[[nodiscard]] std::string_view to_string(ScoredBy scored_by) noexcept;
[[nodiscard]] std::optional<ScoredBy> scored_by_from_string(std::string_view key) noexcept;

/// Where a leaf's input may come from, besides the self-assessment itself.
struct InputSource {
  std::string indicator;  // a dossier indicator key ("on_time_rate"): value = its percent
  std::string target;     // a target id: the caller supplies its status string
  friend bool operator==(const InputSource&, const InputSource&) = default;
};

/// A level of unit the framework scores (province, department, district, commune) and what a
/// leaf that does not apply at that level is worth.
struct LevelSetting {
  std::string key;   // "commune"
  std::string name;  // "Cấp xã"
  /// true: a leaf whose `levels` leave this level out gets its full points (the portal's stated
  /// policy for communes); false: it leaves the score and the maximum (not applicable).
  bool excluded_full_points = false;
  friend bool operator==(const LevelSetting&, const LevelSetting&) = default;
};

/// What the framework says about one node beyond the tree.
struct CriterionInfo {
  std::optional<Rule> rule;  // leaves only
  std::string metric;        // a stable machine key beside the human code ("PUBLISH_ON_TIME")
  std::vector<std::string> levels;  // levels it applies at; empty: every level
  bool evidence_required = false;
  Provenance provenance = Provenance::official;
  std::string source;  // legal basis or where the fact was seen
  std::string note;
  InputSource input;
  // Who scores it. In a framework file an inner node's value is the default of the nodes
  // below it; here every node carries its resolved value.
  ScoredBy scored_by = ScoredBy::unit;
  std::size_t line = 0;  // line in the file it came from (0 when built in code)
  friend bool operator==(const CriterionInfo& a, const CriterionInfo& b) {
    // The line is where it came from, not what it is.
    return a.rule == b.rule && a.metric == b.metric && a.levels == b.levels &&
           a.evidence_required == b.evidence_required &&
           a.provenance == b.provenance && a.source == b.source && a.note == b.note &&
           a.input == b.input && a.scored_by == b.scored_by;
  }
};

/// A named band of the final percentage ("Xuất sắc" from 90).
struct Band {
  std::string name;
  double from_percent = 0.0;  // inclusive
  Provenance provenance = Provenance::official;
  friend bool operator==(const Band&, const Band&) = default;
};

struct FrameworkMeta {
  std::string id;    // "decision-766-portal"
  std::string name;  // Vietnamese title
  std::string version;
  std::string legal_basis;
  std::string level;                             // "province", "department", …
  Provenance provenance = Provenance::official;  // default for the criteria
  std::string note;
  /// Leaf points are rounded to this many decimals before they are summed (the portal rounds
  /// each item to 2); the unrounded points stay in NodeScore::unrounded_points.
  std::optional<int> round_leaf_points;
  std::vector<LevelSetting> levels;  // empty: the framework has one level (`level`)
  friend bool operator==(const FrameworkMeta&, const FrameworkMeta&) = default;
};

class Framework {
 public:
  Framework() = default;
  /// Validates that leaves, and only leaves, have rules, that their parameters fit their
  /// maxima, that manual leaves require evidence and that bands increase. Throws
  /// InvalidTree naming the node (index into tree.nodes()).
  Framework(FrameworkMeta meta, CriteriaTree tree, std::vector<CriterionInfo> info,
            std::vector<Band> bands = {});

  [[nodiscard]] const FrameworkMeta& meta() const noexcept { return meta_; }
  [[nodiscard]] const CriteriaTree& tree() const noexcept { return tree_; }
  [[nodiscard]] const CriterionInfo& info(std::size_t node) const { return info_.at(node); }
  [[nodiscard]] const std::vector<CriterionInfo>& info() const noexcept { return info_; }
  [[nodiscard]] const std::vector<Band>& bands() const noexcept { return bands_; }
  /// The rule of leaf `node`; throws cchc::Error for an inner node.
  [[nodiscard]] const Rule& rule(std::size_t node) const;
  /// The level setting `key`; std::nullopt when the framework does not declare it.
  [[nodiscard]] std::optional<LevelSetting> level_setting(std::string_view key) const;
  /// Whether leaf or node `node` applies at level `key` (true when it lists no levels).
  [[nodiscard]] bool applies_at(std::size_t node, std::string_view key) const;
  /// The band of `percent`, empty when below every band or there are none.
  [[nodiscard]] std::string band_of(double percent) const;

  friend bool operator==(const Framework&, const Framework&) = default;

 private:
  FrameworkMeta meta_;
  CriteriaTree tree_;
  std::vector<CriterionInfo> info_;
  std::vector<Band> bands_;
};

}  // namespace cchc::score
