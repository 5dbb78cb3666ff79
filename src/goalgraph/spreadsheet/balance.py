"""The effect balance as sheets of an exported workbook: computed at export, not read back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
        "conflicts": ("Motstridende effekter", "Conflicting effects"),
        "conflicts_about": (
            "Prosjekter per {day} med forventede effekter som trekker en indikator i feil "
            "retning, med indikatorene de hjelper og målene som rammes. Leses ikke inn igjen.",
            "Projects as of {day} with expected effects that move an indicator the wrong way, "
            "with the indicators they help and the goals affected. Not read back.",
        ),
        "ranking": ("Bidrag per prosjekt", "Contribution per project"),
        "ranking_about": (
            "Regnet ut per {day}, ved eksport: summen over de åpne gapene av prosjektets effekt "
            "som andel av gapet (1 lukker ett gap helt), og det per 100 millioner kroner av "
            "budsjettet; mest per krone først. Leses ikke inn igjen.",
            "Computed as of {day}, at export: the sum over the open gaps of the project's effect "
            "as a share of the gap (1 closes one gap entirely), and that per NOK 100 million of "
            "its budget; most per krone first. Not read back.",
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
        "kind": ("Art", "Kind"),
        "mixed": ("hjelper og trekker i feil retning", "helps and moves the wrong way"),
        "harmful": ("bare i feil retning", "only the wrong way"),
        "helps": ("Hjelper", "Helps"),
        "hurts": ("Trekker i feil retning", "Moves the wrong way"),
        "goals_hurt": ("Mål som rammes", "Goals affected"),
        "budget": ("Budsjett (NOK)", "Budget (NOK)"),
        "open_gaps": ("Åpne gap", "Open gaps"),
        "contribution": ("Bidrag", "Contribution"),
        "per_hundred_million": ("Per 100 mill. kr", "Per NOK 100 million"),
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
_CONFLICT_COLUMNS = ("project", "project_name", "kind", "helps", "hurts", "goals_hurt")
_RANKING_COLUMNS = (
    "project",
    "project_name",
    "budget",
    "open_gaps",
    "contribution",
    "per_hundred_million",
)
#: Decimals of the covered share (0.1234 is 12.34 %), shown as a whole percentage.
_SHARE_PLACES = Decimal("0.0001")
_PERCENT = "0%"


def balance_sheets(
    balance: EffectBalance, id_of: Callable[[Node], str | None]
) -> tuple[ReportSheet, ...]:
    """The balance per indicator, its counted effects, the conflicting effects and each
    project's contribution, with nodes named by ``id_of`` (the workbook's ids) and texts in
    the balance's language."""
    from goalgraph.analysis.effects_text import STATUS_TEXTS, TEXTS, Words

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
    conflicts: list[tuple[OutCell, ...]] = [
        (
            ref(c.project),
            c.label,
            _TEXTS.text(c.kind, lang),
            refs(c.helps),
            refs(c.hurts),
            refs(c.hurts_goals),
        )
        for c in balance.conflicts
    ]
    ranking: list[tuple[OutCell, ...]] = [
        (
            ref(c.project),
            c.label,
            _number(c.budget),
            Number(str(c.indicators)),
            _number(c.contribution, _SHARE_PLACES),
            _number(None if c.per_million is None else c.per_million * 100, _SHARE_PLACES),
        )
        for c in balance.contributions
    ]
    # An empty list says so in its first cell, as the report's sections do.
    if not conflicts:
        conflicts = [(TEXTS.text("conflicts_none", lang), *[None] * 5)]
    if not ranking:
        ranking = [(TEXTS.text("ranking_none", lang), *[None] * 5)]
    share = ((_BALANCE_COLUMNS.index("covered"), _PERCENT),)
    return (
        _sheet("effect_balance", "balance", _BALANCE_COLUMNS, day, rows, share),
        _sheet("counted_effects", "counted", _COUNTED_COLUMNS, day, counted),
        _sheet("conflicting_effects", "conflicts", _CONFLICT_COLUMNS, day, conflicts),
        _sheet("contributions", "ranking", _RANKING_COLUMNS, day, ranking),
    )


def _sheet(
    key: str,
    text: str,
    columns: Iterable[str],
    day: str,
    rows: Sequence[tuple[OutCell, ...]],
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
