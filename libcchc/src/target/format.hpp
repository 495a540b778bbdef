// Number formatting for the explanation sentences of target evaluations (private).
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace cchc::target::detail {

/// A number as a person writes it: up to four decimals, trailing zeros removed ("98", "0.6",
/// "1020.5"); very large or small magnitudes in scientific notation.
inline std::string number(double x) {
  char buffer[64];
  const double magnitude = std::fabs(x);
  if (magnitude != 0.0 && (magnitude >= 1e12 || magnitude < 1e-4)) {
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.4f", x);
  std::string text = buffer;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

/// A share of 1 as percent with one decimal: 0.456 -> "45.6%", 0.50137 -> "50.1%".
inline std::string share(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f", x * 100.0);
  std::string text = buffer;
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  if (text == "-0") text = "0";
  return text + "%";
}

}  // namespace cchc::target::detail
