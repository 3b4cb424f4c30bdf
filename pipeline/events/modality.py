"""Whether an event happened: polarity (negated or not) and modality (asserted, reported, future,
hypothetical), read from the words of the trigger's verb group and clause.

- negation: "not", "n't", "never", "no", "without", "nor" in the verb group before a verb ("would not
  enter"), "yet to" ("had yet to find"), a "no" object ("reached no agreement"), or "no", "neither",
  "without" before an event noun ("no agreement", "no gains or losses");
- future: "will", "shall", "'ll", "going to", "set to", and intention verbs before "to" ("plans to
  vote", "agreed to meet");
- hypothetical: inside an "if"/"unless" clause, or under "could", "might", "may", "should", "must" ...;
- reported: in what a reporting event ("said", "announced", "according to") frames. The frame is kept,
  so the speaker can be an actor of the reported event.
- did not happen (polarity negative, counter-factive): the "to"-complement of a word that entails its
  complement did not happen ("failed to reach", "refused to sign", "declined to comment", "neglected to
  file", "forgot to lock", "was unable to", "the failure to"), the "-ing" complement of "avoid" and of a
  preventing verb with "from" ("avoided paying", "barred the crowd from entering", "refrained from
  voting"), an event noun that is the object of "avoid", "avert", "prevent", "forestall" ("averted a
  strike"), and an event noun carried out by a support verb in such a complement ("failed to reach an
  agreement", "refused to sign the treaty", "failed to agree on a ceasefire"; not "failed to win the
  election": the election took place). A negated counter-factive verb entails nothing ("did not fail
  to reach", "did not prevent an attack", "failed to prevent an attack"): its complement stays
  positive. Left out on purpose: "stop" with "-ing" (aspectual: "stopped paying" paid before; "stopped
  them from paying" is in); "reject", "deny", "thwart", "foil" with a noun object (the offer, the
  accusation, the plot existed; TimeML marks denials NEG_EVIDENTIAL, not counter-factive);
  "discourage", "warn against" (no entailment).
A negated or hypothetical event never counts as having happened.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Token, Trigger

__all__ = ["EventModality", "modality_of", "NEGATORS", "MODALS"]

NEGATORS = frozenset({"not", "n't", "n’t", "never", "no", "without", "nor", "neither", "cannot"})
MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must", "'ll", "’ll",
                    "ought", "wo", "ca", "cannot"})
_FUTURE_MODALS = frozenset({"will", "shall", "'ll", "’ll", "wo"})
_HYPOTHETICAL_MODALS = frozenset({"could", "might", "may", "should", "must", "can", "ought", "ca", "cannot"})
# Verbs whose "to"-complement has not happened yet: "plans to vote", "threatened to strike".
_INTENTION = frozenset({"plan", "plans", "planned", "planning", "intend", "intends", "intended", "aim", "aims",
                        "aimed", "expect", "expects", "expected", "schedule", "scheduled", "set", "going",
                        "prepare", "prepares", "prepared", "preparing", "promise", "promised", "pledge",
                        "pledged", "vow", "vowed", "threaten", "threatened", "threatens", "want", "wants",
                        "wanted", "seek", "seeks", "sought", "hope", "hopes", "hoped", "propose", "proposed",
                        "offer", "offered", "agree", "agreed", "agrees", "decide", "decided", "due", "likely",
                        "ready", "willing", "about"})
# Counter-factive: words whose "to"-complement did not happen ("failed to reach", "refused to sign").
# "refuse" is not an intention: the refusal says the event did not happen, not that it will.
_COUNTER_FACTIVE = frozenset({"fail", "fails", "failed", "failing", "failure", "refuse", "refuses", "refused",
                              "refusing", "refusal", "decline", "declines", "declined", "declining", "neglect",
                              "neglects", "neglected", "neglecting", "forget", "forgets", "forgot", "forgotten",
                              "forgetting", "unable"})
# Verbs whose "-ing" complement did not happen: "avoided paying".
_AVOID = frozenset({"avoid", "avoids", "avoided", "avoiding"})
# Verbs whose "from ...-ing" complement did not happen: "prevented the crowd from entering".
_PREVENT = frozenset({"prevent", "prevents", "prevented", "preventing", "bar", "bars", "barred", "barring",
                      "ban", "bans", "banned", "banning", "keep", "keeps", "kept", "keeping", "prohibit",
                      "prohibits", "prohibited", "prohibiting", "block", "blocks", "blocked", "blocking",
                      "refrain", "refrains", "refrained", "refraining", "deter", "deters", "deterred",
                      "stop", "stops", "stopped", "stopping"})
# Verbs whose event-noun object did not happen: "averted a strike", "to avoid a war".
_AVERT = _AVOID | frozenset({"avert", "averts", "averted", "averting", "prevent", "prevents", "prevented",
                             "preventing", "forestall", "forestalls", "forestalled", "forestalling"})
# Words that can stand inside a verb group between the auxiliary and the verb.
_GROUP = frozenset({"be", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do",
                    "does", "did", "to", "also", "still", "yet", "ever", "just", "then", "already", "soon",
                    "probably", "possibly", "certainly", "definitely", "even", "only", "further", "again",
                    "likely", "now", "really", "more", "less", "necessarily", "formally", "officially", "reportedly", "allegedly"})
_CONDITIONAL = frozenset({"if", "unless", "whether", "suppose", "supposing", "provided"})
_NOUN_GAP = frozenset({"a", "an", "the", "any", "such", "further", "new", "formal", "final", "major", "real",
                       "immediate", "direct", "official", "military", "peace", "more"})


@dataclass(frozen=True)
class EventModality:
    modality: str  # asserted | reported | future | hypothetical
    polarity: str  # positive | negative
    modal: str | None  # the modal word of the verb group ("would"), as TimeML's modality attribute
    frame: Trigger | None  # the reporting event that frames this one


def _verb_group(tokens: list[Token], i: int, segments: list[int]) -> tuple[list[str], bool, bool]:
    """The lower-case words before token i that belong to its verb group, nearest first, whether a
    negation among them belongs to this event, and whether the event is the "to"-complement of a
    counter-factive word that is not itself negated ("failed to reach"; not "did not fail to reach").
    A negation before an intention or counter-factive verb negates that verb, not its complement
    ("doesn't plan to obtain": the plan is negated), except for the future of "not going to join",
    which negates the joining."""
    group, negated, crossed_intention, counter = [], False, False, False
    governed_by_to = False  # the nearest word of the group, adverbs aside, is "to"
    for j in range(i - 1, max(-1, i - 8), -1):
        if segments[j] != segments[i]:
            break
        lower = tokens[j].lower
        if lower in NEGATORS:
            group.append(lower)
            if counter and not negated:
                counter = False  # "did not fail to reach", "never refused to pay": no entailment either way
            negated = negated or not crossed_intention
            continue
        if lower == "yet" and j + 1 < len(tokens) and tokens[j + 1].lower == "to":
            negated = True  # "had yet to find": not found
        if lower in _COUNTER_FACTIVE and governed_by_to and not crossed_intention:
            group.append(lower)
            counter, crossed_intention = True, True
            continue
        if lower in MODALS or lower in _GROUP or lower.endswith("ly") or lower in _INTENTION:
            group.append(lower)
            if lower in _INTENTION and lower not in ("going", "about", "due", "set", "likely"):
                crossed_intention = True
            if not (lower.endswith("ly") or lower in ("even", "also", "still", "again", "ever", "just", "then")):
                governed_by_to = lower == "to"
            continue
        break
    return group, negated, counter


def _counter_factive(tokens: list[Token], i: int, segments: list[int], trigger_pos: str,
                     counter_to: bool) -> bool:
    """Whether the event at token i did not happen because a counter-factive verb governs it (see the
    module docstring); `counter_to` is _verb_group's answer for the "to"-complement."""
    if counter_to:
        return True
    if trigger_pos == "VERB" and tokens[i].lower.endswith("ing"):
        return _counter_factive_gerund(tokens, i, segments)
    if trigger_pos == "NOUN":
        # the verb of which the noun is the object, through determiners and adjectives: "reach an agreement"
        j = i - 1
        while j >= 0 and segments[j] == segments[i] and _object_modifier(tokens[j].lower):
            j -= 1
        if j > 0 and tokens[j].lower in ("on", "to") and tokens[j - 1].lower in _SUPPORT_ON:
            j -= 1  # "failed to agree on a ceasefire"
        if j < 0 or segments[j] != segments[i]:
            return False
        verb = tokens[j].lower
        _, verb_negated, verb_counter = _verb_group(tokens, j, segments)
        if verb_negated:
            return False  # "did not prevent an attack", "failed to reach no agreement" (already negative)
        if verb in _AVERT:
            # "averted a strike", "to avoid a war"; not "failed to avoid a war", "prevented from stopping"
            return not verb_counter and not _counter_factive_gerund(tokens, j, segments)
        # only a verb that realises its object noun: "failed to reach an agreement" (no agreement), but
        # "failed to win the election" and "declined to discuss the merger" say nothing of the noun
        return (verb in _SUPPORT or verb in _SUPPORT_ON) and (verb_counter or _counter_factive_gerund(tokens, j, segments))
    return False


