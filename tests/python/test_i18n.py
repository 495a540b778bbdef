"""Words and numbers for people (cchc.i18n): the catalogs match the code, the installed
catalogs are the compiled sources, numbers follow each language's convention, and the command
line speaks Vietnamese by default, English on request, with machine output unchanged."""

from __future__ import annotations

import datetime
import gettext
import importlib.util
import json
import math
import pathlib
import subprocess
import sys

import pytest

from cchc import cli, i18n
from cchc.errors import CchcError
from cchc.i18n import format_date, format_number, format_percent, format_points, language

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCORE = ROOT / "examples" / "data" / "score"
ASSESSMENT = SCORE / "so-cong-thuong-2024-q1.toml"
DATA = ["--dossiers", str(ROOT / "examples" / "data" / "dossiers-q1.csv"), "--period", "2024-Q1",
        "--plan", str(SCORE / "ke-hoach-cchc-so-cong-thuong-2024.toml"), "--on", "2024-03-31"]


def _catalogs():
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "scripts" / "catalogs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_of_the_code_is_translated_in_vi_and_en() -> None:
    pytest.importorskip("babel")
    catalogs = _catalogs()
    assert catalogs.problems() == []
    template = catalogs.extract()
    assert len([message for message in template if message.id]) > 100  # the scan found them


def test_the_check_finds_a_missing_translation_and_a_wrong_placeholder(tmp_path,
                                                                       monkeypatch) -> None:
    pytest.importorskip("babel")
    catalogs = _catalogs()
    for lang in catalogs.LANGUAGES:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        (target / "cchc.po").write_bytes(pathlib.Path(catalogs.po_path(lang)).read_bytes())
    monkeypatch.setattr(catalogs, "LOCALE", str(tmp_path))
    vi = tmp_path / "vi" / "LC_MESSAGES" / "cchc.po"
    text = vi.read_text(encoding="utf-8")
    text = text.replace('msgstr "Đã ghi báo cáo: {path}"', 'msgstr "Đã ghi báo cáo: {tep}"')
    text = text.replace('msgstr "sẵn sàng gửi"', 'msgstr ""')
    vi.write_text(text, encoding="utf-8")
    found = "\n".join(catalogs.problems())
    assert "'Report written: {path}': placeholders ['tep']" in found
    assert "'ready to submit': no translation" in found


def test_installed_catalogs_are_the_compiled_sources() -> None:
    """The .mo files the package reads say what the committed .po files say (a stale or
    missing build fails here)."""
    pytest.importorskip("babel")
    catalogs = _catalogs()
    for lang in i18n.LANGUAGES:
        with open(i18n.catalog_file(lang), "rb") as handle:
            installed = gettext.GNUTranslations(handle)
        for message in catalogs.load(lang):
            if not message.id:
                continue
            if isinstance(message.id, str):
                got = (installed.pgettext(message.context, message.id) if message.context
                       else installed.gettext(message.id))
                assert got == message.string, (lang, message.id)
            else:
                singular, plural = message.id
                assert installed.ngettext(singular, plural, 1) == message.string[0]


@pytest.mark.parametrize(
    "value, decimals, vi, en",
    [
        (80.7249, 2, "80,72", "80.72"),
        (80.725, 2, "80,73", "80.73"),  # half up, as people round, not the binary 80.7249…
        (6086, 2, "6.086", "6,086"),
        (1234567.891, 2, "1.234.567,89", "1,234,567.89"),
        (0.18460000000000001, None, "0,1846", "0.1846"),  # no float noise
        (0.1 + 0.2, None, "0,3", "0.3"),
        (0.18460000000000001, 2, "0,18", "0.18"),
        (14.5, 2, "14,5", "14.5"),
        (16.0, 2, "16", "16"),
        (-2.5, 2, "-2,5", "-2.5"),
        (-0.001, 2, "0", "0"),  # never "-0"
        (0, 2, "0", "0"),
        (999.996, 2, "1.000", "1,000"),
    ],
)
def test_numbers_for_people(value, decimals, vi, en) -> None:
    assert format_number(value, decimals, lang="vi") == vi
    assert format_number(value, decimals, lang="en") == en
    with language("vi"):
        assert format_number(value, decimals) == vi


