#!/usr/bin/env bash
# One script for both README commands, on a fresh machine or an old one:
#   bash scripts/dev.sh demo   install everything, build, check and score the bundled self-assessment example
#   bash scripts/dev.sh test   install everything, build once, run every C++ (ctest) and Python (pytest)
#                  test; then the same suites again under AddressSanitizer + UBSan with clang, and
#                  each fuzz target over its corpus (`sanitize` below). This is what CI runs.
#   bash scripts/dev.sh quick      the first half of `test` only: the main build and its tests
#   bash scripts/dev.sh install    the wheel built from a read-only copy, installed without extras
#                  into a new virtual environment, its command line run (part of `test`)
#   bash scripts/dev.sh sanitize   the second half of `test` only (build/hardening)
#   bash scripts/dev.sh fuzz [seconds]   the corpus pass, then `seconds` (default 600) of libFuzzer
#                  fuzzing per target, one target at a time (docs/hardening.md)
# It installs Debian packages (Eigen, Boost.Date_Time, doctest, toml++, libcsv, ICU; clang for the
# sanitizer and fuzz builds) when missing, creates .venv with the PyPI packages, and builds the
# library, its tests and the Python module in one CMake build (build/ci) shared by ctest and pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
BUILD_DIR="$ROOT/build/ci"
VENV="$ROOT/.venv"
PYTHON=${PYTHON:-python3}

log() { printf '\n== %s  [%d s]\n' "$*" "$SECONDS" >&2; }  # seconds since the script started

# A compiler cache, when the machine has one, makes the repeated builds of the same sources
# (the consumer's shared library, the wheel) cheap; nothing depends on it.
if command -v ccache >/dev/null && [[ -z ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]]; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
fi

