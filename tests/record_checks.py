"""The checks every record passes, whatever its input: each value's offsets
slice back to its text (vnnq's contract), ids are unique and link up.  Shared
by the property tests (tests/test_properties.py, tests/test_fuzz_properties.py)."""

import vnnq


def check_record(d: vnnq.Directive) -> None:
    t = d.text
    for r in d.references:
        assert r.mentions
        for mention in r.mentions:
            assert t[mention.start:mention.end] == mention.text
    for x in d.dates + d.deadlines:
        assert t[x.start:x.end] == x.text, x
    info = d.document
    for item in info.recipients_detail + info.cc_detail:
        assert t[item.start:item.end] == item.text
    for field_name, span in info.spans.items():
        assert 0 <= span.start <= span.end <= len(t), field_name
    if info.place is not None and "place" in info.spans:
        s = info.spans["place"]
        assert t[s.start:s.end] == info.place
    signer = info.signer
    assert 0 <= signer.start <= signer.end <= len(t)
    if signer.name:
        assert signer.name in t[signer.start:signer.end]
    ids = set()
    for task in d.tasks:
        assert task.id not in ids
        ids.add(task.id)
        assert 0 <= task.start <= task.end <= len(t)
        if task.unit_span is not None:
            assert t[task.unit_span.start:task.unit_span.end] == task.unit
    for group in d.tasks_by_unit:
        assert set(group.lead) <= ids and set(group.coordinating) <= ids
