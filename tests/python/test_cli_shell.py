"""The command line in shells and on Windows (issue 15, item 6): --version, the shipped
frameworks, a pipe closed early, an output encoding that cannot write Vietnamese, and the
progress bar of long work."""

from __future__ import annotations

import io
import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

from cchc import __version__
from cchc._progress import Progress
from cchc.cli import EXIT_ENCODING, main
from cchc.score import Framework, shipped_frameworks

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOSSIERS = ROOT / "examples" / "data" / "dossiers-q1.csv"


def cchc(*argv: str, env: dict[str, str] | None = None,
         **options: object) -> subprocess.CompletedProcess[bytes]:
    """Runs the installed command line as a shell would."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "cchc.cli", *argv], env=environment,
                          capture_output=True, timeout=120, **options)  # type: ignore[call-overload]


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"cchc {__version__}"


def test_frameworks_lists_every_shipped_framework(capsys) -> None:
    assert main(["frameworks", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == shipped_frameworks()
    for row in rows:
        framework = Framework.shipped(row["id"])
        assert row["name"] == framework.name and row["total_max"] == framework.total_max
        assert row["leaves"] == len(framework.leaf_codes)
    assert main(["frameworks"]) == 0
    table = capsys.readouterr().out
    assert "department-example" in table and "Bộ chỉ số" in table


def test_a_pipe_closed_early_ends_quietly_with_status_0() -> None:
    # `cchc indicators … --json | head -c 1`: the reader goes away after one byte.
    process = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "indicators", str(DOSSIERS), "--by",
         "unit,procedure,month", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"{"
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 0
    assert "Traceback" not in error and "Broken pipe" not in error
    assert "BrokenPipeError" not in error


def test_an_output_encoding_without_vietnamese_is_refused_with_its_own_exit_code() -> None:
    result = cchc("frameworks", env={"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"})
    error = result.stderr.decode("ascii", errors="replace")
    assert result.returncode == EXIT_ENCODING == 3
    assert "Traceback" not in error
    assert "cp1252" in error and "PYTHONUTF8=1" in error
    # What the encoding can write is written: CSV of English keys and numbers needs no UTF-8.
    ascii_only = cchc("calendar", "count", "2024-01-01", "2024-02-01", "--csv",
                      env={"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"})
    assert ascii_only.returncode == 0
    assert ascii_only.stdout.splitlines() == [b"begin,end,working_days",
                                              b"2024-01-01,2024-02-01,22"]
    # With UTF-8, the same command writes the Vietnamese names.
    utf8 = cchc("frameworks", env={"PYTHONIOENCODING": "utf-8"})
    assert utf8.returncode == 0 and "Bộ chỉ số".encode() in utf8.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_long_work_shows_a_progress_bar_on_a_terminal() -> None:
    terminal = Terminal()
    with Progress(3, delay=0.05, stream=terminal) as progress:
        progress.step("đọc hồ sơ")
        time.sleep(0.4)  # long work: past the delay
        progress.step("chấm điểm")
        time.sleep(0.4)
    assert progress.shown
    drawn = terminal.getvalue()
    assert "đọc hồ sơ" in drawn and "chấm điểm" in drawn and "bước" in drawn
    assert "1/3 bước" in drawn  # the first step done when the second began


def test_short_work_and_no_terminal_show_nothing() -> None:
    terminal = Terminal()
    with Progress(3, stream=terminal) as progress:  # the default delay: 2 s
        progress.step("chấm điểm")
    assert not progress.shown and terminal.getvalue() == ""
    log = io.StringIO()  # not a terminal: never, however long
    with Progress(3, delay=0.0, stream=log) as progress:
        progress.step("đọc hồ sơ")
        time.sleep(0.2)
    assert not progress.shown and log.getvalue() == ""


@pytest.mark.parametrize("argv", [
    ["score", "department-example", str(ROOT / "examples" / "data" / "score" /
                                        "so-cong-thuong-2025.toml"), "--report", "{missing}/r.html"],
    ["template", "department-example", "{missing}/t.xlsx"],
    ["indicators", str(DOSSIERS), "--form", "06", "--period", "2024-Q1", "--output",
     "{missing}/bieu-06.xlsx"],
])
def test_an_output_into_a_missing_folder_is_an_error(capsys, tmp_path, argv) -> None:
    missing = tmp_path / "khong-co"
    code = main([part.replace("{missing}", str(missing)) for part in argv])
    assert code == 2
    assert "không tồn tại" in capsys.readouterr().err
    assert not missing.exists()  # no folder tree made


def test_findings_tables_name_where_to_fix(capsys) -> None:
    assessment = ROOT / "examples" / "data" / "score" / "so-cong-thuong-2025.toml"
    assert main(["check", "department-example", str(assessment)]) == 1
    out = capsys.readouterr().out
    assert "Vị trí" in out and f"{assessment}:32" in out
