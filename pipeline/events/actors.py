"""Actors: who does what to whom. People, organisations, governments, armed forces and countries.

`find_actors` finds every actor mention in the article body and resolves it:
- `alias`: a name in the alias file `data/actors.tsv` (plus the user's DATEWIRE_ACTOR_ALIASES):
  "Lukashenka", "Aleksandr Lukashenko" -> Alexander Lukashenko;
- `country`: a country's name (GeoNames and pycountry names, `data/countries.tsv`) -> its government;
- `demonym`: "Russian forces", "the Belarusian government" (`data/demonyms.tsv`) -> country + sector;
- `role`: "the Belarusian leader", "the president" -> the nearest fitting named actor in the document;
- `pronoun`: "he", "she", "they" -> the nearest fitting actor before it;
- `metonym`: a capital standing for its government ("Moscow said", "Minsk allows");
- `name`: a proper name in no list ("Mr. Novak", "Jan Novak said");
- `context`: a titled official in no list ("President X") placed in the one country the sentence
  names as a place, possessive or country word ("... in Sudan").
`actors_for_event` then gives an event its source, target and other participants from its clause.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from pipeline import budget

from .actor_lexicon import (
    ALIASES_PATH,
    GROUP_PRONOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLES,
    TITLES,
    Entry,
    Lexicon,
    capitals,
    country_names,
    current_lexicon,
)
from .model import ActorMention, EventActor, Token, Trigger
from .sentence_tokens import SentenceTokens, TokenIndex
from .tokens import tokenize

__all__ = ["find_actors", "actors_for_event", "ALIASES_PATH", "country_names", "capitals"]

# The first words of the two-word role nouns ("prime minister"), which _role_at reads unstripped.
_ROLE_FIRST_WORDS = frozenset(role.split()[0] for role in ROLES if " " in role)
# A capital followed by one of these stands for its government ("Moscow said", "Minsk allows").
_METONYM_NEXT = frozenset({"said", "says", "has", "have", "had", "will", "would", "accused", "denied",
                           "responded", "warned", "insisted", "announced", "claimed", "rejected", "demanded",
                           "allows", "allowed", "wants", "wanted", "sees", "considers", "can", "could", "may",
                           "agreed", "refused", "threatened", "expelled", "recalled", "condemned", "urged",
                           "insists", "hopes", "does", "did", "sent", "imposed", "called", "along", "together"})
_NOT_NAMES = frozenset({"the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "i", "but", "and", "or",
                        "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "if", "when",
                        "while", "after", "before", "as", "for", "with", "by", "from", "to", "of", "there", "here",
                        "january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                        "saturday", "sunday", "mr", "mrs", "ms", "mr.", "mrs.", "ms.", "dr.", "so", "yet", "also",
                        "however", "meanwhile", "despite", "although", "because", "since", "until", "what", "who",
                        "why", "how", "where", "which", "according", "read", "related", "photo", "image", "video",
                        "share", "follow", "subscribe", "comments", "advertisement", "news", "today", "yesterday"})
_LOCATION_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into", "from",
                                    "to", "towards", "toward", "throughout", "within"})


def _bare(word: str) -> str:
    """A token without its possessive: "russia's" -> "russia"."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _bares(tokens: list[Token]) -> list[str]:
    """Each token's lower-case text without its possessive (`_bare`), computed once per sentence."""
    return [word[:-2] if word.endswith(("'s", "’s")) else word for word in [t.lower for t in tokens]]


def _match(lex: Lexicon, tokens: list[Token], bares: list[str], i: int) -> tuple[int, Entry] | None:
    """The longest lexicon phrase starting at token i: (number of tokens, entry)."""
    options = lex.phrases.get(bares[i])
    if not options:
        return None
    for words, entry in options:
        n = len(words)
        if i + n > len(tokens):
            continue
        if n == 1 or tuple(bares[i:i + n]) == words:
            if entry.resolution == "alias" and not tokens[i].text[:1].isupper() and words[0] not in ("the",):
                continue  # "who" the word is not WHO the organisation
            return n, entry
    return None


def _role_at(tokens: list[Token], bares: list[str], i: int) -> tuple[int, tuple[str, str, bool], str] | None:
    """A role noun (one or two words) at token i: (number of tokens, role, role words)."""
    if i + 1 < len(tokens) and tokens[i].lower in _ROLE_FIRST_WORDS:
        two = tokens[i].lower + " " + tokens[i + 1].lower
        if two in ROLES:
            return 2, ROLES[two], two
    one = bares[i]
    if one in ROLES:
        return 1, ROLES[one], one
    return None


