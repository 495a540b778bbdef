#!/usr/bin/env bash
# One script for both README commands, on a fresh machine or an old one:
#   bash scripts/dev.sh demo   install everything, build, check and score the bundled self-assessment example
#   bash scripts/dev.sh test   install everything, build once, run every C++ (ctest) and Python (pytest) test
#   bash scripts/dev.sh sanitize   the same tests on an AddressSanitizer + UBSan build (build/asan)
#   bash scripts/dev.sh fuzz [seconds]   installs clang, builds the libFuzzer targets (build/fuzz) and
#                  runs each on its corpus (tests/fuzz/corpus): once over the corpus without a number,
#                  else `seconds` of fuzzing per target, one target at a time (docs/hardening.md)
# It installs Debian packages (Eigen, Boost.Date_Time, doctest, toml++, libcsv) when missing, creates .venv with
# the PyPI packages, and builds the library, its tests and the Python module in one CMake
# build (build/ci) shared by ctest and pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BUILD_DIR="$ROOT/build/ci"
VENV="$ROOT/.venv"
PYTHON=${PYTHON:-python3}

log() { printf '\n== %s\n' "$*" >&2; }

install_debian_packages() {
  local wanted=(g++ libeigen3-dev libboost-date-time-dev doctest-dev libtomlplusplus-dev libcsv-dev)
  local missing=()
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_python_packages() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    log "creating $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  log "installing PyPI packages"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r "$ROOT/requirements-dev.txt"
}

build() {
  log "building libcchc, its tests and the Python module (one build: $BUILD_DIR)"
  "$VENV/bin/python" -m pip install -q --no-build-isolation --no-deps \
    -Cbuild-dir="$BUILD_DIR" \
    -Ccmake.define.CCHC_BUILD_TESTS=ON \
    -Ccmake.define.CCHC_WARNINGS_AS_ERRORS=ON \
    -Cbuild.verbose=false \
    "$ROOT"
}

run_demo() {
  # The worked example: a department's dossier export + its plan + its self-assessment
  # → validated (cchc check) → scored with an HTML report (cchc score --report).
  local cchc="$VENV/bin/cchc" data="$ROOT/examples/data" out="$ROOT/build/demo"
  local framework=department-example assessment="$data/score/so-cong-thuong-2024-q1.toml"
  local inputs=(--dossiers "$data/dossiers-q1.csv" --period 2024-Q1
    --plan "$data/score/ke-hoach-cchc-so-cong-thuong-2024.toml" --on 2024-03-31)
  mkdir -p "$out"
  log "cchc check $framework so-cong-thuong-2024-q1.toml --dossiers dossiers-q1.csv --period 2024-Q1 --plan … --on 2024-03-31"
  "$cchc" check "$framework" "$assessment" "${inputs[@]}"
  log "cchc score … --report build/demo/report.html"
  "$cchc" score "$framework" "$assessment" "${inputs[@]}" --report "$out/report.html"
  "$cchc" score "$framework" "$assessment" "${inputs[@]}" --report "$out/report.xlsx" --json >/dev/null
  log "report: $out/report.html (open it in any browser, offline); workbook: $out/report.xlsx"
  log "cchc calendar due 2024-02-02 5   (a 5-working-day procedure received just before Tết 2024)"
  "$cchc" calendar due 2024-02-02 5 --explain
}

run_tests() {
  log "C++ tests (ctest)"
  "$VENV/bin/ctest" --test-dir "$BUILD_DIR" --output-on-failure
  log "Python tests (pytest)"
  "$VENV/bin/python" -m pytest -q "$ROOT/tests/python"
}

