"""Article body versus page furniture in plain-text scrapes.

A scraped page arrives as lines: the article's paragraphs, and around them the page's furniture —
"Loading...", menus, share-button labels, bylines, image captions, cookie notices, author bios,
donation appeals, reader comments, "Related Posts" lists with their own dates and teasers, copyright
footers. Dates in the furniture are not events of the article, so the extractor keeps only dates
inside `body_spans(text)`.

The heuristic works on lines (or, in hard-wrapped text, on paragraphs made of wrapped lines) in
five passes:

1. Shape: a *paragraph* is a line of 12+ words ending like a sentence (not in "..." or "[…]"); a
   *sentence* has 4+ words and ends like a sentence; everything else is *short* (headings, names,
   labels, menus).
2. Patterns mark furniture wherever it is: "Loading...", "RSS", share labels, cookie notices,
   captions ("Image credits:", "Picture courtesy"), bylines, copyright lines, counters ("312 reads"),
   teasers ending in "[…]", and a teaser ending in "..." that repeats the start of another line.
3. Section headings ("Related Posts", "More articles you might like", "2 comments on ...", "Reply",
   "About the author", "<name> says:" over a timestamp) start furniture that runs until the article
   clearly resumes: three paragraphs in a row with nothing else between them. Teasers, captions and
   comments rarely manage that; an article interrupted by a related-links box does.
4. Author bios (a bare name followed by "See full bio" or "<Name> is an analyst at ...") and
   donation or newsletter appeals at the end (or start) of the article are furniture.
5. The article is the stretch from the first to the last remaining paragraph. Inside it, short
   lines (subheadings) and sentences are body. Above it, intro sentences (a standfirst) and one
   *headline* are body: the nearest line above the first paragraph that is not a statement (decided:
   headlines carry the event and rarely a misleading date; the menu and site lines above them do
   not). Below it, sentences that directly follow the last paragraph are body ("He declined to
   comment."); the rest is furniture.

Texts without a single paragraph (short notes, one-liners) are body except for pattern furniture;
texts in which no furniture at all is found (clean wire copy, corpus documents) are body throughout.
Spans cover whole lines; blank lines between two body lines are inside the span.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

__all__ = ["RESUME_PARAGRAPHS", "LineVerdict", "body_spans", "classify_lines"]

logger = logging.getLogger(__name__)

# Paragraphs in a row (only blank lines between them) that end a furniture section.
RESUME_PARAGRAPHS = 3
# Shape thresholds (words).
PARAGRAPH_MIN_WORDS = 12
SENTENCE_MIN_WORDS = 4


@dataclass(frozen=True)
class LineVerdict:
    """The decision for one non-blank line of the text."""

    line_no: int  # 1-based
    start: int  # offset of the line's first character
    end: int  # offset just past its last character (the newline excluded)
    body: bool
    reason: str  # why, in a few words ("paragraph", "share buttons", "inside 'Related Posts'")


# ------------------------------------------------------------------------------------------ shapes

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A sentence ends in . ! ? possibly followed by closing quotes or brackets.
_TERMINAL = re.compile(r"""[.!?][”"’')\]]*\s*$""")
_ELLIPSIS_END = re.compile(r"""(\.\.\.|…)[”"’')\]]*\s*$""")
_TEASER_END = re.compile(r"""(\[\s*(…|\.\.\.)\s*\]|\(\s*(…|\.\.\.)\s*\))\s*$""")

PARAGRAPH, SENTENCE, SHORT = "paragraph", "sentence", "short"


def _ending(text: str) -> str:
    """The last few characters: enough for every end-of-line test, and cheap on long lines."""
    return text[-16:].rstrip()


def _shape(text: str) -> str:
    # Words counted as spaces + 1: cheap, and exact for text with single spaces between words.
    words = text.count(" ") + 1 if text else 0
    ending = _ending(text)
    if _ELLIPSIS_END.search(ending) or _TEASER_END.search(ending):
        return SENTENCE if words >= SENTENCE_MIN_WORDS else SHORT
    if _TERMINAL.search(ending):
        if words >= PARAGRAPH_MIN_WORDS:
            return PARAGRAPH
        if words >= SENTENCE_MIN_WORDS:
            return SENTENCE
    return SHORT


# ------------------------------------------------------------------------------------------ patterns

