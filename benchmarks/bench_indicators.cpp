// Grouped dossier counts per unit × quarter from C++: the columnar core (cchc/dossier/
// columns.hpp) on the columns bench_indicators.py writes as .npy files — ingest_columns then
// count_grouped, and both in one pass (count_columns) — against a plain loop over the same
// columns (the hardware bound). Run through bench_indicators.py, or alone:
//
//   bench_indicators_cpp DIR [REPEATS] [THREADS] [STEP]
//
// THREADS 0 (the default) is every core; the steps are also timed on one thread. STEP (all,
// ingest, counts, none) runs only that step REPEATS times, for `perf stat -e
// task-clock,instructions` (none: only the loading, to subtract).
//
// DIR holds unit.npy, channel.npy, status.npy (int8 codes; NaN-free), unit.txt, channel.txt,
// status.txt (the categories, one per line), received.npy, due.npy, resolved.npy (int64
// datetime64[s], NaT = INT64_MIN) and quarters.txt (first and last day numbers of each
// quarter's window, one "first last" pair per line). Prints one "name seconds" line per
// timing (best of REPEATS) and writes DIR/cpp_counts.csv (unit,window,counts…) for the check;
// a table of ns per row and per step goes to stderr.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cchc/calendar/work_calendar.hpp"
#include "cchc/dossier/columns.hpp"

using namespace cchc::dossier;

namespace {

// A 1-D little-endian .npy array, as raw bytes and its dtype descriptor.
struct Npy {
  std::string descr;
  std::size_t rows = 0;
  std::vector<char> bytes;
};

Npy read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  char magic[8];
  in.read(magic, 8);
  if (std::memcmp(magic, "\x93NUMPY", 6) != 0) throw std::runtime_error(path + ": not .npy");
  std::size_t header_size = 0;
  if (magic[6] == 1) {
    unsigned char size[2];
    in.read(reinterpret_cast<char*>(size), 2);
    header_size = size[0] | (std::size_t{size[1]} << 8);
  } else {
    unsigned char size[4];
    in.read(reinterpret_cast<char*>(size), 4);
    header_size = size[0] | (std::size_t{size[1]} << 8) | (std::size_t{size[2]} << 16) |
                  (std::size_t{size[3]} << 24);
  }
  std::string header(header_size, ' ');
  in.read(header.data(), static_cast<std::streamsize>(header_size));
  Npy npy;
  const auto descr = header.find("'descr': '") + 10;
  npy.descr = header.substr(descr, header.find('\'', descr) - descr);
  const auto shape = header.find("'shape': (") + 10;
  npy.rows = std::stoull(header.substr(shape, header.find(',', shape) - shape));
  if (header.find("'fortran_order': False") == std::string::npos) {
    throw std::runtime_error(path + ": Fortran order");
  }
  const std::size_t item = npy.descr == "|i1" ? 1 : npy.descr == "<i8" ? 8 : 0;
  if (item == 0) throw std::runtime_error(path + ": dtype " + npy.descr + " not i1 / i8");
  npy.bytes.resize(npy.rows * item);
  in.read(npy.bytes.data(), static_cast<std::streamsize>(npy.bytes.size()));
  return npy;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// code → enum value through the enum's keys (what Python does with _enum_value).
template <typename Enum>
std::vector<std::int16_t> enum_values(const std::vector<std::string>& categories,
                                      std::optional<Enum> (*from_key)(std::string_view)) {
  std::vector<std::int16_t> values;
  for (const std::string& category : categories) {
    const auto value = from_key(category);
    values.push_back(value ? static_cast<std::int16_t>(*value) : EnumColumnView::kInvalidCode);
  }
  return values;
}

template <typename Work>
double best_of(int repeats, Work&& work) {
  double best = std::numeric_limits<double>::infinity();
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_indicators_cpp DIR [REPEATS] [THREADS] [all|ingest|counts|none]\n";
    return 2;
  }
  const std::string dir = argv[1];
  const int repeats = argc > 2 ? std::stoi(argv[2]) : 3;
  const unsigned threads = argc > 3 ? static_cast<unsigned>(std::stoul(argv[3])) : 0;
  const std::string step = argc > 4 ? argv[4] : "all";
  if (step != "all" && step != "ingest" && step != "counts" && step != "fused" && step != "none") {
    std::cerr << "STEP must be all, ingest, counts, fused or none\n";
    return 2;
  }