# The sanitizer build is a plain CMake build (not pip): the instrumented module must not replace
# the one installed in .venv. pytest imports it from a staged copy of the package, with the ASan
# runtime preloaded because the Python interpreter itself is not instrumented.
sanitize() {
  local asan_dir="$ROOT/build/asan"
  log "building with AddressSanitizer + UndefinedBehaviorSanitizer ($asan_dir)"
  "$VENV/bin/cmake" -S "$ROOT" -B "$asan_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCCHC_SANITIZE=ON -DCCHC_BUILD_TESTS=ON -DCCHC_BUILD_PYTHON=ON -DCCHC_WARNINGS_AS_ERRORS=ON \
    -DCMAKE_MAKE_PROGRAM="$VENV/bin/ninja" -DPython_EXECUTABLE="$VENV/bin/python" \
    -Dpybind11_DIR="$("$VENV/bin/python" -m pybind11 --cmakedir)" >/dev/null
  "$VENV/bin/cmake" --build "$asan_dir" -j "$(nproc)"
  local stage="$asan_dir/python-stage"
  rm -rf "$stage" && mkdir -p "$stage"
  cp -r "$ROOT/python/cchc" "$stage/cchc"
  cp "$asan_dir"/bindings/_core*.so "$stage/cchc/"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  log "C++ tests under ASan + UBSan (leak detection on)"
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 "$VENV/bin/ctest" --test-dir "$asan_dir" --output-on-failure -E cmake_consumer
  log "Python tests under ASan + UBSan"
  # Leak detection is off for Python: CPython keeps interned objects alive at exit by design.
  # The benchmark smoke test is left out: it only times the same calls the other tests make.
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 LD_PRELOAD="$(g++ -print-file-name=libasan.so) $(g++ -print-file-name=libubsan.so)" \
    PYTHONPATH="$stage" "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/tests/python" \
    -k "not benchmarks_smoke"
}

install_clang() {
  if ! command -v clang++ >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null |
    grep -q "install ok installed"; then
    log "installing clang and libFuzzer from Debian"
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
  fi
}

# libFuzzer targets (tests/fuzz/*.cpp), built with clang, ASan and UBSan in build/fuzz. Without a
# number each target runs once over its seed corpus (a smoke test: every seed and every past
# reproducer still passes); with one, each target fuzzes for that many seconds, one after the
# other, writing new inputs to build/fuzz/corpus/<target> and findings to build/fuzz/findings.
fuzz() {
  local seconds="${1:-}"
  local fuzz_dir="$ROOT/build/fuzz"
  log "building the fuzz targets with clang ($fuzz_dir)"
  # Warnings are not errors here: clang warns about things GCC (the -Werror build) does not.
  "$VENV/bin/cmake" -S "$ROOT" -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCCHC_BUILD_FUZZERS=ON -DCCHC_BUILD_TESTS=OFF \
    -DCMAKE_MAKE_PROGRAM="$VENV/bin/ninja" >/dev/null
  "$VENV/bin/cmake" --build "$fuzz_dir" -j 2
  mkdir -p "$fuzz_dir/findings"
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  local corpus target name
  for corpus in "$ROOT"/tests/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    target="$fuzz_dir/tests/fuzz/fuzz_$name"
    if [[ -z "$seconds" ]]; then
      log "fuzz_$name over its corpus"
      local output
      if ! output=$("$target" -runs=0 "$corpus" 2>&1); then
        printf '%s\n' "$output" >&2
        echo "fuzz_$name failed on its corpus" >&2
        exit 1
      fi
      printf '%s\n' "$output" | grep -E "INITED|DONE" || true
    else
      log "fuzz_$name for ${seconds}s"
      mkdir -p "$fuzz_dir/corpus/$name"
      "$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$fuzz_dir/findings/$name-" "$fuzz_dir/corpus/$name" "$corpus"
    fi
  done
}

case "${1:-}" in
  demo) install_debian_packages; install_python_packages; build; run_demo ;;
  test) install_debian_packages; install_python_packages; build; run_tests ;;
  sanitize) install_debian_packages; install_python_packages; sanitize ;;
  fuzz) install_debian_packages; install_python_packages; install_clang; fuzz "${2:-}" ;;
  *) echo "usage: bash scripts/dev.sh demo|test|sanitize|fuzz [seconds]" >&2; exit 2 ;;
esac
