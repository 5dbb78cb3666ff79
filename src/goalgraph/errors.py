"""The goalgraph exception hierarchy: every error a user can cause is a GoalgraphError."""

from __future__ import annotations


class GoalgraphError(Exception):
    """Base of every error goalgraph raises on purpose; its message is meant for the user."""

    exit_code: int = 2


class LoadError(GoalgraphError):
    """An input file or folder could not be read or parsed."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.source = source
        self.line = line


class UnknownNodeError(GoalgraphError):
    """An IRI or CURIE given by the user is malformed or names nothing in the graph."""


class QueryError(GoalgraphError):
    """A SPARQL query is unknown, malformed or was given bad parameters."""


class QuerySyntaxError(QueryError):
    """A query or update the engine could not parse, with where (1-based line and column)."""

    def __init__(self, reason: str, *, line: int | None = None, column: int | None = None):
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(self.describe())

    def describe(self, source: str | None = None, *, shift: int = 0) -> str:
        """The message, naming ``source`` and with the first line's columns moved left by
        ``shift`` (text the caller put before the user's query on that line)."""
        where = ""
        if self.line is not None:
            column = self.column
            if column is not None and self.line == 1:
                column = max(1, column - shift)
            where = f" at line {self.line}" + (f", column {column}" if column is not None else "")
        prefix = f"{source}: " if source else ""
        return f"{prefix}SPARQL syntax error{where}: {self.reason}"


class ValidationError(GoalgraphError):
    """Validation was asked to fail and the model has Violations."""

    exit_code = 1


class ReasoningError(GoalgraphError):
    """The model is inconsistent (raised on request), or the reasoner could not run
    (ReasonerUnavailable)."""

    exit_code = 1


class SpreadsheetError(GoalgraphError):
    """A workbook or CSV folder could not be imported; carries every problem found."""

    exit_code = 1


class StoreError(GoalgraphError):
    """A store could not be opened, read or written."""


class ReasonerUnavailable(ReasoningError):
    """The OWL reasoner could not run: no Java runtime, or HermiT failed (exit code 3)."""

    exit_code = 3


class ServeError(GoalgraphError):
    """The server cannot listen where it was asked to (the port is taken, the host unknown)."""


class PrioritisationError(GoalgraphError):
    """A portfolio cannot be prioritised as modelled or asked (a score on a criterion outside
    the portfolio's scheme, a missing weight, a frame smaller than the committed projects)."""


class SolverError(GoalgraphError):
    """The solver stopped without an optimal answer (it should not, on these problems)."""


class SolverTimeout(SolverError):
    """The solves ran over the time allowed (a server's limit)."""