def _object_modifier(lower: str) -> bool:
    return lower in _NOUN_GAP or lower in _OBJECT_GAP or lower.endswith(("al", "ous", "ent", "ive", "ic", "ible"))


# Support verbs: their object noun is the event they carry out ("reach an agreement", "sign a treaty").
_SUPPORT = frozenset({"reach", "reaching", "sign", "signing", "make", "making", "hold", "holding", "launch",
                      "launching", "stage", "staging", "conduct", "conducting", "give", "giving", "take", "taking",
                      "conclude", "concluding", "strike", "striking", "seal", "sealing", "mount", "mounting",
                      "grant", "granting", "issue", "issuing", "offer", "offering", "ratify", "ratifying",
                      "carry", "carrying", "hammer", "hammering", "clinch", "clinching"})
_SUPPORT_ON = frozenset({"agree", "agreeing", "decide", "deciding", "settle", "settling"})  # "agree on a truce"
_OBJECT_GAP = frozenset({"possible", "any", "all", "future", "another", "its", "their", "his", "her", "our",
                         "this", "that", "these", "those", "some"})


def _counter_factive_gerund(tokens: list[Token], i: int, segments: list[int]) -> bool:
    """ "avoided paying", "barred the crowd from reaching", "refrained from commenting", unless the
    governing verb is negated ("did not prevent them from leaving")."""
    if i == 0 or segments[i - 1] != segments[i]:
        return False
    before = tokens[i - 1].lower
    if before in _AVOID:
        governor = i - 1
    elif before == "from":
        governor = next((j for j in range(i - 2, max(-1, i - 8), -1)
                         if segments[j] == segments[i] and tokens[j].lower in _PREVENT), None)
        if governor is None or any(tokens[k].lower in _SUBJECT_STOPS for k in range(governor + 1, i - 1)):
            return False
    else:
        return False
    _, negated, counter = _verb_group(tokens, governor, segments)
    return not negated and not counter


