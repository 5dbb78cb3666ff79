"""The named queries: .rq files with a comment header, loaded once and run with parameters.

A header says what a query answers and what it takes::

    # title: Projects that serve a goal
    # title@nb: Prosjekter som tjener et mål
    # answers: Every project that serves $goal, …
    # answers@nb: Hvert prosjekt som tjener $goal, …
    #   (an answer may go on over lines indented by two spaces or more)
    # param: goal required  the goal (IRI)
    # param: lang nb        language of the labels (nb or en)
    # param: node list      the nodes to look at (fills VALUES ?node { }; not given, the
    #                       variable is left free)
    # param: g optional     the graph (left a variable when not given)
    # internal: the goal tree of the start page

A single value goes where the query writes ``$name``; a list fills ``VALUES ?name { }``
(see goalgraph.sparql.text). ``chain:`` paths are expanded as the file is loaded
(goalgraph.chain). A query marked ``internal`` is a building block of goalgraph's own views
and is not listed to analysts. ``title`` and ``answers`` are English; ``title@nb`` and
``answers@nb`` give them in Norwegian bokmål for the query page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph import chain
from goalgraph.errors import QueryError, QuerySyntaxError, UnknownNodeError
from goalgraph.namespace import PREFIXES
from goalgraph.sparql.results import AskResult, QueryResult, SelectResult
from goalgraph.sparql.text import FREE, Term, Value, query_form, slots, with_prefixes

if TYPE_CHECKING:
    from goalgraph.store.base import Store

logger = logging.getLogger(__name__)

_HEADER_KEY = re.compile(r"^#\s*(title|answers|param|internal)(?:@(nb|en))?:\s?(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s*(.*)$")
_CURIE_LIKE = re.compile(r"^[A-Za-z][\w.-]*:[^\s/][^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_REQUIRED, _OPTIONAL, _LIST = "required", "optional", "list"


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a named query."""

    name: str
    description: str
    required: bool = False
    default: str | None = None
    is_list: bool = False

    @property
    def wants_iri(self) -> bool:
        """Whether the parameter takes only a node of the model: its description says
        "(IRI)"."""
        return "(IRI)" in self.description


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query from a ``.rq`` file, with what its header says about it; ``text`` has
    its ``chain:`` paths expanded."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    source: str
    internal: bool = False
    #: The title and description in Norwegian bokmål (empty: none written).
    title_nb: str = ""
    description_nb: str = ""

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the English one."""
        return self.title_nb if lang == "nb" and self.title_nb else self.title

    def description_in(self, lang: str) -> str:
        """What the query answers in ``lang``, else in English."""
        return self.description_nb if lang == "nb" and self.description_nb else self.description

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def form(self) -> str | None:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        return query_form(self.text)

    @cached_property
    def _sent(self) -> tuple[str, int]:
        """The text as it is run: whole-line comments blanked (a remote store is sent the
        query URL-encoded, character by character, every time) and goalgraph's prefixes that
        it does not declare put on its first line; with how far they move that line. Lines
        keep their numbers, so that an error's position is the file's."""
        text = self.text
        # Inside a long string literal a line may start with "#" and mean it.
        if '"""' not in text and "'''" not in text:
            text = _COMMENT_LINE.sub("", text)
        sent = with_prefixes(text, {p: str(ns) for p, ns in PREFIXES.items()})
        return sent, len(sent) - len(text)


def _param(value: str, source: str) -> QueryParam:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(
            f"{source}: bad '# param:' line '{value}'; write NAME required|optional|list|DEFAULT "
            "DESCRIPTION"
        )
    name, kind, description = match.groups()
    if kind == _REQUIRED:
        return QueryParam(name, description, required=True)
    if kind == _OPTIONAL:
        return QueryParam(name, description)
    if kind == _LIST:
        return QueryParam(name, description, is_list=True)
    return QueryParam(name, description, default=kind)


#: A line that is only a comment (its line break kept).
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)

