"""The repository stands alone: nothing tracked reads or names a folder outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Built from parts so that this file does not name the path it looks for.
OUTSIDE_FOLDER = "shared"
PATH_TO_OUTSIDE = re.compile(r"(\.\./" + OUTSIDE_FOLDER + r"\b|(?<![\w.-])" + OUTSIDE_FOLDER + r"/)")


def _tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z"], check=True, capture_output=True
        ).stdout.decode()
        return [ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # an export without .git: every file but builds
        skipped = {".git", ".venv", "build", "__pycache__"}
        return [
            path for path in ROOT.rglob("*") if path.is_file() and not skipped & set(path.relative_to(ROOT).parts)
        ]


def test_no_tracked_file_names_a_folder_outside_the_repository() -> None:
    offenders = []
    for path in _tracked_files():
        if not path.is_file():
            continue
        # Binary fixtures (fuzz inputs, workbooks) are read too: a path can hide in them.
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if PATH_TO_OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not offenders, "files name a folder outside the repository:\n" + "\n".join(offenders)


def test_the_seed_documents_the_tests_read_are_in_the_repository() -> None:
    seeds = ROOT / "tests" / "data" / "seeds"
    readme = (seeds / "README.md").read_text(encoding="utf-8")
    documents = sorted(path.name for path in seeds.glob("*.txt"))
    assert documents, "tests/data/seeds holds no documents"
    for name in documents:
        assert f"`{name}`" in readme, f"tests/data/seeds/README.md does not name {name}"


def test_the_umbrella_header_includes_every_public_header() -> None:
    include = ROOT / "libcchc" / "include"
    public = {
        str(path.relative_to(include))
        for path in include.rglob("*.hpp")
        if "detail" not in path.relative_to(include).parts and path.name != "cchc.hpp"
    }
    umbrella = (include / "cchc" / "cchc.hpp").read_text(encoding="utf-8")
    included = set(re.findall(r'^#include "(cchc/[^"]+)"', umbrella, flags=re.MULTILINE))
    assert public - included == set(), "cchc/cchc.hpp leaves out public headers"
    assert included - public == set(), "cchc/cchc.hpp includes headers that are not public"