def _span(tokens: list[Token], i: int, n: int) -> tuple[int, int]:
    start, end = tokens[i].start, tokens[i + n - 1].end
    if tokens[i + n - 1].lower.endswith(("'s", "’s")):
        end -= 2
    return start, end


def find_actors(text: str, spans: list[tuple[int, int]], tokens: TokenIndex | None = None) -> list[ActorMention]:
    """Every actor mention in the given sentences (the article body), resolved, in text order.
    `tokens`, the document's shared TokenIndex, saves tokenising the sentences again."""
    lex = current_lexicon()
    starters = lex.starters
    token_index = tokens if tokens is not None else TokenIndex(text)
    found: list[ActorMention] = []
    for sentence in spans:
        budget.check("event actors")
        tokens = token_index.tokens(*sentence)
        bares = _bares(tokens)
        sentence_first = len(found)
        i, n_tokens = 0, len(tokens)
        # A country word that named no actor itself ("British"), or a country's possessive ("Israel's"):
        # (its country, its token index, the possessive's mention or None).
        pending: tuple[str, int, ActorMention | None] | None = None
        while i < n_tokens:
            token = tokens[i]
            if not (bares[i] in starters or token.text[:1].isupper() or token.lower in TITLES
                    or token.lower in _ROLE_FIRST_WORDS):
                i += 1  # no actor starts here (_actor_at would say so), and no country word
                continue
            mention, used = _actor_at(lex, text, tokens, bares, i, found)
            if mention is None:
                country = lex.demonyms.get(bares[i])
                if country is not None:
                    pending = (country, i, None)
                i += max(used, 1)
                continue
            previous = found[-1] if found else None
            if (previous is not None and previous.resolution in ("demonym", "unresolved", "role")
                    and previous.kind == "person" and mention.kind == "person"
                    and text[previous.end:mention.start].strip() == ""):
                # "Belarusian President Alexander Lukashenka": the title and the name are one actor.
                found[-1] = ActorMention(previous.start, mention.end, text[previous.start:mention.end],
                                         mention.canonical_name, mention.country_code or previous.country_code,
                                         mention.sector or previous.sector, "person", mention.resolution)
            elif (previous is not None and previous.sector in ("IGO", "NGO") and previous.country_code is None
                  and mention.kind == "person" and mention.country_code is None and mention.sector in (None, "GOV")
                  and _only_titles(text[previous.end:mention.start])):
                # "Arab League Secretary-General Chedli Klibi": the organisation's official.
                found[-1] = ActorMention(previous.start, mention.end, text[previous.start:mention.end],
                                         mention.canonical_name, None, previous.sector, "person", mention.resolution)
            elif (previous is not None and previous.resolution == "alias" and previous.kind in ("group", "organisation")
                  and mention.resolution == "role" and mention.country_code is None
                  and all(_modifier(t) for t in tokens[_token_index_at(tokens, previous.end):i])
                  and i - _token_index_at(tokens, previous.end) <= 2):
                # "Hezbollah guerrillas", "NATO peacekeeping troops": the organisation's own force or members.
                found[-1] = ActorMention(previous.start, mention.end, text[previous.start:mention.end],
                                         previous.canonical_name, previous.country_code,
                                         previous.sector or mention.sector, mention.kind, "alias")
            elif (pending is not None and mention.country_code is None and mention.kind in _OF_A_COUNTRY
                  and _only_modifiers_between(tokens, pending[1], i)):
                # "British Defence Secretary Tom King", "Israeli intelligence officials", "Israel's high
                # court": one actor, of that country.
                country, index, possessive = pending
                if possessive is not None and found and found[-1] is possessive:
                    found.pop()
                start = tokens[index].start
                found.append(ActorMention(start, mention.end, text[start:mention.end], mention.canonical_name,
                                          country, mention.sector or ("GOV" if possessive else None), mention.kind,
                                          "demonym", mention.antecedent))
            else:
                found.append(mention)
            last = tokens[i + max(used, 1) - 1]
            pending = ((mention.country_code, i + max(used, 1) - 1, found[-1])
                       if mention.kind == "country" and found[-1] is mention and last.lower.endswith(("'s", "’s"))
                       else None)
            i += max(used, 1)
        _country_from_context(lex, tokens, bares, found, sentence_first)
    return found


