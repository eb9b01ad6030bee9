"""Unit names: one canonical name per body, its category and level.

``canonical("Uỷ ban nhân dân Phường")`` and ``canonical("UBND phường")`` are
the same name, ``Ủy ban nhân dân phường``; :func:`unit_key` is the string two
spellings of one body share.  :func:`split_units` cuts a lead that lists
several bodies into its units.  :func:`describe` gives a unit's category and
level from the rules of ``data/units.yaml`` (the naming conventions of
NĐ 30/2020 Phụ lục II and HD 36-HD/VPTW), or from the character n-gram model
in ``models/`` when no rule knows the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from vnnq.data import load_yaml
from vnnq.ingest.normalize import fix_tone_placement, single_spaces

UNIT_CATEGORIES = (
    "party_committee", "party_advisory", "peoples_council", "peoples_committee",
    "government_agency", "front_mass_org", "education", "public_service",
    "police_military", "judicial", "media", "residential", "enterprise", "general", "other",
)
LEVELS = ("central", "province", "district", "commune", "grassroots")

# Administrative words written in lower case inside a name (NĐ 30 Phụ lục II):
# "Ủy ban nhân dân phường Lê Chân", not "... Phường Lê Chân".
_ADMIN_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "tỉnh", "quận", "huyện", "xã")
_PLURAL_RE = re.compile(r"(?i)(?<!\w)(?:các|những|mọi)(?:\s*,)?\s+")
_DASH_RE = re.compile(r"\s*[-–—]\s*")
_EDGE_PUNCT = " \t,;:.-–—*+•()[]\"'“”"
# a role written after the name: "Sở Nội vụ (cơ quan thường trực)", "Công an phường - đơn vị đầu mối"
_ROLE_TAIL_RE = re.compile(
    r"(?i)\s*(?:\((?:cơ quan|đơn vị|thường trực|đầu mối|là|chủ trì|phối hợp)[^()]*\)|"
    r"\s[-–]\s(?:cơ quan|đơn vị|thường trực|đầu mối)\b.*)$"
)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What vnnq knows of one unit name."""

    text: str  # as written
    canonical: str
    category: str
    level: str | None
    confidence: float
    method: str  # "rule" | "model" | "none"


