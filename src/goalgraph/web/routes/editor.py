"""The editor's JSON API: nodes created, changed and deleted through the write gate, their
history and undo, live checks of drafts, and the lists link fields offer."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from goalgraph.editing.nodes import NodeInput
from goalgraph.editing.saving import Editor, Saved
from goalgraph.editing.schema import forms
from goalgraph.errors import UnknownNodeError
from goalgraph.iri import expand
from goalgraph.sparql.library import select
from goalgraph.views.lookup import texts
from goalgraph.web.auth import require_read
from goalgraph.web.deps import Source
from goalgraph.web.editing import (
    check_node,
    create_node,
    delete_node,
    history_of,
    read_node,
    restore_node,
    update_node,
)
from goalgraph.web.editors import current_editor

router = APIRouter(prefix="/api", tags=["Editor"])

Lang = Annotated[Literal["nb", "en"], Query(description="Language of messages and labels.")]
NodeIri = Annotated[str, Query(description="The node (IRI or CURIE).")]
IfMatch = Annotated[
    str | None,
    Header(
        description="The node's version as read (its ETag): a change made since is a 409 "
        "instead of being overwritten. Without it the change is made whatever the version."
    ),
]
CurrentEditor = Annotated[Editor, Depends(current_editor)]

_AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "The body names an unknown class or property, or a value of the wrong kind."
    },
    401: {"description": "No editor's session or token."},
    403: {
        "description": "The node's graph is not one of the editor's, editing is off, or "
        "a browser's change lacks its CSRF token."
    },
    409: {
        "description": "The node changed since it was read (If-Match), or other graphs "
        "link to a node to be deleted."
    },
    422: {
        "description": "The change would add SHACL Violations: the body holds the report "
        "(`report.results`), and nothing was changed."
    },
    503: {"description": "Too many writes are waiting (Retry-After)."},
}


class LiteralValue(BaseModel):
    """A literal as JSON-LD writes it: a value with a language or a datatype."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    value: str | int | float | bool = Field(alias="@value")
    language: str | None = Field(default=None, alias="@language")
    datatype: str | None = Field(default=None, alias="@type")

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"@value": self.value}
        if self.language is not None:
            found["@language"] = self.language
        if self.datatype is not None:
            found["@type"] = self.datatype
        return found


class NodeBody(BaseModel):
    """A node as the editor takes it. In a change (PATCH) every part is optional: the
    properties named replace their values (for text properties, the languages named), the
    others are kept."""

    model_config = ConfigDict(extra="forbid")

    graph: str | None = Field(default=None, description="The named graph (IRI) of a new node.")
    type: str | None = Field(
        default=None, description="The class (CURIE or IRI), e.g. gg:MainGoal."
    )
    labels: dict[str, str | None] | None = Field(
        default=None, description='Labels by language, e.g. {"nb": "…", "en": "…"}.'
    )
    links: dict[str, list[str]] | None = Field(
        default=None,
        description="Links by property (CURIE or IRI) to nodes (IRIs), e.g. "
        '{"gg:realises": ["https://…/goal"]}.',
    )
    values: dict[str, list[str | int | float | bool | LiteralValue]] | None = Field(
        default=None,
        description='Literal values by property, e.g. {"gg:budget": [12500000]}; text with a '
        'language as {"@value": "prosent", "@language": "nb"}.',
    )

    def as_input(self) -> NodeInput:
        values = None
        if self.values is not None:
            values = {
                key: [v.as_json() if isinstance(v, LiteralValue) else v for v in items]
                for key, items in self.values.items()
            }
        return NodeInput(self.graph, self.type, self.labels, self.links, values)


class NodeSaved(BaseModel):
    """A node after a save."""

    iri: str
    graph: str
    version: str = Field(description="The node's version now (its ETag).")
    change: str | None = Field(description="The change record, or null when nothing changed.")


class NodeDeleted(BaseModel):
    iri: str
    graph: str
    removed: int = Field(description="Triples removed (the node's and the links to it).")
    change: str | None


