"""The start page's goal tree, kept between writes: the tree once per language (and party),
each page with its project counts and warnings once per page and language."""

from __future__ import annotations

from dataclasses import replace

from rdflib import URIRef

from goalgraph.views.catalogue import GoalTree, goal_skeleton
from goalgraph.views.paging import TreePage, counted, tree_page
from goalgraph.views.parties import keep_owned, owned_by
from goalgraph.views.summary import ModelSummary, model_summary
from goalgraph.views.warnings import Alerts, alerts, every_goal, goal_warnings, marked
from goalgraph.web.deps import StoreSource


def cached_skeleton(source: StoreSource, lang: str, party: URIRef | None = None) -> GoalTree:
    """The goal tree without project counts (with ``party``, cut to what the party owns),
    computed once per language, party and write."""
    whole = source.remember(("goal-skeleton", lang), lambda: goal_skeleton(source.store, lang))
    if party is None:
        return whole
    return source.remember(
        ("goal-skeleton", lang, party),
        lambda: keep_owned(whole, owned_by(source.store, party)),
    )


def cached_summary(source: StoreSource) -> ModelSummary:
    """The start page's summary of the model, once per write."""
    return source.remember("model-summary", lambda: model_summary(source.store))


def cached_alerts(source: StoreSource) -> Alerts:
    """What the goal tree warns of, once per write (in every language alike)."""
    return source.remember("alerts", lambda: alerts(source.store))


def alerts_ready(source: StoreSource) -> bool:
    """Whether :func:`cached_alerts` answers at once (it takes seconds on a national store)."""
    return source.remembered("alerts")


def _marked(source: StoreSource, page: TreePage) -> TreePage:
    # The warnings of every branch's goals at once: their queries run once per page.
    warnings = goal_warnings(
        source.store,
        every_goal(g for b in page.branches for g in b.goals),
        cached_alerts(source),
    )
    branches = [replace(branch, goals=marked(branch.goals, warnings)) for branch in page.branches]
    return replace(page, branches=branches)


def cached_counts(
    source: StoreSource,
    lang: str,
    branch: str | None = None,
    page: int = 1,
    party: URIRef | None = None,
) -> TreePage:
    """:func:`tree_page` with its project counts but without warnings, computed once per
    page, language, party and write: what the start page shows while the warnings are
    still being prepared."""
    shown = tree_page(cached_skeleton(source, lang, party), branch, page)
    # Keyed by the page actually shown: a page number past the end shows the last page.
    key = ("start-page-counts", lang, shown.branch, shown.page, party)
    return source.remember(key, lambda: counted(source.store, shown))


def cached_page(
    source: StoreSource,
    lang: str,
    branch: str | None = None,
    page: int = 1,
    party: URIRef | None = None,
) -> TreePage:
    """:func:`tree_page` with its project counts and warnings, computed once per page,
    language, party and write."""
    counts = cached_counts(source, lang, branch, page, party)
    key = ("start-page", lang, counts.branch, counts.page, party)
    return source.remember(key, lambda: _marked(source, counts))
