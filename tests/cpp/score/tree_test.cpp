#include "cchc/score/tree.hpp"

#include <doctest/doctest.h>

using cchc::score::Aggregation;
using cchc::score::CriteriaTree;
using cchc::score::InvalidTree;
using cchc::score::NodeSpec;

namespace {

NodeSpec node(std::string code, std::string parent, double max,
              Aggregation aggregation = Aggregation::sum_capped) {
  return NodeSpec{std::move(code), std::move(parent), "tên", max, aggregation, 1.0};
}

std::string reason_of(std::vector<NodeSpec> specs) {
  try {
    (void)CriteriaTree::build(std::move(specs));
  } catch (const InvalidTree& error) {
    return error.code() + ": " + error.reason();
  }
  return "valid";
}

}  // namespace

TEST_CASE("CriteriaTree: structure, order and lookups") {
  const CriteriaTree tree =
      CriteriaTree::build({node("1", "", 10), node("1.1", "1", 6), node("1.2", "1", 4),
                           node("2", "", 5), node("1.1.a", "1.1", 6)});
  CHECK(tree.size() == 5);
  CHECK(tree.roots().size() == 2);
  CHECK(tree.total_max() == doctest::Approx(15));
  CHECK(tree.max_depth() == 2);
  CHECK(tree.node(tree.index_of("1.1.a")).depth == 2);
  CHECK(tree.node(0).children == std::vector<std::size_t>{1, 2});
  CHECK(tree.node(1).parent == std::optional<std::size_t>(0));
  CHECK(std::vector<std::size_t>(tree.leaves().begin(), tree.leaves().end()) ==
        std::vector<std::size_t>{2, 3, 4});
  // Children come before their parents in bottom_up().
  std::vector<std::size_t> position(tree.size());
  for (std::size_t i = 0; i < tree.size(); ++i) position[tree.bottom_up()[i]] = i;
  for (const auto& n : tree.nodes()) {
    if (n.parent) CHECK(position[*n.parent] > position[tree.index_of(n.spec.code)]);
  }
  CHECK_FALSE(tree.find("9").has_value());
  CHECK_THROWS_AS((void)tree.index_of("9"), cchc::Error);
}

TEST_CASE("CriteriaTree: validation names the node and the reason") {
  CHECK(reason_of({node("1", "", 1), node("1", "", 1)}).starts_with("1: duplicate code"));
  CHECK(reason_of({node("", "", 1)}) == ": empty code");
  CHECK(reason_of({node("1", "", 1), node("1.1", "9", 1)}) ==
        "1.1: parent '9' is not a criterion of this tree");
  CHECK(reason_of({node("a", "a", 1)}) == "a: node is its own parent");
  CHECK(reason_of({node("a", "b", 1), node("b", "a", 1)}).find("cycle") != std::string::npos);
  CHECK(reason_of({node("1", "", 0)}).find("maximum points must be") != std::string::npos);
  CHECK(reason_of({node("1", "", -2)}).find("> 0") != std::string::npos);
  NodeSpec zero_weight = node("1", "", 1);
  zero_weight.weight = 0;
  CHECK(reason_of({zero_weight}).find("weight") != std::string::npos);
  // Children's maxima: a sum_capped parent must be reachable; more is allowed (bonus, cap).
  CHECK(reason_of({node("1", "", 10), node("1.1", "1", 4), node("1.2", "1", 5)})
            .find("sum to 9, below the node's maximum 10") != std::string::npos);
  CHECK(reason_of({node("1", "", 10), node("1.1", "1", 6), node("1.2", "1", 5)}) == "valid");
  CHECK(reason_of({node("1", "", 10), node("1.1", "1", 5), node("1.2", "1", 5)}) == "valid");
  // weighted_mean and min scale their children's shares: any children's maxima are consistent.
  CHECK(reason_of({node("1", "", 10, Aggregation::weighted_mean), node("1.1", "1", 1)}) == "valid");
  CHECK(reason_of({node("1", "", 10, Aggregation::min), node("1.1", "1", 1)}) == "valid");
}

TEST_CASE("CriteriaTree: aggregation names") {
  for (auto aggregation : {Aggregation::sum_capped, Aggregation::weighted_mean, Aggregation::min}) {
    CHECK(cchc::score::aggregation_from_string(cchc::score::to_string(aggregation)) == aggregation);
  }
  CHECK_FALSE(cchc::score::aggregation_from_string("mean").has_value());
  CHECK(CriteriaTree{}.empty());
}
