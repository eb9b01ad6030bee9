"""The one overlap policy (STYLE.md rule 6): leftmost, then longest.

Items are tuples whose first two fields are ``start`` and ``end``.  When two
overlap, the one that starts first wins; at the same start the longer one wins;
at equal spans the earlier item in the input wins (callers list their patterns
in priority order).
"""

from __future__ import annotations

from typing import Sequence, TypeVar

T = TypeVar("T", bound=Sequence)


def leftmost_longest(items: list[T]) -> list[T]:
    """Keep a non-overlapping subset of ``items``, sorted by start."""
    order = sorted(range(len(items)), key=lambda i: (items[i][0], -(items[i][1] - items[i][0]), i))
    kept: list[T] = []
    last_end = -1
    for i in order:
        start, end = items[i][0], items[i][1]
        if start >= last_end:
            kept.append(items[i])
            last_end = end
    return kept