  const Npy unit = read_npy(dir + "/unit.npy");
  const Npy channel = read_npy(dir + "/channel.npy");
  const Npy status = read_npy(dir + "/status.npy");
  const Npy received = read_npy(dir + "/received.npy");
  const Npy due = read_npy(dir + "/due.npy");
  const Npy resolved = read_npy(dir + "/resolved.npy");
  const std::vector<std::string> units = read_lines(dir + "/unit.txt");
  const std::vector<std::int16_t> channels =
      enum_values<Channel>(read_lines(dir + "/channel.txt"), &channel_from_key);
  const std::vector<std::int16_t> statuses =
      enum_values<Status>(read_lines(dir + "/status.txt"), &status_from_key);
  std::vector<cchc::calendar::DataRange> windows;
  {
    std::ifstream in(dir + "/quarters.txt");
    for (std::int32_t first = 0, last = 0; in >> first >> last;) {
      windows.push_back({cchc::Date::from_days(first), cchc::Date::from_days(last)});
    }
  }

  DossierColumnsView view;
  view.rows = received.rows;
  view.unit = {{unit.bytes.data(), 1, nullptr}, units};
  view.channel = {{channel.bytes.data(), 1, nullptr}, channels};
  view.status = {{status.bytes.data(), 1, nullptr}, statuses};
  view.received = {received.bytes.data(), DateUnit::seconds, nullptr};
  view.due = {due.bytes.data(), DateUnit::seconds, nullptr};
  view.resolved = {resolved.bytes.data(), DateUnit::seconds, nullptr};

  const cchc::calendar::WorkCalendar calendar;
  TableIngestOptions options;
  options.threads = threads;
  GroupedCountsRequest request;
  request.by = {GroupBy::unit};
  request.windows = windows;
  request.threads = threads;

  if (step == "none") return 0;
  if (step == "fused") {
    for (int i = 0; i < repeats; ++i) {
      if (count_columns(view, calendar, {}, options, request).rows_accepted != view.rows) return 1;
    }
    return 0;
  }
  if (step == "ingest") {
    for (int i = 0; i < repeats; ++i) {
      if (ingest_columns(view, calendar, {}, options).table.size() != view.rows) return 1;
    }
    return 0;
  }
  TableIngest ingested = ingest_columns(view, calendar, {}, options);
  if (!ingested.rejected.empty()) {
    std::cerr << ingested.rejected.size()
              << " rows rejected: " << ingested.rejected.front().message() << "\n";
    return 1;
  }
  GroupedCounts counts;
  if (step == "counts") {
    for (int i = 0; i < repeats; ++i) counts = count_grouped(ingested.table, request);
    return counts.groups() == 0 ? 1 : 0;
  }
  const double ingest_seconds =
      best_of(repeats, [&] { ingested = ingest_columns(view, calendar, {}, options); });
  const double count_seconds =
      best_of(repeats, [&] { counts = count_grouped(ingested.table, request); });
  const double total_seconds = best_of(repeats, [&] {
    counts = count_grouped(ingest_columns(view, calendar, {}, options).table, request);
  });
  // Both steps in one pass, without writing the table (count_columns).
  ColumnCounts fused;
  const double fused_seconds =
      best_of(repeats, [&] { fused = count_columns(view, calendar, {}, options, request); });
  if (fused.counts.counts != counts.counts || !fused.rejected.empty()) {
    std::cerr << "count_columns differs from ingest_columns + count_grouped\n";
    return 1;
  }
  // The same on one thread: the per-row cost of each step without the second core.
  TableIngestOptions one_thread = options;
  one_thread.threads = 1;
  GroupedCountsRequest one_thread_request = request;
  one_thread_request.threads = 1;
  const double ingest_1_seconds =
      best_of(repeats, [&] { ingested = ingest_columns(view, calendar, {}, one_thread); });
  const double count_1_seconds =
      best_of(repeats, [&] { counts = count_grouped(ingested.table, one_thread_request); });
  const double total_1_seconds = best_of(repeats, [&] {
    counts =
        count_grouped(ingest_columns(view, calendar, {}, one_thread).table, one_thread_request);
  });
  const double fused_1_seconds =
      best_of(repeats, [&] { fused = count_columns(view, calendar, {}, one_thread, request); });

