"""The optimiser against brute force: on small random portfolios with a total frame, yearly
frames, committed and excluded projects, every tuning of ``knapsack.best`` (CP-SAT and HiGHS,
with and without the narrowing by the LP bound) finds the largest value and, among selections
of that value, the least cost; so do portfolios made of ties; the fixing by the LP bound never
fixes an item against a selection worth the target; ``cheapest_above`` finds the cheapest
selection with an item worth at least a value."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goalgraph.analysis.knapsack import (
    ORIGINAL,
    PREVIOUS,
    Problem,
    SolverLog,
    Tuning,
    _fixed_by_bound,
    best,
    cheapest_above,
    greedy,
)
from goalgraph.errors import PrioritisationError

#: The current tuning with the fixing used at every size (by default it starts at 200 items).
FIXING_ALWAYS = Tuning(fixing_from=0)
#: The first target for the largest value at the LP bound itself: mostly above the optimum,
#: so that the narrowed search falls short and the second, exact, attempt runs.
TARGET_AT_BOUND = Tuning(fixing_from=0, below_bound=0)


@dataclass(frozen=True)
class Optimum:
    feasible: bool
    value: int = 0
    cost: int = 0


def brute_force(problem: Problem) -> Optimum:
    """The largest value, then the least total cost, over every selection that fits."""
    found: tuple[int, int] | None = None
    for bits in product((0, 1), repeat=problem.size):
        chosen = frozenset(i for i, bit in enumerate(bits) if bit)
        if not problem.fixed_in <= chosen or chosen & problem.fixed_out:
            continue
        if not problem.fits(chosen):
            continue
        key = (problem.value(chosen), -problem.cost(chosen))
        if found is None or key > found:
            found = key
    if found is None:
        return Optimum(False)
    return Optimum(True, found[0], -found[1])


def _framed(draw: st.DrawFn, values: tuple[int, ...], rows: tuple[tuple[int, ...], ...]) -> Problem:
    """The projects of ``values`` and ``rows`` with a frame drawn for each row, up to two of
    them committed and up to two forced out."""
    n = len(values)
    limits = tuple(draw(st.integers(0, max(1, sum(row)))) for row in rows)
    fixed_in = draw(st.frozensets(st.integers(0, n - 1), max_size=2))
    fixed_out = draw(st.frozensets(st.integers(0, n - 1), max_size=2)) - fixed_in
    return Problem(values, rows, limits, fixed_in, fixed_out)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Up to 12 projects, values and costs from small ranges (so that ties are common), one
    to three yearly frames beside the total, some projects committed, some forced out."""
    n = draw(st.integers(1, 12))
    years = draw(st.integers(0, 3))
    values = tuple(draw(st.lists(st.integers(0, 9), min_size=n, max_size=n)))
    yearly = [draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)) for _ in range(years)]
    extra = draw(st.lists(st.integers(0, 12 if not years else 4), min_size=n, max_size=n))
    # The total is what the years take and sometimes more (costs outside the framed years).
    total = tuple(sum(row[i] for row in yearly) + extra[i] for i in range(n))
    return _framed(draw, values, (total, *(tuple(row) for row in yearly)))


@pytest.mark.parametrize(
    "tuning",
    [
        Tuning(),
        FIXING_ALWAYS,
        TARGET_AT_BOUND,
        PREVIOUS,
        Tuning(solver="highs", fixing_from=0),
        ORIGINAL,
    ],
    ids=["default", "fixing", "target-at-bound", "highs", "highs-fixing", "original"],
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_best_equals_brute_force(tuning: Tuning, problem: Problem) -> None:
    _as_brute_force(problem, tuning)


def _as_brute_force(problem: Problem, tuning: Tuning) -> None:
    """The optimiser's selection fits, keeps what is fixed and has brute force's value and
    cost (the largest value, then the least cost)."""
    expected = brute_force(problem)
    solution = best(problem, tuning=tuning)
    assert solution.feasible == expected.feasible
    if expected.feasible:
        assert problem.fits(solution.chosen)
        assert problem.fixed_in <= solution.chosen
        assert not solution.chosen & problem.fixed_out
        assert (solution.value, solution.cost) == (expected.value, expected.cost)


@st.composite
def ties(draw: st.DrawFn) -> Problem:
    """Up to 12 projects worth 0–2 and costing 1–3 a year, so that many selections share the
    best value and several of those the least cost; committed and excluded projects too."""
    n = draw(st.integers(1, 12))
    years = draw(st.integers(1, 2))
    values = tuple(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    yearly = [draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)) for _ in range(years)]
    total = tuple(max(1, sum(row[i] for row in yearly)) for i in range(n))
    return _framed(draw, values, (total, *(tuple(row) for row in yearly)))


@pytest.mark.parametrize(
    "tuning", [Tuning(), FIXING_ALWAYS, TARGET_AT_BOUND], ids=["default", "fixing", "at-bound"]
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=ties())
def test_ties_go_to_the_cheapest_as_brute_force(tuning: Tuning, problem: Problem) -> None:
    _as_brute_force(problem, tuning)