def _country_from_context(lex: Lexicon, tokens: list[Token], bares: list[str], found: list[ActorMention],
                          first: int) -> None:
    """"President Omar Hassan in Sudan", "General X ... Haiti's elections": a titled official whose
    name is in no list takes the country of the sentence when exactly one country is named there as a
    place ("in Sudan", "in Algiers"), a possessive ("Haiti's") or a country word ("Ugandan
    opposition"), not as a bare subject or object ("threatened action against Russia")."""
    unknown = [k for k in range(first, len(found)) if found[k].resolution == "name" and found[k].kind == "person"
               and found[k].country_code is None and found[k].sector in ("GOV", "MIL")]
    if not unknown:
        return
    countries = set()
    for k, token in enumerate(tokens):
        before = tokens[k - 1].lower if k else ""
        if bares[k] in lex.demonyms:
            countries.add(lex.demonyms[bares[k]])
        elif token.text[:1].isupper() and bares[k] in lex.capitals and before in _PLACE_PREPOSITIONS:
            countries.add(lex.capitals[bares[k]])
        else:
            matched = _match(lex, tokens, bares, k)
            if matched is not None and matched[1].kind == "country" and (
                    before in _PLACE_PREPOSITIONS or tokens[k + matched[0] - 1].lower.endswith(("'s", "’s"))):
                countries.add(matched[1].country_code)
    if len(countries) == 1:
        (country,) = countries
        for k in unknown:
            found[k] = replace(found[k], country_code=country, resolution="context")


def _token_index_at(tokens: list[Token], offset: int) -> int:
    """The index of the first token starting at or after `offset`."""
    return next((k for k, t in enumerate(tokens) if t.start >= offset), len(tokens))


# Actors a country word before them places in that country (not pronouns, not other countries).
_OF_A_COUNTRY = frozenset({"person", "name", "group", "military", "government", "organisation", "role"})


def _only_modifiers_between(tokens: list[Token], country_index: int, actor_index: int) -> bool:
    """Whether at most three words that cannot be verbs ("intelligence", "National Assembly") lie
    between a country word and the actor after it."""
    from .triggers import _pos_classes  # noqa: PLC0415  (a dictionary lookup, cached)

    between = tokens[country_index + 1:actor_index]
    return len(between) <= 3 and all(t.text.replace("-", "").isalpha() and "V" not in _pos_classes(t.lower)
                                     for t in between)


def _only_titles(between: str) -> bool:
    """Whether the text between an organisation and a person is at most three title words
    ("Secretary-General", "mediator", "chief"): "U.N. Secretary-General Kofi Annan"."""
    words = between.split()
    return len(words) <= 3 and all(w.replace("-", "").isalpha() and (w[:1].isupper() or w.lower() in ROLES
                                                                     or w.lower() in _OFFICIAL_WORDS)
                                   for w in words)


_OFFICIAL_WORDS = frozenset({"mediator", "chief", "head", "secretary-general", "negotiator", "inspector",
                             "observer", "representative", "coordinator", "commissioner", "director"})


