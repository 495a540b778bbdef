"""Engine errors beyond the dossier readers carry their reason as coded sentences
(``reason_messages``), which the package writes in the user's language (docs/i18n.md)."""

from __future__ import annotations

import re
import pytest

from cchc import _core, messages
from cchc.calendar import Period, period_of
from cchc.errors import CchcError, InvalidDateError, ParseError
from cchc.i18n import language
from cchc.composite import Index
from cchc.score import Assessment, Framework, score
from cchc.target import parse_plan

# Words of the engine's English that must not survive in a Vietnamese reason.
_ENGLISH = re.compile(r"\b(is not|expected|missing|needs|unknown|does not exist|outside)\b")


def _raised(call, *args):
    with pytest.raises(CchcError) as caught:
        call(*args)
    return caught.value


def _english_reason(error: CchcError) -> str:
    return error.reason if isinstance(error, ParseError) else str(error)


FRAMEWORK = """
[framework]
id = "t"
name = "T"

[[criterion]]
code = "1"
name = "Một"
max = 2
rule = { kind = "proportional" }
"""


def _bad_inputs() -> dict[str, tuple]:
    """Name → (call, argument, codes the error's sentences must have, Vietnamese words)."""
    return {
        "period form": (Period.parse, "Quý năm 2026", ["period.not_a_period"],
                        "không phải là kỳ báo cáo"),
        "quarter 5": (Period.parse, "Quý 5 năm 2026",
                      ["period.not_a_period_because", "period.quarter_range"],
                      "không có quý 5 (quý đánh số 1–4)"),
        "cut-off rule": (lambda rule: period_of("2026-03-02", "quarter", cutoff=rule), "day 40",
                         ["text.quoted", "cutoff.day_range"],
                         "ngày chốt số liệu 40 không phải là ngày trong tháng"),
        "TOML syntax": (Framework.from_toml, "[framework\n", ["toml.syntax"],
                        "không phải TOML hợp lệ"),
        "unknown key": (Framework.from_toml, FRAMEWORK + "colour = 1\n",
                        ["framework.criterion", "toml.unknown_key"],
                        "tiêu chí '1': khóa không xác định"),
        "rule kind": (Framework.from_toml, FRAMEWORK.replace("proportional", "linear"),
                      ["framework.criterion", "framework.rule_kind_unknown"],
                      "loại quy tắc không xác định 'linear'"),
        "rule not a table": (Framework.from_toml, FRAMEWORK.replace(
                                 '{ kind = "proportional" }', '"proportional"'),
                             ["framework.criterion", "framework.rule_not_table"],
                             'cần một bảng, ví dụ { kind = "proportional" }'),
        "plan": (parse_plan, '[plan]\nid = "p"\ntitle = "K"\nyear = 26\n',
                 ["plan.year_range"], "phải là năm từ 1000 đến 9999, không phải 26"),
        "composite index": (Index.from_toml_text, '[[node]]\ncode = "A"\naggregation = "max"\n',
                            ["composite.node", "composite.aggregation_unknown"],
                            "mục 'A': phương pháp tổng hợp 'max' không xác định"),
        "rule parameter": (Framework.from_toml, FRAMEWORK.replace(
                               '{ kind = "proportional" }',
                               '{ kind = "saturation", threshold = 150 }'),
                           ["framework.criterion", "rule.threshold"],
                           "tiêu chí '1': ngưỡng 150 nằm ngoài (0, 100]"),
        "unknown criterion": (lambda text: score(Framework.from_toml(FRAMEWORK),
                                                 Assessment.from_toml(text)),
                              '[assessment]\nframework = "t"\n\n[[answer]]\ncode = "9"\n'
                              'value = 50\n',
                              ["assessment.not_a_criterion"],
                              "'9' không phải là tiêu chí của bộ chỉ số 't'"),
        "tree": (Framework.from_toml, FRAMEWORK + '\n[[criterion]]\ncode = "2"\nname = "Hai"\n'
                 'max = 1\nparent = "9"\nrule = { kind = "manual" }\n',
                 ["framework.criterion", "tree.parent_unknown"],
                 "tiêu chí cha '9' không có trong bộ tiêu chí"),
        "assessment": (Assessment.from_toml,
                       '[assessment]\nframework = "t"\n\n[[answer]]\ncode = "1"\nlate = true\n'
                       'done = false\n',
                       ["assessment.answer", "assessment.late_needs_done"],
                       "câu trả lời '1': late = true cần done = true"),
        "assessment date": (Assessment.from_toml,
                            '[assessment]\nframework = "t"\n\n[[answer]]\ncode = "1"\n'
                            'done = true\ndone_on = "31/02/2026"\n',
                            ["assessment.answer", "date.not_real"],
                            "không phải là ngày có thật (không có ngày 31 tháng 2 năm 2026)"),
    }


