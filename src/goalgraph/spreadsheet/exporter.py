"""Turn a model into filled sheets, and say exactly which triples the sheets cannot hold."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD
from rdflib.term import Node

from goalgraph.iri import looks_like_iri
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.spreadsheet.cells import (
    TEXT_SEPARATOR,
    is_date_lexical,
    is_decimal_lexical,
    is_month_day_lexical,
)
from goalgraph.spreadsheet.choices import class_choices, scheme_choices, sdg_codes, vocabulary_graph
from goalgraph.spreadsheet.columns import SHEETS, Column, Sheet, ValueKind
from goalgraph.spreadsheet.writer import (
    Day,
    Number,
    OutCell,
    ReportSheet,
    SheetContent,
    write_csv_folder,
    write_workbook,
)

if TYPE_CHECKING:
    from goalgraph.analysis.effects import EffectBalance

logger = logging.getLogger(__name__)

Triple = tuple[Node, Node, Node]

_SIMPLE_ID = re.compile(r"^[^\s;<>\"{}|\\^`]+$")
# Excel holds at most this many characters in a cell.
_MAX_CELL = 32767


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: where, the base IRI of the ids, rows per sheet, and every triple
    of the model the sheets could not hold (empty when the export is complete)."""

    path: Path
    base: str
    rows: dict[str, int]
    unexported: tuple[Triple, ...]
    #: Rows per sheet goalgraph computed (the effect balance), which import does not read.
    computed: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.unexported


def default_base(graph: Graph) -> str:
    """The most common namespace of the model's subjects (the IRI up to its last / or #)."""
    counts: Counter[str] = Counter()
    for subject in set(graph.subjects()):
        if isinstance(subject, URIRef):
            text = str(subject)
            cut = max(text.rfind("/"), text.rfind("#"))
            if cut > 0:
                counts[text[: cut + 1]] += 1
    if not counts:
        return "https://example.org/model/"
    best = max(counts.values())
    return min(ns for ns, n in counts.items() if n == best)


def node_id(node: Node, base: str) -> str | None:
    """The id of a node in the sheets: relative to ``base`` where possible, else the full IRI
    (None for a blank node or an IRI no cell can hold)."""
    if isinstance(node, BNode):
        return None
    text = str(node)
    rest = text[len(base) :] if text.startswith(base) else ""
    if rest and _SIMPLE_ID.match(rest) and not looks_like_iri(rest) and rest[0] != "<":
        return rest
    return text if _SIMPLE_ID.match(text) else None


class _Exporter:
    """Lays the nodes of a data graph out in sheets, recording which triples it wrote."""

    def __init__(self, graph: Graph, base: str, lang: str) -> None:
        self.graph = graph
        self.base = base
        self.lang = lang
        self.covered: set[Triple] = set()
        self.sheet_of: dict[Node, str] = {}
        for sheet in SHEETS:
            for cls in sheet.classes:
                for node in graph.subjects(RDF.type, cls):
                    if node in self.sheet_of:
                        continue
                    if isinstance(node, BNode) and not sheet.record:
                        continue
                    if isinstance(node, URIRef) and self.id_text(node) is None:
                        continue
                    self.sheet_of[node] = sheet.key

    def contents(self) -> list[SheetContent]:
        return [self._sheet(sheet) for sheet in SHEETS]

    def unexported(self) -> tuple[Triple, ...]:
        left = [t for t in self.graph if t not in self.covered]
        return tuple(sorted(left, key=lambda t: tuple(str(x) for x in t)))

    def _sheet(self, sheet: Sheet) -> SheetContent:
        nodes = [n for n, key in self.sheet_of.items() if key == sheet.key]
        rows = [tuple(self._cell(sheet, c, node) for c in sheet.columns) for node in nodes]
        if not sheet.has_kind_column:
            for node in nodes:
                self._cover(node, RDF.type, sheet.classes[0])
        rows.sort(key=lambda r: tuple(_sort_text(v) for v in r))
        return SheetContent(sheet, tuple(rows))

    def _cover(self, s: Node, p: Node, o: Node) -> None:
        if (s, p, o) in self.graph:
            self.covered.add((s, p, o))

    def id_text(self, node: Node) -> str | None:
        return node_id(node, self.base)

    def _cell(self, sheet: Sheet, column: Column, node: Node) -> OutCell:
        if column.kind is ValueKind.ID:
            return self.id_text(node)
        predicate = column.predicate
        assert predicate is not None
        pairs: list[tuple[Node, Triple]]
        if column.inverse:
            pairs = [(v, (v, predicate, node)) for v in self.graph.subjects(predicate, node)]
        else:
            pairs = [(v, (node, predicate, v)) for v in self.graph.objects(node, predicate)]
        written: list[tuple[str, OutCell, Triple]] = []
        for value, triple in pairs:
            out = self._value(sheet, column, value)
            if out is not None:
                written.append((_sort_text(out), out, triple))
        written.sort(key=lambda w: w[0])
        if not column.multiple and column.kind is not ValueKind.KIND:
            written = written[:1]
        if not written:
            return None
        for _, _, covered in written:
            self.covered.add(covered)
        if len(written) == 1:
            return written[0][1]
        separator = TEXT_SEPARATOR if column.kind in _TEXT_KINDS else "; "
        return separator.join(_sort_text(w[1]) for w in written)

    def _value(self, sheet: Sheet, column: Column, value: Node) -> OutCell:
        kind = column.kind
        if kind is ValueKind.KIND:
            return next(
                (c.label(self.lang) for c in class_choices(sheet.classes) if c.node == value), None
            )
        if kind is ValueKind.CHOICE:
            assert column.scheme is not None
            return next(
                (c.label(self.lang) for c in scheme_choices(column.scheme) if c.node == value),
                None,
            )
        if kind is ValueKind.REF:
            return self._ref(column, value)
        if kind is ValueKind.SDG:
            if not isinstance(value, URIRef):
                return None
            code = sdg_codes().code_by_iri.get(value)
            return code if code is not None else _full_iri(value)
        if kind is ValueKind.SOURCE and isinstance(value, URIRef):
            return str(value) if _SIMPLE_ID.match(str(value)) else None
        if not isinstance(value, Literal):
            return None
        return _literal(column, value)

    def _ref(self, column: Column, value: Node) -> str | None:
        target = self.sheet_of.get(value)
        if target is not None:
            return self.id_text(value) if target in column.targets else None
        # A node that is no row is written as its full IRI, which import takes as given.
        return _full_iri(value)


