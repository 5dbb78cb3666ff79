"""Turn a filled workbook or CSV folder into RDF in the core vocabulary, or list every problem."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from goalgraph.errors import UnknownNodeError
from goalgraph.files import RDF_FORMATS, new_graph
from goalgraph.iri import looks_like_iri
from goalgraph.spreadsheet.cells import (
    cell_text,
    number_lexical,
    parse_date_text,
    parse_decimal_text,
    parse_month_day_text,
    split_list,
    split_texts,
)
from goalgraph.spreadsheet.choices import Choice, class_choices, scheme_choices, sdg_codes
from goalgraph.spreadsheet.columns import (
    BASE_LABEL,
    INSTRUCTIONS,
    SHEETS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    ValueKind,
    normalise,
)
from goalgraph.spreadsheet.problems import SheetProblem, SheetProblemsError
from goalgraph.spreadsheet.tables import (
    RawBook,
    RawCell,
    RawRow,
    RawTable,
    read_csv_folder,
    read_xlsx,
)
from goalgraph.spreadsheet.writer import atomic_write

logger = logging.getLogger(__name__)

# Characters that cannot stand in an IRI, plus the list separator and whitespace.
_BAD_ID = re.compile(r"[\s;<>\"{}|\\^`]")


@dataclass
class _Row:
    sheet: Sheet
    table: RawTable
    raw: RawRow
    node: URIRef | BNode
    cells: dict[str, tuple[int, RawCell]]
    present: frozenset[str]


@dataclass
class _Import:
    """The state of one import: the rows found so far and the problems met."""

    book: RawBook
    base: str
    problems: list[SheetProblem] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    index: dict[Node, _Row] = field(default_factory=dict)

    def problem(
        self,
        table: str,
        row: int | None,
        column: str | None,
        value: str | None,
        nb: str,
        en: str,
    ) -> None:
        self.problems.append(SheetProblem(table, row, column, value, nb, en))


def import_workbook(path: str | Path, base: str | None = None, lang: str = "nb") -> Graph:
    """Read a filled goalgraph workbook (.xlsx) into a graph of the model's data.

    ``base`` defaults to the base IRI written on the instruction sheet. Raises
    SheetProblemsError listing every problem (messages in ``lang``), LoadError if the file
    cannot be read at all.
    """
    return import_book(read_xlsx(Path(path)), base, lang)


def import_csv_folder(path: str | Path, base: str | None = None, lang: str = "nb") -> Graph:
    """Read a folder with one CSV file per sheet (named like the sheets) into a graph.

    Sheets may be left out; ``base`` defaults to an instruction file, if there is one.
    """
    return import_book(read_csv_folder(Path(path)), base, lang)


def import_book(book: RawBook, base: str | None, lang: str = "nb") -> Graph:
    """Turn the tables of a workbook or CSV folder into a graph (see import_workbook)."""
    state = _Import(book, "")
    for cell in book.uncomputed:
        state.problem(
            cell.table,
            cell.row,
            cell.column,
            cell.formula,
            "cellen har en formel, men arbeidsboken har ikke lagret verdien den gir; åpne "
            "arbeidsboken i et regneark og lagre den, eller skriv inn verdien",
            "the cell holds a formula, but the workbook does not hold the value it gives; open "
            "the workbook in a spreadsheet program and save it, or type the value",
        )
    tables = _match_tables(state)
    state.base = _base(state, tables, base)
    columns = {key: _match_columns(state, SHEETS_BY_KEY[key], t) for key, t in tables.items()}
    for sheet in SHEETS:
        if sheet.key in tables:
            _collect_rows(state, sheet, tables[sheet.key], columns[sheet.key])
    graph = new_graph()
    _bind_base(graph, state.base)
    for row in state.rows:
        _convert_row(state, row, graph)
    if state.problems:
        raise SheetProblemsError(book.source, state.problems, lang)
    logger.info("imported %d rows, %d triples from %s", len(state.rows), len(graph), book.source)
    return graph


def save_graph(graph: Graph, path: str | Path) -> Path:
    """Write an imported graph as Turtle (or the syntax its suffix names); the file appears
    only once it is complete, so an existing file is never left half-written."""
    out = Path(path)
    text = graph.serialize(format=RDF_FORMATS.get(out.suffix.lower(), "turtle"))
    atomic_write(out, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
    return out


def _bind_base(graph: Graph, base: str) -> None:
    # A prefix named after the base's last segment (…/asker/ → asker:) keeps the Turtle readable.
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", base.rstrip("/#").rsplit("/", 1)[-1])
    if not prefix or not prefix[0].isalpha() or prefix in dict(graph.namespaces()):
        prefix = "base"
    graph.bind(prefix, base)


def _sheet_names(sheet: Sheet) -> set[str]:
    names = (sheet.nb, sheet.en, sheet.key, *sheet.former)
    return {normalise(name) for name in names}


def _match_tables(state: _Import) -> dict[str, RawTable]:
    by_name = {name: sheet for sheet in SHEETS for name in _sheet_names(sheet)}
    tables: dict[str, RawTable] = {}
    for table in state.book.tables:
        sheet = by_name.get(normalise(table.name))
        if sheet is None:
            continue
        if sheet.key in tables:
            state.problem(
                table.name,
                None,
                None,
                None,
                f"arket «{sheet.nb}» finnes to ganger (også som «{tables[sheet.key].name}»); "
                "slå dem sammen",
                f"the sheet «{sheet.en}» appears twice (also as «{tables[sheet.key].name}»); "
                "merge them",
            )
            continue
        tables[sheet.key] = table
    if state.book.complete:
        for sheet in SHEETS:
            if sheet.key not in tables:
                state.problem(
                    sheet.nb if _prefers_nb(state) else sheet.en,
                    None,
                    None,
                    None,
                    "arket mangler; bruk malen fra «goalgraph template»",
                    "the sheet is missing; start from the template of «goalgraph template»",
                )
    elif not tables:
        names = ", ".join(f"{s.nb}.csv / {s.en}.csv" for s in SHEETS[:3])
        state.problem(
            state.book.source,
            None,
            None,
            None,
            f"ingen CSV-fil har navnet til et ark (for eksempel {names})",
            f"no CSV file is named after a sheet (for example {names})",
        )
    return tables


def _prefers_nb(state: _Import) -> bool:
    names = {normalise(t.name) for t in state.book.tables}
    return sum(normalise(s.nb) in names for s in SHEETS) >= sum(
        normalise(s.en) in names for s in SHEETS
    )


def _base(state: _Import, tables: dict[str, RawTable], given: str | None) -> str:
    found: tuple[str, int] | None = None
    instructions = {normalise(n) for n in INSTRUCTIONS.values()}
    labels = {normalise(n) for n in BASE_LABEL.values()}
    for table in state.book.tables:
        if normalise(table.name) not in instructions:
            continue
        for row in (RawRow(1, tuple(RawCell(v) for v in table.header)), *table.rows):
            key = cell_text(row.cell(0).value)
            value = cell_text(row.cell(1).value)
            if key is not None and normalise(key) in labels and value is not None:
                found = (value.strip(), row.number)
                if given is None and not looks_like_iri(found[0]):
                    state.problem(
                        table.name,
                        row.number,
                        table.column_name(1),
                        found[0],
                        "base-IRI-en er ikke en IRI; skriv for eksempel https://example.org/kommune/",
                        "the base IRI is not an IRI; write for example https://example.org/town/",
                    )
    base = given if given is not None else (found[0] if found else None)
    if base is None:
        raise UnknownNodeError(
            f"{state.book.source}: no base IRI; give --base (e.g. https://example.org/town/) "
            "or fill in the base IRI on the instruction sheet"
        )
    if given is not None and not looks_like_iri(given):
        raise UnknownNodeError(
            f"'{given}' is not an IRI; give a base like https://example.org/town/"
        )
    return base


def _match_columns(state: _Import, sheet: Sheet, table: RawTable) -> dict[str, int]:
    names = {
        name: column
        for column in sheet.columns
        for name in map(normalise, (column.nb, column.en, column.key, *column.former))
    }
    found: dict[str, int] = {}
    for index, header in enumerate(table.header):
        text = cell_text(header)
        if text is None:
            continue
        column = names.get(normalise(text))
        if column is None:
            expected = ", ".join(f"«{c.nb}»" for c in sheet.columns)
            expected_en = ", ".join(f"«{c.en}»" for c in sheet.columns)
            state.problem(
                table.name,
                1,
                table.column_name(index),
                text,
                f"ukjent kolonne; kolonnene i dette arket er {expected}",
                f"unknown column; the columns of this sheet are {expected_en}",
            )
        elif column.key in found:
            state.problem(
                table.name,
                1,
                table.column_name(index),
                text,
                "kolonnen finnes to ganger",
                "the column appears twice",
            )
        else:
            found[column.key] = index
    for column in sheet.columns:
        needed = column.required or column.kind in (ValueKind.ID, ValueKind.KIND)
        if needed and column.key not in found:
            state.problem(
                table.name,
                1,
                column.header(_lang_of(table, sheet)),
                None,
                "kolonnen mangler",
                "the column is missing",
            )
    return found


def _lang_of(table: RawTable, sheet: Sheet) -> str:
    return "en" if normalise(table.name) == normalise(sheet.en) else "nb"


def _collect_rows(state: _Import, sheet: Sheet, table: RawTable, columns: dict[str, int]) -> None:
    for raw in table.rows:
        cells = {
            key: (index, raw.cell(index))
            for key, index in columns.items()
            if cell_text(raw.cell(index).value) is not None
        }
        if not cells:
            continue
        node = _row_node(state, sheet, table, raw, cells)
        if node is None:
            continue
        row = _Row(sheet, table, raw, node, cells, frozenset(columns))
        if isinstance(node, URIRef):
            earlier = state.index.get(node)
            if earlier is not None:
                index, cell = cells["id"]
                state.problem(
                    table.name,
                    raw.number,
                    table.column_name(index),
                    cell_text(cell.value),
                    f"id-en er allerede brukt (ark «{earlier.table.name}», "
                    f"rad {earlier.raw.number})",
                    f"the id is already used (sheet «{earlier.table.name}», "
                    f"row {earlier.raw.number})",
                )
                continue
            state.index[node] = row
        state.rows.append(row)


def _row_node(
    state: _Import,
    sheet: Sheet,
    table: RawTable,
    raw: RawRow,
    cells: dict[str, tuple[int, RawCell]],
) -> URIRef | BNode | None:
    if "id" not in cells:
        if sheet.record:
            return BNode()
        state.problem(
            table.name,
            raw.number,
            sheet.column("id").header(_lang_of(table, sheet)),
            None,
            "cellen må fylles ut: hver rad trenger en id",
            "the cell must be filled in: every row needs an id",
        )
        return None
    index, cell = cells["id"]
    text = cell_text(cell.value) or ""
    node = _node(state.base, text)
    if node is None:
        state.problem(
            table.name,
            raw.number,
            table.column_name(index),
            text,
            "ugyldig id: bruk bokstaver, tall, - og _ uten mellomrom eller ;, eller en full IRI",
            "invalid id: use letters, digits, - and _ without spaces or ;, or a full IRI",
        )
    return node


def _node(base: str, text: str) -> URIRef | None:
    """The IRI an id or full IRI stands for, None if it is neither."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if looks_like_iri(text):
        return URIRef(text)
    if not text or _BAD_ID.search(text):
        return None
    return URIRef(base + text)


