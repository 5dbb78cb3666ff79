"""The language helpers: plural agreement, numbers, dates, lists, literals by language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef

from goalgraph.language import (
    NO_BREAK_SPACE,
    format_date,
    format_number,
    format_quarter,
    join_labels,
    join_words,
    literal_in,
    plural,
)
from goalgraph.namespace import GG


@pytest.mark.parametrize(
    ("number", "lang", "singular", "plural_form", "text"),
    [
        (1, "nb", "advarsel", "advarsler", "1 advarsel"),
        (2, "nb", "advarsel", "advarsler", "2 advarsler"),
        (0, "nb", "prosjekt", "prosjekter", "0 prosjekter"),
        (1, "nb", "prosjekt", "prosjekter", "1 prosjekt"),
        (214000, "nb", "prosjekt", "prosjekter", f"214{NO_BREAK_SPACE}000 prosjekter"),
        (1, "en", "warning", "warnings", "1 warning"),
        (2, "en", "warning", "warnings", "2 warnings"),
        (214000, "en", "project", "projects", "214,000 projects"),
    ],
)
def test_plural_agrees_with_the_number(
    number: int, lang: str, singular: str, plural_form: str, text: str
) -> None:
    assert plural(number, singular, plural_form, lang) == text


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "text"),
    [
        (5.3, "nb", None, "5,3"),
        (5.3, "en", None, "5.3"),
        (214000, "nb", None, f"214{NO_BREAK_SPACE}000"),
        (214000, "en", None, "214,000"),
        (Decimal("12500000.00"), "nb", 2, f"12{NO_BREAK_SPACE}500{NO_BREAK_SPACE}000,00"),
        (Decimal("12500000.00"), "en", None, "12,500,000"),
        (1234.5, "nb", 1, f"1{NO_BREAK_SPACE}234,5"),
        (999, "nb", None, "999"),
    ],
)
def test_numbers_are_written_as_in_the_language(
    value: float, lang: str, decimals: int | None, text: str
) -> None:
    assert format_number(value, lang, decimals) == text


def test_dates_are_written_as_in_the_language() -> None:
    assert format_date(dt.date(2026, 12, 5), "nb") == "5. desember 2026"
    assert format_date(dt.date(2026, 12, 5), "en") == "5 December 2026"
    assert format_date(dt.date(2030, 1, 31), "nb") == "31. januar 2030"


def test_labels_ending_in_a_full_stop_join_without_dot_semicolon() -> None:
    joined = join_labels(["Sårbare barn får hjelp.", "Alle har en bolig.", "Asker er grønn."])
    assert joined == "Sårbare barn får hjelp; Alle har en bolig; Asker er grønn."
    assert ".;" not in joined
    assert join_labels(["A", "", "B"]) == "A; B"


def test_words_join_with_the_language_conjunction() -> None:
    assert join_words(["mål", "strategier", "oppdrag"], "nb") == "mål, strategier og oppdrag"
    assert join_words(["goals", "strategies"], "en") == "goals and strategies"
    assert join_words(["mål"], "nb") == "mål"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'de' is not a supported language"):
        format_number(1, "de")


def test_literal_in_picks_the_language_then_falls_back() -> None:
    graph = Graph()
    node = URIRef("https://example.org/i")
    graph.add((node, GG.unit, Literal("prosent", lang="nb")))
    graph.add((node, GG.unit, Literal("percent", lang="en")))
    assert str(literal_in(graph, node, GG.unit, "en")) == "percent"
    assert str(literal_in(graph, node, GG.unit, "nb")) == "prosent"
    only_nb = URIRef("https://example.org/j")
    graph.add((only_nb, GG.unit, Literal("år", lang="nb")))
    assert str(literal_in(graph, only_nb, GG.unit, "en")) == "år"
    untagged = URIRef("https://example.org/k")
    graph.add((untagged, GG.unit, Literal("%")))
    assert str(literal_in(graph, untagged, GG.unit, "en")) == "%"
    assert literal_in(graph, URIRef("https://example.org/none"), GG.unit) is None


def test_list_items_drop_the_stop_before_each_separator() -> None:
    from goalgraph.language import list_items

    assert list_items(["Mål A.", " ", "Mål B."]) == ["Mål A", "Mål B."]


def test_quarters_are_named_as_the_language_names_them() -> None:
    assert format_quarter(dt.date(2016, 3, 31), "nb") == "1. kvartal 2016"
    assert format_quarter(dt.date(2016, 4, 1), "en") == "Q2 2016"
    assert format_quarter(dt.date(2016, 12, 31)) == "4. kvartal 2016"
