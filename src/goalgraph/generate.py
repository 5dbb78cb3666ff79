"""Generate realistic, deterministic municipal goal-chain models for tests and benchmarks."""

from __future__ import annotations

import json
import logging
import random
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS, XSD

from goalgraph.errors import GoalgraphError
from goalgraph.namespace import GG
from goalgraph.sdg import code_to_iri

logger = logging.getLogger(__name__)

#: Generated municipality number ``n`` lives in namespace ``GRAPH_BASE + name + "/"`` and, in a
#: store, in the named graph ``GRAPH_BASE + name``, where name is ``kommune-NNN``.
GRAPH_BASE = "https://w3id.org/goalgraph/generated/"

# --------------------------------------------------------------------------------------------
# Text bank: eight themes of a municipal master plan, each localising real SDG targets
# (data/generate.json).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    nb: str
    en: str


@dataclass(frozen=True)
class _SubGoal:
    text: _Text
    sdg_target: str | None


#: The bokmål name of each unit the indicators use (their English name is the key).
_UNITS_NB = {
    "percent": "prosent",
    "years": "år",
    "count": "antall",
    "decares": "dekar",
    "kWh per m2": "kWh per m2",
    "tonnes CO2e": "tonn CO2e",
    "score 1-6": "poeng 1–6",
}


@dataclass(frozen=True)
class _Indicator:
    text: _Text
    unit: str
    higher_is_better: bool
    baseline: float
    sdg_indicator: str | None


@dataclass(frozen=True)
class _Theme:
    focus_area: _Text
    main_goal: _Text
    sdg_target: str | None
    sub_goals: tuple[_SubGoal, ...]
    strategies: tuple[_Text, ...]
    measures: tuple[_Text, ...]
    projects: tuple[_Text, ...]
    indicators: tuple[_Indicator, ...]
    areas: tuple[int, ...]


def _text(entry: dict[str, str]) -> _Text:
    return _Text(entry["nb"], entry["en"])


