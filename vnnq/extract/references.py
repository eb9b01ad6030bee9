"""References to other documents: find → parse → resolve short forms.

Code grammars (reference/standards.md §2, §5, §6):

* Party (HD 36): ``71-NQ/TW``, ``105-TB/VPTW``, ``05-QC/BTCTU-BDVTU``: number,
  dash, type abbreviation, slash, issuing body.
* State (NĐ 30/2020 Phụ lục I ô 3): ``255/KH-BGDĐT``, ``324/QTR-KTr2``,
  ``11554/VPCP-V.I``: number, slash, notation with dashes.
* Normative: ``226/2025/QH15``, ``30/2020/NĐ-CP``: number/year/notation.

A citation is a type word ("Nghị quyết", "Luật Hải quan", "Kế hoạch hành
động") with an optional "số", then the code, then optionally its date
("ngày 22/8/2025"), issuer ("của Bộ Chính trị") and title ("về ...").  Short
forms ("Nghị quyết số 71", "Nghị quyết nêu trên") are resolved, eyecite-style,
only when exactly one earlier reference fits; otherwise they stay unresolved.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from vnnq.data import load_yaml
from vnnq.extract._scan import UPPER
from vnnq.extract._spans import leftmost_longest
from vnnq.extract.dates import date_hits
from vnnq.ingest.normalize import Text
from vnnq.model import Mention, Reference

_UP = UPPER
_LOW = "a-zđâăêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
_SEG = rf"[{_UP}][{_UP}a-zđ0-9&]*(?:\.[{_UP}0-9]+)*"
# "71-NQ/TW", "05-QC/BTCTU-BDVTU", "03-TTr/ĐU"
PARTY_CODE = rf"\d{{1,5}}\s?-\s?[{_UP}][A-Za-zĐđ]{{0,5}}\s?/\s?{_SEG}(?:\s?-\s?{_SEG})*"
# "226/2025/QH15", "30/2020/NĐ-CP", "38/2015/TT- BTC", "28/2005/PL-UBTVQH11"
NORMATIVE_CODE = rf"\d{{1,5}}\s?/\s?(?:19|20)\d{{2}}\s?/\s?{_SEG}(?:\s?-\s?{_SEG})*"
# "255/KH-BGDĐT", "12/UBND-VX", "15972/SXD-QLN&TTBĐS", "11554/VPCP-V.I"
STATE_CODE = rf"\d{{1,6}}[a-z]?\s?/\s?{_SEG}(?:\s?-\s?{_SEG})+"
# after an explicit "số": anything code-like, "128.2025/OL.WMCLV"
LOOSE_CODE = r"\d[\w.]*/[\w.&/-]*[\w&]"


def _after_first_digit(pattern: str) -> str:
    """``pattern`` (which starts with ``\\d{1,k}``) less its first digit."""
    m = re.match(r"\\d\{1,(\d)\}", pattern)
    assert m, pattern
    return rf"\d{{0,{int(m.group(1)) - 1}}}" + pattern[m.end():]


# The first digit is matched before the look-behind so that the regex engine
# can skip ahead to digits: many times faster than a leading look-behind.
_CODE_RE = re.compile(
    r"\d(?<![\w/.-]\d)(?:" + "|".join(_after_first_digit(p) for p in (NORMATIVE_CODE, PARTY_CODE, STATE_CODE))
    + r")(?![\w/])"
)


def _type_names() -> list[str]:
    names = {t["name"] for t in load_yaml("doctypes.yaml")["types"]}
    return sorted(names, key=len, reverse=True)


def _abbr_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for t in load_yaml("doctypes.yaml")["types"]:
        for a in t["abbr"]:
            if t.get("party_only"):
                out.setdefault("party:" + a.upper(), t["name"])
            else:
                out.setdefault(a.upper(), t["name"])
    return out


_TYPE_NAMES_LOW = [(n, n.lower()) for n in _type_names()]  # longest first
_TYPE_ALT = "|".join(re.escape(n) for n in _type_names())
# Between a law's type word and "số" its name may stand: "Luật Hải quan số 54/2014/QH13".
_NAMED = rf"(?P<name>(?:\s+(?!(?:{_TYPE_ALT})\b)[^\s,;:()“”\"]+){{1,12}}?)"
# Codes are found first (they start with a digit: cheap to find), then the
# type word is read backwards from each code.
_LOOSE_AFTER_SO_RE = re.compile(rf"[Ss](?<!\w[Ss])ố\s*:?\s*(?P<c>{LOOSE_CODE})(?![\w/])")
_TYPE_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s(“\"]))(?P<t>(?:{_TYPE_ALT})(?:\s+(?:hành\s+động|liên\s+tịch))?)\s*(?:số\s*:?\s*)?$",
    re.IGNORECASE,
)
# What may stand between a type word and the end of a _TYPE_BEFORE_RE match:
# the letters of "hành động", "liên tịch", "số", a colon and spaces (ignoring
# case, as the pattern does).  A match therefore starts at most _TYPE_LONGEST
# characters before the run of these characters that ends the window.
_TYPE_TAIL_CHAR_RE = re.compile(r"[\s:hànhđộngliêntịchsố]", re.IGNORECASE)
_TYPE_LONGEST = max(map(len, _type_names()))


def _type_before(window: str) -> re.Match[str] | None:
    """``_TYPE_BEFORE_RE.search(window)``, started where a match can start.

    The pattern is case-insensitive and starts with a look-behind, so the
    engine tries all its type words at every position of the 120 characters;
    searching from the bound above gives the same (leftmost) match, and tries
    only the last 20 to 30 positions."""
    j = len(window)
    while j and _TYPE_TAIL_CHAR_RE.match(window, j - 1):
        j -= 1
    return _TYPE_BEFORE_RE.search(window, max(0, j - _TYPE_LONGEST))


_NAMED_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s(“\"]))(?P<t>Luật|Bộ\s+luật|Pháp\s+lệnh|Nghị\s+quyết|Nghị\s+định|Quyết\s+định|Thông\s+tư)"
    rf"{_NAMED}\s+số\s*:?\s*$",
    re.IGNORECASE,
)
# A list continuing a citation: "các Quyết định số: 36/QĐ-TTg, 1668/QĐ-TTg và 2/QĐ-TTg"
_LIST_SEP_RE = re.compile(r"\s*(?:,|;|và|,\s*và)\s*(?:số\s*)?")
# between two citations of one list: "..., ", "; Thông báo số ", " và các văn bản số: "
_LIST_GAP_RE = re.compile(
    rf"\s*(?:,|;|và|,\s*và)\s*(?:(?:các\s+)?(?:{_TYPE_ALT})\s*(?:số\s*:?\s*)?)?",
    re.IGNORECASE,
)
_SHORT_RE = re.compile(
    rf"(?P<t>{_TYPE_ALT})(?:\s+(?:hành\s+động|liên\s+tịch))?\s+(?:số\s+)?(?P<n>\d{{1,5}})(?![\d/\-\w.])"
)
_ANAPHORA_RE = re.compile(
    rf"(?P<t>{_TYPE_ALT})(?:\s+(?:hành\s+động|liên\s+tịch))?\s+(?:nêu trên|đã nêu|nói trên|trên)(?!\w)"
)
_ALIAS_RE = re.compile(r"\((?:sau đây )?(?:gọi|viết) tắt là\s+(?P<alias>[^)]{2,60})\)")

_DATE_AFTER_RE = re.compile(r"\s*[,]?\s*(?:(?:được\s+)?ban hành\s+)?(?:ngày|ngay)\s")
_OF_RE = re.compile(r"^\s*,?\s*của\s+")
_ABOUT_RE = re.compile(r"^\s*,?\s*(?:về(?:\s+việc)?|V/v)\s+")
_ISSUER_STOP = re.compile(
    r"\s(?:về|ban hành|quy định|hướng dẫn|thực hiện|triển khai|phê duyệt|thông báo|đã|nêu|đối với|"
    r"trong|tại|theo|cho|để|với|thì|là|được|sửa đổi|bổ sung|gửi|có|ngày|năm|nhằm|tiếp tục|"
    r"kết luận|chỉ đạo|giao|yêu cầu|đề nghị|chịu|nên|tuân|hoặc|khi|nếu|đến|trước|sau|từ|do|như|vì|"
    r"bởi|mà|phải|cần|sẽ|đang|này|đó|kèm|hết|tham gia|và\s+(?:" + _TYPE_ALT + r"))\b"
    r"|\svà(?=\s+[" + _LOW + r"])|[;:()“”\"\n.]|,\s*(?:" + _TYPE_ALT + r"|ngày|số)\b"
    # a comma ends the name ("của Ban Thường vụ Thành ủy, Ủy ban nhân dân phường ban
    # hành ..."), except inside the one ministry name that has one
    r"|,(?!\s*Thể thao)"
    r"|\s(?:Về|Hướng dẫn|Quy định|Ban hành|Thực hiện|Triển khai|V/v)\b"
    # a title written without "về": "của Ủy ban nhân dân tỉnh Bình Phước Thành lập trạm y tế ..."
    r"|\s(?:Sửa đổi|Bổ sung|Thành lập|Giao(?! thông)|Phê duyệt|Công bố|Điều chỉnh|Bãi bỏ|Thay thế|Không(?! quân))\b",
)
# An issuer named before the citation: "Theo đề nghị của Giám đốc Sở Nội vụ tại
# Tờ trình số 3129/TTr-SNV", "Chủ tịch Ủy ban nhân dân Thành phố đã ban hành
# Công văn số 3280/UBND-VX".
_ISSUER_BEFORE_RE = re.compile(
    r"(?:(?:đề nghị|ý kiến|chỉ đạo)\s+của\s+(?P<a>[^,;.()\n]{3,90}?)\s+tại"
    r"|(?:^|[,;.:]\s*)(?P<b>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][^,;.()\n]{2,90}?)\s+(?:đã\s+)?ban hành)"
    r"\s*$"
)


# Cyrillic letters that look like Latin ones, typed into codes copied from web pages
# ("137/2020/NĐ-СР" with a Cyrillic С and Р): the code is the Latin one
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХУаеорсху", "ABEKMHOPCTXYaeopcxy")


def _clean_code(code: str) -> str:
    code = re.sub(r"\s+", "", code)
    if not code.isascii():
        code = code.translate(_HOMOGLYPHS)
    return code


def split_code(code: str) -> tuple[str | None, str | None, str | None, str]:
    """(number, notation, year, system) of a canonical code.

    >>> split_code("71-NQ/TW")
    ('71', 'NQ/TW', None, 'party')
    >>> split_code("226/2025/QH15")
    ('226', '2025/QH15', '2025', 'normative')
    >>> split_code("255/KH-BGDĐT")
    ('255', 'KH-BGDĐT', None, 'state')
    """
    m = re.fullmatch(r"(\d+)/((19|20)\d{2}/.+)", code)
    if m:
        return m.group(1), m.group(2), m.group(2)[:4], "normative"
    m = re.fullmatch(r"(\d+)-([^/]+/.+)", code)
    if m:
        return m.group(1), m.group(2), None, "party"
    m = re.fullmatch(r"(\d+[a-z]?)/(.+)", code)
    if m:
        return m.group(1), m.group(2), None, "state"
    return None, code, None, "other"


def type_from_code(code: str) -> str | None:
    """Guess the type from the notation's abbreviation (``KH-UBND`` → Kế hoạch)."""
    number, notation, year, system = split_code(code)
    if not notation:
        return None
    abbr = _abbr_map()
    if system == "party":
        key = notation.split("/")[0].upper()
        return abbr.get("party:" + key) or abbr.get(key)
    if system == "normative":
        key = notation.split("/", 1)[1].split("-")[0].upper()
        if re.fullmatch(r"QH\d+", key):
            return None  # a law or a National Assembly resolution: cannot tell
        return abbr.get(key)
    key = notation.split("-")[0].upper()
    return abbr.get(key)


