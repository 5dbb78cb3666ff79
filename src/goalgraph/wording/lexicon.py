"""Word classes and inflections of bokmål and English words, from a lexicon on PyPI.

The lexicon is spaCy's lookup tables (the ``spacy-lookups-data`` package, read without
spaCy): for bokmål every inflected form of Norsk ordbank with its lemma per word class
(adjective, adverb, noun, verb; CC BY 4.0, Språkbanken), for English the base forms per word
class from WordNet 3.0 and its irregular forms (WordNet licence). Both ship in the package and
are read offline. The word classes worked out from them are kept in a lookup file in
goalgraph's cache folder (goalgraph.wording.lookup), built on the first use on a machine;
a process then reads only the words it looks up.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from enum import IntFlag
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from goalgraph.errors import GoalgraphError
from goalgraph.wording.lookup import Lookup, built_from, open_lookup

#: The languages the lexicon covers.
LEXICON_LANGUAGES = ("nb", "en")


class Tag(IntFlag):
    """What a word form can be (several at once when the form is ambiguous)."""

    NOUN = 1
    #: A definite noun form (bokmål: «samarbeidet», «folkehelsen»).
    NOUN_DEFINITE = 2
    ADJ = 4
    #: The adjective's base form (bokmål: singular indefinite, «god», «trygg»).
    ADJ_BASE = 8
    #: A plural or definite adjective form (bokmål: «gode», «sikre»).
    ADJ_PLURAL = 16
    #: A participle used as adjective or a comparative («økt», «redusert», «bedre»).
    ADJ_CHANGE = 32
    ADV = 64
    #: Infinitive (bokmål) or base form (English): «styrke», «improve».
    VERB_INF = 128
    #: Imperative (bokmål): «styrk», «øk».
    VERB_IMP = 256
    #: Present tense, active: «satser», «prioriterer», «invests».
    VERB_PRES = 512
    #: Any other verb form (past, participle, passive).
    VERB_OTHER = 1024


VERB = Tag.VERB_INF | Tag.VERB_IMP | Tag.VERB_PRES | Tag.VERB_OTHER


class LexiconError(GoalgraphError):
    """The word-class lexicon cannot be read."""


#: Bits of a lookup row beside the Tag bits: the word is a noun form, a verb lemma.
_NOUN_FORM = 1 << 16
_VERB_LEMMA = 1 << 17
_TAG_BITS = _NOUN_FORM - 1


class _Forms:
    """The word forms with the tags the lexicon gives them (nouns aside)."""

    def __init__(self, words: Lookup) -> None:
        self._words = words

    def get(self, word: str, default: Tag) -> Tag:
        bits = self._words.get(word) & _TAG_BITS
        return Tag(bits) if bits else default


class _Having:
    """The words whose lookup row has ``bit``: ``word in lexicon.nouns``."""

    def __init__(self, words: Lookup, bit: int) -> None:
        self._words = words
        self._bit = bit

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self._words.get(word) & self._bit)


class Lexicon:
    """Word forms of one language with what each can be, and the lemmas of its verbs."""

    def __init__(self, lang: str, words: Lookup) -> None:
        self.lang = lang
        self.forms = _Forms(words)
        #: The lemmas of verbs.
        self.verbs = _Having(words, _VERB_LEMMA)
        #: Every noun form (tagged as a noun, and definite or not, when asked).
        self.nouns = _Having(words, _NOUN_FORM)
        self._tagged: dict[str, Tag] = {}

    def tags(self, word: str) -> Tag:
        """What ``word`` (any case) can be; Tag(0) when the lexicon does not know it."""
        lower = word.lower()
        found = self._tagged.get(lower)
        if found is None:
            found = self.forms.get(lower, Tag(0))
            if lower in self.nouns:
                found |= Tag.NOUN
                if self.lang == "nb" and self._definite(lower):
                    found |= Tag.NOUN_DEFINITE
            if self.lang == "en":
                found |= _english_inflected(self, lower)
            self._tagged[lower] = found
        return found

    def noun_lemma(self, word: str) -> str:
        """The indefinite singular of a bokmål noun form, as far as the endings tell
        («samarbeidet» → «samarbeid», «folkehelsen» → «folkehelse»); English: the word."""
        lower = word.lower()
        if self.lang != "nb":
            return lower
        for ending, added in (*_DEFINITE, ("er", ""), ("r", "")):
            stem = lower[: len(lower) - len(ending)] + added
            if lower.endswith(ending) and len(stem) > 2 and stem in self.nouns:
                return stem
        return lower

    def _definite(self, lower: str) -> bool:
        for ending, added in _DEFINITE:
            stem = lower[: len(lower) - len(ending)] + added
            if lower.endswith(ending) and len(stem) > 2 and stem in self.nouns:
                return True
        return False


#: Endings of definite bokmål nouns, with what turns the stem back into the lemma.
_DEFINITE = (("ene", ""), ("ene", "e"), ("en", ""), ("n", ""), ("et", ""), ("a", ""), ("a", "e"))


def _table(name: str) -> Any:
    try:
        data = resources.files("spacy_lookups_data") / "data" / f"{name}.json.gz"
        with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
            return json.load(text)
    except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError) as exc:
        raise LexiconError(
            f"the word-class lexicon '{name}' cannot be read ({exc}); "
            "install goalgraph's dependency with: pip install spacy-lookups-data"
        ) from exc


@cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (nb or en), opened once per process (its lookup file is built
    on the first use on a machine)."""
    if lang not in LEXICON_LANGUAGES:
        raise ValueError(f"no lexicon for '{lang}'; use one of {', '.join(LEXICON_LANGUAGES)}")
    name = f"wording-lexicon-{lang}-{built_from(Path(__file__))}"
    return Lexicon(lang, open_lookup(name, lambda: rows(lang)))


