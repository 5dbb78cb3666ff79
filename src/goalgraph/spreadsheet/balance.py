"""The effect balance as sheets of an exported workbook: computed at export, not read back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib.term import Node

from goalgraph.analysis.effects_text import STATUS_TEXTS, TEXTS, Words
from goalgraph.spreadsheet.writer import Day, Number, OutCell, ReportSheet
from goalgraph.texts import Texts

if TYPE_CHECKING:
    from goalgraph.analysis.effects import EffectBalance, IndicatorBalance

#: What the sheets say beyond the effect balance's own texts (goalgraph.analysis.effects_text,
#: whose sheet names and most headers they use), (bokmål, English).
_SHEET_TEXTS = Texts(
    {
        "title_about": (
            "Regnet ut av goalgraph per {day}, ved eksport: for hver indikator siste måling, "
            "målverdien, gapet mellom dem og hvor mye av gapet prosjektenes forventede effekter "
            "dekker. Endringer her leses ikke inn igjen; endre målinger, målverdier og "
            "forventede effekter i arkene foran.",
            "Computed by goalgraph as of {day}, at export: for each indicator the latest "
            "reading, the target value, the gap between them and how much of the gap the "
            "projects' expected effects cover. Changes here are not read back; change readings, "
            "target values and expected effects in the sheets before it.",
        ),
        "counted_about": (
            "De forventede effektene som teller i effektbalansen per {day}: datert etter siste "
            "måling og senest på måldatoen. «Mot målet» er endringen regnet i god retning "
            "(negativ trekker i feil retning). Leses ikke inn igjen.",
            "The expected effects that count in the effect balance as of {day}: dated after the "
            "latest reading and by the target's date. 'Toward the target' is the change turned "
            "to the good direction (negative moves the wrong way). Not read back.",
        ),
        "conflicts_about": (
            "Prosjekter per {day} med forventede effekter som trekker en indikator i feil "
            "retning, med indikatorene de hjelper og målene som rammes. Leses ikke inn igjen.",
            "Projects as of {day} with expected effects that move an indicator the wrong way, "
            "with the indicators they help and the goals affected. Not read back.",
        ),
        "ranking_about": (
            "Regnet ut per {day}, ved eksport: summen over de åpne gapene av prosjektets effekt "
            "som andel av gapet (1 lukker ett gap helt), og det per 100 millioner kroner av "
            "budsjettet; mest per krone først. Leses ikke inn igjen.",
            "Computed as of {day}, at export: the sum over the open gaps of the project's effect "
            "as a share of the gap (1 closes one gap entirely), and that per NOK 100 million of "
            "its budget; most per krone first. Not read back.",
        ),
        "name": ("Navn", "Name"),
        "unit": ("Enhet", "Unit"),
        "latest_date": ("Målt", "Measured"),
        "target_value": ("Målverdi", "Target value"),
        "target_date": ("Måldato", "Target date"),
        "projects_effect": ("Prosjektenes effekt", "Projects' effect"),
        "covered_share": ("Dekket (andel)", "Covered (share)"),
        "note": ("Merknad", "Note"),
        "projects_counting": ("Prosjekter som teller", "Projects that count"),
        "goals": ("Mål", "Goals"),
        "project_name": ("Prosjektnavn", "Project name"),
        "change": ("Endring", "Change"),
        "date": ("Dato", "Date"),
        "toward_target": ("Mot målet", "Toward the target"),
        "kind": ("Art", "Kind"),
        "mixed": ("hjelper og trekker i feil retning", "helps and moves the wrong way"),
        "note_baseline": ("siste måling er utgangsverdien", "the latest reading is the baseline"),
        "note_passed": ("målverdien er passert", "the target date has passed"),
    }
)
_TEXTS = TEXTS | _SHEET_TEXTS
#: The balance's phrases that head a column as they are, capitalised.
_CAPITALISED = frozenset({"helps", "hurts", "goals_hurt"})
#: A conflict's kind (Conflict.kind) in words.
_KINDS = {"mixed": "mixed", "harmful": "only_hurts"}
_BALANCE_COLUMNS = (
    "indicator",
    "name",
    "unit",
    "latest",
    "latest_date",
    "target_value",
    "target_date",
    "gap",
    "projects_effect",
    "covered_share",
    "status",
    "projects_counting",
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
    "per_million",
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
            _TEXTS.text(_KINDS[c.kind], lang),
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
    share = ((_BALANCE_COLUMNS.index("covered_share"), _PERCENT),)
    return (
        _sheet("effect_balance", "title", _BALANCE_COLUMNS, day, rows, share),
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
        headers=tuple(_header(c) for c in columns),
        rows=tuple(rows),
        formats=formats,
    )


def _header(key: str) -> tuple[str, str]:
    pair = _TEXTS[key]
    if key not in _CAPITALISED:
        return pair
    nb, en = pair
    return nb[:1].upper() + nb[1:], en[:1].upper() + en[1:]


def _note(item: IndicatorBalance, lang: str, words: Words) -> str | None:
    notes = []
    if item.latest is not None and item.latest_is_baseline:
        notes.append(_TEXTS.text("note_baseline", lang))
    if item.target is not None and not item.target_ahead:
        notes.append(_TEXTS.text("note_passed", lang))
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
