"""The date that governs an event: which of a sentence's date mentions its trigger takes.

A date governs the events of its own clause segment (see `clauses`); among several there, the one a
preposition attaches right after the trigger ("met on 11 April") wins, then the nearest. An event
whose segment holds no date takes the nearest date of the sentence, unless a quotation or a reporting
frame separates them: "On 1 March Lukashenka said: 'I learnt of it on 24 February'" dates the
statement by 1 March and the learning by 24 February. An event with no governing date is dated by
the publication date through its tense (`date_basis = 'publication'`), or not at all.

Which dates can govern a trigger at all, before that choice:
- a reporting verb ("said") takes a date after it only when a preposition attaches it ("said on
  Tuesday", "said over the weekend") or only a short object stands between ("announced the plan Aug.
  21"), never across a word that opens a clause ("said he resigned on 3 May"); "according to" is dated
  by the writing;
- "expected", "scheduled", "slated" leave a date after them to the event they announce ("expected to
  close in December");
- a date after the publication dates neither a past-tense verb ("agreed to sell the unit by 2026") nor
  a present state or intention it follows ("requires banks to divest by 1994");
- the baseline of a comparison is no date of the event ("profit grew 19% from a year ago");
- a future event ("to ship", "will vote") with a future date in its clause leaves the past ones;
- a relative clause (", which ...,") closes at its next comma, so its date stays inside it;
- a scare quote of up to three words ("profits were 'squeezed' in 1989") is no quotation.
Each was chosen on TimeBank's training files (BENCHMARKS.md, "Events", gives the held-out figures).
Tried there and dropped: a date premodifying a noun ("his Aug. 2 power-grab", "third-quarter
earnings") dating only that noun gained 3 events and lost 6, since TimeBank's annotators tie the
clause's verb to such dates too ("your Oct. 23 item recognized ...").

"Recently", "in the future", "now" (TIMEX3 PAST_REF, FUTURE_REF, PRESENT_REF) place an event only
before, after or at the publication date. They govern the events of their own clause segment like any
date, never across segments (`RELATIVE_VALUES`); the event keeps its publication-relative range, and
the expression is recorded as the words that date it.
"""
from __future__ import annotations

import bisect

from .clauses import QUOTES
from .model import Token

__all__ = ["governing_date", "DATABLE_TYPES", "RELATIVE_VALUES", "is_relative"]

DATABLE_TYPES = ("DATE", "TIME")
RELATIVE_VALUES = frozenset({"PAST_REF", "FUTURE_REF", "PRESENT_REF"})
# "the recent unrest": such a word dates only the noun it modifies, not the clause's verb.
_ATTRIBUTIVE = frozenset({"recent", "current", "present", "past", "latest", "future", "former", "upcoming",
                          "coming", "previous", "earlier", "later"})
_ATTACHING = frozenset({"on", "in", "at", "since", "by", "during", "until", "till", "from", "before", "after",
                        "throughout", "early", "late", "last", "this", "next", "earlier", "later", "of", "over"})


def is_relative(mention) -> bool:
    """Whether a temporal mention only says before, after or at the time of writing ("recently")."""
    return mention is not None and getattr(mention, "value", None) in RELATIVE_VALUES


def _token_at(tokens: list[Token], offset: int) -> int:
    """The first token ending after `offset` (the last token if none does); tokens are in text order."""
    return min(bisect.bisect_right(tokens, offset, key=_token_end), len(tokens) - 1)


def _token_end(token: Token) -> int:
    return token.end