def rows(lang: str) -> Iterator[tuple[str, int]]:
    """Every word of ``lang``'s lexicon sources with its bits (Tag bits, noun form, verb
    lemma), worked out from the sources: the content of the lookup file."""
    forms, verbs, nouns = _bokmal() if lang == "nb" else _english()
    for word in forms.keys() | verbs | nouns:
        bits = int(forms.get(word, Tag(0)))
        if word in nouns:
            bits |= _NOUN_FORM
        if word in verbs:
            bits |= _VERB_LEMMA
        yield word, bits


_Sources = tuple[dict[str, Tag], frozenset[str], frozenset[str]]


def _bokmal() -> _Sources:
    table: dict[str, dict[str, list[str]]] = _table("nb_lemma_exc")
    forms: dict[str, Tag] = {}

    def add(form: str, tag: Tag) -> None:
        forms[form] = forms.get(form, Tag(0)) | tag

    verbs = frozenset(lemma for lemmas in table["verb"].values() for lemma in lemmas)
    for form, lemmas in table["verb"].items():
        for lemma in lemmas:
            if form == lemma:
                add(form, Tag.VERB_INF)
            elif lemma.endswith("e") and form == lemma[:-1] and len(form) > 1:
                add(form, Tag.VERB_IMP)
            elif form == lemma + "r":
                add(form, Tag.VERB_PRES)
            else:
                add(form, Tag.VERB_OTHER)
            # A verb whose lemma ends in a stressed vowel has the same imperative (gå, bo).
            if form == lemma and not lemma.endswith("e"):
                add(form, Tag.VERB_IMP)
    for form in _BOKMAL_IRREGULAR_PRESENT:
        add(form, Tag.VERB_PRES)
    for form, lemmas in table["adj"].items():
        tag = Tag.ADJ
        for lemma in lemmas:
            if form == lemma:
                tag |= Tag.ADJ_BASE
            elif form == lemma + "e" or _syncope(lemma) == form:
                tag |= Tag.ADJ_PLURAL
            elif form != lemma + "t":
                # Comparatives, superlatives and participles of verbs («bedre», «økt»).
                tag |= Tag.ADJ_CHANGE
            if lemma in verbs and form != lemma:
                tag |= Tag.ADJ_CHANGE
        add(form, tag)
    for form in table["adv"]:
        add(form, Tag.ADV)
    nouns = frozenset(table["noun"])
    return forms, verbs, nouns


