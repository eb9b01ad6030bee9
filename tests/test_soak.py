"""A short soak of the real API server on 127.0.0.1 (bench/soak.py for 20 s):
a mix of good and bad uploads at saturation gets no 5xx, every answer is the
expected one (200 for a document, a 4xx JSON error for a bad file), and the
server is alive and healthy at the end.  Speed is reported by the bench, never
asserted here."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import soak  # noqa: E402


def test_twenty_seconds_of_mixed_load_get_no_server_error():
    inputs = soak.make_inputs()
    assert {i.good for i in inputs} == {True, False}
    res = soak.soak(20, concurrency=6, workers=2, seed=1, inputs=inputs)
    assert res.requests >= 10, soak.report(res, 6, 2)
    assert res.server_errors == 0, soak.report(res, 6, 2)
    assert res.wrong == [], soak.report(res, 6, 2)
    assert not res.client_failures, soak.report(res, 6, 2)
    assert res.server_alive and res.health_after
    assert len(res.latencies) >= 5  # most kinds of input were sent
