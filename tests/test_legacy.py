"""Old formats and encodings of a real office (issue 6): TCVN3 (.VnTime) and VNI
text, Windows-1258 and VIQR, and .doc/.rtf/.odt through LibreOffice.

The legacy encoders below are written here from the descriptions of the
encodings (TCVN 5712:1993 VN3; VNI-Windows; RFC 1456), independently of the
decoding tables in ``vnnq/data/legacy_encodings.yaml``, so that every letter
round-trips through two separate statements of each encoding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import vnnq
from vnnq.errors import ConversionTimeout, MissingDependency, UnreadableDocument, UnsupportedFormat
from vnnq.ingest import legacy, read_bytes
from vnnq.pipeline import Settings

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- the alphabet

_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # -, huyền, sắc, hỏi, ngã, nặng
LOWER = [unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES if (b + t) not in "aeiouy"] + ["đ"]
UPPER = [c.upper() for c in LOWER]
LETTERS = LOWER + UPPER


def test_the_alphabet_has_134_letters():
    assert len(LOWER) == 67 and len(set(LETTERS)) == 134
    assert all(len(c) == 1 and not c.isascii() for c in LETTERS)


# ---------------------------------------------------------------- TCVN3 encoder
# TCVN 5712:1993 VN3, written as the standard's chart reads: per vowel, the
# bytes of the tones huyền, hỏi, ngã, sắc, nặng (in that order).
_TCVN3_CHART = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9), "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB), "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6), "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4), "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE), "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9), "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_BASES = dict(zip("ĂÂÊÔƠƯĐăâêôơưđ", range(0xA1, 0xAF)))
_CHART_TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


def tcvn3_encode(text: str) -> str:
    """Unicode → TCVN3 (as Latin-1 characters); a capital without a byte of its
    own raises: it needs the capital font (:func:`tcvn3_encode_caps`)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii() or not ch.isalpha():  # punctuation (“ ”) is the code page's
            out.append(ch)
        elif ch in _TCVN3_BASES:
            out.append(chr(_TCVN3_BASES[ch]))
        else:
            d = unicodedata.normalize("NFD", ch)  # NFD puts the dot below before a breve: ặ = a ̣ ̆
            tone = "".join(c for c in d if c in _CHART_TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _CHART_TONES))
            if base not in _TCVN3_CHART or len(tone) != 1:
                raise ValueError(f"{ch!r} has no TCVN3 byte in a lower-case font")
            out.append(chr(_TCVN3_CHART[base][_CHART_TONES.index(tone)]))
    return "".join(out)


def tcvn3_encode_caps(text: str) -> str:
    """Text for a .VnTimeH run: the lower-case bytes, drawn as capitals."""
    return tcvn3_encode(text.lower())


# ---------------------------------------------------------------- VNI encoder
# VNI-Windows: base letter + one mark byte (lower-case form; capitals take the
# byte 0x20 lower); ơ ư đ and the toned i are bytes of their own.
_VNI_MARK = {
    "\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF,
    "\u0302": 0xE2, "\u0302\u0301": 0xE1, "\u0302\u0300": 0xE0, "\u0302\u0309": 0xE5,
    "\u0302\u0303": 0xE3, "\u0302\u0323": 0xE4,
    "\u0306": 0xEA, "\u0306\u0301": 0xE9, "\u0306\u0300": 0xE8, "\u0306\u0309": 0xFA,
    "\u0306\u0303": 0xFC, "\u0306\u0323": 0xEB,
}
_VNI_SINGLE = {"đ": 0xF1, "ơ": 0xF4, "ư": 0xF6, "ì": 0xEC, "í": 0xED, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2}


