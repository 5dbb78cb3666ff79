"""The portfolio report as the /report page shows it: the report of a scope (graph,
portfolio, party), a page for every node it names, the choices of scope and who owns what."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup
from rdflib import URIRef
from rdflib.term import Node

from goalgraph.analysis.effects_text import REPORT_ROWS
from goalgraph.analysis.report import SECTIONS, PortfolioReport, portfolio_report
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store import PREFIX_GRAPH, VOCABULARY_GRAPH, is_history_graph
from goalgraph.store.base import Store
from goalgraph.views.classes import KIND_BY_KEY, OTHER, kind_among, kinds_of
from goalgraph.views.lookup import Described, Ref, dated_path, page_path, texts
from goalgraph.views.parties import Ownership

if TYPE_CHECKING:
    from goalgraph.analysis.effects import BalanceModel


@dataclass(frozen=True)
class Choice:
    """One value a scope can take, with its name."""

    value: str
    label: str


@dataclass(frozen=True)
class PartyRow:
    """A party and the goals and projects it owns (alone or jointly)."""

    party: Ref
    goals: list[Ref]
    projects: list[Ref]


#: Names the "needs attention" box shows per topic; the section each topic comes from lists
#: them all (at national scale a topic names hundreds of goals or indicators).
ATTENTION_SHOWN = 12
#: Where on the page each topic of the box lists all its names.
ATTENTION_ANCHORS = {
    "orphans": "q1",
    "uncovered": "q2",
    "high-risk": "q3",
    "over-frame": "portfolio-budgets",
    "off-track": "goal-table",
    "deviations": "status",
    "no-status": "status",
}


@dataclass(frozen=True)
class AttentionTopic:
    """One topic of the "needs attention" box as the page shows it: the first names, how many
    more there are, and where the page lists them all."""

    topic: str
    total: int
    #: (node, name, owners): the owning parties' names where the name is not unique.
    items: list[tuple[URIRef | None, str, str | None]]
    more: int
    anchor: str


@dataclass
class ReportPage:
    """Everything the /report page shows."""

    report: PortfolioReport
    pages: dict[str, str]
    graphs: list[Choice]
    portfolios: list[Choice]
    parties: list[Choice]
    party_rows: list[PartyRow] = field(default_factory=list)
    #: The goals all parties share (an agreement's), listed once.
    joint_goals: list[Ref] = field(default_factory=list)
    #: The report's sections shown as ``to_html`` shows them (see ``section_html``), with
    #: the nodes they name linked to their pages.
    sections: dict[str, Markup] = field(default_factory=dict)
    #: The report's "needs attention" topics as the box shows them.
    attention: list[AttentionTopic] = field(default_factory=list)

    def page(self, node: URIRef | str | None) -> str | None:
        """The page of a node the report names (None when it has none)."""
        return None if node is None else self.pages.get(str(node))


def _report_nodes(report: PortfolioReport) -> Iterable[URIRef]:
    yield from (o.node for o in report.orphans)
    yield from (u.goal for u in report.uncovered)
    yield from (p.project for p in report.projects)
    yield from (p.portfolio for p in report.portfolios)
    for row in report.goals:
        yield row.goal
        yield from (i.indicator for i in row.indicators)
    balance = report.effects
    if balance is not None:
        # The effect balance section names the first REPORT_ROWS of each of its lists.
        for indicators in (balance.largest_gaps, balance.unaddressed, balance.stale):
            yield from (b.indicator for b in indicators[:REPORT_ROWS])
        for gap in balance.largest_gaps[:REPORT_ROWS]:
            yield from (counted.project for counted in gap.projects)
        yield from (p.indicator for p in balance.past_due[:REPORT_ROWS])
        for projects in (balance.conflicts, balance.contributions, balance.skipped):
            yield from (p.project for p in projects[:REPORT_ROWS])
        for realised in balance.realisation[:REPORT_ROWS]:
            yield from (realised.project, realised.indicator)
    for priority in report.priorities:
        if priority.result is not None:
            yield from (e.project for e in priority.result.explanations)
    if report.status is not None:
        yield from (d.project for d in report.status.deviations)
        yield from (p.project for p in report.status.without_status)
        yield from (p.project for p in report.status.projects)


def _attention(report: PortfolioReport, owned: Ownership) -> list[AttentionTopic]:
    """The report's "needs attention" topics, each cut to its first ATTENTION_SHOWN names; a
    name that occurs more than once under a topic (the same goal in every municipality) gets
    the names of the parties that own its node."""
    found = []
    for topic in report.attention:
        repeated = {name for name, count in Counter(topic.names).items() if count > 1}
        items: list[tuple[URIRef | None, str, str | None]] = []
        for node, name in topic.items[:ATTENTION_SHOWN]:
            owners = None
            if node is not None and name in repeated:
                owners = ", ".join(ref.label for ref in owned.refs(owned.owners_of(node))) or None
            items.append((node, name, owners))
        found.append(
            AttentionTopic(
                topic=topic.topic,
                total=len(topic.names),
                items=items,
                more=max(0, len(topic.names) - ATTENTION_SHOWN),
                anchor=ATTENTION_ANCHORS[topic.topic],
            )
        )
    return found


def _linked(pages: dict[str, str], lang: str) -> Callable[[Node, str], str]:
    """A node's name as a link to its page, where it has one."""

    def name(node: Node, label: str) -> str:
        href = pages.get(str(node))
        if href is None:
            return label
        return Markup('<a href="{}&amp;lang={}">{}</a>').format(href, lang, label)

    return name


