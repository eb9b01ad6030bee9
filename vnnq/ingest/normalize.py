"""Normalization in one place: Source → Text, with a map back to the source.

Steps, in order, per line of the reader's output:

1. markdown/web noise: emphasis markers (``**``, ``__``, ``*``), heading marks,
   decoration lines (``-----``, a lone ``*`` under a Party issuer);
2. Unicode NFC, one tone placement (``hoà`` → ``hòa``, ``Uỷ`` → ``Ủy``,
   ``thuỷ`` → ``thủy``), spaces collapsed;
3. re-flow: lines broken inside a sentence or inside a code are joined
   (``71-`` + blank line + ``NQ/TW`` → ``71-NQ/TW``), structural lines kept apart;
4. web-page chrome around the directive (site banners, metadata tables, related
   documents lists) is cut off, by the cues in ``data/web_noise.yaml``.

The result keeps, for every character of the normalized text, its offset in
``Source.text``, its page, and, inside tables, its cell address.  Extractors work
on :class:`Text` only and never look at the file again.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Sequence

from vnnq.data import load_yaml
from vnnq.ingest.base import Line, Source

# ---------------------------------------------------------------- tone placement
# Two tone placements are in use for an open "oa", "oe", "uy" syllable: the
# "kiểu mới" of the 1984 spelling rules puts the mark on the second vowel (hoà,
# khoẻ, thuỷ), the traditional one on the first (hòa, khỏe, thủy), as the text of
# NĐ 30/2020 and most administrative writing do.  We rewrite to the traditional
# one so "Uỷ ban" and "Ủy ban" are one string.  Not after "q"
# ("quý" keeps its mark on y: "qu" is the onset) and not before a final
# consonant or another vowel ("hoàn", "ngoài" are the same in both styles).
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _decompose_tone(ch: str) -> tuple[str, str]:
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return base, tone


def _build_tone_table() -> dict[str, str]:
    table: dict[str, str] = {}
    pairs = [("o", "a"), ("o", "e"), ("u", "y")]
    for first, second in pairs:
        for tone in _TONES:
            for f_case in (first, first.upper()):
                for s_case in (second, second.upper()):
                    old = f_case + unicodedata.normalize("NFC", s_case + tone)
                    new = unicodedata.normalize("NFC", f_case + tone) + s_case
                    table[old] = new
    return table


_TONE_TABLE = _build_tone_table()
# Character classes rather than an alternation of the 60 pairs: one pass, fast.
_SECOND = {"ae": "", "y": ""}
for _old in _TONE_TABLE:
    _SECOND["y" if _old[0] in "uU" else "ae"] += _old[1]
# The "qu" exception (quý, quả) is tested in code: a leading look-behind
# would make the engine try the pattern at every position of the text.  For
# the same reason the pattern starts with one character class, not a group of
# two alternatives ("[oO][...]|[uU][...]" is tried at every position; a class
# lets the engine skip to the next o or u, 3x faster over a whole document):
# it also finds pairs that are not in the table ("oý"), which _retone leaves
# as they are.  The first and second characters have no letter in common, so
# consuming such a pair hides no other match.
_TONE_RE = re.compile("[oOuU][" + _SECOND["ae"] + _SECOND["y"] + "](?!\\w)")


def _retone(m: re.Match[str]) -> str:
    """The pair ``m`` found, in the traditional tone placement (unchanged
    after "q", and when it is not a pair the two placements write apart)."""
    pair = m.group()
    i = m.start()
    if i and m.string[i - 1] in "qQ":
        return pair
    return _TONE_TABLE.get(pair, pair)


def fix_tone_placement(s: str) -> str:
    """Rewrite the "kiểu mới" tone placement (hoà) to the traditional one (hòa);
    the length never changes.

    >>> fix_tone_placement("Uỷ ban nhân dân, hoà bình, thuỷ lợi, quý, hoàn thành")
    'Ủy ban nhân dân, hòa bình, thủy lợi, quý, hoàn thành'
    """
    return _TONE_RE.sub(_retone, s)


_WHITESPACE_RE = re.compile(r"\s+")
# A whitespace character that is not a plain space, or one followed by more
# whitespace: where _WHITESPACE_RE.sub(" ", s) would change ``s``.  It starts
# with a character class, so the engine skips from one space to the next.
_ODD_WHITESPACE_RE = re.compile(r"\s(?:(?<! )|(?=\s))")


def single_spaces(s: str) -> str:
    """Every run of whitespace as one plain space (``re.sub(r"\\s+", " ", s)``).

    Most names and lines already have single spaces: then the string is
    returned after one fast scan instead of being rebuilt at every space.

    >>> single_spaces("Sở  Nội\\tvụ \\n tỉnh")
    'Sở Nội vụ tỉnh'
    """
    if _ODD_WHITESPACE_RE.search(s) is None:
        return s
    return _WHITESPACE_RE.sub(" ", s)


# ------------------------------------------------------------------ line cleaning
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000\ufeff]+")
_DECORATION_RE = re.compile(r"^\s*(?:[-_=–—*.·•~]{2,}|\*|_+|#+)\s*$")
_DECORATION_FIRST = "-_=–—*.·•~#"  # what _DECORATION_RE allows after its leading spaces
_HEADING_MARK_RE = re.compile(r"^\s*#{1,6}\s+")
# Markdown emphasis runs: ** __ and single * or _ next to text.
# (Each alternative for "*" matches the star first and then looks back over
# it, "\*(?<=\S\*)" for "(?<=\S)\*": the same matches, but the pattern then
# starts with a literal in every branch, and the engine skips to the next
# "*" or "_" instead of trying the look-behinds at every position.)
_EMPH_RE = re.compile(
    r"__+"
    r"|\*(?:\*+"                      # "**"
    r"|(?<![\w*]\*)(?=\S)"            # "*" opening: not after a word, before text
    r"|(?<=\S\*)(?![\w*])"            # "*" closing: after text, not before a word
    r"|(?<=\s\*)(?=\s)"               # a lone " * "
    r"|(?<![\s\S]\*)"                 # "*" at the start of the line
    r"|$)"                              # "*" at its end
)
_ESCAPE_RE = re.compile(r"\\([\[\]()*_#|.\-+!>`])")


@dataclass(slots=True)
class _Piece:
    """A line being cleaned: its text and each character's source offset."""

    text: str
    src: Sequence[int]  # a range while the line is unedited
    page: int
    sep: str
    cell: tuple[int, int, int] | None
    opens_emph: bool = False  # the line starts with an emphasis marker
    closes_emph: bool = False  # the line ends with an emphasis marker
    open_run: bool = False  # an odd number of markers: toggles the emphasis state
    decoration: bool = False