@pytest.mark.parametrize("name", list(_bad_inputs()))
def test_an_engine_error_reads_in_vietnamese_and_its_english_is_the_engines(name) -> None:
    call, argument, codes, vietnamese = _bad_inputs()[name]
    error = _raised(call, argument)
    assert [message["code"] for message in error.reason_messages] == codes
    with language("en"):
        # The English written from the codes is the engine's own, word for word: the
        # templates and arguments of C++ and Python agree.
        assert messages.error_reason(error) == _english_reason(error)
    with language("vi"):
        text = messages.error_reason(error)
    assert vietnamese in text, text
    for message in error.reason_messages:  # what the user typed may be in any language
        for value in message["arguments"].values():
            text = text.replace(str(value), "")
    assert not _ENGLISH.search(text), text


def test_an_uncoded_inner_reason_is_kept_as_it_is() -> None:
    error = _raised(Framework.from_toml, "[framework\n")
    # toml++'s description is an argument: shown as it is, inside the translated sentence.
    description = error.reason_messages[0]["arguments"]["description"]
    with language("vi"):
        assert messages.error_reason(error) == f"không phải TOML hợp lệ: {description}"


def test_a_code_newer_than_the_package_falls_back_to_the_english() -> None:
    error = InvalidDateError("'x' is not a date")
    error.reason_messages = [{"code": "date.from_the_future", "arguments": {}}]
    with language("vi"):
        assert messages.error_text(error) == "'x' is not a date"
    error.reason_messages = [{"code": "date.not_a_date", "arguments": {}}]  # argument missing
    with language("vi"):
        assert messages.error_text(error) == "'x' is not a date"


def test_every_engine_template_is_translated_with_the_same_fields() -> None:
    from cchc import i18n

    field = re.compile(r"\{([a-z_]+)\}")
    templates = _core.error_templates()
    assert len(templates) > 200
    with language("vi"):
        for code, english in templates.items():
            if code == "file.missing_columns":
                continue  # written by cchc.messages from the field names (its own test)
            vietnamese = i18n.gettext(english)
            assert set(field.findall(vietnamese)) == set(field.findall(english)), code
            if field.sub("", english).strip(" '") and not english.startswith(("{", "'{")):
                assert vietnamese != english, f"{code} is not translated"