def test_a_target_above_the_optimum_costs_one_more_solve_not_the_answer() -> None:
    """Projects worth 10, 10 and 11 costing 6, 6 and 7 within a frame of 10: the LP bound is
    16⅔, the optimum 11. With the first target at the bound the narrowed search finds nothing
    worth 16, and the second attempt, at what it found, is exact."""
    problem = Problem((10, 10, 11), ((6, 6, 7),), (10,))
    log = SolverLog()
    solution = best(problem, log, TARGET_AT_BOUND)
    assert (solution.value, solution.cost) == (11, 7)
    assert log.solves == 3


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), data=st.data())
def test_cheapest_above_equals_brute_force(problem: Problem, data: st.DataObject) -> None:
    """The cheapest selection with the item, worth at least the value, within every frame
    but the total."""
    item = data.draw(st.integers(0, problem.size - 1))
    least = data.draw(st.integers(0, sum(problem.values) + 1))
    free = Problem(problem.values, problem.rows[1:], problem.limits[1:])
    found: int | None = None
    for bits in product((0, 1), repeat=problem.size):
        chosen = frozenset(i for i, bit in enumerate(bits) if bit)
        if (
            item in chosen
            and problem.fixed_in <= chosen
            and not chosen & problem.fixed_out
            and free.fits(chosen)
            and problem.value(chosen) >= least
        ):
            cost = problem.cost(chosen)
            found = cost if found is None else min(found, cost)
    answer = cheapest_above(problem, item, least)
    assert answer.feasible == (found is not None)
    if found is not None:
        assert item in answer.chosen and answer.value >= least and answer.cost == found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(), slack=st.integers(0, 3))
def test_fixing_keeps_every_selection_worth_the_target(problem: Problem, slack: int) -> None:
    optimum = brute_force(problem)
    if not optimum.feasible:
        return
    target = max(0, optimum.value - slack)
    take, leave = _fixed_by_bound(
        problem.values,
        problem.rows,
        problem.limits,
        problem.fixed_in,
        problem.fixed_out,
        target,
    )
    assert not take & leave
    for bits in product((0, 1), repeat=problem.size):
        chosen = frozenset(i for i, bit in enumerate(bits) if bit)
        if (
            problem.fixed_in <= chosen
            and not chosen & problem.fixed_out
            and problem.fits(chosen)
            and problem.value(chosen) >= target
        ):
            assert take <= chosen, (chosen, take)
            assert not chosen & leave, (chosen, leave)


def test_fixing_shrinks_a_large_problem_to_a_core() -> None:
    """On 400 seeded projects with yearly frames, the bound fixes most items at the optimum's
    value, and the answer is the same with and without it, and with HiGHS."""
    import random

    rng = random.Random(7)
    n = 400
    yearly = [[0] * n for _ in range(3)]
    for i in range(n):
        cost = rng.randint(10, 400)
        first = rng.randrange(3)
        for year in range(first, min(3, first + rng.randint(1, 2))):
            yearly[year][i] = cost
    total = tuple(sum(row[i] for row in yearly) for i in range(n))
    rows = (total, *(tuple(row) for row in yearly))
    limits = tuple(sum(row) // 2 for row in rows)
    values = tuple(rng.randint(0, 50) for _ in range(n))
    problem = Problem(values, rows, limits)
    with_fixing = best(problem, tuning=Tuning())
    without = best(problem, tuning=Tuning(fixing=False))
    highs = best(problem, tuning=PREVIOUS)
    assert (with_fixing.value, with_fixing.cost) == (without.value, without.cost)
    assert (highs.value, highs.cost) == (with_fixing.value, with_fixing.cost)
    take, leave = _fixed_by_bound(values, rows, limits, frozenset(), frozenset(), with_fixing.value)
    assert len(take) + len(leave) > n // 2
    assert take <= with_fixing.chosen and not leave & with_fixing.chosen


def test_sums_past_double_precision_are_still_exact() -> None:
    """Costs near 2⁵³, where floating point stops counting in ones: CP-SAT's integers still
    tell a selection one unit over the frame from one that fits."""
    big = 1 << 53
    problem = Problem((3, 2, 2), ((big + 1, big // 2 + 1, big // 2 + 3),), (big + 4,))
    assert brute_force(problem) == Optimum(True, 4, big + 4)
    solution = best(problem)
    assert (solution.value, solution.cost) == (4, big + 4)
    # One unit less: 2⁵³ + 3 is not a double (it rounds to 2⁵³ + 4), an integer it is.
    tighter = Problem(problem.values, problem.rows, (big + 3,))
    assert brute_force(tighter) == Optimum(True, 3, big + 1)
    assert (best(tighter).value, best(tighter).cost) == (3, big + 1)


def test_sums_beyond_the_exact_range_are_refused() -> None:
    huge = 1 << 62
    problem = Problem((3, 2), ((huge + 1, 3),), (huge,))
    with pytest.raises(PrioritisationError, match="too large to be added up exactly"):
        best(problem)


def test_the_log_names_cp_sat() -> None:
    log = SolverLog()
    best(Problem((3, 2, 2), ((3, 2, 2),), (4,)), log)
    assert log.solvers == {"CP-SAT"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_greedy_fills_until_nothing_more_fits(problem: Problem) -> None:
    """The value per krone ranking's selection fits (when the fixed items do), and no item
    it left out would still fit beside it."""
    chosen = greedy(problem)
    assert problem.fixed_in <= chosen and not chosen & problem.fixed_out
    if not problem.fits(problem.fixed_in):
        return
    assert problem.fits(chosen)
    for i in range(problem.size):
        if i not in chosen and i not in problem.fixed_out:
            assert not problem.fits(chosen | {i})