class HistoryEntry(BaseModel):
    """One saved change of a node, newest first in the list."""

    change: str = Field(description="The change record's IRI (undo: /api/history/restore).")
    at: str = Field(description="When it was saved (ISO 8601).")
    by: str = Field(description="The editor who saved it.")
    added: list[str] = Field(description="Triples added, as N-Triples lines.")
    removed: list[str] = Field(description="Triples removed, as N-Triples lines.")


class CheckResult(BaseModel):
    focus: str
    focus_label: str
    severity: str
    rule: str
    path: str | None
    value: str | None
    message: str
    new: bool = Field(description="A Violation the save would add (it would be refused).")


class DraftChecked(BaseModel):
    node: str = Field(description="The node (for a new node, the IRI it would get).")
    refused: bool = Field(description="Whether a save of the draft would be refused.")
    results: list[CheckResult]
    elsewhere: list[CheckResult] = Field(
        description="Violations the save would add to other nodes of the graph."
    )
    seconds: float


class Option(BaseModel):
    iri: str
    label: str
    lang: str | None = Field(description="The label's language (SDG targets: en only).")
    notation: str | None
    own: bool = Field(description="The node is in one of the graphs asked for.")


def _node(source: Source, text: str) -> URIRef:
    return expand(text, source.store)


def _saved(saved: Saved, status: int = 200) -> JSONResponse:
    body = NodeSaved(
        iri=str(saved.node),
        graph=str(saved.graph),
        version=saved.version,
        change=str(saved.record) if saved.record is not None else None,
    )
    headers = {"ETag": f'"{saved.version}"'}
    if status == 201:
        headers["Location"] = f"/api/nodes?iri={saved.node}"
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _etag(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


@router.post(
    "/nodes",
    summary="Create a node",
    status_code=201,
    response_model=NodeSaved,
    responses=_AUTH_RESPONSES,
)
async def api_create(
    request: Request, source: Source, editor: CurrentEditor, body: NodeBody, lang: Lang = "nb"
) -> JSONResponse:
    """A new node of `type` in `graph`, its IRI minted in the graph's namespace from its
    label; 201 with the IRI (and `Location`)."""
    settings = request.app.state.settings
    saved = await run_in_threadpool(create_node, source, settings, editor, body.as_input(), lang)
    return _saved(saved, 201)


@router.get(
    "/nodes",
    summary="Read a node as the editor takes it",
    dependencies=[Depends(require_read)],
    responses={404: {"description": "No data graph types the node."}},
)
def api_node(source: Source, iri: NodeIri, lang: Lang = "nb") -> JSONResponse:
    """The node's labels, links and values in the shape `POST`/`PATCH` take, its version
    (also as `ETag`) and what links to it."""
    view = read_node(source.store, _node(source, iri), lang)
    if view is None:
        raise UnknownNodeError(f"<{iri}> is not a node of any graph")
    document = view.to_json()
    return JSONResponse(document, headers={"ETag": f'"{document["version"]}"'})


@router.patch(
    "/nodes", summary="Change a node", response_model=NodeSaved, responses=_AUTH_RESPONSES
)
async def api_update(
    request: Request,
    source: Source,
    editor: CurrentEditor,
    iri: NodeIri,
    body: NodeBody,
    if_match: IfMatch = None,
    lang: Lang = "nb",
) -> JSONResponse:
    """Replace the values of the properties the body names; re-linking a node moves it in
    the hierarchy."""
    settings = request.app.state.settings
    node = _node(source, iri)
    saved = await run_in_threadpool(
        update_node, source, settings, editor, node, body.as_input(), _etag(if_match), lang
    )
    return _saved(saved)


@router.delete(
    "/nodes", summary="Delete a node", response_model=NodeDeleted, responses=_AUTH_RESPONSES
)
async def api_delete(
    request: Request,
    source: Source,
    editor: CurrentEditor,
    iri: NodeIri,
    if_match: IfMatch = None,
    lang: Lang = "nb",
) -> NodeDeleted:
    """Remove the node's statements and the links to it in its graph (see what hangs on it
    first with `GET /api/nodes`); refused (409) while other graphs link to it."""
    settings = request.app.state.settings
    node = _node(source, iri)
    saved = await run_in_threadpool(
        delete_node, source, settings, editor, node, _etag(if_match), lang
    )
    return NodeDeleted(
        iri=str(saved.node),
        graph=str(saved.graph),
        removed=saved.removed,
        change=str(saved.record) if saved.record is not None else None,
    )


@router.post(
    "/nodes/check",
    summary="Check a draft of a node without saving it",
    response_model=DraftChecked,
    responses=_AUTH_RESPONSES,
)
async def api_check(
    request: Request,
    source: Source,
    editor: CurrentEditor,
    body: NodeBody,
    iri: Annotated[
        str | None, Query(description="The node being changed; none for a new node.")
    ] = None,
    lang: Lang = "nb",
) -> DraftChecked:
    """The SHACL results and wording warnings about the node that a save of the body would
    meet, and whether the save would be refused; nothing is written."""
    settings = request.app.state.settings
    node = _node(source, iri) if iri else None
    found = await run_in_threadpool(
        check_node, source, settings, editor, node, body.as_input(), lang
    )
    return DraftChecked.model_validate(found.to_json())


@router.get(
    "/history",
    summary="The history of a node",
    response_model=list[HistoryEntry],
    responses={
        401: _AUTH_RESPONSES[401],
        403: {"description": "The node's graph is not one of the editor's."},
        404: {"description": "The node is in no graph and has no history."},
    },
)
async def api_history(source: Source, editor: CurrentEditor, iri: NodeIri) -> list[HistoryEntry]:
    """Every saved change of the node, newest first: when, by whom, the triples added and
    removed. Only editors of the node's graph read it."""
    node = _node(source, iri)
    records = await run_in_threadpool(history_of, source, editor, node)
    return [HistoryEntry.model_validate(r.to_json()) for r in records]


@router.post(
    "/history/restore",
    summary="Undo changes of a node",
    response_model=NodeSaved,
    responses={**_AUTH_RESPONSES, 404: {"description": "No such node or change."}},
)
async def api_restore(
    request: Request,
    source: Source,
    editor: CurrentEditor,
    iri: NodeIri,
    change: Annotated[str, Query(description="The change to undo, with every later one.")],
    lang: Lang = "nb",
) -> JSONResponse:
    """Put the node back as it was before `change`: that change and every later one of the
    node are undone, as a new change (itself in the history)."""
    settings = request.app.state.settings
    node = _node(source, iri)
    saved = await run_in_threadpool(
        restore_node, source, settings, editor, node, URIRef(_node(source, change)), lang
    )
    return _saved(saved)


@router.get(
    "/editor/forms",
    summary="The editor's forms: every class and its fields",
    dependencies=[Depends(require_read)],
)
def api_forms(lang: Lang = "nb") -> list[dict[str, Any]]:
    """Derived from the ontology and the shapes: the fields of each class, which are
    required, and which link where."""
    return [c.to_json(lang) for c in forms().classes]


@router.get(
    "/editor/options",
    summary="Nodes a link field may point at",
    response_model=list[Option],
    dependencies=[Depends(require_read)],
)
def api_options(
    source: Source,
    cls: Annotated[list[str], Query(alias="class", description="The classes (CURIEs or IRIs).")],
    q: Annotated[
        str, Query(max_length=200, description="Text in the label, or the start of a code.")
    ] = "",
    graph: Annotated[list[str] | None, Query(description="Graphs whose nodes come first.")] = None,
    lang: Lang = "nb",
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> list[Option]:
    """Nodes of the class with `q` in their label (or a notation starting with it, an SDG
    code such as 3.4), labels in `lang` (SDG targets are in English only)."""
    store = source.store
    targets = [expand(c, store) for c in cls]
    graphs = [expand(g, store) for g in graph or []]
    rows = select(
        store,
        "editor-options",
        {
            "class": targets,
            "search": RdfLiteral(q.strip()),
            "graph": graphs or None,
            "limit": RdfLiteral(limit),
        },
    )
    nodes = [row[0] for row in rows if isinstance(row[0], URIRef)]
    found = texts(store, nodes, lang)
    own = {row[0]: bool(row[1] is not None and int(row[1])) for row in rows}
    return [
        Option(
            iri=str(n),
            label=found.label(n),
            lang=found.label_langs.get(n),
            notation=found.notation(n) or None,
            own=own.get(n, False),
        )
        for n in nodes
    ]
