"""Header and closing components of a directive.

State documents follow NĐ 30/2020/NĐ-CP Phụ lục I: ô 1 quốc hiệu, ô 2 issuer
(superior body above, issuer below), ô 3 "Số: 12/KH-UBND", ô 4 place and date,
ô 5a type name + trích yếu (or ô 5b "V/v ..." for a công văn), ô 7 signer, ô 9a
"Kính gửi", ô 9b "Nơi nhận", ô 10 confidentiality/urgency.  Party documents
follow HD 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM" at the top right, "Số 45-CV/ĐU",
signing prefixes T/M, K/T, T/L.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vnnq.data import load_yaml
from vnnq.extract.dates import find_dates
from vnnq.extract.references import type_from_code
from vnnq.ingest.normalize import Text
from vnnq.model import DocumentInfo, Item, Signer, Span

_QUOC_HIEU_RE = re.compile(r"^CỘNG H[OÒ]A XÃ H[OỘ]I CHỦ NGHĨA VIỆT NAM", re.I)
_TIEU_NGU_RE = re.compile(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.I)
_PARTY_RE = re.compile(r"^ĐẢNG CỘNG SẢN VIỆT NAM\s*$")
# ô 3: "Số: 12/KH-UBND", "Số 45-CV/ĐU", "Số: /KH-UBND", "Số -CV/ĐU", "Số: 81/2025/QĐ-UBND"
_NUMBER_RE = re.compile(
    r"^Số\s*:?\s*(?P<num>\d{1,6}[a-z]?)?\s*(?P<sep>[-/])?\s*(?P<notation>[A-ZĐ0-9][\w./&\-]*(?:\s?-\s?[\w.&]+)*)?\s*$"
)
# ô 4: "Hà Nội, ngày 03 tháng 12 năm 2025", "An Hải, ngày tháng 7 năm 2026"
_PLACE_DATE_RE = re.compile(
    r"^(?P<place>[^,\n\d]{2,40}?)\s*,\s*(?P<date>ngày\b.*?(?:năm\s*\d{4}|\d{4}))"
)
_VV_RE = re.compile(r"^(?:V/v|V/V|Về việc)\s*:?\s*(?P<subject>.+)$")
_KINH_GUI_RE = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.I)
# Công điện: "THỦ TƯỚNG CHÍNH PHỦ điện:" then the addressees as bullets
_DIEN_RE = re.compile(r"^[A-ZĐ][^\n]{2,80}\s+điện\s*:\s*(?P<rest>)$")
_NOI_NHAN_RE = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.I)
_BULLET_RE = re.compile(r"^\s*[-+•–—]\s*")
_ARCHIVE_RE = re.compile(r"^Lưu\b\s*:?", re.I)
_PURPOSE_RE = re.compile(
    r"\s*\((?P<p>(?:để\s+)?(?:b/c|báo cáo|t/h|thực hiện|biết|p/h|phối hợp|chỉ đạo|theo dõi|"
    r"đăng tải|đăng|c/đ|t/d|tổng hợp|kiểm tra|giám sát|xem xét|thông báo|hướng dẫn|chỉ đạo thực hiện)"
    r"[^()]{0,40}|\d{0,3}[A-Za-z]?(?:\s*,\s*\d{0,3}[A-Za-z]?)*"
    # any note in lower case ("(đưa tin)", "(qua hệ thống)") or a number of copies
    # ("(01 bản giấy, 01 bản điện tử)"); a note in capitals is a sub-unit's name, kept
    r"|(?-i:[a-zđ])[^()]{0,80}|\d{1,3}\s+bản\b[^()]{0,80})\)\s*$",
    re.I,
)
# ô 7a: signing authority (NĐ 30 Điều 13; HD 36 §1.7)
_AUTHORITY_RE = re.compile(r"^(?P<prefix>TM\.|KT\.|TL\.|TUQ\.|Q\.|T/M|K/T|T/L)\s*(?P<rest>.+)$")
_BODY_START_RE = re.compile(
    r"^(?:Kính\s+gửi|Căn\s+cứ|Thực\s+hiện|Tại\s+phiên|Theo\s+đề\s+nghị|Điều\s+1\b|I\.\s|1\.\s|"
    r"Thủ\s+tướng\s+Chính\s+phủ\s+điện|Ngày\s+\d)"
)
_ADMIN_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "TP.")
# Words that stay capitalized inside a unit name in normal case.
_PROPER = {
    "chính phủ": "Chính phủ", "quốc hội": "Quốc hội", "trung ương": "Trung ương", "đảng": "Đảng",
    "việt nam": "Việt Nam", "nhà nước": "Nhà nước", "mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "hồ chí minh": "Hồ Chí Minh", "thủ tướng": "Thủ tướng", "đảng cộng sản": "Đảng Cộng sản",
}
_ABBREVS = re.compile(r"\b(UBND|HĐND|MTTQ|UBMTTQ|BCH|BTV|CHQ|VPCP|TW|TU|HU|ĐU|GDĐT|KH&CN|NN&MT|TP|HCM|CQ|CP|VP|VH-XH|KT-XH)\b")


def _types() -> list[dict]:
    return load_yaml("doctypes.yaml")["types"]


@cache
def _names_longest_first() -> tuple[tuple[str, str], ...]:
    """Each type name with its capitals, longest name first (the order every
    look-up tries them in), sorted once rather than at every line."""
    return tuple((t["name"], t["name"].upper()) for t in sorted(_types(), key=lambda t: len(t["name"]), reverse=True))


@cache
def _names_by_lower() -> dict[str, str]:
    """Type name by its lower case (the longest first, should two agree)."""
    out: dict[str, str] = {}
    for name, _ in _names_longest_first():
        out.setdefault(name.lower(), name)
    return out


# _PROPER as compiled patterns, in its order
_PROPER_RES = [(re.compile(rf"(?i)\b{k}\b"), v) for k, v in _PROPER.items()]


def _caps_words(s: str) -> tuple[str, list[str] | None, set[str]]:
    """``s`` with single spaces, its words if it is all in capitals (else None),
    and the abbreviations in it that stay as written."""
    s = re.sub(r"\s+", " ", s).strip()
    letters = [c for c in s if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return s, None, set()
    return s, s.split(" "), {m.group(0) for m in _ABBREVS.finditer(s)}


def normal_case(s: str) -> str:
    """Caps header text → normal case ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH" →
    "Ủy ban nhân dân tỉnh Bắc Ninh"); text already in mixed case is kept."""
    s, words, keep = _caps_words(s)
    if words is None:
        return s
    out: list[str] = []
    title_next = True
    proper_run = False
    for w in words:
        if w in keep:
            out.append(w)
            title_next = False
            continue
        low = w.lower()
        if title_next or proper_run:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        title_next = False
        if low in ("tỉnh", "phố", "huyện", "quận", "xã", "phường", "trấn", "khu", "bộ", "sở", "cục", "tp."):
            proper_run = True
    text = " ".join(out)
    # a head's title is not a body's name: "BỘ TRƯỞNG" → "Bộ trưởng"
    text = re.sub(r"\b(Bộ|Cục|Vụ|Viện|Hiệu|Thứ) Trưởng\b", r"\1 trưởng", text)
    # titles: "PHÓ CHỦ TỊCH" → "Phó Chủ tịch", "PHÓ GIÁM ĐỐC" → "Phó Giám đốc"
    text = re.sub(r"^Phó (\w)", lambda m: "Phó " + m.group(1).upper(), text)
    for rx, v in _PROPER_RES:
        text = rx.sub(v, text)
    return text


# NĐ 30/2020 Phụ lục II (viết hoa tên cơ quan, tổ chức): the word of the kind of
# body is capitalized, and so is the first word of each part of its field
# ("Sở Giáo dục và Đào tạo", "Ban Thường vụ Thành ủy", "Phòng Văn hóa - Xã hội");
# "Ủy ban nhân dân", "Hội đồng nhân dân" are names of a kind, written so.
_BODY_KINDS = ("văn phòng", "ủy ban", "hội đồng", "ban", "bộ", "sở", "cục", "tổng cục", "chi cục", "vụ", "phòng",
               "trung tâm", "viện", "học viện", "trường", "hội", "đoàn", "liên đoàn", "chi bộ", "đảng bộ",
               "bộ chỉ huy", "công an")
_PEOPLES = ("ủy ban nhân dân", "hội đồng nhân dân", "tòa án nhân dân", "viện kiểm sát nhân dân")
# Party committees named after their level: capitalized, then the place ("Thành ủy Hải Phòng")
_COMMITTEES = ("thành ủy", "tỉnh ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "khu ủy", "đảng đoàn", "ban cán sự")
_PLACES = ("tỉnh", "thành phố", "huyện", "quận", "xã", "phường", "thị xã", "thị trấn", "đặc khu", "tp.")
_FIELD_JOINS = ("và", "-", "–")


def unit_case(s: str) -> str:
    """Caps name of a body → its written form (NĐ 30/2020 Phụ lục II):
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO" → "Sở Giáo dục và Đào tạo", "BAN THƯỜNG VỤ THÀNH ỦY"
    → "Ban Thường vụ Thành ủy", "ỦY BAN NHÂN DÂN TỈNH BẮC NINH" → "Ủy ban nhân dân
    tỉnh Bắc Ninh"; text already in mixed case is kept."""
    s, words, keep = _caps_words(s)
    if words is None:
        return s
    low = [w.lower() for w in words]
    out: list[str] = []
    i = 0
    # what the next word is: "kind" (a body may start), "field" (first word of a
    # part of the field: capitalized), "rest" (inside a part), "place" (a name)
    state = "kind"

    def cap(w: str) -> str:
        return w[:1].upper() + w[1:]

    def starts(phrases: tuple[str, ...]) -> int:
        for ph in _longest_first(phrases):
            n = ph.count(" ") + 1
            if " ".join(low[i:i + n]).rstrip(",") == ph:
                return n
        return 0

    while i < len(words):
        w = low[i]
        if state == "field0" and starts(_PLACES):
            state = "rest"  # "Công an phường", "Đảng bộ tỉnh Đồng Tháp": the place, not a field
        if words[i] in keep:
            out.append(words[i])
            i += 1
            state = "rest" if state == "field" else state
            continue
        if state not in ("field", "field0", "place"):
            n = starts(_PEOPLES)
            if n:
                out += [cap(w) if not out else w] + low[i + 1:i + n]
                i, state = i + n, "kind"
                continue
            n = starts(_COMMITTEES)
            if n:
                out += [cap(w)] + low[i + 1:i + n]
                i, state = i + n, "name"
                continue
            n = starts(_PLACES)
            if n:
                out += [cap(w) if not out else w] + low[i + 1:i + n]
                i, state = i + n, "place"
                continue
            if state == "kind":
                n = starts(_BODY_KINDS)
                if n and i + n < len(low) and low[i + n].rstrip(",") == "trưởng":
                    # a head's title, not a body: "Bộ trưởng", "Cục trưởng", "Hiệu trưởng"
                    out += [cap(w) if not out else w] + low[i + 1:i + n + 1]
                    i, state = i + n + 1, "rest"
                    if out[-1].endswith(","):
                        state = "field"  # "Bộ trưởng, Chủ nhiệm"
                    continue
                if n and out and out[-1].lower() in ("trưởng", "phó"):
                    out += low[i:i + n]  # "Trưởng ban Giám sát ...", "Phó trưởng phòng"
                    i, state = i + n, "field0"
                    continue
                if n:
                    out += [cap(w)] + low[i + 1:i + n]
                    i, state = i + n, "field0"
                    continue
        if state in ("field", "field0", "place", "name") or not out:
            out.append(cap(w))
        else:
            out.append(w)
        if w in _FIELD_JOINS or (w.endswith(",") and w != "phòng,"):  # "phòng, chống" is one field
            state = "field" if state in ("field", "field0", "rest") else state
        elif state in ("field", "field0"):
            state = "rest"
        elif state == "name":
            state = "place"
        i += 1
    text = " ".join(out)
    for rx, v in _PROPER_RES:
        text = rx.sub(v, text)
    return text


