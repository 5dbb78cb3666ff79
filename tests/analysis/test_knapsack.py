"""The optimiser against brute force: on small random portfolios with a total frame, yearly
frames, committed and excluded projects, every tuning of ``knapsack.best`` finds the largest
value and, among selections of that value, the least cost; the fixing by the LP bound never
fixes an item against a selection worth the target."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goalgraph.analysis.knapsack import PREVIOUS, Problem, Tuning, _fixed_by_bound, best

#: The current tuning with the fixing used at every size (by default it starts at 200 items).
FIXING_ALWAYS = Tuning(fixing_from=0)


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
    rows = (total, *(tuple(row) for row in yearly))
    limits = tuple(draw(st.integers(0, max(1, sum(row)))) for row in rows)
    fixed_in = draw(st.frozensets(st.integers(0, n - 1), max_size=2))
    fixed_out = draw(st.frozensets(st.integers(0, n - 1), max_size=2)) - fixed_in
    return Problem(values, rows, limits, fixed_in, fixed_out)


@pytest.mark.parametrize(
    "tuning", [Tuning(), FIXING_ALWAYS, PREVIOUS], ids=["default", "fixing", "previous"]
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems())
def test_best_equals_brute_force(tuning: Tuning, problem: Problem) -> None:
    expected = brute_force(problem)
    solution = best(problem, tuning=tuning)
    assert solution.feasible == expected.feasible
    if expected.feasible:
        assert problem.fits(solution.chosen)
        assert problem.fixed_in <= solution.chosen
        assert not solution.chosen & problem.fixed_out
        assert (solution.value, solution.cost) == (expected.value, expected.cost)


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
    value, and the answer is the same with and without it."""
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
    assert (with_fixing.value, with_fixing.cost) == (without.value, without.cost)
    take, leave = _fixed_by_bound(values, rows, limits, frozenset(), frozenset(), with_fixing.value)
    assert len(take) + len(leave) > n // 2
    assert take <= with_fixing.chosen and not leave & with_fixing.chosen
