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
    "hồ chí minh": "Hồ Chí Minh", "thủ tướng": "Thủ tướng",
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


def normal_case(s: str) -> str:
    """Caps header text → normal case ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH" →
    "Ủy ban nhân dân tỉnh Bắc Ninh"); text already in mixed case is kept."""
    s = re.sub(r"\s+", " ", s).strip()
    letters = [c for c in s if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return s
    keep = {m.group(0) for m in _ABBREVS.finditer(s)}
    words = s.split(" ")
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
    # titles: "PHÓ CHỦ TỊCH" → "Phó Chủ tịch", "PHÓ GIÁM ĐỐC" → "Phó Giám đốc"
    text = re.sub(r"^Phó (\w)", lambda m: "Phó " + m.group(1).upper(), text)
    for rx, v in _PROPER_RES:
        text = rx.sub(v, text)
    return text


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
        self.items = [(ln.start, ln.end, self.text.text[ln.start:ln.end]) for ln in self.text.lines]

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

    for i in range(n_head):
        _, _, t = L.items[i]
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
            spans["date"] = L.span(date_i, m.start("date"))
    # ô 2: issuer
    if issuer_lines:
        raw = []
        for i in issuer_lines:
            t = L.items[i][2]
            # a one-word line continues the line above ("BỘ TÀI" / "CHÍNH")
            if raw and len(t.split()) == 1 and not t.upper().startswith(_ADMIN_WORDS):
                raw[-1] += " " + t
            else:
                raw.append(t)
        names = [normal_case(r) for r in raw]
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
        found = _issuer_from_body(doc, L, n_head)
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
            guess = _type_from_body(doc.text)
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
        recipients=[r.text for r in recipients],
        cc=[c.text for c in cc],
        signer=signer,
        urgency=urg,
        confidentiality=conf,
        spans=spans,
        recipients_detail=recipients,
        cc_detail=cc,
        archive=archive,
    )


_ISSUER_HEADS = ("ỦY BAN", "UỶ BAN", "HỘI ĐỒNG", "BỘ ", "SỞ ", "CHỦ TỊCH", "BỘ TRƯỞNG", "THỦ TƯỚNG",
                 "GIÁM ĐỐC", "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "CHÍNH PHỦ", "BỘ CHÍNH TRỊ", "BAN BÍ THƯ",
                 "TỔNG CỤC", "CỤC TRƯỞNG", "TRƯỞNG BAN", "ĐẢNG ỦY", "ĐẢNG UỶ", "BAN CHỈ ĐẠO", "VĂN PHÒNG")


# Without a header block (a text pasted from the body), the issuer often names
# itself in the opening: "Về việc này, Sở Giáo dục và Đào tạo đề nghị:",
# "Ban Thường vụ Đảng ủy xây dựng Kế hoạch ...".
_BODY_ISSUER_RE = re.compile(
    r"(?:^|[,.;:]\s+)(?P<x>(?:Ban|Sở|Ủy ban|Bộ|Cục|Đảng ủy|Văn phòng|Hội đồng|Chi bộ|Thường trực|Thủ tướng|Chính phủ)"
    r"(?:\s+[A-ZĐÂĂÊÔƠƯ\w][\w-]*){0,10}?)\s+(?:đề nghị|xây dựng|ban hành|thông báo|hướng dẫn|yêu cầu|chỉ thị|kết luận|triển khai)\b"
)


def _issuer_from_body(doc: Text, L: _Lines, n_head: int) -> tuple[str, Span] | None:
    for i in range(max(0, n_head - 2), min(len(L.items), n_head + 15)):
        s, e, t = L.items[i]
        m = _BODY_ISSUER_RE.search(t)
        if m:
            x = m.group("x")
            return x, Span(s + m.start("x"), s + m.end("x"), doc.page_at(s))
    return None


@cache
def _body_type_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of :func:`_type_from_body`, compiled once."""
    names = "|".join(re.escape(name) for name, _ in _names_longest_first())
    return (re.compile(rf"(?:xây dựng|ban hành)\s+(?P<t>{names})\b[^.\n]{{0,120}}?như sau", re.I),
            re.compile(rf"\b(?P<t>{names})(?:\s+hành động)?\s+này\b", re.I))


def _type_from_body(text: str) -> str | None:
    """The type a document gives itself in its body, for copies without a header:
    "... xây dựng Kế hoạch triển khai như sau", "nội dung Công văn này"."""
    as_follows, this_one = _body_type_res()
    m = as_follows.search(text[:3000])
    if m:
        return _canonical_type(m.group("t"))
    counts: dict[str, int] = {}
    for m in this_one.finditer(text):
        name = _canonical_type(m.group("t"))
        if name:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _is_issuer_name(t: str) -> bool:
    return t.upper().startswith(_ISSUER_HEADS) and len(t) < 90


def _strip_item(t: str) -> str:
    t = _BULLET_RE.sub("", t).strip()
    return t.rstrip(";,.").strip()


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
            text = _strip_item(nxt[2])
            k = doc.text.find(text, nxt[0])
            return [Item(text, k, k + len(text), doc.page_at(k))] if text else []
        pieces: list[tuple[int, str]] = []
        if rest:
            off = s + m.start("rest")
            # "Kính gửi: - A, - B" on one line, or one addressee
            parts = re.split(r"(?:^|[;,])\s*-\s+", rest) if re.match(r"^-\s", rest) else [rest]
            cursor = 0
            for p in parts:
                if not p.strip():
                    continue
                k = rest.find(p, cursor)
                cursor = k + len(p)
                pieces.append((off + k, p))
        j = i + 1
        while j < len(L.items) and _BULLET_RE.match(L.items[j][2]) and j - i < 40:
            pieces.append((L.items[j][0], L.items[j][2]))
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
        # no prefix: "THỦ TƯỚNG" / "Phạm Minh Chính" at the end
        for i in range(n - 2, max(-1, n - 30), -1):
            t, nxt = L.items[i][2], L.items[i + 1][2]
            if t.isupper() and len(t) < 60 and _is_name(nxt) and not _NOI_NHAN_RE.match(t):
                position = normal_case(t)
                name = nxt.strip()
                start, end = L.items[i][0], L.items[i + 1][1]
                break
        return Signer(name, position, None, start, end, doc.page_at(start))
    i = idx
    start = L.items[i][0]
    while i < n and _AUTHORITY_RE.match(L.items[i][2]):
        m = _AUTHORITY_RE.match(L.items[i][2])
        rest = m.group("rest")
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" written on one line: the position follows
        split = re.match(r"^(.+?) (PHÓ \S.*)$", rest)
        if split and rest.isupper():
            authority.append(f"{m.group('prefix')} {normal_case(split.group(1))}")
            position = normal_case(split.group(2))
        else:
            authority.append(f"{m.group('prefix')} {normal_case(rest)}")
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
        position = normal_case(titles[-1])
    return Signer(name, position, "; ".join(authority) or None, start, end, doc.page_at(start))


_NAME_RE = re.compile(
    r"^(?:(?:Đ/c|Ông|Bà|TS\.|ThS\.|PGS\.|GS\.)\s+)?[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
    r"[^\s\d]*(?:\s+[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ][^\s\d]*){1,5}$"
)


def _is_name(t: str) -> bool:
    t = t.strip()
    return bool(_NAME_RE.match(t)) and not t.isupper() and len(t) < 50