def _convert_row(state: _Import, row: _Row, graph: Graph) -> None:
    if not row.sheet.has_kind_column:
        graph.add((row.node, RDF.type, row.sheet.classes[0]))
    for column in row.sheet.columns:
        if column.kind is ValueKind.ID:
            continue
        if column.key not in row.cells:
            # A missing column is reported once, not again in every row.
            if column.required and column.key in row.present:
                state.problem(
                    row.table.name,
                    row.raw.number,
                    column.header(_lang_of(row.table, row.sheet)),
                    None,
                    "cellen må fylles ut",
                    "the cell must be filled in",
                )
            continue
        index, cell = row.cells[column.key]
        where = (row.table.name, row.raw.number, row.table.column_name(index))
        for value in _values(state, row.sheet, column, cell, where):
            if column.inverse:
                graph.add((value, column.predicate, row.node))  # type: ignore[arg-type]
            else:
                graph.add((row.node, column.predicate, value))  # type: ignore[arg-type]


def _values(
    state: _Import, sheet: Sheet, column: Column, cell: RawCell, where: tuple[str, int, str]
) -> Iterator[Node]:
    text = cell_text(cell.value) or ""
    kind = column.kind
    if kind is ValueKind.LANG_TEXT:
        for item in split_texts(text) if column.multiple else [str(cell.value)]:
            yield Literal(item, lang=column.lang)
    elif kind is ValueKind.TEXT:
        yield Literal(str(cell.value))
    elif kind is ValueKind.SOURCE:
        for item in split_texts(text):
            stripped = item.strip()
            yield URIRef(stripped) if looks_like_iri(stripped) else Literal(item)
    elif kind is ValueKind.DECIMAL:
        yield from _decimal(state, cell, text, where)
    elif kind is ValueKind.DATE:
        yield from _date(state, cell, text, where)
    elif kind is ValueKind.MONTH_DAY:
        yield from _month_day(state, cell, text, where)
    elif kind is ValueKind.BOOLEAN:
        yield from _boolean(state, cell, text, where)
    elif kind is ValueKind.KIND:
        yield from _choose(state, class_choices(sheet.classes), text, where, multiple=True)
    elif kind is ValueKind.CHOICE:
        assert column.scheme is not None
        yield from _choose(state, scheme_choices(column.scheme), text, where, multiple=False)
    elif kind is ValueKind.SDG:
        yield from _sdg(state, text, where)
    else:
        yield from _refs(state, column, text, where)