def modality_of(trigger: Trigger, tokens: list[Token], i: int, segments: list[int],
                frames: list[tuple[Trigger, int]]) -> EventModality:
    """Modality and polarity of the trigger at token i; `frames` are the sentence's reporting triggers
    with their token indices."""
    group, negated, counter_to = _verb_group(tokens, i, segments)
    if not negated and trigger.pos == "VERB":
        negated = _negative_subject(tokens, i, segments)
    if not negated and trigger.pos == "NOUN":
        # "no agreement", "without UN approval", "no amphibious assault"
        j, reach = i - 1, max(-1, i - 4)
        while j > reach:
            lower = tokens[j].lower
            if lower in ("no", "without", "nor", "neither"):
                negated = True
                break
            if lower == "or" and j > 1:
                j, reach = j - 2, max(-1, reach - 2)  # "no gains or losses": both nouns are negated
                continue
            if not (lower in _NOUN_GAP or tokens[j].text[:1].isupper() or lower.endswith(("al", "ous", "ent", "ive", "ic"))):
                break
            j -= 1
    if not negated and trigger.pos == "VERB" and trigger.event_class != "reporting":
        negated = _no_object(tokens, i, segments)
    if not negated and _counter_factive(tokens, i, segments, trigger.pos, counter_to):
        negated = True  # "failed to reach", "failed to reach an agreement", "averted a strike"
    modal = next((word for word in group if word in MODALS), None)
    if modal in ("wo", "ca"):
        modal = {"wo": "will", "ca": "can"}[modal]
    intention = "to" in group and any(word in _INTENTION for word in group)
    frame = _frame_of(trigger, i, segments, frames)
    if _in_condition(tokens, i, segments):
        modality = "hypothetical"
    elif modal in _FUTURE_MODALS or intention or (modal == "would" and frame is not None):
        modality = "future"
    elif modal in _HYPOTHETICAL_MODALS or modal == "would":
        modality = "hypothetical"
    elif frame is not None:
        modality = "reported"
    else:
        modality = "asserted"
    return EventModality(modality, "negative" if negated else "positive", modal, frame)


_NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "nothing", "neither", "nor"})
# A negative word beyond these belongs to another phrase ("has no intention of tapping").
_SUBJECT_STOPS = frozenset({",", "and", "but", "that", "which", "who", "of", "to", "for", "in", "on", "with",
                            "from", "by", "matter", "what"})


def _negative_subject(tokens: list[Token], i: int, segments: list[int]) -> bool:
    """ "Nobody hurried her", "No one was hurt", "No successor was named", "no longer consolidates"."""
    for j in range(i - 1, max(-1, i - 6), -1):
        if segments[j] != segments[i] or tokens[j].lower in _SUBJECT_STOPS:
            return False
        lower = tokens[j].lower
        if lower in _NEGATIVE_SUBJECTS or (lower == "no" and j + 1 < i):
            return True
    return False


def _no_object(tokens: list[Token], i: int, segments: list[int]) -> bool:
    """ "has reached no agreement", "found no evidence", 'made "no detailed plans"': a verb whose object
    is a "no" phrase did not happen, as TimeML marks it (not "said no one was hurt": reporting verbs are
    left out by the caller)."""
    j = i + 1
    while j < len(tokens) and tokens[j].text in ('"', "“", "”", "'"):
        j += 1
    return j < len(tokens) and segments[j] == segments[i] and tokens[j].lower == "no" and not (
        j + 1 < len(tokens) and tokens[j + 1].lower in ("doubt", "longer", "matter", "sooner"))


def _in_condition(tokens: list[Token], i: int, segments: list[int]) -> bool:
    """Inside an 'if'/'unless' clause: after the conditional word and before the comma that ends it."""
    for j in range(i - 1, -1, -1):
        lower = tokens[j].lower
        if lower in _CONDITIONAL:
            return True
        if lower in (",", ";", ".") or (segments[j] != segments[i] and lower not in ('"', "“", "”")):
            return False
    return False


def _frame_of(trigger: Trigger, i: int, segments: list[int],
              frames: list[tuple[Trigger, int]]) -> Trigger | None:
    """The reporting event that reports this one: the nearest reporting trigger of the sentence other than
    itself, before it ("X said that ...", "X said: '...'") or after it ("..., X said")."""
    best, best_distance = None, None
    for frame, k in frames:
        if frame is trigger or k == i:
            continue
        distance = abs(k - i)
        if best_distance is None or distance < best_distance:
            best, best_distance = frame, distance
    return best
