"""Editors: their settings, hashed tokens, browser sessions and protection against
cross-site request forgery.

An editor is named in the settings with the hash of its token and the graphs it may change.
A browser signs in once with name and token and gets a session cookie (HTTP-only,
SameSite=Strict); every change it then sends carries the session's CSRF token. Scripts send
the token itself (``Authorization: Bearer TOKEN``, or Basic with name and token).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from rdflib import URIRef

from goalgraph.editing.saving import Editor
from goalgraph.editing.tokens import HASH_FORMAT, hash_token, verify_token
from goalgraph.errors import GoalgraphError
from goalgraph.iri import looks_like_iri
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.store.base import PREFIX_GRAPH
from goalgraph.store.changes import is_history_graph

if TYPE_CHECKING:
    from goalgraph.web.settings import Settings

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

SESSION_COOKIE = "goalgraph_session"
SIGNIN_COOKIE = "goalgraph_signin"
CSRF_HEADER = "X-CSRF-Token"
#: A session ends after this many seconds without a request, and after SESSION_LIFETIME.
SESSION_IDLE = 8 * 3600
SESSION_LIFETIME = 24 * 3600
MAX_SESSIONS = 10_000


class NotSignedIn(GoalgraphError):
    """No editor's session or token (answered with 401)."""


class EditingForbidden(GoalgraphError):
    """Editing is off, or a cookie-authenticated change came without its CSRF token or from
    another site (answered with 403)."""


class EditorSettings(BaseModel):
    """One ``[[editor]]`` table of the settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="The editor's name, shown in the history (letters, digits, ._-).")
    token_hash: str = Field(description="The hash of the editor's token (goalgraph editor hash).")
    graphs: list[str] = Field(
        default_factory=list, description="The named graphs (IRIs) the editor may change."
    )

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if not _NAME.match(name):
            raise ValueError(
                f"'{name}' is not an editor name: use letters, digits, '.', '_' and '-', "
                "starting with a letter or digit (at most 64 characters)"
            )
        return name

    @field_validator("token_hash")
    @classmethod
    def _hash(cls, value: str) -> str:
        match = HASH_FORMAT.match(value)
        if match is None:
            raise ValueError(
                "token_hash is not a hash goalgraph made; run 'goalgraph editor hash' and "
                "copy the line it prints (scrypt$N$r$p$salt$hash)"
            )
        n, r, p = (int(match.group(i)) for i in (1, 2, 3))
        if n < 2**14 or n & (n - 1) or r < 8 or p < 1 or n * r > 2**20:
            raise ValueError("token_hash: scrypt needs N a power of two ≥ 16384, r ≥ 8, p ≥ 1")
        return value

    @field_validator("graphs")
    @classmethod
    def _graphs(cls, graphs: list[str]) -> list[str]:
        for graph in graphs:
            if not looks_like_iri(graph) or any(c in graph for c in ' <>"{}|\\^`'):
                raise ValueError(f"'{graph}' is not an absolute IRI of a graph")
            iri = URIRef(graph)
            if iri in (ONTOLOGY_IRI, PREFIX_GRAPH) or is_history_graph(iri):
                raise ValueError(
                    f"<{graph}> is kept by goalgraph itself (the vocabulary, the prefixes or a "
                    "history); an editor changes the model's own graphs"
                )
        return graphs

    def editor(self) -> Editor:
        return Editor(self.name, frozenset(URIRef(g) for g in self.graphs))


@dataclass
class Session:
    """A signed-in browser: the editor, the CSRF token its pages send, and its times."""

    editor: str
    csrf: str
    started: float
    seen: float


@dataclass
class Sessions:
    """The signed-in browsers, by session id (kept in memory: a restart signs everyone out)."""

    by_id: OrderedDict[str, Session] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, editor: str) -> tuple[str, Session]:
        sid = secrets.token_urlsafe(32)
        now = time.monotonic()
        session = Session(editor, secrets.token_urlsafe(32), now, now)
        with self.lock:
            self.by_id[sid] = session
            while len(self.by_id) > MAX_SESSIONS:
                self.by_id.popitem(last=False)
        return sid, session

    def get(self, sid: str | None) -> Session | None:
        if not sid:
            return None
        now = time.monotonic()
        with self.lock:
            session = self.by_id.get(sid)
            if session is None:
                return None
            if now - session.seen > SESSION_IDLE or now - session.started > SESSION_LIFETIME:
                del self.by_id[sid]
                return None
            session.seen = now
            self.by_id.move_to_end(sid)
            return session

    def end(self, sid: str | None) -> None:
        with self.lock:
            self.by_id.pop(sid or "", None)


class Directory:
    """The configured editors and who a token belongs to.

    A token seen once is remembered (by a keyed digest, never in clear) so that scrypt runs
    once per token, not once per request.
    """

    def __init__(self, editors: list[EditorSettings]) -> None:
        self.settings = {e.name: e for e in editors}
        self.editors = {e.name: e.editor() for e in editors}
        self._key = secrets.token_bytes(32)
        self._known: OrderedDict[bytes, str | None] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return bool(self.editors)

    def _digest(self, token: str) -> bytes:
        return hmac.new(self._key, token.encode("utf-8"), hashlib.sha256).digest()

    def _remember(self, digest: bytes, name: str | None) -> None:
        with self._lock:
            self._known[digest] = name
            while len(self._known) > 10_000:
                self._known.popitem(last=False)

    def by_token(self, token: str) -> Editor | None:
        """The editor whose token ``token`` is, or None."""
        digest = self._digest(token)
        with self._lock:
            if digest in self._known:
                name = self._known[digest]
                return self.editors.get(name) if name is not None else None
        found = next(
            (n for n, e in self.settings.items() if verify_token(token, e.token_hash)), None
        )
        self._remember(digest, found)
        return self.editors.get(found) if found is not None else None

    def by_name(self, name: str, token: str) -> Editor | None:
        """The editor ``name`` when ``token`` is its token, else None."""
        settings = self.settings.get(name)
        if settings is None:
            # As slow as a wrong token, so that timing does not tell which names exist.
            verify_token(token, hash_token("", salt=b"0" * 16))
            return None
        return self.editors[name] if verify_token(token, settings.token_hash) else None


def directory(request: Request) -> Directory:
    found: Directory = request.app.state.editors
    return found


def sessions(request: Request) -> Sessions:
    found: Sessions = request.app.state.sessions
    return found


def session_of(request: Request) -> Session | None:
    """The signed-in session of the request's browser, if any."""
    return sessions(request).get(request.cookies.get(SESSION_COOKIE))


