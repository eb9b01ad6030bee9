"""Deadlines as an iCalendar file (RFC 5545) a clerk can import.

Every dated deadline becomes an all-day event on its due day (a month or
year precision falls on its last day); a recurring duty becomes a recurring
event (RRULE) starting on the document's date.  The description names the
task and the document's number.  The text is built by hand: no dependency.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib

from vnnq.model import Deadline, Directive

_EVERY = {"day": "FREQ=DAILY", "week": "FREQ=WEEKLY"}
_FREQ = {"monthly": "FREQ=MONTHLY", "quarterly": "FREQ=MONTHLY;INTERVAL=3",
         "semiannual": "FREQ=MONTHLY;INTERVAL=6", "yearly": "FREQ=YEARLY"}


def _day(iso: str | None) -> dt.date | None:
    """The last day an ISO date at any precision stands for ("2026-07" → 2026-07-31)."""
    if not iso:
        return None
    try:
        if len(iso) == 10:
            return dt.date.fromisoformat(iso)
        if len(iso) == 7:
            y, m = int(iso[:4]), int(iso[5:7])
            return dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(iso) == 4:
            return dt.date(int(iso), 12, 31)
    except ValueError:
        return None
    return None


# the control characters a TEXT value may not hold (RFC 5545 §3.3.11: all but HTAB; line
# breaks are written as "\\n"), which a copied document may carry ("\x0b", "\x07")
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])


def _text(s: str) -> str:
    s = s.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545 §3.1)."""
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > 74:
            out.append(cur.decode("utf-8"))
            cur = b" " + b
        else:
            cur += b
    out.append(cur.decode("utf-8"))
    return "\r\n".join(out)


def _task_of(d: Directive, dl: Deadline) -> str | None:
    for t in d.tasks:
        if t.start <= dl.start < t.end:
            unit = t.unit_canonical or t.unit
            return f"{unit}: {t.action}" if unit else t.action
    return None


def to_ics(directives: list[Directive], now: dt.datetime | None = None) -> str:
    """One VCALENDAR with the deadlines of every directive."""
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vnnq//deadlines//VI", "CALSCALE:GREGORIAN"]
    for d in directives:
        code = d.document.code or d.source.name or ""
        for dl in d.deadlines:
            day = _day(dl.due)
            rrule = _FREQ.get(dl.recurrence or "") or _EVERY.get(dl.every or "")
            if day is None and rrule:
                day = _day(d.document.date)  # a recurring duty runs from the document's date
            if day is None:
                continue
            task = _task_of(d, dl)
            summary = f"Hạn: {task or dl.text}"[:200]
            desc = f"{dl.text}\nNhiệm vụ: {task or '-'}\nVăn bản: {code} {d.document.date or ''}\nTrang {dl.page}"
            uid = hashlib.sha1(f"{d.source.sha256}|{dl.start}|{dl.text}".encode()).hexdigest()
            lines += ["BEGIN:VEVENT", f"UID:{uid}@vnnq", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                      f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
                      f"SUMMARY:{_text(summary)}", f"DESCRIPTION:{_text(desc)}"]
            if rrule:
                lines.append(f"RRULE:{rrule}")
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(x) for x in lines) + "\r\n"
