"""Speed of the whole extraction stage against the temporal tagger alone, and where the time goes.

Same texts for both (the TimeBank texts, each a document dated 2000-01-01 by metadata), one process,
CPU time (`time.process_time`, so another agent's load on the machine does not count), after a
warm-up document that loads the trigger model and the gazetteer. A third, profiled pass (cProfile)
gives the shares; its own time is inflated by the profiler and is not reported as speed.
"""
from __future__ import annotations

import cProfile
import pstats
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from .timeml import load_corpus

__all__ = ["measure_extraction_speed"]


def _module_of(filename: str) -> str:
    if "/pipeline/" in filename:
        return "pipeline/" + filename.rsplit("/pipeline/", 1)[-1]
    if "site-packages/" in filename:
        return filename.rsplit("site-packages/", 1)[-1].split("/", 1)[0]
    return "python (stdlib and builtins)"


def measure_extraction_speed(timebank_dir: str | Path, top: int = 8) -> dict[str, Any]:
    """MB/s of `pipeline.extract.extract_document` and of `pipeline.temporal.tag` on the same texts."""
    from pipeline import temporal
    from pipeline.extract import extract_document
    from pipeline.models import Document
    from pipeline.settings import Settings

    texts = [doc.text for doc in load_corpus(timebank_dir).documents]
    if not texts:
        raise ValueError(f"no TimeML documents under {timebank_dir}")
    published = date(2000, 1, 1)
    documents = [Document(doc_id=f"speed{i}", text=text, source="speed", published_date=published,
                          published_source="metadata") for i, text in enumerate(texts)]
    settings = Settings()
    extract_document(documents[0], settings)  # warm-up: model, gazetteer and lexicons load here
    size = sum(len(text.encode("utf-8")) for text in texts)

    started = time.process_time()
    for text in texts:
        temporal.tag(text, published)
    tagger_seconds = time.process_time() - started

    started = time.process_time()
    for document in documents:
        extract_document(document, settings)
    stage_seconds = time.process_time() - started

    profile = cProfile.Profile()
    profile.enable()
    for document in documents:
        extract_document(document, settings)
    profile.disable()
    stats = pstats.Stats(profile).stats  # (file, line, function) -> (cc, calls, tottime, cumtime, callers)
    by_module: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    for (filename, line, function), (_, _, own_time, _, _) in stats.items():
        module = _module_of(filename)
        by_module[module] += own_time
        # "<listcomp>" and builtins say little alone: the line tells which, the address nothing.
        where = f"{module}:{line}:{function}" if function.startswith("<") and line else f"{module}:{function}"
        by_function[re.sub(r" at 0x[0-9a-f]+", "", where)] += own_time
    total = sum(by_module.values()) or 1.0
    return {
        "documents": len(texts),
        "megabytes": size / 1e6,
        "tagger_seconds": tagger_seconds,
        "stage_seconds": stage_seconds,
        "tagger_mb_per_s": size / tagger_seconds / 1e6 if tagger_seconds else 0.0,
        "stage_mb_per_s": size / stage_seconds / 1e6 if stage_seconds else 0.0,
        "modules": [(name, seconds / total) for name, seconds in by_module.most_common(top)],
        "functions": [(name, seconds / total) for name, seconds in by_function.most_common(top)],
    }