_MARKUP_CHARS_RE = re.compile(r"[*_#\\]")


def _clean_line(text: str, start: int, markup: bool) -> tuple[str, Sequence[int], bool, bool, bool]:
    src: Sequence[int] = range(start, start + len(text))
    opens = closes = open_run = False
    if not markup or not _MARKUP_CHARS_RE.search(text):
        return text, src, opens, closes, open_run
    deletions: list[tuple[int, int]] = []
    m = _HEADING_MARK_RE.match(text)
    if m:
        deletions.append((m.start(), m.end()))
    markers = [mm for mm in _EMPH_RE.finditer(text) if not deletions or mm.start() >= deletions[0][1]]
    if markers:
        opens = markers[0].start() <= len(text) - len(text.lstrip())
        closes = markers[-1].end() >= len(text.rstrip())
        open_run = len(markers) % 2 == 1  # toggles the emphasis state
        deletions.extend((mm.start(), mm.end()) for mm in markers)
    if "\\" in text:
        deletions.extend((m2.start(), m2.start() + 1) for m2 in _ESCAPE_RE.finditer(text))
    if not deletions:
        return text, src, opens, closes, open_run
    deletions.sort()
    parts: list[str] = []
    kept: list[int] = []
    pos = 0
    for a, b in deletions:
        if a > pos:
            parts.append(text[pos:a])
            kept.extend(range(start + pos, start + a))
        pos = max(pos, b)
    parts.append(text[pos:])
    kept.extend(range(start + pos, start + len(text)))
    return "".join(parts), kept, opens, closes, open_run


def _nfc(text: str, src: Sequence[int]) -> tuple[str, Sequence[int]]:
    if unicodedata.is_normalized("NFC", text):
        return text, src
    out_c: list[str] = []
    out_s: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        out_c.append(cluster)
        out_s.extend([src[i]] * len(cluster))
        i = j
    return "".join(out_c), out_s


