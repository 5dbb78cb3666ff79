"""Bearer tokens: reads public unless a read token is set, writes only with the write token."""

from __future__ import annotations

import hmac

from fastapi import Request
from pydantic import SecretStr

from goalgraph.errors import GoalgraphError
from goalgraph.web.settings import Settings


class Unauthorised(GoalgraphError):
    """The request carries no valid token (answered with 401)."""


class NotAllowed(GoalgraphError):
    """The token is valid but does not allow this, or writes are off (answered with 403)."""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _matches(given: str, expected: SecretStr | None) -> bool:
    if expected is None:
        return False
    # Constant time, so that response timing does not reveal how much of a guess was right.
    return hmac.compare_digest(given.encode(), expected.get_secret_value().encode())


def require_read(request: Request) -> None:
    """Let the request read when reads are public or it carries the read or write token, or
    comes from an editor (a signed-in browser or an editor's token)."""
    settings: Settings = request.app.state.settings
    if settings.read_token is None:
        return
    token = _bearer(request)
    if token is not None and (
        _matches(token, settings.read_token) | _matches(token, settings.write_token)
    ):
        return
    if _editor_reads(request, token):
        return
    raise Unauthorised("reading needs a bearer token (Authorization: Bearer …)")


def _editor_reads(request: Request, token: str | None) -> bool:
    # Imported here: the editors' module reads the settings, which this module is read by.
    from goalgraph.web.editors import directory, signed_in

    if token is not None:
        return directory(request).by_token(token) is not None
    return signed_in(request) is not None


def require_write(request: Request) -> None:
    """Let the request write only with the write token; writes are off when none is set."""
    settings: Settings = request.app.state.settings
    if settings.write_token is None:
        raise NotAllowed("writes are disabled on this server (no write token is configured)")
    token = _bearer(request)
    if token is None:
        raise Unauthorised("writing needs the write token (Authorization: Bearer …)")
    if _matches(token, settings.write_token):
        return
    if _matches(token, settings.read_token):
        raise NotAllowed("this token may read but not write")
    raise Unauthorised("the token is not valid for writing")