def test_missing_numbers_are_empty_and_percentages_carry_their_sign() -> None:
    pd = pytest.importorskip("pandas")
    assert format_number(None) == format_number(math.nan) == format_number(pd.NA) == ""
    assert format_number(math.inf) == "∞"
    assert format_number(2.5, fixed=True, lang="vi") == "2,50"
    assert format_percent(69.6, lang="vi") == "69,6 %"
    assert format_percent(69.6, lang="en") == "69.6%"
    assert format_percent(None, lang="vi") == ""
    assert format_points(13.775, lang="vi") == "13,78"
    assert format_date(datetime.date(2024, 3, 31), lang="vi") == "31/03/2024"
    assert format_date(datetime.date(2024, 3, 31), lang="en") == "2024-03-31"


def test_language_default_environment_and_context(monkeypatch) -> None:
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    assert i18n.get_language() == "vi"
    assert i18n._("Total") == "Tổng điểm"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en_GB.UTF-8")
    assert i18n.get_language() == "en" and i18n._("Total") == "Total"
    with language("vi"):
        assert i18n._("Total") == "Tổng điểm"
        with language("en"):
            assert i18n.pgettext("status", "overdue") == "overdue"
        assert i18n.pgettext("status", "overdue") == "quá hạn"
    assert i18n.get_language() == "en"
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "fr")
    with pytest.raises(CchcError, match="CCHC_LANG: language 'fr' has no catalog"):
        i18n.get_language()
    with pytest.raises(CchcError, match="language 'de'"):
        i18n.set_language("de")
    with language("en"):
        assert i18n.ngettext("{count} error", "{count} errors", 1) == "{count} error"
        assert i18n.ngettext("{count} error", "{count} errors", 2) == "{count} errors"
    with language("vi"):
        assert i18n.ngettext("{count} error", "{count} errors", 2) == "{count} lỗi"


def test_a_missing_catalog_is_an_error_not_english(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    i18n._translations.cache_clear()
    try:
        with language("vi"), pytest.raises(CchcError, match="'vi' message catalog is missing"):
            i18n._("Total")
    finally:
        monkeypatch.undo()
        i18n._translations.cache_clear()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_speaks_vietnamese_by_default_and_english_on_request(capsys, monkeypatch) -> None:
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    arguments = ["score", "department-example", str(ASSESSMENT), *DATA]
    code, vi, _ = run(capsys, *arguments)
    assert code == 0
    assert "Tổng điểm:" in vi and "xếp loại" in vi and "Điểm theo lĩnh vực:" in vi
    assert "Total:" not in vi and "Findings:" not in vi
    code, en, _ = run(capsys, *arguments, "--lang", "en")
    assert code == 0 and "Total:" in en and "band" in en and "Tổng điểm:" not in en
    code, before, _ = run(capsys, "--lang=en", *arguments)
    assert before == en  # the option may stand anywhere
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "en")
    assert run(capsys, *arguments)[1] == en
    assert run(capsys, *arguments, "--lang", "vi")[1] == vi  # the option wins


def test_cli_numbers_are_vietnamese_in_tables(capsys, monkeypatch) -> None:
    monkeypatch.delenv(i18n.ENVIRONMENT_VARIABLE, raising=False)
    from cchc.report import load_assessment
    from cchc.score import Framework, assess
    from cchc.io import read_dossiers_csv

    framework = Framework.shipped("department-example")
    report = assess(framework, load_assessment(ASSESSMENT, framework),
                    dossiers=read_dossiers_csv(DATA[1]), period="2024-Q1", plan=DATA[5],
                    on="2024-03-31")
    code, out, _ = run(capsys, "score", "department-example", str(ASSESSMENT), *DATA)
    total = format_number(report.total, lang="vi")
    assert f"Tổng điểm: {total}/{format_number(report.total_max, lang='vi')} điểm" in out
    assert "," in total or total.isdigit()
    assert format_percent(report.percent, lang="vi") in out