_SQUEEZE_NEEDED_RE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u3000\ufeff]|  |^ | $")
# The characters of _MARKUP_CHARS_RE and the odd spaces of _SQUEEZE_NEEDED_RE:
# a single character class, which the regex engine scans for quickly (an
# alternation would be tried at every position of the line).
_NEEDS_CLEANING_RE = re.compile(r"[*_#\\\t\u00a0\u2000-\u200b\u202f\u3000\ufeff]")


def _squeeze(text: str, src: Sequence[int]) -> tuple[str, Sequence[int]]:
    """Collapse runs of spaces (and odd spaces) to one space; trim the ends."""
    if not _SQUEEZE_NEEDED_RE.search(text):
        return text, src
    out_c: list[str] = []
    out_s: list[int] = []
    pos = 0
    for m in _SPACE_RE.finditer(text):
        out_c.append(text[pos:m.start()])
        out_s.extend(src[pos:m.start()])
        out_c.append(" ")
        out_s.append(src[m.start()])
        pos = m.end()
    out_c.append(text[pos:])
    out_s.extend(src[pos:])
    out = "".join(out_c)
    lead = len(out) - len(out.lstrip(" "))
    trail = len(out.rstrip(" "))
    return out[lead:trail], out_s[lead:trail]


# ------------------------------------------------------------------------ re-flow
# A line that starts one of these begins a new structural unit and is never
# joined to the line before (NĐ 30/2020 Phụ lục I ô 6: khoản "1.", điểm "a)";
# bullets "-", "+"; header and signer components).
_STRUCT_START_RE = re.compile(
    r"""^(?:
        [-+•–—∙▪●○◦]\s*\S                     # bullets: "- Tổ chức", "+ Cơ quan", "-Phản ánh"
      | \d{1,3}(?:\.\d{1,3})*\s*[.)]\s        # "1. ", "1.2. ", "3) "
      | \d{1,3}\.\d{1,3}(?:\.\d{1,3})*\s      # "1.1 Tuyên truyền"
      | [IVXLC]{1,6}\s*[.)\-–]\s              # "II. NHIỆM VỤ"
      | [a-zđ]\s*\)\s                         # "a) ", "đ) "
      | \(\d{1,3}\)\s                         # "(1) "
      | (?:Điều|Chương|Mục|Phần|Phụ\s+lục|PHỤ\s+LỤC|Điểm|Khoản)\s+[\dIVXLC]
      | (?:Kính\s+gửi|Nơi\s+nhận|Căn\s+cứ|Thực\s+hiện\s|V/v|TM\.|KT\.|TL\.|TUQ\.|T/M|K/T|T/L|Q\.\s)
      | Số\s*:|Số\s+\d
      | [A-ZĐ][^,\n]{1,40},\s*ngày\s                # ô 4 "Hải Phòng, ngày 05 tháng 3 năm 2026"
      | CỘNG\s+H[OÒ]A\s+XÃ|Độc\s+lập\s*[-–]|ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM   # ô 1, Party header
    )""",
    re.VERBOSE,
)
_AUTHORITY_RE = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\.\s*\S|^(?:T/M|K/T|T/L)\s*\S")
# a place name cut before the end of the date line (ô 4)
_PLACE_START_RE = re.compile(r"^[A-ZĐ][^\W\d_]*(?: [^\W\d_]+){0,5}$")
_PLACE_DATE_RE = re.compile(r"^[A-ZĐ][^,\n\d]{1,40},\s*ngày\b")
_END_PUNCT_RE = re.compile(r"(?:[.;:!?…]|\./\.)[\"”’)]*$")
_CODE_BREAK_RE = re.compile(r"(?:\d[-/]|[A-ZĐ]{1,8}[-/]|\d{1,4}/\d{4}/)$")
_CODE_CONT_RE = re.compile(r"^[A-ZĐ0-9]")


_POINT_RE = re.compile(r"[a-zđ]\s*\)")
_NUMBER_LABEL_RE = re.compile(r"Số\s*:?$")
_NUMBER_START_RE = re.compile(r"[\d/\-]")
_NUMBER_LINE_RE = re.compile(r"Số\s*:?\s*\S*\d\S*$")


