"""The start page's goal tree, kept between writes: the tree once per language, each page
with its project counts once per page and language."""

from __future__ import annotations

from goalgraph.views.catalogue import GoalTree, goal_skeleton
from goalgraph.views.paging import TreePage, counted, tree_page
from goalgraph.web.deps import StoreSource


def cached_skeleton(source: StoreSource, lang: str) -> GoalTree:
    """The goal tree without project counts, computed once per language and write."""
    return source.remember(("goal-skeleton", lang), lambda: goal_skeleton(source.store, lang))


def cached_page(
    source: StoreSource, lang: str, branch: str | None = None, page: int = 1
) -> TreePage:
    """:func:`tree_page` with its project counts, computed once per page, language and write."""
    shown = tree_page(cached_skeleton(source, lang), branch, page)
    # Keyed by the page actually shown: a page number past the end shows the last page.
    key = ("start-page", lang, shown.branch, shown.page)
    return source.remember(key, lambda: counted(source.store, shown))
