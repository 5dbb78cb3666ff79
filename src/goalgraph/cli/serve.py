"""`goalgraph serve`: the SPARQL endpoint, JSON API and browser pages over a loaded model."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.cli._common import PathsArgument, console
from goalgraph.load import load


class Language(StrEnum):
    """Languages of the pages."""

    nb = "nb"
    en = "en"


def serve(
    paths: PathsArgument,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    lang: Annotated[Language, typer.Option(help="Default language of the pages.")] = Language.nb,
) -> None:
    """Serve the model: pages at /, SPARQL 1.1 at /sparql, the JSON API at /api (docs at /docs)."""
    # The web stack is imported here so that other commands start quickly.
    import uvicorn

    from goalgraph.web import GraphSource, Settings, create_app

    settings = Settings(data=list(paths), host=host, port=port, default_lang=lang.value)
    source = GraphSource(load(*paths))
    app = create_app(settings, source)
    console.print(f"goalgraph serving {len(source)} triples at http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
