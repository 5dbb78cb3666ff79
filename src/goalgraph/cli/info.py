"""`goalgraph info`: how many goals, strategies, projects, … a model holds, per party."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from goalgraph.analysis.info import ModelInfo, model_info
from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    open_model,
    output_console,
)
from goalgraph.language import format_number


def info(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    lang: LangOption = "nb",
    output: OutputOption = None,
) -> None:
    """Count the nodes per class (subclasses included) and per party of a model."""
    check_lang(lang)
    with open_model(paths, data, store, graph, version=plan_version) as source:
        result = model_info(source, lang)
    with output_console(output) as out:
        _print(result, out, lang)


#: The headings and notes of the tables, in bokmål and English.
_WORDS = {
    "nb": {
        "class": "Klasse",
        "count": "Antall",
        "party": "Part",
        "classes": "Klasser",
        "per_party": "Per part",
        "no_party": "Ingen noder hører til en part (gg:plan/gg:party eller gg:responsible).",
    },
    "en": {
        "class": "Class",
        "count": "Count",
        "party": "Party",
        "classes": "Classes",
        "per_party": "Per party",
        "no_party": "No node belongs to a party (gg:plan/gg:party or gg:responsible).",
    },
}


def _print(result: ModelInfo, console: Console, lang: str = "nb") -> None:
    words = _WORDS[lang]
    classes = Table(words["class"], words["count"], title=words["classes"])
    shown: set[tuple[str, int]] = set()
    for item in sorted(result.classes, key=lambda c: c.label.casefold()):
        # A class and its only subclass can share a name («mål» for gg:End and gg:Goal):
        # the same name with the same count says nothing new.
        if (item.label, item.count) in shown:
            continue
        shown.add((item.label, item.count))
        classes.add_row(Text(item.label), format_number(item.count, lang))
    console.print(classes)
    if not result.parties:
        console.print(words["no_party"])
        return
    parties = Table(words["party"], words["class"], words["count"], title=words["per_party"])
    previous = None
    for row in sorted(result.parties, key=lambda p: (p.party_label, p.class_label)):
        name = row.party_label if row.party != previous else ""
        if previous is not None and row.party != previous:
            parties.add_section()
        previous = row.party
        parties.add_row(Text(name), Text(row.class_label), format_number(row.count, lang))
    console.print(parties)
