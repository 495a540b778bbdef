"""Safe output (cchc._files and every writer that uses it): a failure half-way leaves the old
file whole and no temporary file; readers never modify their input."""

from __future__ import annotations

import json
import os
import pathlib
import stat

import numpy as np
import pandas as pd
import pytest

import cchc
import cchc.io
from cchc import composite, score, target
from cchc._files import atomic_write, write_text_atomically

ROOT = pathlib.Path(__file__).resolve().parents[2]
SAMPLE_PLAN = ROOT / "tests" / "data" / "plans" / "sample-plan.toml"


def test_atomic_write_creates_and_replaces(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "report.txt"
    write_text_atomically(path, "một\n")
    assert path.read_text(encoding="utf-8") == "một\n"
    with atomic_write(path) as handle:
        handle.write("hai\n")
    assert path.read_text(encoding="utf-8") == "hai\n"
    assert os.listdir(tmp_path) == ["report.txt"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_atomic_write_keeps_the_permissions_of_the_replaced_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("old")
    path.chmod(0o640)
    write_text_atomically(path, "new")
    assert path.read_text() == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failure_half_way_leaves_the_old_file_and_no_temporary(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("old,complete\n")
    with pytest.raises(RuntimeError, match="generator failed"):
        with atomic_write(path) as handle:
            handle.write("new,partial")
            handle.flush()
            raise RuntimeError("the report generator failed")
    assert path.read_text() == "old,complete\n"
    assert os.listdir(tmp_path) == ["report.csv"]
    fresh = tmp_path / "fresh.csv"
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(fresh) as handle:
            handle.write("x")
            raise KeyboardInterrupt
    assert not fresh.exists()
    assert os.listdir(tmp_path) == ["report.csv"]


def test_an_unwritable_destination_raises_and_leaves_nothing(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_text_atomically(tmp_path / "missing" / "x.toml", "x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(IsADirectoryError):
        write_text_atomically(tmp_path / "folder", "x")
    assert sorted(os.listdir(tmp_path)) == ["folder"]
    assert os.listdir(tmp_path / "folder") == []


def test_framework_and_assessment_save_are_atomic(tmp_path: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    framework = score.Framework.shipped("department-example")
    path = tmp_path / "framework.toml"
    framework.save(path)
    saved = path.read_text(encoding="utf-8")
    assert score.Framework.load(path) == framework

    def broken(self: score.Framework) -> str:
        raise RuntimeError("formatting failed")

    monkeypatch.setattr(score.Framework, "to_toml", broken)
    with pytest.raises(RuntimeError):
        framework.save(path)
    assert path.read_text(encoding="utf-8") == saved
    assert os.listdir(tmp_path) == ["framework.toml"]


def test_pipeline_save_failing_in_json_dump_keeps_the_old_file(tmp_path: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pipeline.json"
    pipeline = composite.Pipeline().normalise("min_max")
    pipeline.save(path)
    saved = path.read_text(encoding="utf-8")
    assert composite.Pipeline.load(path) == pipeline
    # A value json cannot write: json.dump fails after writing part of the file.
    monkeypatch.setattr(
        composite.Pipeline, "to_dict", lambda self: {"format": "x", "steps": [object()]}
    )
    with pytest.raises(TypeError):
        pipeline.save(path)
    assert path.read_text(encoding="utf-8") == saved
    assert json.loads(saved)["steps"] == pipeline.steps
    assert os.listdir(tmp_path) == ["pipeline.json"]


def test_save_plan_and_cli_toml_keep_the_old_file_on_failure(tmp_path: pathlib.Path) -> None:
    plan = target.load_plan(SAMPLE_PLAN)
    path = tmp_path / "plan.toml"
    target.save_plan(plan, path)
    saved = path.read_bytes()
    with pytest.raises(cchc.errors.CchcError):
        target.save_plan(plan, tmp_path / "missing" / "plan.toml")
    assert path.read_bytes() == saved
    assert os.listdir(tmp_path) == ["plan.toml"]


def test_readers_never_modify_their_input(tmp_path: pathlib.Path) -> None:
    plan_path = tmp_path / "plan.toml"
    plan_path.write_bytes(SAMPLE_PLAN.read_bytes())
    framework_path = tmp_path / "framework.toml"
    score.Framework.shipped("department-example").save(framework_path)
    csv_path = tmp_path / "dossiers.csv"
    csv_path.write_bytes((ROOT / "tests" / "data" / "dossier" / "vn-headers.csv").read_bytes())
    old = 1_600_000_000
    before = {}
    for path in (plan_path, framework_path, csv_path):
        os.utime(path, (old, old))
        before[path] = path.read_bytes()
    target.load_plan(plan_path)
    score.Framework.load(framework_path)
    cchc.io.read_dossiers_csv(csv_path)
    for path, content in before.items():
        assert path.read_bytes() == content
        assert path.stat().st_mtime == old
    assert len(os.listdir(tmp_path)) == 3


def test_score_batch_threads_give_identical_results() -> None:
    framework = score.Framework.shipped("department-example")
    rng = np.random.default_rng(4)
    codes = framework.leaf_codes
    inputs = pd.DataFrame(rng.integers(0, 2, (3_000, len(codes))).astype(float), columns=codes)
    one = score.score_batch(framework, inputs, threads=1)
    many = score.score_batch(framework, inputs, threads=4)
    pd.testing.assert_frame_equal(one.totals, many.totals, check_exact=True)
    pd.testing.assert_frame_equal(one.nodes, many.nodes, check_exact=True)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        score.score_batch(framework, inputs, threads=0)


def test_cli_plan_extract_toml_to_a_missing_directory_writes_nothing(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cchc.cli import main

    source = ROOT / "tests" / "data" / "plans" / "unseen" / "commune-numbered-fields.txt"
    existing = tmp_path / "plan.toml"
    existing.write_text("# the reviewed plan\n", encoding="utf-8")
    code = main(["plan", "extract", str(source), "--toml", str(tmp_path / "missing" / "p.toml")])
    assert code != 0
    assert "cannot write the plan file" in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["plan.toml"]
    # A successful run replaces the old file whole.
    main(["plan", "extract", str(source), "--toml", str(existing)])
    assert existing.read_text(encoding="utf-8").startswith("[plan]")
    assert os.listdir(tmp_path) == ["plan.toml"]
