// Access to the data files of libcchc/data compiled into the library.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cchc/error.hpp"

namespace cchc::detail {

struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};

/// Every file of libcchc/data, as it was when the library was built.
std::span<const EmbeddedFile> embedded_files() noexcept;

/// The content of the shipped data file `name` (e.g. "vn-official-schedules.csv").
inline std::string_view embedded_file(std::string_view name) {
  for (const EmbeddedFile& file : embedded_files()) {
    if (file.name == name) return file.content;
  }
  throw Error("libcchc was built without the data file '" + std::string(name) + "'");
}

}  // namespace cchc::detail
