"""`goalgraph editor`: tokens for the editors of the browser editor and of /api/nodes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from goalgraph.errors import GoalgraphError

editor_app = typer.Typer(
    help="Tokens for the editors who change the model in the browser or through /api/nodes.",
    no_args_is_help=True,
)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@editor_app.command("hash")
def hash_command(
    name: Annotated[
        str | None, typer.Option(help="The editor's name: print a whole [[editor]] table.")
    ] = None,
    graph: Annotated[
        list[str] | None,
        typer.Option(help="A named graph (IRI) the editor may change; give it once per graph."),
    ] = None,
    token_stdin: Annotated[
        bool,
        typer.Option(
            "--token-stdin", help="Hash the token read from the first line of standard input."
        ),
    ] = False,
) -> None:
    """Make a new random token and print it with the hash the settings keep (token_hash).

    Give the token to the editor and put the hash in the server's TOML settings; the token
    itself is kept nowhere. With --token-stdin the token is read instead of made (at least 16
    characters). Exit code 2: the token read is too short.
    """
    from goalgraph.editing.tokens import MIN_EDITOR_TOKEN, hash_token, new_token

    if token_stdin:
        token = sys.stdin.readline().strip()
        if len(token) < MIN_EDITOR_TOKEN:
            raise GoalgraphError(
                f"the token read has {len(token)} characters; an editor's token needs at least "
                f"{MIN_EDITOR_TOKEN}"
            )
    else:
        token = new_token()
        typer.echo(
            f"# the editor's token (give it to the editor; it is not kept): {token}", err=True
        )
    token_hash = hash_token(token)
    if name is None and not graph:
        typer.echo(f"token_hash = {_quoted(token_hash)}")
        return
    typer.echo("[[editor]]")
    typer.echo(f"name = {_quoted(name or 'editor')}")
    typer.echo(f"token_hash = {_quoted(token_hash)}")
    typer.echo("graphs = [" + ", ".join(_quoted(g) for g in graph or []) + "]")
