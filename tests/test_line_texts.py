"""Text.line_texts: every line's text, split once per document and shared by the extractors."""

from vnnq.ingest import read_text
from vnnq.ingest.normalize import OffsetMap, Text, TextLine, normalize


def test_line_texts_are_the_lines_of_a_normalized_text():
    # a web copy's emphasis, a line broken inside a sentence and a code broken
    # across a blank line: the re-flow changes which lines there are
    src = read_text("**ỦY BAN NHÂN DÂN**\nSố: 12/KH-UBND\nGiao Sở Tài chính chủ trì\nrà soát biên chế.\n\n"
                    "Thực hiện Nghị quyết số 71-\n\nNQ/TW của Bộ Chính trị.", fmt="md")
    doc = normalize(src)
    texts = doc.line_texts()
    assert texts == [doc.text[ln.start:ln.end] for ln in doc.lines]
    assert "Giao Sở Tài chính chủ trì rà soát biên chế." in texts
    assert texts is doc.line_texts()  # computed once


def test_line_texts_of_a_text_built_by_hand():
    # lines need not cover the text: they are sliced out, not split
    text = "ab cd\nef"
    doc = Text(text, OffsetMap([0], [range(len(text))], len(text)), [TextLine(0, 2, 1, None), TextLine(6, 8, 1, None)])
    assert doc.line_texts() == ["ab", "ef"]