def _decimal(
    state: _Import, cell: RawCell, text: str, where: tuple[str, int, str]
) -> Iterator[Node]:
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        lexical: str | None = number_lexical(value, cell.number_format)
    else:
        lexical = parse_decimal_text(text)
    if lexical is None:
        state.problem(
            *where,
            text,
            "ikke et tall; skriv for eksempel 1234,50 eller 1 234,50",
            "not a number; write for example 1234.50 or 1 234,50",
        )
        return
    yield Literal(lexical, datatype=XSD.decimal)


_TRUE = {"true", "ja", "yes", "sann", "1"}
_FALSE = {"false", "nei", "no", "usann", "0"}


def _boolean(
    state: _Import, cell: RawCell, text: str, where: tuple[str, int, str]
) -> Iterator[Node]:
    value = cell.value
    wanted = str(value).casefold() if isinstance(value, bool) else text.strip().casefold()
    if wanted in _TRUE:
        yield Literal("true", datatype=XSD.boolean)
    elif wanted in _FALSE:
        yield Literal("false", datatype=XSD.boolean)
    else:
        state.problem(
            *where,
            text,
            "ikke sann eller usann; skriv true eller false (ja eller nei)",
            "not true or false; write true or false (yes or no)",
        )


def _date(state: _Import, cell: RawCell, text: str, where: tuple[str, int, str]) -> Iterator[Node]:
    value = cell.value
    if isinstance(value, dt.date):
        lexical: str | None = (
            value.date() if isinstance(value, dt.datetime) else value
        ).isoformat()
    elif isinstance(value, int | float):
        lexical = None
    else:
        lexical = parse_date_text(text)
    if lexical is None:
        state.problem(
            *where,
            text,
            "ikke en dato; skriv for eksempel 2025-12-31 eller 31.12.2025",
            "not a date; write for example 2025-12-31 or 31.12.2025",
        )
        return
    yield Literal(lexical, datatype=XSD.date)


