"""cchc.dask: grouped indicators over a partitioned Parquet dataset equal the local run exactly,
on a distributed.LocalCluster with two worker processes."""

from __future__ import annotations

import importlib.util
import pathlib

import numpy as np
import pandas as pd
import pytest

import cchc
import cchc.dask

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

BENCHMARKS = pathlib.Path(__file__).resolve().parents[2] / "benchmarks"


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_dossiers", BENCHMARKS / "generate_dossiers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_dataset(frame: pd.DataFrame, directory: pathlib.Path, parts: int, seed: int) -> pd.DataFrame:
    """Rows shuffled into `parts` Parquet files (every unit in several of them); returns the
    rows in dataset order (file by file), as the local reference reads them."""
    directory.mkdir()
    order = np.random.default_rng(seed).permutation(len(frame))
    pieces = []
    for index, chunk in enumerate(np.array_split(order, parts)):
        piece = frame.iloc[np.sort(chunk)].reset_index(drop=True)
        piece.to_parquet(directory / f"part-{index:02d}.parquet", index=False)
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[pathlib.Path, pd.DataFrame]:
    frame = _generator().generate(6_000, seed=9, with_ids=True)
    # Rows that must be rejected, in different partitions: an unknown status, no date of
    # receipt, resolved before received.
    frame["status"] = frame["status"].astype(object)
    frame.loc[[5, 700, 4100], "status"] = "lost"
    frame.loc[[11, 3000], "received"] = pd.NaT
    frame.loc[2500, "resolved"] = frame.loc[2500, "received"] - pd.Timedelta(days=3)
    frame.loc[2500, "status"] = "resolved"
    directory = tmp_path_factory.mktemp("dask") / "dossiers"
    local = write_dataset(frame, directory, parts=5, seed=3)
    return directory, local


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


