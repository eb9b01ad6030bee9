"""Fast scanning helpers for regexes run over a whole document.

Python's regex engine skips quickly to a pattern's possible first characters
(a literal, or a set of characters), but not when the pattern begins with an
assertion such as ``\\b`` or a look-behind, nor when it is case-insensitive:
then it tries the whole pattern at every position.  Cue patterns are therefore
written in lower case without a leading ``\\b``, run over the lower-cased text
with :func:`words`, which applies the word-start test itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vnnq.ingest.normalize import Text


# The capital letters of Vietnamese, for a character class ("[" + UPPER + "]"): "[A-ZĐ]"
# misses the capitals with a diacritic, the first letter of "Ủy ban".
UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


def lower(doc: Text) -> str:
    """The document's text in lower case, offsets unchanged (computed once)."""
    low = doc.cache.get("lower")
    if low is None:
        low = doc.text.lower()
        if len(low) != len(doc.text):  # a character whose lower case is longer ("İ")
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in doc.text)
        doc.cache["lower"] = low
    return low


def inside_word(text: str, pos: int) -> bool:
    """The character before ``pos`` is a word character (what ``\\b`` tests)."""
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")


def words(rx: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """``rx.finditer`` keeping only matches that start a word: the same matches
    as a leading ``\\b`` would give, for patterns that begin with a letter."""
    end = len(text) if endpos is None else endpos
    while pos <= end:
        m = rx.search(text, pos, end)
        if m is None:
            return
        if inside_word(text, m.start()):
            pos = m.start() + 1
            continue
        yield m
        pos = m.end() if m.end() > m.start() else m.end() + 1