def _whole(*alternatives: str) -> re.Pattern[str]:
    """A case-insensitive pattern for a whole (stripped) line, allowing a trailing colon/arrow."""
    return re.compile(r"^(?:" + "|".join(alternatives) + r")\s*[:>»›]*$", re.IGNORECASE)


_BULLET = re.compile(r"^(?:[-–—•·*▪►|]+\s*|\d{1,3}[.)]\s+)")

_SOCIAL = (r"facebook|twitter|x|youtube|instagram|linkedin|whatsapp|telegram|pinterest|reddit|tiktok|"
           r"e-?mail|print|rss|flipboard|mastodon|threads|bluesky|vk|messenger|copy link|share|tweet")
_SOCIAL_LINE = re.compile(
    rf"^(?:(?:grey|gray|white|black|blue|social|share on|share via|follow us on|follow on|icon)\s+)*"
    rf"(?:{_SOCIAL})(?:\s+(?:icon|logo|link|button|share|\d+))*$", re.IGNORECASE)
# Several labels on one line ("Email Print Share", "Share 12 Tweet"); at least one must be a word.
_SOCIAL_WORDS = re.compile(
    rf"^(?=.*[^\W\d_])(?:(?:{_SOCIAL}|share this|pin it|comments?|\d+)\s*[|·,/]?\s*){{2,}}$", re.IGNORECASE)

# One-line furniture, checked against the stripped line (bullets removed): (pattern, reason, longest
# line it applies to). The first match names the line. Most are labels and only apply to short lines,
# which also keeps long paragraphs cheap (a few patterns instead of all of them).
_SHORT = 150
_TIMESTAMP_REASON = "date/time stamp"
_LINE_PATTERNS: list[tuple[re.Pattern[str], str, int | None]] = [
    (_whole(r"loading(?:\s*\.\.\.|…)?", r"please wait(?:\s*\.\.\.|…)?"), "loading placeholder", _SHORT),
    (_whole(r"(?:close\s*)+", r"x", r"×", r"✕", r"menu", r"search", r"skip to (?:main )?content",
            r"(?:back to |go to )?top(?: of page)?", r"bottom of page", r"home", r"toggle navigation",
            r"open menu", r"close menu", r"navigation", r"main menu", r"sign in", r"log ?in", r"register",
            r"my account", r"next(?: post| article)?", r"prev(?:ious)?(?: post| article)?",
            r"load more", r"show more", r"see more", r"view all", r"more",
            r"advertisement(?:\s*[-–:|]?\s*scroll to continue(?: with content)?)?",
            r"sponsored(?: content)?", r"ad", r"scroll to continue(?: with content)?",
            r"continue reading", r"listen(?: to this article)?", r"print(?: this)?(?: article)?",
            r"font size", r"a\s*a\s*a", r"why support [\w .'-]{2,40}\?"),
     "page control", _SHORT),
    (_SOCIAL_LINE, "share/social buttons", _SHORT),
    (_SOCIAL_WORDS, "share/social buttons", _SHORT),
    (re.compile(r"^(?:share (?:this|on|via|the)|follow\b.{0,60}\b(?:updates|on|us)\b)[^.]{0,80}$",
                re.IGNORECASE), "share/social buttons", _SHORT),
    (re.compile(r"\bcookies?\b.{0,200}\b(?:use|accept|consent|polic(?:y|ies)|settings|preferences|"
                r"browsing|experience)\b|\b(?:accept|reject) all\b|\bprivacy (?:policy|settings)\b",
                re.IGNORECASE), "cookie/privacy notice", 1000),
    (re.compile(r"^(?:\(c\)|©|copyright\b)|\ball rights reserved\b", re.IGNORECASE),
     "copyright footer", 400),
    (re.compile(r"^(?:image|photo|picture|photograph|pic|illustration|video)(?: credits?| caption)?\s*:|"
                r"\b(?:picture|photo|image|photograph)s? (?:courtesy|credits?)\b|"
                r"(?:^|[\s.(])(?:image|photo|credit|source|picture)s?\s*:\s*[A-Z][^.]{0,60}\.?\)?$|"
                r"\b(?:picture|photo|image|photograph)s? (?:by|via) [A-Z][^.]{0,50}\.?\)?$|"
                r"/\s*(?:getty images|reuters|afp|ap photo|shutterstock|epa)\b",
                re.IGNORECASE), "image caption", 300),
    (re.compile(r"^(?:-\s*)*by\s+[\w.'’ -]{2,60}(?:\s+(?:on|\||-|–|,)\s+.{0,40})?$", re.IGNORECASE),
     "byline", _SHORT),
    (re.compile(r"^(?:posted|published|updated|last updated|written)\b.{0,60}$", re.IGNORECASE),
     "byline/dateline", _SHORT),
    (re.compile(r"^\d[\d,.]*\s*[kK]?\s+(?:reads?|views?|shares?|likes?|min(?:ute)?s? read)$|"
                r"^(?:reading time|read time)\b.{0,20}$", re.IGNORECASE), "counter", _SHORT),
    (re.compile(r"^read (?:more|also|next)\s*[:»>|-]\s*\S|^(?:also read|see also|related)\s*:\s*\S",
                re.IGNORECASE), "read-more link", 250),
    # Long paragraphs with these words are judged by _is_appeal instead (a quote may say "donate").
    (re.compile(r"\b(?:newsletter|sign up|subscribe|subscription|donat(?:e|ion|ions)|support us|"
                r"unsubscribe|enter your e-?mail|your (?:e-?mail|inbox))\b", re.IGNORECASE),
     "newsletter/donation appeal", _SHORT),
    (re.compile(r"^(?:tags?|topics?|categories|filed under|posted in)\s*:", re.IGNORECASE), "tags", 400),
    (re.compile(r"^(?:on\s+)?(?:\w+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
                r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
                r"\d{4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?$|"
                r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?$|"
                r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?$|"
                r"^\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago$",
                re.IGNORECASE), _TIMESTAMP_REASON, 60),
    (re.compile(r"(?:\s*\|\s*[^|]{1,30}){3,}\s*\|?$|(?:\s*·\s*[^·]{1,30}){3,}$"), "menu", 250),
    # Breadcrumbs: "Home » News » Europe", "News / World / Europe" (no sentence punctuation).
    (re.compile(r"^[^.!?»›>/]{1,40}(?:\s+[»›>/]\s+[^.!?»›>/]{1,40}){2,}$"), "menu", 250),
]
# Most patterns are for labels; a longer line is only tried against these.
_LONG_LINE_PATTERNS = [entry for entry in _LINE_PATTERNS if entry[2] is None or entry[2] > _SHORT]