#: What a query of the library can be called (its file name without ".rq").
_QUERY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def parse_query(text: str, name: str, source: str) -> NamedQuery:
    """A query from its text: the header read, the ``chain:`` paths expanded, and every
    declared parameter checked to have its place in the text."""
    titles: dict[str, str] = {}
    answers: dict[str, list[str]] = {"en": [], "nb": []}
    params: list[QueryParam] = []
    internal = False
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key = _HEADER_KEY.match(line)
        if key:
            current, lang, value = key.group(1), key.group(2) or "en", key.group(3).strip()
            if current == "title":
                titles[lang] = value
            elif current == "answers":
                answers[lang].append(value)
                current = f"answers@{lang}"
            elif current == "param":
                params.append(_param(value, source))
            else:
                internal = True
            continue
        more = _CONTINUATION.match(line)
        if more and current is not None and current.startswith("answers@"):
            answers[current.split("@")[1]].append(more.group(1).strip())
    expanded = chain.expand(text, source)
    _check_places(expanded, params, source)
    return NamedQuery(
        name,
        titles.get("en", ""),
        " ".join(answers["en"]),
        tuple(params),
        expanded,
        source,
        internal,
        titles.get("nb", ""),
        " ".join(answers["nb"]),
    )


def _check_places(text: str, params: Sequence[QueryParam], source: str) -> None:
    found = slots(text)
    for param in params:
        if param.is_list and param.name not in found.lists:
            raise QueryError(
                f"{source}: the list parameter '{param.name}' needs an empty "
                f"'VALUES ?{param.name} {{ }}' block in the query to fill"
            )
        if not param.is_list and param.name not in found.params:
            raise QueryError(
                f"{source}: the parameter '{param.name}' is never used; write ${param.name} "
                "where its value goes"
            )
        if not param.is_list and param.name in found.variables:
            raise QueryError(
                f"{source}: the query reads ?{param.name} besides the parameter ${param.name}; "
                "in SPARQL they are one variable, so rename the variable"
            )


@cache
def _named(name: str) -> NamedQuery | None:
    """One query of the library, read when first asked for (a command needs a few of the
    hundred); None when the library has no query of that name."""
    entry = resources.files("goalgraph.sparql") / "queries" / f"{name}.rq"
    if not entry.is_file():
        return None
    return parse_query(entry.read_text(encoding="utf-8"), name, entry.name)


@cache
def _library() -> dict[str, NamedQuery]:
    folder = resources.files("goalgraph.sparql") / "queries"
    names = sorted(e.name[: -len(".rq")] for e in folder.iterdir() if e.name.endswith(".rq"))
    found = {name: _named(name) for name in names}
    # Each name is a file just listed, so each query is there.
    return {name: query for name, query in found.items() if query is not None}


def named_queries(*, internal: bool = False) -> dict[str, NamedQuery]:
    """The named queries shipped with goalgraph, by name (with ``internal`` also the building
    blocks of goalgraph's own views)."""
    return {n: q for n, q in _library().items() if internal or not q.internal}


def get_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name, or a user's ``.rq`` file by path."""
    text_name = str(name_or_path)
    # Only a bare name is looked up in the library, never a path that leads out of it.
    named = _named(text_name) if _QUERY_NAME.fullmatch(text_name) else None
    if named is not None:
        return named
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read the query file: {exc}") from exc
        return parse_query(text, path.stem, str(path))
    listed = ", ".join(named_queries())
    raise QueryError(f"unknown query '{text_name}'; give a .rq file or one of: {listed}")


def query_text(name: str) -> str:
    """The text of a named query, its ``chain:`` paths expanded."""
    return get_query(name).text


def to_term(store: Store | None, value: str | Term, *, check: bool = True) -> Term:
    """A parameter value as an RDF term: IRIs and CURIEs with a known prefix become IRIs
    (which must be in the store, with ``check``); dates, integers and decimals typed
    literals; anything else a string. A term is taken as it is."""
    from goalgraph.iri import expand, looks_like_iri, namespaces, resolve

    if isinstance(value, URIRef | BNode | Literal):
        return value
    text = value.strip()
    is_iri = (text.startswith("<") and text.endswith(">")) or looks_like_iri(text)
    if not is_iri and _CURIE_LIKE.match(text):
        is_iri = text.split(":", 1)[0] in namespaces(store)
    if is_iri:
        if check and store is not None:
            return resolve(store, text, what="IRI")
        return expand(text, store)
    if _DATE.match(text):
        # Written as a date, it is meant as one: a day that does not exist is an error, not
        # a literal every comparison in the query fails on.
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            raise QueryError(
                f"'{text}' is not a date ({exc}); write a date as YYYY-MM-DD, e.g. 2025-12-31"
            ) from exc
        return Literal(text, datatype=XSD.date)
    if _INTEGER.match(text):
        return Literal(text, datatype=XSD.integer)
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    return Literal(text)