# Extra packages can be named: clang and libFuzzer for the hardening build.
install_debian_packages() {
  local wanted=(g++ libeigen3-dev libboost-date-time-dev doctest-dev libtomlplusplus-dev libcsv-dev libicu-dev "$@")
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

# The package as a user gets it: `pip wheel .` from a copy of the checkout's tracked files that
# the build cannot write to, then `pip install` of that wheel into a new virtual environment
# with no extras, and the command line's main routes run from there: help, the calendar, the
# dossier indicators, check and score with both reports, and a Parquet file, which needs the
# parquet extra and must say so. Root writes through file modes, so as root the copy is
# mounted read-only in a private mount namespace.
check_install() {
  log "pip wheel . from a read-only checkout; pip install into a clean virtual environment"
  local scratch
  scratch=$(mktemp -d)
  mkdir -p "$scratch/copy" "$scratch/src" "$scratch/tmp" "$scratch/wheel"
  if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$ROOT" && git ls-files -z | xargs -0 cp --parents -t "$scratch/copy")
  else
    tar -C "$ROOT" --exclude=./build --exclude=./.venv -cf - . | tar -C "$scratch/copy" -xf -
  fi
  chmod -R a-w "$scratch/copy"
  local wheel=("$VENV/bin/python" -m pip wheel -q --no-build-isolation --no-deps --no-cache-dir
    -w "$scratch/wheel" "$scratch/src")
  if [[ $(id -u) -ne 0 ]]; then
    rmdir "$scratch/src" && ln -s "$scratch/copy" "$scratch/src"
    TMPDIR="$scratch/tmp" CCACHE_BASEDIR="$scratch" "${wheel[@]}"
  else
    TMPDIR="$scratch/tmp" CCACHE_BASEDIR="$scratch" unshare --mount --propagation private sh -ec '
      mount --bind "$1" "$2" && mount -o remount,ro,bind "$2"
      if touch "$2/.write-test" 2>/dev/null; then echo "the read-only mount is writable" >&2; exit 1; fi
      shift 2; "$@"' sh "$scratch/copy" "$scratch/src" "${wheel[@]}"
  fi
  "$PYTHON" -m venv "$scratch/venv"
  "$scratch/venv/bin/python" -m pip install -q "$scratch/wheel"/cchc-*.whl
  local cchc="$scratch/venv/bin/cchc" data="$ROOT/examples/data" out="$scratch/out"
  mkdir -p "$out"
  "$cchc" --help >/dev/null
  "$cchc" calendar due 2024-02-02 5 >/dev/null
  "$cchc" indicators "$data/dossiers-q1.csv" --by unit >/dev/null
  local inputs=(department-example "$data/score/so-cong-thuong-2024-q1.toml"
    --dossiers "$data/dossiers-q1.csv" --period 2024-Q1
    --plan "$data/score/ke-hoach-cchc-so-cong-thuong-2024.toml" --on 2024-03-31)
  "$cchc" check "${inputs[@]}" >/dev/null
  "$cchc" score "${inputs[@]}" --report "$out/report.html" >/dev/null
  "$cchc" score "${inputs[@]}" --report "$out/report.xlsx" >/dev/null
  [[ -s "$out/report.html" && -s "$out/report.xlsx" ]]
  "$VENV/bin/python" -c "import pandas as pd; pd.read_csv('$data/dossiers-q1.csv').to_parquet('$out/d.parquet')"
  local message status=0
  message=$("$cchc" indicators "$out/d.parquet" 2>&1) || status=$?
  if [[ $status -ne 2 || $message != *"cchc[parquet]"* ]]; then
    echo "a Parquet file without pyarrow should name the extra and exit 2; got $status: $message" >&2
    exit 1
  fi
  chmod -R u+w "$scratch" && rm -rf "$scratch"
  log "the wheel built read-only, installed without extras, and its command line works"
}

CLANG_PACKAGES=(clang libclang-rt-14-dev)
# The HTML report is rendered in headless Chromium by the tests (tests/python/test_report.py).
TEST_PACKAGES=(chromium)

# The hardening build (build/hardening): clang, with the library, the C++ tests, the Python
# module and the libFuzzer targets all instrumented for AddressSanitizer + UBSan (and coverage,
# for the fuzzers). One build serves the sanitizer run and the fuzz runs. It is a plain CMake
# build, not pip: the instrumented module must not replace the one installed in .venv.
HARDENING_DIR="$ROOT/build/hardening"
hardening_build() {
  log "building with clang, AddressSanitizer + UBSan, and the fuzz targets ($HARDENING_DIR)"
  "$VENV/bin/cmake" -S "$ROOT" -B "$HARDENING_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++ -DCCHC_BUILD_FUZZERS=ON -DCCHC_BUILD_TESTS=ON \
    -DCCHC_BUILD_PYTHON=ON -DCCHC_WARNINGS_AS_ERRORS=ON \
    -DCMAKE_MAKE_PROGRAM="$VENV/bin/ninja" -DPython_EXECUTABLE="$VENV/bin/python" \
    -Dpybind11_DIR="$("$VENV/bin/python" -m pybind11 --cmakedir)" >/dev/null
  "$VENV/bin/cmake" --build "$HARDENING_DIR" -j "$(nproc)"
}

# Each fuzz target once over its committed corpus, whole (every seed and every past reproducer
# still passes its invariants), then briefly fuzzed from it: 20,000 mutated inputs from a fixed
# seed, so the run is the same every time. New inputs go to a scratch folder, never the corpus.
fuzz_corpora() {
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  local corpus name output scratch
  scratch=$(mktemp -d)
  for corpus in "$ROOT"/tests/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    mkdir -p "$scratch/$name"
    if ! output=$("$HARDENING_DIR/tests/fuzz/fuzz_$name" -runs=0 "$corpus" 2>&1) ||
      ! output+=$'\n'$("$HARDENING_DIR/tests/fuzz/fuzz_$name" -seed=1 -runs=20000 -max_len=4096 \
        -timeout=10 -artifact_prefix="$scratch/$name-" "$scratch/$name" "$corpus" 2>&1); then
      printf '%s\n' "$output" >&2
      echo "fuzz_$name failed (the input is in $scratch)" >&2
      exit 1
    fi
    printf 'fuzz_%s: %s\n' "$name" "$(printf '%s\n' "$output" | grep -E "^#[0-9]+.*DONE" | tail -1)"
  done
  rm -rf "$scratch"
}

# The whole C++ and Python suites under ASan + UBSan, and the fuzz corpora. pytest imports the
# instrumented module from a staged copy of the package, with clang's shared ASan runtime (which
# carries UBSan's too) preloaded, because the Python interpreter itself is not instrumented.
sanitize() {
  hardening_build
  local stage="$HARDENING_DIR/python-stage"
  rm -rf "$stage" && mkdir -p "$stage"
  cp -r "$ROOT/python/cchc" "$stage/cchc"
  cp "$HARDENING_DIR"/bindings/_core*.so "$stage/cchc/"
  cp -r "$HARDENING_DIR"/bindings/locale/. "$stage/cchc/locale/"  # the compiled catalogs
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  log "C++ tests under ASan + UBSan (leak detection on)"
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 "$VENV/bin/ctest" --test-dir "$HARDENING_DIR" \
    --output-on-failure -E cmake_consumer
  log "fuzz targets over their corpora, under ASan + UBSan"
  fuzz_corpora
  log "Python tests under ASan + UBSan"
  # Leak detection is off for Python: CPython keeps interned objects alive at exit by design.
  # The benchmark smoke test is left out: it only times the same calls the other tests make.
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
    LD_PRELOAD="$(clang++ -print-file-name=libclang_rt.asan-x86_64.so)" \
    PYTHONPATH="$stage" "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/tests/python" \
    -k "not benchmarks_smoke"
}

# The Python-side readers (the Excel template and --values readers) under atheris, the libFuzzer
# engine for Python: each target over its committed corpus (tests/fuzz/python/corpus/<target>),
# then 2,000 mutated inputs from a fixed seed. They fuzz the package installed in .venv by the
# main build (atheris instruments the Python code; the compiled module is the GCC one).
python_fuzz() {
  local runs="${1:-2000}" target name scratch
  "$VENV/bin/python" -m pip install -q atheris
  scratch=$(mktemp -d)
  for target in "$ROOT"/tests/fuzz/python/*.py; do
    name=$(basename "$target" .py)
    mkdir -p "$scratch/$name"
    if ! (cd "$scratch" && "$VENV/bin/python" "$target" -seed=1 -runs="$runs" -max_len=65536       -timeout=30 -artifact_prefix="$scratch/$name-" "$scratch/$name"       "$ROOT/tests/fuzz/python/corpus/$name" >"$scratch/$name.log" 2>&1); then
      tail -40 "$scratch/$name.log" >&2
      echo "python fuzz target $name failed (the input is in $scratch)" >&2
      exit 1
    fi
    printf 'python %s: %s\n' "$name" "$(grep -E "^#[0-9]+.*DONE" "$scratch/$name.log" | tail -1)"
  done
  rm -rf "$scratch"
}

# libFuzzer runs: `seconds` of fuzzing per target, one target at a time, writing new inputs to
# build/hardening/fuzz-corpus/<target> and findings to build/hardening/findings. Inputs are capped
# at 4 KB (-max_len): longer ones only lengthen each parse, and the committed seeds, which are
# longer, run whole in the corpus pass.
fuzz() {
  local seconds="$1"
  hardening_build
  fuzz_corpora
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  mkdir -p "$HARDENING_DIR/findings"
  local corpus name
  for corpus in "$ROOT"/tests/fuzz/corpus/*/; do
    name=$(basename "$corpus")
    log "fuzz_$name for ${seconds}s"
    mkdir -p "$HARDENING_DIR/fuzz-corpus/$name"
    "$HARDENING_DIR/tests/fuzz/fuzz_$name" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$HARDENING_DIR/findings/$name-" \
      "$HARDENING_DIR/fuzz-corpus/$name" "$corpus"
  done
}

case "${1:-}" in
  demo) install_debian_packages; install_python_packages; build; run_demo ;;
  test)
    install_debian_packages "${TEST_PACKAGES[@]}" "${CLANG_PACKAGES[@]}"; install_python_packages
    build; run_tests
    check_install; sanitize; log "Python fuzz targets (atheris)"; python_fuzz
    log "every test passed, twice" ;;
  quick) install_debian_packages "${TEST_PACKAGES[@]}"; install_python_packages; build; run_tests ;;
  install) install_debian_packages; install_python_packages; check_install ;;
  sanitize) install_debian_packages "${CLANG_PACKAGES[@]}"; install_python_packages; sanitize ;;
  fuzz) install_debian_packages "${CLANG_PACKAGES[@]}"; install_python_packages; fuzz "${2:-600}" ;;
  *) echo "usage: bash scripts/dev.sh demo|test|quick|install|sanitize|fuzz [seconds]" >&2; exit 2 ;;
esac