def _full_iri(value: Node) -> str | None:
    text = str(value)
    if isinstance(value, URIRef) and _SIMPLE_ID.match(text) and looks_like_iri(text):
        return text
    return None


_TEXT_KINDS = (ValueKind.LANG_TEXT, ValueKind.TEXT, ValueKind.SOURCE)


def _literal(column: Column, value: Literal) -> OutCell:
    text = str(value)
    kind = column.kind
    if kind is ValueKind.DECIMAL:
        ok = value.datatype == XSD.decimal and is_decimal_lexical(text)
        return Number(text) if ok else None
    if kind is ValueKind.DATE:
        return Day(text) if value.datatype == XSD.date and is_date_lexical(text) else None
    if kind is ValueKind.MONTH_DAY:
        ok = value.datatype == XSD.gMonthDay and is_month_day_lexical(text)
        return text if ok else None
    if kind is ValueKind.BOOLEAN:
        return text if value.datatype == XSD.boolean and text in ("true", "false") else None
    wanted_lang = column.lang if kind is ValueKind.LANG_TEXT else None
    if value.language != wanted_lang or value.datatype is not None:
        return None
    if not _fits_cell(text):
        return None
    if column.multiple and TEXT_SEPARATOR in text:
        return None
    if kind is ValueKind.SOURCE and looks_like_iri(text.strip()):
        return None
    return text


def _fits_cell(text: str) -> bool:
    return (
        bool(text.strip())
        and "\r" not in text
        and len(text) <= _MAX_CELL
        and not ILLEGAL_CHARACTERS_RE.search(text)
    )


def _sort_text(value: OutCell) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.lexical


def _without_vocabulary(graph: Graph) -> Graph:
    if (ONTOLOGY_IRI, RDF.type, OWL.Ontology) not in graph:
        return graph
    vocab = vocabulary_graph()
    data = Graph()
    for triple in graph:
        if triple not in vocab:
            data.add(triple)
    return data


def layout(
    graph: Graph, base: str | None = None, lang: str = "nb"
) -> tuple[list[SheetContent], str, tuple[Triple, ...]]:
    """The sheets for a model, the base IRI used and the triples they cannot hold."""
    data = _without_vocabulary(graph)
    base = base or default_base(data)
    exporter = _Exporter(data, base, lang)
    contents = exporter.contents()
    return contents, base, exporter.unexported()


def export_workbook(
    graph: Graph,
    path: str | Path,
    base: str | None = None,
    lang: str = "nb",
    *,
    balance: EffectBalance | None = None,
) -> ExportResult:
    """Write a model as a filled goalgraph workbook (.xlsx) with headers in ``lang``.

    ``graph`` is the model's data (the vocabulary, if loaded with it, is left out). Ids are
    relative to ``base`` (default: the most common namespace of the model), which is stored
    on the instruction sheet. Triples the sheets cannot hold are listed in the result.
    With ``balance`` (goalgraph.effects of the same model) the effect balance follows the
    planner's sheets, as sheets that import leaves alone.
    """
    contents, base, unexported = layout(graph, base, lang)
    reports = _balance_sheets(balance, base)
    write_workbook(Path(path), contents, base, lang, reports)
    return _result(Path(path), base, contents, unexported, reports)


def export_csv_folder(
    graph: Graph,
    path: str | Path,
    base: str | None = None,
    lang: str = "nb",
    *,
    balance: EffectBalance | None = None,
) -> ExportResult:
    """Write a model as a folder of CSV files, one per sheet (see export_workbook)."""
    contents, base, unexported = layout(graph, base, lang)
    reports = _balance_sheets(balance, base)
    write_csv_folder(Path(path), contents, base, lang, reports)
    return _result(Path(path), base, contents, unexported, reports)


def _balance_sheets(balance: EffectBalance | None, base: str) -> tuple[ReportSheet, ...]:
    if balance is None or not balance.indicators:
        return ()
    from goalgraph.spreadsheet.balance import balance_sheets

    return balance_sheets(balance, lambda node: node_id(node, base))


def _result(
    path: Path,
    base: str,
    contents: list[SheetContent],
    unexported: tuple[Triple, ...],
    reports: Sequence[ReportSheet],
) -> ExportResult:
    if unexported:
        logger.warning("%d triples cannot be held by the sheets", len(unexported))
    rows = {c.sheet.key: len(c.rows) for c in contents}
    computed = {r.key: len(r.rows) for r in reports}
    return ExportResult(path, base, rows, unexported, computed)