def _month_day(
    state: _Import, cell: RawCell, text: str, where: tuple[str, int, str]
) -> Iterator[Node]:
    value = cell.value
    if isinstance(value, dt.date):
        # A spreadsheet program may turn "12-15" into a date of some year: its day counts.
        lexical: str | None = f"--{value.month:02d}-{value.day:02d}"
    else:
        lexical = parse_month_day_text(text)
    if lexical is None:
        state.problem(
            *where,
            text,
            "ikke en dag i året; skriv for eksempel --12-15 eller 15.12.",
            "not a day of the year; write for example --12-15 or 15.12.",
        )
        return
    yield Literal(lexical, datatype=XSD.gMonthDay)


def _choose(
    state: _Import,
    choices: tuple[Choice, ...],
    text: str,
    where: tuple[str, int, str],
    *,
    multiple: bool,
) -> Iterator[Node]:
    items = split_list(text) if multiple else [text.strip()]
    for item in items:
        chosen = next((c for c in choices if c.matches(item)), None)
        if chosen is None:
            state.problem(
                *where,
                item,
                "ukjent verdi; velg en av " + ", ".join(f"«{c.label_nb}»" for c in choices),
                "unknown value; choose one of " + ", ".join(f"«{c.label_en}»" for c in choices),
            )
        else:
            yield chosen.node


