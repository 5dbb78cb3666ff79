"""How a goal, strategy or assignment text is phrased, read with a word-class lexicon.

Each reader returns a Notice (what it noticed, in the words of the text) or None. They judge
conservatively: where a word can be read two ways («Bedre levekår» – better living
conditions, or improve them), the words after it decide, and when they do not, nothing is
noticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from goalgraph.wording.lexicon import VERB, Lexicon, Tag, lexicon

#: What a Notice can be about.
MODAL = "modal"  # a modal verb of intention: «skal», «vil», "will"
INFINITIVE = "infinitive"  # opens with «å»/"to" and a verb
VERB_FIRST = "verb-first"  # opens with an infinitive or imperative
ACTOR = "actor"  # the municipality (or another actor) does something, in the present tense
ACTION_NOUN = "action-noun"  # a noun phrase headed by an action: «forebygging», "prevention"
RESULT_FIRST = "result-first"  # opens with a result: «Økt», «Bedre», "Increased"
NO_PATH = "no-path"  # none of the signs of a path
NO_MODAL = "no-modal"  # an assignment without «skal»/«vil»
SUBJECT = "subject"  # an assignment whose subject is not a service area


@dataclass(frozen=True)
class Notice:
    """What a reader noticed in a text: the kind of sign and the words that show it."""

    kind: str
    words: str = ""


_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*|[^\w\s]")

_MODALS = {
    "nb": frozenset({"skal", "vil", "må", "bør"}),
    "en": frozenset({"will", "shall", "must", "should"}),
}
_INFINITIVE_MARK = {"nb": "å", "en": "to"}
#: Words that open a clause or an object, never the noun an adjective describes: after an
#: ambiguous first word they show it is a verb («Sikre at …», "Better the lives …").
_OBJECT_START = {
    "nb": frozenset(
        [
            "at",
            "en",
            "ei",
            "et",
            "den",
            "det",
            "de",
            "denne",
            "dette",
            "disse",
            "min",
            "mi",
            "mitt",
            "mine",
            "din",
            "di",
            "ditt",
            "dine",
            "sin",
            "si",
            "sitt",
            "sine",
            "vår",
            "vårt",
            "våre",
            "deres",
            "hans",
            "hennes",
            "dens",
            "dets",
            "alle",
            "hver",
            "hvert",
            "enhver",
            "ethvert",
            "begge",
            "oss",
            "seg",
            "dem",
            "ham",
            "henne",
            # Adjectives that go before a definite noun: «hele kommunen», «selve saken».
            "hele",
            "halve",
            "selve",
        ]
    ),
    "en": frozenset(
        [
            "that",
            "the",
            "a",
            "an",
            "this",
            "these",
            "those",
            "our",
            "their",
            "its",
            "his",
            "her",
            "my",
            "your",
            "all",
            "every",
            "each",
            "both",
            "it",
            "them",
            "us",
            "everyone",
            "everybody",
        ]
    ),
}
#: Conjunctions and prepositions: after an ambiguous first word they leave it a noun or
#: an adjective («Styrke og mot», "End of life care").
_JOINERS = {
    "nb": frozenset(
        [
            "og",
            "eller",
            "i",
            "på",
            "for",
            "av",
            "med",
            "til",
            "fra",
            "om",
            "ved",
            "mot",
            "under",
            "over",
            "etter",
            "uten",
            "hos",
            "gjennom",
        ]
    ),
    "en": frozenset(
        [
            "and",
            "or",
            "of",
            "in",
            "on",
            "for",
            "with",
            "to",
            "from",
            "at",
            "by",
            "through",
            "without",
        ]
    ),
}
#: Quantities that describe a result, not an action («Flere reiser …», "More people …").
_RESULT_WORDS = {
    "nb": frozenset(
        [
            "flere",
            "færre",
            "mer",
            "mindre",
            "høyere",
            "lavere",
            "økt",
            "økte",
            "redusert",
            "reduserte",
        ]
    ),
    "en": frozenset(["more", "fewer", "less", "higher", "lower", "increased", "reduced", "better"]),
}
#: Verbs that state a condition, not an action, when the municipality is their subject.
_STATIVE = {
    "nb": frozenset(["er", "har", "blir", "finnes", "fremstår", "ligger"]),
    "en": frozenset(["is", "are", "has", "have", "becomes", "remains"]),
}
#: Words that name the one who acts in a strategy («Kommunen satser på …»); the labels of
#: the model's organisations are added to these.
_ACTORS = {
    "nb": frozenset(
        [
            "kommunen",
            "kommune",
            "vi",
            "fylkeskommunen",
            "fylkeskommune",
            "partene",
            "staten",
            "kommunestyret",
            "bystyret",
            "administrasjonen",
            "tjenesteområdet",
            "tjenesteområdene",
            "virksomheten",
            "virksomhetene",
        ]
    ),
    "en": frozenset(
        [
            "we",
            "municipality",
            "council",
            "county",
            "parties",
            "state",
            "authority",
            "authorities",
            "administration",
            "service-area",
        ]
    ),
}
#: What an assignment's subject may be besides the name of a service area.
_SERVICE_AREA_WORDS = {
    "nb": frozenset({"tjenesteområdet", "tjenesteområdene"}),
    "en": frozenset({"the service area", "service area", "the service areas"}),
}
#: Particles of bokmål particle verbs, the first part of nouns such as «innsats».
_PARTICLES = ("inn", "ut", "opp", "på", "av", "om", "til", "fram", "frem", "over", "sam", "ned")
#: Openings of a time frame before the statement itself («Innen 2030, redusere …»).
_TIME_FRAME = {"innen", "før", "fram", "frem", "by", "before", "within"}


def supported(lang: str) -> str | None:
    """The lexicon language a literal in ``lang`` is read with (None: not read at all).

    Untagged text is read as bokmål, goalgraph's first language; nynorsk is not read.
    """
    base = lang.lower().split("-")[0]
    if base in ("", "nb", "no"):
        return "nb"
    if base == "en":
        return "en"
    return None


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return token[:1].isalpha()


def _start(words: Sequence[str]) -> int:
    """Where the statement starts: after a leading time frame and its comma."""
    if words and words[0].lower() in _TIME_FRAME:
        for index, token in enumerate(words[:8]):
            if token == ",":
                return index + 1
    return 0


def _first_word(words: Sequence[str], start: int) -> int | None:
    for index in range(start, len(words)):
        if _is_word(words[index]):
            return index
    return None


def modal(words: Sequence[str], lang: str) -> str | None:
    """The first modal verb of intention, as written."""
    return next((w for w in words if w.lower() in _MODALS[lang]), None)


def opening_verb(words: Sequence[str], lang: str, lex: Lexicon | None = None) -> Notice | None:
    """The infinitive or imperative the statement opens with, read in context."""
    lex = lex or lexicon(lang)
    first = _first_word(words, _start(words))
    if first is None:
        return None
    word = words[first]
    following = words[first + 1] if first + 1 < len(words) else None
    if word.lower() == _INFINITIVE_MARK[lang]:
        if following is not None and lex.tags(following) & (Tag.VERB_INF | Tag.VERB_IMP):
            return Notice(INFINITIVE, f"{word} {following}")
        return None
    if word.lower() in _OBJECT_START[lang]:
        return None  # «En god start …», «Et like verdig liv …»
    tags = lex.tags(word)
    verbal = Tag.VERB_INF | (Tag.VERB_IMP if lang == "nb" else Tag(0))
    if not tags & verbal:
        return None
    if not tags & ~VERB:
        return Notice(VERB_FIRST, word)
    if following is None or not _is_word(following):
        return None
    after = following.lower()
    if after in _OBJECT_START[lang]:
        return Notice(VERB_FIRST, word)
    after_tags = lex.tags(following)
    if lang == "nb" and _definite_or_genitive(after, after_tags, lex):
        # An adjective or a noun goes before an indefinite noun: «Styrke samarbeidet».
        return Notice(VERB_FIRST, word)
    if tags & Tag.ADJ:
        # «Bedre levekår», «Trygg og god oppvekst», "Better health": an adjective fits,
        # unless it does not agree with the word after it («Sikre god helse», «Sikre
        # tilgang»), or a verb is joined to it later («Sikre … og fremme …»).
        plural = lang == "nb" and tags & Tag.ADJ_PLURAL and not tags & Tag.ADJ_CHANGE
        if plural and _singular(following, after_tags, lex):
            return Notice(VERB_FIRST, word)
        if _joined_verb(words[first + 2 :], lang, lex):
            return Notice(VERB_FIRST, word)
        return None
    # A noun or an adverb («Styrke», "End", "Increase"): a verb when an object follows,
    # unless a verb follows that (then the opening noun is the subject: "Air quality meets").
    if after in _JOINERS[lang]:
        return None
    third = words[first + 2] if first + 2 < len(words) else ""
    if after_tags & Tag.NOUN and lex.tags(third) & Tag.VERB_PRES and third.lower() != "er":
        return None
    if after_tags & (Tag.NOUN | Tag.ADJ) or not after_tags:
        return Notice(VERB_FIRST, word)
    return None


def _singular(word: str, tags: Tag, lex: Lexicon) -> bool:
    """A bokmål word that is singular only: an adjective's base form («god») or an
    indefinite noun that has a plural of its own («tilgang», plural «tilganger»)."""
    if tags & Tag.ADJ_BASE and not tags & (Tag.ADJ_PLURAL | Tag.ADJ_CHANGE | Tag.NOUN):
        return True
    lower = word.lower()
    return (
        bool(tags & Tag.NOUN)
        and not tags & (Tag.ADJ | VERB | Tag.NOUN_DEFINITE)
        and lex.noun_lemma(lower) == lower
        and (lower + "er" in lex.nouns or lower + "r" in lex.nouns)
    )


def _joined_verb(rest: Sequence[str], lang: str, lex: Lexicon) -> bool:
    """A verb joined by «og»/"and" or a comma later on, with an object after it
    («… og fremme livskvalitet»): the statement is a list of actions."""
    joiners = {"og", "and", ","}
    for index in range(1, len(rest) - 1):
        if rest[index - 1].lower() not in joiners:
            continue
        tags = lex.tags(rest[index])
        if (
            tags & Tag.VERB_INF
            and not tags & (Tag.NOUN | Tag.ADJ)
            and _is_word(rest[index + 1])
            and rest[index + 1].lower() not in _JOINERS[lang]
        ):
            return True
    return False


def _definite_or_genitive(word: str, tags: Tag, lex: Lexicon) -> bool:
    if tags & Tag.NOUN_DEFINITE and not tags & (Tag.ADJ | VERB):
        return True
    return (
        not tags
        and word.endswith("s")
        and bool(lex.tags(word[:-1]) & Tag.NOUN)
        and not lex.tags(word[:-1]) & VERB
    )


def actor_acts(
    words: Sequence[str], lang: str, actors: Iterable[str] = (), lex: Lexicon | None = None
) -> Notice | None:
    """«Kommunen satser på …»: an actor as subject of a verb of action in the present."""
    lex = lex or lexicon(lang)
    known = _ACTORS[lang] | {a.lower() for a in actors}
    start = _start(words)
    lowered = [w.lower() for w in words]
    present = Tag.VERB_PRES | (Tag.VERB_INF if lang == "en" else Tag(0))
    for index in range(start + 1, min(len(words), start + 7)):
        word = lowered[index]
        if not _is_word(word) or word in _STATIVE[lang]:
            continue
        if not lex.tags(word) & present:
            continue
        subject = lowered[start:index]
        phrase = " ".join(subject)
        if any(w in known for w in subject) or phrase in known:
            return Notice(ACTOR, " ".join(words[start : index + 1]))
        # Bokmål puts the verb second: «I Larvik arbeider vi …».
        if lang == "nb" and index + 1 < len(words) and lowered[index + 1] in known:
            return Notice(ACTOR, " ".join(words[index : index + 2]))
        return None
    return None


def action_noun(words: Sequence[str], lang: str, lex: Lexicon | None = None) -> Notice | None:
    """A noun phrase headed by an action («Forebygging og tidlig innsats», "Early
    intervention"), or a result when a word of change comes first (see result_first)."""
    lex = lex or lexicon(lang)
    for index in range(_start(words), len(words)):
        word = words[index]
        if not _is_word(word):
            return None
        lower = word.lower()
        tags = lex.tags(word)
        if lower in _RESULT_WORDS[lang] or (tags & Tag.ADJ_CHANGE and not tags & Tag.NOUN):
            return None
        if tags & Tag.NOUN:
            return Notice(ACTION_NOUN, word) if _verbal_noun(lower, lex) else None
        if tags & (Tag.ADJ | Tag.ADV) or lower in _OBJECT_START[lang]:
            continue
        return None
    return None


def result_first(words: Sequence[str], lang: str, lex: Lexicon | None = None) -> Notice | None:
    """An opening word that names a result: «Økt», «Flere», "Increased", "More"."""
    lex = lex or lexicon(lang)
    first = _first_word(words, _start(words))
    if first is None:
        return None
    word = words[first]
    tags = lex.tags(word)
    if word.lower() in _RESULT_WORDS[lang] or (tags & Tag.ADJ_CHANGE and not tags & Tag.VERB_INF):
        return Notice(RESULT_FIRST, word)
    return None


def _verbal_noun(word: str, lex: Lexicon) -> bool:
    """A noun made from a verb: «forebygging», «samarbeid», «innsats», "prevention"."""
    verbs = lex.verbs
    if lex.lang == "nb":
        lemma = lex.noun_lemma(word)
        # The last part of a compound carries the meaning («folkehelsearbeid»).
        for cut in range(len(lemma) - 3):
            part = lemma[cut:]
            if part.endswith("ing") and (part[:-3] + "e" in verbs or part[:-3] in verbs):
                return True
            if part.endswith("sjon") and (part[:-4] + "ere" in verbs or part[:-5] + "ere" in verbs):
                return True
            # A bare verb stem: whole («samarbeid»), long («arbeid») or after a particle
            # («innsats» from «satse inn»), not a chance ending («bosted» is no «stede»).
            if part + "e" in verbs and (
                cut == 0 or len(part) >= 6 or lemma[:cut].endswith(_PARTICLES)
            ):
                return True
        return False
    lemma = word[:-1] if word.endswith("s") and word[:-1] in lex.nouns else word
    candidates: list[str] = []
    if lemma.endswith(("tion", "sion")):
        candidates += [lemma[:-3], lemma[:-3] + "e", lemma[:-4] + "e", lemma[:-5] + "e"]
    if lemma.endswith("ment"):
        candidates.append(lemma[:-4])
    if lemma.endswith("ing"):
        candidates += [lemma[:-3], lemma[:-3] + "e"]
    return any(c in verbs for c in candidates)


# ----------------------------------------------------------------------------------------
# The three readings the wording rules use
# ----------------------------------------------------------------------------------------


def goal_phrased_as_path(text: str, lang: str) -> Notice | None:
    """What makes a goal read like a strategy: a modal verb of intention, or an opening
    infinitive or imperative; None when it reads as a state."""
    words = tokens(text)
    found = modal(words, lang)
    if found is not None:
        return Notice(MODAL, found)
    return opening_verb(words, lang)


def strategy_path(text: str, lang: str, actors: Iterable[str] = ()) -> Notice | None:
    """What shows the path in a strategy; None when nothing does."""
    words = tokens(text)
    found = modal(words, lang)
    if found is not None:
        return Notice(MODAL, found)
    return opening_verb(words, lang) or actor_acts(words, lang, actors) or action_noun(words, lang)


def strategy_phrased_as_state(text: str, lang: str, actors: Iterable[str] = ()) -> Notice | None:
    """Why a strategy reads like a goal (no sign of a path); None when it shows a path."""
    if strategy_path(text, lang, actors) is not None:
        return None
    words = tokens(text)
    return result_first(words, lang) or Notice(NO_PATH)


def assignment_subject(text: str, lang: str, service_areas: Iterable[str] = ()) -> Notice | None:
    """Why an assignment is not phrased «Tjenesteområdet skal/vil …»; None when it is.

    The subject is what stands before the first «skal»/«vil» ("will"/"shall"); it must be
    one of ``service_areas`` (their labels) or a word for a service area as such.
    """
    words = tokens(text)
    lowered = [w.lower() for w in words]
    marks = {"nb": ("skal", "vil"), "en": ("will", "shall")}[lang]
    at = next((i for i, w in enumerate(lowered[:12]) if w in marks), None)
    if at is None:
        return Notice(NO_MODAL)
    subject = _normalise(" ".join(words[:at]))
    if not subject:
        return Notice(SUBJECT, "")
    if subject in _SERVICE_AREA_WORDS[lang]:
        return None
    prefixes = (
        ("tjenesteområdet ", "tjenesteområde ") if lang == "nb" else ("the ", "service area ")
    )
    candidates = {subject}
    for prefix in prefixes:
        if subject.startswith(prefix):
            candidates.add(subject[len(prefix) :])
    lex = lexicon(lang)
    for area in service_areas:
        name = _normalise(area)
        head = name.split()[-1] if name else ""
        # The area by name («Oppvekst»), or its head noun, definite («Sekretariatet» for
        # «Miljøpakkens sekretariat», "The secretariat" for "Miljøpakken secretariat").
        if name in candidates or (lang == "nb" and lex.noun_lemma(subject) == head != subject):
            return None
        if lang == "en" and subject == f"the {head}":
            return None
    return Notice(SUBJECT, " ".join(words[:at]))


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[«»\"“”‘’']", " ", text).lower().split())


def reading(kind: str, text: str, lang: str, service_areas: Iterable[str] = ()) -> Notice | None:
    """What the wording rule for a ``kind`` of node (goal, strategy, assignment) notices in
    ``text``; None when it notices nothing (or does not read ``lang``)."""
    read_as = supported(lang)
    if read_as is None:
        return None
    if kind == "goal":
        return goal_phrased_as_path(text, read_as)
    if kind == "strategy":
        return strategy_phrased_as_state(text, read_as)
    if kind == "assignment":
        return assignment_subject(text, read_as, service_areas)
    raise ValueError(f"no wording rule for '{kind}'; use goal, strategy or assignment")
