"""The shortcuts taken for speed give what the plain code gives.

Each shortcut skips a pattern on text that cannot match it (a literal the
pattern needs is absent) or finds the same thing in fewer steps; these
properties check the reasoning on any text, with the cue words mixed in and
written in any case, so that a rule edited later without its shortcut fails
here rather than silently finding less.
"""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnnq.classify import _REPORT_TO_RE, _report_recipients, load_models
from vnnq.classify.linear import _keyword_needles, _raw_features, normalize_text
from vnnq.extract.deadlines import _MEETING_RE, _TARGET_HEAD_RE, _search_line_starts, _target_sections
from vnnq.extract.tables import _TABLE_COLS, _UNIT_HEADER_WORDS, _header

REPORT_PIECES = ["báo cáo", "Báo cáo", "BÁO CÁO", "gửi", "Gửi", "GỬI", "tổng hợp, báo cáo", " kết quả", " về ",
                 " cho ", " lên ", "Sở Nội vụ", "Ủy ban nhân dân phường", " trước ngày 15/12", ".", ";", " ", "\n"]
LEAD_PIECES = ["Cơ quan chủ trì", "CHỦ TRÌ", "Đơn vị thực hiện", "THỰC HIỆN", "Phụ trách", "Trách nhiệm",
               "Phân công", "Đầu mối", "Bộ phận tiếp nhận", "TIẾP NHẬN", "Nhiệm vụ", "Nội dung", "Phối hợp",
               "Thời gian", "Sản phẩm", "Người ", " ", ",", "\n"]
MEETING_PIECES = ["Ngày 08 tháng 11 năm 2025", "Sáng ngày 3/11/2025", "Vào ngày 5/6/2026", ", ", "Thủ tướng",
                  " chủ trì", " họp", " Phiên họp", "\n", " ", "Căn cứ", "ngày"]


def mixed(pieces):
    """Texts made of the cue words and anything else."""
    return st.lists(st.one_of(st.sampled_from(pieces), st.text(max_size=8)), max_size=25).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed(REPORT_PIECES))
def test_report_recipients_need_a_cue_word_the_shortcut_looks_for(text):
    if _REPORT_TO_RE.search(text):
        low = text.lower()
        assert "báo cáo" in low or "gử" in low
    assert isinstance(_report_recipients(text), list)


def test_report_recipients_are_read_in_any_case():
    assert _report_recipients("GỬI BÁO CÁO về Sở Nội vụ trước ngày 15/12") == ["Sở Nội vụ"]
    assert _report_recipients("Thực hiện rà soát hồ sơ.") == []


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed(LEAD_PIECES))
def test_a_lead_column_holds_a_word_the_header_shortcut_looks_for(cell):
    if len(cell) <= 60 and _TABLE_COLS["unit"].search(cell):
        assert any(w in cell.lower() for w in _UNIT_HEADER_WORDS)


def test_task_table_headers_are_still_found():
    assert _header({0: "STT", 1: "Nhiệm vụ", 2: "Cơ quan chủ trì", 3: "Cơ quan phối hợp", 4: "Thời gian"}) == (
        {"action": 1, "unit": 2, "coord": 3, "due": 4}, 5)
    assert _header({0: "TT", 1: "NỘI DUNG CÔNG VIỆC", 2: "ĐƠN VỊ THỰC HIỆN"}) == ({"action": 1, "unit": 2}, 3)
    assert _header({0: "1", 1: "Rà soát hồ sơ", 2: "Sở Nội vụ"}) is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mixed(MEETING_PIECES), st.integers(min_value=0, max_value=400))
def test_the_meeting_opening_is_searched_at_line_starts_only(text, endpos):
    plain = _MEETING_RE.search(text, 0, endpos)
    fast = _search_line_starts(_MEETING_RE, text, endpos)
    assert (plain and plain.span()) == (fast and fast.span())


@settings(max_examples=200, deadline=None)
@given(mixed(["I. MỤC TIÊU", "1. Mục tiêu chung", "2. Mục đích", "II. NHIỆM VỤ", "3. ", "\n", " ", "mục tiêu"]))
def test_target_sections_need_the_word_the_shortcut_looks_for(text):
    if _TARGET_HEAD_RE.search(text):
        assert "MỤC" in text or "Mục" in text
    assert isinstance(_target_sections(text), list)


def _keyword_features_plainly(text, keywords):
    """The keyword features as the model code first computed them: every
    keyword of every label looked for in the padded words, in label order."""
    words = re.findall(r"\w+(?:[-&/]\w+)*", normalize_text(text)[:600])
    padded = " " + " ".join(words) + " "
    return [f"k:{label}" for label, kws in keywords.items() if any(f" {kw} " in padded for kw in kws)]


KEYWORDS = load_models()["task_category"].keywords
KEYWORD_PIECES = [kw for kws in KEYWORDS.values() for kw in kws] + ["và", "các", "Sở", " ", ", ", "."]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(KEYWORD_PIECES), max_size=12).map(" ".join))
def test_keyword_features_are_those_of_every_keyword_looked_for(text):
    feats, _ = _raw_features(text, {"word": [1, 1]}, _keyword_needles(KEYWORDS))
    assert [f for f in feats if f.startswith("k:")] == _keyword_features_plainly(text, KEYWORDS)


def test_a_keyword_that_is_not_plain_words_is_always_looked_for():
    needles = _keyword_needles({"a": ["kế  hoạch"], "b": ["ngân sách"]})
    assert needles.always == ((0, " kế  hoạch "),)
    feats, _ = _raw_features("lập dự toán ngân sách", {"word": [1, 1]}, needles)
    assert [f for f in feats if f.startswith("k:")] == ["k:b"]