# (an article's title names its topic, "Trách nhiệm của ...", "Phạm vi điều chỉnh"; an
# article that is one sentence, "Điều 3. Giao" / "Sở Dân tộc và Tôn giáo chủ trì ...", wraps)
_ARTICLE_TITLE_RE = re.compile(
    r"^Điều\s+\d{1,3}[a-zđ]?\s*[.:]\s*(?:Trách nhiệm|Nhiệm vụ|Quyền hạn|Quyền và nghĩa vụ|Chức năng|"
    r"Phạm vi|Đối tượng|Nguyên tắc|Chế độ|Thành phần|Cơ cấu|Mối quan hệ|Quan hệ|Tổ chức thực hiện|"
    r"Hiệu lực|Giải thích|Điều khoản|Kinh phí|Khen thưởng|Xử lý vi phạm|Mục đích|Mục tiêu|Nội dung|"
    r"Trình tự|Thời gian|Thời hạn|Hồ sơ|Vị trí|Cơ quan thường trực|Tổ giúp việc)\b[^.;:!?]{0,150}$")
# words a wrapped title cannot end with: the name or the phrase goes on on the next line
_OPEN_END_RE = re.compile(r"(?i)\b(?:của|và|các|về|với|cho|trong|tại|đối với|theo|những|thuộc|giữa|đến|từ|"
                          r"hoặc|là|ở|trên|dưới|tỉnh|thành phố|huyện|xã|phường|quận|Ban|Sở|Bộ|Ủy ban|Uỷ ban)$")


def _is_lower_start(s: str) -> bool:
    return bool(s) and s[0].islower() and not _POINT_RE.match(s)


def _ends(rx: re.Pattern[str], s: str) -> bool:
    """``rx`` (anchored with ``$``) matches at the end of ``s``; only the tail
    is searched, so a long line costs no more than a short one."""
    return rx.search(s, max(0, len(s) - 24)) is not None


def _ends_sentence(s: str) -> bool:
    """``_ends(_END_PUNCT_RE, s)`` without the regex: a final punctuation
    mark, then at most 23 closing quotes or brackets (the pattern's reach of
    24 characters; "./." ends in "." too).  A line holds no newline, but
    one that did is left to the regex, whose ``$`` also matches before it."""
    if s.endswith("\n"):
        return _ends(_END_PUNCT_RE, s)
    t = s.rstrip("\"”’)")
    return bool(t) and t[-1] in ".;:!?…" and len(s) - len(t) <= 23


def _is_caps(s: str) -> bool:
    # str.isupper: every cased character is upper case and there is one
    return len(s) >= 2 and s.isupper()


def _should_join(a: _Piece, b: _Piece) -> str | None:
    """Return the glue ("" or " ") to join ``b`` onto ``a``, or None to keep apart."""
    at, bt = a.text, b.text
    if not at or not bt or a.decoration or b.decoration:
        return None
    if b.sep in ("para", "cell", "row"):
        return None
    code_break = at[-1] in "-/" and _ends(_CODE_BREAK_RE, at) and bool(_CODE_CONT_RE.match(bt))
    if code_break and b.sep in ("soft", "blank", "page", "hline"):
        return ""
    if at[0] == "S" and _NUMBER_LABEL_RE.match(at) and _NUMBER_START_RE.match(bt):
        return " "  # "Số:" + "7360/KH-UBND" (ô 3 split across lines)
    # ("ngày" first: the joined line's comma, and the date after it, are in ``bt``,
    # as _PLACE_START_RE allows no comma in ``at``)
    if (b.sep in ("soft", "hline") and "ngày" in bt and _PLACE_START_RE.match(at)
            and _PLACE_DATE_RE.match(at + " " + bt)):
        return " "  # "Thành phố Hồ Chí" + "Minh, ngày 28 tháng 11 năm 2025"
    if _STRUCT_START_RE.match(bt) or _AUTHORITY_RE.match(at) or (at[0] == "S" and _NUMBER_LINE_RE.match(at)):
        # (an authority line "KT. CHỦ TỊCH" is followed by the position line)
        return None
    if at[0] == "Đ" and not _is_lower_start(bt) and _ARTICLE_TITLE_RE.match(at) and not _ends(_OPEN_END_RE, at):
        # "Điều 8. Trách nhiệm của Sở Nội vụ" / "Sở Nội vụ có trách nhiệm:": an article's title
        # is a line of its own (NĐ 30/2020 Phụ lục I); a title wrapped before a name
        # ends with the word that needs it ("Điều 8. Trách nhiệm của" / "Sở Nội vụ")
        return None
    if b.sep == "hline":
        return " " if _is_lower_start(bt) else None
    if b.sep in ("blank", "page"):
        if _is_lower_start(bt) and not _ends_sentence(at):
            return " "
        return None
    # soft line break
    if a.closes_emph or b.opens_emph:
        return None
    if _ends_sentence(at) and not _is_lower_start(bt):
        return None
    if _is_caps(at) and _is_caps(bt) and len(at) < 40:
        # short caps lines stacked in a header ("ĐẢNG BỘ TỈNH X" / "ĐẢNG ỦY XÃ Y")
        # are separate lines; the header parser re-joins wrapped names
        return None
    if _is_caps(at) != _is_caps(bt) and not _is_lower_start(bt) and (len(at) < 60 or _is_caps(at)):
        # a caps line followed by a normal one (or a short normal line followed
        # by a caps one): a heading, not a wrap
        return None
    return " "


