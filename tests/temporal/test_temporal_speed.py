"""The tagger's speed-ups must not change what it finds: each shortcut checked against the slow way."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from pipeline.temporal import grammar, tag, tagger
from pipeline.temporal.grammar import FAMILIES, FAMILY_NEEDS, MONTHS, NUMBER_WORDS, ORDINAL_WORDS, WEEKDAYS

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "data" / "samples").glob("*.txt"))

TRICKY = [
    "On 24/02/2022 at 5 a.m. GMT, and 2022-02-24T05:00, then 24-Feb-2022 and Feb-24-22 and 2022.02.24.",
    "In the late 1980s and the mid-'90s, the eighties, the 19th century and the late twentieth century.",
    "Fiscal 1989, the first half of 2022, Q1 2022, 2022 Q3, H1 2022, the year-ago quarter, the 1988 third quarter.",
    "Two years ago, a year earlier, seven years later, in two years' time, year-earlier results, every Monday.",
    "Twice a week, each year, Tuesdays, Christmas 1963, New Year's Eve, last Thanksgiving, D-Day, Labour Day.",
    "Nineteen ninety-six, the year two thousand, 480 BC, 492-490 B.C., early spring of 2022, last autumn.",
    "5 a.m. on Thursday, 6 p.m. yesterday, 14:30 local time, noon, midnight this morning, midday tomorrow.",
    "THE THIRD QUARTER, FISCAL 1990, TWO YEARS AGO, EVERY MONDAY, THE 1980S, 24 FEBRUARY 2022, 5 A.M. TODAY.",
    "22-25 April 1951, 17 August-2 September, March 5-9, 1918, December 1979-February 1980, January–February.",
    "Sixty-five days, three weeks, the past three months, a decade, five-year, 24 hours, several years.",
]


def _texts() -> list[str]:
    texts = list(TRICKY) + [fam.doc for fam in FAMILIES]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in SAMPLES]
    return texts


def _result(r) -> tuple:
    return ([dataclasses.astuple(m) for m in r.mentions], [dataclasses.astuple(p) for p in r.problems],
            r.anchor_date, r.anchor_source, r.anchor_evidence, r.date_order)


def test_needs_name_families():
    assert set(FAMILY_NEEDS) <= {fam.name for fam in FAMILIES}


@pytest.mark.parametrize("fam", [f for f in FAMILIES if f.name in FAMILY_NEEDS], ids=lambda f: f.name)
def test_every_match_holds_its_family_needs(fam):
    needs = FAMILY_NEEDS[fam.name]
    for text in _texts() + [t.upper() for t in _texts()]:
        for m in fam.pattern.finditer(text):
            if m.end() > m.start():
                assert needs.search(m.group().lower()), (fam.name, m.group())


def test_fold_unsafe_lists_every_letter_lower_misses():
    # Characters that a case-blind ASCII letter matches but that lower() does not turn into that letter.
    every = "".join(chr(i) for i in range(0x80, 0x110000) if not 0xD800 <= i < 0xE000)
    missed = {m.group() for a in "abcdefghijklmnopqrstuvwxyz" for m in re.finditer(a, every, re.IGNORECASE)
              if m.group().lower() != a}
    assert missed
    assert all(grammar._FOLD_UNSAFE.fullmatch(c) for c in missed)


def test_tagging_is_the_same_without_the_needs_shortcut(monkeypatch):
    texts = _texts() + [t.upper() for t in TRICKY] + ["ſince 2001 and ıt was tw\u0130 years ago, Thursday"]
    fast = [_result(tag(t)) for t in texts]
    slow_plan = tuple(p[:-1] + (None,) for p in tagger._FAMILY_PLAN)
    monkeypatch.setattr(tagger, "_FAMILY_PLAN", slow_plan)
    monkeypatch.setattr(tagger, "_PLANS", {})  # the per-kinds plans are cut from _FAMILY_PLAN
    assert [_result(tag(t)) for t in texts] == fast


def test_tagging_is_the_same_with_lower_case_month_tokens(monkeypatch):
    texts = _texts() + [t.lower() for t in _texts()] + [
        "It may rain in May; they march in March, and may 5 is not May 5, 2021.",
        "Prices fell in june and rose in JUNE 2020; sept. 3 and Sept. 3 differ.",
    ]
    fast = [_result(tag(t)) for t in texts]
    monkeypatch.setattr(tagger, "_keep_capitalised_months", lambda tokens, text: None)
    assert [_result(tag(t)) for t in texts] == fast


def test_tagging_is_the_same_when_every_family_is_looked_at(monkeypatch):
    texts = _texts() + [t.upper() for t in TRICKY]
    fast = [_result(tag(t)) for t in texts]

    class EveryFamily(dict):
        def get(self, key, default=None):
            return tagger._FAMILY_PLAN  # no family skipped by its kinds: each still checks its own tokens

    monkeypatch.setattr(tagger, "_PLANS", EveryFamily())
    assert [_result(tag(t)) for t in texts] == fast


def _words_and_near_misses(words) -> list[str]:
    out = set()
    for w in words:
        out.update({w, w.upper(), w.title(), w + "s", w + ".", w[:-1], w + w[-1:], " " + w})
    return sorted(out)


@pytest.mark.parametrize("words", [list(MONTHS), list(WEEKDAYS), list(ORDINAL_WORDS),
                                   [w for w in NUMBER_WORDS if w not in ("a", "an")]])
def test_trie_alternation_matches_like_the_flat_one(words):
    flat = re.compile("(?:" + "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) + ")",
                      re.IGNORECASE)
    trie = re.compile(grammar._alt(words), re.IGNORECASE)
    for probe in _words_and_near_misses(words):
        a, b = flat.match(probe), trie.match(probe)
        assert (a and a.span()) == (b and b.span()), probe


@pytest.mark.parametrize("alternation", [
    "the|its|their|his|her|our|a", "last|next|this|coming|past|previous|following",
    r"seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?|yrs?",
    r"early|mid|middle|late|the\s+(?:start|beginning|middle|end)\s+of|the\s+(?:early|mid|late)(?:\s+part\s+of)?",
])
def test_regrouped_alternations_match_like_the_original(alternation):
    words = re.findall(r"[a-z]+", alternation)
    probes = _words_and_near_misses(words) + ["the start of", "the early part of", "their own", "weekend"]
    builds = (grammar._by_first, grammar._any) if re.fullmatch(r"[a-z|]+", alternation) else (grammar._by_first,)
    for build in builds:
        original = re.compile(rf"(?:{alternation})(?:\s+\w+)?", re.IGNORECASE)
        regrouped = re.compile(rf"{build(alternation)}(?:\s+\w+)?", re.IGNORECASE)
        for probe in probes:
            a, b = original.match(probe), regrouped.match(probe)
            assert (a and a.span()) == (b and b.span()), (build.__name__, probe)


def test_shared_boundary_keeps_every_match():
    b, e = grammar._B, grammar._E
    patterns = [
        rf"{b}(?:(?P<mod>early|mid|late)[\s-]+)?(?P<y>[12][0-9]{{3}})(?![\d,.]\d|[\w%]|\s*%)"
        rf"|{b}(?P<ad>AD|A\.D\.)\s+(?P<yad>[1-9][0-9]{{1,3}}){e}|{b}(?P<ybc>[1-9][0-9]{{1,3}})\s+(?P<era>BC|AD|CE)(?![\w])",
        rf"{b}(?:every|each)\s+(?P<unit>{grammar.UNIT}|{grammar.WEEKDAY}s?){e}"
        rf"|{b}(?P<per>(?:once|twice|\d+\s+times)\s+(?:a|an|per)\s+(?:day|week)){e}|{b}(?P<wds>mondays|fridays){e}",
    ]
    for source in patterns:
        shared = grammar._shared_boundary(source)
        assert shared != source
        original, regrouped = re.compile(source, re.IGNORECASE), re.compile(shared, re.IGNORECASE)
        for text in _texts() + ["AD 800, 480 BC, 1990s, mid-2022, every Monday, Mondays, 3 times a week"]:
            assert [(m.span(), m.groupdict()) for m in original.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in regrouped.finditer(text)]