def signed_in(request: Request) -> tuple[Editor, Session] | None:
    """The editor signed in in the request's browser, with the session."""
    session = session_of(request)
    if session is None:
        return None
    editor = directory(request).editors.get(session.editor)
    return (editor, session) if editor is not None else None


def _from_header(request: Request) -> Editor | None:
    """The editor the Authorization header names (Bearer token, or Basic name and token);
    NotSignedIn when the header is there but names none."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    value = value.strip()
    found: Editor | None = None
    if scheme.lower() == "bearer" and value:
        found = directory(request).by_token(value)
    elif scheme.lower() == "basic" and value:
        try:
            name, _, token = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise NotSignedIn("the Basic credentials cannot be read") from exc
        found = directory(request).by_name(name, token)
    else:
        raise NotSignedIn("give an editor's token: Authorization: Bearer TOKEN")
    if found is None:
        raise NotSignedIn("the token is not an editor's token")
    return found


def _same_site(request: Request) -> bool:
    """Whether a browser says the request comes from a page of this server."""
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def check_csrf(request: Request, session: Session, given: str | None) -> None:
    """Refuse a cookie-authenticated change without the session's CSRF token, or sent by a
    page of another site."""
    if not _same_site(request):
        raise EditingForbidden("a change must come from this server's own pages")
    if not given or not hmac.compare_digest(given.encode(), session.csrf.encode()):
        raise EditingForbidden(
            "the request lacks the page's CSRF token; reload the page and try again"
        )


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def current_editor(request: Request) -> Editor:
    """The editor making the request: from its Authorization header, else its browser
    session (a change then needs the CSRF header). NotSignedIn (401) without either;
    EditingForbidden (403) when no editors are configured."""
    if not directory(request).enabled:
        raise EditingForbidden("editing is off on this server: no editors are configured")
    if "authorization" in request.headers:
        found = _from_header(request)
        assert found is not None
        return found
    signed = signed_in(request)
    if signed is None:
        raise NotSignedIn("sign in as an editor first (or send an editor's token)")
    editor, session = signed
    if request.method not in SAFE_METHODS:
        check_csrf(request, session, request.headers.get(CSRF_HEADER))
    return editor


def set_cookie(request: Request, response: Response, name: str, value: str, **extra: int) -> None:
    """A cookie scripts cannot read, sent only by pages of this site (Secure over HTTPS)."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
        **extra,  # type: ignore[arg-type]
    )


def editors_of(settings: Settings) -> Directory:
    return Directory(settings.editor)
