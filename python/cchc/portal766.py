"""Decision 766 data from the National Public Service Portal (dichvucong.gov.vn).

The portal's "Đánh giá chất lượng phục vụ" pages read six evaluation endpoints
(``POST /api/v1/reporting/evaluation/<group>``). A user saves each response as JSON, from the
browser's network tab or a script, into one folder, one file per group named after the
endpoint::

    transparency.json  dvc-progress-tree.json  provide-online-tree.json
    dossier-digitized.json  formality-online-payment-tree.json  handling-satisfaction.json

:func:`read_portal_json` turns them into an :class:`~cchc.score.Assessment` of the
``decision-766-portal`` framework (counts per item: numerators and denominators, the ratios of
the two composite items) and keeps the portal's own scores, so that :func:`compare_with_portal`
can put libcchc's score beside them and explain every difference. Response format, as learnt
from public captures: docs/score/portal766.md. Anything that cannot be read exactly is refused
with the file, the JSON path and the reason.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import _core
from .errors import CchcError
from .score import Assessment, Framework, PathLike, ScoreReport

if TYPE_CHECKING:
    import pandas as pd

#: The six evaluation endpoints, in the portal's group order, and the file each is saved as.
PORTAL_GROUPS: tuple[str, ...] = (
    "transparency",
    "dvc-progress-tree",
    "provide-online-tree",
    "dossier-digitized",
    "formality-online-payment-tree",
    "handling-satisfaction",
)

# Groups whose records list metrics [{code, numerator, denominator, ratio, score, maxScore}]
# under data.overview / data.evaluation[]; the other three give counts as fields of
# data.parent / data.children[].
_METRIC_GROUPS = ("transparency", "dossier-digitized", "handling-satisfaction")

# For the count groups: the framework item (by its metric key) and, per ratio, the fields of
# the portal record that make its numerator (summed) and its denominator.
_COUNT_ITEMS: dict[str, tuple[str, dict[str, tuple[tuple[str, ...], str]]]] = {
    "dvc-progress-tree": ("PROGRESS_ON_TIME", {"": (("totalOnTime",), "totalReceived")}),
    "provide-online-tree": (
        "PROVIDE_ONLINE",
        {
            "procedures_online": (("partialCount", "fullCount"), "authorityCount"),
            "services_with_dossiers": (("onlineDossierCount",), "onlineServiceTotal"),
            "dossiers_online": (("channelOnlineSum",), "channelTotalSum"),
        },
    ),
    "formality-online-payment-tree": (
        "ONLINE_PAYMENT",
        {
            "dossiers_paid_online": (
                ("totalDossierOnlinePaymentSuccess",), "totalDossierFinancialObligation"),
            "procedures_with_online_payment": (
                ("totalDossierOnlineFormalityPaymentSuccess",), "totalFeeFormality"),
            "procedures_paid_via_portal": (("totalFeeDossierFormality",), "totalFeeFormality"),
        },
    ),
}

# departmentType / departmentLevel values → framework levels.
_LEVELS = {
    "PROVINCE": "province",
    "PROVINCIAL_DEPARTMENT": "department",
    "DISTRICT_PEOPLE_COMMITTEE": "district",
    "DISTRICT": "district",
    "COMMUNE_PEOPLE_COMMITTEE": "commune",
    "COMMUNE": "commune",
}


@dataclass
class PortalData:
    """What the portal's JSON says about one unit: the assessment built from its counts and
    the portal's own scores (per group code and per item code of the framework)."""

    assessment: Assessment
    unit_id: str
    unit_name: str
    level: str
    group_scores: dict[str, float] = field(default_factory=dict)
    item_scores: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


#: The engine's indicator beside each portal-definition one (cchc.indicator_definitions()).
ENGINE_COUNTERPARTS: dict[str, str] = {
    "portal766_progress_rate": "on_time_rate",
    "portal766_online_dossier_rate": "online_filing_rate",
    "portal766_electronic_result_rate": "electronic_result_rate",
    "portal766_digitised_dossier_rate": "digitised_dossier_rate",
    "portal766_reuse_rate": "reuse_rate",
    "portal766_paid_online_rate": "online_payment_rate",
}

