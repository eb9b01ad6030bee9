#!/usr/bin/env bash
# Install vnnq and everything its tests need on a fresh Debian/Ubuntu machine.
# Usage: bash scripts/install.sh            (creates .venv in the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian packages, each only when missing (skipped where apt is absent):
# - fonts-dejavu-core: a TrueType font with Vietnamese glyphs, used by the tests
#   to generate real PDFs;
# - chromium: the headless browser the tests render the review page in;
# - libreoffice-writer-nogui: soffice, which converts .doc, .rtf and .odt to DOCX;
# - tesseract-ocr, tesseract-ocr-vie: OCR of scanned PDFs and images (Vietnamese model).
PKGS=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || PKGS+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || PKGS+=(chromium)
command -v soffice >/dev/null 2>&1 || PKGS+=(libreoffice-writer-nogui)
command -v tesseract >/dev/null 2>&1 || PKGS+=(tesseract-ocr)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } || PKGS+=(tesseract-ocr-vie)
if [ ${#PKGS[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${PKGS[@]}"
fi
PY=${PYTHON:-python3}
[ -d .venv ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
echo "vnnq installed in .venv: run '.venv/bin/vnnq --help'"