def _canonical_type(word: str | None) -> str | None:
    if not word:
        return None
    w = " ".join(word.split())
    low = w.lower()
    for name, name_low in _TYPE_NAMES_LOW:
        if low.startswith(name_low):
            return name  # "Chương trình hành động" is a Chương trình
    return w


# The central bodies whose names are fixed (Điều lệ Đảng; Hiến pháp 2013): after one
# of them, and its list ("của Bộ Chính trị, Ban Bí thư"), the issuer ends whatever
# follows ("của Bộ Chính trị trên địa bàn tỉnh", "của Chính phủ trừ đi tuổi ...").
_CENTRAL_BODY = (r"(?:Ban Chấp hành Trung ương(?: Đảng)?|Bộ Chính trị|Ban Bí thư(?: Trung ương Đảng)?|"
                 r"Ủy ban Thường vụ Quốc hội|Quốc hội|Thủ tướng Chính phủ|Chính phủ|Chủ tịch nước)")
# with its term: "Ban Chấp hành Trung ương Đảng khóa XIII", "Quốc hội khóa XV"
_TERM = r"(?:\s+[Đđ]ảng)?(?:\s+kh(?:óa|oá)\s+[IVXL]+)?"
_CENTRAL_BODIES_RE = re.compile(
    _CENTRAL_BODY + _TERM + r"(?:\s*(?:,|và)\s*" + _CENTRAL_BODY + _TERM + r")*"
    r"(?=\s+[" + _LOW + r"]|\s*[,;.)\n]|$)")


