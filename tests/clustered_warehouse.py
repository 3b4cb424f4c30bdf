"""A small warehouse with event clusters, written row by row for tests of what reads the clusters.

The texts are our own. Offsets are computed from them (never typed in), so the rows agree with
documents.text the way the pipeline's do. The happenings:

- invasion: two articles report it in different words (2 sources), in Kharkiv;
- talks: planned, one source, in Istanbul;
- belarus_statement: one source, from a document without a URL whose title is hostile HTML;
- border: negated ("did not close"), no source reports it;
- aid_meeting: undated, with the same actor as belarus_statement.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pipeline.warehouse import connect, ensure_schema

__all__ = ["CLUSTERS", "DOCUMENTS", "build_clustered_warehouse"]

RUN_ID = "fixture-run"
HOSTILE_TITLE = "Minsk </script><b>speaks</b> <!-- on"

# doc_id -> metadata and sentences. Sentences are joined with the separator written before each one, so
# that the text keeps odd whitespace the page must collapse as events.sentence does.
DOCUMENTS = {
    "post-a": {
        "title": "Troops cross the border", "url": "https://example.org/news/troops-cross",
        "publisher": "Example Post", "published_date": date(2022, 2, 24),
        "sentences": ["Kyiv, 24 February 2022.",
                      "\nRussian troops crossed the border into Ukraine on 24 February 2022 near Kharkiv.",
                      "\n  The ministry said that   talks with Ukraine would follow\non 10 March 2022 in Istanbul."],
    },
    "wire-b": {
        "title": "Invasion begins", "url": "https://news.example.net/story?id=7&lang=en",
        "publisher": "Example Wire", "published_date": date(2022, 2, 25),
        "sentences": ["Russia invaded Ukraine on February 24, 2022, the agency said.",
                      " Poland did not close its border on 2 March 2022."],
    },
    "blog-c": {
        "title": HOSTILE_TITLE, "url": None, "publisher": None, "published_date": date(2022, 3, 2),
        "sentences": ["Belarus announced on 1 March 2022 that it would stay out of the war.",
                      " Officials met in private to discuss aid."],
    },
}

# event_id -> (doc_id, sentence index, trigger, date expression or None, type, modality, polarity)
EVENTS = {
    "post-a:crossed": ("post-a", 1, "crossed", "24 February 2022", "ASSAULT", "asserted", "positive"),
    "wire-b:invaded": ("wire-b", 0, "invaded", "February 24, 2022", "ASSAULT", "reported", "positive"),
    "post-a:talks": ("post-a", 2, "talks", "10 March 2022", "CONSULT", "future", "positive"),
    "blog-c:announced": ("blog-c", 0, "announced", "1 March 2022", "STATEMENT", "asserted", "positive"),
    "wire-b:close": ("wire-b", 1, "close", "2 March 2022", "RETREAT", "asserted", "negative"),
    "blog-c:met": ("blog-c", 1, "met", None, "CONSULT", "asserted", "positive"),
}

PLACES = {  # event_id -> (place text, lat, lon)
    "post-a:crossed": ("Kharkiv", 49.99, 36.23),
    "post-a:talks": ("Istanbul", 41.01, 28.95),
}

CLUSTERS = {
    "invasion": {"members": ["post-a:crossed", "wire-b:invaded"], "date": (date(2022, 2, 24), date(2022, 2, 24)),
                 "type": "ASSAULT", "actors": ["Russia", "Ukraine"], "places": ["Kharkiv"], "status": "reported",
                 "n_sources": 2},
    "talks": {"members": ["post-a:talks"], "date": (date(2022, 3, 10), date(2022, 3, 10)), "type": "CONSULT",
              "actors": ["Ukraine", "Russia"], "places": ["Istanbul"], "status": "planned", "n_sources": 1},
    "belarus_statement": {"members": ["blog-c:announced"], "date": (date(2022, 3, 1), date(2022, 3, 1)),
                          "type": "STATEMENT", "actors": ["Belarus"], "places": [], "status": "reported",
                          "n_sources": 1},
    "border": {"members": ["wire-b:close"], "date": (date(2022, 3, 2), date(2022, 3, 2)), "type": "RETREAT",
               "actors": ["Poland"], "places": [], "status": "negated", "n_sources": 0},
    "aid_meeting": {"members": ["blog-c:met"], "date": (None, None), "type": "CONSULT", "actors": ["Belarus"],
                    "places": [], "status": "reported", "n_sources": 1},
}


def _document_text(doc: dict) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for sentence in doc["sentences"]:
        lead = len(sentence) - len(sentence.lstrip())
        start = len(text) + lead
        text += sentence
        spans.append((start, len(text)))
    return text, spans


def build_clustered_warehouse(path: Path) -> Path:
    """Create a warehouse at `path` with the schema of sql/schema and the rows above."""
    now = datetime(2024, 1, 1, 12, 0)
    con = connect(path)
    try:
        ensure_schema(con)
        con.execute("INSERT INTO runs (run_id, started_at, finished_at, status, trigger) VALUES (?, ?, ?, 'success', 'cli')",
                    [RUN_ID, now, now])
        texts = {}
        for doc_id, doc in DOCUMENTS.items():
            text, spans = _document_text(doc)
            texts[doc_id] = (text, spans)
            con.execute(
                "INSERT INTO documents (doc_id, source, publisher, locator, input_format, title, url, published_date,"
                " published_source, text, n_chars, content_hash, extractor_version, run_id, loaded_at)"
                " VALUES (?, ?, ?, '', 'txt', ?, ?, ?, 'metadata', ?, ?, ?, 'fixture', ?, ?)",
                [doc_id, f"fixture/{doc_id}.txt", doc["publisher"], doc["title"], doc["url"], doc["published_date"],
                 text, len(text), f"hash-{doc_id}", RUN_ID, now])
        cluster_of = {event_id: cid for cid, c in CLUSTERS.items() for event_id in c["members"]}
        for event_id, (doc_id, index, trigger, date_text, event_type, modality, polarity) in EVENTS.items():
            text, spans = texts[doc_id]
            s_start, s_end = spans[index]
            t_start = text.index(trigger, s_start)
            cluster = CLUSTERS[cluster_of[event_id]]
            mention_id = None
            if date_text:
                m_start = text.index(date_text, s_start)
                mention_id = f"{doc_id}:{m_start}-{m_start + len(date_text)}"
                start, end = cluster["date"]
                con.execute(
                    "INSERT INTO mentions (mention_id, doc_id, \"start\", \"end\", text, timex_type, timex_value,"
                    " date_start, date_end, granularity, anchor, in_body, sentence_start, sentence_end)"
                    " VALUES (?, ?, ?, ?, ?, 'DATE', ?, ?, ?, 'day', 'explicit', true, ?, ?)",
                    [mention_id, doc_id, m_start, m_start + len(date_text), date_text, start.isoformat(), start, end,
                     s_start, s_end])
            start, end = cluster["date"]
            con.execute(
                "INSERT INTO events (event_id, doc_id, mention_id, sentence, event_date_start, event_date_end,"
                " granularity, sentence_start, sentence_end, trigger_start, trigger_end, trigger_text, trigger_lemma,"
                " event_class, event_type, modality, polarity, date_basis)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'occurrence', ?, ?, ?, ?)",
                [event_id, doc_id, mention_id, " ".join(text[s_start:s_end].split()), start, end,
                 "day" if start else None, s_start, s_end, t_start, t_start + len(trigger), trigger, trigger,
                 event_type, modality, polarity, "text" if date_text else "none"])
            if event_id in PLACES:
                name, lat, lon = PLACES[event_id]
                p_start = text.index(name, s_start)
                con.execute(
                    "INSERT INTO event_places (event_id, doc_id, text, \"start\", \"end\", name, lat, lon, geo_precision,"
                    " resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'gazetteer')",
                    [event_id, doc_id, name, p_start, p_start + len(name), name, lat, lon])
        for cluster_id, c in CLUSTERS.items():
            founder = c["members"][0]
            for event_id in c["members"]:
                doc_id, _, _, _, _, modality, polarity = EVENTS[event_id]
                linked = None if event_id == founder else founder
                evidence = None if linked is None else '{"date": 0.4, "type": 0.2, "actors": 0.25, "lexical": 0.05}'
                con.execute(
                    "INSERT INTO cluster_members (cluster_id, event_id, doc_id, similarity, linked_to, evidence,"
                    " counts_as_report, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [cluster_id, event_id, doc_id, 1.0 if linked is None else 0.9, linked, evidence,
                     polarity == "positive" and modality != "hypothetical", RUN_ID])
            founder_doc = EVENTS[founder][0]
            start, end = c["date"]
            sentence = con.execute("SELECT sentence FROM events WHERE event_id = ?", [founder]).fetchone()[0]
            con.execute(
                "INSERT INTO event_clusters (cluster_id, event_date_start, event_date_end, granularity, event_type,"
                " trigger_lemma, actors, actor_countries, places, n_mentions, n_reports, n_sources, n_sites,"
                " first_reported, first_doc_id, representative_event_id, sentence, status, updated_run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, [], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [cluster_id, start, end, "day" if start else None, c["type"], EVENTS[founder][2], c["actors"],
                 c["places"], len(c["members"]), c["n_sources"], c["n_sources"], c["n_sources"],
                 DOCUMENTS[founder_doc]["published_date"], founder_doc, founder, sentence, c["status"], RUN_ID])
    finally:
        con.close()
    return path
