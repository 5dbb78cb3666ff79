"""Fixed texts in Norwegian bokmål and English: one table type and one look-up for all of them.

Each part of goalgraph that shows fixed texts (pages, reports, the effect balance, the
prioritisation, the annual wheel) keeps them in one ``Texts`` table, written key →
(bokmål, English), and reads them in one language with ``Texts.of(lang)`` (every text, as
templates want them) or ``Texts.text(key, lang)`` (one text).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from goalgraph.errors import GoalgraphError

#: The languages of every text, in the order of a pair: (bokmål, English).
TEXT_LANGUAGES = ("nb", "en")


class Texts(Mapping[str, tuple[str, str]]):
    """Texts by key, each a pair (bokmål, English)."""

    def __init__(self, pairs: Mapping[str, tuple[str, str]]) -> None:
        for key, pair in pairs.items():
            if len(pair) != len(TEXT_LANGUAGES) or not all(isinstance(t, str) for t in pair):
                raise ValueError(f"the text '{key}' is not a pair (bokmål, English): {pair!r}")
        self._pairs = dict(pairs)
        self._by_lang: dict[str, dict[str, str]] = {}

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._pairs[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __or__(self, other: Mapping[str, tuple[str, str]]) -> Texts:
        """Both tables in one; a key in both is a mistake (one of them would be lost)."""
        both = sorted(self._pairs.keys() & other.keys())
        if both:
            raise ValueError(f"texts defined twice: {', '.join(both)}")
        return Texts({**self._pairs, **other})

    def of(self, lang: str) -> dict[str, str]:
        """Every text in ``lang`` (nb or en), by key (a new dict: the caller may add to it)."""
        found = self._by_lang.get(lang)
        if found is None:
            index = language_index(lang)
            found = {key: pair[index] for key, pair in self._pairs.items()}
            self._by_lang[lang] = found
        return dict(found)

    def text(self, key: str, lang: str) -> str:
        """The text ``key`` in ``lang`` (nb or en)."""
        return self._pairs[key][language_index(lang)]


def language_index(lang: str) -> int:
    """Where ``lang``'s text stands in a pair."""
    try:
        return TEXT_LANGUAGES.index(lang)
    except ValueError:
        raise GoalgraphError(
            f"unsupported language '{lang}'; use {' or '.join(TEXT_LANGUAGES)}"
        ) from None
