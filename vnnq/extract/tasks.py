"""The task list: every assigned duty with its lead unit, helpers and deadline.

Four shapes, from the standards (NĐ 30/2020 Phụ lục IV "Phiếu giải quyết":
chủ trì / phối hợp / thời hạn) and the way plans are written:

(a) section: a numbered unit heading ("1. Phòng Văn hóa - Xã hội", "2.3. Sở Y tế:")
    and the bullets under it, one task each;
(b) sentence: "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ ...",
    "Đề nghị các đơn vị ...", "Yêu cầu ...";
(c) block: a duty line followed by "- Cơ quan chủ trì: ...", "- Cơ quan phối
    hợp: ...", "- Thời gian thực hiện: ...";
(d) table: a row of a table whose header names Nhiệm vụ | Chủ trì | Phối hợp |
    Thời gian | Sản phẩm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vnnq.ingest.normalize import Text
from vnnq.model import Deadline, Span, Task

# Verbs that start the action after a unit name (the unit ends before them).
_ACTION_VERBS = (
    "chủ trì", "phối hợp", "tổ chức", "triển khai", "xây dựng", "thực hiện", "chỉ đạo", "hướng dẫn",
    "tham mưu", "rà soát", "kiểm tra", "báo cáo", "nghiên cứu", "khẩn trương", "tiếp tục", "chủ động",
    "tăng cường", "đẩy mạnh", "căn cứ", "quán triệt", "tuyên truyền", "có trách nhiệm", "chịu trách nhiệm",
    "theo dõi", "đôn đốc", "bảo đảm", "đảm bảo", "cập nhật", "lãnh đạo", "ban hành", "hoàn thiện", "tập trung",
    "nghiêm túc", "kịp thời", "phổ biến", "quản lý", "tổng hợp", "đề xuất", "trình", "bố trí", "cân đối",
    "hỗ trợ", "giám sát", "thẩm định", "xem xét", "giải quyết", "đánh giá", "sơ kết", "tổng kết", "phát huy",
    "vận động", "nắm bắt", "kiện toàn", "thống nhất", "cung cấp", "gửi", "tiếp nhận", "xử lý", "liên hệ",
    "thường xuyên", "định kỳ", "khắc phục", "nâng cao", "lồng ghép", "duy trì", "phát động", "cử", "bám sát",
    "ưu tiên", "hằng năm", "hàng năm", "trực tiếp", "sớm", "làm tốt", "quan tâm", "chuẩn bị", "tích cực",
    "khẩn", "biên soạn", "soạn thảo", "đăng tải", "thông tin", "lựa chọn", "công bố", "là cơ quan",
    "làm đầu mối", "nắm", "trên cơ sở", "trong phạm vi", "theo chức năng", "theo thẩm quyền", "phân công",
)
_VERB_RE = re.compile(r"(?:^|[\s,;:])(?P<v>" + "|".join(sorted(map(re.escape, _ACTION_VERBS), key=len, reverse=True)) + r")(?=[\s,.;:]|$)")
# A unit name starts with one of these (plural "Các", generic "Thủ trưởng").
_UNIT_HEAD = (
    r"(?:Các|Thủ trưởng|Giám đốc|Chủ tịch|Trưởng|Lãnh đạo|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Sở|Phòng|Ban|Bộ|"
    r"Cục|Tổng cục|Chi cục|Văn phòng|Công an|Quân sự|Bộ Chỉ huy|Bộ đội|Đảng ủy|Đảng uỷ|Đảng đoàn|Ban cán sự|"
    r"Chi bộ|Cấp ủy|Cấp uỷ|Mặt trận|MTTQ|UBMTTQ|Đoàn|Hội|Liên đoàn|Liên hiệp|Trung tâm|Trường|Đài|Báo|Kho bạc|"
    r"Bảo hiểm|Ngân hàng|Viện|Tòa án|Thanh tra|Tỉnh đoàn|Thành đoàn|Công ty|Doanh nghiệp|Cơ quan|Đơn vị|"
    r"Tổ chức|Người đứng đầu|Thường trực|Ban Thường vụ|Ban Chỉ đạo|Chính quyền|Hiệu trưởng|Tổ dân phố|"
    r"Ủy ban MTTQ|Thủ tướng|Phó Thủ tướng|Chính phủ|Đảng ủy|Tỉnh ủy|Thành ủy|Quận ủy|Huyện ủy|Cơ sở|"
    r"Hội Liên hiệp|Cục Thuế|Thuế|Hải quan|Sở,|Sở:|Cấp|Ủy ban nhân dân|Tập đoàn|Tổng công ty|Nhà|Bệnh viện|"
    r"Quỹ|Học viện|Đại học|Cổng|Kiểm toán|Văn phòng|Tổ công tác|Tòa|Viện kiểm sát|Bí thư)"
)
_UNIT_START_RE = re.compile(r"^" + _UNIT_HEAD + r"\b")
_HEADING_RE = re.compile(
    r"^(?P<num>(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[a-zđ]\)|[IVX]{1,4}\.)\s*)(?P<body>.+)$"
)
_BULLET_RE = re.compile(r"^(?P<mark>[-+•–—∙]\s*|[a-zđ]\)\s+|\(\d+\)\s+)(?P<body>.+)$")
_ASSIGN_RE = re.compile(
    r"(?:^|(?<=[\s,;:.(]))(?P<verb>Giao|giao|Đề nghị|đề nghị|Yêu cầu|yêu cầu|Phân công|phân công|Chỉ đạo|Ủy quyền)"
    r"(?:\s+cho)?\s+(?P<rest>.+)"
)
_COORD_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?\s+(?:với\s+)?(?P<c>[^;.]+)")
_LABEL_LEAD_RE = re.compile(r"^(?:[-+]\s*)?(?:Cơ quan|Đơn vị|Bộ phận)\s+(?:chủ trì|thực hiện)\s*:\s*(?P<u>.+)$", re.I)
_LABEL_COORD_RE = re.compile(r"^(?:[-+]\s*)?(?:Cơ quan|Đơn vị|Bộ phận)\s+phối hợp\s*:\s*(?P<u>.+)$", re.I)
_LABEL_OTHER_RE = re.compile(r"^(?:[-+]\s*)?(?:Thời gian|Thời hạn|Sản phẩm|Nội dung|Kết quả|Kinh phí)[^:]{0,30}:", re.I)
_PRODUCT_RE = re.compile(r"^(?:[-+]\s*)?Sản phẩm[^:]{0,20}:\s*(?P<p>.+)$", re.I)
_CLOSING_RE = re.compile(r"^(?:Nơi nhận|TM\.|KT\.|T/M|K/T|TL\.|T/L)", re.I)
_NOT_TASK_HEAD = re.compile(
    r"(?i)^(?:mục đích|yêu cầu|nội dung|nhiệm vụ|giải pháp|tổ chức thực hiện|kinh phí|hình thức|thời gian|"
    r"phạm vi|đối tượng|chế độ|trách nhiệm|quan điểm|mục tiêu|căn cứ|tình hình|kết quả|đánh giá|phân công)"
)


@dataclass
class _Draft:
    unit: str | None
    coordinating: list[str]
    action: str
    start: int
    end: int
    source: str
    product: str | None = None
    deadline_text: str | None = None
    unit_start: int = -1


def _clean_unit(u: str) -> str:
    u = re.sub(r"\s+", " ", u).strip(" ,;:.-–")
    u = re.sub(r"^(?:cho|các đồng chí)\s+", "", u)
    return u


def _split_units(s: str) -> list[str]:
    s = re.split(r"\s+(?:để|nhằm|trong|tổ chức|triển khai|thực hiện|xây dựng|tham mưu)\s", s)[0]
    parts = re.split(r"\s*(?:,|;|\svà\s)\s*", s)
    return [_clean_unit(p) for p in parts if _clean_unit(p) and len(p) < 120]


def _unit_from(rest: str) -> tuple[str | None, int]:
    """The unit at the start of ``rest`` (after "Giao"/"Đề nghị"): up to the first action verb."""
    m = _VERB_RE.search(rest)
    if not m or m.start("v") == 0:
        return None, 0
    unit = _clean_unit(rest[: m.start("v")])
    if not unit or len(unit) > 160 or not (unit[0].isupper() or unit.startswith(("các", "cơ quan", "đơn vị"))):
        return None, 0
    return unit, m.start("v")


def _sentences(line: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for m in re.finditer(r"(?<=[.;])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ])", line):
        out.append((pos, line[pos:m.start()]))
        pos = m.end()
    out.append((pos, line[pos:]))
    return out


def _first_sentence(s: str, limit: int = 400) -> str:
    m = re.search(r"(?<=[.;])\s+(?=[A-ZĐ])", s)
    s = s[: m.start()] if m else s
    return s[:limit].strip()


def _is_unit_heading(body: str) -> bool:
    body = body.strip()
    if not _UNIT_START_RE.match(body) or _NOT_TASK_HEAD.match(body):
        return False
    head = body.split(":")[0]
    if len(head) > 150:
        return False
    if ":" not in body and len(body) > 150:
        return False
    if ":" not in body and body.endswith((".", ";")) and len(body) > 60:
        return False
    # a heading names a unit; a sentence starting with a unit has a verb early
    vm = _VERB_RE.search(head)
    if vm and ":" not in body:
        return False
    return True


def _level(num: str) -> tuple[int, int]:
    num = num.strip()
    if re.match(r"^[IVX]+\.", num):
        return (0, 0)
    if re.match(r"^[a-zđ]\)", num):
        return (9, 0)
    return (1, num.rstrip(".").count(".") + 1)


def extract_tasks(doc: Text, deadlines: list[Deadline] | None = None,
                  addressees: list[str] | None = None) -> list[Task]:
    """The task list, in document order."""
    text = doc.text
    lines = [(ln.start, ln.end, text[ln.start:ln.end], ln.cell) for ln in doc.lines]
    drafts: list[_Draft] = []
    drafts += _table_tasks(doc)
    covered = {(d.start, d.end) for d in drafts}
    table_ranges = [(d.start, d.end) for d in drafts]

    def in_table(pos: int) -> bool:
        return any(a <= pos < b for a, b in table_ranges)

    section_unit: str | None = None
    section_level: tuple[int, int] | None = None
    section_unit_start = -1
    last_duty: tuple[int, int, str] | None = None
    block: _Draft | None = None
    for i, (s, e, t, cell) in enumerate(lines):
        if _CLOSING_RE.match(t):
            section_unit = None
            continue
        if in_table(s):
            continue
        # (c) block labels
        lm = _LABEL_LEAD_RE.match(t)
        if lm and last_duty is not None:
            unit = _clean_unit(lm.group("u"))
            block = _Draft(unit, [], last_duty[2], last_duty[0], e, "block", unit_start=s + lm.start("u"))
            drafts.append(block)
            continue
        cm = _LABEL_COORD_RE.match(t)
        if cm and block is not None:
            block.coordinating = _split_units(cm.group("u"))
            block.end = e
            continue
        if _LABEL_OTHER_RE.match(t) and block is not None:
            pm = _PRODUCT_RE.match(t)
            if pm:
                block.product = pm.group("p").strip()
            block.end = e
            continue
        block = None
        hm = _HEADING_RE.match(t)
        if hm and _is_unit_heading(hm.group("body")):
            body = hm.group("body")
            lvl = _level(hm.group("num"))
            head, _, after = body.partition(":")
            section_unit = _clean_unit(head)
            section_level = lvl
            section_unit_start = s + hm.start("body")
            if after.strip() and len(after.strip()) > 10:
                a0 = s + hm.start("body") + len(head) + 1
                drafts.append(_Draft(section_unit, _coords(after), after.strip(), a0, e, "section",
                                     unit_start=section_unit_start))
            last_duty = (s, e, body)
            continue
        if hm and section_level is not None:
            lvl = _level(hm.group("num"))
            if lvl <= section_level and lvl[0] != 9:
                section_unit = None
                section_level = None
        last_duty = (s, e, hm.group("body") if hm else t)
        bm = _BULLET_RE.match(t)
        if section_unit is not None and (bm or (hm and _level(hm.group("num"))[0] == 9) or not hm):
            body = bm.group("body") if bm else (hm.group("body") if hm else t)
            off = s + (bm.start("body") if bm else (hm.start("body") if hm else 0))
            if _NOT_TASK_HEAD.match(body) and len(body) < 60:
                continue
            drafts.append(_Draft(section_unit, _coords(body), body, off, e, "section", unit_start=section_unit_start))
            continue
        # (b) assignment sentences
        for so, sent in _sentences(t):
            am = _ASSIGN_RE.search(sent)
            if not am:
                continue
            if am.start() > 0 and not re.search(r"(?:^|[,;:.]\s*|\s)$", sent[: am.start()]):
                continue
            rest = am.group("rest")
            if re.match(r"(?i)^(?:tại|theo|của|số|như|trên)\b", rest):
                continue
            unit, k = _unit_from(rest)
            if unit is None:
                # "Đề nghị tổ chức ..." with the doer unnamed: the addressees
                continue
            a0 = s + so + am.start("rest") + k
            drafts.append(_Draft(unit, _coords(rest[k:]), rest[k:], a0, s + so + len(sent), "sentence",
                                 unit_start=s + so + am.start("rest")))
    drafts = [d for d in drafts if d.unit]
    drafts.sort(key=lambda d: d.start)
    out: list[Task] = []
    dls = deadlines or []
    for n, d in enumerate(drafts, 1):
        due = rec = None
        for dl in dls:
            if d.start <= dl.start < d.end and (dl.due or dl.recurrence):
                if dl.due and due is None:
                    due = dl.due
                if dl.recurrence and rec is None:
                    rec = dl.recurrence
        us = Span(d.unit_start, d.unit_start + len(d.unit), doc.page_at(d.unit_start)) if d.unit_start >= 0 else None
        out.append(Task(f"T{n}", d.unit, d.coordinating, _first_sentence(d.action), due, d.product,
                        d.start, d.end, doc.page_at(d.start), d.source, rec, us))
    return out


def _coords(s: str) -> list[str]:
    m = _COORD_RE.search(s)
    if not m:
        return []
    c = m.group("c")
    vm = _VERB_RE.search(" " + c[3:])
    if vm:
        c = c[: max(3, vm.start("v") + 2)]
    return [u for u in _split_units(c) if _UNIT_START_RE.match(u) or u.startswith(("các", "cơ quan"))]


_TABLE_COLS = {
    "action": re.compile(r"(?i)nhiệm vụ|nội dung|công việc|tên"),
    "unit": re.compile(r"(?i)chủ trì|thực hiện|đơn vị thực hiện"),
    "coord": re.compile(r"(?i)phối hợp"),
    "due": re.compile(r"(?i)thời gian|thời hạn|tiến độ"),
    "product": re.compile(r"(?i)sản phẩm|kết quả"),
}


def _table_tasks(doc: Text) -> list[_Draft]:
    """(d) rows of task tables (cells from DOCX/PDF/web-page tables)."""
    text = doc.text
    rows: dict[tuple[int, int], dict[int, tuple[int, int]]] = {}
    order: list[tuple[int, int]] = []
    for ln in doc.lines:
        if ln.cell is None:
            continue
        key = ln.cell[:2]
        if key not in rows:
            rows[key] = {}
            order.append(key)
        c = rows[key].get(ln.cell[2])
        rows[key][ln.cell[2]] = (c[0] if c else ln.start, ln.end)
    out: list[_Draft] = []
    header: dict[str, int] | None = None
    table_id = None
    for key in order:
        cells = rows[key]
        texts = {c: text[a:b] for c, (a, b) in cells.items()}
        if header is None or key[0] != table_id:
            cols: dict[str, int] = {}
            for c, t in texts.items():
                if len(t) > 60:
                    continue
                for name, rx in _TABLE_COLS.items():
                    if name not in cols and rx.search(t):
                        if name == "unit" and "phối hợp" in t.lower():
                            continue
                        cols[name] = c
                        break
            if "unit" in cols and "action" in cols:
                # In web copies a header row may share its row number with the
                # text before the table: re-base on the header's first cell.
                ordered = sorted(texts)
                c0 = ordered[-1]
                for c in reversed(ordered):
                    if len(texts[c]) >= 60:
                        break
                    c0 = c
                header = {k: v - c0 for k, v in cols.items()}
                table_id = key[0]
                continue
            if key[0] != table_id:
                header = None
            continue
        if header["unit"] not in texts or header["action"] not in texts:
            continue  # a group row ("I | KIỆN TOÀN ...")
        a, b = cells[header["action"]]
        unit = _clean_unit(texts[header["unit"]])
        coord = _split_units(texts[header["coord"]]) if "coord" in header and header["coord"] in texts else []
        product = texts.get(header.get("product", -1))
        end = max(v[1] for v in cells.values() if v[1] - v[0] < 2000)
        d = _Draft(unit, coord, texts[header["action"]], a, end, "table", product, unit_start=cells[header["unit"]][0])
        out.append(d)
    return out