  // The hardware bound: one plain pass over the same six columns as they are in memory.
  std::int64_t checksum = 0;
  const double scan_seconds = best_of(repeats, [&] {
    const auto* r = reinterpret_cast<const std::int64_t*>(received.bytes.data());
    const auto* d = reinterpret_cast<const std::int64_t*>(due.bytes.data());
    const auto* s = reinterpret_cast<const std::int64_t*>(resolved.bytes.data());
    const auto* u = reinterpret_cast<const std::int8_t*>(unit.bytes.data());
    const auto* c = reinterpret_cast<const std::int8_t*>(channel.bytes.data());
    const auto* t = reinterpret_cast<const std::int8_t*>(status.bytes.data());
    std::int64_t sum = 0;
    for (std::size_t row = 0; row < received.rows; ++row) {
      sum += r[row] + d[row] + s[row] + u[row] + c[row] + t[row];
    }
    checksum += sum;
  });
  // And over the compact validated table the count reads (int32 days, int32 / uint8 codes).
  const double table_scan_seconds = best_of(repeats, [&] {
    const DossierTable& table = ingested.table;
    std::int64_t sum = 0;
    for (std::size_t row = 0; row < table.size(); ++row) {
      sum += table.received[row] + table.due[row] + table.resolved[row] + table.unit.codes[row] +
             static_cast<std::int64_t>(table.channel[row]) +
             static_cast<std::int64_t>(table.status[row]);
    }
    checksum += sum;
  });

  std::printf("ingest %.6f\ncounts %.6f\ntotal %.6f\nscan %.6f\ntable_scan %.6f\n", ingest_seconds,
              count_seconds, total_seconds, scan_seconds, table_scan_seconds);
  std::printf("fused %.6f\n", fused_seconds);
  std::printf("ingest_1thread %.6f\ncounts_1thread %.6f\ntotal_1thread %.6f\nfused_1thread %.6f\n",
              ingest_1_seconds, count_1_seconds, total_1_seconds, fused_1_seconds);
  const double rows = static_cast<double>(view.rows);
  const auto line = [&](const char* name, double seconds, double one) {
    std::fprintf(stderr, "%-32s %8.2f ms %6.2f ns/row %5.1fx | %8.2f ms %6.2f ns/row %5.1fx\n",
                 name, seconds * 1e3, seconds * 1e9 / rows, seconds / scan_seconds, one * 1e3,
                 one * 1e9 / rows, one / scan_seconds);
  };
  // The ratios are to the plain scan of the input columns (one thread).
  std::fprintf(stderr, "%-32s %-30s | %s\n", "step (best of REPEATS)",
               "all threads: time, per row, / scan", "one thread");
  line("ingest (6 columns)", ingest_seconds, ingest_1_seconds);
  line("counts (unit x quarter)", count_seconds, count_1_seconds);
  line("ingest + counts", total_seconds, total_1_seconds);
  line("ingest + counts fused", fused_seconds, fused_1_seconds);
  line("plain scan, 6 input columns", scan_seconds, scan_seconds);
  line("plain scan, 6 validated columns", table_scan_seconds, table_scan_seconds);
  std::printf("checksum %lld\n", static_cast<long long>(checksum % 1000));

  std::ofstream out(dir + "/cpp_counts.csv");
  out << "unit,window,received_new,resolved_early,resolved_on_time,resolved_late,"
         "pending_within,pending_overdue,new_online\n";
  for (std::size_t g = 0; g < counts.groups(); ++g) {
    for (std::size_t w = 0; w < counts.windows; ++w) {
      const IndicatorCounts& c = counts.at(g, w);
      out << '"' << counts.label(g, 0) << "\"," << w << ',' << c.received_new << ','
          << c.resolved_early << ',' << c.resolved_on_time << ',' << c.resolved_late << ','
          << c.pending_within << ',' << c.pending_overdue << ',' << c.new_online << '\n';
    }
  }
  return 0;
}
