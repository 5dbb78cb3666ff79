"""goalgraph.texts: the one table type of the fixed bokmål and English texts."""

from __future__ import annotations

import pytest

from goalgraph.analysis import effects_text, prioritise_text, report
from goalgraph.cli import wheel
from goalgraph.errors import GoalgraphError
from goalgraph.texts import Texts
from goalgraph.web import i18n

TABLES = {
    "pages": i18n.TEXTS,
    "report": report.TEXTS,
    "prioritisation": prioritise_text.TEXTS,
    "wheel": wheel.TEXTS,
    "effect balance": effects_text.TEXTS,
}


def test_a_text_is_read_in_either_language() -> None:
    texts = Texts({"hello": ("Hei", "Hello"), "bye": ("Ha det", "Goodbye")})
    assert texts.text("hello", "nb") == "Hei"
    assert texts.text("hello", "en") == "Hello"
    assert texts.of("en") == {"hello": "Hello", "bye": "Goodbye"}


def test_a_table_read_in_one_language_can_be_added_to_without_changing_it() -> None:
    texts = Texts({"hello": ("Hei", "Hello")})
    texts.of("nb")["extra"] = "x"
    assert texts.of("nb") == {"hello": "Hei"}


def test_an_unsupported_language_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(GoalgraphError, match="'de'; use nb or en"):
        Texts({"hello": ("Hei", "Hello")}).of("de")


def test_a_text_that_is_not_a_pair_is_refused() -> None:
    with pytest.raises(ValueError, match="'hello' is not a pair"):
        Texts({"hello": ("Hei",)})  # type: ignore[dict-item]


def test_a_key_in_two_merged_tables_is_refused() -> None:
    with pytest.raises(ValueError, match="texts defined twice: hello"):
        _ = Texts({"hello": ("Hei", "Hello")}) | Texts({"hello": ("Hallo", "Hi")})


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_has_both_languages_filled_in(name: str) -> None:
    empty = [key for key, (nb, en) in TABLES[name].items() if not nb.strip() or not en.strip()]
    assert empty == []


def test_the_pages_read_any_other_language_as_bokmal() -> None:
    assert i18n.texts("de") == i18n.texts("nb")
    assert i18n.texts("en")["nav_start"] == "Goal tree"