# ------------------------------------------------------------------------ results
@dataclass(frozen=True, slots=True)
class TextLine:
    """One logical line of the normalized text."""

    start: int
    end: int
    page: int
    cell: tuple[int, int, int] | None


class OffsetMap:
    """Source offset of every character of the normalized text, stored as runs.

    ``m[i]`` is the offset in the reader's raw text of normalized character
    ``i``; each run is a ``range`` (an unedited piece) or a short sequence.
    """

    __slots__ = ("_starts", "_runs", "_len")

    def __init__(self, starts: list[int], runs: list[Sequence[int]], length: int) -> None:
        self._starts = starts  # where each run starts in the normalized text
        self._runs = runs  # each run non-empty
        self._len = length

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i: int) -> int:
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        k = bisect.bisect_right(self._starts, i) - 1
        return self._runs[k][i - self._starts[k]]


@dataclass(slots=True)
class Text:
    """The normalized text every extractor reads.

    ``text[i]`` came from ``source_offsets[i]`` in the reader's raw text.  Lines
    are separated by a single ``\\n``.
    """

    text: str
    source_offsets: OffsetMap
    lines: list[TextLine]
    format: str = "txt"
    name: str | None = None
    pages: int = 1
    warnings: list[str] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    # results shared by several extractors (e.g. the date scan), computed once
    cache: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [ln.start for ln in self.lines]

    def line_index(self, offset: int) -> int:
        """Index of the line holding character ``offset``."""
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def page_at(self, offset: int) -> int:
        """Page of the character at ``offset`` (1 for formats without pages)."""
        if not self.lines:
            return 1
        return self.lines[self.line_index(offset)].page

    def line_texts(self) -> list[str]:
        """The text of every line, in order (computed once per document)."""
        texts = self.cache.get("line_texts")
        if texts is None:  # a Text built by hand (normalize() fills the cache)
            texts = self.cache["line_texts"] = [self.text[ln.start:ln.end] for ln in self.lines]
        return texts

    def line_text(self, i: int) -> str:
        ln = self.lines[i]
        return self.text[ln.start:ln.end]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span back to offsets in the reader's raw text."""
        if not self.source_offsets:
            return (0, 0)
        s = self.source_offsets[min(start, len(self.source_offsets) - 1)]
        e = self.source_offsets[min(max(end - 1, 0), len(self.source_offsets) - 1)] + 1
        return (s, e)