@dataclass(frozen=True)
class _Bank:
    """The text bank of data/generate.json: what generated municipalities are made of."""

    service_areas: tuple[tuple[_Text, tuple[str, ...]], ...]
    units: dict[str, _Text]
    themes: tuple[_Theme, ...]
    challenges: tuple[_Text, ...]
    portfolios: tuple[_Text, ...]
    financing: tuple[tuple[_Text, _Text | None], ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    name_heads: tuple[str, ...]
    name_tails: tuple[str, ...]
    places: tuple[str, ...]


def _theme(entry: dict[str, Any]) -> _Theme:
    return _Theme(
        focus_area=_text(entry["focus_area"]),
        main_goal=_text(entry["main_goal"]),
        sdg_target=entry["sdg_target"],
        sub_goals=tuple(_SubGoal(_text(s["text"]), s["sdg_target"]) for s in entry["sub_goals"]),
        strategies=tuple(map(_text, entry["strategies"])),
        measures=tuple(map(_text, entry["measures"])),
        projects=tuple(map(_text, entry["projects"])),
        indicators=tuple(
            _Indicator(
                _text(i["text"]),
                i["unit"],
                i["higher_is_better"],
                i["baseline"],
                i["sdg_indicator"],
            )
            for i in entry["indicators"]
        ),
        areas=tuple(entry["areas"]),
    )


@cache
def _bank() -> _Bank:
    data = json.loads(
        files("goalgraph").joinpath("data", "generate.json").read_text(encoding="utf-8")
    )
    return _Bank(
        service_areas=tuple((_text(a["name"]), tuple(a["units"])) for a in data["service_areas"]),
        units={key: _text(value) for key, value in data["units"].items()},
        themes=tuple(map(_theme, data["themes"])),
        challenges=tuple(map(_text, data["challenges"])),
        portfolios=tuple(map(_text, data["portfolios"])),
        financing=tuple(
            (_text(f["source"]), _text(f["earmarking"]) if f["earmarking"] else None)
            for f in data["financing"]
        ),
        first_names=tuple(data["first_names"]),
        last_names=tuple(data["last_names"]),
        name_heads=tuple(data["name_heads"]),
        name_tails=tuple(data["name_tails"]),
        places=tuple(data["places"]),
    )


_PHASES = (
    GG.PhaseIdea,
    GG.PhaseConcept,
    GG.PhasePlanning,
    GG.PhaseExecution,
    GG.PhaseExecution,
    GG.PhaseClosing,
    GG.PhaseBenefitsRealisation,
    GG.PhaseNotAProject,
)
_RISKS = (GG.RiskLow, GG.RiskLow, GG.RiskMedium, GG.RiskMedium, GG.RiskHigh)
MAIN_GOALS = 5
SUB_GOALS_PER_MAIN = 3
STRATEGIES_PER_THEME = 3
ASSIGNMENTS_PER_STRATEGY = 2
MEASURES_PER_ASSIGNMENT = 3
PROJECTS = 30
OBSERVATION_YEARS = range(2017, 2025)
TARGET_YEARS = range(2025, 2031)

# --------------------------------------------------------------------------------------------
# N-Triples writing
# --------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _iri(node: str) -> str:
    return f"<{node}>"


def _lang(text: str, lang: str) -> str:
    return f'"{_escape(text)}"@{lang}'


def _typed(lexical: str, datatype: URIRef) -> str:
    return f'"{_escape(lexical)}"^^<{datatype}>'


def _decimal(value: float) -> str:
    return _typed(f"{value:.2f}".rstrip("0").rstrip("."), XSD.decimal)


def _date(year: int, month: int = 1, day: int = 1) -> str:
    return _typed(f"{year:04d}-{month:02d}-{day:02d}", XSD.date)


class _Writer:
    """Collects the N-Triples lines of one municipality."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, subject: str, predicate: URIRef, obj: str) -> None:
        self.lines.append(f"<{subject}> <{predicate}> {obj} .\n")

    def node(self, subject: str, cls: URIRef, text: _Text, *, suffix: str = "") -> None:
        self.add(subject, RDF.type, _iri(cls))
        self.add(subject, RDFS.label, _lang(text.nb + suffix, "nb"))
        self.add(subject, RDFS.label, _lang(text.en + suffix, "en"))

    def describe(self, subject: str, nb: str, en: str) -> None:
        self.add(subject, DCTERMS.description, _lang(nb, "nb"))
        self.add(subject, DCTERMS.description, _lang(en, "en"))


# --------------------------------------------------------------------------------------------
# One municipality
# --------------------------------------------------------------------------------------------


def municipality_name(index: int) -> str:
    """A plausible, unique Norwegian place name for generated municipality ``index`` (1-based)."""
    heads, tails = len(_bank().name_heads), len(_bank().name_tails)
    position = index - 1
    name = _bank().name_heads[position % heads] + _bank().name_tails[(position // heads) % tails]
    cycle = position // (heads * tails)
    return name if cycle == 0 else f"{name} {cycle + 1}"


def slug(index: int) -> str:
    """The file stem and the last IRI segment of generated municipality ``index``."""
    return f"kommune-{index:03d}"


@dataclass(frozen=True)
class GeneratedModel:
    """One generated municipality: where it was written and what it holds."""

    index: int
    name: str
    graph: URIRef
    path: Path
    triples: int


@dataclass(frozen=True)
class GenerateResult:
    """All municipalities written by one ``generate`` call."""

    models: tuple[GeneratedModel, ...]

    @property
    def triples(self) -> int:
        return sum(m.triples for m in self.models)


class _Municipality:
    """Builds the triples of one municipality from its own random generator."""

    def __init__(self, index: int, seed: int, sdg_iri: Callable[[str], str]) -> None:
        self.index = index
        self.rng = random.Random(f"goalgraph-generate:{seed}:{index}")
        self.name = municipality_name(index)
        self.ns = f"{GRAPH_BASE}{slug(index)}/"
        self.sdg_iri = sdg_iri
        self.out = _Writer()
        self.people: list[str] = []
        self.areas: list[str] = []
        self.units: dict[int, list[str]] = {}

    def iri(self, local: str) -> str:
        return self.ns + local

    def build(self) -> list[str]:
        themes = self.rng.sample(range(len(_bank().themes)), MAIN_GOALS)
        self.organisation()
        plans = self.plans()
        challenges = self.challenges()
        portfolios, programmes, sources = self.portfolio()
        indicators: list[str] = []
        measures: list[tuple[str, int, int]] = []
        for number, theme_index in enumerate(themes, start=1):
            theme = _bank().themes[theme_index]
            goals = self.goals(number, theme, plans)
            indicators += self.indicators(number, theme, goals)
            strategies = self.strategies(number, theme, goals, plans, challenges)
            assignments = self.assignments(number, theme, strategies, plans)
            measures += [(m, theme_index, number) for m in self.measures(assignments, theme)]
        self.projects(measures, programmes, portfolios, sources, indicators)
        return self.out.lines

    def person(self) -> str:
        local = f"person/{len(self.people) + 1}"
        name = f"{self.rng.choice(_bank().first_names)} {self.rng.choice(_bank().last_names)}"
        self.out.add(self.iri(local), RDF.type, _iri(FOAF.Person))
        self.out.add(self.iri(local), FOAF.name, f'"{_escape(name)}"')
        self.people.append(self.iri(local))
        return self.iri(local)

    def organisation(self) -> None:
        out, muni = self.out, self.iri("kommune")
        out.node(muni, GG.Municipality, _Text(f"{self.name} kommune", f"{self.name} municipality"))
        out.add(muni, DCTERMS.identifier, f'"{9000 + self.index}"')
        for number, (area_text, unit_keys) in enumerate(_bank().service_areas, start=1):
            area = self.iri(f"tjenesteomrade/{number}")
            out.node(area, GG.ServiceArea, area_text)
            out.add(area, ORG.unitOf, _iri(muni))
            self.areas.append(area)
            self.units[number - 1] = []
            for key in unit_keys:
                unit = self.iri(f"virksomhet/{number}-{key.lower()}")
                out.node(unit, GG.Unit, _bank().units[key])
                out.add(unit, ORG.unitOf, _iri(area))
                self.units[number - 1].append(unit)
        for _ in range(24):
            self.person()

    def plans(self) -> dict[str, str]:
        out, muni = self.out, self.iri("kommune")
        year = 2020 + self.rng.randrange(5)
        plans = {
            "master": (
                GG.MunicipalMasterPlan,
                _Text(
                    f"Kommuneplanens samfunnsdel {year}–2035", f"Municipal master plan {year}–2035"
                ),
                year,
                2035,
            ),
            "action": (
                GG.ActionProgramme,
                _Text("Handlingsprogram 2025–2028", "Action programme 2025–2028"),
                2025,
                2028,
            ),
            "theme": (
                GG.ThemePlan,
                _Text("Temaplan for klima og miljø", "Theme plan for climate and environment"),
                year + 1,
                2030,
            ),
        }
        iris: dict[str, str] = {}
        for key, (cls, text, start, end) in plans.items():
            plan = self.iri(f"plan/{key}")
            out.node(plan, cls, text)
            out.add(plan, GG.party, _iri(muni))
            out.add(plan, GG.startDate, _date(start))
            out.add(plan, GG.endDate, _date(end, 12, 31))
            iris[key] = plan
        return iris

    def challenges(self) -> list[str]:
        found = []
        for number, text in enumerate(_bank().challenges, start=1):
            node = self.iri(f"utfordring/{number}")
            self.out.node(node, GG.CrossCuttingChallenge, text)
            self.out.add(node, SKOS.prefLabel, _lang(text.nb, "nb"))
            self.out.add(node, SKOS.prefLabel, _lang(text.en, "en"))
            found.append(node)
        return found

    def portfolio(self) -> tuple[list[str], list[str], list[str]]:
        out, rng = self.out, self.rng
        portfolios = []
        for number, text in enumerate(_bank().portfolios, start=1):
            node = self.iri(f"portefolje/{number}")
            out.node(node, GG.Portfolio, text)
            out.add(node, GG.budgetFrame, _decimal(rng.randrange(150, 900) * 1_000_000))
            out.add(node, GG.responsible, _iri(self.iri("kommune")))
            portfolios.append(node)
        programmes = []
        for number in range(1, 5):
            node = self.iri(f"program/{number}")
            place = rng.choice(_bank().places)
            out.node(node, GG.Programme, _Text(f"Program {place}", f"Programme {place}"))
            out.add(node, GG.partOf, _iri(portfolios[number % len(portfolios)]))
            out.add(node, GG.responsible, _iri(rng.choice(self.areas)))
            programmes.append(node)
        sources = []
        for number, (text, earmark) in enumerate(_bank().financing, start=1):
            node = self.iri(f"finansieringskilde/{number}")
            out.node(node, GG.FinancingSource, text)
            if earmark is not None:
                out.add(node, GG.earmarkedFor, _lang(earmark.nb, "nb"))
                out.add(node, GG.earmarkedFor, _lang(earmark.en, "en"))
            sources.append(node)
        return portfolios, programmes, sources

    def goals(self, number: int, theme: _Theme, plans: dict[str, str]) -> list[str]:
        out = self.out
        area = self.iri(f"satsingsomrade/{number}")
        out.node(area, GG.FocusArea, theme.focus_area)
        out.add(area, SKOS.prefLabel, _lang(theme.focus_area.nb, "nb"))
        out.add(area, SKOS.prefLabel, _lang(theme.focus_area.en, "en"))
        main = self.iri(f"hovedmal/{number}")
        out.node(main, GG.MainGoal, theme.main_goal)
        out.add(main, DCTERMS.identifier, f'"HM{number}"')
        out.add(main, GG.focusArea, _iri(area))
        out.add(main, GG.plan, _iri(plans["master"]))
        out.add(
            main, DCTERMS.source, _lang(f"{self.name} kommune, kommuneplanens samfunnsdel", "nb")
        )
        if theme.sdg_target is not None:
            out.add(main, GG.localises, _iri(self.sdg_iri(theme.sdg_target)))
        goals = [main]
        for sub_number, sub in enumerate(theme.sub_goals[:SUB_GOALS_PER_MAIN], start=1):
            goal = self.iri(f"delmal/{number}-{sub_number}")
            out.node(goal, GG.SubGoal, sub.text)
            out.add(goal, DCTERMS.identifier, f'"DM{number}.{sub_number}"')
            out.add(goal, GG.contributesTo, _iri(main))
            out.add(goal, GG.plan, _iri(plans["master"]))
            # Some sub-goals take up an SDG target; the rest stay purely local.
            if sub.sdg_target is not None and self.rng.random() < 0.7:
                out.add(goal, GG.localises, _iri(self.sdg_iri(sub.sdg_target)))
            out.describe(
                goal,
                f"Delmålet utdyper hovedmålet «{theme.main_goal.nb}».",
                f'The sub-goal elaborates the main goal "{theme.main_goal.en}".',
            )
            goals.append(goal)
        return goals

    def indicators(self, number: int, theme: _Theme, goals: list[str]) -> list[str]:
        out, rng = self.out, self.rng
        found = []
        for ind_number, spec in enumerate(theme.indicators, start=1):
            node = self.iri(f"indikator/{number}-{ind_number}")
            out.node(node, GG.Indicator, spec.text)
            out.add(node, GG.measures, _iri(goals[min(ind_number, len(goals) - 1)]))
            unit_nb = _UNITS_NB.get(spec.unit, spec.unit)
            out.add(node, GG.unit, f'"{_escape(unit_nb)}"@nb')
            out.add(node, GG.unit, f'"{_escape(spec.unit)}"@en')
            direction = GG.HigherIsBetter if spec.higher_is_better else GG.LowerIsBetter
            out.add(node, GG.direction, _iri(direction))
            baseline = spec.baseline * rng.uniform(0.85, 1.15)
            out.add(node, GG.baseline, _decimal(baseline))
            out.add(node, GG.baselineDate, _date(2019, 12, 31))
            out.add(node, GG.responsible, _iri(self.areas[theme.areas[0]]))
            if spec.sdg_indicator is not None:
                out.add(node, GG.alignsWith, _iri(self.sdg_iri(spec.sdg_indicator)))
            sign = 1.0 if spec.higher_is_better else -1.0
            for year in TARGET_YEARS:
                target = self.iri(f"indikator/{number}-{ind_number}/mal-{year}")
                out.add(target, RDF.type, _iri(GG.TargetValue))
                out.add(target, GG.indicator, _iri(node))
                improvement = 1 + sign * 0.02 * (year - 2024)
                out.add(target, GG.value, _decimal(baseline * improvement))
                out.add(target, GG.date, _date(year, 12, 31))
            value = baseline
            # Monthly observations, as a municipal management dashboard reports them.
            for year in OBSERVATION_YEARS:
                for month in range(1, 13):
                    obs = self.iri(f"indikator/{number}-{ind_number}/maling-{year}-{month:02d}")
                    value *= 1 + sign * rng.uniform(-0.004, 0.005)
                    out.add(obs, RDF.type, _iri(GG.Observation))
                    out.add(obs, GG.indicator, _iri(node))
                    out.add(obs, GG.value, _decimal(value))
                    out.add(obs, GG.date, _date(year, month, monthrange(year, month)[1]))
            found.append(node)
        return found

    def strategies(
        self,
        number: int,
        theme: _Theme,
        goals: list[str],
        plans: dict[str, str],
        challenges: list[str],
    ) -> list[str]:
        out, rng = self.out, self.rng
        found = []
        for st_number, text in enumerate(theme.strategies[:STRATEGIES_PER_THEME], start=1):
            node = self.iri(f"strategi/{number}-{st_number}")
            out.node(node, GG.Strategy, text)
            out.add(node, DCTERMS.identifier, f'"S{number}.{st_number}"')
            out.add(node, GG.plan, _iri(plans["master"]))
            out.add(node, GG.realises, _iri(goals[st_number]))
            out.describe(
                node,
                f"Strategien viser veien mot «{theme.sub_goals[st_number - 1].text.nb}».",
                f'The strategy shows the way towards "{theme.sub_goals[st_number - 1].text.en}".',
            )
            if rng.random() < 0.3:
                out.add(node, GG.realises, _iri(goals[0]))
            if rng.random() < 0.5:
                out.add(node, GG.addresses, _iri(rng.choice(challenges)))
            found.append(node)
        return found

    def assignments(
        self, number: int, theme: _Theme, strategies: list[str], plans: dict[str, str]
    ) -> list[tuple[str, int]]:
        out = self.out
        found = []
        for st_index, strategy in enumerate(strategies, start=1):
            strategy_text = theme.strategies[st_index - 1]
            for a_number in range(1, ASSIGNMENTS_PER_STRATEGY + 1):
                area_index = theme.areas[(a_number - 1) % len(theme.areas)]
                area_text = _bank().service_areas[area_index][0]
                node = self.iri(f"oppdrag/{number}-{st_index}-{a_number}")
                nb_action = strategy_text.nb.split(" skal ", 1)[-1].split(" vil ", 1)[-1]
                en_action = strategy_text.en.split(" will ", 1)[-1]
                out.node(
                    node,
                    GG.Assignment,
                    _Text(
                        f"{area_text.nb} skal {nb_action} (oppdrag {a_number})",
                        f"{area_text.en} will {en_action} (assignment {a_number})",
                    ),
                )
                out.add(node, GG.concretises, _iri(strategy))
                out.describe(
                    node,
                    f"Oppdrag til {area_text.nb.lower()} i handlingsprogramperioden.",
                    f"Assignment to {area_text.en} for the action programme period.",
                )
                out.add(node, GG.responsible, _iri(self.areas[area_index]))
                out.add(node, GG.plan, _iri(plans["action"]))
                out.add(node, GG.startDate, _date(2025))
                out.add(node, GG.endDate, _date(2028, 12, 31))
                found.append((node, area_index))
        return found

    def measures(self, assignments: list[tuple[str, int]], theme: _Theme) -> list[str]:
        out, rng = self.out, self.rng
        found = []
        for assignment, area_index in assignments:
            for m_number in range(1, MEASURES_PER_ASSIGNMENT + 1):
                node = f"{assignment.replace('/oppdrag/', '/tiltak/')}-{m_number}"
                text = rng.choice(theme.measures)
                investment = rng.random() < 0.35
                cls = GG.InvestmentMeasure if investment else GG.OperatingMeasure
                place = rng.choice(_bank().places)
                out.node(node, cls, _Text(f"{text.nb} – {place}", f"{text.en} – {place}"))
                out.add(node, GG.resolves, _iri(assignment))
                out.describe(
                    node,
                    f"Tiltaket i virksomhetsplanen for {place}.",
                    f"The measure in the business plan for {place}.",
                )
                out.add(node, GG.responsible, _iri(rng.choice(self.units[area_index])))
                scale = 10_000_000 if investment else 1_000_000
                out.add(node, GG.budget, _decimal(rng.randrange(1, 40) * scale / 4))
                start = 2025 + rng.randrange(3)
                out.add(node, GG.startDate, _date(start))
                out.add(node, GG.endDate, _date(start + 1 + rng.randrange(3), 12, 31))
                found.append(node)
        return found

    def projects(
        self,
        measures: list[tuple[str, int, int]],
        programmes: list[str],
        portfolios: list[str],
        sources: list[str],
        indicators: list[str],
    ) -> None:
        out, rng = self.out, self.rng
        chosen = sorted(rng.sample(range(len(measures)), PROJECTS))
        for p_number, measure_index in enumerate(chosen, start=1):
            measure, theme_index, theme_number = measures[measure_index]
            theme = _bank().themes[theme_index]
            text = rng.choice(theme.projects)
            place = rng.choice(_bank().places)
            node = self.iri(f"prosjekt/{p_number}")
            out.node(node, GG.Project, _Text(f"{text.nb} {place}", f"{text.en} {place}"))
            out.add(node, DCTERMS.identifier, f'"P{self.index:03d}-{p_number:02d}"')
            out.add(node, GG.implements, _iri(measure))
            out.describe(
                node,
                f"Prosjektet gjennomfører tiltaket for {place} og leverer til porteføljestyret.",
                f"The project implements the measure for {place} and reports to the portfolio "
                "board.",
            )
            out.add(node, GG.owner, _iri(rng.choice(self.people)))
            out.add(node, GG.manager, _iri(rng.choice(self.people)))
            out.add(node, GG.phase, _iri(rng.choice(_PHASES)))
            budget = rng.randrange(2, 120) * 500_000
            out.add(node, GG.budget, _decimal(budget))
            container = programmes if rng.random() < 0.6 else portfolios
            out.add(node, GG.partOf, _iri(rng.choice(container)))
            out.add(node, GG.responsible, _iri(rng.choice(self.areas)))
            out.add(node, GG.riskLevel, _iri(rng.choice(_RISKS)))
            start = 2024 + rng.randrange(4)
            out.add(node, GG.startDate, _date(start, 1 + rng.randrange(12)))
            out.add(node, GG.endDate, _date(start + 1 + rng.randrange(4), 12, 31))
            out.add(
                node,
                GG.expectedBenefit,
                _lang(f"Bidrar til målet «{theme.main_goal.nb}»", "nb"),
            )
            out.add(node, GG.expectedBenefit, _lang(f'Contributes to "{theme.main_goal.en}"', "en"))
            effect = f"{node}/effekt"
            indicator = indicators[(theme_number - 1) * len(theme.indicators)]
            out.add(node, GG.expectedEffect, _iri(effect))
            out.add(effect, RDF.type, _iri(GG.ExpectedEffect))
            out.add(effect, GG.indicator, _iri(indicator))
            out.add(effect, GG.change, _decimal(rng.uniform(-3, 3)))
            out.add(effect, GG.date, _date(2030, 12, 31))
            shares = (0.6, 0.4) if rng.random() < 0.5 else (1.0,)
            for f_number, share in enumerate(shares, start=1):
                item = f"{node}/finansiering-{f_number}"
                out.add(node, GG.financing, _iri(item))
                out.add(item, RDF.type, _iri(GG.Financing))
                out.add(item, GG.financingSource, _iri(rng.choice(sources)))
                out.add(item, GG.amount, _decimal(budget * share))


def _sdg_resolver() -> Callable[[str], str]:
    cache: dict[str, str] = {}

    def resolve(code: str) -> str:
        if code not in cache:
            cache[code] = str(code_to_iri(code))
        return cache[code]

    return resolve


def generate(out: Path, municipalities: int, seed: int = 1) -> GenerateResult:
    """Write one N-Triples file per municipality into ``out``; same seed, same bytes.

    Municipality ``i`` depends only on ``i`` and the seed, so a larger run extends a
    smaller one.
    """
    if municipalities < 1:
        raise GoalgraphError("--municipalities must be at least 1")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GoalgraphError(f"cannot create the output folder {out}: {exc}") from exc
    resolve = _sdg_resolver()
    models = []
    for index in range(1, municipalities + 1):
        lines = _Municipality(index, seed, resolve).build()
        path = out / f"{slug(index)}.nt"
        try:
            path.write_text("".join(lines), encoding="utf-8")
        except OSError as exc:
            raise GoalgraphError(f"cannot write {path}: {exc}") from exc
        models.append(
            GeneratedModel(
                index, municipality_name(index), URIRef(GRAPH_BASE + slug(index)), path, len(lines)
            )
        )
        logger.debug("wrote %s (%d triples)", path, len(lines))
    return GenerateResult(tuple(models))