def rejected_set(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    return sorted(zip(frame["id"], frame["field"], frame["reason"]))


@pytest.mark.parametrize(
    ("kwargs"),
    [
        {"by": ["unit", "quarter"]},  # windows from the whole dataset's dates of receipt
        {"period": "2024-Q2", "by": ["field", "channel"]},
        {"first": "2023-03-01", "last": "2025-06-30", "by": ["month", "procedure"]},
        {"period": "2025-Q4"},
    ],
)
def test_dask_equals_local_on_a_local_cluster(client, dataset, kwargs) -> None:  # type: ignore[no-untyped-def]
    directory, local = dataset
    assert len(client.scheduler_info()["workers"]) == 2
    result = cchc.dask.indicators(str(directory), **kwargs)
    expected_dossiers = cchc.dossier.ingest(local)
    expected = expected_dossiers.indicators(**kwargs)
    pd.testing.assert_frame_equal(result.table, expected, check_exact=True)
    assert result.partitions == 5
    assert result.rows_in == expected_dossiers.rows_in == 6_000
    assert result.rows_accepted == expected_dossiers.rows_accepted
    assert result.rows_rejected == expected_dossiers.rows_rejected == 6
    assert rejected_set(result.rejected) == rejected_set(expected_dossiers.rejected())
    assert result.rejected["partition"].is_monotonic_increasing


def test_dask_counts_and_vietnamese_columns(client, dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    directory, local = dataset
    # Without the due column, due dates come from processing_days on the workers' calendar.
    renamed = local.drop(columns=["due"]).rename(
        columns={"unit": "Đơn vị", "received": "Ngày tiếp nhận"}
    )
    vn_directory = tmp_path / "vn"
    write_dataset(renamed, vn_directory, parts=3, seed=5)
    mapping = {"unit": "Đơn vị", "received": "Ngày tiếp nhận"}
    result = cchc.dask.counts(str(vn_directory), by="unit", first="2024-01-01", last="2024-12-31",
                              columns=mapping, calendar={"week": "1111110"})
    reread = pd.concat(
        [pd.read_parquet(path) for path in sorted(vn_directory.glob("*.parquet"))],
        ignore_index=True,
    )
    expected = cchc.dossier.ingest(
        reread, columns=mapping, calendar=cchc.WorkCalendar(week="1111110")
    ).counts(by="unit", first="2024-01-01", last="2024-12-31")
    pd.testing.assert_frame_equal(result.table, expected, check_exact=True)
    assert "on_time_rate" not in result.table.columns
    # The Saturday calendar changes due dates, so the counts differ from the default one's.
    default = cchc.dossier.ingest(reread, columns=mapping).counts(
        by="unit", first="2024-01-01", last="2024-12-31"
    )
    assert not result.table.equals(default)


def test_dask_every_row_rejected_gives_the_empty_local_table(tmp_path) -> None:
    import dask

    frame = pd.DataFrame(
        {"id": ["a", "b"], "status": ["lost", "resolved"], "processing_days": [5, 5],
         "received": pd.to_datetime([None, None])}
    )  # fmt: skip
    directory = tmp_path / "bad"
    write_dataset(frame, directory, parts=2, seed=1)
    with dask.config.set(scheduler="synchronous"):
        result = cchc.dask.indicators(str(directory), by=["unit", "quarter"])
    expected = cchc.dossier.ingest(frame).indicators(by=["unit", "quarter"])
    pd.testing.assert_frame_equal(result.table, expected, check_exact=True)
    assert (result.rows_in, result.rows_accepted, result.rows_rejected) == (2, 0, 2)
    assert list(result.rejected["field"]) == list(cchc.dossier.ingest(frame).rejected()["field"])
    assert list(result.rejected["id"]) == ["a", "b"]


def test_dask_needs_a_date_of_receipt_column(tmp_path) -> None:
    directory = tmp_path / "none"
    write_dataset(pd.DataFrame({"unit": ["x"]}), directory, parts=1, seed=1)
    with pytest.raises(ValueError, match="no 'received' column"):
        cchc.dask.indicators(str(directory), period="2024-Q1")


def test_dask_bad_grouping_fails_on_the_client_before_any_task(dataset) -> None:  # type: ignore[no-untyped-def]
    directory, _ = dataset
    with pytest.raises(ValueError, match="cannot group by"):
        cchc.dask.indicators(str(directory), by=["unit", "month", "quarter"])
    with pytest.raises(ValueError, match="cannot group by"):
        cchc.dask.counts(str(directory), period="2024-Q1", by=["colour"])
    with pytest.raises(ValueError, match="either a period or first and last"):
        cchc.dask.counts(str(directory), period="2024-Q1", first="2024-01-01")


def test_dask_engine_failures_are_cchc_errors(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dask
    import distributed

    from cchc.errors import CchcError

    # A file that is not Parquet: pyarrow's own error class (a ValueError) becomes a CchcError
    # that names the data and the engine.
    not_parquet = tmp_path / "data.parquet"
    not_parquet.write_text("Mã hồ sơ,Ngày tiếp nhận\nHS-1,02/01/2024\n", encoding="utf-8")
    with pytest.raises(CchcError) as caught:
        cchc.dask.indicators(str(not_parquet), period="2024-Q1")
    assert str(not_parquet) in str(caught.value) and "pyarrow" in str(caught.value)
    assert type(caught.value.__cause__).__module__.startswith("pyarrow")

    # A worker that died on a task: distributed's KilledWorker, wrapped likewise.
    directory = tmp_path / "ok"
    directory.mkdir()
    pd.DataFrame({"received": ["2024-01-02"], "status": ["pending"], "unit": ["A"]}).to_parquet(
        directory / "part.0.parquet")

    class LastWorker:
        address = "tcp://127.0.0.1:1"

    def killed(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise distributed.scheduler.KilledWorker("_partial-0", LastWorker(), 3)

    monkeypatch.setattr(dask, "compute", killed)
    with pytest.raises(CchcError) as caught:
        cchc.dask.indicators(str(directory), period="2024-Q1")
    assert "KilledWorker" in str(caught.value) and "_partial-0" in str(caught.value)

    # Python's own errors keep their class: a missing folder names its path.
    with pytest.raises(OSError):
        cchc.dask.indicators(str(tmp_path / "missing"), period="2024-Q1")
