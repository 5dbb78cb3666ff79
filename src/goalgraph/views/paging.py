"""The goal tree cut into what one start page shows: all of a small tree, else a preview of
the goals under each SDG goal, or one SDG goal's goals a page at a time."""

from __future__ import annotations

from dataclasses import dataclass, replace

from goalgraph.errors import UnknownNodeError
from goalgraph.store.base import Store
from goalgraph.views.catalogue import GoalNode, GoalTree, SdgRef, count_projects

#: Trees with at most this many goals (sub-goals included) are shown whole.
WHOLE_TREE = 400
#: Root goals shown under each SDG goal of a bigger tree, before a link to all of them.
PREVIEW = 5
#: Root goals per page when the goals under one SDG goal are listed.
PAGE_SIZE = 25
#: The key of the branch of goals linked to no SDG.
UNLINKED = "none"


@dataclass(frozen=True)
class ShownBranch:
    """An SDG goal (None: the goals linked to none) and the root goals shown under it."""

    sdg: SdgRef | None
    key: str
    goals: list[GoalNode]
    total: int

    @property
    def more(self) -> bool:
        """Whether the branch has root goals that are not shown."""
        return len(self.goals) < self.total


@dataclass(frozen=True)
class TreePage:
    """The branches of the tree on one start page.

    ``branch`` names the one branch listed page by page (else every branch is shown, whole
    or as a preview); ``page`` counts from 1 up to ``pages``.
    """

    branches: list[ShownBranch]
    branch: str | None = None
    page: int = 1
    pages: int = 1


def _size(nodes: list[GoalNode]) -> int:
    return sum(1 + _size(node.children) for node in nodes)


def _branches(tree: GoalTree) -> list[ShownBranch]:
    branches = [
        ShownBranch(b.sdg, b.sdg.code or b.sdg.iri, b.goals, len(b.goals)) for b in tree.sdg
    ]
    if tree.unlinked:
        branches.append(ShownBranch(None, UNLINKED, tree.unlinked, len(tree.unlinked)))
    return branches


def tree_page(tree: GoalTree, branch: str | None = None, page: int = 1) -> TreePage:
    """The part of ``tree`` for one start page, without project counts.

    Without ``branch``, a tree of up to WHOLE_TREE goals is shown whole, a bigger one as the
    first PREVIEW root goals under each SDG goal. With ``branch`` (an SDG goal's code, or
    UNLINKED), that branch's root goals are listed PAGE_SIZE at a time; raises
    UnknownNodeError for a branch the tree does not have.
    """
    branches = _branches(tree)
    if branch is None:
        if _size([g for b in branches for g in b.goals]) <= WHOLE_TREE:
            return TreePage(branches)
        return TreePage([replace(b, goals=b.goals[:PREVIEW]) for b in branches])
    chosen = next((b for b in branches if b.key == branch), None)
    if chosen is None:
        raise UnknownNodeError(f"the goal tree has no SDG goal '{branch}'")
    pages = max(1, -(-chosen.total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    shown = replace(chosen, goals=chosen.goals[start : start + PAGE_SIZE])
    return TreePage([shown], branch=branch, page=page, pages=pages)


def counted(store: Store, shown: TreePage) -> TreePage:
    """``shown`` with the number of projects serving each goal on it and their budget."""
    nodes = count_projects(store, [g for b in shown.branches for g in b.goals])
    branches: list[ShownBranch] = []
    for branch in shown.branches:
        branches.append(replace(branch, goals=nodes[: len(branch.goals)]))
        nodes = nodes[len(branch.goals) :]
    return replace(shown, branches=branches)