# Words each unanchored pattern cannot match without (lower case). An unanchored pattern scans the
# whole line, so _line_furniture first checks (with `in`, much cheaper) that one of its words is there.
_PATTERN_KEYWORDS = {
    "cookie/privacy notice": ("cookie", "accept all", "reject all", "privacy"),
    "copyright footer": ("(c)", "©", "copyright", "rights reserved"),
    "image caption": ("image", "photo", "picture", "credit", "source", "pic", "illustration", "video",
                      "/"),
    "read-more link": ("read", "see also", "related"),
    "tags": ("tag", "topic", "categor", "filed", "posted"),
    "menu": ("|", "·", "»", "›", ">", "/"),
    "newsletter/donation appeal": ("newsletter", "sign up", "subscri", "donat", "support us", "your e",
                                   "your inbox"),
}

# A long paragraph is an appeal when it has two appeal phrases and addresses the reader or speaks for
# the site; it is furniture only at the edges of the article (a quote inside it may say "donate").
_APPEAL = re.compile(r"\b(?:newsletter|sign up|subscribe|subscription|donat(?:e|ion|ions)|support us|"
                     r"your (?:help|support|generosity|donation|contribution)|funding|generosity)\b",
                     re.IGNORECASE)
_WE_OR_YOU = re.compile(r"\b(?:we|us|our|you|your|please)\b", re.IGNORECASE)

