"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC), VNI, Windows-1258, VIQR.

Directives typed before Unicode became the rule (QĐ 72/2002/QĐ-TTg made
TCVN 6909:2001 the standard for State bodies) are still in the archives:

* **TCVN3** (TCVN 5712:1993 VN3, the ``.VnTime`` fonts) and **VNI** (the
  ``VNI-Times`` fonts) are font encodings: Word stores their bytes as Latin-1
  characters and the font draws Vietnamese letters.  The same bytes are valid
  Latin-1, so in a DOCX the run's font decides (:func:`font_encoding`,
  :func:`convert_run`); in plain text, statistics decide, conservatively
  (:func:`decode_legacy_bytes`, :func:`repair_text`).
* **Windows-1258** is a real code page (base letter + combining tone byte):
  a ``.txt`` in it is not valid UTF-8 and is recognized the same way.
* **VIQR** (RFC 1456) is ASCII with the marks written after the vowel
  (``Vie^.t Nam``), found in old e-mail and forum copies.

The tables are data (``vnnq/data/legacy_encodings.yaml``); the detector scores
a trial conversion by the share of its words that are frequent Vietnamese
syllables (``vnnq/data/syllables.yaml``, from the corpus).  Text is converted
only when the result is clearly Vietnamese and the input clearly was not:
ordinary Unicode Vietnamese and English are never touched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vnnq.data import load_yaml

__all__ = [
    "convert_run", "decode_legacy_bytes", "decode_tcvn3", "decode_viqr", "decode_vni",
    "font_encoding", "repair", "repair_text", "vietnamese_score", "Repair", "ENCODING_NAMES",
]

# How each encoding is named in warnings
ENCODING_NAMES = {
    "tcvn3": "TCVN3 (ABC, .Vn fonts)",
    "vni": "VNI",
    "windows-1258": "Windows-1258",
    "viqr": "VIQR",
}

# Detection thresholds.  Measured on the test directive of tests/test_legacy.py
# (a plan of 25 lines): its right reading scores 0.95 in each of TCVN3, VNI and
# Windows-1258, every wrong reading 0.12-0.17; English, French, German and
# Spanish sentences score 0.05-0.28 read either way.  (The corpus files, the
# list's own source, score 0.96 at the median.)
MIN_WORDS = 12          # fewer words are too little evidence either way
MIN_SCORE = 0.6         # share of known syllables the conversion must reach
MIN_GAIN = 0.3          # ... above the text as it was
MIN_LEAD = 0.15         # ... and above the next best reading (for raw bytes)
SAMPLE = 20_000         # characters the detector looks at: the start of a file is enough

# Letters only Unicode has (ă đ ơ ư and the precomposed toned vowels): text
# holding them is Unicode Vietnamese already, with nothing to convert
# a Latin-1 letter or sign (U+00A1-U+00FF): what TCVN3 and VNI bytes read as
_LATIN1_SIGN = re.compile("[\xa1-\xff]")
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
                                 "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")

_WORD = re.compile(r"[^\W\d_]+")


# ---------------------------------------------------------------- tables

