"""The goalgraph vocabulary as a closed rdflib namespace, with the other namespaces it uses."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)


class GG(DefinedNamespace):
    """goalgraph core vocabulary (ontology/goalgraph.ttl); unknown names raise AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/goalgraph#")

    ActionProgramme: URIRef  # The four-year plan that gives assignments to the service areas; ro...
    Agreement: URIRef  # An agreement between several parties with shared goals, for example an u...
    Assignment: URIRef  # Makes a strategy concrete for one service area for the four-year period...
    County: URIRef  # A Norwegian county authority.
    CrossCuttingChallenge: URIRef  # A challenge of the action programme that cuts across service...
    Direction: URIRef  # A concept in gg:DirectionScheme: whether higher or lower values are better.
    DirectionScheme: URIRef  # Whether an indicator improves when its value rises or falls.
    End: URIRef  # Anything that describes a desired future state – where we are going. Disjoint ...
    ExpectedEffect: URIRef  # The expected effect of a project on an indicator: the change the pr...
    Financing: URIRef  # An amount from one financing source to one project or measure, possibly ...
    FinancingSource: URIRef  # A source of funding, for example road tolls, state funds or munici...
    FocusArea: URIRef  # A focus area of the municipal plan, under which the main goals are arran...
    Goal: URIRef  # A goal of a plan: a description of a desired future state, phrased in the pre...
    HigherIsBetter: URIRef  # The indicator improves as its value rises.
    Indicator: URIRef  # An activity or result that can actually be measured and tells whether we...
    InvestmentMeasure: URIRef  # A measure funded from the investment budget.
    LowerIsBetter: URIRef  # The indicator improves as its value falls.
    MainGoal: URIRef  # The overarching goal of a focus area of the municipal plan, described in ...
    Means: URIRef  # Anything that describes how we get there: strategies, assignments, measures ...
    Measure: URIRef  # One concrete action that resolves an assignment, owned by a unit and taken...
    Milestone: URIRef  # A deadline or meeting of the yearly wheel: what is to happen, when (ever...
    MilestoneAdoption: URIRef  # The action programme, the budget or the portfolio is adopted.
    MilestoneEvaluation: URIRef  # Goal achievement is evaluated and informs next year's action p...
    MilestoneKind: URIRef  # A step of the steering year, a concept in gg:MilestoneKindScheme.
    MilestoneKindScheme: URIRef  # The steps of the steering year: needs in, prioritisation and a...
    MilestoneNeedsIn: URIRef  # Service areas and parties submit needs and project proposals.
    MilestonePrioritisation: URIRef  # The portfolio board or the programme council prioritises t...
    MilestoneReporting: URIRef  # The projects and the portfolio report status, spending and goal...
    MunicipalMasterPlan: URIRef  # The municipality's overarching plan for the development of the...
    Municipality: URIRef  # A Norwegian municipality.
    Observation: URIRef  # A measured value of an indicator at a date.
    OperatingMeasure: URIRef  # A measure funded from the operating budget.
    PhaseBenefitsRealisation: URIRef  # The line organisation uses the products and the benefits ...
    PhaseClosing: URIRef  # The products are handed over and the project is closed.
    PhaseConcept: URIRef  # Options are explored and the business case is drafted.
    PhaseExecution: URIRef  # The project delivers its products.
    PhaseIdea: URIRef  # A need or opportunity has been raised but not yet explored.
    PhaseNotAProject: URIRef  # The initiative has been assessed and will be handled in the line ...
    PhasePlanning: URIRef  # The project is planned in detail before execution.
    Plan: URIRef  # The plan document a goal, strategy or assignment comes from.
    PlanVersion: URIRef  # One version of a plan or portfolio, for example a yearly roll of the a...
    Portfolio: URIRef  # The organisation's total investment in the changes needed to reach its s...
    Programme: URIRef  # A group of projects managed together to achieve benefits they do not del...
    Project: URIRef  # A temporary organisation that delivers products towards an agreed business...
    ProjectPhase: URIRef  # A phase of a project's life cycle, a concept in gg:ProjectPhaseScheme.
    ProjectPhaseScheme: URIRef  # The phases of a project's life cycle after the Norwegian projec...
    RiskHigh: URIRef  # Uncertainty threatens the outcome; action or re-planning is needed.
    RiskLevel: URIRef  # A level in gg:RiskLevelScheme.
    RiskLevelScheme: URIRef  # Overall risk of a project: low, medium or high.
    RiskLow: URIRef  # Uncertainty is small and well managed.
    RiskMedium: URIRef  # Uncertainty needs follow-up by the portfolio board.
    SDGGoal: URIRef  # One of the 17 UN Sustainable Development Goals.
    SDGIndicator: URIRef  # A global indicator of the UN framework, identified by UNSD's indicato...
    SDGItem: URIRef  # A goal, target or indicator of the UN Sustainable Development Goals, ident...
    SDGScheme: URIRef  # The concept scheme of the UN's 17 goals, 169 targets and the global indi...
    SDGTarget: URIRef  # One of the 169 targets of the UN Sustainable Development Goals.
    ServiceArea: URIRef  # A service area of the municipality that receives assignments in the ac...
    StateAgency: URIRef  # A state agency or state-owned company, for example the Norwegian Publi...
    StatusGreen: URIRef  # On track with the plan.
    StatusRed: URIRef  # A deviation from the plan that the portfolio board must deal with.
    StatusReport: URIRef  # A project's status for one period (for example a quarter, gg:startDat...
    StatusYellow: URIRef  # Deviates somewhat from the plan and is followed up by the project.
    Strategy: URIRef  # The path to the goal: which choices or changes we prioritise. Phrased wit...
    SubGoal: URIRef  # A goal derived from a main goal or another sub-goal; contributes to it.
    TargetValue: URIRef  # A wanted value of an indicator by a date.
    ThemePlan: URIRef  # A plan for one theme or field, with its own goals and strategies.
    TrafficLight: URIRef  # A light in gg:TrafficLightScheme: green, yellow or red.
    TrafficLightScheme: URIRef  # Status of time, cost, effect and risk in status reports: green ...
    Unit: URIRef  # A unit within a service area that owns measures in its business plan.
    YearlyWheel: URIRef  # The fixed milestones of the steering year – needs in, prioritisation, ...
    addresses: URIRef  # The means addresses a cross-cutting challenge of the action programme.
    alignsWith: URIRef  # The local indicator measures the same as, or a local variant of, a glob...
    amount: URIRef  # The amount of the financing item, in NOK.
    baseline: URIRef  # The indicator's value when the goal was set.
    baselineDate: URIRef  # The date the baseline value refers to.
    budget: URIRef  # Total approved budget in Norwegian kroner (NOK).
    budgetFrame: URIRef  # The financial frame of the portfolio in NOK, against which the sum of ...
    change: URIRef  # Expected change of the indicator's value, in the indicator's unit (negative...
    concretises: URIRef  # The assignment makes the strategy concrete for one service area.
    contributesTo: URIRef  # A sub-goal contributes to a higher goal (also a shared goal of an ag...
    costComment: URIRef  # What explains the cost status.
    costStatus: URIRef  # Whether the project keeps to its budget, as a traffic light.
    date: URIRef  # The date an observation was made, or the date by which a target value or expe...
    direction: URIRef  # Whether higher or lower values are better, a concept in gg:DirectionScheme.
    dueDate: URIRef  # The date of a milestone that applies once only.
    earmarkedFor: URIRef  # The purpose the funds are earmarked for; absent means unearmarked funds.
    effectComment: URIRef  # What explains the effect status.
    effectStatus: URIRef  # Whether the project is on its way to its outcome targets, as a traffi...
    endDate: URIRef  # Last day of the period of a project, measure, assignment or plan.
    expectedBenefit: URIRef  # A benefit the project is expected to deliver, in words.
    expectedEffect: URIRef  # Links the project to an expected effect on an indicator.
    financing: URIRef  # Links a project or measure to one item of its financing.
    financingSource: URIRef  # The source the financing item comes from.
    focusArea: URIRef  # The focus area of the municipal plan that the goal belongs to.
    forecastCost: URIRef  # What the project is expected to cost in all, in NOK, as it looks when...
    implements: URIRef  # The project implements the measure.
    indicator: URIRef  # The indicator an observation, target value or expected effect refers to.
    localises: URIRef  # A local goal takes up the end part (not the means part) of a UN SDG targ...
    manager: URIRef  # The person or organisation that manages the project day to day.
    measures: URIRef  # The indicator tells whether we are on the way to the goal.
    milestone: URIRef  # Links the yearly wheel to one of its milestones.
    milestoneKind: URIRef  # Which step of the steering year the milestone belongs to, a concept ...
    owner: URIRef  # The person or organisation that owns the project and its benefits.
    partOf: URIRef  # A project is part of a programme or a portfolio; a programme is part of a p...
    party: URIRef  # A municipality, county, state agency or other party that stands behind the p...
    phase: URIRef  # The project's current phase, a concept in gg:ProjectPhaseScheme.
    plan: URIRef  # The plan a goal, strategy, assignment or portfolio is adopted in.
    realises: URIRef  # The strategy is a path to the goal.
    recursOn: URIRef  # The day of the year the milestone falls on every year, as an xsd:gMonthDa...
    reportedPhase: URIRef  # The phase the project was in when the status was reported, a concept...
    resolves: URIRef  # The measure is a concrete action that resolves the assignment.
    responsible: URIRef  # The service area, unit or party that owns the assignment, measure, pro...
    responsibleBody: URIRef  # The body responsible for the milestone: for example the municipal ...
    revises: URIRef  # The target value replaces an earlier target value of the same indicator; t...
    revisionReason: URIRef  # Why the target value was changed, in words.
    riskComment: URIRef  # What explains the risk status.
    riskLevel: URIRef  # Overall assessed risk of the project, a concept in gg:RiskLevelScheme.
    riskStatus: URIRef  # Whether the risk is under control, as a traffic light.
    serves: URIRef  # Inferred: the goals a means leads up to through the chain project → measure...
    startDate: URIRef  # First day of the period of a project, measure, assignment or plan.
    statusReport: URIRef  # Links the project to one of its status reports.
    timeComment: URIRef  # What explains the time status.
    timeStatus: URIRef  # Whether the project keeps to its schedule, as a traffic light.
    unit: URIRef  # The unit of the indicator's values, for example 'percent', 'years' or 'count'.
    value: URIRef  # The measured or wanted value, in the indicator's unit.


SDG = Namespace("http://metadata.un.org/sdg/")
"""The UN SDG Knowledge Organization System: goals, targets and indicators."""

ONTOLOGY_IRI = URIRef("https://w3id.org/goalgraph")

#: Prefixes known to every goalgraph graph, used to expand CURIEs given on the command line.
PREFIXES: dict[str, Namespace] = {
    "gg": GG._NS,
    "sdg": SDG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "dct": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "dcat": Namespace(str(DCAT)),
    "sh": Namespace(str(SH)),
}

__all__ = ["GG", "ONTOLOGY_IRI", "PREFIXES", "SDG"]
