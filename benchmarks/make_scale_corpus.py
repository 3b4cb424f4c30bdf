"""A corpus of N news documents for the scale benchmark, recombined from the shared corpora at run time.

    .venv/bin/python benchmarks/make_scale_corpus.py OUT_DIR --documents 100000 [--format jsonl|txt]
        [--corpus ../shared/corpus] [--seed 11] [--per-file 5000]

Sentences come from ../shared/corpus, read when this runs and written only under OUT_DIR (a temporary
folder: never into the repository): TimeBank/AQUAINT (TimeML `<TEXT>`, split into sentences by
pipeline.sentences), and ECB+ and ESC (tokenised XML rebuilt into one sentence per line; ESC's files
are ECB+ articles, so their sentences dedupe into the same pool).

Each generated document is a headline (a short sentence), a dateline with a random city and date, then
11-20 sentences: a run of consecutive sentences of one source article (so its dates and events keep
their context) mixed with a few from others. Every document has a unique id (`scale-0000042`), a
publication date, and distinct content: a text whose hash was already produced is drawn again, so
the pipeline's dedup by content hash keeps every one. TimeBank-sized: about 2 KB of text each.

`--format jsonl` writes files of --per-file records (`{"id", "published", "title", "text"}`);
`--format txt` writes one file per document, 1000 to a folder. The last line printed is JSON:
{"documents", "files", "bytes", "seconds", "sentences_in_pool"}.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
CITIES = ["ATHENS", "BERLIN", "CAIRO", "DAKAR", "GDANSK", "KYIV", "LAGOS", "LIMA", "MANILA", "MINSK", "NAIROBI",
          "OSLO", "QUITO", "RIGA", "SEOUL", "TALLINN", "TUNIS", "VILNIUS", "WARSAW", "ZAGREB"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
_WORDS = re.compile(r"[A-Za-z]")


def _usable(sentence: str) -> bool:
    sentence = sentence.strip()
    return 25 <= len(sentence) <= 600 and len(_WORDS.findall(sentence)) >= 15 and "http" not in sentence


def _timeml_articles(corpus: Path) -> list[list[str]]:
    from pipeline.evaluation.timeml import find_timeml_files, read_timeml  # noqa: PLC0415
    from pipeline.sentences import sentence_spans  # noqa: PLC0415

    articles = []
    root = corpus / "timebank-aquaint"
    if not root.is_dir():
        return articles
    for path in find_timeml_files(root):
        try:
            text = read_timeml(path).text
        except ValueError:
            continue
        sentences = [" ".join(text[a:b].split()) for a, b in sentence_spans(text)]
        articles.append([s for s in sentences if _usable(s)])
    return articles


def _ecb_articles(corpus: Path) -> list[list[str]]:
    from pipeline.evaluation.events_esc import rebuild_text  # noqa: PLC0415

    articles = []
    for folder in ("ecbplus", "esc"):
        root = corpus / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.xml")):
            try:
                tree = ET.parse(path).getroot()
            except ET.ParseError:
                continue
            tokens = [(t.get("t_id") or "", int(t.get("sentence") or 0), t.text or "") for t in tree.iter("token")]
            # Sentence 0 of an ECB+ "ecbplus" article is its source URL.
            text, _ = rebuild_text(tokens, skip_sentence=0 if "ecbplus" in path.name else None)
            articles.append([line.strip() for line in text.split("\n") if _usable(line)])
    return articles


def sentence_pool(corpus: Path) -> list[list[str]]:
    """Source articles as lists of usable sentences, each sentence once across the pool."""
    seen: set[str] = set()
    pool = []
    for article in _timeml_articles(corpus) + _ecb_articles(corpus):
        kept = []
        for sentence in article:
            if sentence not in seen:
                seen.add(sentence)
                kept.append(sentence)
        if len(kept) >= 3:
            pool.append(kept)
    return pool


def _document(rng: random.Random, pool: list[list[str]], index: int) -> dict:
    article = rng.choice(pool)
    run = rng.randint(min(8, len(article)), min(14, len(article)))
    start = rng.randint(0, len(article) - run)
    body = article[start:start + run]
    for _ in range(rng.randint(3, 6)):  # a few sentences from other articles, at random places
        other = rng.choice(pool)
        body.insert(rng.randint(1, len(body)), rng.choice(other))
    published = date(2000, 1, 1) + timedelta(days=rng.randrange(25 * 365))
    title = rng.choice(rng.choice(pool)).rstrip(".")
    title = title if len(title) < 90 else title[:title.rfind(" ", 0, 90)]
    dateline = f"{rng.choice(CITIES)}, {MONTHS[published.month - 1]} {published.day}, {published.year} -"
    text = f"{title}\n\n{dateline} {body[0]}\n" + "\n".join(" ".join(body[i:i + 3]) for i in range(1, len(body), 3))
    return {"id": f"scale-{index:07d}", "published": published.isoformat(), "title": title, "text": text + "\n"}


def generate(out_dir: Path, n: int, corpus: Path = DEFAULT_CORPUS, fmt: str = "jsonl", seed: int = 11,
             per_file: int = 5000) -> dict:
    started = time.monotonic()
    pool = sentence_pool(corpus)
    if not pool:
        raise SystemExit(f"no sentences found under {corpus}: is the shared corpus there?")
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    hashes: set[bytes] = set()
    files, total_bytes, out = 0, 0, None
    try:
        for index in range(n):
            while True:
                record = _document(rng, pool, index)
                digest = hashlib.sha256(record["text"].encode()).digest()[:16]
                if digest not in hashes:  # distinct content, or content-hash dedup would merge them
                    hashes.add(digest)
                    break
            if fmt == "jsonl":
                if index % per_file == 0:
                    if out is not None:
                        out.close()
                    out = (out_dir / f"scale-{index // per_file:04d}.jsonl").open("w", encoding="utf-8")
                    files += 1
                line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
                total_bytes += len(line.encode())
            else:
                folder = out_dir / f"{index // 1000:04d}"
                folder.mkdir(exist_ok=True)
                data = record["text"].encode()
                (folder / f"{record['id']}.txt").write_bytes(data)
                files += 1
                total_bytes += len(data)
    finally:
        if out is not None:
            out.close()
    return {"documents": n, "files": files, "bytes": total_bytes, "seconds": round(time.monotonic() - started, 1),
            "sentences_in_pool": sum(len(a) for a in pool)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="a folder outside the repository (created)")
    parser.add_argument("--documents", "-n", type=int, default=10_000)
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--per-file", type=int, default=5000, help="records per .jsonl file")
    args = parser.parse_args(argv)
    out = args.out_dir.resolve()
    if out == REPO_ROOT or REPO_ROOT in out.parents:
        parser.error(f"{args.out_dir} is inside the repository: the corpus text must not be written there")
    print(json.dumps(generate(out, args.documents, args.corpus, args.format, args.seed, args.per_file)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