# Headings that start a furniture section (whole line, bullets removed).
_SECTION_HEADINGS: list[tuple[re.Pattern[str], str]] = [
    (_whole(r"related(?: posts?| articles?| stories| news| content| reading| coverage| links| topics)?",
            r"more (?:articles|stories|news|posts|reading)(?: you (?:might|may) (?:like|enjoy))?.{0,40}",
            r"(?:articles |stories |posts )?you (?:might|may|will) (?:also )?(?:like|enjoy|be interested in)",
            r"recommended(?: for you| articles| stories| reading)?", r"read (?:more|next|also)",
            r"also read", r"see also", r"further reading", r"more (?:from|in|on|by) .{1,60}",
            r"(?:most|top) (?:read|popular|viewed|shared)(?: stories| articles)?",
            r"popular(?: posts| stories| articles| now)?", r"trending(?: now| stories)?",
            r"(?:latest|recent) (?:news|posts|articles|stories)", r"editor'?s? picks?", r"don'?t miss",
            r"what to read next", r"in (?:other|related) news", r"previous (?:posts|articles)"),
     "related-content list"),
    (_whole(r"about the authors?", r"about the writers?", r"author bio(?:graphy)?"), "author bio"),
    (_whole(r"comments?", r"\d+\s+(?:comments?|responses?|replies|thoughts)(?:\s+(?:on|to)\b.*)?",
            r"(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:comments?|responses?|thoughts)"
            r"(?:\s+(?:on|to)\b.*)?",
            r"leave a (?:reply|comment)", r"post a comment", r"add (?:a )?comment", r"reader comments",
            r"join the (?:discussion|conversation|debate)", r"discussion", r"responses?",
            r"reply", r"log in to reply", r"cancel reply", r"show comments", r"view comments",
            r"leave a reply cancel reply", r"comments are closed\.?",
            r"you must be logged in to post a comment\.?"),
     "comment thread"),
]
# "Marta K. says:" starts a comment only when a timestamp follows: "The minister said:" before a quote
# is article text.
_COMMENT_MARKER = re.compile(r"^\S.{0,60}\s(?:says|wrote|writes|replied):$", re.IGNORECASE)

# "<Name> is a journalist who ..." — an author bio sentence (when it is not followed by paragraphs).
_BIO_SENTENCE = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){1,4}(?:is|was|has been|writes|works|covers)\b.{0,120}?\b(?:journalist|analyst|"
    r"writer|reporter|correspondent|editor|author|fellow|researcher|professor|lecturer|columnist|"
    r"contributor|student|expert|director|freelancer|commentator|scholar|blogger|photographer|"
    r"producer|founder|member|graduate|candidate)\b", re.UNICODE)
_BIO_MARKER = re.compile(r"^(?:see|view|read) (?:full|the author'?s?|all)? ?(?:bio|profile|posts|articles)\b|"
                         r"^(?:view all posts by|all posts by|more by|articles by|posts by)\b",
                         re.IGNORECASE)
# A bare name: two to four capitalised words (initials and particles allowed), nothing else.
_NAME_ONLY = re.compile(r"^(?:[A-Z][\w'’.-]+|de|van|von|der|al|bin|da|di|la|le)"
                        r"(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|al|bin|da|di|la|le)){1,3}$")


# ------------------------------------------------------------------------------------------ units


@dataclass
class _Unit:
    """One line, or a hard-wrapped paragraph made of several lines."""

    first: int  # index into the line table
    last: int
    text: str
    shape: str = SHORT
    furniture: str | None = None  # reason when furniture
    body_reason: str | None = None


def _line_table(text: str) -> list[tuple[int, int]]:
    table = []
    pos = 0
    for line in text.split("\n"):
        table.append((pos, pos + len(line)))
        pos += len(line) + 1
    return table


def _is_hard_wrapped(lengths: list[int]) -> int | None:
    """The wrap width when the text looks hard-wrapped (most lines near one width), else None."""
    if len(lengths) < 6:
        return None
    ordered = sorted(lengths)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    if not 40 <= p90 <= 100 or ordered[-1] > 110:
        return None
    near_width = sum(1 for n in lengths if n >= 0.75 * p90)
    return p90 if near_width >= 0.5 * len(lengths) else None


def _make_units(text: str, table: list[tuple[int, int]]) -> list[_Unit]:
    stripped = [text[s:e].strip() for s, e in table]
    width = _is_hard_wrapped([len(s) for s in stripped if s])
    units: list[_Unit] = []
    i = 0
    while i < len(table):
        if not stripped[i]:
            i += 1
            continue
        first = last = i
        if not width:
            units.append(_Unit(first=i, last=i, text=stripped[i], shape=_shape(stripped[i])))
            i += 1
            continue
        # A line filled to the wrap width continues on the next line, unless that starts a list.
        while (last + 1 < len(table) and stripped[last + 1] and len(stripped[last]) >= 0.75 * width
               and not _BULLET.match(stripped[last + 1])):
            last += 1
        joined = " ".join(stripped[first:last + 1])
        units.append(_Unit(first=first, last=last, text=joined, shape=_shape(joined)))
        i = last + 1
    return units