def vni_encode(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
            continue
        upper = ch.isupper()
        low = ch.lower()
        shift = 0x20 if upper else 0
        if low in _VNI_SINGLE:
            out.append(chr(_VNI_SINGLE[low] - shift))
            continue
        d = unicodedata.normalize("NFD", low)
        # shape first, then tone (NFD orders the dot below before the others)
        base = d[0]
        marks = "".join(c for c in d[1:] if c not in _TONES) + "".join(c for c in d[1:] if c in _TONES)
        if marks.startswith("\u031b"):  # ơ ư with a tone: the single byte, then the tone
            out.append(chr(_VNI_SINGLE[unicodedata.normalize("NFC", base + "\u031b")] - shift))
            marks = marks[1:]
        else:
            out.append(base.upper() if upper else base)
        out.append(chr(_VNI_MARK[marks] - shift))
    return "".join(out)


def cp1258_encode(text: str) -> bytes:
    """Windows-1258 as Windows writes it: the base letter (â ê ô ơ ư ă đ have
    bytes of their own) followed by the tone as a combining byte."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in _CHART_TONES)
        out += unicodedata.normalize("NFC", "".join(c for c in d if c not in _CHART_TONES)).encode("cp1258")
        out += tone.encode("cp1258")
    return out


@pytest.mark.parametrize("letter", LETTERS)
def test_windows_1258_every_letter(letter):
    assert unicodedata.normalize("NFC", cp1258_encode(letter).decode("cp1258")) == letter


@pytest.mark.parametrize("letter", LOWER + ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_every_letter_of_a_normal_font(letter):
    encoded = tcvn3_encode(letter)
    assert len(encoded) == 1 and "\xa1" <= encoded <= "\xfe"
    assert legacy.decode_tcvn3(encoded) == letter
    assert legacy.convert_run(encoded, legacy.font_encoding(".VnTime")) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_every_capital_through_a_capital_font(letter):
    encoded = tcvn3_encode_caps(letter)
    assert legacy.convert_run(encoded, legacy.font_encoding(".VnTimeH")) == letter


@pytest.mark.parametrize("letter", LETTERS)
def test_vni_every_letter(letter):
    encoded = vni_encode(letter)
    assert all("\xc0" <= c <= "\xff" or c.isascii() for c in encoded)
    assert legacy.decode_vni(encoded) == letter
    assert legacy.convert_run(encoded, legacy.font_encoding("VNI-Times")) == letter


def test_every_tcvn3_byte_and_vni_mark_is_used():
    """The tables hold nothing the encoders never write (no stray entries)."""
    tcvn3 = {tcvn3_encode(c) for c in LOWER + list("ĂÂÊÔƠƯĐ")}
    assert len(tcvn3) == 74
    vni = {c for letter in LETTERS for c in vni_encode(letter) if not c.isascii()}
    assert len(vni) == 2 * (len(_VNI_MARK) + len(_VNI_SINGLE))


def test_vni_reads_a_lower_case_mark_after_a_capital():
    assert legacy.decode_vni("Aù Oâ") == "Á Ô"


def test_vni_leaves_what_is_no_vni_letter():
    # ơ/ư take no circumflex, i takes no breve: left as they were
    assert legacy.decode_vni("iê") == "iê"


WORDS = ("Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Ủy ban nhân dân "
         "tỉnh Quảng Ngãi giao Sở Tài chính chủ trì, phối hợp với các sở, ngành rà soát, "
         "báo cáo kết quả thực hiện trước ngày 25 tháng 3 năm 2026.")


@pytest.mark.parametrize("encode, decode", [
    (tcvn3_encode, legacy.decode_tcvn3), (vni_encode, legacy.decode_vni),
], ids=["tcvn3", "vni"])
def test_round_trip_of_a_sentence(encode, decode):
    text = WORDS.replace("Ủy", "ủy")  # TCVN3 has no Ủ in a normal font
    assert decode(encode(text)) == text


def test_font_names():
    cases = {
        ".VnTime": "tcvn3", ".VnArial": "tcvn3", ".vntime": "tcvn3", ".VnCentury Schoolbook": "tcvn3",
        ".VnTimeH": "tcvn3-caps", ".VnArial NarrowH": "tcvn3-caps",
        "VNI-Times": "vni", "VNI-Helve-Condense": "vni", "vni-times": "vni",
        "Times New Roman": None, "Arial": None, "VnTime": None, "VNIX": None, "": None, None: None,
    }
    assert {name: legacy.font_encoding(name) for name in cases} == cases


# ---------------------------------------------------------------- VIQR


@pytest.mark.parametrize("viqr, text", [
    ("Vie^.t Nam", "Việt Nam"),
    ("Ha` No^.i", "Hà Nội"),
    ("ddo^.c la^.p - tu+. do - ha.nh phu'c", "độc lập - tự do - hạnh phúc"),
    ("DDa('k La('k", "Đắk Lắk"),
    ("Thu?y so+? ngu+o+`i", "Thủy sở người"),
    ("chu+o+ng tri`nh\\.", "chương trình."),  # an escaped full stop
], ids=["viet-nam", "ha-noi", "tieu-ngu", "dd-capital", "horn-and-hook", "escape"])
def test_viqr(viqr, text):
    assert legacy.decode_viqr(viqr) == text


# ---------------------------------------------------------------- a directive in each encoding

DIRECTIVE = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Ngãi, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2026

Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;
Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau:

1. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát các thủ tục hành chính, báo cáo kết quả trước ngày 25 tháng 3 năm 2026.
2. Công an tỉnh xây dựng cơ sở dữ liệu dân cư, hoàn thành trong Quý III/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn An
"""

HEADER = {"code": "12/KH-UBND", "type": "Kế hoạch", "date": "2026-03-05"}


def _caps_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _tcvn3_txt(text: str) -> bytes:
    """A .txt as a TCVN3 editor saved it: capital lines were typed in .VnTimeH,
    i.e. as lower-case bytes with ASCII capitals (QUYÕT §ÞNH)."""
    lines = []
    for line in text.split("\n"):
        if _caps_line(line):
            lines.append("".join(c if c.isascii() else tcvn3_encode(c.lower()) for c in line))
        else:
            lines.append(tcvn3_encode(line))
    return "\r\n".join(lines).encode("cp1252")  # “ ” are 0x93 0x94, as Windows saved them


def _header(d) -> dict:
    doc = d.document
    return {"code": doc.code, "type": doc.type, "date": doc.date}


def _assert_directive(d, unicode_text: str = DIRECTIVE):
    assert _header(d) == HEADER
    assert d.document.issuer and "ỦY BAN NHÂN DÂN" in d.document.issuer.upper()
    assert "Triển khai công tác chuyển đổi số" in d.text
    assert any(t.unit == "Sở Tài chính" and t.deadline == "2026-03-25" for t in d.tasks)


def test_a_tcvn3_txt():
    data = _tcvn3_txt(DIRECTIVE.replace("Ủy ban nhân dân tỉnh ban hành Kế hoạch",
                                        "ủy ban nhân dân tỉnh ban hành “Kế hoạch”"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    d = vnnq.extract(data, name="ke-hoach.txt")
    _assert_directive(d)
    assert "ban hành “Kế hoạch” triển khai" in d.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in d.text  # the capital lines came back capital
    assert "Số: 12/KH-UBND" in d.text  # and "Sè: 12/KH-UBND" (mixed case) did not turn into SỐ
    assert any("TCVN3" in w for w in d.warnings)


def test_a_vni_txt():
    data = vni_encode(DIRECTIVE).replace("\n", "\r\n").encode("latin-1")
    d = vnnq.extract(data, name="ke-hoach.txt")
    _assert_directive(d)
    assert "ỦY BAN NHÂN DÂN" in d.text
    assert any("VNI" in w for w in d.warnings)


def test_a_windows_1258_txt():
    # Windows-1258 writes most toned letters as base + combining tone byte
    data = cp1258_encode(DIRECTIVE)
    d = vnnq.extract(data, name="ke-hoach.txt")
    _assert_directive(d)
    assert any("Windows-1258" in w for w in d.warnings)


def test_tcvn3_copied_into_a_utf8_file():
    data = _tcvn3_txt(DIRECTIVE.replace("Ủy ban nhân dân tỉnh ban", "ủy ban nhân dân tỉnh ban"))
    d = vnnq.extract(data.decode("cp1252").encode("utf-8"), name="ke-hoach.txt")
    _assert_directive(d)


def test_viqr_text():
    viqr = _viqr_encode(DIRECTIVE)
    assert "CO^.NG HO`A XA~ HO^.I" in viqr
    d = vnnq.extract(viqr.encode("ascii"), name="ke-hoach.txt")
    _assert_directive(d)
    assert any("VIQR" in w for w in d.warnings)


_VIQR_SHAPE = {"\u0306": "(", "\u0302": "^", "\u031b": "+"}
_VIQR_TONE = {"\u0301": "'", "\u0300": "`", "\u0309": "?", "\u0303": "~", "\u0323": "."}


def _viqr_encode(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
        elif ch.isascii():
            out.append(ch)
        else:
            d = unicodedata.normalize("NFD", ch)
            out.append(d[0] + "".join(_VIQR_SHAPE.get(m, "") for m in d[1:])
                       + "".join(_VIQR_TONE.get(m, "") for m in d[1:]))
    return "".join(out)


def test_unicode_vietnamese_is_never_touched():
    d = vnnq.extract(DIRECTIVE.encode("utf-8"), name="ke-hoach.txt")
    assert d.warnings == [] or not any("converted" in w for w in d.warnings)
    _assert_directive(d)
    for path in sorted((ROOT / "corpus").rglob("*")):
        if path.suffix in (".md", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert legacy.repair_text(text) == (text, None), path.name


@pytest.mark.parametrize("text", [
    "The committee met on 5 March 2026 and approved the plan for the digital transformation "
    "of the province's public services, with a report due before 25 March 2026.",
    # Latin-1 languages: the tables would turn their accents into Vietnamese letters
    "Le comité a approuvé le règlement intérieur; la présidente a présenté le rapport "
    "financier de l'année écoulée et les prévisions budgétaires pour l'exercice à venir.",
    "Die Geschäftsführung hat über die Änderungen der Satzung beraten und die Prüfung "
    "des Jahresabschlusses für das vergangene Geschäftsjahr an den Ausschuss übergeben.",
    "El señor alcalde aprobó la modificación del presupuesto municipal y la ampliación "
    "del horario de atención al público en las oficinas de la administración.",
    # a URL, a path, a question mark after a vowel: not VIQR
    "See https://example.org/a?b=c and C:\\temp\\x.txt, who? me? yes. (a) (b) (c) done.",
], ids=["english", "french", "german", "spanish", "punctuation"])
def test_other_languages_are_never_converted(text):
    assert legacy.repair_text(text) == (text, None)
    assert legacy.decode_legacy_bytes(text.encode("latin-1")) is None


def test_unicode_vietnamese_with_latin1_letters_only_is_not_touched():
    """No ă đ ơ ư nor a letter of U+1EA0-U+1EF9 to tell Unicode at once: the
    trial conversions are scored, and none is better than the text as it is."""
    text = ("Tôi là giáo viên và nhà tôi có chín cái bàn; các cô chú nói là tôi nên ghi chép chi tiêu "
            "cho nhà, cho con, cho các em nhé, và ghi tên tôi là Tô Thị Lý.").replace("Thị ", "")
    assert not legacy._UNICODE_VIETNAMESE.search(text)
    assert legacy.repair_text(text) == (text, None)


# ---------------------------------------------------------------- mixed files: decided line by line

_TASKS = [line for line in DIRECTIVE.split("\n") if line.startswith(("1. ", "2. "))]


def _letter_lines() -> list[str]:
    """A Unicode line for every one of the 134 letters.  With a Latin-1 letter
    (à á â ã è é ê ì í ò ó ô õ ù ú ý and capitals) the line has no letter
    only Unicode has: nothing but the scoring keeps it from being read as
    TCVN3 or VNI."""
    return [f"Tôi có {c} và {c}{c} là chín cái bàn" for c in LETTERS]


@pytest.mark.parametrize("encode, name", [(tcvn3_encode, "TCVN3"), (vni_encode, "VNI")], ids=["tcvn3", "vni"])
def test_a_mixed_txt_converts_its_legacy_lines_only(encode, name):
    """A Unicode text with two paragraphs pasted from an old file: before
    this, the file was Unicode (five letters only Unicode has) and the pasted
    paragraphs stayed garbage."""
    lines = DIRECTIVE.split("\n")
    at = lines.index(_TASKS[0])
    letters = _letter_lines()
    mixed = lines[:at] + [encode(t) for t in _TASKS] + lines[at + 2:] + letters
    d = vnnq.extract("\n".join(mixed).encode("utf-8"), name="ke-hoach.txt")
    _assert_directive(d)
    for task in _TASKS:
        assert task in d.text
    for line in letters + [x for x in lines if x]:
        assert line in d.text, line  # (the normalizer may join short lines, the letters stay)
    assert any(f"2 line(s) in {name}" in w for w in d.warnings), d.warnings


def test_a_mixed_text_keeps_every_unicode_letter():
    text = "\n".join(DIRECTIVE.split("\n") + _letter_lines() + [tcvn3_encode(t) for t in _TASKS])
    r = legacy.repair(text)
    assert (r.encoding, r.lines) == ("tcvn3", 2)
    assert r.text.split("\n")[:-2] == text.split("\n")[:-2]
    assert r.text.split("\n")[-2:] == _TASKS


def test_a_unicode_text_with_latin1_lines_only_is_not_mixed():
    text = "\n".join(DIRECTIVE.split("\n") + _letter_lines())
    assert legacy.repair(text) == legacy.Repair(text)


def test_a_legacy_file_keeps_a_line_retyped_in_unicode():
    """A TCVN3 file with one line in Unicode (fewer than five Unicode-only
    letters, so the file is read as TCVN3): that line is not converted."""
    plain = DIRECTIVE.replace("Ủy ban nhân dân tỉnh ban", "ủy ban nhân dân tỉnh ban")
    lines = _tcvn3_txt(plain).decode("cp1252").split("\r\n")
    lines[5] = "Hà Nội, ngày 05 tháng 3 năm 2026"
    out, encoding = legacy.repair_text("\n".join(lines))
    assert encoding == "tcvn3"
    assert out.split("\n")[5] == "Hà Nội, ngày 05 tháng 3 năm 2026"
    assert _TASKS[0] in out


def test_a_docx_with_a_paragraph_pasted_without_its_font(tmp_path):
    import docx

    doc = docx.Document()
    for line in DIRECTIVE.split("\n"):
        if line:
            text = tcvn3_encode(line) if line in _TASKS else line
            doc.add_paragraph(text).runs[0].font.name = "Times New Roman"
    doc.save(tmp_path / "pasted.docx")
    d = vnnq.extract(tmp_path / "pasted.docx")
    _assert_directive(d)
    assert all(t in d.text for t in _TASKS)
    assert any("2 line(s) in TCVN3" in w and "without a legacy font" in w for w in d.warnings)


def test_undecodable_bytes_that_are_not_vietnamese_are_still_refused():
    data = "Công văn".encode("cp1258") + b"\xff\xfe\x80"
    with pytest.raises(UnreadableDocument, match="not valid UTF-8"):
        read_bytes(data, "x.txt")
    with pytest.raises(UnreadableDocument):
        read_bytes(os.urandom(64).replace(b"\x00", b"") + cp1258_encode("Điều 1"), "y.txt")


# ---------------------------------------------------------------- DOCX runs: the font decides


def _legacy_docx(path: Path, encode=tcvn3_encode, caps=tcvn3_encode_caps,
                 font=".VnTime", caps_font=".VnTimeH", in_style: bool = False) -> bytes:
    """DIRECTIVE as a DOCX typed in a legacy font: the header table of NĐ 30
    (ô 2 + ô 3 left, ô 1 + ô 4 right), capital lines in the capital font, and
    one run in Times New Roman whose Latin-1 letters must stay as they are.
    ``in_style``: the normal font is set in the Normal style, not on the runs."""
    import docx

    lines = DIRECTIVE.strip("\n").split("\n")
    doc = docx.Document()
    if in_style:
        doc.styles["Normal"].font.name = font

    def add(paragraph, text):
        if _caps_line(text):
            paragraph.add_run(caps(text)).font.name = caps_font
            return
        # A capital TCVN3 has no byte for (Ủ of "Ủy ban") is typed in the
        # capital font, a run of its own, as clerks did
        segments: list[tuple[str, bool]] = []
        for ch in text:
            try:
                piece, capital = encode(ch), False
            except ValueError:
                piece, capital = caps(ch), True
            if segments and segments[-1][1] == capital:
                segments[-1] = (segments[-1][0] + piece, capital)
            else:
                segments.append((piece, capital))
        for piece, capital in segments:
            run = paragraph.add_run(piece)
            if capital or not in_style:
                run.font.name = caps_font if capital else font

    table = doc.add_table(rows=2, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    add(left.paragraphs[0], lines[0])
    add(left.add_paragraph(), lines[1])
    add(right.paragraphs[0], lines[3])
    add(right.add_paragraph(), lines[4])
    add(table.cell(1, 0).paragraphs[0], lines[2])
    add(table.cell(1, 1).paragraphs[0], lines[5])
    for line in lines[6:]:
        if line:
            add(doc.add_paragraph(), line)
    p = doc.add_paragraph()
    add(p, "Đại diện: ")
    p.add_run("Café Müller").font.name = "Times New Roman"
    doc.save(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def tcvn3_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("legacy") / "ke-hoach-vntime.docx"
    _legacy_docx(path)
    return path


def _assert_legacy_docx(d):
    _assert_directive(d)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in d.text
    assert "Đại diện: Café Müller" in d.text  # the Times New Roman run is Latin-1, untouched
    assert "người" not in DIRECTIVE or "người" in d.text
    assert "Nguyễn Văn An" in d.text


def test_docx_with_vntime_runs(tcvn3_docx):
    d = vnnq.extract(tcvn3_docx)
    _assert_legacy_docx(d)
    assert d.source.format == "docx"
    assert any("legacy Vietnamese fonts" in w for w in d.warnings)


def test_docx_with_vni_runs(tmp_path):
    data = _legacy_docx(tmp_path / "vni.docx", vni_encode, vni_encode, "VNI-Times", "VNI-Times")
    _assert_legacy_docx(vnnq.extract(data, name="vni.docx"))


def test_docx_font_from_the_normal_style(tmp_path):
    """Old documents saved again often set .VnTime once, in the Normal style."""
    data = _legacy_docx(tmp_path / "normal.docx", in_style=True)
    assert b".VnTime" not in _member(data, "word/document.xml").replace(b".VnTimeH", b"")
    _assert_legacy_docx(vnnq.extract(data, name="normal.docx"))


def _member(data: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def test_docx_in_unicode_is_not_touched(tmp_path):
    import docx

    doc = docx.Document()
    for line in DIRECTIVE.split("\n"):
        if line:
            doc.add_paragraph(line).runs[0].font.name = "Times New Roman"
    doc.add_paragraph("Café Müller ½ µ ¸")
    doc.save(tmp_path / "u.docx")
    d = vnnq.extract(tmp_path / "u.docx")
    _assert_directive(d)
    assert "Café Müller ½ µ ¸" in d.text and d.warnings == []


# ---------------------------------------------------------------- .doc .rtf .odt through LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None,
                                   reason="LibreOffice (soffice) is not installed: bash scripts/install.sh")


@pytest.fixture(scope="module")
def office_files(tcvn3_docx, tmp_path_factory) -> dict[str, Path]:
    """The .VnTime DOCX saved as .doc, .rtf and .odt by LibreOffice itself."""
    out = tmp_path_factory.mktemp("office")
    files = {}
    for ext in ("doc", "rtf", "odt"):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                        "--convert-to", ext, "--outdir", str(out), str(tcvn3_docx)],
                       check=True, capture_output=True, timeout=180)
        files[ext] = out / f"{tcvn3_docx.stem}.{ext}"
        assert files[ext].is_file()
    return files


@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "rtf", "odt"])
def test_old_formats_through_libreoffice(office_files, ext):
    path = office_files[ext]
    magic = {"doc": b"\xd0\xcf\x11\xe0", "rtf": b"{\\rtf", "odt": b"PK\x03\x04"}[ext]
    assert path.read_bytes().startswith(magic)
    d = vnnq.extract(path)
    _assert_legacy_docx(d)
    assert d.document.number == "12"
    assert d.source.format == ext
    # the TCVN3 ư is byte 0xAD, the soft hyphen, which LibreOffice writes as
    # <w:softHyphen/>: "người", "Lưu" survive
    assert "Như trên" in d.text and "Lưu: VT" in d.text


@needs_soffice
def test_cli_extract_on_a_doc(office_files):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "vnnq.cli", "extract", str(office_files["doc"]), "--no-text"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    import json

    rec = json.loads(r.stdout)
    assert rec["document"]["code"] == "12/KH-UBND" and rec["document"]["date"] == "2026-03-05"
    assert rec["source"]["format"] == "doc"


@needs_soffice
def test_a_conversion_over_time_is_stopped(office_files, monkeypatch):
    from vnnq.ingest import office

    started = []
    real = office.subprocess.Popen

    def popen(*args, **kw):
        proc = real(*args, **kw)
        started.append(proc)
        return proc

    monkeypatch.setattr(office.subprocess, "Popen", popen)
    with pytest.raises(ConversionTimeout, match=r"within 0\.2 s"):
        vnnq.extract(office_files["doc"], settings=Settings(office_timeout=0.2))
    assert started and all(p.returncode is not None for p in started)
    for p in started:  # the whole process group is gone, soffice.bin included
        assert _live_members(p.pid) == []


def test_a_hanging_converter_and_its_children_are_killed(tmp_path, monkeypatch):
    """A stand-in soffice that never ends and has started a child of its own,
    as soffice starts soffice.bin: the timeout kills the group, child included."""
    from vnnq.ingest import office

    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 300 &\nsleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setenv("VNNQ_SOFFICE", str(fake))
    started = []
    real = office.subprocess.Popen
    monkeypatch.setattr(office.subprocess, "Popen", lambda *a, **kw: started.append(real(*a, **kw)) or started[-1])
    rtf = b"{\\rtf1\\ansi S\\'e8: 12/KH-UBND\\par}"
    late = r"ke-hoach\.rtf: LibreOffice did not convert the \.rtf file within 0\.5 s"
    with pytest.raises(ConversionTimeout, match=late):
        read_bytes(rtf, "ke-hoach.rtf", office_timeout=0.5)
    assert len(started) == 1 and _live_members(started[0].pid) == []


def _live_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` still running (zombies waiting for their
    reaper do not run: they are not counted)."""
    import time

    for _ in range(50):
        live = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # ended meanwhile
            state, group = fields[0], int(fields[2])
            if group == pgid and state != "Z":
                live.append(int(stat.parent.name))
        if not live:
            return []
        time.sleep(0.1)  # SIGKILL is delivered, not yet acted upon
    return live


def test_without_libreoffice_the_error_names_the_install_step(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("VNNQ_SOFFICE", raising=False)
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "WordDocument".encode("utf-16-le")
    with pytest.raises(MissingDependency, match=r"^cong-van\.doc: .*LibreOffice.*bash scripts/install\.sh"):
        read_bytes(doc, "cong-van.doc")


@needs_soffice
def test_junk_named_doc(tmp_path):
    junk = tmp_path / "junk.doc"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(UnreadableDocument):
        vnnq.extract(junk)
    # OLE magic bytes and a WordDocument name, then noise: LibreOffice cannot load it
    fake = tmp_path / "fake.doc"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(512)
                     + "WordDocument".encode("utf-16-le") + os.urandom(4096))
    with pytest.raises(UnreadableDocument, match="LibreOffice could not read the .doc file"):
        vnnq.extract(fake)


def test_other_office_kinds_stay_unsupported(tmp_path):
    import zipfile

    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "Workbook".encode("utf-16-le") + b"\x00" * 512
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        read_bytes(xls, "bang.xls")
    ods = tmp_path / "bang.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnsupportedFormat, match="OpenDocument"):
        read_bytes(ods.read_bytes(), "bang.ods")


@needs_soffice
def test_parallel_conversions_do_not_clash(office_files):
    """Each conversion has its own profile: two at once both succeed (one
    shared profile makes the second soffice hand its file to the first and exit)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda ext: vnnq.extract(office_files[ext]), ["doc", "odt"]))
    assert [_header(d) for d in results] == [HEADER, HEADER]


# ---------------------------------------------------------------- PDF printed from legacy fonts

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _font_named(tmp_path: Path, family: str) -> Path:
    """DejaVu Sans under a legacy family name, as the PDF of a .VnTime or VNI-Times
    document carries it (the glyphs are of no matter: the text layer is the bytes)."""
    from fontTools.ttLib import TTFont

    font = TTFont(DEJAVU)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 6, 16):
            rec.string = family
    out = tmp_path / f"{family.strip('.')}.ttf"
    font.save(out)
    return out


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs fonts-dejavu-core (scripts/install.sh)")
@pytest.mark.parametrize("family,encode", [(".VnTime", tcvn3_encode), ("VNI-Times", vni_encode)], ids=["tcvn3", "vni"])
def test_a_pdf_printed_from_a_legacy_font(tmp_path, family, encode):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Legacy", fname=str(_font_named(tmp_path, family)))
    pdf.add_font("Unicode", fname=str(DEJAVU))
    pdf.set_font("Unicode", size=12)
    pdf.cell(0, 8, "ỦY BAN NHÂN DÂN TỈNH", new_x="LMARGIN", new_y="NEXT")  # a Unicode line stays as it is
    pdf.set_font("Legacy", size=12)
    for line in ["Số: 12/KH-UBND", "Kế hoạch triển khai công tác chuyển đổi số",
                 "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát trước ngày 25/3/2026."]:
        pdf.cell(0, 8, encode(line), new_x="LMARGIN", new_y="NEXT")
    d = vnnq.extract(pdf.output(), name="ke-hoach.pdf")  # a bytearray, as fpdf2 gives it
    assert "ỦY BAN NHÂN DÂN TỈNH" in d.text and "Kế hoạch triển khai công tác chuyển đổi số" in d.text
    assert d.document.code == "12/KH-UBND"
    assert [(t.unit, t.coordinating, t.deadline) for t in d.tasks] == [("Sở Tài chính", ["Sở Nội vụ"], "2026-03-25")]
    assert any("legacy Vietnamese fonts" in w for w in d.warnings)