# A steering committee, working group or council is named by its field or its project,
# as its founding decision writes it: "Ban Chỉ đạo Trung ương về phát triển khoa học,
# công nghệ, đổi mới sáng tạo và chuyển đổi số", "Tổ Công tác triển khai Đề án 06".
# Its name runs over "về <field>", "triển khai", and commas before lower-case words; it
# ends at a comma before a capital (the next body), at "về việc" / "về <an act>" (the
# cited document's title) and at the usual stops.
_COMMITTEE_RE = re.compile(r"(?:Ban Chỉ đạo|Tổ [Cc]ông tác|Hội đồng(?! nhân dân)|Tiểu ban|Ủy ban [Qq]uốc gia)\b")
_COMMITTEE_STOP = re.compile(
    r"[;:()“”\"\n]|\.(?:\s|$)|,\s*(?:[" + _LOW.upper() + r"A-Z]|(?:ngày|số|" + _TYPE_ALT + r")\b)"
    r"|\svề\s+(?:việc|ban hành|thực hiện|triển khai|phê duyệt|kiện toàn|thành lập|tổ chức|sửa đổi|bổ sung|"
    r"hướng dẫn|quy định|kế hoạch|chương trình|tăng cường|đẩy mạnh|tiếp tục|công tác)\b"
    r"|\s(?:ngày|ban hành|quy định|hướng dẫn|thông báo|đã|tại|theo|cho|để|thì|là|được|gửi|có|năm|nhằm|"
    r"kết luận|chỉ đạo|giao|yêu cầu|đề nghị|khi|nếu|đến|trước|sau|từ|do|như|này|đó|kèm)\b"
    r"|\s(?:Về|Hướng dẫn|Quy định|Ban hành|Thực hiện|Triển khai|V/v)\b"
)


