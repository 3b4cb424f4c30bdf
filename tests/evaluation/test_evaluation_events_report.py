"""The event report: targets computed from the figures, `datewire evaluate --events` end to end with
the real extractor on a corpus folder we wrote, and the speed measurement's shape."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_evaluation_esc import ESC
from test_evaluation_plover import RECORDS
from test_evaluation_timebank_events import COUNCIL, PACT, TEXT

from pipeline.evaluate import main
from pipeline.evaluation.events_report import format_event_report, target_rows
from pipeline.evaluation.events_speed import measure_extraction_speed


def write_corpus(root: Path, *, esc: bool = True, plover: bool = True) -> Path:
    timebank = root / "timebank-aquaint" / "TimeBank"
    timebank.mkdir(parents=True)
    (timebank / "council.tml").write_text(COUNCIL, encoding="utf-8")
    if esc:
        (root / "esc" / "99").mkdir(parents=True)
        (root / "esc" / "99" / "99_1ecbplus.xml.xml").write_text(ESC, encoding="utf-8")
    if plover:
        (root / "plover-gsr").mkdir()
        (root / "plover-gsr" / "PLOVER_GSR_CAMEO.dev.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return root


def test_verdicts_are_computed_from_the_figures():
    figures = {"timebank": {"held_out": {"trigger_f1": 0.86, "class_accuracy": 0.70, "neg_f1": 0.90},
                            "anchoring": {"accuracy_datewire": 0.5}},
               "plover": {"type_accuracy": 0.81, "source_accuracy": 0.2}}
    verdicts = {label: (value, verdict) for label, value, _, verdict in target_rows(figures)}
    assert verdicts["TimeBank trigger F1 (held-out files)"] == (0.86, "yes")
    assert verdicts["TimeBank class accuracy (held-out, matched)"] == (0.70, "no")
    assert verdicts["TimeBank NEG polarity F1 (held-out, matched)"] == (0.90, "yes")  # the goal is >=
    assert verdicts["ESC anchoring accuracy (all anchored events)"] == (None, "not measured")
    assert verdicts["extraction stage MB/s (one core)"] == (None, "not measured")


def test_evaluate_events_runs_every_measure_with_the_real_extractor(tmp_path, capsys):
    root = write_corpus(tmp_path / "corpus")
    assert main(["--events", str(root), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["skipped"] == []
    # A file outside the model's held-out list: every file counts when the list names none of ours.
    assert figures["timebank"]["held_out"]["documents"] + figures["timebank"]["trained_on"]["documents"] == 1
    assert figures["timebank"]["anchoring"]["anchored"] == 3
    assert figures["esc"]["anchoring"]["anchored"] == 2
    assert figures["plover"]["records"] == 3
    report = format_event_report(figures)
    assert "| target | this run | goal | met |" in report and "anchoring on ESC" in report


def test_a_missing_corpus_is_skipped_with_its_path(tmp_path, capsys):
    root = write_corpus(tmp_path / "corpus", esc=False, plover=False)
    assert main(["--events", str(root)]) == 0
    out = capsys.readouterr().out
    assert "Skipped: esc: no folder" in out and "| ESC anchoring accuracy (all anchored events) | — | 0.85 | not measured |" in out
    shutil.rmtree(root / "timebank-aquaint")
    assert main(["--events", str(root)]) == 2


def test_speed_compares_the_stage_with_the_tagger_on_the_same_texts(tmp_path):
    root = write_corpus(tmp_path / "corpus", esc=False, plover=False)
    speed = measure_extraction_speed(root / "timebank-aquaint" / "TimeBank")
    assert speed["documents"] == 1 and speed["megabytes"] == len(TEXT.encode("utf-8")) / 1e6
    assert speed["stage_seconds"] > 0 and speed["stage_mb_per_s"] > 0
    shares = [share for _, share in speed["modules"]]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1.0 + 1e-9
    assert any(name.startswith("pipeline/events/") for name, _ in speed["modules"])


def test_the_report_gives_timebank_anchoring_by_file_set_when_a_held_out_list_is_named():
    def anchoring(anchored, datewire, nearest):
        return {"anchored": anchored, "matched": anchored, "recall": 1.0, "dct_events": 0,
                "accuracy_matched": datewire, "datewire_by_basis": {},
                **{f"accuracy_{s}{suffix}": value for s, value in (("datewire", datewire), ("nearest_date", nearest),
                                                                    ("nearest_gold_date", nearest),
                                                                    ("publication_date", 0.1))
                   for suffix in ("", "_text_dates", "_matched")}}
    scores = {"documents": 1, "matched": 0, "trigger_tp": 0, "trigger_fp": 0, "trigger_fn": 0,
              **{k: 0.0 for k in ("trigger_precision", "trigger_recall", "trigger_f1", "class_accuracy", "neg_precision",
                                  "neg_recall", "neg_f1", "modal_accuracy", "modal_accuracy_gold_modal")}, "gold_modal": 0}
    figures = {"timebank": {"held_out_named": True, "held_out": scores, "trained_on": scores,
                            "anchoring": anchoring(30, 0.7, 0.6), "anchoring_held_out": anchoring(10, 0.8, 0.5),
                            "anchoring_trained_on": anchoring(20, 0.65, 0.65), "failures": []}}
    report = format_event_report(figures)
    assert "| held-out files | 10 | 0.800 | 0.500 | 0.800 | 0.500 |" in report
    assert "| trained-on files | 20 | 0.650 | 0.650 | 0.650 | 0.650 |" in report
    # The anchoring table gives every system over the events Datewire found as well.
    assert "| the 30 Datewire found (recall 1.000) |" in report


def test_the_report_gives_did_not_happen_beside_neg_polarity(tmp_path, capsys):
    root = write_corpus(tmp_path / "corpus", esc=False, plover=False)
    timebank = root / "timebank-aquaint" / "TimeBank"
    (timebank / "council.tml").unlink()
    (timebank / "pact.tml").write_text(PACT, encoding="utf-8")
    assert main(["--events", str(root), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    scores = figures["timebank"]["held_out"] if figures["timebank"]["held_out"]["documents"] else figures["timebank"]["trained_on"]
    # The real extractor reads "declined to sign" as not having happened: right by the counter-factive
    # SLINK, a false positive for NEG polarity, which TimeBank writes POS there.
    assert scores["gold_counter_factive"] == 1
    assert (scores["unhappened_tp"], scores["unhappened_fp"]) == (1, 0)
    assert (scores["neg_tp"], scores["neg_fp"]) == (0, 1)
    report = format_event_report(figures)
    assert "| files | gold did not happen | of them counter-factive | P | R | F1 |" in report
    assert "| 1 | 1 | 1.000 | 1.000 | 1.000 |" in report