_BULLET_STARTS = frozenset("-–—•·*▪►|0123456789")


def _without_bullet(line: str) -> str:
    if not line or line[0] not in _BULLET_STARTS:
        return line
    return _BULLET.sub("", line, count=1).strip()


def _line_furniture(unit: _Unit) -> str | None:
    line = _without_bullet(unit.text)
    if not line:
        return "punctuation only"
    if _TEASER_END.search(_ending(line)):
        return "teaser snippet"
    lower = line.lower()
    for pattern, reason, max_chars in (_LINE_PATTERNS if len(line) <= _SHORT else _LONG_LINE_PATTERNS):
        if max_chars is not None and len(line) > max_chars:
            continue
        keywords = _PATTERN_KEYWORDS.get(reason)
        if keywords:
            for keyword in keywords:  # a plain loop: this runs for every line of every input
                if keyword in lower:
                    break
            else:
                continue
        if pattern.search(line):
            return reason
    if not _WORD.search(line):
        return "no words"
    return None


def _section_kind(units: list[_Unit], index: int) -> str | None:
    """The kind of furniture section units[index] starts, if it is a section heading."""
    line = _without_bullet(units[index].text)
    if len(line) > 160:
        return None
    for pattern, reason in _SECTION_HEADINGS:
        if pattern.match(line):
            return reason
    if (_COMMENT_MARKER.search(line) and index + 1 < len(units)
            and units[index + 1].furniture == _TIMESTAMP_REASON):
        return "comment thread"
    return None


def _mark_duplicate_teasers(units: list[_Unit]) -> None:
    """A line ending in "..." whose text starts another line (not itself a teaser) is a teaser of it."""
    # Sorted full lines per 30-character opening: the lines starting with a given stem are then a
    # contiguous run found by bisection, which keeps pages with thousands of teasers linear-ish.
    full_lines: dict[str, list[str]] = {}
    for unit in units:
        if not _ELLIPSIS_END.search(_ending(unit.text)):
            full_lines.setdefault(unit.text[:30], []).append(unit.text)
    for group in full_lines.values():
        group.sort()
    for unit in units:
        if unit.furniture or not _ELLIPSIS_END.search(_ending(unit.text)):
            continue
        stem = _ELLIPSIS_END.sub("", unit.text).rstrip()
        group = full_lines.get(unit.text[:30])
        if len(stem) < 30 or not group:
            continue
        position = bisect.bisect_left(group, stem)
        if position < len(group) and group[position].startswith(stem) and len(group[position]) > len(stem):
            unit.furniture = "duplicate teaser of a later paragraph"


def _mark_sections(units: list[_Unit]) -> None:
    """From each section heading, furniture until RESUME_PARAGRAPHS paragraphs come in a row."""
    index = 0
    while index < len(units):
        kind = _section_kind(units, index)
        if kind is None:
            index += 1
            continue
        heading = _without_bullet(units[index].text)
        units[index].furniture = f"{kind} heading"
        label = f"inside {kind} ('{heading[:30]}')"
        index += 1
        while index < len(units):
            if _section_kind(units, index) is not None:
                break  # a new section: the outer loop labels it with its own heading
            run = 0
            while (index + run < len(units) and units[index + run].shape == PARAGRAPH
                   and units[index + run].furniture is None
                   and _section_kind(units, index + run) is None):
                run += 1
            if run >= RESUME_PARAGRAPHS:
                break  # the article resumes here
            if units[index].furniture is None:
                units[index].furniture = label
            index += 1


def _is_appeal(unit: _Unit) -> bool:
    """Two different appeal phrases, addressed to the reader or from the site ("we", "your")."""
    if len(unit.text) > 1000:
        return False
    phrases = {m.group(0).lower() for m in _APPEAL.finditer(unit.text)}
    return len(phrases) >= 2 and bool(_WE_OR_YOU.search(unit.text))


def _mark_bios(units: list[_Unit]) -> None:
    """A bare name followed within a few lines by a bio marker or bio sentence: all furniture."""
    for index, unit in enumerate(units):
        if unit.furniture or not _NAME_ONLY.match(unit.text):
            continue
        for ahead in range(index + 1, min(index + 5, len(units))):
            text = units[ahead].text
            if _BIO_MARKER.search(text) or (_BIO_SENTENCE.search(text) and len(text) < 400):
                for bio in units[index:ahead + 1]:
                    if bio.furniture is None:
                        bio.furniture = "author bio"
                break
    for unit in units:
        if unit.furniture is None and _BIO_MARKER.search(unit.text):
            unit.furniture = "author bio"