_PORTAL_COUNTS = (
    "received_new", "received_carried_over", "resolved_early", "resolved_on_time",
    "resolved_late", "pending_within", "pending_overdue", "new_online", "digitised_dossier_yes",
    "reused_data_yes", "fee_required_yes", "paid_online_yes", "electronic_result_yes",
)


def portal_indicator_pairs(counts: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """The Decision 766 items the dossier engine can compute, with the portal's definitions
    (``portal766_…`` keys → (numerator, denominator)), from the counts of one row of
    :func:`cchc.indicators`; empty when the row lacks the counts."""
    if not all(name in counts for name in _PORTAL_COUNTS):
        return {}
    native = _core.dossier.portal766_indicators({name: int(counts[name])
                                                 for name in _PORTAL_COUNTS})
    return {str(row["key"]): (int(row["numerator"]), int(row["denominator"])) for row in native}


def dossier_items(counts: Mapping[str, Any]) -> pd.DataFrame:
    """Per Decision 766 item the engine can compute: the portal's definition (key, name,
    formula, numerator, denominator, percent) beside the engine's own indicator of the same
    thing (engine_key, engine_percent), from one row of :func:`cchc.indicators`. They differ
    when the export has unknowns or dossiers still in progress."""
    import pandas as pd

    if not all(name in counts for name in _PORTAL_COUNTS):
        missing = [name for name in _PORTAL_COUNTS if name not in counts]
        raise CchcError(f"the row lacks the counts {', '.join(missing)} (give a row of "
                        "cchc.indicators(...))")
    native = _core.dossier.portal766_indicators({name: int(counts[name])
                                                 for name in _PORTAL_COUNTS})
    rows = []
    for item in native:
        key = str(item["key"])
        engine = ENGINE_COUNTERPARTS[key]
        engine_numerator = counts.get(f"{engine}_numerator")
        engine_denominator = counts.get(f"{engine}_denominator")
        engine_percent = (100.0 * float(engine_numerator) / float(engine_denominator)
                          if engine_numerator is not None and engine_denominator else None)
        rows.append({
            "key": key, "name": item["name_vi"], "formula": item["formula"],
            "numerator": int(item["numerator"]), "denominator": int(item["denominator"]),
            "percent": (100.0 * item["numerator"] / item["denominator"]
                        if item["denominator"] else None),
            "engine_key": engine, "engine_percent": engine_percent,
        })
    return pd.DataFrame(rows)


def _fail(path: str, where: str, reason: str) -> CchcError:
    return CchcError(f"{path}: {where}: {reason}")


def _count(record: Mapping[str, Any], key: str, path: str, where: str) -> float | None:
    """A count field: None when absent or null; refused when not a finite number ≥ 0."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(path, f"{where}.{key}", f"expected a number, got {value!r}")
    if value < 0:
        raise _fail(path, f"{where}.{key}", f"a count cannot be negative ({value})")
    return float(value)


def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except FileNotFoundError:
        raise CchcError(f"{path}: cannot open (no such file)") from None
    except UnicodeDecodeError as error:
        raise CchcError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise CchcError(f"{path}: line {error.lineno}: not JSON ({error.msg})") from None
    if not isinstance(document, dict):
        raise _fail(path, "$", "expected the response object {\"code\": \"OK\", \"data\": …}")
    if "code" in document and document["code"] != "OK":
        raise _fail(path, "$.code", f"the portal answered {document['code']!r}, not 'OK': "
                    "save a successful response")
    data = document.get("data")
    if not isinstance(data, dict):
        raise _fail(path, "$.data", "missing: expected the response's data object")
    return data


def _records(group: str, data: Mapping[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """(JSON path, record) of the root unit, then of each unit listed below it."""
    root_key, children_key = (("overview", "evaluation") if group in _METRIC_GROUPS
                              else ("parent", "children"))
    root = data.get(root_key)
    if not isinstance(root, dict):
        raise _fail(path, f"$.data.{root_key}", f"missing: a {group} response has "
                    f"data.{root_key} (the unit it was requested for)")
    records = [(f"$.data.{root_key}", root)]
    children = data.get(children_key, [])
    if children is None:
        children = []
    if not isinstance(children, list):
        raise _fail(path, f"$.data.{children_key}", "expected a list of units")
    for index, child in enumerate(children):
        if not isinstance(child, dict):
            raise _fail(path, f"$.data.{children_key}[{index}]", "expected a unit object")
        records.append((f"$.data.{children_key}[{index}]", child))
    return records


def _select(records: list[tuple[str, dict[str, Any]]], unit: str | None,
            path: str) -> tuple[str, dict[str, Any]]:
    if not unit:
        return records[0]
    for where, record in records:
        if unit in (record.get("departmentId"), record.get("departmentCode"),
                    record.get("departmentName")):
            return where, record
    raise CchcError(f"{path}: unit '{unit}' is neither the unit of the response nor listed "
                    "below it (give its departmentId, departmentCode or departmentName)")


def _portal_score(record: Mapping[str, Any], path: str, where: str) -> float | None:
    for key in ("totalScore", "score"):
        if key in record and record[key] is not None:
            return _count(record, key, path, where)
    return None


def read_portal_json(
    directory: PathLike,
    framework: Framework | None = None,
    *,
    unit: str | None = None,
    level: str | None = None,
    period: str = "",
) -> PortalData:
    """Reads the six saved evaluation responses in `directory` into an assessment of
    `framework` (default: the shipped ``decision-766-portal``) for the unit the responses were
    requested for, or for `unit` (departmentId, departmentCode or departmentName) when it is
    listed below it. `level` overrides the level read from the responses (departmentType)."""
    framework = framework or Framework.shipped("decision-766-portal")
    folder = os.fspath(directory)
    if not os.path.isdir(folder):
        raise CchcError(f"{folder}: not a folder (--portal-json takes the folder holding "
                        f"{', '.join(g + '.json' for g in PORTAL_GROUPS)})")
    missing = [g + ".json" for g in PORTAL_GROUPS
               if not os.path.exists(os.path.join(folder, g + ".json"))]
    if missing:
        raise CchcError(f"{folder}: missing {', '.join(missing)} (save the response of each "
                        "/api/v1/reporting/evaluation/<group> request under that name)")
    nodes = framework.nodes
    by_metric = {str(row["metric"]): str(row["code"]) for _, row in nodes.iterrows()
                 if row["metric"]}
    leaves = set(framework.leaf_codes)
    answers: dict[str, dict[str, Any]] = {}
    group_scores: dict[str, float] = {}
    item_scores: dict[str, float] = {}
    notes: list[str] = []
    unit_id = unit_name = ""
    unit_level = ""

    for group in PORTAL_GROUPS:
        path = os.path.join(folder, group + ".json")
        data = _load(path)
        where, record = _select(_records(group, data, path), unit, path)
        record_id = str(record.get("departmentId") or "")
        if not unit_id:
            unit_id, unit_name = record_id, str(record.get("departmentName") or "")
        elif record_id and record_id != unit_id:
            raise _fail(path, f"{where}.departmentId", f"unit {record_id} "
                        f"({record.get('departmentName')}), but the other files are about "
                        f"{unit_id} ({unit_name}): save all six responses for the same unit")
        kind = record.get("departmentType") or record.get("departmentLevel") or record.get("level")
        if not unit_level and group in _METRIC_GROUPS and isinstance(kind, str):
            unit_level = _LEVELS.get(kind, "")
        group_code = by_metric.get(group)
        if group_code is None:
            raise CchcError(f"framework '{framework.id}' has no group with metric '{group}'")
        portal = _portal_score(record, path, where)
        if portal is not None:
            group_scores[group_code] = portal

        if group in _METRIC_GROUPS:
            metrics = record.get("metrics")
            if not isinstance(metrics, list):
                raise _fail(path, f"{where}.metrics", "missing: expected the list of metrics")
            for index, metric in enumerate(metrics):
                at = f"{where}.metrics[{index}]"
                if not isinstance(metric, dict) or not isinstance(metric.get("code"), str):
                    raise _fail(path, at, "expected {code, numerator, denominator, ratio, score}")
                metric_code = metric["code"]
                max_score = _count(metric, "maxScore", path, at)
                code = by_metric.get(metric_code)
                if code is None:
                    if max_score == 0:
                        continue  # tracked by the portal, worth no points (PETITION_CLASSIFICATION_*)
                    raise _fail(path, f"{at}.code", f"metric {metric_code} (max {max_score}) is "
                                f"not an item of framework '{framework.id}'")
                if code not in leaves:
                    raise _fail(path, f"{at}.code", f"metric {metric_code} is group {code}")
                numerator = _count(metric, "numerator", path, at)
                denominator = _count(metric, "denominator", path, at)
                ratio = _count(metric, "ratio", path, at)
                score = _count(metric, "score", path, at)
                if score is not None:
                    item_scores[code] = score
                if numerator is not None and denominator is not None:
                    answers[code] = {"ratio": (numerator, denominator)}
                elif numerator is None and denominator is None and ratio is not None:
                    if ratio > 100:
                        raise _fail(path, f"{at}.ratio", f"{ratio} is above 100 %")
                    answers[code] = {"value": ratio}
                    notes.append(f"{code} {metric_code}: the portal gives only the ratio "
                                 f"{ratio:g} % (2 decimals), no counts")
                elif numerator is None and denominator is None:
                    notes.append(f"{code} {metric_code}: no counts and no ratio: left unanswered")
                else:
                    raise _fail(path, at, "numerator and denominator go together (one is null)")
        else:
            metric_key, spec = _COUNT_ITEMS[group]
            code = by_metric.get(metric_key)
            if code is None or code not in leaves:
                raise CchcError(f"framework '{framework.id}' has no item with metric "
                                f"'{metric_key}'")
            ratios: dict[str, tuple[float, float]] = {}
            absent: list[str] = []
            for name, (numerator_keys, denominator_key) in spec.items():
                parts = [_count(record, key, path, where) for key in numerator_keys]
                denominator = _count(record, denominator_key, path, where)
                if denominator is None or any(part is None for part in parts):
                    absent += [key for key, part in zip(numerator_keys, parts) if part is None]
                    if denominator is None:
                        absent.append(denominator_key)
                    continue
                ratios[name] = (sum(p for p in parts if p is not None), denominator)
            if absent:
                if ratios:
                    raise _fail(path, where, f"some counts are missing ({', '.join(absent)})")
                notes.append(f"{code} {metric_key}: {path} gives no counts for this unit "
                             f"({', '.join(absent)}; the portal lists only scores for units "
                             "below the one requested): request it for the unit itself")
                continue
            if "" in ratios:
                answers[code] = {"ratio": ratios[""]}
            else:
                answers[code] = {"ratios": ratios}
            if portal is not None:
                item_scores[code] = portal

    chosen_level = level or unit_level or framework.level
    assessment = Assessment(framework.id, unit=unit_name, period=period, answers=answers,
                            level=chosen_level)
    return PortalData(assessment, unit_id, unit_name, chosen_level, group_scores, item_scores,
                      notes)


def _cents(value: float) -> float:
    return round(value + 0.0, 2)


def compare_with_portal(report: ScoreReport, portal: PortalData) -> pd.DataFrame:
    """libcchc's points beside the portal's, per group and item the portal scored, then the
    total: code, metric, name, points (libcchc, rounded as the framework says),
    unrounded_points, portal_points, difference (libcchc − portal, to the cent) and an
    explanation of every difference."""
    import pandas as pd

    nodes = report.nodes.set_index("code")
    framework_nodes = report.framework.nodes.set_index("code")
    rows: list[dict[str, Any]] = []

    def explain_item(code: str, portal_points: float) -> str:
        node = nodes.loc[code]
        status = node["status"]
        if status == "not_applicable":
            return (f"libcchc: {node['explanation']}; the portal gave {portal_points:g}: give the "
                    "item if_empty in the framework if the portal's rule is known")
        if status == "unanswered":
            return "no counts in the JSON for this item: libcchc gives 0"
        if status == "invalid":
            return f"invalid input: {node['explanation']}"
        return f"rule {node['rule']}: {node['explanation']}"

    def add(code: str, portal_points: float | None) -> None:
        node = nodes.loc[code]
        points = node["points"]
        library = None if pd.isna(points) else float(points)
        unrounded = node["unrounded_points"]
        row = {
            "code": code,
            "metric": framework_nodes.loc[code, "metric"],
            "name": framework_nodes.loc[code, "name"],
            "is_leaf": bool(node["is_leaf"]),
            "points": library,
            "unrounded_points": None if pd.isna(unrounded) else float(unrounded),
            "portal_points": portal_points,
            "difference": None,
            "explanation": "",
        }
        if portal_points is None:
            row["explanation"] = "the portal's JSON gives no score here"
        elif library is None:
            row["explanation"] = explain_item(code, portal_points) if node["is_leaf"] else (
                "not applicable in libcchc (every item left the maximum)")
        else:
            difference = _cents(library - portal_points)
            row["difference"] = difference
            if difference == 0:
                row["explanation"] = "same to the cent"
            elif node["is_leaf"]:
                row["explanation"] = explain_item(code, portal_points)
            else:
                parts = []
                children = list(report.framework.nodes.query("parent == @code")["code"])
                for child in children:
                    child_portal = portal.item_scores.get(child)
                    if child_portal is None and len(children) == 1:
                        child_portal = portal_points  # a one-item group: the item is the group
                    child_points = nodes.loc[child, "points"]
                    if child_portal is None:
                        parts.append(f"{child}: the portal gives no item score")
                    elif pd.isna(child_points) or _cents(float(child_points) - child_portal):
                        parts.append(f"{child} ({explain_item(child, child_portal)})")
                row["explanation"] = ("differs in " + "; ".join(parts)) if parts else (
                    "items agree; the group sum differs (capping or a missing item)")
        rows.append(row)

    for _, group in report.framework.nodes.query("depth == 0").iterrows():
        code = str(group["code"])
        add(code, portal.group_scores.get(code))
        for child in report.framework.nodes.query("parent == @code")["code"]:
            if child in portal.item_scores and len(
                    report.framework.nodes.query("parent == @code")) > 1:
                add(str(child), portal.item_scores[child])
    portal_total = (sum(portal.group_scores.values())
                    if len(portal.group_scores) == len(report.framework.nodes.query("depth == 0"))
                    else None)
    total_row = {
        "code": "TOTAL", "metric": "", "name": "Tổng điểm", "is_leaf": False,
        "points": report.total, "unrounded_points": report.unrounded_total,
        "portal_points": portal_total, "difference": None, "explanation": "",
    }
    if portal_total is None:
        total_row["explanation"] = "the portal's JSON lacks a group score"
    else:
        total_row["difference"] = _cents(report.total - portal_total)
        differing = [row["code"] for row in rows
                     if row["code"].count(".") == 0 and row["difference"] not in (0, None)]
        total_row["explanation"] = ("same to the cent" if total_row["difference"] == 0
                                    else "differs in groups " + ", ".join(differing))
    rows.append(total_row)
    return pd.DataFrame(rows, columns=["code", "metric", "name", "is_leaf", "points",
                                       "unrounded_points", "portal_points", "difference",
                                       "explanation"])
