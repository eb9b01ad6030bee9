"""Ruled tables on scanned pages: the grid of cells, found from the rules in the image.

A text-layer PDF gives its rules as drawn lines (pdfplumber's ``find_tables``);
a scan gives only pixels.  The plan annexes vnnq reads (NĐ 30/2020 Phụ lục IV:
Nhiệm vụ | Cơ quan chủ trì | Phối hợp | Thời hạn | Sản phẩm) are ruled grids,
so their cells are found the way a text-layer table's are, from the rules:

1. **Rules.**  On the deskewed page (:func:`vnnq.ingest.ocr.prepare`), a
   horizontal rule is a run of dark pixels along a pixel row far longer than
   any letter stroke (:data:`MIN_HRULE_IN`); a vertical rule likewise along a
   column (the page is transposed and read the same way).  Runs on adjacent
   pixel rows that overlap are one rule (a rule is several pixels thick, and
   a residual skew of a tenth of a degree breaks it into steps).  Runs are
   found by a regular expression over the bytes of the binarised image, so
   this needs Pillow only.
2. **Crossings.**  A vertical and a horizontal rule cross when each reaches
   the other within :data:`JOIN_IN` (a rule that stops at another one, as at
   the table's edge, counts).
3. **Cells.**  As pdfplumber does for drawn lines: from each crossing, the
   nearest crossing below on the same vertical rule and to the right on the
   same horizontal rule that close a rectangle with a fourth crossing.  A
   rule missing between two cells (a merged cell) leaves no crossing there, so
   the rectangle found spans both.
4. **Tables.**  Cells sharing a corner form one table (a frame of one
   column is not one); its distinct left
   edges are the columns and its distinct top edges the rows.  A cell is given
   at the row and column where it starts, and nothing where a merged cell
   covers: the shape of pdfplumber's ``Table.rows`` that the PDF reader takes.

The rules of the tables found are painted white before Tesseract reads the
page: a rule is read as "|", "l" or "I" glued to the words beside it, and the
words of a cell are then placed by position (:func:`vnnq.ingest.pdf._ocr_page`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Grid", "find_grids", "erase_rules"]

# Dark enough to be ink: blur and JPEG make a 1-pt rule grey at its edges.
INK_LEVEL = 170
# A horizontal rule is at least this long (inches): a long word in capitals is
# about 0.6 in at 13 pt, but a single pixel row crosses few of its letters in
# one run; the narrowest column of a task table (STT, "TT") is about 0.4 in.
MIN_HRULE_IN = 0.3
# A vertical rule: one line of 10-13 pt text in a cell with its padding is
# about 0.2 in high; a letter's stem ("l", "đ") is under 0.12 in.
MIN_VRULE_IN = 0.15
# A rule is at most this thick (inches, ~2.2 pt); a thicker dark band is a
# filled area (a shaded header, a photo), not a rule.
MAX_RULE_IN = 0.03
# Two runs on pixel rows this close (inches) and overlapping are one rule;
# pieces of one rule in line with a gap this small (a JPEG speck) are joined.
JOIN_IN = 0.02
# The grey rim that blur and JPEG leave beside a rule (inches): painted white
# with the rule, or Tesseract reads it as "=———" (tests/test_ocr_tables.py).
ERASE_RIM_IN = 0.012
# The smallest cell (inches): smaller rectangles are the gaps of a double rule.
MIN_CELL_IN = 0.08


@dataclass(frozen=True, slots=True)
class _Rule:
    pos: float  # y of a horizontal rule, x of a vertical one (pixels, its middle)
    lo: int  # x0 (horizontal) or y0 (vertical)
    hi: int
    thick: int  # pixels across


@dataclass(frozen=True, slots=True)
class Grid:
    """One ruled table: ``rows[r][c]`` is the box ``(x0, top, x1, bottom)`` of
    the cell starting at row r, column c, or None where a merged cell covers;
    ``bbox`` the whole table.  In the units the page was scaled to."""

    bbox: tuple[float, float, float, float]
    rows: list[list[tuple[float, float, float, float] | None]]
    rules: list[tuple[str, float, float, float, float]]  # ("h"|"v", pos, lo, hi, thick), pixels

    def scaled(self, factor: float) -> Grid:
        def box(b):
            return None if b is None else tuple(v * factor for v in b)

        return Grid(box(self.bbox), [[box(b) for b in row] for row in self.rows], self.rules)


def _runs(binary, min_len: int) -> list[tuple[int, int, int]]:
    """(line, start, end) of every run of ink at least ``min_len`` long along
    the pixel rows of ``binary`` (mode "L", 255 = ink)."""
    from PIL import Image

    w, h = binary.size
    # one blank column at the right so that no run wraps to the next row
    padded = Image.new("L", (w + 1, h), 0)
    padded.paste(binary, (0, 0))
    data = padded.tobytes()
    stride = w + 1
    found = []
    for m in re.finditer(rb"\xff{%d,}" % min_len, data):
        line, start = divmod(m.start(), stride)
        found.append((line, start, start + (m.end() - m.start())))
    return found


def _rules(runs: list[tuple[int, int, int]], join: int, max_thick: int) -> list[_Rule]:
    """Runs on neighbouring lines that overlap → rules; pieces in line with a
    small gap → one rule."""
    open_: list[list[int]] = []  # [first line, last line, lo, hi]
    done: list[list[int]] = []
    for line, lo, hi in sorted(runs):
        still = []
        merged = None
        for r in open_:
            if line - r[1] > join:
                done.append(r)
                continue
            if lo <= r[3] + join and hi >= r[2] - join:
                if merged is None:
                    r[1], r[2], r[3] = line, min(r[2], lo), max(r[3], hi)
                    merged = r
                else:  # the run bridges two open pieces: one rule
                    merged[0], merged[2], merged[3] = min(merged[0], r[0]), min(merged[2], r[2]), max(merged[3], r[3])
                    continue
            still.append(r)
        if merged is None:
            still.append([line, line, lo, hi])
        open_ = still
    done.extend(open_)
    rules = [_Rule((a + b) / 2, lo, hi, b - a + 1) for a, b, lo, hi in done if b - a + 1 <= max_thick]
    # pieces of one rule in line (a gap of a speck): joined
    rules.sort(key=lambda r: (r.pos, r.lo))
    out: list[_Rule] = []
    for r in rules:
        for i, o in enumerate(out):
            if abs(o.pos - r.pos) <= join and r.lo <= o.hi + join and r.hi >= o.lo - join:
                out[i] = _Rule((o.pos + r.pos) / 2, min(o.lo, r.lo), max(o.hi, r.hi), max(o.thick, r.thick))
                break
        else:
            out.append(r)
    return out


def _crossings(hs: list[_Rule], vs: list[_Rule], tol: float) -> set[tuple[int, int]]:
    return {(i, j) for i, h in enumerate(hs) for j, v in enumerate(vs)
            if h.lo - tol <= v.pos <= h.hi + tol and v.lo - tol <= h.pos <= v.hi + tol}


def _cells(hs: list[_Rule], vs: list[_Rule], cross: set[tuple[int, int]], min_cell: float):
    """(h top, v left, h bottom, v right) rule indexes of every cell."""
    on_v: dict[int, list[int]] = {}
    on_h: dict[int, list[int]] = {}
    for i, j in cross:
        on_v.setdefault(j, []).append(i)
        on_h.setdefault(i, []).append(j)
    for lst in on_v.values():
        lst.sort(key=lambda i: hs[i].pos)
    for lst in on_h.values():
        lst.sort(key=lambda j: vs[j].pos)
    cells = []
    for i, j in cross:
        below = [b for b in on_v[j] if hs[b].pos - hs[i].pos >= min_cell]
        right = [r for r in on_h[i] if vs[r].pos - vs[j].pos >= min_cell]
        found = None
        for b in below:
            for r in right:
                if (b, r) in cross:
                    found = (i, j, b, r)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def find_grids(gray, dpi: int) -> list[Grid]:
    """The ruled tables of a deskewed grayscale page, in pixels, top to bottom."""
    from PIL import Image

    binary = gray.point(lambda v: 255 if v < INK_LEVEL else 0)
    join = max(2, round(JOIN_IN * dpi))
    max_thick = max(3, round(MAX_RULE_IN * dpi))
    hs = _rules(_runs(binary, max(10, round(MIN_HRULE_IN * dpi))), join, max_thick)
    if len(hs) < 2:
        return []
    vs = _rules(_runs(binary.transpose(Image.Transpose.TRANSPOSE), max(10, round(MIN_VRULE_IN * dpi))),
                join, max_thick)
    if len(vs) < 2:
        return []
    cross = _crossings(hs, vs, join + max_thick / 2)
    cells = _cells(hs, vs, cross, MIN_CELL_IN * dpi)
    if not cells:
        return []
    # cells sharing a corner crossing: one table (union-find)
    parent = list(range(len(cells)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[tuple[int, int], int] = {}
    for k, (i, j, b, r) in enumerate(cells):
        for corner in ((i, j), (i, r), (b, j), (b, r)):
            if corner in owner:
                parent[find(k)] = find(owner[corner])
            else:
                owner[corner] = k
    groups: dict[int, list[tuple[int, int, int, int]]] = {}
    for k, c in enumerate(cells):
        groups.setdefault(find(k), []).append(c)
    grids = [_grid(group, hs, vs, join) for group in groups.values()]
    # a frame (a boxed note, a border round the page) is one column, not a
    # table: its text is read with the page's, as before
    grids = [g for g in grids if max(sum(c is not None for c in row) for row in g.rows) >= 2]
    grids.sort(key=lambda g: g.bbox[1])
    return grids


def _levels(values: list[float], tol: float) -> list[float]:
    """Distinct positions (within ``tol``), ascending."""
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(levels: list[float], v: float) -> int:
    return min(range(len(levels)), key=lambda k: abs(levels[k] - v))


def _grid(cells, hs: list[_Rule], vs: list[_Rule], tol: float) -> Grid:
    boxes = [(vs[j].pos, hs[i].pos, vs[r].pos, hs[b].pos) for i, j, b, r in cells]
    boxes = sorted(set(boxes), key=lambda x: (x[1], x[0]))
    xs = _levels([b[0] for b in boxes], tol)
    ys = _levels([b[1] for b in boxes], tol)
    rows: list[list[tuple[float, float, float, float] | None]] = [[None] * len(xs) for _ in ys]
    for box in boxes:
        r, c = _index(ys, box[1]), _index(xs, box[0])
        if rows[r][c] is None:
            rows[r][c] = box
    bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    used_h = {i for i, _, b, _ in cells} | {b for _, _, b, _ in cells}
    used_v = {j for _, j, _, r in cells} | {r for _, _, _, r in cells}
    rules = ([("h", hs[i].pos, hs[i].lo, hs[i].hi, hs[i].thick) for i in sorted(used_h)]
             + [("v", vs[j].pos, vs[j].lo, vs[j].hi, vs[j].thick) for j in sorted(used_v)])
    return Grid(bbox, rows, rules)


def erase_rules(gray, grids: list[Grid], dpi: int):
    """A copy of the page with the rules of ``grids`` painted white."""
    from PIL import ImageDraw

    if not grids:
        return gray
    out = gray.copy()
    draw = ImageDraw.Draw(out)
    margin = max(2, round(ERASE_RIM_IN * dpi))
    for grid in grids:
        for kind, pos, lo, hi, thick in grid.rules:
            half = thick / 2 + margin
            if kind == "h":
                draw.rectangle([lo - margin, pos - half, hi + margin, pos + half], fill=255)
            else:
                draw.rectangle([pos - half, lo - margin, pos + half, hi + margin], fill=255)
    return out
