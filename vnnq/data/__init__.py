"""Lexicons as hand-edited YAML, loaded once (STYLE.md rule 5: data apart from code)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    """Load ``vnnq/data/NAME`` (cached; callers must not mutate the result)."""
    with resources.files(__package__).joinpath(name).open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh)
