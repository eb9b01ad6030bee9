"""The header as edXML-style metadata (NĐ 30/2020 Phụ lục VI; element names
of edXML MessageHeader, see reference/standards.md §4).

Only what was read from the document is written: no OrganId (the code of an
organisation in the national register is not in the text).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

from vnnq.model import Directive

# OtherInfo/Priority: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ (the header
# keeps the stamp as printed, in capitals; both tone placements of "hỏa/hoả" are accepted)
_PRIORITY = {"KHẨN": "1", "THƯỢNG KHẨN": "2", "HỎA TỐC": "3", "HỎA TỐC HẸN GIỜ": "4"}


# "Phúc đáp Công văn số 123/UBND-VX", "Trả lời Văn bản số 45/SNV-TCCB ngày ..."
_ANSWERS_RE = re.compile(r"(?i)(?:phúc đáp|trả lời)\s+(?:(?:công văn|văn bản|đơn|thư|tờ trình|kiến nghị)\s+)?(?:số\s*)?$")


def priority(urgency: str | None) -> str:
    """The edXML priority code of an urgency stamp (``"0"`` when there is none)."""
    if not urgency:
        return "0"
    key = " ".join(unicodedata.normalize("NFC", urgency).upper().replace("HOẢ", "HỎA").split())
    return _PRIORITY.get(key, "0")


# Characters XML 1.0 does not allow at all, not even as &#N; (§2.2 Char): C0
# controls but tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.  ElementTree
# escapes < & > but writes these as they are, and a strict parser then refuses
# the whole message; a document pasted from an old system can hold them.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (ElementTree escapes the rest)."""
    return _NOT_XML_CHAR.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = xml_text(text)
    return el


def to_edxml(d: Directive) -> str:
    """``edXMLEnvelope/edXMLHeader/MessageHeader`` with the document's metadata."""
    doc = d.document
    env = ET.Element("edXMLEnvelope")
    header = _sub(_sub(env, "edXMLHeader"), "MessageHeader")
    frm = _sub(header, "From")
    _sub(frm, "OrganName", doc.issuer or "")
    for r in doc.recipients:
        _sub(_sub(header, "To"), "OrganName", r)
    code = _sub(header, "Code")
    _sub(code, "CodeNumber", doc.number or "")
    _sub(code, "CodeNotation", doc.notation or "")
    prom = _sub(header, "PromulgationInfo")
    _sub(prom, "Place", doc.place or "")
    _sub(prom, "PromulgationDate", doc.date.replace("-", "/") if doc.date else "")
    dtype = _sub(header, "DocumentType")
    _sub(dtype, "TypeName", doc.type or "")
    _sub(header, "Subject", (doc.subject or "")[:500])
    signer = _sub(header, "SignerInfo")
    _sub(signer, "Competence", doc.signer.authority or "")
    _sub(signer, "Position", doc.signer.position or "")
    _sub(signer, "FullName", doc.signer.name or "")
    dues = sorted(dl.due for dl in d.deadlines if dl.due and len(dl.due) == 10)
    _sub(header, "DueDate", dues[0].replace("-", "/") if dues else "")
    places = _sub(header, "ToPlaces")
    for c in doc.cc:
        _sub(places, "Place", c[:150])
    other = _sub(header, "OtherInfo")
    _sub(other, "Priority", priority(doc.urgency))
    _sub(other, "PageAmount", str(d.source.pages))
    if doc.confidentiality:
        _sub(other, "Description", f"Độ mật: {doc.confidentiality}")
    # ResponseFor is the document this one answers (văn bản được phúc đáp), not every
    # citation: a reference whose mention follows "phúc đáp" / "trả lời"
    for r in d.references:
        if any(_ANSWERS_RE.search(d.text, max(0, m.start - 60), m.start) for m in r.mentions):
            rf = _sub(header, "ResponseFor")
            _sub(rf, "Code", r.code)
            _sub(rf, "PromulgationDate", r.date.replace("-", "/") if r.date else "")
    ET.indent(env)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(env, encoding="unicode") + "\n"
