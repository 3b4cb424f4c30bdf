"""Running every event measure on the shared corpora, and the Markdown report with its targets.

`run_event_evaluation(corpus_root)` expects the layout of `../shared/corpus`: `timebank-aquaint/
TimeBank`, `esc`, `plover-gsr`; a missing corpus is reported as skipped with its path, never an error.
The targets are issue 8's; each verdict is computed from the figures of the same run.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .events_common import ANCHOR_SYSTEMS, EventExtractor, datewire_extractor

__all__ = ["EVENT_TARGETS", "Target", "format_event_report", "run_event_evaluation", "target_rows"]


@dataclass(frozen=True)
class Target:
    label: str
    goal: float
    value: Callable[[dict[str, Any]], float | None]  # from run_event_evaluation's figures; None = not measured


def _get(*keys: str) -> Callable[[dict[str, Any]], float | None]:
    def value(figures: dict[str, Any]) -> float | None:
        node: Any = figures
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    return value


EVENT_TARGETS = (
    Target("TimeBank trigger F1 (held-out files)", 0.85, _get("timebank", "held_out", "trigger_f1")),
    Target("TimeBank class accuracy (held-out, matched)", 0.75, _get("timebank", "held_out", "class_accuracy")),
    Target("TimeBank NEG polarity F1 (held-out, matched)", 0.90, _get("timebank", "held_out", "neg_f1")),
    Target("TimeBank anchoring accuracy (all anchored events)", 0.95,
           _get("timebank", "anchoring", "accuracy_datewire")),
    Target("ESC anchoring accuracy (all anchored events)", 0.85, _get("esc", "anchoring", "accuracy_datewire")),
    Target("PLOVER event type accuracy", 0.80, _get("plover", "type_accuracy")),
    Target("PLOVER source country accuracy", 0.90, _get("plover", "source_accuracy")),
    Target("extraction stage MB/s (one core)", 0.5, _get("speed", "stage_mb_per_s")),
)

_ANCHOR_LABELS = {
    "datewire": "Datewire (our event's governing date; publication date when dated by tense)",
    "nearest_date": "baseline: nearest date of our tagger in the sentence, else publication",
    "nearest_gold_date": "diagnostic: nearest *gold* date in the sentence, else publication",
    "publication_date": "baseline: publication date for every event (GDELT's rule)",
}


def run_event_evaluation(corpus_root: str | Path, extractor: EventExtractor = datewire_extractor, *,
                         held_out: set[str] | None = None, speed: bool = False) -> dict[str, Any]:
    """Figures of every event measure whose corpus is present; `skipped` lists the others."""
    from .events_esc import evaluate_esc
    from .events_plover import evaluate_plover
    from .events_timebank import evaluate_timebank, trigger_model_held_out

    root = Path(corpus_root)
    figures: dict[str, Any] = {"skipped": []}
    timebank = root / "timebank-aquaint" / "TimeBank"
    if timebank.is_dir():
        if held_out is None and extractor is datewire_extractor:
            held_out = trigger_model_held_out()
        figures["timebank"] = evaluate_timebank(timebank, extractor, held_out).figures()
        if speed:
            from .events_speed import measure_extraction_speed

            figures["speed"] = measure_extraction_speed(timebank)
    else:
        figures["skipped"].append(f"TimeBank: no folder {timebank}")
    for name, folder, evaluate in (("esc", root / "esc", evaluate_esc), ("plover", root / "plover-gsr", evaluate_plover)):
        if folder.is_dir():
            figures[name] = evaluate(folder, extractor).figures()
        else:
            figures["skipped"].append(f"{name}: no folder {folder}")
    return figures


def target_rows(figures: dict[str, Any]) -> list[tuple[str, float | None, float, str]]:
    """(label, this run, goal, verdict) per target: 'yes', 'no', or 'not measured'."""
    rows = []
    for target in EVENT_TARGETS:
        value = target.value(figures)
        verdict = "not measured" if value is None else "yes" if value >= target.goal else "no"
        rows.append((target.label, value, target.goal, verdict))
    return rows


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _anchoring_table(name: str, anchoring: dict[str, Any]) -> list[str]:
    lines = [f"| anchoring on {name} ({anchoring['anchored']} anchored gold events, {anchoring['dct_events']} "
             f"of them to the DCT) | all | to a date in the text | the {anchoring['matched']} Datewire found "
             f"(recall {_f(anchoring['recall'])}) |", "|---|--:|--:|--:|"]
    for system in ANCHOR_SYSTEMS:
        lines.append(f"| {_ANCHOR_LABELS[system]} | {_f(anchoring[f'accuracy_{system}'])} "
                     f"| {_f(anchoring[f'accuracy_{system}_text_dates'])} "
                     f"| {_f(anchoring.get(f'accuracy_{system}_matched'))} |")
    by_basis = anchoring.get("datewire_by_basis") or {}
    if by_basis:
        parts = [f"{basis} {t['right']} right / {t['wrong']} wrong" for basis, t in by_basis.items()]
        lines += ["", f"Datewire's anchoring on {name} by how our event is dated (`date_basis`): " + "; ".join(parts) + "."]
    return lines


def format_event_report(figures: dict[str, Any]) -> str:
    """Markdown: targets, then TimeBank Task B, anchoring, PLOVER and speed, as far as measured."""
    lines = ["| target | this run | goal | met |", "|---|--:|--:|---|"]
    for label, value, goal, verdict in target_rows(figures):
        lines.append(f"| {label} | {_f(value)} | {goal} | {verdict if verdict != 'no' else '**no**'} |")
    tb = figures.get("timebank")
    if tb:
        lines += ["", "TimeBank, TempEval-3 Task B (class, NEG and modal word over matched events):", "",
                  "| files | docs | gold | sys | matched | trigger P | trigger R | trigger F1 | class acc "
                  "| NEG P | NEG R | NEG F1 | modal acc | modal acc where gold has one |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
        parts = [("held out from training" if tb["held_out_named"] else "all", tb["held_out"])]
        if tb["trained_on"]["documents"]:
            parts.append(("trained on (for comparison only)", tb["trained_on"]))
        for label, s in parts:
            gold = s["trigger_tp"] + s["trigger_fn"]
            system = s["trigger_tp"] + s["trigger_fp"]
            lines.append(
                f"| {label} | {s['documents']} | {gold} | {system} | {s['matched']} | {_f(s['trigger_precision'])} "
                f"| {_f(s['trigger_recall'])} | {_f(s['trigger_f1'])} | {_f(s['class_accuracy'])} "
                f"| {_f(s['neg_precision'])} | {_f(s['neg_recall'])} | {_f(s['neg_f1'])} "
                f"| {_f(s['modal_accuracy'])} | {_f(s['modal_accuracy_gold_modal'])} ({s['gold_modal']}) |")
        lines += ["", "Did not happen (matched events; gold: NEG polarity or the complement of a COUNTER_FACTIVE "
                  "SLINK, which TimeBank writes POS: \"failed to *reach*\"; ours: polarity negative):", "",
                  "| files | gold did not happen | of them counter-factive | P | R | F1 |", "|---|--:|--:|--:|--:|--:|"]
        for label, s in parts:
            gold = s.get("unhappened_tp", 0) + s.get("unhappened_fn", 0)
            lines.append(f"| {label} | {gold} | {s.get('gold_counter_factive', 0)} | {_f(s.get('unhappened_precision'))} "
                         f"| {_f(s.get('unhappened_recall'))} | {_f(s.get('unhappened_f1'))} |")
        lines += ["", *_anchoring_table("TimeBank", tb["anchoring"])]
        split = [(label, tb.get(key)) for label, key in (("held-out files", "anchoring_held_out"),
                                                          ("trained-on files", "anchoring_trained_on"))]
        split = [(label, a) for label, a in split if a and a["anchored"]]
        if tb["held_out_named"] and len(split) == 2:
            lines += ["", "The dating rules were chosen by hand on the trained-on files; by file set (all anchored "
                      "events / the ones Datewire found):", "",
                      "| TimeBank files | anchored | Datewire | nearest date | Datewire, found | nearest date, found |",
                      "|---|--:|--:|--:|--:|--:|"]
            lines += [f"| {label} | {a['anchored']} | {_f(a['accuracy_datewire'])} | {_f(a['accuracy_nearest_date'])} "
                      f"| {_f(a['accuracy_datewire_matched'])} | {_f(a['accuracy_nearest_date_matched'])} |"
                      for label, a in split]
    esc = figures.get("esc")
    if esc:
        lines += ["", f"ESC v1.5: {esc['documents_with_dct']} of {esc['documents']} documents carry a DCT and are "
                  f"measured ({esc['gold_events']} gold event mentions in them).", "",
                  *_anchoring_table("ESC", esc["anchoring"])]
    pl = figures.get("plover")
    if pl:
        top = ", ".join(f"{k} ({v})" for k, v in list(pl["confusions"].items())[:6])
        lines += ["", f"PLOVER GSR, {pl['records']} records:", "", "| measure | records | accuracy |", "|---|--:|--:|",
                  f"| event type (our rule picks the event) | {pl['type_n']} | {_f(pl['type_accuracy'])} |",
                  f"| event type (gold trigger given) | {pl['type_gold_trigger_n']} | {_f(pl['type_gold_trigger_accuracy'])} |",
                  f"| source country | {pl['source_n']} | {_f(pl['source_accuracy'])} |",
                  f"| source country (gold trigger given) | {pl['source_gold_trigger_n']} "
                  f"| {_f(pl['source_gold_trigger_accuracy'])} |",
                  f"| target country | {pl['target_n']} | {_f(pl['target_accuracy'])} |",
                  f"| place (records with a gold location) | {pl['place_n']} | {_f(pl['place_accuracy'])} |",
                  *[f"| {measure}, {half} half | {h[f'{key}_n']} | {_f(h[f'{key}_accuracy'])} |"
                    for half, h in (pl.get("halves") or {}).items()
                    for measure, key in (("event type", "type"), ("source country", "source"))],
                  "", f"Commonest type errors (gold -> ours): {top or 'none'}."]
    sp = figures.get("speed")
    if sp:
        lines += ["", f"Speed on the {sp['documents']} TimeBank texts ({sp['megabytes']:.2f} MB), one core, CPU time: "
                  f"tagger alone {sp['tagger_mb_per_s']:.2f} MB/s ({sp['tagger_seconds']:.2f} s), whole extraction "
                  f"stage {sp['stage_mb_per_s']:.2f} MB/s ({sp['stage_seconds']:.2f} s).", "",
                  "| where the stage's time goes (profiled pass, own time) | share |", "|---|--:|"]
        lines += [f"| {name} | {share:.0%} |" for name, share in sp["modules"]]
        lines += ["", "| top functions | share |", "|---|--:|"]
        lines += [f"| `{name}` | {share:.0%} |" for name, share in sp["functions"]]
    failures = [f for key in ("timebank", "esc", "plover") for f in (figures.get(key) or {}).get("failures", [])]
    if failures:
        lines += ["", f"**Failures**: {len(failures)}", ""] + [f"- {f['path']}: {f['reason']}" for f in failures[:10]]
    if figures.get("skipped"):
        lines += ["", "Skipped: " + "; ".join(figures["skipped"]) + "."]
    return "\n".join(lines) + "\n"