def _actor_at(lex: Lexicon, text: str, tokens: list[Token], bares: list[str], i: int,
              found: list[ActorMention]) -> tuple[ActorMention | None, int]:
    """The actor mention starting at token i, if any, and how many tokens it takes."""
    token = tokens[i]
    lower = bares[i]
    matched = _match(lex, tokens, bares, i)
    # A country word before a role: "Russian forces", "Ukraine's army", "the Belarusian leader".
    first = i
    if lower == "the" and i + 1 < len(tokens) and _demonym_at(lex, tokens, bares, i + 1):
        i, lower = i + 1, bares[i + 1]
    country, width = _demonym_at(lex, tokens, bares, i) or (None, 1)
    if country is None and matched is not None and matched[1].kind == "country":
        country, width = matched[1].country_code, matched[0]
    if country is not None:
        # "Russian forces", "French paper workers", "Sri Lankan army": a role after the country word,
        # at most two noun or adjective modifiers between.
        for skip in range(3):
            j = i + width + skip
            if j >= len(tokens) or (skip and not _modifier(tokens[j - 1])):
                break
            if _role_at(tokens, bares, j):
                return _role_actor(lex, text, tokens, bares, first, j, country, found)
    if country is not None and width == 1:
        # "Hungarian and Romanian officials": coordinated country words share the role that follows.
        j = i + 1
        while j + 1 < len(tokens) and tokens[j].lower in ("and", ",", "or") and \
                bares[j + 1] in lex.demonyms:
            j += 2
        if j > i + 1 and j < len(tokens) and _role_at(tokens, bares, j):
            n, (sector, kind, _personal), words = _role_at(tokens, bares, j)
            start, end = _span(tokens, first, 1 + i - first)
            name = f"{lex.adjectives.get(country) or country} {words}"
            return ActorMention(start, end, text[start:end], name, country, sector, kind, "demonym"), 1 + i - first
    i = first
    if lower in lex.demonyms and matched is None:
        if token.text[:1].isupper() and token.lower.endswith("s"):
            start, end = _span(tokens, i, 1)  # "Russians", "Belarusians": the people
            return ActorMention(start, end, text[start:end],
                                f"{lex.country_names.get(country, country)} people", country, "CIV", "group",
                                "demonym"), 1
        return None, 1
    if matched is not None:
        n, entry = matched
        if entry.kind == "country" and i > 0 and tokens[i - 1].lower in _LOCATION_PREPOSITIONS:
            return None, n  # "in Ukraine" is a place, not an actor
        start, end = _span(tokens, i, n)
        return ActorMention(start, end, text[start:end], entry.canonical_name, entry.country_code, entry.sector,
                            entry.kind, entry.resolution), n
    if lower in lex.capitals and token.text[:1].isupper():
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if following in _METONYM_NEXT or token.lower.endswith(("'s", "’s")):
            iso3 = lex.capitals[lower]
            start, end = _span(tokens, i, 1)
            return ActorMention(start, end, text[start:end], f"{lex.country_names.get(iso3, iso3)} government",
                                iso3, "GOV", "government", "metonym"), 1
        return None, 1
    if lower in PRONOUNS:
        return _pronoun(text, token, lower, found), 1
    if lower == "the" and i + 1 < len(tokens) and _role_at(tokens, bares, i + 1):
        return _role_actor(lex, text, tokens, bares, i, i + 1, None, found)
    role = _role_at(tokens, bares, i)
    if role is not None and not role[1][2]:
        return _role_actor(lex, text, tokens, bares, i, i, None, found)  # "police", "protesters"
    if not token.text[:1].isupper() and token.lower not in TITLES:
        return None, 1  # what _name_at says of a word that is neither a name nor a title
    return _name_at(lex, text, tokens, bares, i)


def _demonym_at(lex: Lexicon, tokens: list[Token], bares: list[str], i: int) -> tuple[str, int] | None:
    """A country word at token i, one or two words ("Iraqi", "Iraqis", "Sri Lankan"): (ISO3, width)."""
    if i + 1 < len(tokens):
        two = lex.demonyms.get(f"{bares[i]} {bares[i + 1]}")
        if two is not None:
            return two, 2
    one = lex.demonyms.get(bares[i])
    return (one, 1) if one is not None else None


def _modifier(token: Token) -> bool:
    """A lower-case noun or adjective that may stand between a country word and its role ("paper")."""
    from .triggers import _pos_classes  # noqa: PLC0415  (a dictionary lookup, cached)

    word = token.text
    return word.replace("-", "").isalpha() and word.islower() and bool(set(_pos_classes(word)) & {"N", "A"}) \
        and word not in ROLES


def _role_actor(lex: Lexicon, text: str, tokens: list[Token], bares: list[str], first: int, role_index: int,
                country: str | None, found: list[ActorMention]) -> tuple[ActorMention, int]:
    n, (sector, kind, personal), words = _role_at(tokens, bares, role_index)
    used = role_index + n - first
    start, end = _span(tokens, first, used)
    if personal:
        antecedent = _nearest(found, start, lambda a: a.kind == "person" and a.canonical_name is not None
                              and (country is None or a.country_code == country)
                              and (a.sector in (sector, "GOV", "MIL") or a.sector is None), 3000)
        if antecedent is not None:
            return ActorMention(start, end, text[start:end], antecedent.canonical_name, antecedent.country_code,
                                antecedent.sector, "person", "role", (antecedent.start, antecedent.end)), used
    if country is not None:
        name = f"{lex.adjectives.get(country) or lex.country_names.get(country, country)} {words}"
        return ActorMention(start, end, text[start:end], name, country, sector, kind, "demonym"), used
    if not personal:
        owned = _owner_country(lex, tokens, first, role_index + n, found, start)
        if owned is not None:
            country, antecedent = owned
            name = f"{lex.adjectives.get(country) or lex.country_names.get(country, country)} {words}"
            return ActorMention(start, end, text[start:end], name, country, sector, kind, "role", antecedent), used
    return ActorMention(start, end, text[start:end], None, None, sector, kind, "role" if not personal else "unresolved"), used