def _committee_after(window: str) -> str | None:
    if not _COMMITTEE_RE.match(window):
        return None
    stop = _COMMITTEE_STOP.search(window)
    if stop is None:
        return None  # a name longer than the window: not read rather than cut
    raw = window[: stop.start()]
    first = raw.find(" về ")
    second = raw.find(" về ", first + 4) if first >= 0 else -1
    if second >= 0:
        raw = raw[:second]  # the name has one field; a second "về" opens the title
    raw = raw.strip().rstrip(",")
    if raw.endswith((" và", " về")):
        raw = raw[:-3]
    return raw if len(raw.split()) <= 40 else None


# a title that names no body alone: the body follows the next title ("Bộ trưởng, Chủ
# nhiệm Văn phòng Chính phủ", "Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc")
_BARE_TITLE_RE = re.compile(r"(?:Bộ trưởng|Thứ trưởng|Phó Thủ tướng)$")


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    m = _OF_RE.match(text[pos:pos + 12])
    if not m:
        return None, pos
    start = pos + m.end()
    window = text[start:start + 160]
    cm = _CENTRAL_BODIES_RE.match(window)
    if cm:
        return cm.group(0), start + cm.end()
    committee = _committee_after(text[start:start + 300])
    if committee:
        return committee, start + len(committee)
    stop = _ISSUER_STOP.search(window)
    if stop and window[stop.start()] == "," and _BARE_TITLE_RE.match(window[: stop.start()].strip()):
        # "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ": one person's two titles
        stop = _ISSUER_STOP.search(window, stop.end())
    raw = window[: stop.start()] if stop else window
    raw = raw.strip().rstrip(",")
    words = raw.split()
    if not words or not words[0][:1].isupper():
        return None, pos
    if len(words) > 14:
        return None, pos
    return raw, start + len(raw)


# A list of citations introduced by their one issuer: "Căn cứ các Luật của Quốc hội nước
# Cộng hòa xã hội chủ nghĩa Việt Nam: Luật Giao dịch điện tử số 20/2023/QH15, ...; Luật ...",
# "... đã được Thủ tướng Chính phủ phê duyệt tại các Quyết định: số 36/QĐ-TTg ..., số 1569/QĐ-TTg ..."
_CAP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_LIST_ISSUER_RE = re.compile(
    rf"(?:các|những)\s+(?:{_TYPE_ALT})\s+(?:của|do)\s+(?P<a>[{_CAP}][^:;.\n()]{{2,100}}?)\s*:"
    rf"|được\s+(?P<b>[{_CAP}][^:;.\n()]{{2,80}}?)\s+(?:phê duyệt|ban hành)\s+(?:tại\s+)?(?:các|những)\s+(?:{_TYPE_ALT})\s*:"
    # "Căn cứ các Công văn của Bộ Tài chính số 3910/BTC-QLG ngày ..., số 367/BTC-QLG ..."
    rf"|(?:các|những)\s+(?:{_TYPE_ALT})\s+(?:của|do)\s+(?P<c>[{_CAP}][^:;.\n()]{{2,100}}?)\s+số\b",
    re.I)
