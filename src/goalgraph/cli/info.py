"""`goalgraph info`: how many goals, strategies, projects, … a model holds, per party."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from goalgraph.analysis.info import model_info
from goalgraph.cli._common import LangOption, check_lang, console
from goalgraph.cli.store import GraphOption, ModelPaths, SourceStoreOption, model_source


def info(
    paths: ModelPaths = None,
    store: SourceStoreOption = None,
    graph: GraphOption = None,
    lang: LangOption = "nb",
) -> None:
    """Count the nodes per class (subclasses included) and per party of a model."""
    check_lang(lang)
    with model_source(paths, store, graph) as source:
        result = model_info(source, lang)
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


def register(app: typer.Typer) -> None:
    app.command("info")(info)
