"""The HTML report, the Excel workbook, the Excel template round trip, and the plots."""

from __future__ import annotations

import datetime
import os
import pathlib
import re
from html.parser import HTMLParser

import pytest

from cchc.errors import ParseError
from cchc.i18n import format_number
from cchc.io import read_dossiers_csv
from cchc.score import Assessment, Framework, assess, score

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("matplotlib")

from cchc import plots, report as reports  # noqa: E402  (after the optional imports)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCORE = ROOT / "examples" / "data" / "score"
ASSESSMENT = SCORE / "so-cong-thuong-2024-q1.toml"
PLAN = SCORE / "ke-hoach-cchc-so-cong-thuong-2024.toml"
DOSSIERS = ROOT / "examples" / "data" / "dossiers-q1.csv"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return Framework.shipped("department-example")


@pytest.fixture(scope="module")
def worked(framework):
    return assess(framework, Assessment.load(ASSESSMENT), dossiers=read_dossiers_csv(DOSSIERS),
                  period="2024-Q1", plan=PLAN, on="2024-03-31")


class Page(HTMLParser):
    """Collects the sections (id → text), tags seen, external references and cell styles."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.current = ""
        self.tags: set[str] = set()
        self.external: list[str] = []
        self.status_styles: dict[str, str] = {}
        self.numbers: list[str] = []  # the text of every number cell (td class="n")
        self.texts: list[str] = []  # every text outside <style> and the inline charts
        self.lang = ""
        self._style = ""
        self._number = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = attributes.get("lang", "")
        if tag in ("style", "svg"):
            self._skip += 1
        self._number = tag == "td" and attributes.get("class") == "n"
        if tag == "section":
            self.current = attributes.get("id", "")
            self.sections[self.current] = []
        for name in ("src", "href"):
            if attributes.get(name):
                self.external.append(attributes[name])
        self._style = attributes.get("style", "") if tag == "td" else ""

    def handle_endtag(self, tag):
        if tag in ("style", "svg"):
            self._skip -= 1
        if tag == "section":
            self.current = ""

    def handle_data(self, data):
        if self.current:
            self.sections[self.current].append(data)
        if self._style and data.strip():
            self.status_styles[data.strip()] = self._style
        if self._number and data.strip():
            self.numbers.append(data.strip())
            self._number = False
        if not self._skip and data.strip():
            self.texts.append(data.strip())

    def text(self, section: str) -> str:
        return " ".join(" ".join(self.sections[section]).split())


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_html_has_every_section_with_the_numbers(worked) -> None:
    page = reports.render_html(worked)
    parsed = parse(page)
    assert list(parsed.sections) == ["summary", "areas", "criteria", "external", "lost",
                                     "targets", "tasks", "findings", "evidence", "comparison"]
    summary = parsed.text("summary")
    assert "Sở Công Thương" in summary and "2024-Q1" in summary
    assert format_number(worked.total) in summary and worked.band in summary
    assert format_number(worked.appraised_total) in summary
    areas = parsed.text("areas")
    for name in worked.areas["name"]:
        assert name in areas  # Vietnamese names, not mangled
    assert "ke-hoach-cchc" in parsed.text("tasks") and "Tháng 01 năm 2024" in parsed.text("tasks")
    assert "T01" in parsed.text("targets")
    assert "Kế hoạch 15/KH-SCT ngày 12/01/2024" in parsed.text("evidence")
    assert "giá trị được thay bằng dữ liệu" in parsed.text("findings")  # the kind, in words
    assert 'data-kind="value_differs_from_data"' in page  # the key, for programs
    for code in worked.lost_points["code"]:
        assert code in parsed.text("lost")


def test_html_is_self_contained_and_colours_statuses(worked) -> None:
    page = reports.render_html(worked)
    parsed = parse(page)
    assert parsed.external == []  # no stylesheet, script, image or font fetched
    assert "script" not in parsed.tags and "link" not in parsed.tags
    assert "svg" in parsed.tags  # the charts are inline
    assert '<meta charset="utf-8">' in page
    statuses = dict(zip(worked.tasks["id"], worked.tasks["status"]))
    assert statuses["ke-hoach-cchc"] == "done_on_time"
    colour = reports.STATUS_COLOURS["done_on_time"]
    assert parsed.status_styles["hoàn thành đúng hạn"] == f"background:{colour}"
    assert parsed.status_styles["quá hạn"] == f"background:{reports.STATUS_COLOURS['overdue']}"
    assert 'data-status="done_on_time"' in page


def test_html_escapes_user_text(framework, tmp_path) -> None:
    assessment = Assessment("department-example", unit="<script>alert(1)</script> & Co",
                            answers={"1.4": {"self_score": 1.0, "note": '<b>"x"</b>',
                                             "evidence": ["<img src=x>"]}})
    page = reports.render_html(score(framework, assessment))
    assert "<script>alert" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert "&lt;img src=x&gt;" in page and "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in page
    assert parse(page).external == []
    path = tmp_path / "r.html"
    reports.write_html(score(framework, assessment), path)
    assert path.read_bytes().decode("utf-8") == page


def test_html_without_a_plan_says_so(framework) -> None:
    page = reports.render_html(score(framework, Assessment("department-example")))
    parsed = parse(page)
    assert "Không có kế hoạch kèm theo." in parsed.text("targets")
    unit_leaves = framework.nodes.query("is_leaf and scored_by == 'unit'")  # not the survey's
    assert parsed.text("findings").count("tiêu chí chưa được trả lời") == len(unit_leaves)
    english = parse(reports.render_html(score(framework, Assessment("department-example")),
                                        lang="en"))
    assert english.text("findings").count("leaf left unanswered") == len(unit_leaves)


def test_excel_workbook_has_the_same_content(worked, tmp_path) -> None:
    path = tmp_path / "report.xlsx"
    reports.write_excel(worked, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Tổng hợp", "Lĩnh vực", "Tiêu chí", "Cơ quan khác chấm",
                               "Điểm bị mất", "Chỉ tiêu", "Nhiệm vụ", "Kiểm tra", "Kiểm chứng",
                               "Tự chấm - thẩm định"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Đơn vị"] == "Sở Công Thương"
    assert summary["Tổng điểm"] == pytest.approx(worked.total)
    assert summary["Xếp loại"] == worked.band
    areas = list(book["Lĩnh vực"].iter_rows(values_only=True))
    assert areas[0][:2] == ("Mã", "Lĩnh vực")
    assert sum(row[4] for row in areas[1:]) == pytest.approx(worked.total)
    tasks = list(book["Nhiệm vụ"].iter_rows(values_only=True))
    statuses = {row[0]: row[6] for row in tasks[1:]}
    from cchc.labels import status_label
    due = {row[0]: row[4] for row in tasks[1:]}
    assert due["ke-hoach-cchc"].date() == datetime.date(2024, 1, 31)  # a real date cell
    assert due["tuyen-truyen"] is None  # "Thường xuyên": no due day
    assert statuses == {task: status_label(status)  # in words: "hoàn thành đúng hạn"
                        for task, status in zip(worked.tasks["id"], worked.tasks["status"])}
    assert statuses["cap-nhat-tthc"] == "quá hạn"
    overdue_row = [row[0] for row in tasks].index("cap-nhat-tthc") + 1
    fill = book["Nhiệm vụ"].cell(overdue_row, 7).fill.fgColor.rgb
    assert fill.endswith(reports.STATUS_COLOURS["overdue"].lstrip("#").upper())
    # Not applicable is an empty cell, never 0.
    criteria = list(book["Tiêu chí"].iter_rows(values_only=True))
    not_applicable = [row for row in criteria[1:] if row[6] == "không áp dụng"]
    assert all(row[3] is None for row in not_applicable)


def test_write_report_by_suffix_and_atomic(worked, tmp_path) -> None:
    with pytest.raises(ValueError, match=r"báo cáo là tệp \.html hoặc \.xlsx"):
        reports.write_report(worked, tmp_path / "r.pdf")
    path = tmp_path / "r.html"
    path.write_text("old", encoding="utf-8")
    reports.write_report(worked, path)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_template_round_trip_template_filled_scored(framework, tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    reports.write_template(framework, path, unit="Sở Công Thương", period="2026")
    book = openpyxl.load_workbook(path)
    sheet = book[reports.TEMPLATE_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == framework.leaf_codes
    assert rows[0] == tuple(label for _, label in reports.TEMPLATE_COLUMNS)
    by_code = {row[0]: index + 2 for index, row in enumerate(rows[1:])}
    assert rows[by_code["3.1"] - 1][4] == "chỉ số on_time_rate"
    assert rows[by_code["1.1"] - 1][4] == "kế hoạch: ke-hoach-cchc"
    sheet.cell(by_code["3.1"], 6).value = 95          # value
    sheet.cell(by_code["1.1"], 7).value = "có"        # done
    sheet.cell(by_code["1.1"], 8).value = "Có"        # late
    sheet.cell(by_code["1.4"], 11).value = "1,5"      # self-score with a decimal comma
    sheet.cell(by_code["1.4"], 12).value = "QĐ 12/QĐ-SCT\nBC 3/BC-SCT"
    sheet.cell(by_code["6.2"], 6).value = 88
    sheet.cell(by_code["6.2"], 9).value = 97.5
    sheet.cell(by_code["4.2"], 10).value = "x"        # not applicable
    book.save(path)
    filled = reports.read_template(path)
    assert filled.unit == "Sở Công Thương" and filled.period == "2026"
    assert sorted(filled.codes) == ["1.1", "1.4", "3.1", "4.2", "6.2"]
    assert filled.answer("1.4")["evidence"] == ["QĐ 12/QĐ-SCT", "BC 3/BC-SCT"]
    expected = Assessment("department-example", answers={
        "3.1": {"value": 95.0}, "1.1": {"done": True, "late": True},
        "1.4": {"self_score": 1.5, "evidence": ["QĐ 12/QĐ-SCT", "BC 3/BC-SCT"]},
        "6.2": {"value": 88.0, "best": 97.5}, "4.2": {"not_applicable": True}})
    assert score(framework, filled).total == pytest.approx(score(framework, expected).total)
    scored = score(framework, filled).nodes.set_index("code")
    assert float(scored.loc["1.1", "points"]) == 1.0  # done late: half of 2
    assert scored.loc["4.2", "status"] == "not_applicable"


@pytest.mark.parametrize(
    "row_offset, column, value, message",
    [
        (0, 6, "nhiều", "cột 'F (Giá trị / số lượng)': 'nhiều' không phải số"),
        (0, 7, "chưa", "cột 'G (Đã hoàn thành (có/không))': 'chưa' không phải có/không"),
        (0, 1, "9.9", "cột 'A': '9.9' không phải mã tiêu chí thành phần"),
        (1, 1, "1.1", "cột 'A': '1.1' đã có ở dòng 2"),
    ],
)
def test_template_errors_name_sheet_row_and_column(framework, tmp_path, row_offset, column,
                                                   value, message) -> None:
    path = tmp_path / "t.xlsx"
    reports.write_template(framework, path)
    book = openpyxl.load_workbook(path)
    sheet = book[reports.TEMPLATE_SHEET]
    sheet.cell(2 + row_offset, column).value = value
    book.save(path)
    with pytest.raises(ParseError) as error:
        reports.read_template(path)
    assert message in str(error.value)
    assert f"trang 'Tự đánh giá' dòng {2 + row_offset}" in str(error.value)
    assert error.value.line == 2 + row_offset and error.value.source == str(path)


def test_template_checks_headers_framework_and_file(framework, tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    reports.write_template(framework, path)
    book = openpyxl.load_workbook(path)
    book[reports.TEMPLATE_SHEET].cell(1, 6).value = "Giá trị"
    book.save(path)
    with pytest.raises(ParseError, match="dòng 1 cột 'F': tiêu đề 'Giá trị'"):
        reports.read_template(path)
    other = Framework.shipped("decision-766-portal")
    reports.write_template(framework, path)
    with pytest.raises(ParseError, match="không phải 'decision-766-portal'"):
        reports.read_template(path, other)
    not_xlsx = tmp_path / "x.xlsx"
    not_xlsx.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ParseError, match="không phải sổ tính .xlsx"):
        reports.read_template(not_xlsx)


def test_plots_return_figures_for_notebooks(worked) -> None:
    from matplotlib.figure import Figure

    figure = plots.plot_areas(worked)
    assert isinstance(figure, Figure)
    axes = figure.axes[0]
    assert [label.get_text() for label in axes.get_yticklabels()] == list(
        worked.areas["code"])
    widths = sorted(round(bar.get_width(), 6) for bar in axes.patches)
    assert round(worked.total, 6) == pytest.approx(
        sum(round(float(v), 6) for v in worked.areas["points"]))
    assert max(widths) == pytest.approx(float(worked.areas["applicable_max"].max()))
    lost = plots.plot_lost_points(worked, top=3)
    assert len(lost.axes[0].patches) == min(3, len(worked.lost_points))
    assert plots.figure_svg(lost).startswith("<svg")
    # Drawing into a caller's axes returns the caller's figure.
    own = Figure()
    assert plots.plot_areas(worked, ax=own.add_subplot()) is own


def test_plot_lost_points_when_nothing_is_lost(framework) -> None:
    full = Assessment("department-example")
    report = score(framework, full)
    empty_report_lost = report.lost_points.head(0)
    assert len(empty_report_lost) == 0
    figure = plots.plot_lost_points(report, top=0)
    assert "Không mất điểm" in [text.get_text() for text in figure.axes[0].texts]


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


def _render_in_chromium(worked, tmp_path, lang: str) -> tuple[str, pathlib.Path]:
    """The report in `lang` as headless Chromium reads it (its DOM) and draws it (a PNG)."""
    import subprocess

    # The browser is not ours: under the sanitizer run (LD_PRELOAD of the ASan runtime) it
    # must start without it.
    env = {key: value for key, value in os.environ.items() if key != "LD_PRELOAD"}
    path = tmp_path / f"report-{lang}.html"
    reports.write_html(worked, path, lang=lang)
    command = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--user-data-dir=" + str(tmp_path / "profile"),
               # Any request off the machine fails: the page must not need one.
               "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
    dom = subprocess.run(command + ["--dump-dom", path.as_uri()], capture_output=True,
                         text=True, encoding="utf-8", timeout=120, check=True, env=env).stdout
    shot = tmp_path / f"report-{lang}.png"
    subprocess.run(command + [f"--screenshot={shot}", "--window-size=1200,2400", path.as_uri()],
                   capture_output=True, timeout=120, check=True, env=env)
    return dom, shot


#: A number as people read it: thousands grouped, 2 decimals at most.
NUMBER = {"vi": re.compile(r"-?\d{1,3}(\.\d{3})*(,\d{1,2})?"),
          "en": re.compile(r"-?\d{1,3}(,\d{3})*(\.\d{1,2})?")}
#: English words of libcchc's own vocabulary: none may be left in a Vietnamese report.
ENGLISH_WORDS = re.compile(
    r"\b(self-scor\w*|applicable|unanswered|recognised|differs|declared|indicator|threshold|"
    r"evidence|value|points?|targets?|status|plan|achieved|overdue|scored|summary|total|band|"
    r"met|progress|done|late|leaf|rule|maximum|full|given|reason|trend|days?|none|yes|no)\b",
    re.IGNORECASE)
#: Letters only Vietnamese writes: none may be left in an English report.
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡ"
                                r"ùúụủũừứựửữỳýỵỷỹ]")


def _user_texts(report) -> set[str]:
    """What the data say, shown as given: names, notes, evidence, plan titles and phrases."""
    texts = {report.assessment.unit, report.framework.name, report.plan_title}
    if len(report.band) > 1:  # a band's name from the framework file ("Tốt"), not a letter
        texts.add(report.band)
    texts |= set(report.framework.nodes["name"])
    for code in report.assessment.codes:
        answer = report.assessment.answer(code)
        texts |= {answer["note"], answer["appraisal_note"], *answer["evidence"]}
    for frame, columns in ((report.targets, ["title", "id"]),
                           (report.tasks, ["title", "lead", "deadline", "id"])):
        for column in columns:
            texts |= {str(value) for value in frame[column] if isinstance(value, str)}
    return {" ".join(text.split()) for text in texts if text}


#: Keys programs read, which people must never see as words.
STATUS_KEYS = ["done_on_time", "done_late", "not_applicable", "self_scored", "on_track",
               "off_track", "at_risk", "value_differs_from_data", "self_score_above_max",
               "missing_evidence", "invalid_input"]


# scripts/dev.sh installs chromium, so CI (CI=true) never skips this test: a missing browser
# fails there instead of passing unseen.
@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"),
                    reason="headless chromium not installed (scripts/dev.sh installs it)")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_html_renders_in_headless_chromium_in_each_language(worked, tmp_path, lang) -> None:
    dom, shot = _render_in_chromium(worked, tmp_path, lang)
    parsed = parse(dom)
    assert parsed.lang == lang
    assert dom.count("<svg") == 2 and shot.stat().st_size > 10_000
    words = {
        "vi": ["Báo cáo tự đánh giá chỉ số CCHC: Sở Công Thương", "Tổng hợp", "Điểm theo lĩnh vực",
               "Điểm từng tiêu chí", "Điểm bị mất", "Chỉ tiêu kế hoạch", "Nhiệm vụ và thời hạn",
               "Kết quả kiểm tra trước khi gửi", "Tài liệu kiểm chứng", "Tự chấm và thẩm định",
               "hoàn thành đúng hạn", "quá hạn", "cảnh báo", "Xếp loại", "Tổng điểm"],
        "en": ["CCHC self-assessment report: Sở Công Thương", "Summary", "Points by area",
               "Points of each criterion", "Points lost", "Plan targets", "Tasks and deadlines",
               "Checks before submission", "Evidence", "Self-scored and appraised",
               "done on time", "overdue", "warning", "Band", "Total"],
    }[lang]
    text = " ".join(parsed.texts)  # UTF-8 read as UTF-8, or the Vietnamese would not match
    for word in words:
        assert word in text, word
    other = {"vi": ["Summary", "Points by area", "Tasks and deadlines", "done on time"],
             "en": ["Tổng hợp", "Điểm theo lĩnh vực", "Nhiệm vụ và thời hạn",
                    "hoàn thành đúng hạn"]}[lang]
    for word in other:
        assert word not in text, word
    shown_statuses = " ".join(parsed.status_styles)
    for key in STATUS_KEYS:
        assert key not in shown_statuses, key
    # Every number cell is a number in the language's format, and the totals are there.
    assert len(parsed.numbers) > 50
    for number in parsed.numbers:
        assert NUMBER[lang].fullmatch(number), number
    summary = parsed.text("summary")
    assert format_number(worked.total, lang=lang) in summary
    assert format_number(worked.percent, lang=lang) in summary
    separator = "," if lang == "vi" else "."
    assert separator in format_number(worked.total, lang=lang)  # the worked total is fractional
    # Everything libcchc writes is in the page's language: take away what the data say (names,
    # notes, evidence, titles, deadline phrases), and no word of the other language is left.
    # Within the sections: the footer quotes the framework's legal basis as its file states it.
    generated = " ".join(parsed.text(section) for section in parsed.sections)
    for text in sorted(_user_texts(worked), key=len, reverse=True):
        generated = generated.replace(text, " ")
    if lang == "vi":
        english = ENGLISH_WORDS.findall(generated)
        assert not english, english
    else:
        vietnamese = VIETNAMESE_LETTERS.findall(generated)
        assert not vietnamese, generated
    # No float noise anywhere: no number with more than 4 decimals.
    assert not re.search(r"\d[.,]\d{5,}", generated), re.search(r".{40}\d[.,]\d{5,}.{20}",
                                                                generated)
    # Dates are dates people read: 31/01/2024 in Vietnamese, 2024-01-31 in English.
    assert ("31/01/2024" if lang == "vi" else "2024-01-31") in parsed.text("tasks")


def test_chart_labels_follow_the_language(worked) -> None:
    from cchc.i18n import language

    for lang, title in (("vi", "Điểm theo lĩnh vực"), ("en", "Points by area")):
        with language(lang):
            figure = plots.plot_areas(worked)
            figure.canvas.draw()  # the tick formatter runs when drawn
        axes = figure.axes[0]
        assert axes.get_title() == title
        labels = [text.get_text() for text in axes.texts]
        first = worked.areas.iloc[0]
        expected = (f"{format_number(first['points'], lang=lang)}/"
                    f"{format_number(first['applicable_max'], lang=lang)}")
        assert any(label.strip() == expected for label in labels), (labels, expected)
    with language("vi"):
        lost = plots.plot_lost_points(worked)
        lost.canvas.draw()
    gains = [text.get_text().strip() for text in lost.axes[0].texts]
    assert format_number(float(worked.lost_points["total_gain"].iloc[1]), lang="vi") in gains
    assert all("." not in gain for gain in gains)  # a decimal comma, never a point
