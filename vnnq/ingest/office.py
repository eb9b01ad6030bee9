""".doc, .rtf, .odt → DOCX with LibreOffice headless, then the DOCX reader.

Archives of a real office hold Word 97-2003 files (.doc), RTF saved by old
tools and OpenDocument text.  LibreOffice converts each to DOCX faithfully
enough for us (runs keep their font names, so .VnTime text is still
recognized by :mod:`vnnq.ingest.docx_fonts`), and the DOCX reader does the
rest.  LibreOffice is an optional system dependency (Debian
``libreoffice-writer-nogui``, installed by ``scripts/install.sh``).

Each conversion runs in a private temporary directory with its own user
profile (``-env:UserInstallation``), so parallel conversions (watcher workers,
API workers) never share LibreOffice's lock and profile, and in a process group
of its own, so a timeout kills the whole of it (soffice starts a child
``soffice.bin``).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from vnnq.errors import ConversionTimeout, MissingDependency, UnreadableDocument
from vnnq.ingest.base import ZIP_ERRORS, Source

__all__ = ["DEFAULT_TIMEOUT", "convert_to_docx", "find_soffice", "office_kind", "read_office"]

DEFAULT_TIMEOUT = 60.0  # seconds; a directive converts in 2-5 s on 2 cores
INSTALL_HINT = "install LibreOffice with 'bash scripts/install.sh' (Debian: apt-get install libreoffice-writer-nogui)"

# The ODF mimetype of a text document; .ods, .odp are other kinds
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# An OLE2 compound file is a Word document when it has a "WordDocument" stream
# (its directory stores stream names in UTF-16-LE); .xls has "Workbook", .ppt
# "PowerPoint Document"
_WORD_STREAM = "WordDocument".encode("utf-16-le")

_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}
# LibreOffice's import filters, named so that a file that is not what its
# magic bytes say fails to load: left to itself, LibreOffice imports any bytes
# it cannot place as plain text.  Word 6/95 files are OLE files with a
# WordDocument stream too, read by the older filters after the first fails.
_FILTERS = {
    "doc": ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    "rtf": ("Rich Text Format",),
    "odt": ("writer8",),
}


def office_kind(data: bytes, kind: str) -> str | None:
    """"doc", "rtf" or "odt" when LibreOffice should convert ``data`` (sniffed
    as ``kind`` by :func:`vnnq.ingest.sniff`), else None."""
    if kind == "rtf":
        return "rtf"
    if kind == "ole":
        return "doc" if _WORD_STREAM in data else None
    if kind == "odt":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                with zf.open("mimetype") as f:  # a few bytes; never inflate a lying member whole
                    mimetype = f.read(256).strip()
        except ZIP_ERRORS:
            return None
        return "odt" if mimetype == ODT_MIMETYPE else None
    return None


def find_soffice() -> str | None:
    """The LibreOffice executable: ``$VNNQ_SOFFICE``, else soffice or libreoffice on PATH."""
    explicit = os.environ.get("VNNQ_SOFFICE")
    if explicit:
        return explicit if shutil.which(explicit) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, kind: str, label: str, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The DOCX LibreOffice makes of ``data`` (a "doc", "rtf" or "odt" file).

    Raises :class:`MissingDependency` without LibreOffice,
    :class:`UnreadableDocument` when the conversion fails or takes longer than
    ``timeout`` seconds (the conversion is killed).
    """
    soffice = find_soffice()
    if soffice is None:
        raise MissingDependency(f"{label}: reading a .{kind} file needs LibreOffice, not found: {INSTALL_HINT}")
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="vnnq-office-") as tmp:
        work = Path(tmp)
        src = work / f"input{_SUFFIX[kind]}"
        src.write_bytes(data)
        out = work / "out"
        result = out / "input.docx"
        said = ""
        for infilter in _FILTERS[kind]:
            command = [
                soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
                f"--infilter={infilter}", "--convert-to", "docx:MS Word 2007 XML",
                "--outdir", str(out), str(src),
            ]
            log = _run(command, work, deadline, f"{label}: LibreOffice did not convert the .{kind} "
                                                f"file within {timeout:g} s (stopped)")
            if result.is_file():
                return result.read_bytes()
            # LibreOffice says "Error: source file could not be loaded", among
            # warnings about Java that are noise here
            errors = [line.strip() for line in log.decode("utf-8", "replace").splitlines()
                      if line.strip().startswith("Error")]
            said = said or " ".join(errors)[-200:]
        raise UnreadableDocument(
            f"{label}: LibreOffice could not read the .{kind} file"
            f"{' (' + said + ')' if said else ''}: damaged, password-protected or not a {kind.upper()} document"
        )


def _run(command: list[str], work: Path, deadline: float, late: str) -> bytes:
    """Run one conversion in a process group of its own; kill the group at the deadline."""
    env = {**os.environ, "HOME": str(work)}  # nothing of LibreOffice's goes to the real home
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, cwd=work, env=env, start_new_session=True)
    try:
        log, _ = proc.communicate(timeout=max(deadline - time.monotonic(), 0.001))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionTimeout(late) from None
    return log


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended already
    proc.wait()


def read_office(data: bytes, kind: str, name: str | None, label: str, timeout: float) -> Source:
    """Convert, then read the DOCX; the Source keeps the original format name."""
    import dataclasses

    from vnnq.ingest.docx import read_docx

    source = read_docx(convert_to_docx(data, kind, label, timeout), name)
    return dataclasses.replace(source, format=kind)