_SENTENCE_BREAK_RE = re.compile(r"\.\s+[" + _CAP + r"]|[.!?]\s*\n")


def _list_issuer(text: str, start: int) -> str | None:
    """The issuer that introduces the list a citation stands in, in the same sentence
    (a line break inside the list, "...; Luật\nCông nghệ thông tin số 67/2006/QH11", does
    not end it; a full stop does)."""
    window_start = max(0, start - 600)
    found = None
    for m in _LIST_ISSUER_RE.finditer(text, window_start, start):
        found = m
    if found is None or _SENTENCE_BREAK_RE.search(text, found.end(), start):
        return None
    name = (found.group("a") or found.group("b") or found.group("c")).strip()
    stop = _ISSUER_STOP.search(name) or re.search(r"\s(?:sau đây|dưới đây|nêu trên|như sau)\b", name)
    # ("các Nghị quyết của Hội đồng nhân dân Thành phố sau đây hết hiệu lực ...:")
    return name[: stop.start()].strip() if stop else name


def _date_after(doc: Text, pos: int) -> tuple[str | None, int]:
    """The date of a citation: "ngày 22/8/2025" right after its code."""
    text = doc.text
    m = _DATE_AFTER_RE.match(text, pos, pos + 60)
    if not m:
        return None, pos
    hits = date_hits(doc)
    i = bisect.bisect_left(hits, (m.end() - 5,))
    for start, end, value, precision in hits[i:i + 2]:
        if start <= m.end() + 1 and precision in ("day", "month", "year"):
            return value, end
    return None, pos


def _title_after(text: str, pos: int) -> str | None:
    m = _ABOUT_RE.match(text[pos:pos + 20])
    if not m:
        return None
    start = pos + m.end()
    window = text[start:start + 300]
    stop = re.search(r"[;\n]|\.(?:\s|$)|,\s*(?:" + _TYPE_ALT + r")\b|\s(?:và\s+)?(?:" + _TYPE_ALT + r")\s+số\b", window)
    title = (window[: stop.start()] if stop else window).strip().rstrip(",")
    return title or None


@dataclass
class _Ref:
    code: str
    key: str
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)