@cache
def _longest_first(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """``phrases`` longest first (a stable sort: equal lengths keep their order),
    sorted once per phrase list instead of at every word."""
    return tuple(sorted(phrases, key=len, reverse=True))


def _canonical_type(word: str) -> str | None:
    w = re.sub(r"\s+", " ", word).strip().lower()
    return _names_by_lower().get(w)


def _type_line(line: str) -> tuple[str, str] | None:
    """A caps type-name line ("KẾ HOẠCH", "KẾT LUẬN CỦA BỘ CHÍNH TRỊ ..."):
    (type, rest of the line)."""
    letters = [c for c in line if c.isalpha()]
    if not letters:
        return None
    head = line.split(":")[0].strip()
    head_caps = head.upper() if head.isupper() else None
    for title, name in _names_longest_first():
        if head_caps == name:
            return title, ""
        if line.startswith(name + " ") and line[: len(name)].isupper():
            rest = line[len(name):].strip()
            if rest and rest.isupper():
                return title, rest
    return None


@dataclass
class _Lines:
    text: Text

    def __post_init__(self) -> None:
        doc = self.text
        self.items = [(ln.start, ln.end, t) for ln, t in zip(doc.lines, doc.line_texts())]

    def span(self, i: int, a: int = 0, b: int | None = None) -> Span:
        s, e, t = self.items[i]
        end = s + (len(t) if b is None else b)
        return Span(s + a, end, self.text.page_at(s))


def _header_end(lines: _Lines) -> int:
    for i, (_, _, t) in enumerate(lines.items[:60]):
        if _BODY_START_RE.match(t) and i > 0:
            return i
    return min(len(lines.items), 25)


def extract_header(doc: Text) -> DocumentInfo:
    """Header fields, recipients, cc and signer of one document."""
    L = _Lines(doc)
    n_head = _header_end(L)
    spans: dict[str, Span] = {}
    fields: dict[str, object] = {}
    system = None
    issuer_lines: list[int] = []
    number_i = date_i = type_i = None
    subject_parts: list[int] = []
    stray_i: int | None = None
    urg = conf = None
    urg_words = load_yaml("doctypes.yaml")["urgency"]
    conf_words = load_yaml("doctypes.yaml")["confidentiality"]

    vv_last: int | None = None  # the last line of a "V/v" trích yếu
    for i in range(n_head):
        _, _, t = L.items[i]
        if (vv_last == i - 1 and t.isupper() and str(fields.get("subject", "")).isupper()
                and not (_QUOC_HIEU_RE.match(t) or _TIEU_NGU_RE.match(t) or _PARTY_RE.match(t)
                         or _NUMBER_RE.match(t) or _PLACE_DATE_RE.match(t) or _type_line(t) or _is_issuer_name(t))):
            # "V/V TẬP TRUNG ỨNG" / "PHÓ VÀ KHẮC PHỤC HẬU QUẢ MƯA LŨ ...": a trích yếu in capitals
            # broken over lines (ô 5b), which the reflow keeps apart as capitals
            fields["subject"] = f"{fields['subject']} {t.strip()}"
            spans["subject"] = Span(spans["subject"].start, L.items[i][1], spans["subject"].page)
            vv_last = i
            continue
        if _QUOC_HIEU_RE.match(t) or _TIEU_NGU_RE.match(t):
            system = system or "state"
            continue
        if _PARTY_RE.match(t):
            system = "party"
            continue
        if t.strip().upper() in urg_words and t.strip().isupper():
            urg = t.strip()
            spans["urgency"] = L.span(i)
            continue
        if t.strip().upper() in conf_words and t.strip().isupper():
            conf = t.strip()
            spans["confidentiality"] = L.span(i)
            continue
        if number_i is None and _NUMBER_RE.match(t):
            number_i = i
            continue
        if date_i is None and _PLACE_DATE_RE.match(t):
            date_i = i
            continue
        m = _VV_RE.match(t)
        if m and "subject" not in fields:
            fields["subject"] = m.group("subject").strip()
            spans["subject"] = L.span(i, m.start("subject"))
            fields.setdefault("type", "Công văn")
            vv_last = i
            continue
        tl = _type_line(t)
        if tl and type_i is None:
            type_i = i
            fields["type"] = tl[0]
            spans["type"] = L.span(i, 0, len(tl[0]))
            if tl[1]:
                subject_parts.append(i)
            continue
        if type_i is not None and "subject" not in fields:
            nxt = L.items[i + 1][2] if i + 1 < len(L.items) else ""
            if t.isupper() and _is_issuer_name(t) and subject_parts and (
                    i + 1 >= n_head or _BODY_START_RE.match(nxt) or _type_line(nxt)):
                break  # the caps authority line before "Căn cứ" in a Quyết định
            # the trích yếu: the first line under the type name, and the caps
            # lines that continue it
            if not subject_parts or (t.isupper() and len(subject_parts) < 8):
                subject_parts.append(i)
                continue
            break
        if type_i is None and number_i is None and date_i is None and t.isupper() and len(t) < 90:
            issuer_lines.append(i)
        elif type_i is None and number_i is None and t.isupper() and len(t) < 90 and not issuer_lines:
            issuer_lines.append(i)
        elif not t.isupper() and len(t) < 250 and stray_i is None:
            stray_i = i  # a line of the header that is none of its components

    # ô 3: number and notation
    if number_i is not None:
        _, _, t = L.items[number_i]
        m = _NUMBER_RE.match(t)
        num = m.group("num")
        notation = m.group("notation")
        notation = re.sub(r"\s+", "", notation) if notation else None
        fields["number"] = num
        fields["notation"] = notation
        if num and notation:
            fields["code"] = f"{num}{m.group('sep') or '/'}{notation}"
        elif notation:
            fields["code"] = f"{m.group('sep') or ''}{notation}"
        spans["number"] = L.span(number_i)
        if system is None and notation:
            system = "party" if m.group("sep") == "-" else "state"
    # ô 4: place and date
    if date_i is not None:
        _, _, t = L.items[date_i]
        m = _PLACE_DATE_RE.match(t)
        fields["place"] = m.group("place").strip()
        spans["place"] = L.span(date_i, m.start("place"), m.end("place"))
        hits = find_dates(t[m.start("date"):])
        if hits:
            fields["date"] = hits[0][2]
            # "ngày 05 tháng 3 năm 2026" itself, not the rest of a line the date was joined to
            a = m.start("date")
            spans["date"] = L.span(date_i, a, a + hits[0][1])
    if number_i is None and "code" not in fields:
        own = _annex_self(doc, L)
        if own:
            m, s0 = own
            num, notation = m.group("num"), m.group("notation")
            fields["number"], fields["notation"] = num, notation
            fields["code"] = f"{num or ''}{m.group('sep') if num else ''}{notation}"
            spans["number"] = Span(s0 + m.start("sep") - (len(num) if num else 0), s0 + m.end("notation"),
                                   doc.page_at(s0))
            system = system or ("party" if m.group("sep") == "-" and num else "state" if num else None)
            typ = _canonical_type(m.group("type"))
            if typ == "Văn bản":
                typ = "Công văn"  # "(Kèm theo Văn bản số .../BKHCN-...)": the annex of a công văn
            if typ:
                fields["type"] = typ
            if m.group("date") and "date" not in fields:
                hits = find_dates("ngày " + m.group("date"))
                if hits:
                    fields["date"] = hits[0][2]
                    spans["date"] = Span(s0 + m.start("date"), s0 + m.end("date"), doc.page_at(s0))
            if m.group("issuer") and not issuer_lines:
                fields["issuer"] = " ".join(m.group("issuer").split()).rstrip(" .;,")
                spans["issuer"] = Span(s0 + m.start("issuer"), s0 + m.end("issuer"), doc.page_at(s0))
    # ô 2: issuer
    if issuer_lines:
        raw = []
        for i in issuer_lines:
            t = L.items[i][2]
            # a one-word line continues the line above ("BỘ TÀI" / "CHÍNH"), and so
            # does a line after one ending in "VÀ" ("BỘ NÔNG NGHIỆP VÀ" / "MÔI TRƯỜNG")
            if raw and (len(t.split()) == 1 or raw[-1].rstrip().upper().endswith((" VÀ", ","))) \
                    and not t.upper().startswith(_ADMIN_WORDS):
                raw[-1] += " " + t
            else:
                raw.append(t)
        names = [unit_case(r) for r in raw]
        if len(raw) >= 2 and raw[-1].upper().startswith(_ADMIN_WORDS):
            issuer = names[-2] + " " + names[-1][:1].lower() + names[-1][1:]
            parent = " ".join(names[:-2]) or None
            first = issuer_lines[min(len(issuer_lines) - 1, len(issuer_lines) - 2)]
        else:
            issuer = names[-1]
            parent = " ".join(names[:-1]) or None
            first = issuer_lines[-1]
        fields["issuer"] = issuer
        fields["parent"] = parent
        s0 = L.items[first][0]
        spans["issuer"] = Span(s0, L.items[issuer_lines[-1]][1], doc.page_at(s0))
    # ô 5a: subject after the type line
    if subject_parts and "subject" not in fields:
        parts = []
        for i in subject_parts:
            t = L.items[i][2]
            if i == type_i:
                t = _type_line(t)[1]
            parts.append(t)
        subj = " ".join(p for p in parts if p).strip()
        if subj:
            fields["subject"] = normal_case(subj) if subj.isupper() else subj
            s0 = L.items[subject_parts[0]][0]
            spans["subject"] = Span(s0, L.items[subject_parts[-1]][1], doc.page_at(s0))
    if "issuer" not in fields:
        found = _issuer_from_body(doc, L, n_head, closing_first=fields.get("type") == "Thông báo")
        if found:
            fields["issuer"], spans["issuer"] = found
    if "type" not in fields:
        code = fields.get("code")
        guess = type_from_code(str(code)) if code and fields.get("number") else None
        if guess is None and fields.get("notation"):
            notation = str(fields["notation"])
            guess = type_from_code("1-" + notation if system == "party" else "1/" + notation)
        if guess is None and system == "state" and number_i is not None:
            guess = "Công văn"  # NĐ 30/2020: a công văn's ký hiệu has no type code
        if guess is None:
            addressed = any(_KINH_GUI_RE.match(L.items[i][2]) for i in range(min(len(L.items), 15)))
            guess = _type_from_body(doc.text, addressed)
        fields["type"] = guess
    if "subject" not in fields and stray_i is not None and type_i is None and number_i is None:
        # A copy whose header was cut off: what is left of the title line is
        # the best trích yếu there is (seeds 002, 003).
        s0, e0, t0 = L.items[stray_i]
        if not _BODY_START_RE.match(t0) and not _KINH_GUI_RE.match(t0):
            fields["subject"] = t0
            spans["subject"] = Span(s0, e0, doc.page_at(s0))

    recipients = extract_recipients(doc, L)
    cc, archive = extract_cc(doc, L)
    signer = extract_signer(doc, L)
    return DocumentInfo(
        type=fields.get("type"),
        number=fields.get("number"),
        notation=fields.get("notation"),
        code=fields.get("code"),
        issuer=fields.get("issuer"),
        parent=fields.get("parent"),
        system=system,
        place=fields.get("place"),
        date=fields.get("date"),
        subject=fields.get("subject"),
        recipients=[" ".join(r.text.split()) for r in recipients],
        cc=[c.text for c in cc],
        signer=signer,
        urgency=urg,
        confidentiality=conf,
        spans=spans,
        recipients_detail=recipients,
        cc_detail=cc,
        archive=archive,
    )


# A copy without its header (a web page that pasted the body) still names itself
# where its annex begins, NĐ 30/2020 Phụ lục III: "(Kèm theo Công văn số
# 6225/BVHTTDL-VP ngày 18/11/2025 của Bộ Văn hóa, Thể thao và Du lịch)",
# "(Ban hành kèm theo Quyết định số 1147-QĐ/BTGDVTW ...)", "(Kèm theo văn bản số
# /BKHCN-CĐSQG ngày /11/2025 ...)".  Only a line that opens with the parenthesis:
# "gửi kèm theo Công văn số ..." inside a sentence cites another document.
_ANNEX_SELF_RE = re.compile(
    r"^[*_\s]{0,3}\(\s*[*_]{0,2}(?:Ban hành\s+)?[Kk]èm theo\s+(?P<type>[^\W\d][\w ]{1,30}?)\s+số\s*:?\s*"
    r"(?P<num>\d{1,6})?\s*(?P<sep>[-/])\s*(?P<notation>[A-ZĐ][\w.&\-]*(?:/[\w.&\-]+)*)"
    r"(?:\s*,?\s*ngày\s+(?P<date>[\d/ .\-]{4,12}\d|[^)]{0,8}tháng[^)]{0,20}?năm\s+\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^)\n]{3,120}?))?\s*[*_]{0,2}\)")


def _annex_self(doc: Text, L: _Lines) -> tuple[re.Match[str], int] | None:
    for s, _e, t in L.items:
        if "èm theo" in t[:40]:
            m = _ANNEX_SELF_RE.match(t)
            if m:
                return m, s
    return None


_ISSUER_HEADS = ("ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "BỘ ", "SỞ ", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG",
                 "GIÁM ĐỐC", "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "CHÍNH PHỦ", "BỘ CHÍNH TRỊ", "BAN BÍ THƯ",
                 "TỔNG CỤC", "CỤC TRƯỞNG", "TRƯỞNG BAN", "ĐẢNG ỦY", "ĐẢNG UỶ", "BAN CHỈ ĐẠO", "VĂN PHÒNG")


# Without a header block (a text pasted from the body), the issuer often names
# itself in the opening: "Về việc này, Sở Giáo dục và Đào tạo đề nghị:",
# "Ban Thường vụ Đảng ủy xây dựng Kế hoạch ...".
_BODY_ISSUER_RE = re.compile(
    r"(?:^|[,.;:]\s+)(?P<x>(?:Ban|Sở|Ủy ban|Bộ|Cục|Đảng ủy|Văn phòng|Hội đồng|Chi bộ|Thường trực|Thủ tướng|Chính phủ)"
    # ("Thủ tướng Chính phủ đã ban hành Chỉ thị ...": a past act of another body, not the writer)
    # ("Bộ Văn hóa, Thể thao và Du lịch yêu cầu ...": a comma inside the name, before a capital)
    r"(?:(?:\s+|,\s+(?=[A-ZĐÂĂÊÔƠƯ]))(?!đã\b|đang\b|vừa\b|sẽ\b|cũng\b)[A-ZĐÂĂÊÔƠƯ\w][\w-]*){0,10}?)\s+"
    r"(?:đề nghị|xây dựng|ban hành|thông báo|hướng dẫn|yêu cầu|chỉ thị|kết luận|triển khai"
    # the opening of an answer (NĐ 30/2020 Phụ lục III, công văn): "Cục Thuế nhận được công văn số
    # ... của Công ty ...", "..., Cục Hải quan có ý kiến như sau:"
    r"|nhận được (?:công văn|văn bản|Công văn|đơn|thư|phiếu)|có ý kiến(?: trả lời)? như sau|trả lời như sau)\b"
)


def _issuer_from_body(doc: Text, L: _Lines, n_head: int, closing_first: bool = False) -> tuple[str, Span] | None:
    """The writer named in the body of a copy without a header: "X xây dựng Kế hoạch ..." near
    the start, or a Thông báo's closing formula (tried first for a Thông báo, whose opening
    names the leader who concluded, not the office that writes: "Văn phòng Chính phủ thông báo
    để Ủy ban nhân dân tỉnh Sơn La và các cơ quan liên quan biết, thực hiện./.")."""
    closing = _closing_issuer(doc)
    if closing_first and closing:
        return closing
    for i in range(max(0, n_head - 2), min(len(L.items), n_head + 15)):
        s, e, t = L.items[i]
        m = _BODY_ISSUER_RE.search(t)
        if m:
            x = m.group("x")
            return x, Span(s + m.start("x"), s + m.end("x"), doc.page_at(s))
    return closing


def _closing_issuer(doc: Text) -> tuple[str, Span] | None:
    end = doc.text.find("\nNơi nhận")
    tail_start = max(0, (end if end > 0 else len(doc.text)) - 1500)
    found = list(_CLOSING_ISSUER_RE.finditer(doc.text, tail_start, end if end > 0 else len(doc.text)))
    if found:
        m = found[-1]
        return m.group("x"), Span(m.start("x"), m.end("x"), doc.page_at(m.start("x")))
    return None


_CLOSING_ISSUER_RE = re.compile(
    r"(?:^|(?<=[.;]\s)|(?<=\n))(?P<x>(?:Văn phòng|Ban|Bộ|Sở|Ủy ban|Cục|Đảng ủy|Thường trực)"
    r"(?:\s+[A-ZĐÂĂÊÔƠƯ][\w-]*|\s+(?:nhân dân|Chính phủ|Trung ương)){1,8})\s+thông báo\s+(?:để|cho)\s", re.M)


@cache
def _body_type_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of :func:`_type_from_body`, compiled once."""
    names = "|".join(re.escape(name) for name, _ in _names_longest_first())
    return (re.compile(rf"(?:xây dựng|ban hành)\s+(?P<t>{names})\b[^.\n]{{0,120}}?như sau", re.I),
            re.compile(rf"\b(?P<t>{names})(?:\s+hành động)?\s+này\b", re.I))


def _type_from_body(text: str, addressed: bool = False) -> str | None:
    """The type a document gives itself in its body, for copies without a header:
    "... xây dựng Kế hoạch triển khai như sau", "nội dung Công văn này".  A copy
    that opens with "Kính gửi" (``addressed``) and names no type is a công văn
    (NĐ 30/2020 Phụ lục I: the one type without a tên loại, sent to named addressees)."""
    as_follows, this_one = _body_type_res()
    m = as_follows.search(text[:3000])
    if m:
        return _canonical_type(m.group("t"))
    if addressed:
        return "Công văn"
    counts: dict[str, int] = {}
    for m in this_one.finditer(text):
        name = _canonical_type(m.group("t"))
        if name:
            counts[name] = counts.get(name, 0) + 1
    # (named once, "X này" may be a quoted provision's own: "... theo quy định tại Phụ lục I
    # Nghị định này" in a web article quoting NĐ 30/2020; a document names itself more often)
    best = max(counts, key=lambda k: counts[k]) if counts else None
    return best if best and counts[best] >= 2 else None


def _is_issuer_name(t: str) -> bool:
    return t.upper().startswith(_ISSUER_HEADS) and len(t) < 90


# The body of a công văn opens right after "Kính gửi" (NĐ 30/2020 Phụ lục I);
# in a web copy re-flowed into one line the opening must end the addressee:
# "Kính gửi: Bộ trưởng Bộ Công Thương Xét đề nghị của Bộ Công Thương tại ..."
_BODY_OPENING_RE = re.compile(
    r"(?<=[a-zà-ỹđ)])\s+(?=(?:Xét|Triển khai|Thực hiện|Căn cứ|Theo|Trả lời|Phúc đáp|Vừa qua|Sau khi|Nhằm|Tiếp theo|"
    r"Nhận được|Hiện nay|Trước tình hình|Ngày \d)\b)"
)


def _strip_item(t: str) -> str:
    t = _BULLET_RE.sub("", t).strip()
    return t.rstrip(";,.").strip()


def _addressee(t: str) -> str:
    """A single addressee written on the Kính gửi line, without the body that may follow it."""
    m = _BODY_OPENING_RE.search(t) if len(t) > 100 else None
    return _strip_item(t[: m.start()] if m else t)


def extract_recipients(doc: Text, L: _Lines | None = None) -> list[Item]:
    """ô 9a "Kính gửi": one item per addressee."""
    L = L or _Lines(doc)
    out: list[Item] = []
    for i, (s, e, t) in enumerate(L.items[:80]):
        m = _KINH_GUI_RE.match(t) or _DIEN_RE.match(t)
        if not m:
            continue
        rest = m.group("rest").strip()
        if not rest and i + 1 < len(L.items) and not _BULLET_RE.match(L.items[i + 1][2]):
            # "Kính gửi:" and the one addressee on the next line
            nxt = L.items[i + 1]
            text = _addressee(nxt[2])
            k = doc.text.find(text, nxt[0])
            return [Item(text, k, k + len(text), doc.page_at(k))] if text else []
        pieces: list[tuple[int, str]] = []
        if rest:
            off = s + m.start("rest")
            # "Kính gửi: - A, - B" on one line, or one addressee
            parts = re.split(r"(?:^|[;,])\s*-\s+", rest) if re.match(r"^-\s", rest) else [_addressee(rest)]
            cursor = 0
            for p in parts:
                if not p.strip():
                    continue
                k = rest.find(p, cursor)
                cursor = k + len(p)
                pieces.append((off + k, p))
        j = i + 1
        while j < len(L.items) and j - i < 40:
            t_j = L.items[j][2]
            if _BULLET_RE.match(t_j):
                pieces.append((L.items[j][0], t_j))
            elif pieces and pieces[-1][1].rstrip().endswith(":") and len(t_j) < 300:
                # "- Bộ trưởng các Bộ:" then the names it introduces on the next line
                off, p = pieces[-1]
                pieces[-1] = (off, doc.text[off:L.items[j][1]])
            else:
                break
            j += 1
        for off, p in pieces:
            text = _strip_item(p)
            if not text:
                continue
            k = doc.text.find(text, off)
            out.append(Item(text, k, k + len(text), doc.page_at(k)))
        break
    return out


def extract_cc(doc: Text, L: _Lines | None = None) -> tuple[list[Item], str | None]:
    """ô 9b "Nơi nhận": one item per line with its purpose; the "Lưu" line apart."""
    L = L or _Lines(doc)
    out: list[Item] = []
    archive = None
    for i in range(len(L.items) - 1, -1, -1):
        s, e, t = L.items[i]
        m = _NOI_NHAN_RE.match(t)
        if not m:
            continue
        lines = []
        if m.group("rest").strip():
            lines.append((s + m.start("rest"), m.group("rest")))
        j = i + 1
        while j < len(L.items) and (_BULLET_RE.match(L.items[j][2]) or _ARCHIVE_RE.match(L.items[j][2])):
            lines.append((L.items[j][0], L.items[j][2]))
            j += 1
        for off, raw in lines:
            text = _strip_item(raw)
            if not text:
                continue
            if _ARCHIVE_RE.match(text):
                archive = text
                continue
            purpose = None
            pm = _PURPOSE_RE.search(text)
            if pm:
                purpose = pm.group("p").strip()
                text = text[: pm.start()].strip().rstrip(";,.")
            k = doc.text.find(text, off)
            out.append(Item(text, k, k + len(text), doc.page_at(k), purpose))
        break
    return out, archive


def extract_signer(doc: Text, L: _Lines | None = None) -> Signer:
    """ô 7: authority prefix lines, the position line, the name."""
    L = L or _Lines(doc)
    n = len(L.items)
    # the last authority line in the document, or the last caps position line
    # followed by a name, near the end
    idx = None
    # the first authority block followed by a name within a few lines (a
    # Quyết định with an attached plan is signed before the attachment)
    for i in range(n):
        if _AUTHORITY_RE.match(L.items[i][2]) and any(_is_name(L.items[k][2]) for k in range(i + 1, min(n, i + 6))):
            idx = i
            break
    authority: list[str] = []
    position = name = None
    start = end = 0
    if idx is None:
        # no prefix: "THỦ TƯỚNG" / "Phạm Minh Chính" at the end, or beside the Nơi nhận
        # list when an attached text (a Quy định, a plan) follows the signature
        def position_at(i: int) -> bool:
            t = L.items[i][2]
            return t.isupper() and len(t) < 60 and _is_name(L.items[i + 1][2]) and not _NOI_NHAN_RE.match(t)

        noi = [i for i in range(n) if _NOI_NHAN_RE.match(L.items[i][2])]
        near = range(max(0, noi[0] - 8), min(n - 1, noi[0] + 60)) if noi else range(0)
        found = next((i for i in near if position_at(i)), None)
        if found is None:
            found = next((i for i in range(n - 2, max(-1, n - 30), -1) if position_at(i)), None)
        if found is not None:
            position = normal_case(L.items[found][2])
            name = L.items[found + 1][2].strip()
            start, end = L.items[found][0], L.items[found + 1][1]
        return Signer(name, position, None, start, end, doc.page_at(start))
    i = idx
    start = L.items[i][0]
    while i < n and _AUTHORITY_RE.match(L.items[i][2]):
        m = _AUTHORITY_RE.match(L.items[i][2])
        rest = m.group("rest")
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" written on one line: the position follows
        split = re.match(r"^(.+?) (PHÓ \S.*)$", rest)
        if split and rest.isupper():
            authority.append(f"{m.group('prefix')} {unit_case(split.group(1))}")
            position = normal_case(split.group(2))
        else:
            authority.append(f"{m.group('prefix')} {unit_case(rest)}")
        i += 1
    titles = []
    while i < n and not _is_name(L.items[i][2]) and len(titles) < 3 and L.items[i][2].isupper():
        titles.append(L.items[i][2])
        i += 1
    if i < n and _is_name(L.items[i][2]):
        name = L.items[i][2].strip()
        end = L.items[i][1]
    else:
        end = L.items[i - 1][1]
    if titles:
        split = re.match(r"^(.+?) (PHÓ \S.*)$", titles[-1]) if authority else None
        if split and len(titles) == 1:
            # "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ" / "VỀ HQ PHÓ TRƯỞNG BAN": the authority's name
            # wraps onto the position line
            authority[-1] = f"{authority[-1]} {unit_case(split.group(1))}"
            position = normal_case(split.group(2))
        else:
            position = normal_case(titles[-1])
    return Signer(name, position, "; ".join(authority) or None, start, end, doc.page_at(start))


_NAME_RE = re.compile(
    r"^(?:(?:Đ/c|Ông|Bà|TS\.|ThS\.|PGS\.|GS\.)\s+)?[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
    r"[^\s\d]*(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][^\s\d]*){1,5}$"
)


def _is_name(t: str) -> bool:
    t = t.strip()
    return bool(_NAME_RE.match(t)) and not t.isupper() and len(t) < 50
