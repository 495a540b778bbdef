// The engine's messages (cchc/score/message.hpp) as Python dicts, for every binding that
// returns them.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <pybind11/pybind11.h>

#include "cchc/score/message.hpp"

namespace cchc_bindings {

namespace py = pybind11;

/// A message as {"code": …, "arguments": {name: number or text}} (docs/i18n.md); None when
/// there is none.
inline py::object message_dict(const cchc::score::Message& message) {
  if (message.code.empty()) return py::none();
  py::dict arguments;
  for (const auto& [name, value] : message.arguments) {
    const py::str key(name.data(), name.size());
    if (const double* number = std::get_if<double>(&value)) {
      arguments[key] = *number;
    } else {
      arguments[key] = std::get<std::string>(value);
    }
  }
  py::dict out;
  out["code"] = py::str(message.code.data(), message.code.size());
  out["arguments"] = arguments;
  return out;
}

inline py::list message_list(const std::vector<cchc::score::Message>& parts) {
  py::list out;
  for (const cchc::score::Message& part : parts) out.append(message_dict(part));
  return out;
}

}  // namespace cchc_bindings
