"""Spreadsheet views of a model: a template, import from a workbook or CSV folder, export."""

from goalgraph.spreadsheet.exporter import (
    ExportResult,
    default_base,
    export_csv_folder,
    export_workbook,
)
from goalgraph.spreadsheet.importer import import_csv_folder, import_workbook, save_graph
from goalgraph.spreadsheet.problems import SheetProblem, SheetProblemsError
from goalgraph.spreadsheet.template import write_template

__all__ = [
    "ExportResult",
    "SheetProblem",
    "SheetProblemsError",
    "default_base",
    "export_csv_folder",
    "export_workbook",
    "import_csv_folder",
    "import_workbook",
    "save_graph",
    "write_template",
]