def bindings(
    store: Store | None,
    query: NamedQuery,
    params: Mapping[str, str | Term | Sequence[Term] | None] | None,
) -> dict[str, Value]:
    """Check ``params`` against the query's declared parameters (any name it has a place for,
    when it declares none) and turn them into terms."""
    params = {k: v for k, v in (params or {}).items() if v is not None}
    declared = {p.name for p in query.params}
    if not declared:
        places = slots(query.text)
        declared = set(places.params | places.lists)
    unknown = sorted(set(params) - declared)
    if unknown:
        listed = ", ".join(sorted(declared)) or "none"
        raise QueryError(
            f"query '{query.name}' has no parameter {', '.join(unknown)}; its parameters: {listed}"
        )
    bound: dict[str, Value] = {}
    for declared_param in query.params:
        name = declared_param.name
        if name in params:
            continue
        if declared_param.required:
            raise QueryError(
                f"query '{query.name}' needs the parameter '{name}' "
                f"({declared_param.description}); give it as --param {name}=VALUE"
            )
        if declared_param.default is not None:
            bound[name] = to_term(store, declared_param.default)
        elif declared_param.is_list:
            bound[name] = FREE
    declared_params = {p.name: p for p in query.params}
    for key, value in params.items():
        if isinstance(value, str | URIRef | BNode | Literal):
            term = to_term(store, value)
            param = declared_params.get(key)
            # A mistyped node is an error, not a string that matches nothing.
            if param is not None and param.wants_iri and not isinstance(term, URIRef):
                raise UnknownNodeError(
                    f"parameter '{key}' of query '{query.name}': '{value}' is not an IRI or a "
                    "CURIE with a known prefix of a node in the model"
                )
            bound[key] = term
        elif value is not None:
            bound[key] = [to_term(store, v) for v in value]
    return bound


def run_query(
    store: Store,
    name_or_query: str | Path | NamedQuery,
    params: Mapping[str, str | Term | Sequence[Term] | None] | None = None,
    *,
    default_graph: Sequence[Term] | None = None,
) -> QueryResult:
    """Run a named query (or a ``.rq`` file) on ``store`` with its parameters bound.

    String parameters that are IRIs or CURIEs are bound as IRIs (and must be in the store);
    dates and numbers as typed literals. Raises QueryError for an unknown query, a missing or
    unknown parameter or bad SPARQL.
    """
    query = name_or_query if isinstance(name_or_query, NamedQuery) else get_query(name_or_query)
    values = bindings(store, query, params)
    logger.debug("running %s with %s", query.name, values)
    text, shift = query._sent
    try:
        return store.query(text, values, default_graph=default_graph)  # type: ignore[arg-type]
    except QuerySyntaxError as exc:
        raise QueryError(exc.describe(query.source, shift=shift)) from exc


def select(
    store: Store,
    name_or_query: str | Path | NamedQuery,
    params: Mapping[str, str | Term | Sequence[Term] | None] | None = None,
    **options: Sequence[Term] | None,
) -> SelectResult:
    """Run a query that must be a SELECT; anything else is a QueryError."""
    result = run_query(store, name_or_query, params, **options)
    if not isinstance(result, SelectResult):
        raise QueryError(f"{name_or_query}: expected a SELECT query")
    return result


def ask(
    store: Store,
    name_or_query: str | Path | NamedQuery,
    params: Mapping[str, str | Term | Sequence[Term] | None] | None = None,
) -> bool:
    """Run a query that must be an ASK."""
    result = run_query(store, name_or_query, params)
    if not isinstance(result, AskResult):
        raise QueryError(f"{name_or_query}: expected an ASK query")
    return result.value


def construct(
    store: Store,
    name_or_query: str | Path | NamedQuery,
    params: Mapping[str, str | Term | Sequence[Term] | None] | None = None,
    **options: Sequence[Term] | None,
) -> Graph:
    """Run a query that must be a CONSTRUCT or DESCRIBE."""
    result = run_query(store, name_or_query, params, **options)
    if not isinstance(result, Graph):
        raise QueryError(f"{name_or_query}: expected a CONSTRUCT query")
    return result


def today() -> Literal:
    """Today's date as an xsd:date literal (the default reference date of some queries)."""
    return Literal(date.today().isoformat(), datatype=XSD.date)
