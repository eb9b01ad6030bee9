"""Inputs bench/fuzz.py found crashing a reader, rebuilt small and by hand.

Each was an exception other than a VnnqError escaping ``vnnq.extract(bytes)``
(the traceback is in the test's docstring).  The inputs are made here from a
minimal DOCX, byte-patched where the fuzzer had patched them, so the test
shows what was wrong with the file.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

import vnnq
from vnnq.errors import UnreadableDocument
from vnnq.ingest import read_bytes
from vnnq.ingest.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
         '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
         'document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
TEXT = ["Số: 12/KH-UBND", "Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát trước ngày 25/3/2026."]


def _document(lines: list[str]) -> str:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def _docx(members: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


def _good() -> dict[str, str | bytes]:
    return {"[Content_Types].xml": TYPES, "_rels/.rels": RELS, "word/document.xml": _document(TEXT)}


def test_minimal_docx_is_read():
    """The base every case below damages: read as a directive."""
    d = vnnq.extract(_docx(_good()), name="x.docx")
    assert d.document.code == "12/KH-UBND" and d.tasks[0].unit == "Sở Tài chính"


def test_rels_of_the_wrong_shape_falls_back_to_document_xml():
    """``_rels/.rels`` well-formed but not <Relationships>: python-docx raised
    ``AttributeError: 'lxml.etree._Element' object has no attribute
    'Relationship_lst'`` from PackageReader._srels_for.  Word repairs such a
    package; vnnq reads document.xml directly and says so."""
    members = _good()
    members["_rels/.rels"] = '<?xml version="1.0"?><Types xmlns="urn:x"><Override/></Types>'
    src = read_docx(_docx(members), "x.docx")
    assert any("damaged" in w and "AttributeError" in w for w in src.warnings)
    d = vnnq.extract(_docx(members), name="x.docx")
    assert d.document.code == "12/KH-UBND"


def _patch_version(data: bytes, version: int) -> bytes:
    """Set "version needed to extract" in every central directory entry."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<H", out, at + 6, version)
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize("reader", [
    pytest.param(lambda data: read_bytes(data, "x.docx"), id="read_bytes"),
    pytest.param(lambda data: read_docx(data, "x.docx"), id="read_docx"),
    pytest.param(lambda data: vnnq.extract(data, name="x.docx"), id="extract"),
])
def test_zip_of_an_unknown_version_is_unreadable(reader):
    """A mutated "version needed" field (23.9): zipfile raised
    ``NotImplementedError: zip file version 23.9`` while opening, in sniff()."""
    data = _patch_version(_docx(_good()), 239)
    with pytest.raises(UnreadableDocument, match=r"zip file version 23\.9"):
        reader(data)


def _corrupt_member(data: bytes, name: str) -> bytes:
    """Overwrite the deflate data of member ``name`` with bytes no inflater accepts."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    out = bytearray(data)
    n_len, x_len = struct.unpack_from("<HH", out, info.header_offset + 26)
    start = info.header_offset + 30 + n_len + x_len
    # block type 3 (reserved) in the first header bits: "invalid block type"
    out[start:start + info.compress_size] = b"\xff" * info.compress_size
    return bytes(out)


def test_corrupt_styles_part_does_not_stop_the_text():
    """A styles.xml whose deflate stream is broken: the font resolver (which
    reads it directly for legacy .VnTime fonts) raised ``zlib.error: Error -3
    while decompressing data``.  The styles only refine fonts, so the text is
    read without them."""
    members = _good()
    members["word/styles.xml"] = f'<w:styles xmlns:w="{W}">' + "<w:style w:styleId='a'/>" * 200 + "</w:styles>"
    data = _corrupt_member(_docx(members), "word/styles.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(Exception) as raw:
        zf.read("word/styles.xml")
    assert not isinstance(raw.value, vnnq.VnnqError)  # the damage is real
    d = vnnq.extract(data, name="x.docx")
    assert d.document.code == "12/KH-UBND"


def test_corrupt_document_part_is_unreadable():
    """The same damage in document.xml itself is the typed error."""
    data = _corrupt_member(_docx(_good()), "word/document.xml")
    with pytest.raises(UnreadableDocument, match="DOCX"):
        vnnq.extract(data, name="x.docx")
