"""Deadlines: time limits on action (reference/standards.md §7).

* absolute: "trước ngày 25/11/2026", "chậm nhất là 17 giờ 00 ngày 30/01/2026",
  "hoàn thành trong tháng 11/2025", "Thời hạn hoàn thành: Quý III/2026";
* recurring: "định kỳ", "hằng tháng/quý/năm", "định kỳ 6 tháng",
  "trước ngày 15/12 hằng năm";
* relative to the document's date: "trong thời hạn 15 ngày kể từ ngày ký";
* windows: "từ tháng 7/2026 đến tháng 11/2026" (due at the end).

A start date alone ("từ ngày 01/7/2025", "có hiệu lực từ") is not a deadline,
nor is a cited document's date: every deadline needs a cue word.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from vnnq.extract._spans import leftmost_longest
from vnnq.extract._scan import lower, words
from vnnq.extract.dates import date_hits, quarter_end_month
from vnnq.extract.tables import task_rows
from vnnq.ingest.normalize import Text
from vnnq.model import Deadline

# an hour ("17 giờ 00", "15 giờ 00’", "8h30") and a weekday ("thứ tư") before the date
_TIME = (r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút|[’'′])?)?\s*,?\s*(?:(?:sáng|chiều|tối)\s*,?\s*)?)?"
         r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*)?")
# The cue patterns are lower case and run over lower(doc) with words()
# (see _scan.py: no leading \b, no (?i), so the scan is fast).
# cue words that put a date under a time limit
_ABS_CUE_RE = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:trước|vào|đến))?|hạn chót(?:\s+là)?|không quá|"
    r"hoàn thành(?:\s+(?:trước|trong|xong\s+trước|xong\s+trong|vào))?|xong\s+(?:trước|trong)|"
    # "từ nay đến" written out, not as an optional prefix: an optional first group keeps the
    # regex engine from skipping ahead to the cue's first letters, and the scan was 5x slower
    r"từ\s+nay\s+đến(?:\s+hết)?|đến(?:\s+hết)?|muộn nhất(?:\s+là)?|không\s+(?:muộn|chậm)\s+hơn|"
    r"trong(?=\s+(?:tháng|quý|ngày)\s))\s+" + _TIME +
    r"(?=(?:ngày|tháng|quý|năm|\d))"
)
# labels of a task's time frame: "Thời gian thực hiện: Tháng 12/2025"
_LABEL_RE = re.compile(
    r"(?:thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành|ban\s+hành|trình|báo\s+cáo))?|lộ\s+trình\s+thực\s+hiện)\s*:\s*"
)
# the time of an event under a bare "Thời gian:" label (a conference, a training, a meeting):
# its length or part of the day comes first ("01 buổi sáng, ngày 26/11/2025", "08 giờ 00 ngày
# 30/11", "02 ngày, từ ...", "dự kiến ..."): a schedule, not a time limit
_EVENT_TIME_RE = re.compile(r"\s*(?:dự kiến\s+)?(?:\d{1,2}\s*(?:buổi|giờ|h\b|ngày\s*,)|buổi\s+(?:sáng|chiều|tối)|"
                            r"(?:sáng|chiều|tối)\s+(?:ngày|thứ))")
_DDMM_RE = re.compile(r"(?<![\d/])(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?![\d/])(?P<yearly>\s+(?:hằng|hàng)\s+năm)?")
_RECUR_RE = re.compile(
    r"(?:định\s+kỳ(?:\s+(?:(?:hằng|hàng)\s+(?P<p1>ngày|tuần|tháng|quý|năm)|(?:tối\s+đa\s+)?(?P<six>06|6)\s+tháng(?:\s*,\s*(?:hằng\s+)?năm)?))?"
    r"|(?:hằng|hàng)\s+(?P<p2>ngày|tuần|tháng|quý|năm)|thường\s+niên"
    # "03 tháng một lần", "06 tháng/lần", "01 năm một lần": an interval (thay đổi mật khẩu ...)
    r"|(?P<n>\d{1,2})\s+(?P<unit>tháng|năm)\s*(?:một\s+lần|/\s*lần|1\s+lần)"
    # a frequency: "tần suất 2 lần/tháng", "02 lần/năm", "01 lần/quý"
    r"|(?P<times>\d{1,2})\s+lần\s*/\s*(?P<per>ngày|tuần|tháng|quý|năm))\b"
)
# a recurrence that qualifies a thing, not a duty: a budget or a plan ("ngân sách hằng
# năm", "kế hoạch hàng năm", "tiết kiệm chi hằng năm", "kiểm kê tài sản hàng năm"), a
# payment ("trợ cấp xã hội hàng tháng"), a target ("chỉ tiêu, nhiệm vụ hàng năm"), daily
# life ("đời sống hàng ngày"), an activity's kind ("hoạt động thường niên"), a service
# ("dịch vụ kiểm tra hàng năm"), the hours of a day
_OF_A_BUDGET_RE = re.compile(
    r"(?:ngân sách|dự toán|kế hoạch|chi thường xuyên|tiết kiệm chi|tăng thu|kinh phí|nguồn vốn|"
    r"kiểm kê tài sản|trợ cấp|trợ giúp|phụ cấp|tiền lương|lương|đời sống|sinh hoạt phí|chỉ tiêu|mục tiêu|"
    r"nhiệm vụ|lộ trình|trung hạn|hoạt động|"
    # a way of paying ("thuê đất trả tiền thuê hằng năm", Luật Đất đai): not a duty's period
    r"tiền thuê|trả tiền|thu tiền|thi đua|khen thưởng|"
    # an income or a headcount paid by the period, a rating named by its period ("chi thu nhập tăng
    # thêm hằng tháng", "biên chế hiện có hằng tháng", "được đánh giá, xếp loại hằng năm")
    r"thu nhập|biên chế|được đánh giá, xếp loại|xếp loại chất lượng|"
    # the name of a service or of its price ("dịch vụ kiểm tra hàng năm", "giá dịch vụ ... hằng tháng")
    r"dịch vụ)(?:\s+(?:nhà nước|của \S+|được giao|\S+)){0,3}\s+$"
    # hours of a day ("mở cửa từ 7 giờ 00 phút đến 22 giờ 00 phút hàng ngày"): a schedule, not a limit
    r"|\bđến\s+\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2}(?:\s*phút)?)?\s+$")
# a violation a penalty clause describes: "Phạt tiền ... đối với hành vi không tổ chức bồi
# dưỡng nghiệp vụ ... hằng năm", "... hành vi không thực hiện tự kiểm tra ... định kỳ"
_VIOLATION_RE = re.compile(r"\bhành vi\b[^.;\n]*$")
# "Định kỳ (trước ngày 30 tháng 6 hằng năm)": the period is in the brackets, read there
_PERIOD_IN_BRACKETS_RE = re.compile(r"\s*\([^()]{0,80}(?:hằng|hàng)\s+(?:năm|quý|tháng)")
# "định kỳ trước ngày 30 tháng 11 hàng năm", "Định kỳ trước ngày 01/6 và 15/11 hằng năm": the
# period is the dated limit that follows, read there
_PERIOD_AFTER_RE = re.compile(r"\s*,?\s*(?:trước|chậm nhất(?:\s+là)?|vào)\s+(?:ngày\s+)?\d{1,2}\s*(?:/|tháng)"
                              r"[^.;:\n]{0,40}?(?:hằng|hàng)\s+(?:năm|quý|tháng)")
_REL_RE = re.compile(
    # ("Thời hạn chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định": the same limit, labelled)
    r"(?:trong\s+(?:thời\s+hạn\s+|vòng\s+)?|thời\s+hạn\s+(?:chậm\s+nhất\s+(?:là\s+)?|tối\s+đa\s+)?(?:là\s+)?)"
    r"(?:tối\s+đa\s+)?(?P<n>\d{1,3})\s+ngày(?P<work>\s+làm\s+việc)?\s*,?\s*"
    r"kể\s+từ\s+ngày\s+(?:ký|ban\s+hành|văn\s+bản\s+này\s+được\s+ký)"
)
_WINDOW_RE = re.compile(r"(?i)\btừ\s+(?:ngày|tháng|quý|năm)\b")
# a table cell or label holding only a year: "2025", "Năm 2026"
_BARE_YEAR_RE = re.compile(r"\s*(?:[Nn]ăm\s+)?(?P<y>(?:19|20)\d{2})\s*\.?\s*$")
# a time cell written as a span of years, "2025 - 2035", "Năm 2025-2030": done by its last year
_BARE_YEARS_RE = re.compile(r"\s*(?:[Nn]ăm\s+)?(?:19|20)\d{2}\s*[-–]\s*(?P<y>(?:19|20)\d{2})\s*\.?\s*$")
_REPORT_PERIODS_RE = re.compile(
    r"báo cáo(?: công tác| định kỳ| kết quả)?\s+(?P<periods>(?:6 tháng|tháng|quý|năm)(?:\s*,\s*(?:6 tháng|tháng|quý|năm)){1,3})\b"
)
_PERIOD_LIST_RE = re.compile(
    r"(?:hằng|hàng)\s+(?:tháng|quý|năm)(?P<more>(?:\s*(?:,|và|hoặc)\s*(?:06 tháng|6 tháng|tháng|quý|năm)\b)+)")
# the output contract knows monthly, quarterly, semiannual, yearly and periodic:
# weekly and daily duties are "periodic", with Deadline.every saying which
_EVERY_RE = re.compile(r"(?i)(?:hằng|hàng)\s+(ngày|tuần)")
# the limit of a periodic report, counted from the end of each period (NĐ 09/2019/NĐ-CP on
# reporting: "chậm nhất là ngày 15 tháng đầu tiên của quý liền sau", "trước ngày 01 của tháng
# tiếp theo", "chậm nhất là ngày 29 tháng 4 năm sau", "ngày 20 tháng 9 của năm báo cáo"),
# with the report it is for after it ("đối với báo cáo quý")
_REPORT_DUE_RE = re.compile(
    r"(?:chậm nhất(?:\s+là)?|trước|không\s+(?:muộn|chậm)\s+hơn)\s+(?:ngày\s+)?(?:\d{1,2}|cuối cùng)\s+(?:của\s+)?"
    r"(?:(?P<q>tháng đầu tiên của quý|quý)\s+(?:liền sau|tiếp theo|sau)"
    r"|tháng\s+(?:tiếp theo|liền sau|sau)(?:\s+sau\s+tháng\s+(?:kỳ báo cáo|cuối cùng của kỳ báo cáo))?"
    r"|(?P<y>tháng\s+\d{1,2}\s+(?:năm sau|năm tiếp theo|của năm (?:báo cáo|sau|tiếp theo))))"
    r"(?:\s+đối với báo cáo\s+(?P<for>6 tháng|06 tháng|tháng|quý|năm|hằng năm|hàng năm))?"
)
_PERIOD_NAMES = {"ngày": "periodic", "tuần": "periodic", "tháng": "monthly", "quý": "quarterly", "năm": "yearly"}


# A Thông báo kết luận opens with the meeting it reports (NĐ 30/2020 Phụ lục III):
# "Ngày 08 tháng 11 năm 2025, Thủ tướng Chính phủ ... chủ trì Phiên họp ...".  The
# conclusions were set that day, so their limits count from it, not from the day the
# notice was signed (often a week later).
_MEETING_RE = re.compile(
    r"(?:^|\n)(?:(?:Sáng|Chiều|Tối)\s+)?(?:[Nn]gày|[Vv]ào ngày)\s+(?P<d>[^,\n]{6,40}?),[^\n]{0,300}?"
    r"\b(?:chủ trì|họp|làm việc|hội nghị|phiên họp|kiểm tra)\b")


def _meeting_date(doc: Text, dates: list[tuple[int, int, str, str]]) -> str | None:
    m = _search_line_starts(_MEETING_RE, doc.text, 6000)
    if not m:
        return None
    hit = next((h for h in dates if h[0] < m.end("d") and h[1] > m.start("d") and h[3] == "day"), None)
    return hit[2] if hit else None


def _search_line_starts(rx: re.Pattern[str], text: str, endpos: int) -> re.Match[str] | None:
    """``rx.search(text, 0, endpos)`` for a pattern that begins with
    ``(?:^|\n)``: tried only at the start and at each line break.  (The
    engine cannot skip ahead to such a pattern's first character, so its own
    search tries it at every position: the lines are much fewer.)"""
    m = rx.match(text, 0, endpos)
    i = text.find("\n", 1, endpos)
    while m is None and i >= 0:
        m = rx.match(text, i, endpos)
        i = text.find("\n", i + 1, endpos)
    return m


def _due(value: str, precision: str) -> str | None:
    if precision == "quarter":
        return quarter_end_month(value)
    if precision in ("school_year", "period"):
        return value.split("/")[1]
    return value


def extract_deadlines(doc: Text, doc_date: str | None = None, not_before: str | None = None) -> list[Deadline]:
    """Every deadline in the document, sorted by position.

    ``doc_date`` is the document's date; ``not_before`` a day it cannot be older
    than when it is undated (the latest date of a document it cites): a time
    limit already past then is a cited or historical one, not a duty's."""
    text = doc.text
    found: list[tuple[int, int, str | None, str | None, str]] = []
    dates = date_hits(doc)
    by_start = {d[0]: d for d in dates}

    def date_at(pos: int):
        for s in range(pos, min(pos + 8, len(text))):
            if s in by_start:
                return by_start[s]
        return None

    low = lower(doc)
    for m in words(_ABS_CUE_RE, low):
        d = date_at(m.end())
        cue = m.group(0).lower()
        if d is not None:
            if cue.startswith("đến") and not re.search(r"(?i)(?:từ\s+nay|hoàn thành|xong)\s*$", text[max(0, m.start() - 20):m.start()]):
                # "đến ngày X" only ends a window started by "từ"
                if not _WINDOW_RE.search(text[max(0, m.start() - 60):m.start()]):
                    continue
            if cue.startswith("trong") or cue.endswith("trong"):
                # "trong tháng 11/2025", "trong quý IV"; "trong ngày 20 tháng 11 năm 2025" (within that day)
                if d[3] not in ("month", "year", "quarter") and not (d[3] == "day" and low.startswith("ngày", m.end())):
                    continue
            if _WHOLE_PLAN_RE.search(low, max(0, m.start() - 120), m.start()):
                continue  # "Thời gian thực hiện Chương trình: Từ năm 2025 đến hết năm 2030": the plan's span
            kind = "window" if _WINDOW_RE.search(text[max(0, m.start() - 60):m.start()]) else "absolute"
            found.append((m.start(), d[1], _due(d[2], d[3]), None, kind))
            continue
        dm = _DDMM_RE.match(text, m.end())
        if dm and 1 <= int(dm.group("m")) <= 12 and 1 <= int(dm.group("d")) <= 31:
            if dm.group("yearly"):
                found.append((m.start(), dm.end(), None, "yearly", "recurring"))
            elif doc_date and len(doc_date) >= 4:
                due = f"{doc_date[:4]}-{int(dm.group('m')):02d}-{int(dm.group('d')):02d}"
                found.append((m.start(), dm.end(), due, None, "absolute"))
    for m in words(_REPORT_DUE_RE, low):
        period = m.group("for")
        if period:
            rec = "semiannual" if period.endswith("6 tháng") else _PERIOD_NAMES[period.split()[-1]]
        else:
            rec = "quarterly" if m.group("q") else "yearly" if m.group("y") else "monthly"
        found.append((m.start(), m.end(), None, rec, "recurring"))
    for m in words(_LABEL_RE, low):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if _EVENT_TIME_RE.match(low, m.end()) and m.group(0).startswith("thời gian:"):
            continue  # "Thời gian: 01 buổi sáng, ngày 26/11/2025": when an event is held, no limit
        found.extend(_time_frame(text, dates, m.start(), m.end(), line_end))
    rows = task_rows(doc)
    for row in rows:
        cell = row.cells.get("due")
        if cell is not None:
            found.extend(_time_frame(text, dates, cell.start, cell.start, cell.end))
    for m in words(_RECUR_RE, low):
        if _OF_A_BUDGET_RE.search(low, max(0, m.start() - 40), m.start()):
            continue  # "dự toán ngân sách nhà nước hằng năm": the budget's period, not a duty's
        if _VIOLATION_RE.search(low, max(0, m.start() - 300), m.start()):
            continue
        if m.end() - m.start() <= 8 and (_PERIOD_IN_BRACKETS_RE.match(low, m.end()) or _PERIOD_AFTER_RE.match(low, m.end())):
            continue  # a bare "Định kỳ" whose period follows, in brackets or as a dated limit
        found.append((m.start(), m.end(), None, _recurrence(m), "recurring"))
    for m in words(_REL_RE, low):
        due = None
        if doc_date and len(doc_date) == 10 and not m.group("work"):
            due = (date.fromisoformat(doc_date) + timedelta(days=int(m.group("n")))).isoformat()
        found.append((m.start(), m.end(), due, None, "relative"))
    out = []
    meeting = _meeting_date(doc, dates)
    if meeting and doc_date and meeting < doc_date:
        doc_date = meeting  # the day the conclusions were set
    # a task table's row is a duty wherever it stands
    targets = [(a, b) for a, b in _target_sections(text)
               if not any(a <= r.cells["action"].start < b for r in rows)]
    floor = doc_date or not_before
    for start, end, due, rec, kind in leftmost_longest(found):
        if due and floor and kind in ("absolute", "window") and due < floor[: len(due)]:
            continue  # a limit already past when the document was signed: a cited one
        if any(a <= start < b for a, b in targets):
            continue  # "II. MỤC TIÊU ... đến năm 2030": a target's horizon, not a time limit on a duty
        every = None
        if rec == "periodic":
            em = _EVERY_RE.search(text, start, end)
            every = {"ngày": "day", "tuần": "week"}[em.group(1).lower()] if em else None
        out.append(Deadline(text[start:end], due, rec, kind, start, end, doc.page_at(start), every))
    # "định kỳ hằng tháng, quý, 6 tháng, năm": the first period is read above, the others here
    for m in words(_PERIOD_LIST_RE, low):
        for period in re.findall(r"6 tháng|06 tháng|tháng|quý|năm", m.group("more")):
            rec = "semiannual" if period.endswith("6 tháng") else _PERIOD_NAMES[period]
            out.append(Deadline(text[m.start():m.end()], None, rec, "recurring", m.start(), m.end(), doc.page_at(m.start())))
    # "báo cáo công tác tháng, quý, năm": one reporting duty per period
    for m in words(_REPORT_PERIODS_RE, low):
        for period in re.findall(r"6 tháng|tháng|quý|năm", m.group("periods")):
            rec = "semiannual" if period == "6 tháng" else _PERIOD_NAMES[period]
            out.append(Deadline(text[m.start():m.end()], None, rec, "recurring", m.start(), m.end(), doc.page_at(m.start())))
    out.sort(key=lambda d: d.start)
    return out