def _sdg(state: _Import, text: str, where: tuple[str, int, str]) -> Iterator[Node]:
    codes = sdg_codes()
    for item in split_list(text):
        bare = item[1:-1] if item.startswith("<") and item.endswith(">") else item
        if looks_like_iri(bare):
            yield URIRef(bare)
        elif item in codes.iri_by_code:
            yield codes.iri_by_code[item]
        else:
            state.problem(
                *where,
                item,
                "ukjent bærekraftskode; skriv et mål (3), delmål (3.4) eller en indikator (3.4.1)",
                "unknown SDG code; write a goal (3), target (3.4) or indicator (3.4.1)",
            )


def _refs(state: _Import, column: Column, text: str, where: tuple[str, int, str]) -> Iterator[Node]:
    items = split_list(text)
    if not column.multiple and len(items) > 1:
        state.problem(
            *where,
            text,
            "bare én verdi er tillatt her",
            "only one value is allowed here",
        )
        return
    for item in items:
        node = _node(state.base, item)
        if node is None:
            state.problem(
                *where,
                item,
                "ugyldig id: bruk bokstaver, tall, - og _ uten mellomrom, eller en full IRI",
                "invalid id: use letters, digits, - and _ without spaces, or a full IRI",
            )
            continue
        target = state.index.get(node)
        if target is None:
            if looks_like_iri(item.strip("<>")):
                yield node
                continue
            wanted_nb = " eller ".join(f"«{SHEETS_BY_KEY[k].nb}»" for k in column.targets)
            wanted_en = " or ".join(f"«{SHEETS_BY_KEY[k].en}»" for k in column.targets)
            state.problem(
                *where,
                item,
                f"ingen rad har denne id-en; den skal være id-en til en rad i {wanted_nb}",
                f"no row has this id; it must be the id of a row in {wanted_en}",
            )
        elif target.sheet.key not in column.targets:
            wanted_nb = " eller ".join(f"«{SHEETS_BY_KEY[k].nb}»" for k in column.targets)
            wanted_en = " or ".join(f"«{SHEETS_BY_KEY[k].en}»" for k in column.targets)
            state.problem(
                *where,
                item,
                f"feil slags rad: id-en står i arket «{target.sheet.nb}», men kolonnen viser til "
                f"{wanted_nb}",
                f"wrong kind of row: the id is in the sheet «{target.sheet.en}», but the column "
                f"refers to {wanted_en}",
            )
        else:
            yield node