def _trim_edges(units: list[_Unit], candidates: list[int]) -> list[int]:
    """Drop appeals and bio sentences from both ends of the list of paragraph candidates."""
    end = len(candidates)
    while end:
        unit = units[candidates[end - 1]]
        if _is_appeal(unit):
            unit.furniture = "donation/newsletter appeal"
        elif _BIO_SENTENCE.search(unit.text) and len(unit.text) < 400:
            unit.furniture = "author bio"
        else:
            break
        end -= 1
    start = 0
    while start < end and _is_appeal(units[candidates[start]]):
        units[candidates[start]].furniture = "donation/newsletter appeal"
        start += 1
    return candidates[start:end]


def _resolve(units: list[_Unit]) -> None:
    candidates = [i for i, u in enumerate(units) if u.furniture is None and u.shape == PARAGRAPH]
    candidates = _trim_edges(units, candidates)
    # Short bio sentences after the article ("X is an analyst at Y.") are not paragraphs.
    if candidates:
        for unit in units[candidates[-1] + 1:]:
            if unit.furniture is None and _BIO_SENTENCE.search(unit.text) and len(unit.text) < 400:
                unit.furniture = "author bio"
    if not candidates:
        for unit in units:
            if unit.furniture is None:
                unit.body_reason = "text without paragraphs: all non-furniture lines"
        return
    if not any(unit.furniture for unit in units):
        # No trace of a web page (no pattern, heading, bio or appeal): a clean text such as a wire
        # story or a corpus document. Judging its lines by shape alone would only lose body.
        for unit in units:
            unit.body_reason = "no furniture found: whole text is body"
        return
    first, last = candidates[0], candidates[-1]
    for index in range(first, last + 1):
        unit = units[index]
        if unit.furniture is None:
            unit.body_reason = {PARAGRAPH: "paragraph", SENTENCE: "sentence inside the article",
                                SHORT: "subheading/short line inside the article"}[unit.shape]
    # Above the first paragraph: intro sentences (a standfirst), then one headline line — the
    # nearest line that is not a sentence, or a question. Furniture in between is skipped over.
    for index in range(first - 1, -1, -1):
        unit = units[index]
        if unit.furniture is not None:
            continue
        if unit.shape == SENTENCE and not unit.text.rstrip("”\"’') ").endswith("?"):
            unit.body_reason = "intro sentence above the article"
            continue
        if len(unit.text) <= 250:
            unit.body_reason = "headline (nearest line above the article)"
        break
    for unit in units[:first]:
        if unit.furniture is None and unit.body_reason is None:
            unit.furniture = "page header (above the headline)"
    # Sentences straight after the last paragraph still belong to it.
    for unit in units[last + 1:]:
        if unit.furniture is None and unit.shape == SENTENCE:
            unit.body_reason = "closing sentence of the article"
            continue
        break
    for unit in units[last + 1:]:
        if unit.furniture is None and unit.body_reason is None:
            unit.furniture = "after the article"


def classify_lines(text: str) -> list[LineVerdict]:
    """A verdict (body or furniture, and why) for every non-blank line of `text`."""
    table = _line_table(text)
    units = _make_units(text, table)
    for unit in units:
        unit.furniture = _line_furniture(unit)
    _mark_duplicate_teasers(units)
    _mark_sections(units)
    _mark_bios(units)
    _resolve(units)
    verdicts = []
    for unit in units:
        body = unit.furniture is None and unit.body_reason is not None
        reason = unit.body_reason if body else (unit.furniture or "unclassified")
        for line_index in range(unit.first, unit.last + 1):
            start, end = table[line_index]
            if text[start:end].strip():
                verdicts.append(LineVerdict(line_index + 1, start, end, body, reason))
    return verdicts


def body_spans(text: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of `text` judged to be article body, in order, whole lines.

    Body lines separated only by blank lines share one span; furniture lines split spans.
    """
    spans: list[tuple[int, int]] = []
    previous_body = False
    for verdict in classify_lines(text):
        if verdict.body:
            if previous_body and spans:
                spans[-1] = (spans[-1][0], verdict.end)
            else:
                spans.append((verdict.start, verdict.end))
        previous_body = verdict.body
    return spans
