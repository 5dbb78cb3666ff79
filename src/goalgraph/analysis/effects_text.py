"""The effect balance as text a secretariat reads: Markdown, plain text and the report's
HTML section, in bokmål and English."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from jinja2 import Environment
from rdflib import URIRef

from goalgraph.analysis.rendering import report_environment
from goalgraph.labels import short_name
from goalgraph.language import format_date, format_number, format_short_date, join_words, plural
from goalgraph.texts import Texts

if TYPE_CHECKING:
    from goalgraph.analysis.effects import EffectBalance, IndicatorBalance
    from goalgraph.analysis.readings import Reading

#: Fixed texts in each language: (nb, en).
_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Effektbalanse", "Effect balance"),
    "intro": (
        "Lukker prosjektenes forventede effekter gapet mellom siste måling og neste målverdi?",
        "Do the projects' expected effects close the gap between the latest reading and the "
        "next target value?",
    ),
    "as_of": ("Per", "As of"),
    "no_indicators": ("Modellen har ingen indikatorer.", "The model has no indicators."),
    "largest": ("Største gap", "Largest gaps"),
    "largest_note": (
        "Åpne gap med målverdi fram i tid, størst først (det prosjektene ikke dekker, i andel av "
        "målverdien eller siste måling).",
        "Open gaps with a target ahead, largest first (what the projects leave open, as a share "
        "of the target or the latest reading).",
    ),
    "no_open": ("Ingen åpne gap.", "No open gaps."),
    "all": ("Alle indikatorer", "All indicators"),
    "indicator": ("Indikator", "Indicator"),
    "latest": ("Siste måling", "Latest reading"),
    "baseline": ("utgangsverdi", "baseline"),
    "target": ("Målverdi", "Target"),
    "passed": ("passert", "passed"),
    "gap": ("Gap", "Gap"),
    "toward": ("Prosjektene", "Projects"),
    "covered": ("Dekket", "Covered"),
    "status": ("Status", "Status"),
    "projects": ("Prosjekter", "Projects"),
    "unaddressed": ("Gap ingen prosjekter tar tak i", "Gaps no project addresses"),
    "unaddressed_none": (
        "Alle åpne gap har minst én forventet effekt som teller.",
        "Every open gap has at least one expected effect that counts.",
    ),
    "conflicts": ("Motstridende effekter", "Conflicting effects"),
    "conflicts_none": (
        "Ingen prosjekter trekker en indikator i feil retning.",
        "No project moves an indicator the wrong way.",
    ),
    "helps": ("hjelper", "helps"),
    "hurts": ("trekker i feil retning", "moves the wrong way"),
    "only_hurts": ("bare i feil retning", "only the wrong way"),
    "goals_hurt": ("mål som rammes", "goals affected"),
    "ranking": ("Bidrag per prosjekt", "Contribution per project"),
    "ranking_note": (
        "Bidrag: summen over de åpne gapene av prosjektets effekt som andel av gapet (1 lukker "
        "ett gap helt), også per 100 millioner kroner av budsjettet, størst først.",
        "Contribution: the sum over the open gaps of the project's effect as a share of the gap "
        "(1 closes one gap entirely), also per NOK 100 million of its budget, largest first.",
    ),
    "project": ("Prosjekt", "Project"),
    "budget": ("Budsjett (NOK)", "Budget (NOK)"),
    "contribution": ("Bidrag", "Contribution"),
    "per_million": ("Per 100 mill. kr", "Per NOK 100 million"),
    "ranking_none": (
        "Ingen prosjekter har effekter som teller på åpne gap.",
        "No project has effects that count on open gaps.",
    ),
    "goal_shares": ("Andel av målenes gap", "Share of the goals' gaps"),
    "goal_shares_note": (
        "Per mål (delmålene medregnet): prosjektenes andel av de åpne gapene, i snitt over "
        "målets åpne indikatorer.",
        "Per goal (its sub-goals included): the projects' share of the open gaps, averaged over "
        "the goal's open indicators.",
    ),
    "per_goal": ("Per mål", "Per goal"),
    "goal": ("Mål", "Goal"),
    "indicators": ("Indikatorer", "Indicators"),
    "open_gaps": ("Åpne gap", "Open gaps"),
    "without_projects": ("uten prosjekter", "without projects"),
    "per_party": ("Per part", "Per party"),
    "party": ("Part", "Party"),
    "counted": ("Effekter som teller", "Counted effects"),
    "financing_nok": ("Finansiering (NOK)", "Financing (NOK)"),
    "stale": ("Gamle data og passerte målverdier", "Stale data and past-due targets"),
    "stale_list": (
        "Indikatorer uten måling de siste {days} dagene:",
        "Indicators without an observation in the last {days} days:",
    ),
    "never": ("aldri målt", "never observed"),
    "days_old": ("{days} dager gammel", "{days} days old"),
    "past_due": ("Passerte målverdier som ikke er nådd:", "Past-due targets not reached:"),
    "unmeasured": ("ikke målt etter fristen", "not measured since its date"),
    "stale_none": (
        "Ingen gamle data og ingen passerte målverdier.",
        "No stale data and no past-due targets.",
    ),
    "realisation": ("Gevinstrealisering", "Benefits realisation"),
    "realisation_note": (
        "Prosjekter i avslutning eller gevinstrealisering: forventet endring mot endringen målt "
        "siden prosjektet startet (også andre forhold påvirker indikatoren).",
        "Projects in closing or benefits realisation: the expected change against the change "
        "observed since the project started (other things move the indicator too).",
    ),
    "realisation_none": (
        "Ingen prosjekter i avslutning eller gevinstrealisering har forventede effekter.",
        "No project in closing or benefits realisation has expected effects.",
    ),
    "phase": ("Fase", "Phase"),
    "expected": ("Forventet", "Expected"),
    "observed": ("Målt siden start", "Observed since start"),
    "share": ("Andel", "Share"),
    "financing": ("Finansiering", "Financing"),
    "financing_total": (
        "{total} kroner i alt, {earmarked} øremerket.",
        "NOK {total} in all, {earmarked} earmarked.",
    ),
    "financing_none": (
        "Modellen har ingen finansieringsposter.",
        "The model has no financing items.",
    ),
    "source": ("Kilde", "Source"),
    "earmark": ("Øremerket til", "Earmarked for"),
    "free": ("frie midler", "unearmarked"),
    "amount": ("Beløp (NOK)", "Amount (NOK)"),
    "entries": ("Poster", "Items"),
    "per_goal_money": (
        "Per mål (et prosjekt teller for hvert mål det tjener, så målene summeres ikke):",
        "Per goal (a project counts for every goal it serves, so goals do not add up):",
    ),
    "per_party_money": ("Per part:", "Per party:"),
    "total": ("I alt", "Total"),
    "earmarked": ("Øremerket", "Earmarked"),
    "incomplete": (
        "Holdt utenfor fordi kilde eller beløp mangler: {count}.",
        "Left out for want of a source or an amount: {count}.",
    ),
    "skipped": ("Effekter holdt utenfor", "Effects left out"),
    "skipped_note": (
        "Disse forventede effektene kan ikke regnes med; `goalgraph validate` sier hvordan de "
        "rettes.",
        "These expected effects cannot be counted; `goalgraph validate` says how to fix them.",
    ),
    "and_more": ("… og {count} til", "… and {count} more"),
}

_STATUS: dict[str, tuple[str, str]] = {
    "met": ("nådd", "met"),
    "covered": ("dekket", "covered"),
    "short": ("ikke dekket", "short"),
    "missed": ("ikke nådd", "missed"),
    "no-target": ("ingen målverdi", "no target"),
    "no-data": ("mangler måling", "no data"),
    "no-direction": ("mangler retning", "no direction"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "no-indicator": (
        "effekten har ingen indikator (gg:indicator)",
        "the effect names no indicator (gg:indicator)",
    ),
    "not-an-indicator": (
        "effekten peker på noe som ikke er en indikator (gg:Indicator)",
        "the effect points at something that is not an indicator (gg:Indicator)",
    ),
    "no-change": (
        "effekten har ingen endring som tall (gg:change)",
        "the effect has no change as a number (gg:change)",
    ),
    "no-date": (
        "effekten har ingen dato (gg:date)",
        "the effect has no date (gg:date)",
    ),
    "several-values": (
        "effekten har flere indikatorer, endringer eller datoer",
        "the effect has several indicators, changes or dates",
    ),
    "no-direction": (
        "indikatoren har ingen retning (gg:direction)",
        "the indicator has no direction (gg:direction)",
    ),
}

_REALISATION: dict[str, tuple[str, str]] = {
    "realised": ("realisert", "realised"),
    "partly": ("delvis", "partly"),
    "not-realised": ("ikke realisert", "not realised"),
    "no-data": ("ingen måling etter start", "no observation since the start"),
}

#: Nouns, one (``_one``) and several (``_many``): (nb, en).
_NOUNS: dict[str, tuple[str, str]] = {
    "indicator_one": ("indikator", "indicator"),
    "indicator_many": ("indikatorer", "indicators"),
    "project_one": ("prosjekt", "project"),
    "project_many": ("prosjekter", "projects"),
    "item_one": ("post", "item"),
    "item_many": ("poster", "items"),
    "effect_one": ("effekt", "effect"),
    "effect_many": ("effekter", "effects"),
    "uncounted_one": (
        "forventet effekt som ikke teller",
        "expected effect that does not count",
    ),
    "uncounted_many": (
        "forventede effekter som ikke teller",
        "expected effects that do not count",
    ),
}

TEXTS = Texts(_TEXTS)
STATUS_TEXTS = Texts(_STATUS)
REASON_TEXTS = Texts(_REASONS)
REALISATION_TEXTS = Texts(_REALISATION)
NOUN_TEXTS = Texts(_NOUNS)

#: How many rows the long lists show in the report section.
REPORT_ROWS = 10


class Words:
    """The texts and number formats of one language, for the templates."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        # Any language but bokmål reads English.
        self._texts_lang = "nb" if lang == "nb" else "en"
        self.t = TEXTS.of(self._texts_lang)

    def status(self, status: str) -> str:
        return STATUS_TEXTS.text(status, self._texts_lang)

    def reason(self, reason: str) -> str:
        return REASON_TEXTS.text(reason, self._texts_lang)

    def realisation(self, status: str) -> str:
        return REALISATION_TEXTS.text(status, self._texts_lang)

    def count(self, number: int, noun: str) -> str:
        singular = NOUN_TEXTS.text(f"{noun}_one", self._texts_lang)
        plural_form = NOUN_TEXTS.text(f"{noun}_many", self._texts_lang)
        return plural(number, singular, plural_form, self.lang)

    def num(self, value: Decimal | int | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, Decimal):
            value = value.normalize() if value == value.to_integral_value() else value
            # Thousands and more need no decimals; smaller values keep up to two.
            if abs(value) >= 1000:
                return format_number(round(value), self.lang)
            # Two decimals, or two significant digits of a small value (0,0004).
            places = 2 if abs(value) >= 1 or value == 0 else max(2, 1 - value.adjusted())
            value = round(value, places).normalize()
            if value == value.to_integral_value():
                return format_number(int(value), self.lang)
        return format_number(value, self.lang)

    def signed(self, value: Decimal | None) -> str:
        text = self.num(value)
        return f"+{text}" if value is not None and value > 0 else text

    def nok(self, value: Decimal | None) -> str:
        return "–" if value is None else format_number(round(value), self.lang)

    def per_hundred_million(self, per_million: Decimal | None) -> str:
        return self.num(None if per_million is None else per_million * 100)

    def pct(self, ratio: Decimal | None) -> str:
        if ratio is None:
            return "–"
        number = format_number(round(ratio * 100), self.lang)
        return f"{number}\u00a0%" if self.lang == "nb" else f"{number}%"

    def day(self, value: date | None) -> str:
        return "–" if value is None else format_short_date(value, self.lang)

    def long_day(self, value: date) -> str:
        return format_date(value, self.lang)

    def reading(self, reading: Reading | None) -> str:
        if reading is None:
            return "–"
        if reading.date is None:
            return self.num(reading.value)
        return f"{self.num(reading.value)} ({self.day(reading.date)})"

    def latest(self, balance: IndicatorBalance) -> str:
        text = self.reading(balance.latest)
        return f"{text}, {self.t['baseline']}" if balance.latest_is_baseline else text

    def target(self, balance: IndicatorBalance) -> str:
        text = self.reading(balance.target)
        passed = balance.target is not None and not balance.target_ahead
        return f"{text}, {self.t['passed']}" if passed else text

    def effects_of(self, balance: IndicatorBalance) -> str:
        return "; ".join(f"{c.label} ({self.signed(c.change)})" for c in balance.projects)

    def summary(self, balance: EffectBalance) -> str:
        counts = [
            f"{number} {self.status(status)}" for status, number in balance.counts.items() if number
        ]
        head = self.count(len(balance.indicators), "indicator")
        return f"{head}: {join_words(counts, self.lang)}." if counts else f"{head}."

    def labels(self, balance: EffectBalance, nodes: Iterable[URIRef]) -> str:
        return "; ".join(balance.label(n) for n in nodes)

    @staticmethod
    def is_iri(node: object) -> bool:
        return isinstance(node, URIRef)

    @staticmethod
    def short(node: URIRef) -> str:
        return short_name(node)


@cache
def _environment(autoescape: bool) -> Environment:
    return report_environment(autoescape)


def _render(template: str, balance: EffectBalance, *, autoescape: bool, **extra: object) -> str:
    words = Words(balance.lang)
    context = {"e": balance, "w": words, "t": words.t, "rows": None, **extra}
    return _environment(autoescape).get_template(template).render(**context)


def markdown(balance: EffectBalance) -> str:
    """The whole balance as a Markdown document."""
    return _render("effects.md.j2", balance, autoescape=False)


def plain_text(balance: EffectBalance) -> str:
    """The whole balance as plain text for a terminal."""
    return _render("effects.txt.j2", balance, autoescape=False)
