"""Fixtures shared by the tests of pipeline.inputs: texts of our own and helpers that write them.

All fixtures are written into tmp_path, from text of our own.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from pipeline.inputs import InputFile, read_input
from pipeline.models import Document, Rejection
from pipeline.settings import Settings

CORPUS_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"

ARTICLE = (
    "Harbour Council Approves New Ferry Timetable\n"
    "\n"
    "The harbour council voted on Tuesday to add two evening ferries to the island route, a change that "
    "residents had asked for since the spring. The new timetable starts on 3 March and will be reviewed "
    "after six months.\n"
    "\n"
    "Officials said the extra sailings would cost about 40,000 euros a year, which the council expects to "
    "recover from ticket sales. Several members of the council warned that the budget was tight.\n"
)

GERMAN = (
    "Der Stadtrat hat am Dienstag nach langer Debatte einen neuen Fahrplan für die Fähre beschlossen. "
    "Die Opposition kritisierte, dass die Verwaltung zu wenig Geld für die Häfen vorgesehen habe. Der "
    "Bürgermeister sagte, man müsse sparen, weil die Kosten gestiegen seien und die Einnahmen kaum "
    "wachsen. In den kommenden Wochen soll der Kreistag über den Plan beraten, bevor er im März in Kraft "
    "treten kann. Was die Bürger davon halten, ist noch offen."
)

RUSSIAN = ("Городской совет во вторник утвердил новое расписание паромов. По словам чиновников, "
           "дополнительные рейсы обойдутся примерно в сорок тысяч евро в год.")

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour council approves new ferry timetable</title>
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<meta name="author" content="Mara Quill">
<link rel="canonical" href="https://news.example.org/harbour/ferry-timetable">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Harbour council approves new ferry timetable</h1>
<p>The harbour council voted on Tuesday to add two evening ferries to the island route, a change that
residents had asked for since the spring.</p>
<p>The new timetable starts on 3 March and will be reviewed after six months, officials said. The extra
sailings would cost about 40,000 euros a year, which the council expects to recover from tickets.</p>
<p>Several members of the council warned that the budget was tight and that the ferry company had not yet
confirmed it could find crews for the late sailings.</p>
</article>
<div id="comments" class="comments"><h3>3 comments</h3>
<div class="comment"><p>Finally! About time they listened to us.</p></div>
</div>
<footer><p>Copyright 2024 Example News. All rights reserved.</p></footer>
</body></html>
"""


CAFE = ("The new café on the quay opened on Monday, and its owner called it “a place for everyone”. "
        "It’s the third to open this year – after two closed in the winter.\n")

def write(path: Path, data: bytes | str) -> InputFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    return InputFile(path=str(path.resolve()), size=path.stat().st_size)


def read_all(input_file: InputFile, **settings_changes) -> list[Document | Rejection]:
    return list(read_input(input_file, Settings().with_(**settings_changes)))


def only_document(results: list) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def only_rejection(results: list) -> Rejection:
    assert len(results) == 1, results
    assert isinstance(results[0], Rejection), results[0]
    assert results[0].stage == "read"
    return results[0]


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
