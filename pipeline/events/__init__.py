"""Event records: who did what to whom, where, when, and whether it happened.

The stage is split by concern, like `pipeline.temporal`:
- `tokens`     fast word tokens with character offsets (no model);
- `triggers`   event mentions (verbs and event nouns) with their TimeML class;
- `modality`   polarity (negated or not) and modality (asserted, reported, future, hypothetical);
- `taxonomy`   event type (PLOVER, CAMEO root) from the trigger, read from `data/event_types.tsv`;
- `actors`     people, organisations, governments and countries, resolved to canonical names;
- `places`     where it happened, resolved against a gazetteer;
- `dating`     the date mention that governs each trigger;
- `records`    all of the above assembled into `EventMention`s and warehouse rows.
`model` holds the dataclasses every module speaks.
"""
from .sentence_dates import EVENT_TYPES_OF_TIMEX, event_rows, is_publication_stamp

__all__ = ["EVENT_TYPES_OF_TIMEX", "event_rows", "is_publication_stamp"]
