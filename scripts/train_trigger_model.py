"""Train the event-trigger model (pipeline/events/data/trigger_model.json.gz) on TimeML news.

    python scripts/train_trigger_model.py [--corpus ../shared/corpus/timebank-aquaint] [--epochs 8]

Training data: all of AQUAINT and two thirds of TimeBank (files in sorted order, every third one held
out). The held-out TimeBank files are written into the model's metadata, and the event evaluation
scores triggers on those only, so the published figure is never measured on training text. The model
holds feature weights, not text.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.evaluation.timeml import read_timeml  # noqa: E402
from pipeline.events.model import EVENT_CLASSES  # noqa: E402
from pipeline.events.tokens import tokenize  # noqa: E402
from pipeline.events.triggers import MODEL_PATH, token_features  # noqa: E402

def read_events(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """The stripped <TEXT> and its EVENT spans with their class (lower case, as the tagger's labels)."""
    document = read_timeml(path)
    return document.text, [(e.start, e.end, e.event_class or "occurrence") for e in document.events]


def labelled_tokens(path: Path):
    text, events = read_events(path)
    tokens = tokenize(text)
    labels = ["O"] * len(tokens)
    starts = sorted(events)
    j = 0
    for i, token in enumerate(tokens):
        while j < len(starts) and starts[j][1] <= token.start:
            j += 1
        if j < len(starts) and starts[j][0] < token.end and token.start < starts[j][1]:
            labels[i] = starts[j][2]
    return tokens, labels


def split(corpus: Path) -> tuple[list[Path], list[Path]]:
    timebank = sorted((corpus / "TimeBank").glob("*.tml"))
    held_out = [p for i, p in enumerate(timebank) if i % 3 == 0]
    train = sorted((corpus / "AQUAINT").glob("*.tml")) + [p for i, p in enumerate(timebank) if i % 3 != 0]
    return train, held_out


def train(examples, classes, epochs, seed=7):
    index = {c: k for k, c in enumerate(classes)}
    n = len(classes)
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0] * n)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * n)
    stamps: dict[str, list[int]] = defaultdict(lambda: [0] * n)
    step = 0
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        errors = 0
        for features, label in examples:
            step += 1
            scores = [0.0] * n
            for f in features:
                row = weights.get(f)
                if row:
                    for k in range(n):
                        scores[k] += row[k]
            guess = max(range(n), key=scores.__getitem__)
            truth = index[label]
            if guess != truth:
                errors += 1
                for f in features:
                    row, total, stamp = weights[f], totals[f], stamps[f]
                    for k, delta in ((truth, 1.0), (guess, -1.0)):
                        total[k] += (step - stamp[k]) * row[k]
                        stamp[k] = step
                        row[k] += delta
        print(f"epoch {epoch + 1}: {errors} errors of {len(examples)}", file=sys.stderr)
    averaged = {}
    for f, row in weights.items():
        total, stamp = totals[f], stamps[f]
        avg = [round((total[k] + (step - stamp[k]) * row[k]) / step, 3) for k in range(n)]
        if any(abs(v) >= 0.002 for v in avg):
            averaged[f] = avg
    return averaged


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="../shared/corpus/timebank-aquaint")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--output", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    train_files, held_out = split(corpus)
    started = time.monotonic()
    examples, word_counts, event_counts = [], Counter(), Counter()
    for path in train_files:
        tokens, labels = labelled_tokens(path)
        for i, label in enumerate(labels):
            examples.append((token_features(tokens, i), label))
            word_counts[tokens[i].lower] += 1
            if label != "O":
                event_counts[tokens[i].lower] += 1
    classes = ["O", *EVENT_CLASSES]
    weights = train(examples, classes, args.epochs)
    # Frequent words never seen as an event (articles, prepositions, pronouns) are skipped at tagging
    # time without scoring: most tokens of news are such words.
    never = sorted(w for w, c in word_counts.items() if c >= 20 and event_counts[w] == 0)
    meta = {"trained_on": [p.name for p in train_files], "held_out": [p.name for p in held_out],
            "epochs": args.epochs, "n_tokens": len(examples), "never_events": never}
    with gzip.open(args.output, "wt", encoding="utf-8") as handle:
        json.dump({"classes": classes, "weights": weights, "meta": meta}, handle, separators=(",", ":"))
    print(f"{len(weights)} features, {len(never)} skip words, {time.monotonic() - started:.0f} s -> "
          f"{args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