def extract_references(doc: Text, own_code: str | None = None) -> list[Reference]:
    """Every distinct other document cited with a number, with all its mentions."""
    text = doc.text
    own = {own_code.upper()} if own_code else set()
    hits: list[tuple[int, int, str, str | None, int]] = []  # start, end, code, type, code_start
    codes = [(m.start(), m.end(), m.group(0), True) for m in _CODE_RE.finditer(text)]
    codes += [(m.start("c"), m.end("c"), m.group("c"), False) for m in _LOOSE_AFTER_SO_RE.finditer(text)]
    prev: tuple[int, str | None] | None = None  # end and type of the previous code
    for cs, ce, code, strict in leftmost_longest(codes):
        window = text[max(0, cs - 120):cs]
        m = _type_before(window) or _NAMED_BEFORE_RE.search(window)
        typ, start = None, cs
        if m:
            typ, start = m.group("t"), cs - len(window) + m.start()
        elif prev is not None and prev[1] and _LIST_SEP_RE.fullmatch(text, prev[0], cs):
            typ = prev[1]
        if typ is None and not strict:
            continue  # a loose code needs its type word: "Công văn số 128.2025/OL.WMCLV"
        hits.append((start, ce, code, typ, cs))
        prev = (ce, typ)
    hits = leftmost_longest(hits)

    refs: dict[str, _Ref] = {}
    order: list[str] = []
    group: list[_Ref] = []  # citations listed together: "các văn bản số: A ngày ..., B ngày ... của X"
    group_end = -1
    for start, end, raw_code, typ, cstart in hits:
        code = _clean_code(raw_code).rstrip(".")
        if code.endswith("-") or "/" not in code:
            continue
        key = code.upper()
        if key in own:
            continue
        prefix = text[max(0, start - 12):start]
        if typ is None and re.search(r"Số\s*:?\s*$", prefix) and doc.line_index(start) < 20:
            continue  # a header "Số:" line of an attached document
        date, pos = _date_after(doc, end)
        issuer, pos2 = _issuer_after(text, pos)
        if issuer is None and pos == end:
            issuer, pos2 = _issuer_after(text, end)
        title = _title_after(text, pos2 if issuer else pos)
        if issuer is None:
            bm = _ISSUER_BEFORE_RE.search(text[max(0, start - 120):start])
            if bm:
                issuer = (bm.group("a") or bm.group("b")).strip()
        if issuer is None:
            issuer = _list_issuer(text, start)
        mention = Mention(text[start:end], start, end, doc.page_at(start))
        ref = refs.get(key)
        if ref is None:
            ref = refs[key] = _Ref(code=code, key=key)
            order.append(key)
        elif ref.code.isupper() and not code.isupper():
            ref.code = code  # prefer "06/QĐ-TTg" over a title's "06/QĐ-TTG"
        ref.mentions.append(mention)
        ctype = _canonical_type(typ)
        if ctype and not ref.type:
            ref.type = ctype
        if date and not ref.date:
            ref.date = date
        if issuer and not ref.issuer:
            ref.issuer = issuer
        if title and not ref.title:
            ref.title = title
        # an issuer written once after a list belongs to every item of the list
        if group and _LIST_GAP_RE.fullmatch(text, group_end, start):
            group.append(ref)
        else:
            group = [ref]
        group_end = pos2 if issuer else pos
        if issuer:
            for other in group[:-1]:
                if other.issuer is None:
                    other.issuer = issuer
            group = []

    _resolve_short_forms(doc, refs, order, hits)
    out = []
    for key in order:
        r = refs[key]
        number, notation, year, system = split_code(r.code)
        typ = r.type or type_from_code(r.code)
        if typ is None and system == "state":
            typ = "Công văn"  # NĐ 30/2020: a công văn's ký hiệu carries no type code
        mentions = sorted(r.mentions, key=lambda mm: mm.start)
        out.append(Reference(r.code, typ, number, notation, year, system, r.date, r.issuer, r.title, mentions))
    out.sort(key=lambda r: r.start)
    return out


def _inside_word(text: str, pos: int) -> bool:
    """The character before ``pos`` is a word character (the ``(?<!\\w)`` test,
    done here because a leading look-behind makes a regex scan slowly)."""
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_")


def _resolve_short_forms(doc: Text, refs: dict[str, _Ref], order: list[str],
                         hits: list[tuple[int, int, str, str | None, int]]) -> None:
    text = doc.text
    taken = [(h[0], h[1]) for h in hits]

    def overlaps(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in taken)

    def earlier(pos: int) -> list[_Ref]:
        return [refs[k] for k in order if refs[k].mentions and refs[k].mentions[0].start < pos]

    for m in _SHORT_RE.finditer(text):
        if _inside_word(text, m.start()) or overlaps(m.start(), m.end()):
            continue
        typ = _canonical_type(m.group("t"))
        number = m.group("n")
        cands = [r for r in earlier(m.start())
                 if split_code(r.code)[0] == number and (r.type or type_from_code(r.code) or "").split()[0:2] == (typ or "").split()[0:2]]
        if len(cands) == 1:
            cands[0].mentions.append(Mention(m.group(0), m.start(), m.end(), doc.page_at(m.start()), "short_form"))
    for m in _ANAPHORA_RE.finditer(text):
        if _inside_word(text, m.start()):
            continue
        typ = _canonical_type(m.group("t"))
        cands = [r for r in earlier(m.start()) if (r.type or type_from_code(r.code)) == typ]
        if len(cands) == 1:
            cands[0].mentions.append(Mention(m.group(0), m.start(), m.end(), doc.page_at(m.start()), "anaphora"))
    for m in _ALIAS_RE.finditer(text):
        alias = m.group("alias").strip()
        before = [h for h in hits if h[1] <= m.start() and m.start() - h[1] < 200]
        if not before:
            continue
        key = _clean_code(before[-1][2]).rstrip(".").upper()
        ref = refs.get(key)
        if ref is None:
            continue
        seen = {(mm.start, mm.end) for mm in ref.mentions}
        for am in re.finditer(re.escape(alias), text[m.end():]):
            s = m.end() + am.start()
            if not overlaps(s, s + len(alias)) and (s, s + len(alias)) not in seen:
                ref.mentions.append(Mention(alias, s, s + len(alias), doc.page_at(s), "alias"))
