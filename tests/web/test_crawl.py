"""Every page of every example answers (issue 13, item 1): each example is served as a user
serves it (`goalgraph serve` from its files, and from an on-disk store filled with
`goalgraph load`), and a real headless Chromium that may reach no other host follows the
links from the start page, in Norwegian bokmål and in English.

The crawl is bounded by the kinds of page: the start page, goal pages and project pages are
followed link by link (they lead to every goal and project); every other page they link to
(node pages, graph views, the SPARQL page, the API documentation) is opened and checked,
but not followed further. A page fails on an answer other than 200, on any console error or
uncaught script error, on any sub-request answered with 400 or more, and on any request to
another host. Afterwards the server is stopped with Ctrl+C and its log must hold no error.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from goalgraph import GG, load
from tests.conftest import EXAMPLES
from tests.web.browsing import ARGS, CHROMIUM, Watched, watched_context
from tests.web.serving import ServeProcess, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE_NAMES = ("asker", "miljopakken")
#: Pages whose links are followed; the others are opened and checked only.
FOLLOWED = frozenset({"/", "/goal", "/project"})
#: What must hold once a page's scripts have run (the graph view's network is made; Swagger
#: UI has drawn the operations), before the page counts as seen. The graph view is not
#: waited for until it is drawn: that is test_browser.py's part, and would double the time.
READY = {
    "/graph": "() => window.goalgraphNetwork !== undefined",
    "/docs": "() => document.querySelector('.opblock') !== null",
}
#: A crawl that reaches this many pages has stopped being bounded by the rule above.
MOST_PAGES = 2_000


@dataclass
class Crawl:
    """The pages one crawl opened, by path, and what went wrong on them."""

    opened: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def crawl(page: Page, watched: Watched, base: str, starts: list[str]) -> Crawl:
    result = Crawl()
    waiting = deque(starts)
    seen = set(starts)
    while waiting:
        target = waiting.popleft()
        path = urlsplit(target).path
        watched.clear()
        response = page.goto(base + target, wait_until="load")
        status = response.status if response is not None else None
        if status != 200:
            result.problems.append(f"{target}: answered {status}")
            continue
        if path in READY:
            page.wait_for_function(READY[path])
        result.opened[path] += 1
        result.problems.extend(f"{target}: {problem}" for problem in watched.problems())
        if path not in FOLLOWED:
            continue
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" != base or link.path.startswith("/static/"):
                continue
            local = link.path + (f"?{link.query}" if link.query else "")
            if local not in seen:
                seen.add(local)
                waiting.append(local)
        assert len(seen) < MOST_PAGES, f"the crawl is no longer bounded: {len(seen)} pages"
    return result


_INSTANCES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?node) AS ?count) WHERE {
  ?node a/rdfs:subClassOf* <CLASS> .
  FILTER(isIRI(?node) && !STRSTARTS(STR(?node), "http://metadata.un.org/"))
}"""


def instances(name: str) -> tuple[int, int]:
    """How many goals and projects the example has (its own, not the SDG module's)."""
    graph = load(EXAMPLES / name)
    goals, projects = (
        int(next(iter(graph.query(_INSTANCES.replace("CLASS", str(cls)))))[0])  # type: ignore[index]
        for cls in (GG.Goal, GG.Project)
    )
    return goals, projects


@dataclass(frozen=True)
class Served:
    """One example served one way."""

    name: str
    how: str
    server: ServeProcess


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _load_store(example: Path, folder: Path) -> Path:
    store = folder / "store"
    files = sorted(str(p) for p in example.glob("*.ttl"))
    command = [sys.executable, "-m", "goalgraph.cli.main", "load", "--store", str(store),
               "--graph", "https://example.org/graph/{name}", *files]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(
    scope="module",
    params=[(name, how) for name in EXAMPLE_NAMES for how in ("files", "store")],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    name, how = request.param
    folder = tmp_path_factory.mktemp(f"crawl-{name}-{how}")
    example = EXAMPLES / name
    args = [str(example)] if how == "files" else ["--store", str(_load_store(example, folder))]
    with serving(*args, folder=folder) as server:
        yield Served(name, how, server)


def test_every_page_answers_in_both_languages(browser: Browser, served: Served) -> None:
    base = served.server.url
    with watched_context(browser, base) as (context, watched):
        page = watched.watch(context.new_page())
        result = crawl(page, watched, base, ["/?lang=nb", "/?lang=en"])
    assert result.problems == [], "\n".join(result.problems[:40])
    # Every goal and project page was reached by clicking, in both languages.
    goals, projects = instances(served.name)
    assert result.opened["/goal"] == 2 * goals, result.opened
    assert result.opened["/project"] == 2 * projects, result.opened
    for kind in ("/", "/node", "/graph", "/query", "/docs"):
        assert result.opened[kind] > 0, (kind, result.opened)
    code = served.server.interrupt()
    log = served.server.errors()
    assert code == 130, log
    for sign in ("Traceback", "ERROR", "unsendable"):
        assert sign not in log, log[-4000:]