def test_machine_output_does_not_depend_on_the_language(capsys) -> None:
    for argv in (["score", "department-example", str(ASSESSMENT), *DATA, "--json"],
                 ["check", "department-example", str(ASSESSMENT), *DATA, "--csv"],
                 ["calendar", "holidays", "2026", "--csv"],
                 ["indicators", DATA[1], "--period", "2024-Q1", "--json"]):
        vi = run(capsys, *argv, "--lang", "vi")
        en = run(capsys, *argv, "--lang", "en")
        assert vi[0] == en[0] and vi[1] == en[1], argv
    payload = json.loads(run(capsys, "score", "department-example", str(ASSESSMENT), *DATA,
                             "--json")[1])
    assert {"total", "percent", "band", "areas", "findings"} <= set(payload)
    assert isinstance(payload["total"], float)  # full precision, not display text


def test_cli_refuses_an_unknown_language(capsys, monkeypatch) -> None:
    code, out, err = run(capsys, "calendar", "day", "2026-01-01", "--lang", "fr")
    # No language is in force: the message is said in each language cchc has.
    assert code == 2 and out == "" and err == (
        "cchc: lỗi: --lang: 'fr' không phải là ngôn ngữ của cchc (vi hoặc en)\n"
        "cchc: error: --lang: 'fr' is not a language of cchc (vi or en)\n")
    code, out, err = run(capsys, "calendar", "day", "2026-01-01", "--lang")
    assert code == 2 and "cchc: lỗi: --lang cần một ngôn ngữ: vi hoặc en" in err
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "xx")
    code, out, err = run(capsys, "calendar", "day", "2026-01-01")
    assert code == 2 and err == (
        "cchc: lỗi: CCHC_LANG: ngôn ngữ 'xx' không có bản dịch (chọn vi hoặc en)\n"
        "cchc: error: CCHC_LANG: language 'xx' has no catalog (choose vi or en)\n")


def test_calendar_tables_for_people(capsys) -> None:
    code, out, _ = run(capsys, "calendar", "due", "2024-02-02", "5", "--explain")
    assert code == 0
    assert "Ngày tiếp nhận" in out and "02/02/2024" in out and "16/02/2024" in out
    assert "13/02/2024 T3" in out  # a Tuesday of Tết 2024, in Vietnamese
    code, out, _ = run(capsys, "calendar", "due", "2024-02-02", "5", "--explain", "--lang", "en")
    assert "Received" in out and "2024-02-13 Tue" in out


def test_help_is_translated() -> None:
    for lang, words in (("vi", "ngôn ngữ hiển thị"), ("en", "language of what people read")):
        result = subprocess.run([sys.executable, "-m", "cchc.cli", "--help", "--lang", lang],
                                capture_output=True, text=True, encoding="utf-8", check=False)
        assert result.returncode == 0 and words in result.stdout


def test_the_check_finds_messages_the_extractor_cannot_see(tmp_path, monkeypatch) -> None:
    pytest.importorskip("babel")
    catalogs = _catalogs()
    (tmp_path / "module.py").write_text(
        "from .i18n import _\n"
        "def f(name):\n"
        "    print(f\"<h2>{_('Summary')}</h2>\")\n"
        "    print(_(name))\n"
        "    print(_('fine {x}').format(x=1))\n", encoding="utf-8")
    monkeypatch.setattr(catalogs, "PACKAGE", str(tmp_path))
    found = catalogs.hidden_messages()
    assert len(found) == 2
    assert "module.py:3: a message inside an f-string is not extracted" in found[0]
    assert "module.py:4: the message is not a string literal" in found[1]


def test_every_status_and_finding_kind_has_words_in_each_language() -> None:
    """A key the engine gives (leaf status, finding kind) without a label would reach people
    as an English identifier."""
    from cchc import labels
    from cchc.score import ERROR_FINDINGS, TARGET_STATUSES, WARNING_FINDINGS

    leaf_statuses = ["computed", "self_scored", "not_applicable", "unanswered", "invalid",
                     "awaiting", "external"]
    task_statuses = ["done_on_time", "done_late", "done", "overdue", "pending", "ongoing"]
    target_statuses = ["achieved", "on_track", "at_risk", "off_track", "not_applicable"]
    for lang in i18n.LANGUAGES:
        with language(lang):
            for key in (leaf_statuses + task_statuses + target_statuses + list(TARGET_STATUSES)
                        + ["error", "warning"]):
                assert labels.status_label(key) != key or lang == "en" and " " not in key, key
                assert "_" not in labels.status_label(key), key
            for kind in ERROR_FINDINGS + WARNING_FINDINGS:
                assert "_" not in labels.finding_label(kind), kind


