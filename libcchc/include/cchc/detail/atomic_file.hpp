// Safe output: every file libcchc writes goes to a temporary file in the target's directory,
// is flushed to disk and then renamed over the target, so a reader (or a crash) sees either the
// old file whole or the new one whole, never half a report. docs/safe_output.md.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace cchc::detail {

/// Writes `path` through `write`: the stream is a new temporary file in the same directory
/// (same file system, so the final rename is atomic). When `write` returns and everything is
/// flushed and fsync'ed, the temporary file replaces `path` (keeping the permissions of the file
/// it replaces). If `write` throws or any step fails, the temporary file is removed, `path` is
/// left as it was, and the exception propagates (cchc::Error naming `what` and the path for an
/// I/O failure).
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write,
                           std::string_view what = "file");

/// The same with the whole contents at hand.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                           std::string_view what = "file");

}  // namespace cchc::detail