def _chrome_bounds(groups: list[list[tuple[str, _Piece]]], texts: list[str]) -> tuple[int, int]:
    """First and last+1 piece index of the directive inside a copied web page
    (``texts``: each group's text)."""
    cues = _noise()
    start_res, meta_res = cues["start"], cues["meta"]
    n = len(groups)
    pieces = [group[0][1] for group in groups]
    begin = 0
    # after the site's metadata table ("Số hiệu:", "Tình trạng:" ...), if any
    last_meta = -1
    for i, t in enumerate(texts[: min(n, 400)]):
        if meta_res.match(t):
            last_meta = i
    for i, t in enumerate(texts):
        if start_res.search(t):
            # the issuer's name sits just before the quốc hiệu in the same table
            # row (web copies, DOCX) or on the lines above it (plain text)
            j = i
            cell = pieces[i].cell
            if cell is not None:
                # back over the issuer cell: same row, the column just before,
                # short lines only (a web page's news summary may share the row)
                while (j > 0 and pieces[j - 1].cell is not None
                       and pieces[j - 1].cell[:2] == cell[:2]
                       and pieces[j - 1].cell[2] >= cell[2] - 1
                       and len(texts[j - 1]) <= 80):
                    j -= 1
            else:
                k = 0
                while j > 0 and k < 4 and _is_caps(texts[j - 1]):
                    j -= 1
                    k += 1
            begin = max(j, last_meta + 1 if last_meta < i else 0)
            if last_meta >= i:
                begin = j
            break
    else:
        if last_meta >= 0:
            begin = last_meta + 1
            # skip the value cell of the last label ("Đã biết")
            while begin < n and len(texts[begin]) < 25 and not _STRUCT_START_RE.match(texts[begin]):
                begin += 1
    return begin, n


@lru_cache(maxsize=1)
def _noise() -> dict[str, Any]:
    """The web-page cues of ``data/web_noise.yaml``, compiled once."""
    noise = load_yaml("web_noise.yaml")
    markup = r"^[#*_\s]*"  # "## Văn bản liên quan", "**FILE ĐƯỢC ĐÍNH KÈM**"
    return {
        "start": re.compile("|".join(f"(?:{p})" for p in noise["document_start"])),
        "meta": re.compile("|".join(f"(?:{p})" for p in noise["metadata_labels"])),
        "end": re.compile("|".join(f"(?:{markup}{p.lstrip('^')})" for p in noise["document_end"])),
        "title": re.compile(noise["site_title"]),
    }


def _cut_footer(lines: list[Line]) -> list[Line]:
    """Drop a copied web page's footer: from its first cue line to the end.

    Done on the raw lines, before any cleaning, so the (often long) footer
    costs nothing more."""
    cues = _noise()
    is_end = cues["end"].match
    for i, line in enumerate(lines):
        if is_end(line[0]):  # (the line's text)
            end = i
            # the site repeats the document's title just above its footer
            while end > 0 and cues["title"].match(lines[end - 1].text.strip()):
                end -= 1
            return lines[:end]
    return lines


# which break wins when an empty line between two lines is dropped ("soft" is the weakest)
_SEP_STRENGTH = {"soft": 0, "hline": 1, "blank": 2, "page": 2, "para": 3, "cell": 4, "row": 5}
_NEVER_JOINED = frozenset(("para", "cell", "row"))  # separators _should_join never joins across
_ENDS_EMPHASIS = frozenset(("blank", "para", "cell", "row"))  # separators that close an emphasis run


def _reflow(pieces: list[_Piece]) -> list[list[tuple[str, _Piece]]]:
    """Group physical lines into logical lines: each a list of (glue, piece)."""
    groups: list[list[tuple[str, _Piece]]] = []
    prev: _Piece | None = None
    emph_open = False  # inside an emphasis run after ``prev``
    struct_start = _STRUCT_START_RE.match
    for piece in pieces:
        if piece.decoration:
            prev, emph_open = None, False
            continue
        sep = piece.sep
        if sep in _ENDS_EMPHASIS:
            emph_open = False
        glue = None
        if prev is not None and groups:
            if piece.opens_emph and not piece.open_run:
                emph_open = False  # "**CHÍNH PHỦ**": a line emphasized on its own
            if emph_open and sep == "soft" and (len(prev.text) <= 12 or not struct_start(piece.text)):
                # inside a bold/italic run: "**Điều" + "13. Điều khoản thi hành**"
                glue = " "
            elif sep not in _NEVER_JOINED:  # (_should_join would say None)
                glue = _should_join(prev, piece)
        if glue is None:
            groups.append([("", piece)])
        else:
            groups[-1].append((glue, piece))
        if piece.open_run:
            emph_open = not emph_open
        prev = piece
    return groups


def _group_text(group: list[tuple[str, _Piece]]) -> str:
    """A logical line's text: its pieces with their glue."""
    if len(group) == 1:  # most lines; a group's first glue is always ""
        return group[0][1].text
    return "".join([g + p.text for g, p in group])


