"""Properties over any text: extraction never raises (other than the typed
errors), every span slices back to its text, and the result is deterministic."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnnq
from record_checks import check_record
from vnnq.errors import VnnqError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
FRAGMENTS = [
    line for p in sorted(CORPUS.glob("seeds/*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line
]
PIECES = FRAGMENTS + [
    "Số: ", "/KH-UBND", "71-", "\n\n", "NQ/TW", "ngày 22/8/2025", "của ", "Kính gửi:", "- ", "+ ", "|", "**",
    "Nơi nhận:", "Lưu: VT.", "KT. CHỦ TỊCH", "1. ", "1.1. ", "a) ", "Giao ", "chủ trì, phối hợp với ",
    "trước ngày 31/12", "hằng năm", "Quý IV/2026", "Đề nghị các đơn vị", ":", "\n", "ỦY BAN NHÂN DÂN",
]

texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map("\n".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text(text):
    try:
        d = vnnq.extract(text)
    except VnnqError:
        return  # e.g. nothing left but whitespace: a typed error, fine
    check_record(d)
    assert vnnq.extract(text).to_dict() == d.to_dict()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("\n".join))
def test_markdown_flavour(text):
    try:
        d = vnnq.extract(text.encode("utf-8"), name="x.md")
    except VnnqError:
        return
    check_record(d)