def test_the_engine_messages_and_the_python_templates_are_the_same_list() -> None:
    """Every code the C++ engine can give has its English template (the msgid) here, and no
    template here is one the engine never gives."""
    from cchc import _core, messages

    assert messages.TEMPLATES == dict(_core.score.message_templates())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_engine_message_renders_in_each_language(lang) -> None:
    from cchc import messages

    sample: dict[str, object] = {"date": "2024-01-31", "deadline": "2024-01-15",
                                 "aggregation": "sum_capped", "scorer": "home_affairs",
                                 "status": "achieved", "plan_status": "done_late",
                                 "indicator": "on_time_rate", "explanation": "x", "source": "s",
                                 "reason": "r", "evidence": "e", "plan": "p", "id": "N01",
                                 "target": "T01"}
    with language(lang):
        for code, template in messages.TEMPLATES.items():
            names = _catalogs_placeholders(template)
            arguments = {name: sample.get(name, 0.18460000000000001) for name in names}
            text = messages.render({"code": code, "arguments": arguments})
            assert text and "{" not in text, code
            assert "0.18460000000000001" not in text and "0,18460000000000001" not in text
            if lang == "vi" and "0.1846" in str(arguments):
                assert "0.18" not in text, (code, text)  # a decimal comma, never a point


def _catalogs_placeholders(template: str) -> set[str]:
    import re

    return set(re.findall(r"\{([a-z_]+)\}", template))


def test_a_message_from_a_newer_engine_falls_back_to_its_english_text() -> None:
    from cchc import messages

    assert messages.render({"code": "rule.unknown", "arguments": {}}, "as given") == "as given"
    assert messages.render(None, "as given") == "as given"


def test_english_rendering_says_what_the_engine_says() -> None:
    """Where the numbers are short, the English written from the codes is the engine's own
    English, word for word: the two never drift apart."""
    from cchc import messages
    from cchc.score import Assessment, Framework, score

    framework = Framework.shipped("department-example")
    report = score(framework, Assessment.load(ROOT / "examples" / "data" / "score"
                                              / "so-cong-thuong-2025.toml"))
    import re

    long_number = re.compile(r"\d\.\d{3,}")  # the engine's full precision, rounded here
    with language("en"):
        explanations = messages.node_explanations(report)
        compared = 0
        for code, leaf, english in zip(report.nodes["code"], report.nodes["is_leaf"],
                                       report.nodes["explanation"]):
            if leaf and not long_number.search(english):
                assert explanations[code] == english
                compared += 1
        assert compared >= 15
        findings = messages.finding_messages(report)
        for mine, english in zip(findings, report.findings["message"]):
            if not long_number.search(english):
                assert mine == english
        assert messages.comparison_explanations(report) == list(report.comparison["explanation"])
    with language("vi"):
        vietnamese = messages.finding_messages(report)
    assert vietnamese != list(report.findings["message"])
    assert all("self-score" not in text and "rule gives" not in text for text in vietnamese)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_help_and_usage_errors_speak_the_language(capsys, lang) -> None:
    """The help of every command, argparse's own words (usage, options, errors) included."""
    words = {"vi": ("cách dùng:", "tùy chọn", "hiện hướng dẫn này rồi thoát",
                    "chấm điểm bản tự đánh giá"),
             "en": ("usage:", "options", "show this help message and exit",
                    "score a self-assessment")}[lang]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help", "--lang", lang])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert words[0] in out and words[1] in out and words[2] in out and words[3] in out
    for command in (["score"], ["check"], ["plan", "status"], ["indicators"],
                    ["calendar", "due"], ["report", "check"], ["template"]):
        with pytest.raises(SystemExit):
            cli.main([*command, "--help", "--lang", lang])
        help_text = capsys.readouterr().out
        assert words[0] in help_text and words[2] in help_text, command
        if lang == "vi":
            assert "show this help" not in help_text and "Example:" not in help_text, command
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["plan", "status", "plan.toml", "--lang", lang])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    expected = {"vi": "thiếu các tham số bắt buộc: --on",
                "en": "the following arguments are required: --on"}[lang]
    assert expected in err and words[0] in err
    import argparse

    assert getattr(argparse, "_").__module__ == "gettext"  # given back after the run