def governing_date(i: int, tokens: list[Token], segments: list[int], dates: list, framed: bool,
                   reporting: bool = False, trigger=None, document_date=None):
    """The governing mention for the trigger at token i, among the sentence's datable `dates`
    (pipeline.temporal.TemporalMention), or None. A reporting trigger ("said") takes a date after it
    only when the date is attached to it ("said on Tuesday") or follows its object ("announced the
    plan Aug. 21"): a later date belongs to what was said. With the `trigger` (pipeline.events.model.
    Trigger) and the `document_date`, the tense rules of `_fits_tense` apply too."""
    if not dates:
        return None
    if trigger is not None and trigger.text.lower() == "according":
        # "... totalled $37 million in 1988, according to an aide": the source is dated by the writing.
        return None
    placed = [(mention, _token_at(tokens, mention.start)) for mention in dates]
    if reporting:
        placed = [(m, k) for m, k in placed
                  if k < i or (k - i <= 6 and not _opens_clause(tokens, i, k)
                               and (_attached(tokens, i, k) or _after_object(tokens, i, k)))]
    if trigger is not None:
        placed = [(m, k) for m, k in placed if _fits_tense(trigger, tokens, i, k, m, document_date)]
    placed = [(m, k) for m, k in placed if not _comparison(tokens, k, m)]
    segments = _dating_segments(tokens, segments)
    if document_date is not None and _after_future(tokens, i):
        # "planned to ship a computer early next year", said last week: a future event takes the
        # future date of its clause over a past one.
        ahead = [(m, k) for m, k in placed if segments[k] == segments[i]
                 and getattr(m, "date_start", None) is not None and m.date_start > document_date]
        if ahead:
            placed = [(m, k) for m, k in placed if not (getattr(m, "date_end", None) is not None
                                                        and m.date_end < document_date)]
    same = [(m, k) for m, k in placed if segments[k] == segments[i]
            and not (is_relative(m) and m.text.lower() in _ATTRIBUTIVE and not 0 < i - k <= 2)
            and (reporting or k < i or not any(t.lower in _REPORTING_WORDS for t in tokens[i + 1:k]))]
    # "Recently" in another segment says nothing of this event: only a date proper reaches across.
    placed = [(m, k) for m, k in placed if not is_relative(m)]
    if same:
        after = [(m, k) for m, k in same if 0 < k - i <= 8 and _attached(tokens, i, k)]
        if after:
            return min(after, key=lambda mk: mk[1] - i)[0]
        return min(same, key=lambda mk: abs(mk[1] - i))[0]
    trigger_quoted = _quoted(tokens, i)
    reachable = [(m, k) for m, k in placed if _quoted(tokens, k) == trigger_quoted]
    if not reachable:
        return None
    if framed and not trigger_quoted:
        # A reported event in indirect speech keeps the frame's date only when the date sits in its part
        # of the sentence; the frame's own segment date belongs to the frame.
        return None
    return min(reachable, key=lambda mk: abs(mk[1] - i))[0]


# A reporting verb between an event and a date takes the date: "cut its dividend, officials said on Monday".
_REPORTING_WORDS = frozenset({"said", "says", "say", "told", "tells", "announced", "announces", "added", "stated",
                              "reported", "confirmed", "declared", "claimed"})


def _attached(tokens: list[Token], i: int, k: int) -> bool:
    """Whether only a preposition phrase's words lie between the trigger at i and the date at k."""
    between = [t.lower for t in tokens[i + 1:k]]
    if any(word in _REPORTING_WORDS for word in between):
        return False
    return not between or between[-1] in _ATTACHING or between[0] in _ATTACHING


# Words that open a clause of their own: a date after them belongs to that clause, not to a verb before.
_CLAUSE_OPENERS = frozenset({"that", "he", "she", "it", "they", "we", "i", "you", "who", "which", "there", "to",
                             "if", "whether", "when", "how", "what", "why"})


def _opens_clause(tokens: list[Token], i: int, k: int) -> bool:
    """Whether a word between the trigger at i and the date at k opens a clause ("said he left on Monday")."""
    return any(t.lower in _CLAUSE_OPENERS for t in tokens[i + 1:k])


def _after_object(tokens: list[Token], i: int, k: int) -> bool:
    """Whether only a short object lies between a reporting trigger at i and the date at k: "announced
    the plan Aug. 21", "told customers Monday" (at most three words, none opening a clause)."""
    between = tokens[i + 1:k]
    if not 0 < len(between) <= 3:
        return False
    return not any(t.lower in _CLAUSE_OPENERS or t.lower in _REPORTING_WORDS or not t.text[:1].isalnum()
                   or t.lower.endswith("ed") for t in between)


# "expected to close in December", "is scheduled to close Monday": the date after such a word dates the
# event it announces; the expecting holds at the time of writing.
# Measured on the TimeBank training files: "due" and "set" take their own dates ("due on Nov. 1, 2004",
# "has set its sights on ... this year") as often as not, so they are not in the list.
_ANNOUNCING_STATES = frozenset({"expected", "scheduled", "slated"})


def _fits_tense(trigger, tokens: list[Token], i: int, k: int, mention, document_date) -> bool:
    """Whether the date at token k can date the trigger at i as far as tense and class tell."""
    if k > i and trigger.text.lower() in _ANNOUNCING_STATES:
        return False
    if document_date is None or getattr(mention, "date_start", None) is None or mention.date_start <= document_date:
        return True
    # A date after the publication: a past-tense verb cannot happen then ("agreed on Monday to sell it
    # by 1994" sells by 1994, the agreeing was before); a state or intention in the present
    # ("requires thrifts to divest by 1994", "is evaluating the proposal; ... by Oct. 31") holds now.
    if trigger.pos == "VERB" and _is_past_form(trigger, tokens, i):
        return False
    return not (k > i and trigger.event_class in ("state", "i_state", "i_action") and trigger.pos == "VERB"
                and not _after_auxiliary(tokens, i))


