"""Classify the task list: canonical units, unit and task categories, roles.

:func:`classify_tasks` takes the tasks :mod:`vnnq.extract.tasks` found and
returns them with ``unit_canonical``, ``unit_category``, ``level``, ``units``,
``roles`` and ``categories`` filled in, plus the document's task list grouped
by unit.  Unit names go through the rules of ``data/units.yaml`` first and the
character n-gram model only when no rule knows the name; task categories come
from the model in ``models/task_category.json`` (or, if no model can be
loaded, from the keyword rules, with a warning).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from vnnq.classify.linear import LinearModel, ModelError
from vnnq.classify.taxonomy import keyword_labels
from vnnq.classify.units import canonical, describe, level_of, split_units, unit_key
from vnnq.model import Category, Role, Task, UnitRef, UnitTasks

__all__ = [
    "ModelError", "canonical", "classify_tasks", "default_models_dir", "issuer_level", "keyword_labels",
    "load_models", "unit_key",
]

_MODELS_ENV = "VNNQ_MODELS"


def default_models_dir() -> Path:
    """``$VNNQ_MODELS``, else the models inside the installed package
    (``vnnq/models/``, which only a built wheel has: setup.py copies them
    there), else the ``models/`` folder of the source tree (a checkout or an
    editable install, where ``vnnq train`` writes them)."""
    env = os.environ.get(_MODELS_ENV)
    if env:
        return Path(env)
    here = _package_dir()
    shipped = here / "models"
    if (shipped / "task_category.json").is_file():
        return shipped
    return here.parent / "models"


@cache
def _package_dir() -> Path:
    """The installed ``vnnq/`` folder: resolved once (``resolve()`` reads every
    link of the path, a tenth of a millisecond that every document paid)."""
    return Path(__file__).resolve().parents[1]


@cache
def _load(path: Path) -> LinearModel:
    return LinearModel.load(path)


def load_models(models_dir: Path | None = None) -> dict[str, LinearModel]:
    """Both models; raises :class:`ModelError` with the reason if one cannot be used."""
    d = models_dir or default_models_dir()
    return {name: _load(d / f"{name}.json") for name in ("task_category", "unit_category")}


# "báo cáo kết quả về Ủy ban nhân dân phường (qua Phòng Văn hóa - Xã hội)"
_REPORT_TO_RE = re.compile(
    r"(?i)(?:báo cáo|gửi báo cáo|gửi kết quả|gửi về|tổng hợp,? báo cáo)[^.;\n]{0,60}?\s(?:về|cho|lên|tới|đến)\s+"
    r"(?P<u>(?:[^\s.;,()]+\s?){1,14})"
)
_REPORT_STOP_RE = re.compile(
    r"\s(?:trước|chậm nhất|trong|để|theo|định kỳ|hằng|hàng|khi|và|khi|sau|ngày|tại|đúng|kèm)(?:\s|$).*$|\s*\(.*$")
# bodies inside the issuing authority: their level is the issuer's
_INTERNAL_RE = re.compile(r"(?:phòng|văn phòng|ban|bộ phận|tổ|đơn vị (?:trực )?thuộc|công chức|thanh tra|trung tâm)\b")
_ADVISE_RE = re.compile(r"(?i)^(?:chủ động\s+)?(?:tham mưu|đề xuất|kiến nghị)\b")


def _unit_refs(name: str | None, unit_model: LinearModel | None) -> list[UnitRef]:
    if not name:
        return []
    out = []
    for part in split_units(name):
        info = describe(part, unit_model)
        if info.canonical:
            out.append(UnitRef(part, info.canonical, unit_key(part), info.category, info.level,
                               info.confidence, info.method))
    return out


def _report_recipients(action: str) -> list[str]:
    """Units a duty reports to: "báo cáo kết quả về Sở Nội vụ trước ngày ..." → ["Sở Nội vụ"]."""
    from vnnq.classify.units import _starts_with_head

    out: list[str] = []
    low = action.lower()
    if "báo cáo" not in low and "gử" not in low:
        # every cue of _REPORT_TO_RE holds "báo cáo" or "gửi" (case aside), and
        # most duties hold neither: the case-insensitive pattern, tried at every
        # position, is not run on them.  ("gử", not "gửi": (?i) also lets an "i"
        # match the dotless "ı", which str.lower() keeps apart.)
        return out
    for m in _REPORT_TO_RE.finditer(action):
        u = _REPORT_STOP_RE.sub("", m.group("u")).strip(" ,;:.")
        if u and _starts_with_head(u):
            out.append(u)
    return out


def _categories(action: str, task_model: LinearModel | None) -> list[Category]:
    if task_model is not None:
        return [Category(c, round(p, 3)) for c, p in task_model.predict_labels(action)]
    return [Category(c, 1.0) for c in keyword_labels(action)]


def classify_tasks(tasks: list[Task], issuer_level: str | None = None,
                   models_dir: Path | None = None) -> tuple[list[Task], list[UnitTasks], list[str]]:
    """Classify ``tasks``; returns (tasks, tasks_by_unit, warnings)."""
    warnings: list[str] = []
    try:
        models = load_models(models_dir)
        task_model, unit_model = models["task_category"], models["unit_category"]
    except ModelError as exc:
        warnings.append(f"{exc}; task categories from keyword rules, unknown units 'other'")
        task_model = unit_model = None
    out: list[Task] = []
    groups: dict[str, UnitTasks] = {}

    def group(ref: UnitRef) -> UnitTasks:
        g = groups.get(ref.key)
        if g is None:
            g = groups[ref.key] = UnitTasks(ref.canonical, ref.key, ref.category, ref.level, [], [])
        return g

    # a duty restated for several units, or in the text and in a table, has
    # one action: its categories are scored once per document
    categories: dict[str, list[Category]] = {}
    for t in tasks:
        cats = categories.get(t.action)
        if cats is None:
            cats = categories[t.action] = _categories(t.action, task_model)
        units = _unit_refs(t.unit, unit_model)
        if issuer_level:
            # "Phòng Văn hóa - Xã hội" in a ward's plan is the ward's office
            units = [replace(u, level=issuer_level) if not u.level and _INTERNAL_RE.match(u.key) else u
                     for u in units]
        roles: list[Role] = []
        advising = bool(_ADVISE_RE.match(t.action.strip()))
        for u in units:
            roles.append(Role("lead", u.canonical, u.text))
            if advising:
                roles.append(Role("advising", u.canonical, u.text))
            group(u).lead.append(t.id)
        for c in t.coordinating:
            for u in _unit_refs(c, unit_model):
                roles.append(Role("coordinating", u.canonical, u.text))
                g = group(u)
                if t.id not in g.coordinating and t.id not in g.lead:
                    g.coordinating.append(t.id)
        for r in _report_recipients(t.action):
            roles.append(Role("report_recipient", canonical(r), r))
        first = units[0] if units else None
        out.append(replace(
            t,
            unit_canonical="; ".join(u.canonical for u in units) or None,
            unit_category=first.category if first else None,
            level=first.level if first else None,
            units=units,
            roles=roles,
            categories=list(cats),
        ))
    return out, list(groups.values()), warnings


def issuer_level(issuer: str | None) -> str | None:
    """The administrative level of a document's issuer, if its name says it."""
    return level_of(canonical(issuer)) if issuer else None