def _owner_country(lex: Lexicon, tokens: list[Token], first: int, after: int, found: list[ActorMention],
                   start: int) -> tuple[str, tuple[int, int] | None] | None:
    """The country of a group role from its context: "their forces" (the nearest group, government or
    country before it, in reach of a sentence), "opposition groups in Zimbabwe", "rebels from Chad"
    (a country named right after it, one noun between at most): (ISO3, the antecedent's span or None)."""
    bares = _bares(tokens[after:after + 6])
    if first > 0 and tokens[first - 1].lower in ("their", "its"):
        owner = _nearest(found, start, lambda a: a.country_code is not None
                         and a.kind in ("group", "military", "government", "country", "organisation"), 300)
        if owner is not None:
            return owner.country_code, (owner.start, owner.end)
    k = 0
    if bares and bares[0] not in ("in", "from") and _modifier(tokens[after]) \
            and not bares[0].endswith(("ing", "ed")):
        k = 1  # "opposition groups in ..."
    if k + 1 < len(bares) and bares[k] in ("in", "from"):
        matched = _match(lex, tokens[after:after + 6], bares, k + 1)
        if matched is not None and matched[1].kind == "country":
            return matched[1].country_code, None
    return None


def _nearest(found: list[ActorMention], before: int, fits, reach: int) -> ActorMention | None:
    """The nearest actor ending before offset `before`, within `reach` characters, that fits."""
    for actor in reversed(found):
        if before - actor.end > reach:
            break  # `found` is in text order: every earlier actor is further away (else quadratic)
        if actor.end <= before and fits(actor):
            return actor
    return None


def _pronoun(text: str, token: Token, lower: str, found: list[ActorMention]) -> ActorMention:
    if lower in GROUP_PRONOUNS and len(found) >= 2 and found[-2].kind == found[-1].kind == "person" \
            and text[found[-2].end:found[-1].start].strip().lower() == "and" \
            and "." not in text[found[-1].end:token.start]:
        # "Putin and Lukashenko said they ...": the pair, before any group further back.
        first, second = found[-2], found[-1]
        return ActorMention(token.start, token.end, token.text, f"{first.canonical_name or first.text} and {second.canonical_name or second.text}",
                            first.country_code, first.sector, "group", "pronoun", (first.start, second.end))
    if lower in PERSON_PRONOUNS:
        fits = lambda a: a.kind == "person"  # noqa: E731
    elif lower in GROUP_PRONOUNS:
        fits = lambda a: a.kind in ("group", "military", "government", "country", "organisation")  # noqa: E731
    else:
        fits = lambda a: a.kind in ("government", "country", "organisation")  # noqa: E731
    antecedent = _nearest(found, token.start, fits, 600)
    if antecedent is None:
        return ActorMention(token.start, token.end, token.text, None, None, None, "pronoun", "unresolved")
    return ActorMention(token.start, token.end, token.text, antecedent.canonical_name, antecedent.country_code,
                        antecedent.sector, antecedent.kind, "pronoun", (antecedent.start, antecedent.end))


