"""The task-category taxonomy of ``data/task_categories.yaml`` and its keyword rules."""

from __future__ import annotations

from functools import cache

from vnnq.classify.linear import featurize
from vnnq.data import load_yaml


@cache
def task_keywords() -> dict[str, list[str]]:
    """Keywords per category (lower case), categories without keywords left out."""
    cats = load_yaml("task_categories.yaml")["categories"]
    return {name: [k.lower() for k in c["keywords"]] for name, c in cats.items() if c["keywords"]}


def task_classes() -> list[str]:
    """Every task category, in the taxonomy's order."""
    return list(load_yaml("task_categories.yaml")["categories"])


def keyword_labels(text: str, keywords: dict[str, list[str]] | None = None) -> list[str]:
    """The keyword-rule baseline: every category one of whose keywords occurs
    in ``text`` as whole words; ``["other"]`` when none does.

    >>> keyword_labels("Tổ chức tuyên truyền và báo cáo kết quả")
    ['communication', 'reporting']
    """
    f = featurize(text, {}, keywords or task_keywords())
    got = [k[2:] for k in f if k.startswith("k:")]
    return got or ["other"]
