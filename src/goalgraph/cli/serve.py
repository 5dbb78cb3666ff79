"""`goalgraph serve`: the SPARQL endpoint, JSON API and browser pages over a store."""

from __future__ import annotations

import signal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from goalgraph.cli._common import console
from goalgraph.cli.source import check_source


class Language(StrEnum):
    """Languages of the pages."""

    nb = "nb"
    en = "en"


def serve(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="RDF files or folders to serve from memory (Turtle, N-Triples, JSON-LD, "
            "RDF/XML); one named graph each."
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            help="Serve an existing store instead: a folder, memory: or an http(s) URL.",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(help="A TOML file with settings (tokens, limits); see SECURITY.md."),
    ] = None,
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
    lang: Annotated[Language | None, typer.Option(help="Default language of the pages.")] = None,
) -> None:
    """Serve the model: pages at /, SPARQL 1.1 at /sparql, the JSON API at /api (docs at /docs).

    Stop it with Ctrl+C (exit code 130, as after any Ctrl+C). Exit code 2: the model or the
    settings could not be read, or the port is in use (checked before the model is loaded).
    """
    # The web stack is imported here so that other commands start quickly.
    import uvicorn

    from goalgraph.web import create_app, load_settings
    from goalgraph.web.listen import address, listen

    check_source(list(paths or []), store, None, hint="PATHS")
    given: dict[str, Any] = {"data": list(paths or [])}
    for key, value in (("store", store), ("host", host), ("port", port)):
        if value is not None:
            given[key] = value
    if lang is not None:
        given["default_lang"] = lang.value
    settings = load_settings(config, **given)
    # Bound before the model is loaded: a port in use is one line at once, not a traceback
    # after the loading.
    with listen(settings.host, settings.port) as listener:
        try:
            app = create_app(settings)
            triples = len(app.state.source)
        except KeyboardInterrupt:
            # Ctrl+C while the model loads: nothing is served yet, nothing to report.
            raise typer.Exit(130) from None
        console.print(f"goalgraph serving {triples} triples at {address(listener)}")
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            # Started with Ctrl+C ignored (a script's background job): uvicorn stops on it
            # all the same, and then gives the signal back to that setting, which would end
            # the process with 0. Ctrl+C ends it with 130, as the help says, however started.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        # uvicorn stops on Ctrl+C (SIGINT) or SIGTERM itself; the app's lifespan then stops
        # the query workers, which leave the signal to it.
        server.run(sockets=[listener])
