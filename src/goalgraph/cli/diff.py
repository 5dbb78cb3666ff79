"""`goalgraph diff`: what changed between two versions of a model."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from goalgraph.analysis.diff import DiffSide, resolve_side
from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import DataOption, OutputOption, StoreOption, emit
from goalgraph.files import rdf_files
from goalgraph.store import GraphSetScope, declares_version, file_graph, open_files, open_store
from goalgraph.versions import version_view


class DiffFormat(StrEnum):
    """Output formats of `goalgraph diff`."""

    text = "text"
    md = "md"
    json = "json"


@contextmanager
def _sides(
    old: str, new: str, data: list[Path] | None, store: str | None, lang: str
) -> Iterator[tuple[DiffSide, DiffSide]]:
    if data and store:
        raise typer.BadParameter(
            "give the versions either in files (--data PATH) or in a store (--store)",
            param_hint="--store",
        )
    with ExitStack() as stack:
        if store is not None:
            opened = stack.enter_context(open_store(store, read_only=True))
            yield resolve_side(opened, old, lang=lang), resolve_side(opened, new, lang=lang)
            return
        if data:
            files = stack.enter_context(open_files(*data))
            yield resolve_side(files, old, lang=lang), resolve_side(files, new, lang=lang)
            return
        paths = [Path(given) for given in (old, new)]
        for path in paths:
            if not path.exists():
                raise typer.BadParameter(
                    f"{path}: no such file or folder (to compare graphs or plan versions of a "
                    "store, give --store; of files, --data)",
                    param_hint="OLD/NEW",
                )
        if not any(declares_version(f) for f in rdf_files(paths)):
            # Both in one store, each in its graph: the vocabulary is read once, and the diff
            # reads only the nodes whose triples differ.
            both = stack.enter_context(open_files(*paths))
            before, after = (
                DiffSide(GraphSetScope(both, [file_graph(p)], name=str(p)), str(p)) for p in paths
            )
            yield before, after
            return
        sides = []
        for path in paths:
            # A file of plan versions is read as its latest adopted version, on its own.
            opened_files = stack.enter_context(open_files(path))
            sides.append(DiffSide(version_view(opened_files), str(path)))
        yield sides[0], sides[1]


def diff_command(
    old: Annotated[
        str,
        typer.Argument(
            help="The earlier version: a file or folder, or with --store/--data a named graph "
            "(IRI or CURIE) or a plan version (its name, e.g. 2015, or IRI).",
            show_default=False,
        ),
    ],
    new: Annotated[
        str,
        typer.Argument(help="The later version, given the same way.", show_default=False),
    ],
    store: StoreOption = None,
    data: DataOption = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = DiffFormat.text,
    lang: LangOption = "nb",
    output: OutputOption = None,
) -> None:
    """What changed from OLD to NEW: nodes added, removed and changed, each changed property
    with its old and new values, and the same in words ("project P moved from Concept to
    Planning", "budget of P raised by NOK 4 million").

    Records written as blank nodes (expected effects, status reports) are compared as part
    of the node that owns them; literals compare by value ("15.0" equals "15").
    """
    # Imported here so that other commands start quickly.
    from goalgraph.analysis.diff import diff_stores

    check_lang(lang)
    with _sides(old, new, data, store, lang) as (before, after):
        result = diff_stores(
            before.store, after.store, lang=lang, old_name=before.name, new_name=after.name
        )
    if fmt is DiffFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt is DiffFormat.md:
        text = result.to_markdown()
    else:
        text = result.to_text()
    emit(text, output)