@dataclass(frozen=True, slots=True)
class _Tables:
    tcvn3: dict[int, str]          # for str.translate
    tcvn3_lower: frozenset[str]    # legacy characters that stand for a lower-case letter
    vni_letters: dict[int, str]
    vni_marks: dict[str, str]      # mark character (either case) → combining marks
    vni_pair: re.Pattern[str]
    viqr_shapes: dict[str, str]
    viqr_tones: dict[str, str]
    viqr_dd: tuple[str, ...]
    viqr: re.Pattern[str]
    syllables: frozenset[str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = load_yaml("legacy_encodings.yaml")
    tcvn3: dict[int, str] = {}
    for byte, letter in data["tcvn3"].items():
        tcvn3[byte] = letter
        # Word stores a symbol-charset font's characters in the private use
        # area (U+F000 + byte); a .Vn font set up that way reads the same.
        tcvn3[0xF000 + byte] = letter
    lower = frozenset(chr(b) for b, letter in data["tcvn3"].items() if letter.islower())
    vni_letters: dict[int, str] = {}
    for byte, letter in data["vni"]["letters"].items():
        vni_letters[byte] = letter
        vni_letters[byte - 0x20] = letter.upper()
    vni_marks: dict[str, str] = {}
    for byte, marks in data["vni"]["marks"].items():
        vni_marks[chr(byte)] = marks
        vni_marks[chr(byte - 0x20)] = marks
    # A VNI base letter: a vowel, or the single bytes of ơ/Ơ (ô Ô) and ư/Ư (ö Ö)
    bases = "aeiouyAEIOUY\xf4\xd4\xf6\xd6"
    # one pass: a base + mark pair, or else a single-byte letter (a second pass
    # would read the ò of a converted "oø" as the VNI byte of ị)
    singles = "".join(chr(b) for b in vni_letters)
    vni_pair = re.compile(f"([{bases}])([{re.escape(''.join(vni_marks))}])|([{singles}])")
    viqr = data["viqr"]
    shapes, tones = viqr["shapes"], viqr["tones"]
    viqr_re = re.compile(
        r"\\(?P<escaped>[" + re.escape("".join(shapes) + "".join(tones)) + r"])"
        r"|(?<![A-Za-z])(?P<dd>" + "|".join(viqr["dd"]) + r")"
        r"|(?P<vowel>[aeiouyAEIOUY])(?P<shape>[" + re.escape("".join(shapes)) + r"])?"
        r"(?P<tone>[" + re.escape("".join(tones)) + r"])?"
    )
    syllables = frozenset(load_yaml("syllables.yaml")["syllables"].split())
    return _Tables(tcvn3, lower, vni_letters, vni_marks, vni_pair, shapes, tones,
                   tuple(viqr["dd"]), viqr_re, syllables)


# Which base letters take which shape mark (the rest take tones only)
_SHAPES_ON = {"\u0302": "aeoAEO", "\u0306": "aA", "\u031b": "ouOU"}
_SHAPE_MARKS = set(_SHAPES_ON)


# ---------------------------------------------------------------- converters

def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """TCVN3 text (its bytes as Latin-1 characters) → Unicode NFC.

    ``capitals``: the text is in a capital font (.VnTimeH), which draws every
    letter upper case.

    >>> decode_tcvn3("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    >>> decode_tcvn3("quyÕt ®Þnh", capitals=True)
    'QUYẾT ĐỊNH'
    """
    out = text.translate(_tables().tcvn3)
    return out.upper() if capitals else out


def decode_vni(text: str) -> str:
    """VNI text (its bytes as Latin-1 characters) → Unicode NFC.

    >>> decode_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    'Cộng hòa xã hội chủ nghĩa Việt Nam'
    """
    t = _tables()

    def pair(m: re.Match[str]) -> str:
        if m.group(3):
            return t.vni_letters[ord(m.group(3))]
        base, marks = m.group(1), t.vni_marks[m.group(2)]
        if base in "\xf4\xd4\xf6\xd6":  # ơ Ơ ư Ư take a tone only
            if marks[0] in _SHAPE_MARKS:
                return t.vni_letters[ord(base)] + m.group(2)
            base = t.vni_letters[ord(base)]
        elif marks[0] in _SHAPE_MARKS and base not in _SHAPES_ON[marks[0]]:
            return m.group(0)  # not a VNI letter (e.g. "iâ"): leave it as it was
        return unicodedata.normalize("NFC", base + marks)

    return unicodedata.normalize("NFC", t.vni_pair.sub(pair, text))


def decode_viqr(text: str) -> str:
    """VIQR (RFC 1456) → Unicode NFC; a backslash keeps the next mark literal.

    >>> decode_viqr("Vie^.t Nam, ddo^.c la^.p\\\\.")
    'Việt Nam, độc lập.'
    """
    t = _tables()

    def one(m: re.Match[str]) -> str:
        if m.group("escaped"):
            return m.group("escaped")
        if m.group("dd"):
            return "đ" if m.group("dd") == "dd" else "Đ"
        vowel, shape, tone = m.group("vowel"), m.group("shape"), m.group("tone")
        marks = ""
        if shape:
            mark = t.viqr_shapes[shape]
            if vowel not in _SHAPES_ON[mark]:
                return m.group(0)
            marks = mark
        if tone:
            marks += t.viqr_tones[tone]
        return unicodedata.normalize("NFC", vowel + marks)

    return unicodedata.normalize("NFC", t.viqr.sub(one, text))


# ---------------------------------------------------------------- fonts

def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: "tcvn3", "tcvn3-caps", "vni" or None.

    >>> font_encoding(".VnTime"), font_encoding(".VnArialH"), font_encoding("VNI-Times")
    ('tcvn3', 'tcvn3-caps', 'vni')
    >>> font_encoding("Times New Roman") is None
    True
    """
    if not font:
        return None
    name = font.strip()
    if name[:3].lower() == ".vn":
        # the capital fonts are the same family with H at the end:
        # .VnTimeH, .VnArialH, .VnArial NarrowH, .VnCentury SchoolbookH
        return "tcvn3-caps" if name.endswith("H") else "tcvn3"
    upper = name.upper()
    if upper == "VNI" or upper.startswith(("VNI-", "VNI ", "VNI_")):
        return "vni"
    return None


def convert_run(text: str, encoding: str) -> str:
    """Convert the text of a run whose font is in ``encoding`` (see :func:`font_encoding`)."""
    if encoding == "vni":
        return decode_vni(text)
    return decode_tcvn3(text, capitals=encoding == "tcvn3-caps")


# ---------------------------------------------------------------- detection

def vietnamese_score(text: str) -> tuple[float, int]:
    """(share of words that are frequent Vietnamese syllables, number of words)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    if not words:
        return 0.0, 0
    known = _tables().syllables
    return sum(w in known for w in words) / len(words), len(words)


def _tcvn3_plain(text: str) -> str:
    """TCVN3 plain text, where the capital font is lost: a line typed in capitals
    (no lower-case ASCII letter, and at least two words that mix capitals with
    lower-case TCVN3 letters, as ``QUYÕT §ÞNH``) was in a .VnTimeH font, so it
    is upper-cased.  ``Sè: 12/KH-UBND`` (Số) stays as it is."""
    lower = _tables().tcvn3_lower
    out = []
    for line in text.split("\n"):
        converted = decode_tcvn3(line)
        if not re.search("[a-z]", line):
            mixed = sum(1 for w in line.split()
                        if re.search("[A-Z]", w) and any(c in lower for c in w))
            if mixed >= 2:
                converted = converted.upper()
        out.append(converted)
    return "\n".join(out)


def _readings(text: str) -> dict[str, str]:
    return {"tcvn3": _tcvn3_plain(text), "vni": decode_vni(text)}


def _best(readings: dict[str, str], before: float) -> str | None:
    """The one reading that is clearly Vietnamese, clearly better than the
    input, and clearly ahead of the others; None when there is no such one."""
    scored = sorted(((vietnamese_score(t), name) for name, t in readings.items()), reverse=True)
    (score, words), name = scored[0]
    runner_up = scored[1][0][0] if len(scored) > 1 else 0.0
    if words < MIN_WORDS or score < MIN_SCORE or score - before < MIN_GAIN or score - runner_up < MIN_LEAD:
        return None
    return name


# cp1252 for the bytes 0x80-0x9F a Windows editor writes (“ ” – …), Latin-1 where
# cp1252 has no character: each byte stays one character, as a font would see it
_ANSI = {b: bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in range(0x80, 0xA0)}


def _ansi(data: bytes) -> str:
    return data.decode("latin-1").translate(_ANSI)


def decode_legacy_bytes(data: bytes) -> tuple[str, str] | None:
    """Read a text file that is not UTF-8: ``(text, encoding)`` when it is
    clearly TCVN3, VNI or Windows-1258 Vietnamese, else None (the caller keeps
    refusing it)."""
    try:
        cp1258 = data.decode("cp1258")
    except UnicodeDecodeError:
        cp1258 = None  # bytes undefined in cp1258: not that either
    ansi = _ansi(data)
    sample = ansi[:SAMPLE]
    readings = _readings(sample)
    if cp1258 is not None:
        readings["windows-1258"] = unicodedata.normalize("NFC", cp1258[:SAMPLE])
    name = _best(readings, vietnamese_score(sample)[0])
    if name is None:
        return None
    if name == "windows-1258":
        return unicodedata.normalize("NFC", cp1258), name
    return _readings(ansi)[name], name


# A VIQR mark that no English or Unicode Vietnamese text writes after a vowel:
# a shape (Vie^.t, a(n, tu+) or a grave / tilde tone (Ha` No^.i, nga~)
_VIQR_STRONG = re.compile(r"[aeiouyAEIOUY](?:[\^(+]|[`~])|(?<![A-Za-z])(?:dd|DD|Dd)[aeiouyAEIOUY]")


@dataclass(frozen=True, slots=True)
class Repair:
    """What :func:`repair` did: the text, the encoding converted from (None:
    nothing was), and in a mixed file the number of lines converted (None
    when the whole text was in that encoding)."""

    text: str
    encoding: str | None = None
    lines: int | None = None


def repair_text(text: str) -> tuple[str, str | None]:
    """Decoded text that may still be legacy: TCVN3 or VNI characters copied
    into a UTF-8 file, or VIQR.  Returns ``(text, encoding)``, the text
    unchanged and None unless a conversion is clearly right (see :func:`repair`)."""
    r = repair(text)
    return r.text, r.encoding


def repair(text: str) -> Repair:
    """:func:`repair_text`, saying whether the file was mixed.

    Only the first :data:`SAMPLE` characters are looked at to decide.  A
    line holding a letter only Unicode has (ă đ ơ ư, the precomposed toned
    vowels) is never converted: no TCVN3 or VNI byte reads as one.  A
    Unicode text may hold paragraphs pasted from an old TCVN3 or VNI file
    (they keep their bytes when pasted without their font): then the lines
    that may be legacy are judged together for the encoding, and each is
    converted only when that makes more of its words Vietnamese syllables
    (:func:`_repair_mixed`).

    >>> r = repair("Ủy ban nhân dân tỉnh Quảng Ngãi ban hành kế hoạch như sau:\\n"
    ...            "1. Giao Së Tµi chÝnh chñ tr×, phèi hîp víi Së Néi vô rµ so¸t c¸c thñ tôc hµnh chÝnh.")
    >>> r.text.split("\\n")[1], r.encoding, r.lines
    ('1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát các thủ tục hành chính.', 'tcvn3', 1)
    """
    sample = text[:SAMPLE]
    if len(_UNICODE_VIETNAMESE.findall(sample)) >= 5:
        return _repair_mixed(text)  # Unicode Vietnamese (the usual case), perhaps with legacy paragraphs
    if _LATIN1_SIGN.search(sample):
        name = _best(_readings(sample), vietnamese_score(sample)[0])
        if name:
            return Repair(_convert_lines(text, name), name)
        return Repair(text)
    strong = len(_VIQR_STRONG.findall(sample))
    if strong >= 5:
        before, words = vietnamese_score(sample)
        if strong >= 0.1 * words:
            after, n = vietnamese_score(decode_viqr(sample))
            if n >= MIN_WORDS and after >= MIN_SCORE and after - before >= MIN_GAIN:
                return Repair(decode_viqr(text), "viqr")
    return Repair(text)


def _maybe_legacy(line: str) -> bool:
    """A line that may hold TCVN3 or VNI bytes: Latin-1 letters or signs, and
    no letter only Unicode has."""
    return _LATIN1_SIGN.search(line) is not None and not _UNICODE_VIETNAMESE.search(line)


def _convert_lines(text: str, name: str) -> str:
    """A legacy text in ``name``, converted; its lines that hold a letter only
    Unicode has (a title retyped in Unicode) are left as they are."""
    lines = text.split("\n")
    if not any(_UNICODE_VIETNAMESE.search(line) for line in lines):
        return _readings(text)[name]
    return "\n".join(line if _UNICODE_VIETNAMESE.search(line) else _readings(line)[name] for line in lines)


def _repair_mixed(text: str) -> Repair:
    """A Unicode text with lines pasted from a TCVN3 or VNI text.

    The lines that may be legacy (:func:`_maybe_legacy`) and are not
    Vietnamese as they are (fewer than :data:`MIN_SCORE` of their words are
    syllables) decide the encoding together, by the same test as a whole file (:func:`_best`: at least
    :data:`MIN_WORDS` words, clearly Vietnamese once converted, clearly not
    before).  Then each of them is converted only when the conversion raises
    the share of its words that are Vietnamese syllables: a Unicode line
    whose letters are all Latin-1 ones ("Tôi là giáo viên") already scores
    its best and stays.
    """
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines)
                  if _maybe_legacy(line) and vietnamese_score(line)[0] < MIN_SCORE]
    if not candidates:
        return Repair(text)
    joined = "\n".join(lines[i] for i in candidates)[:SAMPLE]
    name = _best(_readings(joined), vietnamese_score(joined)[0])
    if name is None:
        return Repair(text)
    converted = 0
    for i in candidates:
        line = _readings(lines[i])[name]
        if vietnamese_score(line)[0] > vietnamese_score(lines[i])[0]:
            lines[i] = line
            converted += 1
    if not converted:
        return Repair(text)
    return Repair("\n".join(lines), name, converted)