_FUTURE_AUXILIARIES = frozenset({"will", "would", "'ll", "shall", "to", "may", "might", "could", "should", "can",
                                 "must", "wo", "ca", "be"})


def _is_past_form(trigger, tokens: list[Token], i: int) -> bool:
    word = trigger.text.lower()
    if word.endswith("ing") or word == trigger.lemma or word.endswith("s"):
        return False
    # "will be completed", "to be finished": a past participle after a future or modal auxiliary.
    return not _after_auxiliary(tokens, i)


def _after_auxiliary(tokens: list[Token], i: int) -> bool:
    """Whether a future or modal auxiliary (or "to") stands in the three words before token i."""
    return any(t.lower in _FUTURE_AUXILIARIES for t in tokens[max(0, i - 3):i])


def _quoted(tokens: list[Token], i: int) -> bool:
    """Whether token i is inside a quotation; a scare quote of a word or three ("profits were
    'squeezed' in 1989") is no quotation."""
    scare = _scare_quotes(tokens)
    return sum(1 for n, t in enumerate(tokens[:i]) if t.text in QUOTES and n not in scare) % 2 == 1


_SCARE_LENGTH = 3


def _scare_quotes(tokens: list[Token]) -> frozenset[int]:
    """Positions of the quotation marks that enclose at most three words: "squeezed", "abnormal fever"."""
    marks = [n for n, t in enumerate(tokens) if t.text in QUOTES]
    scare = set()
    for a, b in zip(marks[::2], marks[1::2]):
        if 0 < b - a - 1 <= _SCARE_LENGTH:
            scare.update((a, b))
    return frozenset(scare)


# "profit grew 19% from a year ago", "versus $5.3 million a year earlier": the baseline of a comparison,
# not the time of the event.
_COMPARING = frozenset({"from", "than", "versus", "vs.", "vs", "compared", "against"})
_BASELINE_WORDS = ("ago", "earlier", "year-ago", "previous", "prior")


def _comparison(tokens: list[Token], k: int, mention) -> bool:
    text = mention.text.lower()
    if not any(word in text for word in _BASELINE_WORDS):
        return False
    before = [t.lower for t in tokens[max(0, k - 6):k]]
    for n in range(len(before) - 1, -1, -1):
        if before[n] in (",", ";"):
            return False
        if before[n] in _COMPARING:
            return True
    return False


_FUTURE_MARKERS = frozenset({"will", "'ll", "shall", "wo", "to"})


def _after_future(tokens: list[Token], i: int) -> bool:
    return any(t.lower in _FUTURE_MARKERS for t in tokens[max(0, i - 2):i])


_RELATIVE_OPENERS = frozenset({"which", "who", "whom", "whose"})
_segment_cache: dict = {}


def _dating_segments(tokens: list[Token], segments: list[int]) -> list[int]:
    """The clause segments, refined for dating: a relative clause opened by ", which" closes at the
    next comma ("Carnival, which has three ships on order, presented claims this week" dates the claims,
    not the having). Only for dating: negation and speakers keep `clauses.segment_ids`. Measured on the
    TimeBank training files, splitting at ", and" too dated fewer events right, and so did keeping an
    event of a relative clause from the dates outside it when it has none of its own. Computed once per
    sentence (the tokens list is the key)."""
    key = id(tokens)
    cached = _segment_cache.get(key)
    if cached is not None and cached[0] is tokens:
        return cached[1]
    scare = _scare_quotes(tokens)
    if scare:
        # A scare quote opens no segment: its words and what follows stay in the segment before it.
        merged, offset = [], 0
        for n, segment in enumerate(segments):
            if n > 0 and segment != segments[n - 1] and (n in scare or (n - 1) in scare):
                offset += segment - segments[n - 1]
            merged.append(segment - offset)
        segments = merged
    refined, shift, in_relative = [], 0, False
    for n, token in enumerate(tokens):
        lower = token.lower
        if n > 0 and segments[n] != segments[n - 1]:
            in_relative = False
        if lower == "," and n + 1 < len(tokens):
            following = tokens[n + 1].lower
            if in_relative:
                shift += 1
                in_relative = False
            if following in _RELATIVE_OPENERS:
                in_relative = True
        refined.append(segments[n] * 1000 + shift)
    _segment_cache.clear()
    _segment_cache[key] = (tokens, refined)
    return refined