#: Present-tense forms that are not the infinitive + r (the lexicon gives no tense).
_BOKMAL_IRREGULAR_PRESENT = ("er", "gjør", "vet", "sier", "spør", "vil", "skal", "kan", "må", "bør")


def _syncope(lemma: str) -> str:
    """The plural of an adjective such as «sikker» → «sikre», «enkel» → «enkle»."""
    if len(lemma) > 4 and lemma.endswith(("er", "el", "en")):
        stem = lemma[:-2]
        if len(stem) > 1 and stem[-1] == stem[-2]:
            stem = stem[:-1]
        return stem + lemma[-1] + "e"
    return ""


def _english() -> _Sources:
    index: dict[str, list[str]] = _table("en_lemma_index")
    irregular: dict[str, dict[str, list[str]]] = _table("en_lemma_exc")
    forms: dict[str, Tag] = {}

    def add(form: str, tag: Tag) -> None:
        forms[form] = forms.get(form, Tag(0)) | tag

    for word in index["verb"]:
        add(word, Tag.VERB_INF)
    for word in index["adj"]:
        add(word, Tag.ADJ | Tag.ADJ_BASE)
    for word in index["adv"]:
        add(word, Tag.ADV)
    for form in irregular["verb"]:
        add(form, Tag.VERB_OTHER if not form.endswith("s") else Tag.VERB_PRES)
    for form in irregular["adj"]:
        add(form, Tag.ADJ | Tag.ADJ_CHANGE)
    for form in irregular["noun"]:
        add(form, Tag.NOUN)  # irregular plurals («people», «children»)
    return forms, frozenset(index["verb"]), frozenset(index["noun"])


def _english_inflected(lex: Lexicon, word: str) -> Tag:
    """Regular English inflections of a form not in the index («invests», «reduced»)."""
    tag = Tag(0)
    known = lex.forms
    nouns = lex.nouns
    for suffix, ending, result in _ENGLISH_RULES:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            base = word[: len(word) - len(suffix)] + ending
            found = known.get(base, Tag(0))
            if result & VERB and found & Tag.VERB_INF:
                tag |= result
                if result == Tag.VERB_OTHER:
                    # A past participle is used as an adjective («increased participation»).
                    tag |= Tag.ADJ | Tag.ADJ_CHANGE
            if result == Tag.NOUN and base in nouns:
                tag |= Tag.NOUN
            if result == Tag.ADJ_CHANGE and found & Tag.ADJ:
                tag |= Tag.ADJ | Tag.ADJ_CHANGE
    return tag


_ENGLISH_RULES: tuple[tuple[str, str, Tag], ...] = (
    ("s", "", Tag.VERB_PRES),
    ("es", "", Tag.VERB_PRES),
    ("ies", "y", Tag.VERB_PRES),
    ("ed", "", Tag.VERB_OTHER),
    ("ed", "e", Tag.VERB_OTHER),
    ("ied", "y", Tag.VERB_OTHER),
    ("ing", "", Tag.VERB_OTHER),
    ("ing", "e", Tag.VERB_OTHER),
    ("s", "", Tag.NOUN),
    ("es", "", Tag.NOUN),
    ("ies", "y", Tag.NOUN),
    ("er", "", Tag.ADJ_CHANGE),
    ("er", "e", Tag.ADJ_CHANGE),
    ("ier", "y", Tag.ADJ_CHANGE),
)