@cache
def _data() -> dict:
    d = load_yaml("units.yaml")
    abbr = sorted(d["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    # an abbreviation is a whole token written as the source writes it: in capitals
    alts = "|".join(re.escape(k) for k, _ in abbr)
    # "&" may join two abbreviations ("KTVB&QLXLVPHC"); "GD&ĐT" is one key, tried first (longest)
    abbr_re = re.compile(rf"(?i)(?<!\w)(?:{alts})(?!\w)")
    abbr_map = {k.lower(): v for k, v in abbr}
    # "Tp." is written in title case
    titlecase = {k[0].upper() + k[1:]: v for k, v in abbr if k.endswith(".")}
    tc_re = re.compile("|".join(rf"(?<!\w){re.escape(k)}" for k in titlecase)) if titlecase else None
    fields = sorted(d["field_abbreviations"], key=len, reverse=True)
    heads = sorted(d["heads"], key=len, reverse=True)
    titles = sorted(d["titles"], key=len, reverse=True)
    return {
        "abbr_re": abbr_re,
        "abbr_map": abbr_map,
        "tc_re": tc_re,
        "tc_map": titlecase,
        # "Sở XD", "Bộ TC": a field abbreviation right after the kind of body, in capitals
        "field_re": re.compile(rf"(?P<kind>(?<!\w)(?:Bộ|Sở))\s+(?P<abbr>{_alt_ci_caps(fields)})(?![\w&])"),
        "field_map": {k.lower(): v for k, v in d["field_abbreviations"].items()},
        "fields_item_re": re.compile(rf"^(?:{_alt_ci_caps(fields)})$"),
        "heads": heads,
        # a province or city written last with no level word before it ("... Truyền hình Đồng Nai")
        "province_tail_re": re.compile(
            r"(?<!tỉnh )(?<!phố )(?<!TP )(?<!Tp )(?<!TP\. )(?<=\s)(?P<place>"
            + _alt(sorted(d["provinces"] + d["cities"], key=len, reverse=True)) + r")$"),
        "cities": set(d["cities"]),
        "brands": {k.lower(): v for k, v in d["brands"].items()},
        "head_re": re.compile(r"(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)"),
        # one title or several ("Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh")
        "title_re": re.compile(
            rf"^(?:các\s+)?(?:{_alt(titles)})(?:\s*(?:,|và|kiêm|\(|\))\s*(?:các\s+)?(?:{_alt(titles)})\)?)*"
            rf"\s+(?=(?:các\s+)?(?:{_alt(heads)})(?!\w))"
        ),
        "categories": [(name, re.compile(p)) for name, p in d["categories"]],
        "levels": [(name, re.compile(p)) for name, p in d["levels"]],
        "phrases": _known_phrases(d),
        "compound_fields": [re.compile(_field_pattern(f)) for f in d["compound_fields"]],
        "bare": set(d["bare_nouns"]),
        "generic": set(d["generic_heads"]),
    }


def _alt_ci_caps(words: list[str]) -> str:
    """Alternatives matching the upper-case spelling of each key ("xd" → "XD",
    "kh&cn" → "KH&CN"), so a lower-case word is never read as an abbreviation."""
    return "|".join(re.escape(w.upper()) for w in words)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


def _known_phrases(d: dict) -> tuple[re.Pattern[str], dict[str, str]]:
    """Fixed-case phrases (the expansions): "mặt trận tổ quốc việt nam" → "Mặt trận Tổ quốc Việt Nam";
    one regex over the lower-cased name, longest phrase first."""
    seen = {v.lower(): v for v in d["fixed_case"]}
    for v in d["abbreviations"].values():
        if any(c.isupper() for c in v[1:]) or v[0].isupper():
            seen[v.lower()] = v
    keys = sorted(seen, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)"), seen


def clean(name: str) -> str:
    """One spelling: NFC, one tone placement, single spaces, " - " dashes,
    no surrounding punctuation or role note."""
    import unicodedata

    s = unicodedata.normalize("NFC", name)
    s = fix_tone_placement(s)
    s = single_spaces(s).strip(_EDGE_PUNCT)
    s = _ROLE_TAIL_RE.sub("", s).strip(_EDGE_PUNCT)
    s = _GLUED_DOT_RE.sub(" ", s)
    s = _SECTION_CODE_RE.sub("", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    return re.sub(r"\s*&\s*", "&", s)


# an abbreviation glued to the next by its dot: "CT và các PCT.UBND tỉnh", "TT.TU"
_GLUED_DOT_RE = re.compile(r"(?<=[A-ZĐ]{2})\.(?=[A-ZĐ])")
# the section of an office that handles the file, a code in brackets:
# "Chánh VP, Phó CVP (NC) UBND tỉnh" (NC = nội chính); not part of the body's name
_SECTION_CODE_RE = re.compile(r"\s*\((?:[A-ZĐ]{1,4})\)(?=\s|$)")


def _dashes(s: str) -> str:
    return _DASH_RE.sub(" - ", s)


def expand(name: str) -> str:
    """Abbreviations written in capitals expanded: "UBND phường" → "Ủy ban nhân dân phường"."""
    d = _data()
    # "BCH" of a military body is its Ban Chỉ huy, not a Party Ban Chấp hành
    # (each pattern below starts with \b or a look-behind, so the engine would try
    # it at every position: it is run only when its literal start is in the name)
    if "BCH" in name:
        name = _BCH_BORDER_RE.sub("Bộ Chỉ huy", name)
        name = _BCH_MILITARY_RE.sub("Ban Chỉ huy", name)
    if "TT" in name:
        name = _TT_STANDING_RE.sub("Thường trực ", name)
    if "Bộ" in name or "Sở" in name:
        name = d["field_re"].sub(lambda m: m.group("kind") + " " + _field(m.group("abbr"), d), name)
    letters = [c for c in name if c.isalpha()]
    caps = len(letters) > 6 and " " in name and all(c.isupper() for c in letters)
    out = d["abbr_re"].sub(lambda m: _expansion(m.group(0), d["abbr_map"], caps), name)
    if d["tc_re"] is not None:
        out = d["tc_re"].sub(lambda m: d["tc_map"][m.group(0)], out)
    return single_spaces(out).strip()


# "TT" before a committee is its standing body (Thường trực), elsewhere a centre:
# "TT. Tỉnh uỷ", "TT.TU, TT HĐND tỉnh", "TT HĐND, UBND các xã, phường"
_TT_STANDING_RE = re.compile(
    r"(?<!\w)TT\.?\s*(?=(?:Tỉnh ủy|Thành ủy|Huyện ủy|Đảng ủy|TU|HĐND|UBND|Hội đồng nhân dân|Ủy ban nhân dân)(?!\w))")


def _field(abbr: str, d: dict) -> str:
    return d["field_map"].get(abbr.lower(), abbr)


# the Border Guard of a province is commanded by a Bộ Chỉ huy (Luật Biên phòng 2020 Điều 19;
# UNITS.md): "BCH Bộ đội Biên phòng TP"; a provincial military command likewise ("BCH Quân sự tỉnh")
_BCH_BORDER_RE = re.compile(r"\bBCH(?=\s+(?:Bộ đội Biên phòng|BĐBP|(?:Quân sự|QS)\s+(?:tỉnh|TP|thành phố)\b))")
_BCH_MILITARY_RE = re.compile(r"\bBCH(?=\s+(?:Quân sự|QS|Bộ đội|BĐBP|Biên phòng|PCTT|Phòng))")


def _expansion(token: str, table: dict[str, str], all_caps: bool = False) -> str:
    """An abbreviation's expansion when ``token`` is written as one: with two
    capitals at least ("UBND", "TTgCP", "GD&ĐT"); a word such as "tư" is left.
    In a name written all in capitals a token that is a Vietnamese syllable is
    a word: "BỘ TƯ PHÁP" is Bộ Tư pháp, not "Bộ Trung ương pháp"."""
    if sum(1 for c in token if c.isupper()) >= 2 and not (all_caps and _is_syllable(token)):
        return table[token.lower()]
    return token


# a Vietnamese syllable: initial consonant(s), a vowel nucleus, a final consonant
# ("TƯ", "TU"); abbreviations have no such shape ("UBND", "ĐB", "QH", "TP")
_SYLLABLE_RE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?$")
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _is_syllable(token: str) -> bool:
    import unicodedata

    bare = unicodedata.normalize("NFC", unicodedata.normalize("NFD", token.lower()).translate(_TONE_MARKS))
    return bool(_SYLLABLE_RE.match(bare))


def _drop_titles(s: str) -> str:
    """"Giám đốc Sở Tài chính" → "Sở Tài chính"; "Thủ trưởng các đơn vị" → "các đơn vị"."""
    d = _data()
    s = _MINISTERS_RE.sub("Bộ", s)
    office = False
    for _ in range(3):
        m = d["title_re"].match(s.lower())
        if not m:
            break
        office = office or bool(_CHIEF_OF_OFFICE_RE.match(m.group(0)))
        s = s[m.end():]
    if office and not _OWN_HEAD_RE.match(s.lower()):
        # the Chánh Văn phòng heads the office of the body named after him
        s = "Văn phòng " + s
    return s


# "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, ...": the ministers stand for the ministries
_MINISTERS_RE = re.compile(r"(?i)^(?:các\s+)?bộ trưởng(?=\s*(?:,|;|và\b))")
# "Chánh Văn phòng, Phó CVP UBND tỉnh", "Chánh, các PCVP UBND tỉnh": the Office (Văn phòng)
# of the committee, not the committee; "Chánh Thanh tra tỉnh" heads the Thanh tra itself
_CHIEF_OF_OFFICE_RE = re.compile(r"^(?:các\s+)?(?:phó\s+)?chánh(?:\s+văn phòng|\s*,|\s+và)|.*chánh văn phòng")
_OWN_HEAD_RE = re.compile(r"(?:các\s+)?(?:văn phòng|thanh tra|tòa án|viện)(?!\w)")


def _case(s: str, all_caps: bool) -> str:
    """Capitalisation of a formal text (NĐ 30/2020 Phụ lục II)."""
    d = _data()
    if all_caps:
        low = s.lower()
        words = low.split(" ")
        out = []
        cap_next = True  # the name's first syllable
        place = False
        for i, w in enumerate(words):
            prev1 = words[i - 1] if i else ""
            if place and w not in ("và", "-", ","):
                out.append(w[:1].upper() + w[1:])
                continue
            place = False
            out.append(w[:1].upper() + w[1:] if cap_next else w)
            cap_next = False
            if w in ("và", "-") or w.endswith(","):
                cap_next = True  # "Văn hóa, Thể thao và Du lịch"
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt == "ủy":
                pass  # "tỉnh ủy", "huyện ủy": a Party committee, not a place
            elif nxt == "hội" and w == "xã":
                pass  # "xã hội"
            elif w in ("phường", "xã", "tỉnh", "quận", "huyện") or (prev1, w) in (
                    ("thành", "phố"), ("thị", "trấn"), ("thị", "xã"), ("đặc", "khu")):
                place = True  # a place name follows: every syllable capitalised
            elif w in ("sở", "bộ", "phòng", "ban", "cục", "vụ", "hội", "đoàn") or (prev1, w) in (
                    ("trung", "tâm"), ("văn", "phòng"), ("chi", "cục")):
                cap_next = True  # the field after the kind of body: "Sở Tài chính"
        s = " ".join(out)
    else:
        s = s[:1].upper() + s[1:]
    # administrative words inside a name are lower case
    for w in _ADMIN_WORDS:
        s = re.sub(rf"(?<=\S )(?i:{w})(?!\w)", w, s)
    # fixed phrases keep their own case ("Mặt trận Tổ quốc Việt Nam", "Tỉnh ủy")
    rx, table = d["phrases"]
    low = s.lower()
    if len(low) == len(s):
        out, pos = [], 0
        for m in rx.finditer(low):
            out.append(s[pos:m.start()])
            out.append(table[m.group(0)])
            pos = m.end()
        out.append(s[pos:])
        s = "".join(out)
    return s[:1].upper() + s[1:]


_AMP_RE = re.compile(r"\s*&\s*")
# the leaders written after the body: "UBND tỉnh: CT và các PCT"
_TRAILING_TITLES_RE = re.compile(
    r"(?i)\s*:\s*(?:(?:các\s+)?(?:phó\s+)?(?:chủ tịch|giám đốc|trưởng ban|bí thư|thủ trưởng|lãnh đạo)\s*(?:,|và)?\s*)+$")
# the Tổng Kiểm toán nhà nước heads the Kiểm toán nhà nước (Luật Kiểm toán nhà nước Điều 17)
_AUDITOR_GENERAL_RE = re.compile(r"(?i)^tổng kiểm toán\s+(?=nhà nước)")
# UNITS.md rule 5: the Prime Minister is his own key, his deputies map to it:
# "Thủ tướng, các Phó Thủ tướng CP", "TTgCP, các PTTg", "Các Phó Thủ tướng Chính phủ"
_PRIME_MINISTER_RE = re.compile(
    r"(?i)^(?:(?:các\s+)?(?:phó\s+)?thủ tướng(?:\s+chính phủ)?(?:\s*(?:,|và)\s*|$))+$")

# UNITS.md rule 7: a parent body is written after its unit, separated by ", ":
# "Bộ Tư pháp (Cục Kiểm tra văn bản ...)", "Cục KSTTHC – VPCP", "Cục KTVB và QLXLVPHC/BTP",
# "Vụ Pháp chế (Bộ Công Thương)" → "Cục ..., Bộ Tư pháp", "Vụ Pháp chế, Bộ Công Thương"
_CHILD = r"(?:Cục|Vụ|Viện|Văn phòng|Trung tâm|Thanh tra|Tổng cục|Chi cục|Học viện|Báo|Tạp chí)(?!\w)"
_PARENT = (r"(?:Bộ|Văn phòng (?:Chính phủ|Quốc hội|Chủ tịch nước|Trung ương Đảng)|Tổng cục|Kiểm toán nhà nước|"
           r"Ngân hàng Nhà nước|Tòa án nhân dân tối cao|Viện kiểm sát nhân dân tối cao|Thanh tra Chính phủ)(?!\w)")
_PARENT_FIRST_RE = re.compile(rf"^(?P<parent>{_PARENT}[^()]*?)\s*\(\s*(?P<child>{_CHILD}[^()]*?)\s*\)?$")
_PARENT_LAST_RE = re.compile(rf"^(?P<child>{_CHILD}.*?)\s*(?:\(|\s-\s|/|,)\s*(?P<parent>{_PARENT}[^()]*?)\s*\)?$")


# UNITS.md rule 11: VNPT's provincial branch is "Viễn thông <province>" ("VNPT Hưng Yên")
_VNPT_BRANCH_RE = re.compile(r"^VNPT\s+(?=[A-ZĐ])")


def _parent_after(s: str) -> str:
    m = _PARENT_FIRST_RE.match(s) or _PARENT_LAST_RE.match(s)
    return f"{m.group('child')}, {m.group('parent')}" if m else s


# UNITS.md rule 6: a province written without its level word gets it:
# "Báo và PTTH Lâm Đồng" → "... tỉnh Lâm Đồng"; not enterprises or schools, whose
# name holds the place ("Viễn thông Lào Cai", "Trường Đại học Luật Hà Nội")
_PLACE_OWNER_RE = re.compile(
    r"(?i)^(?:công ty|tổng công ty|tập đoàn|viễn thông|vnpt|viettel|mobifone|điện lực|bưu điện|ngân hàng(?! nhà nước)|trường|"
    r"đại học|học viện|hợp tác xã|doanh nghiệp|chi nhánh|nhà máy|bệnh viện|tỉnh ủy|thành ủy)")
# a district health centre: "Trung tâm y tế Đồng Phú" → "Trung tâm y tế huyện Đồng Phú"
_DISTRICT_HEALTH_RE = re.compile(r"^[Tt]rung tâm [Yy] tế\s+(?=[A-ZĐ])")


def _level_word(s: str) -> str:
    d = _data()
    m = d["province_tail_re"].search(s)
    if m and not _PLACE_OWNER_RE.match(s):
        name = m.group("place")
        kind = "thành phố" if name in d["cities"] else "tỉnh"
        return f"{s[:m.start('place')]}{kind} {name}"
    if _DISTRICT_HEALTH_RE.match(s) and not m and not re.search(r"(?i)\b(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường)\b", s):
        h = _DISTRICT_HEALTH_RE.match(s)
        return f"{s[:h.end()]}huyện {s[h.end():]}"
    return s


@lru_cache(maxsize=8192)
def canonical(name: str) -> str:
    """The canonical name of one unit.

    >>> canonical("Uỷ ban nhân dân Phường")
    'Ủy ban nhân dân phường'
    >>> canonical("UBND phường")
    'Ủy ban nhân dân phường'
    >>> canonical("Thủ trưởng các đơn vị trực thuộc Sở")
    'Đơn vị trực thuộc Sở'
    >>> canonical("SỞ GIÁO DỤC VÀ ĐÀO TẠO")
    'Sở Giáo dục và Đào tạo'
    """
    s = clean(name)
    letters = [c for c in s if c.isalpha()]
    all_caps = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 6 and " " in s
    s = _dashes(expand(s))
    s = _AMP_RE.sub(" và ", s)  # NĐ 30 Phụ lục II: "&" is written out
    s = _TRAILING_TITLES_RE.sub("", s)
    s = _AUDITOR_GENERAL_RE.sub("Kiểm toán ", s)
    s = _drop_titles(s)
    s = _PLURAL_RE.sub("", s).strip(_EDGE_PUNCT)
    if _PRIME_MINISTER_RE.match(s):
        return "Thủ tướng Chính phủ"
    s = _parent_after(s)
    s = _VNPT_BRANCH_RE.sub("Viễn thông ", s)
    s = _level_word(s)
    return _case(s, all_caps) if s else s


# Spellings that name the same body (NĐ 30 and common usage): "Mặt trận Tổ
# quốc" is "Ủy ban Mặt trận Tổ quốc Việt Nam" at every level; "có liên quan" is
# "liên quan"; "cấp tỉnh", "của tỉnh", "thuộc tỉnh" are "tỉnh"; "Trung ương
# Đảng" is "Trung ương"; "khóa XIII" is not part of a name; "&" is "và".
_KEY_RULES = [
    (re.compile(r"&"), " và "),
    (re.compile(r"(?<!ủy ban trung ương )(?:ủy ban )?mặt trận tổ quốc(?: việt nam)?"), "ủy ban mặt trận tổ quốc việt nam"),
    (re.compile(r"(?<=ủy ban trung ương )mặt trận tổ quốc(?: việt nam)?"), "mặt trận tổ quốc việt nam"),
    (re.compile(r"\bcó liên quan\b"), "liên quan"),
    # rule 8: "cấp tỉnh" = "tỉnh", but "Ủy ban nhân dân cấp xã" ≠ "Ủy ban nhân dân xã" (rule 9)
    (re.compile(r"\b(?:cấp|của|thuộc|trực thuộc|(?:đóng )?trên địa bàn)\s+(?=(?:tỉnh|thành phố)\b)"), ""),
    (re.compile(r"\b(?:của|thuộc|trực thuộc|(?:đóng )?trên địa bàn)\s+(?=(?:xã|phường|huyện|quận)\b)"), ""),
    # rule 11: "Ban HĐND tỉnh" = "Ban của HĐND tỉnh"
    (re.compile(r"^ban hội đồng nhân dân\b"), "ban của hội đồng nhân dân"),
    # rule 11: the Youth Union at each level ("Tỉnh đoàn", "Đoàn TNCS Hồ Chí Minh tỉnh", "Đoàn Thanh niên")
    (re.compile(r"^tỉnh đoàn\b"), "đoàn thanh niên cộng sản hồ chí minh tỉnh"),
    (re.compile(r"^thành đoàn\b"), "đoàn thanh niên cộng sản hồ chí minh thành phố"),
    (re.compile(r"^đoàn thanh niên(?! cộng sản)"), "đoàn thanh niên cộng sản hồ chí minh"),
    # rule 11: the joint office in its official order ("VP HĐND&ĐĐBQH TP", "Văn phòng Đoàn ĐBQH-HĐND tỉnh")
    (re.compile(r"văn phòng hội đồng nhân dân và đoàn đại biểu quốc hội"), "văn phòng đoàn đại biểu quốc hội và hội đồng nhân dân"),
    (re.compile(r"đoàn đại biểu quốc hội\s*(?:-|,)\s*hội đồng nhân dân"), "đoàn đại biểu quốc hội và hội đồng nhân dân"),
    # rule 11: "Phát thanh - Truyền hình", "Phát thanh và Truyền hình", "PT-TH" are one field
    (re.compile(r"phát thanh\s*(?:,|-|và)?\s*truyền hình"), "phát thanh truyền hình"),
    (re.compile(r"\btrung ương đảng\b"), "trung ương"),
    (re.compile(r"\s+khóa\s+[ivxl]+\b"), ""),
]
# a list of administrative words in any order: "xã, phường, đặc khu"
_ADMIN_LIST_RE = re.compile(r"\b(?:xã|phường|đặc khu|thị trấn)(?:\s*(?:,|và)?\s*(?:xã|phường|đặc khu|thị trấn)\b)+")


@lru_cache(maxsize=8192)
def unit_key(name: str) -> str:
    """The string every spelling of one unit shares (lower case, no punctuation).

    >>> unit_key("UBND các phường, xã") == unit_key("Ủy ban nhân dân xã, phường")
    True
    >>> unit_key("UB MTTQ tỉnh") == unit_key("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    True
    """
    s = canonical(name).lower()
    for rx, rep in _KEY_RULES:
        s = rx.sub(rep, s)
    s = _ADMIN_LIST_RE.sub(lambda m: ", ".join(sorted(set(re.findall(r"xã|phường|đặc khu|thị trấn", m.group(0))))), s)
    s = re.sub(r"[^\w\s]", " ", s)
    return single_spaces(s).strip()


def _starts_with_head(part: str) -> str | None:
    """The head noun a list item starts with, or None."""
    low = _PLURAL_RE.sub("", part.lower()).strip()
    m = _data()["head_re"].match(low)
    return m.group(0) if m else None


def _is_bare(part: str) -> bool:
    """A bare kind of body, no name: "ban", "ngành", "đơn vị"."""
    low = _PLURAL_RE.sub("", expand(clean(part)).lower()).strip(_EDGE_PUNCT)
    return low in _data()["heads"] or low in ("ngành", "ban ngành", "đoàn thể", "cấp")


_LIST_COLON_RE = re.compile(r"^(?:[Cc]ác\s+)?(?P<head>[^:,]{2,30}?)\s*:\s*(?P<items>.+)$")
_SPLIT_RE = re.compile(r"\s*(?:,|;|\bvà\b|\bvới\b)\s*")
# one office of two bodies: "Văn phòng HĐND và UBND phường"
_JOINT_OFFICE_RE = re.compile(r"(?i)^văn phòng\s+(?:hđnd|hội đồng nhân dân)\s*$")


_SHIELD = {",": "\ue000", "và": "\ue001"}


def _field_pattern(f: str) -> str:
    """A compound field name as a regex that allows a missing dash or comma."""
    out = re.escape(f).replace(r"\ \-\ ", r"\s*-?\s*").replace(",", ",?")
    return r"(?i)" + out


# a list of place kinds inside one body's name: "UBND các xã, phường và đặc khu" (UNITS.md rule 9)
_KIND_LIST_RE = re.compile(
    r"(?<!\w)(?:xã|phường|đặc khu|thị trấn|tỉnh|thành phố)(?:\s*(?:,|và|/)\s*(?:xã|phường|đặc khu|thị trấn|tỉnh|thành phố)(?!\w))+")


def _protect(s: str) -> str:
    """Hide the commas and "và" of compound field names from the list split."""
    s = _KIND_LIST_RE.sub(lambda m: m.group(0).replace(",", _SHIELD[","]).replace(" và ", " " + _SHIELD["và"] + " "), s)
    for rx in _data()["compound_fields"]:
        s = rx.sub(lambda m: m.group(0).replace(",", _SHIELD[","]).replace(" và ", " " + _SHIELD["và"] + " "), s)
    return s


def _unprotect(s: str) -> str:
    return s.replace(_SHIELD[","], ",").replace(_SHIELD["và"], "và")


def split_units(name: str) -> list[str]:
    """The units a lead names, as written.

    >>> split_units("Các Bộ: Công an, Tài chính, Xây dựng")
    ['Bộ Công an', 'Bộ Tài chính', 'Bộ Xây dựng']
    >>> split_units("Phòng Kinh tế, Phòng Văn hóa - Xã hội")
    ['Phòng Kinh tế', 'Phòng Văn hóa - Xã hội']
    >>> split_units("Sở Văn hóa, Thể thao và Du lịch")
    ['Sở Văn hóa, Thể thao và Du lịch']
    >>> split_units("các sở, ban, ngành")
    ['các sở, ban, ngành']
    """
    return list(_split_units(name))


@lru_cache(maxsize=4096)
def _split_units(name: str) -> tuple[str, ...]:
    s = _protect(_MINISTERS_RE.sub("Bộ", clean(name)))
    m = _LIST_COLON_RE.match(_drop_titles(s))
    if m and _starts_with_head(expand(m.group("head"))):
        items = _colon_items(m.group("head").strip(), m.group("items"))
        if len(items) > 1:
            return tuple(_share_place([_unprotect(i) for i in items]))
    # segments between separators, each "named" (a head noun and a name),
    # "bare" (a kind of body alone: "cơ quan", "ngành") or "tail" (no head noun:
    # "Thể thao và Du lịch", "phường"); tails and generic lists stay together
    segs: list[tuple[str, str, str]] = []  # (separator before, text, kind)
    pos, sep_before = 0, ""
    for sep in _SPLIT_RE.finditer(s):
        segs.append((sep_before, s[pos:sep.start()], ""))
        sep_before, pos = sep.group(0), sep.end()
    segs.append((sep_before, s[pos:], ""))
    groups: list[list[tuple[str, str, str]]] = []
    for sep_before, seg, _ in segs:
        if not seg.strip(_EDGE_PUNCT):
            if groups:
                groups[-1].append((sep_before, seg, "tail"))
            continue
        kind = _segment_kind(seg)
        if not groups:
            groups.append([(sep_before, seg, kind)])
            continue
        generic = all(k in ("bare", "generic") for _, _, k in groups[-1])
        if ";" in sep_before or _TITLE_START_RE.match(seg.lower()):
            # a ";" or a new leader's title starts a new unit: "Giám đốc các sở, Thủ trưởng
            # các ban, ngành cấp tỉnh" is the Sở and the ban, ngành
            groups.append([(sep_before, seg, kind)])
        elif kind == "tail" and (tail := _tail_unit(groups[-1][0][1], seg)):
            groups.append([(sep_before, tail, "named")])
        elif kind == "tail":
            groups[-1].append((sep_before, seg, kind))
        elif kind == "generic" and _same_generic_head(groups[-1], seg):
            # "Các cơ quan chuyên môn, cơ quan hành chính khác thuộc UBND TP": two kinds of cơ quan
            groups.append([(sep_before, seg, kind)])
        elif kind in ("bare", "generic") and generic:
            groups[-1].append((sep_before, seg, kind))  # "cơ quan, đơn vị có liên quan"
        elif _JOINT_OFFICE_RE.match(expand(groups[-1][-1][1])):
            groups[-1].append((sep_before, seg, kind))
        else:
            groups.append([(sep_before, seg, kind)])
    parts = [g[0][1] + "".join(sb + seg for sb, seg, _ in g[1:]) for g in groups]
    parts = [_unprotect(_drop_titles(p.strip(_EDGE_PUNCT))) for p in parts if p.strip(_EDGE_PUNCT)]
    return tuple(_share_place(_share_qualifier(parts)))


@lru_cache(maxsize=4096)
def _generic_head(seg: str) -> str | None:
    low = _PLURAL_RE.sub("", expand(clean(seg)).lower()).strip(_EDGE_PUNCT)
    m = _data()["head_re"].match(low)
    return m.group(0) if m and m.group(0) in _data()["generic"] and low != m.group(0) else None


def _same_generic_head(group: list[tuple[str, str, str]], seg: str) -> bool:
    """The group is one named kind of a generic body ("cơ quan chuyên môn") and the
    segment another of the same noun ("cơ quan hành chính khác")."""
    return len(group) == 1 and _generic_head(group[0][1]) is not None and _generic_head(group[0][1]) == _generic_head(seg)


# a qualifier written once after the last of several kinds: "thuộc Ủy ban nhân dân Thành phố"
_QUALIFIER_TAIL_RE = re.compile(r"\s(?:trực thuộc|thuộc|của)\s.+$")


def _share_qualifier(parts: list[str]) -> list[str]:
    """"cơ quan chuyên môn, cơ quan hành chính khác thuộc UBND TP": the qualifier
    belongs to each kind of the same noun before it (UNITS.md rule 10)."""
    if len(parts) < 2:
        return parts
    m = _QUALIFIER_TAIL_RE.search(parts[-1])
    head = _generic_head(parts[-1])
    if not m or head is None or not all(_generic_head(p) == head and not _QUALIFIER_TAIL_RE.search(p) for p in parts[:-1]):
        return parts
    return [p + m.group(0) for p in parts[:-1]] + [parts[-1]]


# a list item that opens with a leader's title ("Thủ trưởng các ban", "Chủ tịch UBND các xã")
_TITLE_START_RE = re.compile(
    r"^\s*(?:các\s+)?(?:thủ trưởng|giám đốc|chủ tịch|lãnh đạo|bí thư|trưởng ban|tổng giám đốc|người đứng đầu)\s")
# an acronym or a number after a named unit names another of the same kind:
# "Tập đoàn FPT, CMC", "Tổ dân phố 2 và 3"
_ACRONYM_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9]{1,9}$")
_NUMBER_RE = re.compile(r"^(?:\d+[A-Za-z]?|[IVXL]+)$")


def _tail_unit(first: str, seg: str) -> str | None:
    seg = seg.strip(_EDGE_PUNCT)
    low = _PLURAL_RE.sub("", expand(clean(first)).lower())
    head = _data()["head_re"].match(low)
    if not head:
        return None
    rest = first.strip(_EDGE_PUNCT)
    words = rest.split()
    if _NUMBER_RE.match(seg) and words and _NUMBER_RE.match(words[-1]):
        return " ".join(words[:-1] + [seg])
    if _ACRONYM_RE.match(seg) and words and _ACRONYM_RE.match(words[-1]) and len(words) == len(head.group(0).split()) + 1:
        return " ".join(words[:-1] + [seg])
    return None


# heads whose list items are fields ("Các Bộ: Công an, Tài chính"); a "Văn phòng:" or
# "Thường trực:" list names bodies ("Văn phòng: Tỉnh ủy, Đoàn ĐBQH&HĐND, UBND tỉnh")
_FIELD_HEAD_RE = re.compile(r"(?i)^(?:bộ|sở|phòng|cục|vụ)$")
# bodies that never are a field of a Bộ or Sở list
_LOCAL_BODY_RE = re.compile(r"(?:các\s+)?(?:ủy ban nhân dân|hội đồng nhân dân|ủy ban mặt trận|đảng ủy|tỉnh ủy|thành ủy)(?!\w)")


def _colon_items(head: str, items: str) -> list[str]:
    """"Các Bộ: Công an, Tài chính" → "Bộ Công an", ...; "Các Sở: Sở Y tế, ..." as written;
    "Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở Công Thương" (a generic head) as written;
    "Các Sở: Dân tộc và Tôn giáo, Nội vụ và các sở, ban, ngành": a plural item ends the list."""
    d = _data()
    head = _PLURAL_RE.sub("", head).strip()
    head = expand(head)
    head = head[:1].upper() + head[1:]
    generic = (_starts_with_head(head) or "") in d["generic"]
    out: list[str] = []
    pieces = [i for i in _SPLIT_RE.split(items) if i.strip(_EDGE_PUNCT)]
    after_semicolon = [False] + [";" in m.group(0) for m in _SPLIT_RE.finditer(items)]
    for n, raw in enumerate(pieces):
        i = raw.strip(_EDGE_PUNCT)
        if re.match(r"(?i)các\s", i) and out:
            out.append(", ".join(p.strip(_EDGE_PUNCT) for p in pieces[n:]))  # "các sở, ban, ngành"
            break
        if out and n < len(after_semicolon) and after_semicolon[n] and _starts_with_head(expand(i)) and \
                not _starts_with_head(head):
            out.append(i)
            continue
        if out and _FIELD_HEAD_RE.match(head) and _LOCAL_BODY_RE.match(expand(i).lower()):
            out.append(i)  # "Các Sở: Tài chính, Xây dựng; UBND các xã": the list has ended
            continue
        brand = d["brands"].get(i.lower())
        if brand:
            out.append(brand)
        elif generic or i.lower().startswith(head.lower()):
            out.append(i)
        else:
            field = d["field_map"].get(i.lower()) if d["fields_item_re"].match(i) else None
            out.append(f"{head} {field or i}")
    return out


# a place written last: "tỉnh", "TP", "phường Lê Chân" (not the "xã" of "xã hội")
# or a list of kinds: "các xã, phường và đặc khu", "các tỉnh, thành phố trực thuộc trung ương"
_PLACE_KIND = r"(?:[Tt]ỉnh|[Tt]hành phố|TP\.?|Tp\.?|[Qq]uận|[Hh]uyện|[Tt]hị xã|(?<![Tt]ác )[Xx]ã(?! hội)|[Pp]hường|[Tt]hị trấn|[Đđ]ặc khu)"
_PLACE_TAIL_RE = re.compile(
    rf"\s(?:(?:các\s+)?{_PLACE_KIND}(?:\s*(?:,|và)\s*{_PLACE_KIND})*(?:\s+trực thuộc\s+(?:[Tt]rung ương|TƯ|TW))?"
    r"(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]\w*)*)$")


def _share_place(parts: list[str]) -> list[str]:
    """"Tỉnh ủy, HĐND, UBND tỉnh": the place written once after the last unit
    belongs to each unit before it that names no place."""
    if len(parts) < 2:
        return parts
    m = _PLACE_TAIL_RE.search(parts[-1])
    if not m or m.start() == 0:
        return parts
    tail = m.group(0)
    proper = re.match(r"\s(?:tỉnh|thành phố|TP)\s+([A-ZĐ].*)$", tail)
    out = []
    for p in parts[:-1]:
        low = expand(p).lower()
        if proper and low in ("tỉnh ủy", "thành ủy"):
            out.append(f"{p} {proper.group(1)}")  # "Tỉnh ủy, HĐND, UBND tỉnh Sơn La" → "Tỉnh ủy Sơn La"
            continue
        has_place = bool(re.search(r"\b(?:tỉnh|thành phố|quận|huyện|thị xã|xã(?! hội)|phường|thị trấn|đặc khu|trung ương)\b|"
                                   r"(?:tỉnh|thành|huyện|quận|thị) ủy", low))
        named = _segment_kind(p) == "named"
        out.append(p + tail if named and not has_place and _takes_place(low) else p)
    return [*out, parts[-1]]


def _takes_place(low: str) -> bool:
    """Bodies that exist at each level of local government (and so are named
    with their place): people's councils and committees, the front, the mass
    organisations, police and military commands, courts, procuracies."""
    return bool(re.match(
        r"(?:thường trực |ban thường trực )?(?:hội đồng nhân dân|ủy ban nhân dân|ủy ban mặt trận|mặt trận|báo$|đài |đảng ủy$|"
        r"văn phòng đoàn đại biểu|"
        r"đoàn thanh niên|hội |liên đoàn lao động|liên minh hợp tác xã|công an|ban chỉ huy quân sự|"
        r"bộ chỉ huy quân sự|tòa án|viện kiểm sát|thi hành án|văn phòng (?:hội đồng|ủy ban))", low))


@lru_cache(maxsize=4096)
def _segment_kind(seg: str) -> str:
    """named | generic | bare | tail: see :func:`split_units`."""
    low = _PLURAL_RE.sub("", _drop_titles(_dashes(expand(clean(seg)))).lower()).strip(_EDGE_PUNCT)
    bare = _data()["bare"]
    if low in bare:
        return "bare"
    head = _data()["head_re"].match(low)
    if not head:
        return "tail"
    if head.group(0) in _data()["generic"]:
        return "generic"  # "đơn vị có liên quan", "cơ quan báo chí trên địa bàn"
    return "named"


def rule_category(canonical_name: str) -> str | None:
    """The category the naming rules give, or None."""
    low = canonical_name.lower()
    for name, rx in _data()["categories"]:
        if rx.search(low):
            return name
    return None


def level_of(canonical_name: str) -> str | None:
    """The administrative level the name states, or None."""
    low = canonical_name.lower()
    for name, rx in _data()["levels"]:
        if rx.search(low):
            return None if name == "none" else name
    return None


_DESCRIBED: dict[tuple[str, int], UnitInfo] = {}


def describe(name: str, model=None) -> UnitInfo:
    """Canonical name, category and level of one unit (not a list: see
    :func:`split_units`).  ``model`` is a :class:`vnnq.classify.linear.LinearModel`
    used when no rule knows the name."""
    key = (name, id(model))
    info = _DESCRIBED.get(key)
    if info is None:
        if len(_DESCRIBED) > 8192:
            _DESCRIBED.clear()
        info = _DESCRIBED[key] = _describe(name, model)
    return info


def _describe(name: str, model) -> UnitInfo:
    canon = canonical(name)
    category = rule_category(canon)
    if category is not None:
        return UnitInfo(name, canon, category, level_of(canon), 1.0, "rule")
    if model is not None:
        label, p = model.predict_one(canon)
        return UnitInfo(name, canon, label, level_of(canon), round(p, 3), "model")
    return UnitInfo(name, canon, "other", level_of(canon), 0.0, "none")
