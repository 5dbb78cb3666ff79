"""The plan-cycle pages and API: two versions compared, the yearly wheel, plan versions."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import Served


def get(server: Served, path: str) -> httpx.Response:
    return httpx.get(server.url + path, timeout=60, follow_redirects=False)


def words(html: str) -> str:
    """The page's main text without tags, entities of quotes undone."""
    main = html.split("<main", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def test_the_versions_of_the_asker_portfolio(asker_server: Served) -> None:
    versions = get(asker_server, "/api/versions?lang=en").json()
    assert [(v["name"], v["adopted"]) for v in versions] == [
        ("2015", "2015-06-16"),
        ("2016", "2015-12-15"),
    ]
    assert versions[1]["previousVersion"] == versions[0]["version"]
    assert versions[0]["label"] == "Corrected strategic project portfolio 2015"


def test_the_diff_page_compares_the_last_two_versions_by_default(asker_server: Served) -> None:
    response = get(asker_server, "/diff?lang=en")
    assert response.status_code == 200
    text = words(response.text)
    assert "Corrected strategic project portfolio 2015 → Strategic project portfolio 2016" in text
    assert "Project “AGP – Employer policy platform” moved from Concept to Planning" in text
    assert "Budget of “Digitalisation strategy” raised by NOK 4 million" in text
    nb = words(get(asker_server, "/diff?old=2015&new=2016").text)
    assert "Prosjekt «AGP – Arbeidsgiverpolitisk plattform» er flyttet fra Konsept til " in nb


def test_the_diff_api_is_the_command_s_document(asker_server: Served) -> None:
    document = get(asker_server, "/api/diff?old=2015&new=2016").json()
    assert set(document) == {"added", "removed", "changed"}
    added = {entry["node"].rsplit("/", 1)[1] for entry in document["added"]}
    removed = {entry["node"].rsplit("/", 1)[1] for entry in document["removed"]}
    assert added and removed and not added & removed
    for node in document["changed"]:
        for change in node["changes"]:
            assert set(change) >= {"property", "old", "new"} and change["old"] != change["new"]
    # The same version on both sides: nothing changed.
    assert get(asker_server, "/api/diff?old=2016&new=2016").json() == {
        "added": [],
        "removed": [],
        "changed": [],
    }


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/diff?old=2015&new=2017", 404),
        ("/api/diff?old=2015&new=2017", 404),
        ("/wheel?at=31.12.2016", 400),
        ("/api/wheel?at=2016-13-01", 400),
        ("/api/wheel?days=-1", 422),
        ("/api/projects?version=2017", 404),
    ],
)
def test_bad_versions_and_dates_are_client_errors(
    asker_server: Served, path: str, status: int
) -> None:
    assert get(asker_server, path).status_code == status


def test_the_wheel_page_lists_what_is_due(asker_server: Served) -> None:
    text = words(get(asker_server, "/wheel?at=2016-03-20&days=31&lang=en").text)
    due = text.split("Due in the next 31 days", 1)[1].split("Later", 1)[0]
    assert (
        "10 April 2016" in due and "The projects report their status for the first quarter" in due
    )
    assert "15 May 2016" not in due
    assert "Due in the next" in text


def test_the_wheel_api(asker_server: Served) -> None:
    document = get(asker_server, "/api/wheel?at=2016-03-20&days=31&lang=en").json()
    assert document["at"] == "2016-03-20" and document["days"] == 31
    assert [(m["date"], m["days"]) for m in document["due"]] == [("2016-04-10", 21)]
    assert all(m["days"] > 31 for m in document["later"])


def test_pages_read_the_version_asked_for(asker_server: Served) -> None:
    kominn = "/project?iri=https://w3id.org/goalgraph/examples/asker/pr-kominn&lang=en"
    assert get(asker_server, kominn).status_code == 200
    assert get(asker_server, kominn + "&version=2016").status_code == 200
    # KomInn 3.0 came with the 2016 portfolio: the 2015 version does not hold it.
    assert get(asker_server, kominn + "&version=2015").status_code == 404
    projects = get(asker_server, "/api/projects?version=2015").json()
    assert "KomInn 3.0" not in str(projects) and "Innovasjonsstrategi" in str(projects)


def test_the_project_page_shows_its_status_history(asker_server: Served) -> None:
    iri = "https://w3id.org/goalgraph/examples/asker/pr-digitaliseringsstrategi"
    text = words(get(asker_server, f"/project?iri={iri}&lang=en").text)
    assert "Status reports" in text
    assert "Q1 2016" in text


def test_the_report_page_shows_status_and_what_to_prioritise(asker_server: Served) -> None:
    # As `goalgraph report` shows them: the quarter's deviations and the projects' latest
    # status, and what each portfolio with criteria keeps within its frame, every project
    # and portfolio linked to its page.
    from urllib.parse import quote

    from goalgraph import load
    from goalgraph.analysis.report import portfolio_report
    from tests.conftest import ASKER

    html = get(asker_server, "/report?lang=en").text
    report = portfolio_report(load(ASKER), lang="en")
    assert report.status is not None and report.status.deviations and report.priorities

    def link(kind: str, node: object, label: str) -> str:
        return f'<a href="/{kind}?iri={quote(str(node), safe="")}&amp;lang=en">{label}</a>'

    status = html.split("<h2>Status and deviations</h2>", 1)[1]
    for deviation in report.status.deviations:
        assert f'<li class="warn">{link("project", deviation.project, deviation.label)}' in status
    reported = [p for p in report.status.projects if p.latest(report.today) is not None]
    assert reported
    for project in reported:
        assert f"<tr><td>{link('project', project.project, project.label)}</td>" in status
    priorities = html.split('<ul class="priorities">', 1)[1].split("</ul>", 1)[0]
    for priority in report.priorities:
        # To the portfolio's prioritisation, by the address its own page gives it.
        portfolio = get(asker_server, f"/node?iri={quote(str(priority.portfolio))}&lang=en").text
        href = portfolio.split('class="prioritise-link" href="', 1)[1].split('"', 1)[0]
        assert href.startswith("/prioritise?portfolio=")
        assert f'<strong><a href="{href}">{priority.label}</a></strong>' in priorities
    assert "<h2>Status og avvik</h2>" in get(asker_server, "/report?lang=nb").text


def test_the_report_page_gives_each_indicator_its_figures_on_its_row(asker_server: Served) -> None:
    from markupsafe import escape

    from goalgraph import load
    from goalgraph.analysis.report import portfolio_report
    from goalgraph.language import format_number, format_short_date
    from tests.conftest import ASKER

    html = get(asker_server, "/report?lang=en").text
    table = html.split('<table id="goal-table">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr>")
    report = portfolio_report(load(ASKER), lang="en")
    shown = [i for goal in report.goals for i in goal.indicators if i.observed is not None]
    assert shown
    for status in shown:
        (row,) = [r for r in rows if f"<td>{escape(status.label)}" in r]
        latest = format_number(status.observed, "en")
        assert status.observed_date is not None
        assert f"{latest} <span" in row and format_short_date(status.observed_date, "en") in row
        if status.target is not None:
            assert f'<td class="num">{format_number(status.target, "en")} ' in row
        assert f'<td class="status {status.status}">' in row
