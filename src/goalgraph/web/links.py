"""Links on pages that keep the reader's plan version: a planner who reads version 2015
(``?version=2015``) stays in it when following a link or sending a form.

The templates write their links with the language only; the rendered page gets the version
added here, in one place: every internal ``href`` that does not name a version yet gets
``version=``, and every form sent with GET a hidden ``version`` field (a GET form replaces
the query of its ``action``).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote

#: Internal links: a path on this server ("/…", not "//host/…").
_LINK = re.compile(r'\bhref="(/(?!/)[^"]*)"')
#: Where the version means nothing: files and the API's own documentation.
_LEFT_ALONE = ("/static/", "/docs", "/redoc", "/openapi.json", "/signin", "/signout")
_NAMED = re.compile(r"(?:\?|&|&amp;)version=")
_GET_FORM = re.compile(r'<form\b[^>]*\bmethod="get"[^>]*>', re.IGNORECASE)


def keep_version(html: str, version: str | None) -> str:
    """``html`` with ``version`` carried by its internal links and GET forms (unchanged
    when no version was chosen)."""
    if not version:
        return html
    value = quote(version, safe="")

    def link(found: re.Match[str]) -> str:
        url = found[1]
        path, hash_mark, fragment = url.partition("#")
        if path.startswith(_LEFT_ALONE) or _NAMED.search(path):
            return found[0]
        joiner = "&amp;" if "?" in path else "?"
        return f'href="{path}{joiner}version={value}{hash_mark}{fragment}"'

    field = f'<input type="hidden" name="version" value="{escape(version, quote=True)}">'

    def form(found: re.Match[str]) -> str:
        return found[0] + field

    return _GET_FORM.sub(form, _LINK.sub(link, html))


__all__ = ["keep_version"]
