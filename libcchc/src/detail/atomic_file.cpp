#include "cchc/detail/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

#include "cchc/error.hpp"

namespace cchc::detail {

namespace {

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path,
                       const std::string& reason) {
  throw Error("cannot write " + std::string(what) + " '" + path.string() + "': " + reason);
}

/// A name no other writer (thread or process) uses: pid, a process-wide counter and a random
/// number, next to the target so that the rename stays within one file system.
std::filesystem::path temporary_name(const std::filesystem::path& path) {
  static std::atomic<unsigned long> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string name = std::string(".") + path.filename().string() + ".tmp-" +
                     std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1)) + "-" +
                     std::to_string(random() % 1000000);
  return path.parent_path() / name;
}

/// Removes the temporaries of `path` that a killed writer left behind (SIGKILL, a power cut):
/// `.<name>.tmp-<pid>-…` beside it whose process no longer exists. A live writer's file, or
/// any other name, is left alone. The Python writers (cchc/_files.py) name and sweep theirs
/// the same way.
void sweep_stale_temporaries(const std::filesystem::path& path) {
  const std::string prefix = std::string(".") + path.filename().string() + ".tmp-";
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code error;
  std::filesystem::directory_iterator entries(directory, error);
  if (error) return;
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::size_t end = prefix.size();
    long long pid = 0;
    while (end < name.size() && name[end] >= '0' && name[end] <= '9' && pid < 1'000'000'000) {
      pid = pid * 10 + (name[end] - '0');
      ++end;
    }
    if (end == prefix.size() || end >= name.size() || name[end] != '-') continue;
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive or not ours
    std::error_code ignored;
    if (entry.is_regular_file(ignored) && !entry.is_symlink(ignored)) {
      std::filesystem::remove(entry.path(), ignored);
    }
  }
}

/// Flushes the data of `file` (or the entry of a directory) to the disk.
bool sync(const std::filesystem::path& file, int flags) {
  const int descriptor = ::open(file.c_str(), flags | O_CLOEXEC);
  if (descriptor < 0) return false;
  const bool synced = ::fsync(descriptor) == 0;
  return ::close(descriptor) == 0 && synced;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& write, std::string_view what) {
  if (path.empty() || !path.has_filename()) fail(what, path, "not a file name");
  sweep_stale_temporaries(path);
  const std::filesystem::path temporary = temporary_name(path);
  // O_EXCL: never write through a name someone else created; 0666 minus the umask, like any
  // newly created file (mkstemp's 0600 would leak into the final file).
  const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (descriptor < 0) fail(what, path, std::strerror(errno));
  ::close(descriptor);
  try {
    {
      std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
      if (!stream) fail(what, path, "cannot open a temporary file beside it");
      write(stream);
      stream.flush();
      if (!stream) fail(what, path, "the write failed (disk full?)");
    }
    if (!sync(temporary, O_RDONLY)) fail(what, path, std::strerror(errno));
    std::error_code status_error;
    const auto existing = std::filesystem::status(path, status_error);
    if (!status_error && std::filesystem::is_regular_file(existing)) {
      std::filesystem::permissions(temporary, existing.permissions(),
                                   std::filesystem::perm_options::replace, status_error);
    }
    std::error_code rename_error;
    std::filesystem::rename(temporary, path, rename_error);
    if (rename_error) fail(what, path, rename_error.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  // The rename itself reaches the disk with the directory; a failure here leaves a complete
  // file in place, so it is not an error.
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  sync(directory, O_RDONLY | O_DIRECTORY);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                           std::string_view what) {
  write_file_atomically(
      path,
      [contents](std::ostream& stream) {
        stream.write(contents.data(), static_cast<std::streamsize>(contents.size()));
      },
      what);
}

}  // namespace cchc::detail