def graph_choices(store: Store) -> list[Choice]:
    """The named graphs of the model (not the vocabulary's, the prefixes' or the histories)."""
    skip = {VOCABULARY_GRAPH, PREFIX_GRAPH}
    # The names only: counting the graphs (``graphs``) scans the whole store.
    return [
        Choice(str(name), str(name).rsplit("/", 1)[-1] or str(name))
        for name in store.graph_names()
        if name not in skip and not is_history_graph(name)
    ]


def portfolio_choices(store: Store, lang: str) -> list[Choice]:
    rows = select(store, "portfolio-budget", {"lang": lang})
    return [
        Choice(str(row["portfolio"]), str(row["label"] or row["portfolio"]))
        for row in rows
        if isinstance(row["portfolio"], URIRef)
    ]


_GOAL_KINDS = ("main-goal", "sub-goal", "goal")
#: The classes of the kinds the parties table lists (subclasses included).
_LISTED_CLASSES = [
    kind.iri for key in (*_GOAL_KINDS, "project") if (kind := KIND_BY_KEY[key]).iri is not None
]


def party_rows(store: Store, owned: Ownership, lang: str) -> tuple[list[PartyRow], list[Ref]]:
    """Each party with the goals and projects it owns alone, and the goals several parties
    own together; nothing for a model of one party."""
    if len(owned.parties) < 2:
        return [], []
    # Only goals and projects are listed: only theirs are kinds and texts read, not every
    # owned node's (a national store's parties own some 70,000 nodes, most of them measures
    # and indicators). A candidate's kind is then worked out as for any node.
    members = set(select(store, "class-members", {"kind": _LISTED_CLASSES}).column("node"))
    kinds = kinds_of(store, [n for n in owned.owners if n in members])
    listed = [n for n, kind in kinds.items() if kind.key in _GOAL_KINDS or kind.key == "project"]
    # The kinds are known: only the labels are read (a national store lists some 20,000).
    described = Described(texts(store, listed, lang, names_only=True), kinds)
    alone: dict[URIRef, list[URIRef]] = defaultdict(list)
    joint: list[URIRef] = []
    for node in listed:
        owners = owned.owners_of(node)
        if len(owners) == 1:
            alone[next(iter(owners))].append(node)
        elif kinds[node].key in _GOAL_KINDS:
            joint.append(node)
    rows = []
    for party in owned.parties:
        mine = alone.get(URIRef(party.iri), [])
        goals = [n for n in mine if kinds[n].key in _GOAL_KINDS]
        projects = [n for n in mine if kinds[n].key == "project"]
        rows.append(PartyRow(party, described.refs(goals), described.refs(projects)))
    return rows, described.refs(joint)


def report_page(
    store: Store,
    lang: str,
    owned: Ownership,
    *,
    graph: URIRef | None = None,
    portfolio: URIRef | None = None,
    party: URIRef | None = None,
    today: date | None = None,
    parties: tuple[list[PartyRow], list[Ref]] | None = None,
    balance_model: BalanceModel | None = None,
) -> ReportPage:
    """The report of the scope with the pages of what it names and the scope's choices.

    ``parties`` is the parties table (``party_rows``), when it is worked out already: it is
    the same at every date and scope. ``balance_model`` is the effect balance's read model
    (goalgraph.analysis.effects.BalanceModel), when one is kept.
    """
    report = portfolio_report(
        store,
        lang,
        today,
        graph,
        portfolio=portfolio,
        party=party,
        balance_model=balance_model,
    )
    nodes = list(dict.fromkeys(_report_nodes(report)))
    # The report has the names; a page's address needs only the node's kind.
    kinds = kinds_of(store, [n for n in nodes if isinstance(n, URIRef)])
    pages = {str(n): page_path(kinds.get(n, OTHER).key, n) for n in nodes}
    # An orphan's kind is known from the report even where its classes are not asserted.
    for orphan in report.orphans:
        if orphan.kind == GG.Project:
            pages[str(orphan.node)] = page_path("project", orphan.node)
        else:
            pages[str(orphan.node)] = page_path(kind_among([orphan.kind]).key, orphan.node)
    # The goal and project pages are then read at the report's date too.
    pages = {node: dated_path(path, today) for node, path in pages.items()}
    rows: list[PartyRow] = []
    joint: list[Ref] = []
    if party is None:
        rows, joint = parties if parties is not None else party_rows(store, owned, lang)
    return ReportPage(
        report=report,
        pages=pages,
        graphs=graph_choices(store),
        portfolios=portfolio_choices(store, lang),
        parties=[Choice(ref.iri, ref.label) for ref in owned.parties],
        party_rows=rows,
        joint_goals=joint,
        sections={
            s: Markup(report.section_html(s, _linked(_section_pages(s, report, pages), lang)))
            for s in SECTIONS
        },
        attention=_attention(report, owned),
    )


def _section_pages(section: str, report: PortfolioReport, pages: dict[str, str]) -> dict[str, str]:
    """The pages the names of a section link to: a portfolio's prioritisation leads to the
    page that works it out (with what-ifs), spelled as the portfolio's page links to it."""
    if section != "priorities":
        return pages
    prioritise = {
        str(p.portfolio): f"/prioritise?portfolio={quote(str(p.portfolio), safe='/')}"
        for p in report.priorities
    }
    return {**pages, **prioritise}