def normalize(source: Source) -> Text:
    """Normalize a reader's output into the :class:`Text` the extractors read."""
    pieces: list[_Piece] = []
    add_piece = pieces.append
    make_piece = _Piece
    src_lines = _cut_footer(source.lines) if source.format in ("md", "html") else source.lines
    # NFC is decided per line only when the whole text is not NFC: a line
    # break is a boundary normalization never crosses, so the lines of an NFC
    # text are NFC (one scan of the text instead of one call per line)
    all_nfc = unicodedata.is_normalized("NFC", source.text)
    carry: str | None = None  # the break of a dropped empty line, for the next line
    needs_cleaning = _NEEDS_CLEANING_RE.search
    decoration_line = _DECORATION_RE.match
    markup = source.markup
    for raw, start, page, sep, cell in src_lines:
        # a decoration line's first character, after any spaces, is one of
        # _DECORATION_FIRST: most lines are told apart without the regex
        first = raw[:1]
        decoration = ((first in _DECORATION_FIRST or first.isspace())
                      and decoration_line(raw) is not None)
        if (not needs_cleaning(raw) and "  " not in raw and first != " "
                and not raw.endswith(" ") and (all_nfc or unicodedata.is_normalized("NFC", raw))):
            # unchanged by _clean_line, _nfc and _squeeze: no markup character,
            # no odd or doubled space, none at either end, NFC.  Most lines are
            # so, and then cost one scan instead of three steps.
            if raw or decoration:
                if carry is not None:
                    if _SEP_STRENGTH[carry] > _SEP_STRENGTH.get(sep, 0):
                        sep = carry
                    carry = None
                add_piece(make_piece(raw, range(start, start + len(raw)), page, sep, cell,
                                     False, False, False, decoration))
            continue
        text, src, opens, closes, open_run = _clean_line(raw, start, markup)
        text, src = _nfc(text, src)
        text, src = _squeeze(text, src)
        if text or decoration:
            if carry is not None:
                if _SEP_STRENGTH[carry] > _SEP_STRENGTH.get(sep, 0):
                    sep = carry
                carry = None
            add_piece(make_piece(text, src, page, sep, cell, opens, closes, open_run, decoration))
        elif _SEP_STRENGTH.get(sep, 0) > _SEP_STRENGTH.get(carry or "soft", 0):
            # a line that cleans to nothing ("** **" after a table's "|") passes its break on:
            # "THỦ TƯỚNG" / "Phạm Minh Chính" / "|" / "** **" / "[1] ..." keeps the name apart
            carry = sep

    groups = _reflow(pieces)
    texts = [_group_text(group) for group in groups]
    if source.format in ("md", "html"):
        begin, end = _chrome_bounds(groups, texts)
        groups, texts = groups[begin:end], texts[begin:end]

    # the offset map is kept per piece (a range while the piece is unedited),
    # not per character: building it is then nearly free
    run_starts: list[int] = []
    runs: list[Sequence[int]] = []
    add_start, add_run = run_starts.append, runs.append
    pos = 0
    lines: list[TextLine] = []
    for group, line_text in zip(groups, texts):
        first_piece = group[0][1]
        if pos:
            add_start(pos)
            add_run((max(first_piece.src[0] - 1, 0),))  # the "\n"
            pos += 1
        start = pos
        if len(group) == 1:
            add_start(pos)
            add_run(first_piece.src)
            pos += len(line_text)
        else:
            for glue, piece in group:
                if glue:
                    add_start(pos)
                    add_run((max(piece.src[0] - 1, 0),))
                    pos += 1
                add_start(pos)
                add_run(piece.src)
                pos += len(piece.text)
        lines.append(TextLine(start, pos, first_piece.page, first_piece.cell))
    # one tone placement, over the whole text at once (the length never changes)
    text = fix_tone_placement("\n".join(texts))
    offsets = OffsetMap(run_starts, runs, pos)
    assert len(text) == pos
    doc = Text(text, offsets, lines, source.format, source.name, source.pages, list(source.warnings))
    # lines are joined by single newlines and hold none, so one split gives
    # every line's text (what each extractor would otherwise slice out again)
    line_texts = text.split("\n") if lines else []
    assert len(line_texts) == len(lines)
    doc.cache["line_texts"] = line_texts
    return doc
