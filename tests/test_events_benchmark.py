"""The events benchmark's scoring helpers, on a TimeML document we wrote."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.events_benchmark import _f1, _same, read_timeml  # noqa: E402

TIMEML = """<?xml version="1.0"?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-06"
functionInDocument="CREATION_TIME">2024-05-06</TIMEX3></DCT><TEXT>The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT>
on <TIMEX3 tid="t1" type="DATE" value="2024-05-03">3 May</TIMEX3> and did not <EVENT eid="e2" class="OCCURRENCE">vote</EVENT>.</TEXT>
<MAKEINSTANCE eiid="ei1" eventID="e1" polarity="POS"/><MAKEINSTANCE eiid="ei2" eventID="e2" polarity="NEG"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t1"/></TimeML>"""


def test_read_timeml_gives_offsets_instances_and_links(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(TIMEML, encoding="utf-8")
    text, events, instances, timexes, tlinks, dct_tid, dct_value = read_timeml(path)
    start, end, event_class = events["e1"]
    assert text[start:end] == "met" and event_class == "occurrence"
    assert instances["ei2"] == ("e2", "NEG", "")
    assert timexes["t1"] == ("DATE", "2024-05-03")
    assert tlinks == [("IS_INCLUDED", "ei1", "t1")] and (dct_tid, dct_value) == ("t0", "2024-05-06")


def test_values_compare_at_the_gold_days_length():
    assert _same("2024-05-03T10:00", "2024-05-03")
    assert not _same("2024-05-04", "2024-05-03")
    assert _same("PAST_REF", "PAST_REF") and not _same("2024", "PAST_REF")


def test_f1():
    precision, recall, f1 = _f1(8, 2, 2)
    assert (round(precision, 9), round(recall, 9), round(f1, 9)) == (0.8, 0.8, 0.8)
    assert _f1(0, 0, 5) == (0.0, 0.0, 0.0)
