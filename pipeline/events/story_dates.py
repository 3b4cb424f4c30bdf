"""Dates that reach an event from another sentence of the article.

`governing_date` (dating.py) looks only inside the event's sentence. Two document-level passes then
date some of the events it left to the publication date:

- coreference: an event noun takes the date of a dated mention of the same noun ("The bombings on
  Aug. 7 killed 247 people ... the bombings");
- the story: news tells one happening over several sentences. "Deputy Ortiz was gunned down a month
  ago ... He was shot in the head and left dying on the ground" dates the shooting and the leaving by
  "a month ago". A past happening with no date of its own takes the date of the last dated past
  happening before it in the article, however many sentences back. The story's date never passes the
  publication date, and only a new dated happening changes it. Paragraph breaks do not end it: news
  agencies' copy (TimeBank's WSJ and AP texts) puts each sentence in a paragraph of its own, and on
  TimeBank's training files letting the story cross them dated 0.6% more events right (ESC unchanged).
  Events before the first dated one (a headline) keep the publication date: measured on ESC, giving
  them the lead's date, or keeping the story at its first date, or letting it reach only one or two
  sentences, each dated fewer events right; giving a headline (first line, no full stop) the date of
  the next two sentences' first dated happening gained 4 and lost 4.

States, reporting and intentions stay dated by the publication: "the police said", "is believed",
"plans" hold at the time of writing (TimeBank ties them to the document date). So do events in the
present or future tense, and events whose own clause says "recently" or "now".
"""
from __future__ import annotations

from datetime import date

from .model import EventMention, Trigger

__all__ = ["date_by_coreference", "date_by_story", "STORY_CLASSES"]

# Nouns so general that two mentions in one article need not be one happening.
_GENERAL_NOUNS = frozenset({"war", "conflict", "crisis", "situation", "event", "events", "thing", "case", "time",
                            "year", "day", "week", "month", "period", "process", "effort", "plan", "policy",
                            "change", "problem", "issue", "move", "action", "work", "development", "decision"})

# The event classes whose mentions tell a happening (TimeML): these carry and take the story's date.
STORY_CLASSES = frozenset({"occurrence", "aspectual", "perception"})
# Auxiliaries and the like that, right before a verb, put it in the present or the future.
_NOT_PAST_BEFORE = frozenset({"will", "would", "shall", "can", "may", "might", "must", "should", "could",
                              "is", "are", "am", "'s", "do", "does", "to", "'ll", "wo", "ca", "not"})


def date_by_coreference(events: list[EventMention]) -> None:
    """An event noun with no date of its own takes the date of a dated mention of the same noun in the
    article: "The bombings on Aug. 7 killed 247 people ... the bombings" are one happening."""
    dated: dict[str, EventMention] = {}
    for event in events:
        if event.date_basis == "text" and event.trigger.pos == "NOUN" and event.trigger.event_class == "occurrence":
            dated.setdefault(event.trigger.lemma, event)
    if not dated:
        return
    for event in events:
        trigger = event.trigger
        if (event.date_basis == "text" or event.date is not None or trigger.pos != "NOUN"
                or trigger.event_class != "occurrence" or trigger.lemma in _GENERAL_NOUNS):
            continue
        source = dated.get(trigger.lemma)
        if source is not None and source is not event and event.modality in ("asserted", "reported"):
            event.date, event.date_basis = source.date, "text"
            event.confidence = round(min(event.confidence, source.confidence) * 0.8, 3)


def is_past(trigger: Trigger) -> bool:
    """A verb in a past form as far as its spelling tells: "fled", "was ousted", "has left"."""
    word = trigger.text.lower()
    return trigger.pos == "VERB" and not word.endswith("ing") and word != trigger.lemma and not word.endswith("s")


def _tells_past(event: EventMention, text: str) -> bool:
    """Whether the event is a past happening: a past verb, or a noun or -ing form of one."""
    trigger = event.trigger
    if trigger.event_class not in STORY_CLASSES or event.modality not in ("asserted", "reported"):
        return False
    if event.polarity == "negative":
        return False
    if trigger.pos == "VERB":
        if is_past(trigger):
            return True
        # "was killed while investigating": an -ing form after a past one, never "is investigating".
        if trigger.text.lower().endswith("ing"):
            before = text[max(trigger.sentence[0], trigger.start - 40):trigger.start].lower().split()
            return bool(before) and before[-1] in ("while", "after", "before", "by", "when", "was", "were")
        return False
    return trigger.pos == "NOUN" and trigger.lemma not in _GENERAL_NOUNS


def _sets_story(event: EventMention, document_date: date | None) -> bool:
    """Whether a text-dated event starts or moves the story: a past happening dated on or before the
    publication date."""
    governing = event.date
    if event.date_basis != "text" or governing is None or getattr(governing, "date_start", None) is None:
        return False
    if event.trigger.event_class not in STORY_CLASSES or event.modality not in ("asserted", "reported"):
        return False
    return document_date is None or governing.date_start <= document_date


def date_by_story(events: list[EventMention], text: str, document_date: date | None = None) -> None:
    """Past happenings with no date of their own take the date of the story they continue (see the
    module docstring). `events` in text order."""
    story, story_sentence = None, None
    for event in events:
        sentence = event.trigger.sentence
        if _sets_story(event, document_date):
            story, story_sentence = event.date, sentence
            continue
        if (story is not None and sentence != story_sentence and event.date_basis == "publication"
                and event.date is None and _tells_past(event, text)):
            _take(event, story)


def _take(event: EventMention, governing) -> None:
    event.date, event.date_basis = governing, "text"
    event.confidence = round(event.confidence * 0.7, 3)

