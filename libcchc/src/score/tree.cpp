#include "cchc/score/tree.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

namespace cchc::score {

namespace {

constexpr double kTolerance = 1e-9;

std::string format_points(double value) {
  std::string text = std::to_string(value);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string_view to_string(Aggregation aggregation) noexcept {
  switch (aggregation) {
    case Aggregation::sum_capped:
      return "sum_capped";
    case Aggregation::weighted_mean:
      return "weighted_mean";
    case Aggregation::min:
      return "min";
  }
  return "sum_capped";
}

std::optional<Aggregation> aggregation_from_string(std::string_view key) noexcept {
  if (key == "sum_capped") return Aggregation::sum_capped;
  if (key == "weighted_mean") return Aggregation::weighted_mean;
  if (key == "min") return Aggregation::min;
  return std::nullopt;
}

CriteriaTree CriteriaTree::build(std::vector<NodeSpec> specs) {
  CriteriaTree tree;
  std::map<std::string, std::size_t, std::less<>> index_by_code;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const NodeSpec& spec = specs[i];
    if (spec.code.empty())
      throw InvalidTree(i, spec.code, "code",
                        detail::CodedReason(detail::score_error("tree.empty_code")));
    if (!index_by_code.emplace(spec.code, i).second) {
      throw InvalidTree(
          i, spec.code, "code",
          detail::CodedReason(detail::score_error("tree.duplicate_code"),
                              {{"first", std::to_string(index_by_code[spec.code] + 1)}}));
    }
    if (!(spec.max_points > 0.0) || !std::isfinite(spec.max_points)) {
      throw InvalidTree(i, spec.code, "max",
                        detail::CodedReason(detail::score_error("tree.max_invalid"),
                                            {{"value", format_points(spec.max_points)}}));
    }
    if (!(spec.weight > 0.0) || !std::isfinite(spec.weight)) {
      throw InvalidTree(i, spec.code, "weight",
                        detail::CodedReason(detail::score_error("tree.weight_invalid"),
                                            {{"value", format_points(spec.weight)}}));
    }
  }
  tree.nodes_.reserve(specs.size());
  for (NodeSpec& spec : specs) tree.nodes_.push_back(TreeNode{std::move(spec), {}, {}, 0});

  for (std::size_t i = 0; i < tree.nodes_.size(); ++i) {
    TreeNode& node = tree.nodes_[i];
    if (node.spec.parent_code.empty()) {
      tree.roots_.push_back(i);
      continue;
    }
    const auto found = index_by_code.find(node.spec.parent_code);
    if (found == index_by_code.end()) {
      throw InvalidTree(i, node.spec.code, "parent",
                        detail::CodedReason(detail::score_error("tree.parent_unknown"),
                                            {{"parent", node.spec.parent_code}}));
    }
    if (found->second == i)
      throw InvalidTree(i, node.spec.code, "parent",
                        detail::CodedReason(detail::score_error("tree.own_parent")));
    node.parent = found->second;
    tree.nodes_[found->second].children.push_back(i);
  }

  // Depths, each node's once: walk up to a node whose depth is known (or a top-level node),
  // then assign depths on the way back. A walk that meets its own path is a cycle, a chain of
  // parents that never reaches a top-level node. O(n) for any depth.
  enum class Visit : std::uint8_t { not_yet, on_path, done };
  std::vector<Visit> visit(tree.nodes_.size(), Visit::not_yet);
  std::vector<std::size_t> path;
  for (std::size_t i = 0; i < tree.nodes_.size(); ++i) {
    std::optional<std::size_t> cursor = i;
    while (cursor && visit[*cursor] == Visit::not_yet) {
      visit[*cursor] = Visit::on_path;
      path.push_back(*cursor);
      cursor = tree.nodes_[*cursor].parent;
    }
    if (cursor && visit[*cursor] == Visit::on_path) {
      throw InvalidTree(i, tree.nodes_[i].spec.code, "parent",
                        detail::CodedReason(detail::score_error("tree.cycle")));
    }
    std::size_t depth = cursor ? tree.nodes_[*cursor].depth + 1 : 0;
    for (auto node = path.rbegin(); node != path.rend(); ++node, ++depth) {
      tree.nodes_[*node].depth = depth;
      visit[*node] = Visit::done;
    }
    path.clear();
  }

  for (std::size_t i = 0; i < tree.nodes_.size(); ++i) {
    const TreeNode& node = tree.nodes_[i];
    if (node.is_leaf()) {
      tree.leaves_.push_back(i);
      continue;
    }
    double children_max = 0.0;
    double children_weight = 0.0;
    for (std::size_t child : node.children) {
      children_max += tree.nodes_[child].spec.max_points;
      children_weight += tree.nodes_[child].spec.weight;
    }
    // Finite parts whose sum is not: every score of this node would be inf or NaN.
    if (!std::isfinite(children_max)) {
      throw InvalidTree(i, node.spec.code, "max",
                        detail::CodedReason(detail::score_error("tree.maxima_overflow")));
    }
    if (!std::isfinite(children_weight)) {
      throw InvalidTree(i, node.spec.code, "weight",
                        detail::CodedReason(detail::score_error("tree.weights_overflow")));
    }
    if (node.spec.aggregation == Aggregation::sum_capped) {
      if (children_max + kTolerance * std::max(1.0, node.spec.max_points) < node.spec.max_points) {
        throw InvalidTree(i, node.spec.code, "max",
                          detail::CodedReason(detail::score_error("tree.maxima_below"),
                                              {{"sum", format_points(children_max)},
                                               {"max", format_points(node.spec.max_points)}}));
      }
    }
  }

  double roots_max = 0.0;
  for (std::size_t root : tree.roots_) {
    roots_max += tree.nodes_[root].spec.max_points;
    if (!std::isfinite(roots_max)) {
      throw InvalidTree(root, tree.nodes_[root].spec.code, "max",
                        detail::CodedReason(detail::score_error("tree.top_overflow")));
    }
  }
  tree.index_by_code_ = std::move(index_by_code);

  // Deepest nodes first gives children before parents.
  tree.bottom_up_.resize(tree.nodes_.size());
  for (std::size_t i = 0; i < tree.bottom_up_.size(); ++i) tree.bottom_up_[i] = i;
  std::stable_sort(
      tree.bottom_up_.begin(), tree.bottom_up_.end(),
      [&](std::size_t a, std::size_t b) { return tree.nodes_[a].depth > tree.nodes_[b].depth; });
  return tree;
}

std::optional<std::size_t> CriteriaTree::find(std::string_view code) const noexcept {
  const auto found = index_by_code_.find(code);
  if (found == index_by_code_.end()) return std::nullopt;
  return found->second;
}

std::size_t CriteriaTree::index_of(std::string_view code) const {
  const auto found = find(code);
  if (!found) throw Error("no criterion with code '" + std::string(code) + "'");
  return *found;
}

double CriteriaTree::total_max() const noexcept {
  double total = 0.0;
  for (std::size_t root : roots_) total += nodes_[root].spec.max_points;
  return total;
}

std::size_t CriteriaTree::max_depth() const noexcept {
  std::size_t depth = 0;
  for (const TreeNode& node : nodes_) depth = std::max(depth, node.depth);
  return depth;
}

}  // namespace cchc::score
