// A criteria tree: codes, names, maximum points, aggregation and weights, nothing about how a
// leaf is scored. Scoring frameworks (score/framework.hpp) and the composite-index toolkit
// share it, so it stays a plain value type.
//
// Nodes keep the order they were given in (the file order); parent and children are indices
// into nodes(). A tree may have several top-level nodes (the areas of an index); their sum is
// the total. Validation rules and the exact meaning of each aggregation: docs/score/frameworks.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cchc/detail/coded_error.hpp"
#include "cchc/detail/errors/score.hpp"
#include "cchc/error.hpp"

namespace cchc::score {

/// How a node's points follow from its children's.
enum class Aggregation : std::uint8_t {
  sum_capped,     // min(max, sum of children's points)
  weighted_mean,  // max × Σ wᵢ·(pᵢ/mᵢ) / Σ wᵢ over applicable children
  min,            // max × minᵢ (pᵢ/mᵢ)
};

/// "sum_capped", "weighted_mean", "min".
[[nodiscard]] std::string_view to_string(Aggregation aggregation) noexcept;
/// The aggregation named `key`; std::nullopt when there is none.
[[nodiscard]] std::optional<Aggregation> aggregation_from_string(std::string_view key) noexcept;

/// One node as given (parent by code). The input of CriteriaTree::build.
struct NodeSpec {
  std::string code;
  std::string parent_code;  // empty for a top-level node
  std::string name;         // Vietnamese name as the framework writes it
  double max_points = 0.0;
  Aggregation aggregation = Aggregation::sum_capped;
  double weight = 1.0;  // used by a weighted_mean parent

  friend bool operator==(const NodeSpec&, const NodeSpec&) = default;
};

struct TreeNode {
  NodeSpec spec;
  std::optional<std::size_t> parent;  // index into nodes()
  std::vector<std::size_t> children;  // in input order
  std::size_t depth = 0;              // 0 for top-level nodes

  [[nodiscard]] bool is_leaf() const noexcept { return children.empty(); }
  friend bool operator==(const TreeNode&, const TreeNode&) = default;
};

/// A tree that failed validation: which node (index into the specs, code) and why.
class InvalidTree : public Error {
 public:
  InvalidTree(std::size_t node_index, std::string code, std::string field, std::string reason)
      : Error("criterion '" + code + "': " + reason),
        node_index_(node_index),
        code_(std::move(code)),
        field_(std::move(field)),
        reason_(detail::kEnglishOnly, {{"text", std::move(reason)}}) {}
  /// The reason as coded sentences: messages() are "criterion '{code}'" and then the reason's.
  InvalidTree(std::size_t node_index, std::string code, std::string field,
              detail::CodedReason reason)
      : Error("criterion '" + code + "': " + reason.english(),
              detail::CodedReason(detail::score_error("framework.criterion"), {{"code", code}})
                  .then(reason)
                  .messages()),
        node_index_(node_index),
        code_(std::move(code)),
        field_(std::move(field)),
        reason_(std::move(reason)) {}
  [[nodiscard]] std::size_t node_index() const noexcept { return node_index_; }
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  [[nodiscard]] const std::string& field() const noexcept { return field_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_.english(); }
  /// The reason without the criterion, for callers that name the node their own way; an
  /// uncoded reason is one sentence of English.
  [[nodiscard]] const detail::CodedReason& coded_reason() const noexcept { return reason_; }

 private:
  std::size_t node_index_;
  std::string code_;
  std::string field_;
  detail::CodedReason reason_;
};

class CriteriaTree {
 public:
  CriteriaTree() = default;

  /// Builds and validates in O(n log n), whatever the depth: non-empty unique codes, parents
  /// that exist, no cycles, finite maxima > 0, finite weights > 0, sums of maxima and weights
  /// that do not overflow, and children's maxima consistent with their parent's (a sum_capped
  /// parent needs Σ children's maxima ≥ its own maximum, else it could never be reached). Throws
  /// InvalidTree naming the first offending node.
  static CriteriaTree build(std::vector<NodeSpec> specs);

  [[nodiscard]] std::span<const TreeNode> nodes() const noexcept { return nodes_; }
  [[nodiscard]] const TreeNode& node(std::size_t index) const { return nodes_.at(index); }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }
  /// Top-level nodes, in input order.
  [[nodiscard]] std::span<const std::size_t> roots() const noexcept { return roots_; }
  /// Leaves in input order.
  [[nodiscard]] std::span<const std::size_t> leaves() const noexcept { return leaves_; }
  /// Every node with its children before it: the order in which to aggregate.
  [[nodiscard]] std::span<const std::size_t> bottom_up() const noexcept { return bottom_up_; }
  /// Index of `code`, std::nullopt when absent (O(log n)).
  [[nodiscard]] std::optional<std::size_t> find(std::string_view code) const noexcept;
  /// Index of `code`; throws cchc::Error naming the code when absent.
  [[nodiscard]] std::size_t index_of(std::string_view code) const;
  /// Σ maxima of the top-level nodes.
  [[nodiscard]] double total_max() const noexcept;
  /// The deepest depth (0 for a flat tree).
  [[nodiscard]] std::size_t max_depth() const noexcept;

  friend bool operator==(const CriteriaTree&, const CriteriaTree&) = default;

 private:
  std::vector<TreeNode> nodes_;
  std::vector<std::size_t> roots_;
  std::vector<std::size_t> leaves_;
  std::vector<std::size_t> bottom_up_;
  std::map<std::string, std::size_t, std::less<>> index_by_code_;  // find() in O(log n)
};

}  // namespace cchc::score
