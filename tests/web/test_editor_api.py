"""The editor's JSON API on a real server: every status of the contract, two editors on two
graphs, concurrent edits of one node, browser sessions with CSRF, and a store that is left
exactly as it was by every answer that is not 2xx."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import URIRef

from goalgraph.editing.history import node_history
from goalgraph.editing.tokens import hash_token
from goalgraph.errors import LoadError
from goalgraph.store import file_graph, history_graph, open_store
from goalgraph.web import StoreSource, load_settings
from tests.conftest import MILJOPAKKEN
from tests.web.conftest import Served, run_server

FILES = sorted(MILJOPAKKEN.glob("*.ttl"))
TRONDHEIM = str(file_graph(MILJOPAKKEN / "trondheim-kommune.ttl"))
MELHUS = str(file_graph(MILJOPAKKEN / "melhus-kommune.ttl"))
M = "https://w3id.org/goalgraph/examples/miljopakken/"
TOKENS = {"trondheim": "trondheim-token-0123456789", "melhus": "melhus-token-0123456789"}
EDITORS = [
    {"name": "trondheim", "token_hash": hash_token(TOKENS["trondheim"]), "graphs": [TRONDHEIM]},
    {"name": "melhus", "token_hash": hash_token(TOKENS["melhus"]), "graphs": [MELHUS]},
]
WRITE = "write-token-0123456789abcdef"
#: The first save waits for the wording rules' lexicon (seconds on a busy machine).
http = httpx.Client(timeout=180)


def bearer(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


@contextmanager
def serving(paths: list[Path], **options: Any) -> Iterator[Served]:
    """A server for one test, stopped afterwards."""
    running = run_server(paths, query_workers=1, **options)
    try:
        yield next(running)
    finally:
        next(running, None)


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    yield from run_server(FILES, editor=EDITORS, write_token=WRITE, query_workers=1)


def dump(served: Served, folder: Path) -> set[str]:
    path = folder / "dump.nq"
    served.source.store.dump(path)
    return set(path.read_text(encoding="utf-8").splitlines())


def goal_body(label: str, graph: str = TRONDHEIM) -> dict[str, Any]:
    return {
        "graph": graph,
        "type": "gg:MainGoal",
        "labels": {"nb": label, "en": "A safe home for everyone in " + label[-9:]},
        "links": {"gg:localises": ["sdg:11.1"]},
    }


def create(served: Served, body: dict[str, Any], editor: str = "trondheim") -> dict[str, Any]:
    response = http.post(f"{served.url}/api/nodes", json=body, headers=bearer(editor))
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def test_201_with_a_readable_iri_minted_in_the_graphs_namespace(served: Served) -> None:
    response = http.post(
        f"{served.url}/api/nodes",
        json=goal_body("Alle har et trygt hjem i Trondheim"),
        headers=bearer("trondheim"),
    )
    assert response.status_code == 201
    saved = response.json()
    assert saved["iri"] == M + "alle-har-et-trygt-hjem-i-trondheim"
    assert response.headers["Location"].endswith(saved["iri"])
    assert response.headers["ETag"] == f'"{saved["version"]}"'
    read = http.get(f"{served.url}/api/nodes", params={"iri": saved["iri"]})
    assert read.status_code == 200
    node = read.json()
    assert node["type"] == "gg:MainGoal" and node["graph"] == TRONDHEIM
    assert node["labels"]["nb"] == "Alle har et trygt hjem i Trondheim"
    assert node["links"] == {"gg:localises": ["http://metadata.un.org/sdg/11.1"]}
    assert node["version"] == saved["version"]
    # The new goal is on the pages at once.
    page = http.get(f"{served.url}/goal", params={"iri": saved["iri"]})
    assert "Alle har et trygt hjem i Trondheim" in page.text


def test_401_without_or_with_a_wrong_token_and_nothing_changes(
    served: Served, tmp_path: Path
) -> None:
    before = dump(served, tmp_path)
    node = M + "tk-mal-hverdagsreiser"
    calls = [
        ("POST", "/api/nodes", {}, goal_body("Uten nøkkel i Trondheim")),
        ("PATCH", "/api/nodes", {"iri": node}, {"labels": {"nb": "x"}}),
        ("DELETE", "/api/nodes", {"iri": node}, None),
        ("GET", "/api/history", {"iri": node}, None),
        ("POST", "/api/history/restore", {"iri": node, "change": "urn:uuid:x"}, None),
        ("POST", "/api/nodes/check", {}, goal_body("Uten nøkkel i Trondheim")),
    ]
    for headers in ({}, {"Authorization": "Bearer not-an-editors-token-at-all"}):
        for method, path, params, body in calls:
            response = http.request(
                method, served.url + path, params=params, json=body, headers=headers
            )
            assert response.status_code == 401, (method, path, response.text)
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert dump(served, tmp_path) == before


def test_403_outside_the_editors_graphs_and_nothing_changes(served: Served, tmp_path: Path) -> None:
    theirs = create(served, goal_body("Melhus har trygge hjem i Melhus", MELHUS), "melhus")
    before = dump(served, tmp_path)
    me = bearer("trondheim")
    answers = [
        http.post(f"{served.url}/api/nodes", json=goal_body("Feil graf", MELHUS), headers=me),
        http.patch(
            f"{served.url}/api/nodes",
            params={"iri": theirs["iri"]},
            json={"labels": {"nb": "Overtatt"}},
            headers=me,
        ),
        http.delete(f"{served.url}/api/nodes", params={"iri": theirs["iri"]}, headers=me),
        http.get(f"{served.url}/api/history", params={"iri": theirs["iri"]}, headers=me),
    ]
    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert "may not change" in answers[1].json()["detail"]
    assert dump(served, tmp_path) == before
    # The graph's own editor still reads its history.
    own = http.get(
        f"{served.url}/api/history", params={"iri": theirs["iri"]}, headers=bearer("melhus")
    )
    assert own.status_code == 200 and own.json()[0]["by"] == "melhus"


def test_422_with_the_shacl_results_when_a_strategy_realises_a_strategy(
    served: Served, tmp_path: Path
) -> None:
    strategy = M + "strategi-portefoljestyring"
    assert http.get(f"{served.url}/api/nodes", params={"iri": strategy}).status_code == 200
    before = dump(served, tmp_path)
    response = http.post(
        f"{served.url}/api/nodes",
        params={"lang": "en"},
        json={
            "graph": TRONDHEIM,
            "type": "gg:Strategy",
            "labels": {"nb": "Kommunen skal gjøre noe", "en": "We will do something"},
            "links": {"gg:realises": [strategy]},
        },
        headers=bearer("trondheim"),
    )
    assert response.status_code == 422
    report = response.json()["report"]
    rules = {r["rule"] for r in report["results"] if r["severity"] == "Violation"}
    assert "RealisesTargetShape" in rules
    realises = [r for r in report["results"] if r["rule"] == "RealisesTargetShape"]
    assert realises[0]["path"] == "https://w3id.org/goalgraph#realises"
    assert "realises a goal" in realises[0]["message"]
    assert dump(served, tmp_path) == before


def test_404_for_a_node_no_graph_holds(served: Served, tmp_path: Path) -> None:
    before = dump(served, tmp_path)
    missing = {"iri": M + "no-such-node"}
    me = bearer("trondheim")
    answers = [
        http.get(f"{served.url}/api/nodes", params=missing),
        http.patch(f"{served.url}/api/nodes", params=missing, json={}, headers=me),
        http.delete(f"{served.url}/api/nodes", params=missing, headers=me),
        http.get(f"{served.url}/api/history", params=missing, headers=me),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404, 404]
    assert dump(served, tmp_path) == before


def test_400_for_a_body_the_class_does_not_take(served: Served, tmp_path: Path) -> None:
    before = dump(served, tmp_path)
    bodies = [
        {"graph": TRONDHEIM, "type": "gg:Strategy", "links": {"gg:implements": [M + "x"]}},
        {"graph": TRONDHEIM, "type": "gg:Project", "values": {"gg:budget": ["a lot"]}},
        {"graph": TRONDHEIM, "type": "gg:NoSuchClass"},
        {"graph": TRONDHEIM, "type": "gg:Strategy", "links": {"gg:realises": ["not an iri"]}},
    ]
    for body in bodies:
        response = http.post(f"{served.url}/api/nodes", json=body, headers=bearer("trondheim"))
        assert response.status_code == 400, (body, response.text)
    malformed = http.post(
        f"{served.url}/api/nodes", json={"labels": "not a map"}, headers=bearer("trondheim")
    )
    assert malformed.status_code == 422 and "report" not in malformed.json()
    assert dump(served, tmp_path) == before


def test_200_for_a_change_and_a_delete_and_the_history_says_who_when_what(
    served: Served,
) -> None:
    goal = create(served, goal_body("Et mål som endres i Trondheim"))
    changed = http.patch(
        f"{served.url}/api/nodes",
        params={"iri": goal["iri"]},
        json={"labels": {"nb": "Et mål som er endret"}},
        headers={**bearer("trondheim"), "If-Match": f'"{goal["version"]}"'},
    )
    assert changed.status_code == 200
    assert changed.json()["version"] != goal["version"]
    history = http.get(
        f"{served.url}/api/history", params={"iri": goal["iri"]}, headers=bearer("trondheim")
    ).json()
    assert [set(h) >= {"at", "by", "added", "removed"} for h in history] == [True, True]
    assert history[0]["by"] == "trondheim"
    assert history[0]["added"] == [
        f'<{goal["iri"]}> <http://www.w3.org/2000/01/rdf-schema#label> "Et mål som er endret"@nb .'
    ]
    assert history[0]["removed"] == [
        f"<{goal['iri']}> <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Et mål som endres i Trondheim"@nb .'
    ]
    deleted = http.delete(
        f"{served.url}/api/nodes", params={"iri": goal["iri"]}, headers=bearer("trondheim")
    )
    assert deleted.status_code == 200 and deleted.json()["removed"] == 4
    assert http.get(f"{served.url}/api/nodes", params={"iri": goal["iri"]}).status_code == 404
    # Undo the deletion from the history (the node is in no graph now, its history stays).
    history = http.get(
        f"{served.url}/api/history", params={"iri": goal["iri"]}, headers=bearer("trondheim")
    ).json()
    restored = http.post(
        f"{served.url}/api/history/restore",
        params={"iri": goal["iri"], "change": history[0]["change"]},
        headers=bearer("trondheim"),
    )
    assert restored.status_code == 200
    assert restored.json()["version"] == changed.json()["version"]


def test_undo_restores_the_state_before_a_rename(served: Served) -> None:
    goal = create(served, goal_body("Opprinnelig navn i Trondheim"))
    http.patch(
        f"{served.url}/api/nodes",
        params={"iri": goal["iri"]},
        json={"labels": {"nb": "Nytt navn"}},
        headers=bearer("trondheim"),
    ).raise_for_status()
    rename = http.get(
        f"{served.url}/api/history", params={"iri": goal["iri"]}, headers=bearer("trondheim")
    ).json()[0]
    undone = http.post(
        f"{served.url}/api/history/restore",
        params={"iri": goal["iri"], "change": rename["change"]},
        headers=bearer("trondheim"),
    )
    assert undone.status_code == 200 and undone.json()["version"] == goal["version"]
    node = http.get(f"{served.url}/api/nodes", params={"iri": goal["iri"]}).json()
    assert node["labels"]["nb"] == "Opprinnelig navn i Trondheim"
    other = http.post(
        f"{served.url}/api/history/restore",
        params={"iri": goal["iri"], "change": rename["change"]},
        headers=bearer("melhus"),
    )
    assert other.status_code == 403


def test_409_when_two_editors_change_the_same_node_at_once(served: Served, tmp_path: Path) -> None:
    goal = create(served, goal_body("Et mål to vil endre i Trondheim"))
    answers: list[httpx.Response] = []
    start = threading.Barrier(2)

    def rename(label: str) -> None:
        start.wait()
        answers.append(
            http.patch(
                f"{served.url}/api/nodes",
                params={"iri": goal["iri"]},
                json={"labels": {"nb": label}},
                headers={**bearer("trondheim"), "If-Match": f'"{goal["version"]}"'},
                timeout=60,
            )
        )

    threads = [threading.Thread(target=rename, args=(n,)) for n in ("Første", "Andre")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = next(a for a in answers if a.status_code == 200).request
    label = http.get(f"{served.url}/api/nodes", params={"iri": goal["iri"]}).json()["labels"]
    assert winner.content.decode() in (
        '{"labels":{"nb":"' + label["nb"] + '"}}',
        '{"labels": {"nb": "' + label["nb"] + '"}}',
    )
    # The loser's stale version is refused on every later try as well.
    before = dump(served, tmp_path)
    again = http.delete(
        f"{served.url}/api/nodes",
        params={"iri": goal["iri"]},
        headers={**bearer("trondheim"), "If-Match": f'"{goal["version"]}"'},
    )
    assert again.status_code == 409
    assert dump(served, tmp_path) == before


def test_409_for_deleting_a_node_other_graphs_link_to(served: Served, tmp_path: Path) -> None:
    shared = M + "nullvekstmalet"
    rows = http.get(f"{served.url}/api/nodes", params={"iri": shared})
    assert rows.status_code == 200
    assert any(not link["same_graph"] for link in rows.json()["incoming"])
    graph = rows.json()["graph"]
    name = "agreement"
    token = "agreement-token-0123456789"
    settings = [*EDITORS, {"name": name, "token_hash": hash_token(token), "graphs": [graph]}]
    with serving(FILES, source=served.source, editor=settings) as with_agreement:
        before = dump(served, tmp_path)
        response = http.delete(
            f"{with_agreement.url}/api/nodes",
            params={"iri": shared},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 409
        assert "other graphs" in response.json()["detail"]
        assert dump(served, tmp_path) == before


def test_a_live_check_says_what_a_save_would_meet(served: Served, tmp_path: Path) -> None:
    before = dump(served, tmp_path)
    response = http.post(
        f"{served.url}/api/nodes/check",
        params={"lang": "nb"},
        json={
            "graph": TRONDHEIM,
            "type": "gg:MainGoal",
            "labels": {"nb": "Vi skal styrke folkehelsen", "en": "We will improve health"},
        },
        headers=bearer("trondheim"),
    )
    assert response.status_code == 200
    checked = response.json()
    assert not checked["refused"]
    wording = [r for r in checked["results"] if r["rule"] == "GoalPhrasedAsStrategyShape"]
    assert wording and wording[0]["path"] == "http://www.w3.org/2000/01/rdf-schema#label"
    assert dump(served, tmp_path) == before, "a check writes nothing"


def test_links_are_offered_from_lists_of_the_right_class(served: Served) -> None:
    options = http.get(
        f"{served.url}/api/editor/options",
        params={"class": "gg:Goal", "q": "", "graph": TRONDHEIM, "lang": "nb"},
    ).json()
    kinds = http.get(
        f"{served.url}/api/editor/options",
        params={"class": "gg:Strategy", "q": ""},
    ).json()
    assert options and kinds
    assert {o["iri"] for o in options}.isdisjoint({o["iri"] for o in kinds})
    assert options[0]["own"], "the editor's own graph comes first"
    sdg = http.get(
        f"{served.url}/api/editor/options",
        params={"class": ["gg:SDGTarget", "gg:SDGGoal"], "q": "11.2", "lang": "nb"},
    ).json()
    assert sdg[0]["notation"] == "11.2" and sdg[0]["lang"] == "en"
    text = http.get(
        f"{served.url}/api/editor/options",
        params={"class": "gg:SDGTarget", "q": "Road Traffic"},
    ).json()
    assert any(o["notation"] == "3.6" for o in text)


def _csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert found, html[:500]
    return found.group(1)


def test_a_browser_session_needs_the_csrf_token_for_every_change(
    served: Served, tmp_path: Path
) -> None:
    with httpx.Client(base_url=served.url, timeout=180) as browser:
        form = browser.get("/signin")
        wrong = browser.post(
            "/signin",
            data={"name": "trondheim", "token": "wrong-token-0123456", "csrf": _csrf_of(form.text)},
        )
        assert wrong.status_code == 401
        signed = browser.post(
            "/signin",
            data={
                "name": "trondheim",
                "token": TOKENS["trondheim"],
                "csrf": _csrf_of(wrong.text),
                "next": "/",
            },
        )
        assert signed.status_code == 303
        cookie = next(
            c.lower() for c in signed.headers.get_list("set-cookie") if "goalgraph_session" in c
        )
        # HTTP-only, same-site, and for this browser session only (no expiry).
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert "max-age" not in cookie and "expires" not in cookie
        page = browser.get("/edit/new", params={"type": "gg:MainGoal"})
        assert page.status_code == 200
        csrf = _csrf_of(page.text)
        before = dump(served, tmp_path)
        body = goal_body("Laget i nettleseren i Trondheim")
        assert browser.post("/api/nodes", json=body).status_code == 403
        assert (
            browser.post("/api/nodes", json=body, headers={"X-CSRF-Token": "forged"}).status_code
            == 403
        )
        assert (
            browser.post(
                "/api/nodes",
                json=body,
                headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"},
            ).status_code
            == 403
        )
        assert dump(served, tmp_path) == before
        made = browser.post("/api/nodes", json=body, headers={"X-CSRF-Token": csrf})
        assert made.status_code == 201
        assert browser.get("/api/history", params={"iri": made.json()["iri"]}).status_code == 200
        out = browser.post("/signout", data={"csrf": csrf})
        assert out.status_code == 303
        after = browser.post("/api/nodes", json=body, headers={"X-CSRF-Token": csrf})
        assert after.status_code == 401


def test_the_write_token_and_the_editor_tokens_stay_apart(served: Served) -> None:
    graph = TRONDHEIM
    editor_gsp = http.put(
        f"{served.url}/graphs",
        params={"graph": graph},
        content=b"",
        headers={**bearer("trondheim"), "Content-Type": "text/turtle"},
    )
    assert editor_gsp.status_code == 401
    write_editor = http.post(
        f"{served.url}/api/nodes",
        json=goal_body("Med skrivenøkkelen"),
        headers={"Authorization": f"Bearer {WRITE}"},
    )
    assert write_editor.status_code == 401


def test_history_graphs_are_neither_served_nor_counted(served: Served) -> None:
    create(served, goal_body("Et mål med historikk i Trondheim"))
    history = str(history_graph(URIRef(TRONDHEIM)))
    assert history in {str(i.iri) for i in served.source.store.graphs()}
    assert http.get(f"{served.url}/graphs", params={"graph": history}).status_code == 403
    union = http.get(
        f"{served.url}/graphs", params={"default": ""}, headers={"Accept": "text/turtle"}
    )
    assert union.status_code == 200 and "urn:goalgraph:editor:" not in union.text
    report = http.get(f"{served.url}/report").text
    assert "urn:goalgraph:history" not in report


def test_the_openapi_document_describes_the_editor(served: Served) -> None:
    document = http.get(f"{served.url}/openapi.json").json()
    paths = document["paths"]
    assert {"post", "get", "patch", "delete"} <= set(paths["/api/nodes"])
    assert "get" in paths["/api/history"]
    assert "post" in paths["/api/history/restore"]
    assert {"201", "401", "403", "409", "422"} <= set(paths["/api/nodes"]["post"]["responses"])
    body = document["components"]["schemas"]["NodeBody"]["properties"]
    assert {"graph", "type", "labels", "links", "values"} <= set(body)
    # Without editors, editing is off: 403, and nothing to sign in to.
    with serving(FILES, source=served.source) as plain:
        off = http.post(f"{plain.url}/api/nodes", json=goal_body("x"))
        assert off.status_code == 403
        assert 'id="sign-in"' not in http.get(f"{plain.url}/").text


def test_history_survives_a_restart(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = open_store(str(folder))
    store.load([MILJOPAKKEN / "trondheim-kommune.ttl"], URIRef(TRONDHEIM))
    store.load(
        [MILJOPAKKEN / "agreement.ttl"], URIRef(str(file_graph(MILJOPAKKEN / "agreement.ttl")))
    )
    source = StoreSource(store)
    with serving([], source=source, editor=EDITORS) as served:
        goal = create(served, goal_body("Et mål som overlever i Trondheim"))
        http.patch(
            f"{served.url}/api/nodes",
            params={"iri": goal["iri"]},
            json={"labels": {"nb": "Et mål som har overlevd"}},
            headers=bearer("trondheim"),
        ).raise_for_status()
    source.close()
    reopened = open_store(str(folder))
    records = node_history(reopened, URIRef(goal["iri"]), [URIRef(TRONDHEIM)])
    assert [r.by for r in records] == ["trondheim", "trondheim"]
    reopened.close()


def test_editor_settings_are_checked(tmp_path: Path) -> None:
    config = tmp_path / "goalgraph.toml"
    good = EDITORS[0]
    cases = {
        "not a hash goalgraph made": {**good, "token_hash": "plain-text-token"},
        "is kept by goalgraph itself": {**good, "graphs": ["https://w3id.org/goalgraph"]},
        "not an editor name": {**good, "name": "two words"},
    }
    for message, editor in cases.items():
        graphs = ", ".join(f'"{g}"' for g in editor["graphs"])
        config.write_text(
            f'[[editor]]\nname = "{editor["name"]}"\ntoken_hash = "{editor["token_hash"]}"\n'
            f"graphs = [{graphs}]\n",
            encoding="utf-8",
        )
        with pytest.raises(LoadError, match=message):
            load_settings(config)
    twice = "".join(
        f'[[editor]]\nname = "same"\ntoken_hash = "{hash_token(str(n) * 20)}"\ngraphs = []\n'
        for n in (1, 2)
    )
    config.write_text(twice, encoding="utf-8")
    with pytest.raises(LoadError, match="given twice"):
        load_settings(config)