@pytest.mark.parametrize("lang, expected", [
    ("vi", "'Quý 5 năm 2026' không phải là kỳ báo cáo: không có quý 5 (quý đánh số 1–4)"),
    ("en", "'Quý 5 năm 2026' is not a reporting period: quarter 5 does not exist"),
])
def test_the_cli_writes_a_bad_period_in_the_language(tmp_path, capsys, lang, expected) -> None:
    from cchc import cli

    data = tmp_path / "d.csv"
    data.write_text("id,received,status,due\nA,02/01/2026,pending,09/01/2026\n", encoding="utf-8")
    code = cli.main(["--lang", lang, "indicators", str(data), "--period", "Quý 5 năm 2026"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err, err


def test_the_cli_writes_a_bad_framework_file_in_vietnamese(tmp_path, capsys) -> None:
    from cchc import cli

    framework = tmp_path / "f.toml"
    framework.write_text(FRAMEWORK.replace("max = 2", "max = 2\nweight = -1"), encoding="utf-8")
    assessment = tmp_path / "a.toml"
    assessment.write_text('[assessment]\nframework = "t"\n', encoding="utf-8")
    code = cli.main(["check", str(framework), str(assessment)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "trường 'weight': tiêu chí '1': trọng số phải là số hữu hạn > 0, nhận được -1" in (
        err), err


def test_the_dataframe_paths_own_cell_reasons_have_codes() -> None:
    import pandas as pd

    from cchc import dossier

    frame = pd.DataFrame({
        "id": ["A", "B", "C", "D", "E"],
        "received": ["02/01/2024", "hôm qua", "02/01/2024", "02/01/2024", "02/01/2024"],
        "status": ["pending", "pending", "xong", "pending", "pending"],
        "processing_days": [5, 5, 5, "năm", 5],
        "digitised_dossier": [True, None, None, None, 2],
    })
    rejected = dossier.ingest(frame).rejected()
    assert rejected["reason_code"].tolist() == [
        "cell.frame_date", "cell.frame_enum", "cell.frame_number", "cell.frame_yes_no"]
    assert rejected["reason"].tolist() == [
        "cannot read 'hôm qua' as a date",
        "unknown value 'xong' (expected one of: pending, resolved, refused, withdrawn)",
        "'năm' is not a number",
        'cannot read 2 as yes/no (expected True/False, 1/0, "yes"/"no" or missing)',
    ]
    with language("en"):
        assert messages.rejection_reasons(rejected) == rejected["reason"].tolist()
    with language("vi"):
        vietnamese = messages.rejection_reasons(rejected)
    assert vietnamese[0] == "không đọc được 'hôm qua' thành ngày"
    assert vietnamese[2] == "'năm' không phải là số"
    for text in vietnamese:
        assert not _ENGLISH.search(text), text


def test_an_arrow_dictionary_index_outside_has_a_code() -> None:
    pa = pytest.importorskip("pyarrow")
    from cchc import dossier

    channel = pa.DictionaryArray.from_arrays(pa.array([0, 7], pa.int8()), pa.array(["online"]),
                                             safe=False)
    table = pa.table({"id": ["A", "B"], "received": ["02/01/2024"] * 2,
                      "status": ["pending"] * 2, "processing_days": [5, 5], "channel": channel})
    for read in (dossier.ingest, __import__("cchc.io", fromlist=["x"]).ingest_arrow):
        rejected = read(table).rejected()
        assert rejected["reason_code"].tolist() == ["cell.dictionary_index"], read
        assert rejected["reason"][0] == (
            "dictionary index 7 is outside the 1 values of the column's dictionary")
        with language("vi"):
            assert messages.rejection_reasons(rejected) == [
                "chỉ số từ điển 7 nằm ngoài 1 giá trị của từ điển của cột"]


def test_a_pause_file_error_reads_in_vietnamese(tmp_path) -> None:
    from cchc.io import read_dossiers_csv

    data = tmp_path / "d.csv"
    data.write_text("id,received,status,due\nA,02/01/2024,pending,09/01/2024\n", encoding="utf-8")
    path = tmp_path / "p.csv"
    path.write_text("Mã hồ sơ,Từ ngày,Đến ngày\nA,05/01/2024,03/01/2024\n", encoding="utf-8")
    error = _raised(lambda pauses: read_dossiers_csv(data, pauses=pauses), path)
    assert [message["code"] for message in error.reason_messages] == ["pause.reversed"]
    with language("vi"):
        assert messages.error_text(error) == (
            f"{path}:2: trường 'end': thời gian tạm dừng kết thúc (03/01/2024) trước khi bắt "
            "đầu (05/01/2024)")


@pytest.mark.parametrize("lang, expected", [
    ("vi", "01/01/2026 không phải là ngày làm việc (Tết Dương lịch (ngày lễ))"),
    ("en", "2026-01-01 is not a working day (New Year's Day (holiday))"),
])
def test_a_day_off_is_named_in_the_language(capsys, lang, expected) -> None:
    from cchc import cli

    code = cli.main(["--lang", lang, "calendar", "add", "2026-01-01", "3", "--roll", "raise"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err, err


def test_large_counts_are_grouped_for_vietnamese_readers() -> None:
    error = ParseError.at("x.csv", 0, "", "the file has 300000000 bytes, over the limit of "
                          "268435456 bytes")
    error.reason_messages = [{"code": "composite.too_large",
                              "arguments": {"size": "300000000", "limit": "268435456"}}]
    error.reason_code = ""
    with language("vi"):
        assert messages.error_text(error) == (
            "x.csv: tệp có 300.000.000 byte, vượt giới hạn 268.435.456 byte")
    with language("en"):
        assert messages.error_text(error) == (
            "x.csv: the file has 300000000 bytes, over the limit of 268435456 bytes")
