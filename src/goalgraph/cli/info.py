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
        _print(result, out)


def _print(result: ModelInfo, console: Console) -> None:
    classes = Table("class", "count", title="Classes")
    for item in sorted(result.classes, key=lambda c: c.label.casefold()):
        classes.add_row(Text(item.label), str(item.count))
    console.print(classes)
    if not result.parties:
        console.print("No node belongs to a party (gg:plan/gg:party or gg:responsible).")
        return
    parties = Table("party", "class", "count", title="Per party")
    previous = None
    for row in sorted(result.parties, key=lambda p: (p.party_label, p.class_label)):
        name = row.party_label if row.party != previous else ""
        if previous is not None and row.party != previous:
            parties.add_section()
        previous = row.party
        parties.add_row(Text(name), Text(row.class_label), str(row.count))
    console.print(parties)