def _name_at(lex: Lexicon, text: str, tokens: list[Token], bares: list[str], i: int) -> tuple[ActorMention | None, int]:
    """A proper name in no list: a title and a capitalised word, or two or more capitalised words."""
    title_sector, start_index = None, i
    while i + 1 < len(tokens):  # titles, abbreviated ones with their dot ("Lt. Gen. Prosper Avril")
        dotted = tokens[i + 1].text == "." and i + 2 < len(tokens) and tokens[i].lower + "." in TITLES
        if tokens[i].lower in TITLES and tokens[i + 1].text[:1].isupper():
            title_sector, i = title_sector or TITLES[tokens[i].lower], i + 1
        elif dotted and tokens[i + 2].text[:1].isupper():
            title_sector, i = title_sector or TITLES[tokens[i].lower + "."], i + 2
        else:
            break
    titled = i > start_index
    j = i
    while j < len(tokens) and tokens[j].text[:1].isupper() and tokens[j].lower not in _NOT_NAMES \
            and tokens[j].text.isalpha() and not (j > i and (_match(lex, tokens, bares, j) or bares[j] in lex.demonyms)) \
            or (j < len(tokens) and j > i and tokens[j].lower.endswith(("'s", "’s"))
                                             and tokens[j].text[:1].isupper()):
        j += 1
        if tokens[j - 1].lower.endswith(("'s", "’s")):
            break
    n = j - i
    if n == 0 or (n == 1 and start_index == i and (i == 0 or not tokens[i].text[1:].islower())):
        return None, max(1, j - start_index)
    if n == 1 and start_index == i:
        following = tokens[j].lower if j < len(tokens) else ""
        if following not in ("said", "says", "told", "added", "wrote"):
            return None, 1
    start, end = _span(tokens, start_index if titled else i, j - (start_index if titled else i))
    kind = "person" if titled or n >= 2 else "name"
    return ActorMention(start, end, text[start:end], text[tokens[i].start:_span(tokens, i, n)[1]], None,
                        title_sector, kind, "name"), j - start_index


@lru_cache(maxsize=256)
def _sentence_tokens(text: str, start: int, end: int) -> SentenceTokens:
    """A sentence's tokens for a caller that has no TokenIndex of the document."""
    return SentenceTokens(start, end, tokenize(text, start, end))


def sentence_tokens(text: str, sentence: tuple[int, int], tokens: TokenIndex | None) -> SentenceTokens:
    return tokens.sentence(*sentence) if tokens is not None else _sentence_tokens(text, *sentence)


_PLACE_PREPOSITIONS = _LOCATION_PREPOSITIONS - {"to", "from"}  # before a place, not a target
_AMONG = frozenset({"between", "among"})


def actors_for_event(trigger: Trigger, text: str, actors: list[ActorMention],
                     tokens: TokenIndex | None = None) -> list[EventActor]:
    """Source, target and other participants of an event, from the actors of its clause (`actors` may
    be the sentence's or the document's; `tokens`, the document's TokenIndex, saves tokenising)."""
    start, end = trigger.sentence
    inside = [a for a in actors if start <= a.start and a.end <= end and not (a.start < trigger.end and trigger.start < a.end)]
    if not inside:
        return []
    sentence = sentence_tokens(text, trigger.sentence, tokens)
    tokens, segments, index_at = sentence.tokens, sentence.segments, sentence.at
    t = index_at(trigger.start)
    placed = [(a, index_at(a.start)) for a in inside]
    clause = [(a, k) for a, k in placed if segments[k] == segments[t]]
    before = [(a, k) for a, k in clause if k < t and t - k <= 12]
    after = [(a, k) for a, k in clause if k > t and k - t <= 10
             and not (k > 0 and tokens[k - 1].lower in _PLACE_PREPOSITIONS)]
    roles: list[EventActor] = []
    source = target = None
    if trigger.passive:
        by = [(a, k) for a, k in after if k > 0 and tokens[k - 1].lower == "by"]
        source = by[0] if by else None
        target = before[-1] if before else None
    else:
        source = before[-1] if before else None
        rest = [(a, k) for a, k in after if not (k > 0 and tokens[k - 1].lower == "by")]
        target = rest[0] if rest else None
    if source is not None:
        roles.append(EventActor("source", source[0]))
        # "Putin and Lukashenko met": the first of a pair is a participant too.
        k = source[1]
        pair = [(a, j) for a, j in before if j < k and tokens[j + 1: k] and tokens[k - 1].lower == "and"
                and index_at(a.end - 1) == k - 2]
        for a, _ in pair:
            roles.append(EventActor("participant", a))
    if target is not None:
        role = "participant" if any(tok.lower in _AMONG for tok in tokens[t + 1:target[1]]) else "target"
        roles.append(EventActor(role, target[0]))
        k = target[1]
        for a, j in after:
            if j > k and tokens[j - 1].lower == "and" and j - k <= 4:
                roles.append(EventActor("participant", a))
    return roles
