"""The effect balance as sheets of an exported workbook: computed at export, not read back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib.term import Node

from goalgraph.spreadsheet.writer import Day, Number, OutCell, ReportSheet
from goalgraph.texts import Texts

if TYPE_CHECKING:
    from goalgraph.analysis.effects import EffectBalance, IndicatorBalance
    from goalgraph.analysis.effects_text import Words

#: Sheet names, headers and guidance, (bokmål, English).
_TEXTS = Texts(
    {
        "balance": ("Effektbalanse", "Effect balance"),
        "balance_about": (
            "Regnet ut av goalgraph per {day}, ved eksport: for hver indikator siste måling, "
            "målverdien, gapet mellom dem og hvor mye av gapet prosjektenes forventede effekter "
            "dekker. Endringer her leses ikke inn igjen; endre målinger, målverdier og "
            "forventede effekter i arkene foran.",
            "Computed by goalgraph as of {day}, at export: for each indicator the latest "
            "reading, the target value, the gap between them and how much of the gap the "
            "projects' expected effects cover. Changes here are not read back; change readings, "
            "target values and expected effects in the sheets before it.",
        ),
        "counted": ("Effekter som teller", "Counted effects"),
        "counted_about": (
            "De forventede effektene som teller i effektbalansen per {day}: datert etter siste "
            "måling og senest på måldatoen. «Mot målet» er endringen regnet i god retning "
            "(negativ trekker i feil retning). Leses ikke inn igjen.",
            "The expected effects that count in the effect balance as of {day}: dated after the "
            "latest reading and by the target's date. 'Toward the target' is the change turned "
            "to the good direction (negative moves the wrong way). Not read back.",
        ),
        "indicator": ("Indikator", "Indicator"),
        "name": ("Navn", "Name"),
        "unit": ("Enhet", "Unit"),
        "latest": ("Siste måling", "Latest reading"),
        "latest_date": ("Målt", "Measured"),
        "target": ("Målverdi", "Target value"),
        "target_date": ("Måldato", "Target date"),
        "gap": ("Gap", "Gap"),
        "toward": ("Prosjektenes effekt", "Projects' effect"),
        "covered": ("Dekket (andel)", "Covered (share)"),
        "status": ("Status", "Status"),
        "note": ("Merknad", "Note"),
        "projects": ("Prosjekter som teller", "Projects that count"),
        "goals": ("Mål", "Goals"),
        "project": ("Prosjekt", "Project"),
        "project_name": ("Prosjektnavn", "Project name"),
        "change": ("Endring", "Change"),
        "date": ("Dato", "Date"),
        "toward_target": ("Mot målet", "Toward the target"),
        "baseline": ("siste måling er utgangsverdien", "the latest reading is the baseline"),
        "passed": ("målverdien er passert", "the target date has passed"),
    }
)
_BALANCE_COLUMNS = (
    "indicator",
    "name",
    "unit",
    "latest",
    "latest_date",
    "target",
    "target_date",
    "gap",
    "toward",
    "covered",
    "status",
    "projects",
    "goals",
    "note",
)
_COUNTED_COLUMNS = ("indicator", "project", "project_name", "change", "date", "toward_target")
#: Decimals of the covered share (0.1234 is 12.34 %), shown as a whole percentage.
_SHARE_PLACES = Decimal("0.0001")
_PERCENT = "0%"


def balance_sheets(
    balance: EffectBalance, id_of: Callable[[Node], str | None]
) -> tuple[ReportSheet, ReportSheet]:
    """The balance per indicator and its counted effects, with nodes named by ``id_of`` (the
    workbook's ids) and texts in the balance's language."""
    from goalgraph.analysis.effects_text import STATUS_TEXTS, Words

    lang = "nb" if balance.lang == "nb" else "en"
    words = Words(lang)
    day = balance.at.isoformat()

    def ref(node: Node) -> str:
        return id_of(node) or str(node)

    def refs(nodes: Iterable[Node]) -> str | None:
        return "; ".join(sorted({ref(n) for n in nodes})) or None

    rows: list[tuple[OutCell, ...]] = []
    counted: list[tuple[OutCell, ...]] = []
    for item in balance.indicators:
        latest, target = item.latest, item.target
        rows.append(
            (
                ref(item.indicator),
                item.label,
                item.unit,
                _number(latest.value if latest else None),
                _day(latest.date if latest else None),
                _number(target.value if target else None),
                _day(target.date if target else None),
                _number(item.gap),
                _number(item.toward),
                _number(item.covered, _SHARE_PLACES),
                STATUS_TEXTS.text(item.status, lang),
                refs(p.project for p in item.projects),
                refs(item.goals),
                _note(item, lang, words),
            )
        )
        for effect in item.projects:
            counted.append(
                (
                    ref(item.indicator),
                    ref(effect.project),
                    effect.label,
                    _number(effect.change),
                    Day(effect.date.isoformat()),
                    _number(effect.toward),
                )
            )
    share = ((_BALANCE_COLUMNS.index("covered"), _PERCENT),)
    return (
        _sheet("effect_balance", "balance", _BALANCE_COLUMNS, day, rows, share),
        _sheet("counted_effects", "counted", _COUNTED_COLUMNS, day, counted),
    )


def _sheet(
    key: str,
    text: str,
    columns: Iterable[str],
    day: str,
    rows: list[tuple[OutCell, ...]],
    formats: tuple[tuple[int, str], ...] = (),
) -> ReportSheet:
    about = _TEXTS[f"{text}_about"]
    return ReportSheet(
        key=key,
        names=_TEXTS[text],
        guidance=(about[0].format(day=day), about[1].format(day=day)),
        headers=tuple(_TEXTS[c] for c in columns),
        rows=tuple(rows),
        formats=formats,
    )


def _note(item: IndicatorBalance, lang: str, words: Words) -> str | None:
    notes = []
    if item.latest is not None and item.latest_is_baseline:
        notes.append(_TEXTS.text("baseline", lang))
    if item.target is not None and not item.target_ahead:
        notes.append(_TEXTS.text("passed", lang))
    if item.uncounted:
        notes.append(words.count(item.uncounted, "uncounted"))
    return "; ".join(notes) or None


def _number(value: Decimal | None, places: Decimal | None = None) -> Number | None:
    """A decimal as a number cell, written out in full (no exponent, no trailing zeros)."""
    if value is None or not value.is_finite():
        return None
    if places is not None:
        value = value.quantize(places)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Number("0" if text in ("-0", "") else text)


def _day(value: date | None) -> Day | None:
    return None if value is None else Day(value.isoformat())
