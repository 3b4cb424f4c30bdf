"""The timeline page: one self-contained HTML file of the warehouse's event clusters (`datewire report`).

The page must open from a file, offline, years later: so nothing is fetched. Plotly's JavaScript is
inlined from the Python package that ships it, the clusters travel as JSON inside the page, and the
filters are plain JavaScript over that JSON (pipeline/templates/timeline.js). The map is a lon/lat
scatter without a base map, because plotly's geographic maps download their outlines from a CDN.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

__all__ = ["TimelinePage", "highlighted_sentence", "page_data", "read_timeline", "render_page",
           "write_timeline_page"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORT_SQL = ("overview", "clusters", "members", "places")


@dataclass(frozen=True)
class TimelinePage:
    path: Path
    n_clusters: int
    n_dated: int
    n_members: int
    n_bytes: int


def _rows(con, name: str) -> list[dict]:
    from pipeline.warehouse import sql_dir  # noqa: PLC0415

    result = con.execute((sql_dir() / "report" / f"{name}.sql").read_text())
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, row)) for row in result.fetchall()]


def read_timeline(warehouse: Path) -> dict[str, list[dict]]:
    """The rows of each sql/report query, read in one read-only connection (one consistent state)."""
    from pipeline.warehouse import connect  # noqa: PLC0415

    con = connect(Path(warehouse), read_only=True)
    try:
        tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "event_clusters" not in tables:
            raise RuntimeError(f"the warehouse {warehouse} has no event_clusters table yet: run `datewire run PATH`")
        return {name: _rows(con, name) for name in REPORT_SQL}
    finally:
        con.close()


def _collapse(segments: list[tuple[str, str]]) -> list[list[str]]:
    """Collapse whitespace across segments the way events.sentence does (" ".join(text.split()))."""
    out: list[list[str]] = []
    after_space = True  # drops leading whitespace of the sentence
    for text, kind in segments:
        pieces = []
        for char in text:
            if char.isspace():
                if not after_space:
                    pieces.append(" ")
                after_space = True
            else:
                pieces.append(char)
                after_space = False
        if pieces:
            out.append(["".join(pieces), kind])
    if out and out[-1][0].endswith(" "):
        out[-1][0] = out[-1][0].rstrip()
        if not out[-1][0]:
            out.pop()
    return out


def highlighted_sentence(member: dict) -> list[list[str]]:
    """The member's sentence as [text, kind] segments, kind '' | 'date' | 'trigger'.

    Offsets come from the document (date_from/to and trigger_from/to, relative to the sentence); when
    they do not fit the sentence (a date governed from another sentence, or no offsets at all), the
    date expression is looked up in the sentence text, and left unmarked if it is not there.
    """
    source = member.get("sentence_source")
    spans: list[tuple[int, int, str]] = []
    if source:
        for kind in ("date", "trigger"):
            start, end = member.get(f"{kind}_from"), member.get(f"{kind}_to")
            text = member.get(f"{kind}_text")
            if start is not None and end is not None and 0 <= start < end <= len(source) \
                    and (not text or source[start:end] == text):
                spans.append((start, end, kind))
    else:
        source = member.get("sentence") or ""
        date_text = member.get("date_text")
        at = source.find(date_text) if date_text else -1
        if at >= 0:
            spans.append((at, at + len(date_text), "date"))
    spans.sort()
    segments, cursor = [], 0
    for start, end, kind in spans:
        if start < cursor:  # overlapping trigger and date ("yesterday" as both): the first one wins
            continue
        segments.append((source[cursor:start], ""))
        segments.append((source[start:end], kind))
        cursor = end
    segments.append((source[cursor:], ""))
    return _collapse(segments)


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot put {type(value).__name__} in the page's JSON")


def _evidence(raw) -> dict | None:
    if raw is None:
        return None
    try:
        parsed = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return {"evidence": str(raw)}
    return parsed if isinstance(parsed, dict) else {"evidence": parsed}


def page_data(rows: dict[str, list[dict]]) -> dict:
    """What the page embeds: the clusters, each with its members and located places."""
    members_of: dict[str, list[dict]] = {}
    for m in rows["members"]:
        sentence = highlighted_sentence(m)
        members_of.setdefault(m["cluster_id"], []).append({
            "event_id": m["event_id"],
            "doc_id": m["doc_id"],
            "sentence": sentence,
            "date_text": m["date_text"],
            # False when the governing date is written in another sentence: the page then names it apart.
            "date_in_sentence": any(kind == "date" for _, kind in sentence),
            "counts_as_report": m["counts_as_report"],
            "modality": m["modality"],
            "polarity": m["polarity"],
            "similarity": m["similarity"],
            "linked_to": m["linked_to"],
            "evidence": _evidence(m["evidence"]),
            "title": m["title"],
            "url": m["url"],
            "publisher": m["publisher"],
            "published_date": m["published_date"],
            "source": m["source"],
        })
    places_of: dict[str, list[dict]] = {}
    for p in rows["places"]:
        places_of.setdefault(p["cluster_id"], []).append(
            {"name": p["name"], "country_code": p["country_code"], "lat": p["lat"], "lon": p["lon"]})
    clusters = []
    for c in rows["clusters"]:
        cluster = dict(c)
        cluster["members"] = members_of.get(c["cluster_id"], [])
        cluster["located_places"] = places_of.get(c["cluster_id"], [])
        cluster["n_documents"] = len({m["doc_id"] for m in cluster["members"]})
        clusters.append(cluster)
    overview = rows["overview"][0] if rows["overview"] else {}
    return {"overview": overview, "clusters": clusters}


def _script_safe_json(data) -> str:
    # Inside <script>, "</script>" or "<!--" in a sentence would end or derail the element: escape the
    # characters that could form them. JSON.parse reads the escapes back as the same characters.
    text = json.dumps(data, default=_json_value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs  # noqa: PLC0415

    script = get_plotlyjs()
    # Plotly's own offline HTML inlines the same file; guard anyway, an early </script> would break the page.
    return re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)


def render_page(data: dict, title: str = "Datewire timeline") -> str:
    """The page's HTML: the template with plotly, the page's script and the data inlined."""
    from html import escape  # noqa: PLC0415

    values = {
        "title": escape(title),
        "css": (TEMPLATES / "timeline.css").read_text(),
        "plotly_js": _plotly_js(),
        "timeline_js": (TEMPLATES / "timeline.js").read_text(),
        "data_json": _script_safe_json(data),
    }
    template = (TEMPLATES / "timeline.html").read_text()
    # One pass: a value that happens to contain "{{ x }}" (plotly's code could) is not rescanned.
    return re.sub(r"\{\{ (\w+) \}\}", lambda match: values[match.group(1)], template)


def write_timeline_page(warehouse: Path, output: Path, title: str = "Datewire timeline") -> TimelinePage:
    """Read the warehouse's clusters and write the page; written to a temporary name, then renamed."""
    data = page_data(read_timeline(warehouse))
    html = render_page(data, title)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(output)  # a reader (or a browser reload) never sees half a page
    clusters = data["clusters"]
    return TimelinePage(path=output, n_clusters=len(clusters),
                        n_dated=sum(1 for c in clusters if c["event_date_start"] is not None),
                        n_members=sum(len(c["members"]) for c in clusters), n_bytes=len(html.encode()))