# A plan's targets and purpose sections ("II. MỤC TIÊU", "1. Mục tiêu chung", "1. Mục
# đích"): their dates and recurrences are horizons of targets, not limits on duties.
# A roman heading runs to the next roman heading, a numbered one to the next numbered
# or roman heading.  "Mục đích" counts only alone: "I. MỤC ĐÍCH, YÊU CẦU" holds
# requirements, which may set limits.
_TARGET_HEAD_RE = re.compile(
    r"(?m)^(?P<num>[IVX]{1,4}\.|\d{1,2}\.)[ \t]*(?:MỤC TIÊU|Mục tiêu|(?:MỤC ĐÍCH|Mục đích)[ \t]*$)")
_ROMAN_HEAD_RE = re.compile(r"(?m)^[IVX]{1,4}\.[ \t]")
_ANY_HEAD_RE = re.compile(r"(?m)^(?:[IVX]{1,4}|\d{1,2})\.[ \t]")


def _target_sections(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    if "MỤC" not in text and "Mục" not in text:
        return out  # (every heading _TARGET_HEAD_RE finds holds one; a (?m)^ pattern is tried at every position)
    for m in _TARGET_HEAD_RE.finditer(text):
        nxt = (_ROMAN_HEAD_RE if m.group("num")[0] in "IVX" else _ANY_HEAD_RE).search(text, m.end())
        if nxt:  # a section nothing closes may run over the duties: no range rather than a guess
            out.append((m.start(), nxt.start()))
    return out


# the span of the whole plan, not a limit on one of its duties
_WHOLE_PLAN_RE = re.compile(r"(?:^|\n)[^\n]{0,12}thời\s+gian\s+(?:thực\s+hiện|triển\s+khai)\s+(?:chương\s+trình|kế\s+hoạch|"
                            r"đề\s+án|dự\s+án|quy\s+hoạch)(?:\s+này)?\s*:[^\n]*$")
_ONGOING_RE = re.compile(r"(?i)\b(?:và|cho)\s+(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau)\b|\btrở\s+đi\b")


def _time_frame(text: str, dates: list[tuple[int, int, str, str]], start: int, vstart: int,
                vend: int) -> list[tuple[int, int, str | None, str | None, str]]:
    """A task's time frame: "Thời gian thực hiện: Tháng 12/2025", a table cell "2025"."""
    value = text[vstart:vend]
    hits = [h for h in dates if vstart <= h[0] < vend]
    if re.match(r"(?i)\s*từ\b", value) and len(hits) < 2:
        return []  # "Từ tháng 11/2025 (đến khi kết thúc)": a start, not a limit
    if _ONGOING_RE.search(value):
        return []  # "năm 2025 và các năm tiếp theo": a start and no end, like "thường xuyên"
    if hits:
        last = hits[-1]  # "Từ ngày 01/01/2026 đến ngày 31/3/2026": the end
        return [(start, last[1], _due(last[2], last[3]), None, "period")]
    year = _BARE_YEAR_RE.match(value) or _BARE_YEARS_RE.match(value)
    if year:
        return [(start, vstart + year.end("y"), year.group("y"), None, "period")]
    rec = next(words(_RECUR_RE, value.lower()), None)
    if rec and rec.start() < 5:
        return [(start, vstart + rec.end(), None, _recurrence(rec), "recurring")]
    return []


def _recurrence(m: re.Match[str]) -> str:
    g = m.groupdict()
    if g.get("six"):
        return "semiannual"
    if g.get("times"):
        once = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly"}
        return once.get(g["per"], "periodic") if int(g["times"]) == 1 else "periodic"
    if g.get("n"):
        months = int(g["n"]) * (12 if g["unit"] == "năm" else 1)
        return {1: "monthly", 3: "quarterly", 6: "semiannual", 12: "yearly"}.get(months, "periodic")
    period = g.get("p1") or g.get("p2")
    if period:
        return _PERIOD_NAMES[period.lower()]
    if m.group(0).lower().startswith("thường"):
        return "yearly"
    return "periodic"
