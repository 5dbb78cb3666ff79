"""Choose projects within frames exactly: the largest value, then the least cost among the
selections of that value.

The problem is a knapsack with one row per frame (the total, and one per year with a yearly
frame). Values and costs are given as integers (the caller scales exact decimals), so that
"optimal" can be proved exactly. Every answer is checked in integer arithmetic before it is
returned.

The solver is OR-Tools' CP-SAT (:func:`_cpsat`), which works in integer arithmetic: it has no
feasibility or optimality tolerance that could let a selection over a frame or a worse one
pass as the optimum; sums past :data:`_EXACT_RANGE`, where its integers could overflow, are
refused. HiGHS solves the LP relaxation whose duals give the bound below, and the whole
problem with ``Tuning(solver="highs")`` (:func:`_highs`), the formulation before CP-SAT, kept
for comparison.

What makes a large portfolio slow is the proof, not the answer: a knapsack with a row per
year has an LP bound a few value units above the optimum, and the solver must search until
that gap is closed, once for the value and once for the cheapest tie. Both searches are
made small by an exact bound from the LP's duals (:func:`_fixed_by_bound`): every item that
all selections worth at least a target must take, or must leave out, is fixed before the
solve, so the search runs over a core (about 175 of 1,000 items in the benchmark). For the
largest value the target is a guess a little below the LP bound (:func:`_best_exact` says
why a wrong guess costs one more solve and never a wrong answer); for the cheapest tie it is
the best value, with the total frame lowered to the cost of the first answer.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# The solver's errors live in goalgraph.errors, which does not import the solver.
from goalgraph.errors import PrioritisationError, SolverError, SolverTimeout

if TYPE_CHECKING:
    import highspy

logger = logging.getLogger(__name__)

#: How often a frame is tightened after the solver returned a selection over it.
_TIGHTENINGS = 8

#: HiGHS's primal heuristics off: on these problems the branching finds the optimum while it
#: proves it, and the sub-MIPs of the heuristics took about a third of the time.
_LEAN_OPTIONS: dict[str, float | bool] = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
}
#: For the largest value, cuts at the root only: more nodes, but each far cheaper (measured
#: on seeded 1,000-project portfolios; for the cheapest tie the cuts at nodes pay).
_FIRST_OPTIONS: dict[str, float | bool] = {
    **_LEAN_OPTIONS,
    "mip_allow_cut_separation_at_nodes": False,
}


@dataclass(frozen=True)
class Tuning:
    """How :func:`best` solves. Every setting keeps the answer exactly optimal; ``PREVIOUS``
    and ``ORIGINAL`` are earlier formulations, kept so that the benchmark and the tests can
    compare.

    Fixing starts at ``fixing_from`` items: a small problem is solved in milliseconds
    without it. Where several selections tie in value and cost, which one is returned is up
    to the solver (the same on every run: CP-SAT runs with one worker). ``lean`` concerns
    HiGHS only."""

    lean: bool = True
    fixing: bool = True
    fixing_from: int = 200
    #: "cp-sat" (exact integer arithmetic) or "highs" (the formulation before CP-SAT).
    solver: str = "cp-sat"
    #: How far below the LP bound the first target for the largest value lies (CP-SAT);
    #: None: :func:`_guess_below_bound`. Any setting gives the same answer.
    below_bound: int | None = None


DEFAULT = Tuning()
#: HiGHS with the settings above: what :func:`best` did before CP-SAT (the benchmark's
#: "previous").
PREVIOUS = Tuning(solver="highs")
#: HiGHS with its defaults, no start for the second solve and no fixing.
ORIGINAL = Tuning(lean=False, fixing=False, solver="highs")


@dataclass(frozen=True)
class Problem:
    """Integer values and costs of n items, and frames as rows of integer costs.

    ``rows[k][i]`` is what item i takes of frame k, ``limits[k]`` the frame; ``fixed_in`` and
    ``fixed_out`` are item indices that must be, or must not be, chosen.
    """

    values: tuple[int, ...]
    rows: tuple[tuple[int, ...], ...]
    limits: tuple[int, ...]
    fixed_in: frozenset[int] = frozenset()
    fixed_out: frozenset[int] = frozenset()

    @property
    def size(self) -> int:
        return len(self.values)

    def fits(self, chosen: frozenset[int], limits: Sequence[int] | None = None) -> bool:
        """Whether ``chosen`` keeps within every frame, in exact integer arithmetic."""
        bounds = self.limits if limits is None else limits
        return all(
            sum(row[i] for i in chosen) <= bound
            for row, bound in zip(self.rows, bounds, strict=True)
        )

    def value(self, chosen: frozenset[int]) -> int:
        return sum(self.values[i] for i in chosen)

    def cost(self, chosen: frozenset[int]) -> int:
        """What ``chosen`` takes of the first frame (the total)."""
        return sum(self.rows[0][i] for i in chosen) if self.rows else 0


@dataclass(frozen=True)
class Solution:
    """A selection and what it is worth; ``feasible`` False when no selection exists."""

    chosen: frozenset[int]
    value: int
    cost: int
    feasible: bool = True


@dataclass
class SolverLog:
    """How many MILPs were solved and how long they took, for the result's notes; with a
    ``deadline`` (time.monotonic()) the solves together may take no longer."""

    solves: int = 0
    seconds: float = 0.0
    timings: list[float] = field(default_factory=list)
    deadline: float | None = None
    #: The solvers that answered ("CP-SAT", "HiGHS"), for the notes.
    solvers: set[str] = field(default_factory=set)


_FIRST = threading.Lock()
_quiet = False


def _new_highs() -> highspy.Highs:
    """A HiGHS instance that prints nothing. HiGHS writes its banner to the process's standard
    output (not Python's) when the first instance is made, which would spoil JSON written to
    stdout: that one is made with standard output pointed at the null device."""
    # Imported on the first solve: HiGHS and numpy take a third of a second and 20 MB, which
    # a process that never prioritises (a server answering pages) need not pay.
    import highspy

    global _quiet
    if _quiet:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    with _FIRST:
        if not _quiet:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with Path(os.devnull).open("w") as null:
                    os.dup2(null.fileno(), 1)
                    highs = highspy.Highs()  # type: ignore[no-untyped-call]
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _quiet = True
            return highs
    return highspy.Highs()


def _scale_down(
    rows: Sequence[Sequence[int]], limits: Sequence[int]
) -> tuple[list[list[int]], list[int]]:
    """Each row divided by the greatest common divisor of its coefficients, its limit rounded
    down: the same integer selections fit, and the solver sees small numbers."""
    scaled_rows: list[list[int]] = []
    scaled_limits: list[int] = []
    for row, limit in zip(rows, limits, strict=True):
        divisor = math.gcd(*row) if any(row) else 1
        divisor = max(divisor, 1)
        scaled_rows.append([c // divisor for c in row])
        # Floor division of integers: a float quotient loses units past 2⁵³.
        scaled_limits.append(limit // divisor)
    return scaled_rows, scaled_limits


def _highs(
    n: int,
    objective: Sequence[float],
    maximise: bool,
    rows: Sequence[Sequence[float]],
    lower: Sequence[float],
    upper: Sequence[float],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
    abs_gap: float,
    hint: frozenset[int] | None,
    log: SolverLog,
    options: Mapping[str, float | bool] | None = None,
) -> frozenset[int] | None:
    """Solve one binary program with HiGHS; None when it is infeasible."""
    import highspy

    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", abs_gap)
    h.setOptionValue("threads", 1)
    for name, setting in (options or {}).items():
        h.setOptionValue(name, setting)
    if log.deadline is not None:
        left = log.deadline - time.monotonic()
        if left <= 0:
            raise SolverTimeout(
                "prioritising took longer than the time allowed; explain fewer "
                "dropped projects or ask again with fewer candidates"
            )
        h.setOptionValue("time_limit", left)
    lp = _lp(objective, rows, lower, upper, fixed_in, fixed_out)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    h.passModel(lp)
    if hint is not None:
        start = highspy.HighsSolution()
        start.col_value = [1.0 if i in hint else 0.0 for i in range(n)]
        h.setSolution(start)
    began = time.perf_counter()
    h.run()
    spent = time.perf_counter() - began
    log.solves += 1
    log.seconds += spent
    log.timings.append(spent)
    log.solvers.add("HiGHS")
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status == highspy.HighsModelStatus.kTimeLimit:
        raise SolverTimeout(
            "prioritising took longer than the time allowed; explain fewer dropped projects or "
            "ask again with fewer candidates"
        )
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverError(
            f"the HiGHS solver stopped without an optimal answer ({h.modelStatusToString(status)})"
        )
    values = h.getSolution().col_value
    return frozenset(i for i in range(n) if values[i] > 0.5)


def best(problem: Problem, log: SolverLog | None = None, tuning: Tuning | None = None) -> Solution:
    """The selection with the largest value that fits every frame, and among those the one
    that takes least of the first frame (the total cost). ``tuning`` defaults to the
    module's ``DEFAULT`` as it is at the call (the benchmark swaps in ``PREVIOUS``)."""
    log = log if log is not None else SolverLog()
    tuning = tuning if tuning is not None else DEFAULT
    n = problem.size
    if n == 0:
        return Solution(frozenset(), 0, 0, problem.fits(frozenset()))
    if not problem.fits(frozenset(problem.fixed_in)):
        return Solution(frozenset(), 0, 0, feasible=False)
    rows, limits = _scale_down(problem.rows, problem.limits)
    divisor = math.gcd(*problem.values) if any(problem.values) else 1
    values = [v // max(divisor, 1) for v in problem.values]
    if tuning.solver == "cp-sat":
        if not _in_exact_range(values, rows, limits):
            raise PrioritisationError(_TOO_LARGE)
        return _best_exact(problem, values, rows, limits, log, tuning)
    lower = [-math.inf] * len(rows)
    chosen: frozenset[int] | None = None
    for _ in range(_TIGHTENINGS):
        chosen = _highs(
            n,
            values,
            True,
            rows,
            lower,
            limits,
            problem.fixed_in,
            problem.fixed_out,
            0.999,
            None,
            log,
            _FIRST_OPTIONS if tuning.lean else None,
        )
        if chosen is None:
            return Solution(frozenset(), 0, 0, feasible=False)
        if problem.fits(chosen):
            break
        limits = _tighten(rows, limits, chosen)
    assert chosen is not None
    top = sum(values[i] for i in chosen)
    # Second: the least cost among the selections worth ``top``.
    cost_row = rows[0] if rows else [0] * n
    fixed_in, fixed_out = problem.fixed_in, problem.fixed_out
    if tuning.fixing and rows and n >= tuning.fixing_from:
        more_in, more_out = _fixed_by_bound(values, rows, limits, fixed_in, fixed_out, top)
        # The first answer is worth ``top``, so it agrees with every fixing, unless the
        # solver's tolerance let it past a scaled frame; then the fixing is left out.
        if more_in <= chosen and not (more_out & chosen):
            fixed_in, fixed_out = fixed_in | more_in, fixed_out | more_out
    tie_rows = [*rows, values]
    tie_lower = [*lower, top - 0.5]
    tie_upper = [*limits, math.inf]
    cheapest = _highs(
        n,
        cost_row,
        False,
        tie_rows,
        tie_lower,
        tie_upper,
        fixed_in,
        fixed_out,
        0.999,
        chosen,
        log,
        _LEAN_OPTIONS if tuning.lean else None,
    )
    if (
        cheapest is not None
        and problem.fits(cheapest)
        and sum(values[i] for i in cheapest) >= top
        and problem.cost(cheapest) <= problem.cost(chosen)
    ):
        chosen = cheapest
    return Solution(chosen, problem.value(chosen), problem.cost(chosen))


#: CP-SAT computes in 64-bit integers and refuses a model whose sums could overflow; below
#: this every sum of a row, of the values and of a frame is safe. Larger numbers are refused
#: as bad input (HiGHS, in floating point, cannot solve them exactly either).
_EXACT_RANGE = 1 << 62


def _in_exact_range(
    values: Sequence[int], rows: Sequence[Sequence[int]], limits: Sequence[int]
) -> bool:
    return (
        sum(abs(v) for v in values) < _EXACT_RANGE
        and all(sum(abs(c) for c in row) < _EXACT_RANGE for row in rows)
        and all(abs(limit) < _EXACT_RANGE for limit in limits)
    )


def _guess_below_bound(values: Sequence[int]) -> int:
    """How far below the LP bound the first target lies. With one row per frame at most one
    item per row is fractional in the LP's answer, so the gap is at most rows × the largest
    value, and far less in practice: an eighth of the largest value (6 units where values run
    to 50) covered the gap of every benchmark portfolio (6.6–6.9 units at 1,000 items)."""
    return max(1, max(values, default=0) // 8)


def _best_exact(
    problem: Problem,
    values: Sequence[int],
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    log: SolverLog,
    tuning: Tuning,
) -> Solution:
    """:func:`best` with CP-SAT, the search narrowed by the LP bound.

    First the largest value. With a target T, the items fixed by :func:`_fixed_by_bound` are
    taken (or left) by every selection worth at least T, so if the narrowed problem's optimum
    reaches T it is the optimum of the whole; if it falls short (worth L < T, or nothing fits)
    no selection reaches T, and a second solve with the target L (or what the start is worth:
    a fill in the LP's order, which fits) is exact by the same argument. Then the cheapest
    selection worth that value: it costs no more than the first answer, so the total frame is
    lowered to that cost before fixing, and the first answer is the search's start."""
    n = problem.size
    fixed_in, fixed_out = problem.fixed_in, problem.fixed_out
    narrow = tuning.fixing and bool(rows) and n >= tuning.fixing_from
    duals = _duals(values, rows, limits, fixed_in, fixed_out) if narrow else None
    target: int | None = None
    start: frozenset[int] | None = None
    if duals is not None:
        reduced = _reduced(values, rows, duals)
        bound = _bound(values, rows, limits, fixed_in, fixed_out, duals, reduced)
        start = _filled(problem, rows, limits, reduced)
        target = max(
            bound // _DUAL_SCALE
            - (_guess_below_bound(values) if tuning.below_bound is None else tuning.below_bound),
            sum(values[i] for i in start),
        )
    chosen: frozenset[int] | None = None
    for attempt in range(2):
        take: frozenset[int] = frozenset()
        leave: frozenset[int] = frozenset()
        if duals is not None and target is not None:
            take, leave = _fixed_at(values, rows, limits, fixed_in, fixed_out, duals, target)
        chosen = _cpsat(
            values, True, rows, limits, fixed_in | take, fixed_out | leave, log, hint=start
        )
        if target is None or start is None:
            break
        reached = sum(values[i] for i in chosen) if chosen is not None else None
        if reached is not None and reached >= target:
            break
        if attempt == 1:
            raise SolverError("the narrowed search missed a selection it was proved to hold")
        # Nothing reaches the target: the optimum lies below it, and at least ``reached``
        # (or what the start is worth, which fits).
        target = reached if reached is not None else sum(values[i] for i in start)
    if chosen is None:
        return Solution(frozenset(), 0, 0, feasible=False)
    top = sum(values[i] for i in chosen)
    if rows:
        cost_row = rows[0]
        paid = sum(cost_row[i] for i in chosen)
        tie_limits = [min(limits[0], paid), *limits[1:]]
        take, leave = frozenset(), frozenset()
        if narrow:
            tie_duals = _duals(values, rows, tie_limits, fixed_in, fixed_out)
            if tie_duals is not None:
                take, leave = _fixed_at(
                    values, rows, tie_limits, fixed_in, fixed_out, tie_duals, top
                )
        cheapest = _cpsat(
            cost_row,
            False,
            rows,
            tie_limits,
            fixed_in | take,
            fixed_out | leave,
            log,
            at_least=(values, top),
            hint=chosen,
        )
        if cheapest is not None:
            chosen = cheapest
    if not problem.fits(chosen) or sum(values[i] for i in chosen) < top:
        raise SolverError("the MILP solver returned a selection that does not fit the frames")
    return Solution(chosen, problem.value(chosen), problem.cost(chosen))


def _filled(
    problem: Problem,
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    reduced: Sequence[int],
) -> frozenset[int]:
    """A selection that fits, to start the search from: the fixed items, then every other
    item while it fits, in the order of the LP's reduced values (best first)."""
    chosen = set(problem.fixed_in)
    used = [sum(row[i] for i in chosen) for row in rows]
    free = (i for i in range(problem.size) if i not in chosen and i not in problem.fixed_out)
    for i in sorted(free, key=lambda i: (-reduced[i], i)):
        if all(u + row[i] <= limit for u, row, limit in zip(used, rows, limits, strict=True)):
            chosen.add(i)
            used = [u + row[i] for u, row in zip(used, rows, strict=True)]
    return frozenset(chosen)


def _cpsat(
    objective: Sequence[int],
    maximise: bool,
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
    log: SolverLog,
    at_least: tuple[Sequence[int], int] | None = None,
    hint: frozenset[int] | None = None,
) -> frozenset[int] | None:
    """Solve one binary program with CP-SAT, in integers: ``rows`` within ``limits``, and
    ``at_least`` (a row and its lower bound) when given; None when nothing fits."""
    # Imported on the first solve, as HiGHS is: OR-Tools takes about half a second.
    from ortools.sat.python import cp_model

    if fixed_in & fixed_out:
        return None
    n = len(objective)
    free = [i for i in range(n) if i not in fixed_in and i not in fixed_out]
    constraints: list[tuple[Sequence[int], float, float]] = [
        (row, -math.inf, limit - sum(row[i] for i in fixed_in))
        for row, limit in zip(rows, limits, strict=True)
    ]
    if at_least is not None:
        row, least = at_least
        constraints.append((row, least - sum(row[i] for i in fixed_in), math.inf))
    if not free:
        # Nothing left to choose: the fixed items fit or they do not.
        return fixed_in if all(low <= 0 <= high for _, low, high in constraints) else None
    model = cp_model.CpModel()
    chosen = [model.new_bool_var(f"x{i}") for i in free]
    for row, low, high in constraints:
        total = cp_model.LinearExpr.weighted_sum(chosen, [row[i] for i in free])
        if high != math.inf:
            model.add(total <= int(high))
        if low != -math.inf:
            model.add(total >= int(low))
    goal = cp_model.LinearExpr.weighted_sum(chosen, [objective[i] for i in free])
    if maximise:
        model.maximize(goal)
    else:
        model.minimize(goal)
    if hint is not None:
        for var, i in zip(chosen, free, strict=True):
            model.add_hint(var, i in hint)
    solver = cp_model.CpSolver()
    # One worker: the answer does not depend on thread timing, and on a shared machine with
    # few cores a second worker was slower (measured on the benchmark's portfolios).
    solver.parameters.num_workers = 1
    # CP-SAT would take SIGINT for itself and leave it unhandled after the solve: a server
    # that had solved once then died of Ctrl+C instead of shutting down (exit 130).
    solver.parameters.catch_sigint_signal = False
    if log.deadline is not None:
        left = log.deadline - time.monotonic()
        if left <= 0:
            raise SolverTimeout(_TIMEOUT)
        solver.parameters.max_time_in_seconds = left
    began = time.perf_counter()
    status = solver.solve(model)
    spent = time.perf_counter() - began
    log.solves += 1
    log.seconds += spent
    log.timings.append(spent)
    log.solvers.add("CP-SAT")
    if status == cp_model.INFEASIBLE:
        return None
    if status != cp_model.OPTIMAL:
        if log.deadline is not None and status in (cp_model.FEASIBLE, cp_model.UNKNOWN):
            raise SolverTimeout(_TIMEOUT)
        raise SolverError(
            f"the CP-SAT solver stopped without an optimal answer ({solver.status_name(status)})"
        )
    return fixed_in | frozenset(
        i for var, i in zip(chosen, free, strict=True) if solver.boolean_value(var)
    )


_TOO_LARGE = (
    "the portfolio's costs or values are too large to be added up exactly (a sum passes 2^62 "
    "units of their smallest decimal place); give amounts with fewer decimals or in thousands"
)

_TIMEOUT = (
    "prioritising took longer than the time allowed; explain fewer dropped projects or ask "
    "again with fewer candidates"
)


#: Row duals are rounded to multiples of 2⁻⁴⁰ for the exact bound (any y ≥ 0 gives a bound).
_DUAL_SCALE = 1 << 40


def _fixed_by_bound(
    values: Sequence[int],
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
    target: int,
) -> tuple[frozenset[int], frozenset[int]]:
    """The items every selection worth at least ``target`` must take, and must leave out.

    For any y ≥ 0 and any selection x within the frames, value(x) = y·Ax + (v − yA)·x
    ≤ y·b + Σ rᵢxᵢ with rᵢ = vᵢ − y·Aᵢ. So taking an item with rᵢ < 0 costs at least −rᵢ of
    the bound, and leaving one with rᵢ > 0 costs rᵢ; where that brings the bound below
    ``target``, the item is fixed. y is the LP relaxation's duals, which makes the bound the
    LP bound; the arithmetic is exact (integers), so the floating-point duals only choose
    y, they cannot make a fixing wrong."""
    duals = _duals(values, rows, limits, fixed_in, fixed_out)
    if duals is None:
        return frozenset(), frozenset()
    return _fixed_at(values, rows, limits, fixed_in, fixed_out, duals, target)


def _duals(
    values: Sequence[int],
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
) -> list[int] | None:
    """The LP relaxation's row duals as non-negative integers scaled by _DUAL_SCALE; None when
    the LP has no optimum (then nothing is fixed)."""
    import highspy

    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    lp = _lp(values, rows, [-math.inf] * len(rows), limits, fixed_in, fixed_out)
    lp.sense_ = highspy.ObjSense.kMaximize
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return [round(abs(d) * _DUAL_SCALE) for d in h.getSolution().row_dual]


def _reduced(
    values: Sequence[int], rows: Sequence[Sequence[int]], duals: Sequence[int]
) -> list[int]:
    return [
        values[i] * _DUAL_SCALE - sum(y * row[i] for y, row in zip(duals, rows, strict=True))
        for i in range(len(values))
    ]


def _bound(
    values: Sequence[int],
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
    duals: Sequence[int],
    reduced: Sequence[int] | None = None,
) -> int:
    """An upper bound on the value of every selection within the frames, times _DUAL_SCALE."""
    reduced = _reduced(values, rows, duals) if reduced is None else reduced
    return sum(y * b for y, b in zip(duals, limits, strict=True)) + sum(
        r for i, r in enumerate(reduced) if i not in fixed_out and (i in fixed_in or r > 0)
    )


def _fixed_at(
    values: Sequence[int],
    rows: Sequence[Sequence[int]],
    limits: Sequence[int],
    fixed_in: frozenset[int],
    fixed_out: frozenset[int],
    duals: Sequence[int],
    target: int,
) -> tuple[frozenset[int], frozenset[int]]:
    """:func:`_fixed_by_bound` with the duals given (everything scaled by _DUAL_SCALE)."""
    reduced = _reduced(values, rows, duals)
    bound = _bound(values, rows, limits, fixed_in, fixed_out, duals, reduced)
    goal = target * _DUAL_SCALE
    free = [i for i in range(len(values)) if i not in fixed_in and i not in fixed_out]
    take = frozenset(i for i in free if reduced[i] > 0 and bound - reduced[i] < goal)
    leave = frozenset(i for i in free if reduced[i] <= 0 and bound + reduced[i] < goal)
    return take, leave


def _lp(
    objective: Sequence[float],
    rows: Sequence[Sequence[float]],
    lower: Sequence[float],
    upper: Sequence[float],
    fixed_in: Iterable[int],
    fixed_out: Iterable[int],
) -> highspy.HighsLp:
    """The linear programme over 0/1 columns (relaxed; the caller sets integrality)."""
    import highspy
    import numpy as np

    n = len(objective)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(rows)
    lp.col_cost_ = np.asarray(objective, dtype=float)
    col_lower = np.zeros(n)
    col_upper = np.ones(n)
    col_lower[list(fixed_in)] = 1.0
    col_upper[list(fixed_out)] = 0.0
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = np.asarray(lower, dtype=float)
    lp.row_upper_ = np.asarray(upper, dtype=float)
    if rows:
        _set_matrix(lp, rows, n)
    return lp


def _set_matrix(lp: highspy.HighsLp, rows: Sequence[Sequence[float]], n: int) -> None:
    import highspy
    import numpy as np

    matrix = np.asarray(rows, dtype=float)
    nonzero = matrix != 0
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(nonzero.sum(axis=1))]).astype(np.int32)
    lp.a_matrix_.index_ = np.nonzero(nonzero)[1].astype(np.int32)
    lp.a_matrix_.value_ = matrix[nonzero]
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(rows)


def _tighten(
    rows: Sequence[Sequence[int]], limits: Sequence[int], chosen: frozenset[int]
) -> list[int]:
    tightened = list(limits)
    for k, row in enumerate(rows):
        used = sum(row[i] for i in chosen)
        if used > tightened[k]:
            logger.debug(
                "frame %d: solver selection over by %d units; tightened", k, used - limits[k]
            )
            tightened[k] = tightened[k] - (used - tightened[k])
    return tightened


def cheapest_above(
    problem: Problem, item: int, value: int, log: SolverLog | None = None
) -> Solution:
    """The cheapest selection with ``item`` in it and a value of at least ``value``, keeping
    every frame but the first (the total, which is what is being solved for)."""
    log = log if log is not None else SolverLog()
    n = problem.size
    fixed_in = problem.fixed_in | {item}
    free = Problem(
        problem.values, problem.rows[1:], problem.limits[1:], fixed_in, problem.fixed_out
    )
    if (
        not free.fits(frozenset(fixed_in))
        or sum(v for i, v in enumerate(problem.values) if i not in problem.fixed_out) < value
    ):
        return Solution(frozenset(), 0, 0, feasible=False)
    rows, limits = _scale_down(free.rows, free.limits) if free.rows else ([], [])
    cost_row = problem.rows[0] if problem.rows else [0] * n
    if DEFAULT.solver == "cp-sat":
        if not _in_exact_range([*problem.values, *cost_row], [*rows, problem.values], limits):
            raise PrioritisationError(_TOO_LARGE)
        take: frozenset[int] = frozenset()
        leave: frozenset[int] = frozenset()
        if DEFAULT.fixing and n >= DEFAULT.fixing_from:
            # Every selection asked for is worth at least ``value``: the LP bound of the value
            # within the other frames answers "none" without a search when it lies below,
            # and otherwise fixes what such selections must take or leave.
            values = list(problem.values)
            duals = _duals(values, rows, limits, fixed_in, problem.fixed_out)
            if duals is not None:
                bound = _bound(values, rows, limits, fixed_in, problem.fixed_out, duals)
                if bound < value * _DUAL_SCALE:
                    return Solution(frozenset(), 0, 0, feasible=False)
                take, leave = _fixed_at(
                    values, rows, limits, fixed_in, problem.fixed_out, duals, value
                )
        exact = _cpsat(
            cost_row,
            False,
            rows,
            limits,
            fixed_in | take,
            problem.fixed_out | leave,
            log,
            at_least=(problem.values, value),
        )
        if exact is None:
            return Solution(frozenset(), 0, 0, feasible=False)
        return Solution(exact, problem.value(exact), problem.cost(exact))
    chosen: frozenset[int] | None = None
    for _ in range(_TIGHTENINGS):
        chosen = _highs(
            n,
            cost_row,
            False,
            [*rows, list(problem.values)],
            [*([-math.inf] * len(rows)), value - 0.5],
            [*limits, math.inf],
            fixed_in,
            problem.fixed_out,
            0.999,
            None,
            log,
            _LEAN_OPTIONS if DEFAULT.lean else None,
        )
        if chosen is None:
            return Solution(frozenset(), 0, 0, feasible=False)
        if free.fits(chosen):
            break
        limits = _tighten(rows, limits, chosen)
    assert chosen is not None
    return Solution(chosen, problem.value(chosen), problem.cost(chosen))


def frame_to_keep(
    problem: Problem,
    item: int,
    log: SolverLog | None = None,
    rounds: int = 25,
    known: tuple[Solution, Solution] | None = None,
) -> int | None:
    """The smallest first frame (the total) at which :func:`best` chooses ``item``, the other
    frames kept; None when no total frame does (a yearly frame stands in the way) or the
    search did not end in ``rounds`` steps.

    The best value with the item in can only rise where a dearer selection with it becomes
    affordable; between two such points the best value without it can only rise. So the
    search jumps from one such point to the next: the cheapest selection with the item
    worth more than the best with it so far.

    ``known`` is the best with the item and the best without it at the problem's own frame,
    when the caller has them already (two solves each fewer).
    """
    log = log if log is not None else SolverLog()
    frame = problem.limits[0]
    for step in range(rounds):
        if step == 0 and known is not None:
            with_item, without = known
        else:
            at = _with_total(problem, frame)
            with_item = best(_fixed(at, fixed_in={item}), log)
            without = best(_fixed(at, fixed_out={item}), log)
        if with_item.feasible and (
            not without.feasible
            or with_item.value > without.value
            or (with_item.value == without.value and with_item.cost <= without.cost)
        ):
            return frame
        floor = with_item.value if with_item.feasible else -1
        jump = cheapest_above(problem, item, floor + 1, log)
        if not jump.feasible:
            return None
        frame = max(frame + 1, jump.cost)
    return None


def _with_total(problem: Problem, total: int) -> Problem:
    return Problem(
        problem.values,
        problem.rows,
        (total, *problem.limits[1:]),
        problem.fixed_in,
        problem.fixed_out,
    )


def _fixed(
    problem: Problem,
    fixed_in: frozenset[int] | set[int] = frozenset(),
    fixed_out: frozenset[int] | set[int] = frozenset(),
) -> Problem:
    return Problem(
        problem.values,
        problem.rows,
        problem.limits,
        problem.fixed_in | frozenset(fixed_in),
        problem.fixed_out | frozenset(fixed_out),
    )


def forced(
    problem: Problem,
    fixed_in: set[int] | frozenset[int] = frozenset(),
    fixed_out: set[int] | frozenset[int] = frozenset(),
) -> Problem:
    """The same problem with more items fixed in or out."""
    return _fixed(problem, fixed_in, fixed_out)


def greedy(problem: Problem) -> frozenset[int]:
    """What a ranking by value per krone would choose: the fixed items, then each item in
    that order while it fits. Shown next to the optimum, never used as the answer."""
    chosen = set(problem.fixed_in)
    order = sorted(
        (
            i
            for i in range(problem.size)
            if i not in problem.fixed_in and i not in problem.fixed_out
        ),
        key=lambda i: (
            -(problem.values[i] / problem.rows[0][i])
            if problem.rows and problem.rows[0][i]
            else -math.inf,
            i,
        ),
    )
    # What the chosen items take of each frame, kept as the items are added (checking the
    # whole selection again for each item made this quadratic).
    used = [sum(row[i] for i in chosen) for row in problem.rows]
    for i in order:
        if all(
            u + row[i] <= limit
            for u, row, limit in zip(used, problem.rows, problem.limits, strict=True)
        ):
            chosen.add(i)
            used = [u + row[i] for u, row in zip(used, problem.rows, strict=True)]
    return frozenset(chosen)
