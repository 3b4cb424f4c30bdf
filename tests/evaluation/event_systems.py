"""Hand-made event systems for the scorer tests: real EventMention dataclasses, built by hand so that
each test knows exactly what the system said."""
from __future__ import annotations

from types import SimpleNamespace

from pipeline.events.model import ActorMention, EventActor, EventMention, EventPlace, EventType, PlaceMention, Trigger


def mention(text: str, word: str, *, occurrence: int = 0, event_class: str = "occurrence", polarity: str = "positive",
            modality: str = "asserted", modal: str | None = None, date_basis: str = "none", date_value: str | None = None,
            event_type: str = "other", actors: tuple[tuple[str, str | None, str | None], ...] = (),
            places: tuple[tuple[str, str | None], ...] = ()) -> EventMention:
    """An event whose trigger is the `occurrence`-th `word` of `text`. actors: (role, country, sector);
    places: (name, country)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    trigger = Trigger(start, start + len(word), word, word.lower(), "VERB", event_class, (0, len(text)))
    return EventMention(
        doc_id="fixture", trigger=trigger, event_type=EventType(event_type, None, None), modality=modality,
        polarity=polarity, date_basis=date_basis,
        # The scorers read only the governing mention's value.
        date=SimpleNamespace(value=date_value) if date_value is not None else None,
        actors=[EventActor(role, ActorMention(0, 1, "x", None, country, sector, "country", "country"))
                for role, country, sector in actors],
        places=[EventPlace(PlaceMention(0, 1, name, name, country, None, None, 1, "gazetteer")) for name, country in places],
        modal=modal,
    )


def fixed_system(by_text: dict[str, list[EventMention]]):
    """An extractor that returns what we decided for each text (nothing for other texts)."""
    def extract(text, document_date):
        return by_text.get(text, [])

    return extract
