"""The sheets of a goalgraph workbook and their columns: what each cell means in RDF."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from goalgraph.namespace import GG


class ValueKind(Enum):
    """How a column's cells turn into RDF terms."""

    ID = "id"  # the row's own node: base + id, a full IRI, or (records only) a blank node
    KIND = "kind"  # rdf:type, chosen from the sheet's classes
    LANG_TEXT = "lang_text"  # a literal in the column's language
    TEXT = "text"  # a plain literal
    SOURCE = "source"  # a plain literal, or an IRI when the cell holds a full IRI
    REF = "ref"  # ids of rows in other sheets, or full IRIs
    SDG = "sdg"  # SDG codes (3.4, 3.4.1), written as the UN's IRIs
    CHOICE = "choice"  # a concept of a fixed scheme, chosen by its label
    DECIMAL = "decimal"  # xsd:decimal
    DATE = "date"  # xsd:date
    MONTH_DAY = "month_day"  # xsd:gMonthDay: a day of every year ("--12-15")
    BOOLEAN = "boolean"  # xsd:boolean, written true or false


@dataclass(frozen=True)
class Column:
    """One column: its header in each language and the property its cells give values of."""

    key: str
    nb: str
    en: str
    kind: ValueKind
    predicate: URIRef | None = None
    lang: str | None = None
    targets: tuple[str, ...] = ()
    scheme: URIRef | None = None
    multiple: bool = False
    inverse: bool = False
    required: bool = False
    #: Headers of earlier versions, still read on import.
    former: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en


@dataclass(frozen=True)
class Sheet:
    """One sheet: the classes of the nodes it holds and its columns."""

    key: str
    nb: str
    en: str
    classes: tuple[URIRef, ...]
    columns: tuple[Column, ...]
    record: bool = False
    #: Sheet names of earlier versions, still read on import.
    former: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def has_kind_column(self) -> bool:
        return any(c.kind is ValueKind.KIND for c in self.columns)


def _id(record: bool = False) -> Column:
    return Column("id", "Id", "Id", ValueKind.ID, required=not record)


def _kind() -> Column:
    return Column("kind", "Type", "Kind", ValueKind.KIND, RDF.type, required=True)


def _pair(
    key: str, nb: str, en: str, predicate: URIRef, *, multiple: bool = False
) -> tuple[Column, Column]:
    return (
        Column(
            f"{key}_nb",
            f"{nb} (nb)",
            f"{en} (nb)",
            ValueKind.LANG_TEXT,
            predicate,
            "nb",
            multiple=multiple,
        ),
        Column(
            f"{key}_en",
            f"{nb} (en)",
            f"{en} (en)",
            ValueKind.LANG_TEXT,
            predicate,
            "en",
            multiple=multiple,
        ),
    )


def _labels() -> tuple[Column, ...]:
    return _pair("label", "Navn", "Label", RDFS.label)


def _pref_labels() -> tuple[Column, ...]:
    return _pair("pref_label", "Foretrukket navn", "Preferred label", SKOS.prefLabel)


def _about() -> tuple[Column, ...]:
    return (
        *_pair("description", "Beskrivelse", "Description", DCTERMS.description),
        Column("source", "Kilde", "Source", ValueKind.SOURCE, DCTERMS.source, multiple=True),
    )


def _ref(
    key: str,
    nb: str,
    en: str,
    predicate: URIRef,
    *targets: str,
    multiple: bool = True,
    inverse: bool = False,
    required: bool = False,
) -> Column:
    return Column(
        key,
        nb,
        en,
        ValueKind.REF,
        predicate,
        targets=targets,
        multiple=multiple,
        inverse=inverse,
        required=required,
    )


def _decimal(key: str, nb: str, en: str, predicate: URIRef, *, required: bool = False) -> Column:
    return Column(key, nb, en, ValueKind.DECIMAL, predicate, required=required)


def _date(key: str, nb: str, en: str, predicate: URIRef, *, required: bool = False) -> Column:
    return Column(key, nb, en, ValueKind.DATE, predicate, required=required)


def _period() -> tuple[Column, ...]:
    return (
        _date("start", "Startdato", "Start date", GG.startDate),
        _date("end", "Sluttdato", "End date", GG.endDate),
    )


def _choice(key: str, nb: str, en: str, predicate: URIRef, scheme: URIRef) -> Column:
    return Column(key, nb, en, ValueKind.CHOICE, predicate, scheme=scheme)


#: DCAT 3 (rdflib's DCAT namespace lacks its versioning terms).
_DCAT = Namespace("http://www.w3.org/ns/dcat#")

_PLAN = _ref("plan", "Plan", "Plan", GG.plan, "plans")
_RESPONSIBLE = _ref("responsible", "Ansvarlig", "Responsible", GG.responsible, "organisations")
_ADDRESSES = _ref("addresses", "Tar tak i", "Addresses", GG.addresses, "challenges")
_BUDGET = _decimal("budget", "Budsjett (NOK)", "Budget (NOK)", GG.budget)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "goals",
        "Mål",
        "Goals",
        (GG.MainGoal, GG.SubGoal, GG.Goal),
        (
            _id(),
            _kind(),
            *_labels(),
            _ref("contributes_to", "Bidrar til", "Contributes to", GG.contributesTo, "goals"),
            _ref("focus_area", "Satsingsområde", "Focus area", GG.focusArea, "focus_areas"),
            _PLAN,
            Column(
                "localises",
                "Lokaliserer (bærekraftsmål)",
                "Localises (SDG)",
                ValueKind.SDG,
                GG.localises,
                multiple=True,
            ),
            *_about(),
        ),
    ),
    Sheet(
        "strategies",
        "Strategier",
        "Strategies",
        (GG.Strategy,),
        (
            _id(),
            *_labels(),
            _ref("realises", "Realiserer", "Realises", GG.realises, "goals"),
            _PLAN,
            _ADDRESSES,
            *_about(),
        ),
    ),
    Sheet(
        "assignments",
        "Oppdrag",
        "Assignments",
        (GG.Assignment,),
        (
            _id(),
            *_labels(),
            _ref("concretises", "Konkretiserer", "Concretises", GG.concretises, "strategies"),
            _RESPONSIBLE,
            _PLAN,
            *_period(),
            _ADDRESSES,
            *_about(),
        ),
    ),
    Sheet(
        "measures",
        "Tiltak",
        "Measures",
        (GG.OperatingMeasure, GG.InvestmentMeasure, GG.Measure),
        (
            _id(),
            _kind(),
            *_labels(),
            _ref("resolves", "Løser", "Resolves", GG.resolves, "assignments"),
            _RESPONSIBLE,
            _BUDGET,
            *_period(),
            _ADDRESSES,
            *_about(),
        ),
    ),
    Sheet(
        "projects",
        "Prosjekter",
        "Projects",
        (GG.Project,),
        (
            _id(),
            *_labels(),
            _ref("implements", "Gjennomfører", "Implements", GG.implements, "measures"),
            _ref("owner", "Prosjekteier", "Project owner", GG.owner, "persons", "organisations"),
            _ref(
                "manager",
                "Prosjektleder",
                "Project manager",
                GG.manager,
                "persons",
                "organisations",
            ),
            _choice("phase", "Fase", "Phase", GG.phase, GG.ProjectPhaseScheme),
            _choice("risk", "Risiko", "Risk", GG.riskLevel, GG.RiskLevelScheme),
            _BUDGET,
            *_period(),
            _ref("part_of", "Del av", "Part of", GG.partOf, "programmes", "portfolios"),
            _RESPONSIBLE,
            Column("committed", "Bundet", "Committed", ValueKind.BOOLEAN, GG.committed),
            _choice(
                "proposal_status",
                "Forslagsstatus",
                "Proposal status",
                GG.proposalStatus,
                GG.ProposalStatusScheme,
            ),
            *_pair(
                "benefit",
                "Forventet gevinst",
                "Expected benefit",
                GG.expectedBenefit,
                multiple=True,
            ),
            _ADDRESSES,
            *_about(),
        ),
    ),
    Sheet(
        "programmes",
        "Programmer",
        "Programmes",
        (GG.Programme,),
        (
            _id(),
            *_labels(),
            _ref("part_of", "Del av", "Part of", GG.partOf, "portfolios"),
            _RESPONSIBLE,
            _BUDGET,
            *_period(),
            *_about(),
        ),
    ),
    Sheet(
        "portfolios",
        "Porteføljer",
        "Portfolios",
        (GG.Portfolio,),
        (
            _id(),
            *_labels(),
            _decimal("budget_frame", "Budsjettramme (NOK)", "Budget frame (NOK)", GG.budgetFrame),
            _ref(
                "criteria",
                "Kriteriesett",
                "Criteria scheme",
                GG.criteria,
                "criteria_schemes",
                multiple=False,
            ),
            _RESPONSIBLE,
            _PLAN,
            *_period(),
            *_about(),
        ),
    ),
    Sheet(
        "indicators",
        "Indikatorer",
        "Indicators",
        (GG.Indicator,),
        (
            _id(),
            *_labels(),
            _ref("measures", "Måler", "Measures", GG.measures, "goals"),
            Column(
                "unit_nb",
                "Enhet (nb)",
                "Unit (nb)",
                ValueKind.LANG_TEXT,
                GG.unit,
                "nb",
                former=("Enhet",),
            ),
            Column(
                "unit_en",
                "Enhet (en)",
                "Unit (en)",
                ValueKind.LANG_TEXT,
                GG.unit,
                "en",
                former=("Unit",),
            ),
            _choice("direction", "Retning", "Direction", GG.direction, GG.DirectionScheme),
            _decimal("baseline", "Utgangsverdi", "Baseline", GG.baseline),
            _date("baseline_date", "Dato for utgangsverdi", "Baseline date", GG.baselineDate),
            Column(
                "aligns_with",
                "Samsvarer med (bærekraftsindikator)",
                "Aligns with (SDG indicator)",
                ValueKind.SDG,
                GG.alignsWith,
                multiple=True,
            ),
            _RESPONSIBLE,
            *_about(),
        ),
    ),
    Sheet(
        "indicator_values",
        "Målverdier og målinger",
        "Targets and observations",
        (GG.TargetValue, GG.Observation),
        (
            _id(record=True),
            _kind(),
            _ref(
                "indicator",
                "Indikator",
                "Indicator",
                GG.indicator,
                "indicators",
                multiple=False,
                required=True,
            ),
            _decimal("value", "Verdi", "Value", GG.value, required=True),
            _date("date", "Dato", "Date", GG.date, required=True),
            *_pair("comment", "Kommentar", "Comment", RDFS.comment),
            _ref(
                "revises",
                "Reviderer målverdi",
                "Revises target value",
                GG.revises,
                "indicator_values",
                multiple=False,
            ),
            *_pair(
                "revision_reason",
                "Begrunnelse for revisjon",
                "Reason for revision",
                GG.revisionReason,
            ),
            *_about(),
        ),
        record=True,
        former=("Målverdier og observasjoner",),
    ),
    Sheet(
        "expected_effects",
        "Forventede effekter",
        "Expected effects",
        (GG.ExpectedEffect,),
        (
            _id(record=True),
            _ref("project", "Prosjekt", "Project", GG.expectedEffect, "projects", inverse=True),
            _ref(
                "indicator",
                "Indikator",
                "Indicator",
                GG.indicator,
                "indicators",
                multiple=False,
                required=True,
            ),
            _decimal("change", "Endring", "Change", GG.change),
            _date("date", "Innen dato", "By date", GG.date),
            *_pair("comment", "Kommentar", "Comment", RDFS.comment),
            *_about(),
        ),
        record=True,
    ),
    Sheet(
        "financing_sources",
        "Finansieringskilder",
        "Financing sources",
        (GG.FinancingSource,),
        (
            _id(),
            *_labels(),
            *_pair("earmarked", "Øremerket til", "Earmarked for", GG.earmarkedFor, multiple=True),
            *_about(),
        ),
    ),
    Sheet(
        "financing",
        "Finansiering",
        "Financing items",
        (GG.Financing,),
        (
            _id(record=True),
            replace(
                _ref(
                    "for",
                    "Finansiert prosjekt eller tiltak",
                    "Financed project or measure",
                    GG.financing,
                    "projects",
                    "measures",
                    inverse=True,
                ),
                former=("Finansierer", "Finances"),
            ),
            _ref(
                "financing_source",
                "Finansieringskilde",
                "Financing source",
                GG.financingSource,
                "financing_sources",
                multiple=False,
                required=True,
            ),
            _decimal("amount", "Beløp (NOK)", "Amount (NOK)", GG.amount),
            *_pair("earmarked", "Øremerket til", "Earmarked for", GG.earmarkedFor, multiple=True),
            *_about(),
        ),
        record=True,
    ),
    Sheet(
        "status_reports",
        "Statusrapporter",
        "Status reports",
        (GG.StatusReport,),
        (
            _id(record=True),
            _ref(
                "project",
                "Prosjekt",
                "Project",
                GG.statusReport,
                "projects",
                multiple=False,
                inverse=True,
                required=True,
            ),
            _date("start", "Periode fra", "Period from", GG.startDate),
            _date("end", "Periode til", "Period to", GG.endDate, required=True),
            _choice("phase", "Fase", "Phase", GG.reportedPhase, GG.ProjectPhaseScheme),
            _choice("time", "Tid", "Time", GG.timeStatus, GG.TrafficLightScheme),
            *_pair("time_comment", "Kommentar om tid", "Comment on time", GG.timeComment),
            _choice("cost", "Kostnad", "Cost", GG.costStatus, GG.TrafficLightScheme),
            *_pair("cost_comment", "Kommentar om kostnad", "Comment on cost", GG.costComment),
            _choice("effect", "Effekt", "Effect", GG.effectStatus, GG.TrafficLightScheme),
            *_pair("effect_comment", "Kommentar om effekt", "Comment on effect", GG.effectComment),
            _choice("risk", "Risiko", "Risk", GG.riskStatus, GG.TrafficLightScheme),
            *_pair("risk_comment", "Kommentar om risiko", "Comment on risk", GG.riskComment),
            _decimal("forecast", "Prognose (NOK)", "Forecast (NOK)", GG.forecastCost),
            *_about(),
        ),
        record=True,
    ),
    Sheet(
        "plan_versions",
        "Planversjoner",
        "Plan versions",
        (GG.PlanVersion,),
        (
            _id(),
            *_labels(),
            Column("version", "Versjon", "Version", ValueKind.TEXT, _DCAT.version, required=True),
            _date("adopted", "Vedtatt", "Adopted", DCTERMS.dateAccepted),
            _ref(
                "version_of",
                "Versjon av",
                "Version of",
                _DCAT.isVersionOf,
                "portfolios",
                "plans",
                multiple=False,
            ),
            _ref(
                "previous",
                "Forrige versjon",
                "Previous version",
                _DCAT.previousVersion,
                "plan_versions",
                multiple=False,
            ),
            _PLAN,
            *_about(),
        ),
    ),
    Sheet(
        "wheels",
        "Årshjul",
        "Yearly wheels",
        (GG.YearlyWheel,),
        (
            _id(),
            *_labels(),
            _PLAN,
            *_about(),
        ),
    ),
    Sheet(
        "milestones",
        "Milepæler",
        "Milestones",
        (GG.Milestone,),
        (
            _id(),
            *_labels(),
            _ref("wheel", "Årshjul", "Yearly wheel", GG.milestone, "wheels", inverse=True),
            _choice("kind", "Ledd", "Step", GG.milestoneKind, GG.MilestoneKindScheme),
            Column("recurs_on", "Hvert år den", "Every year on", ValueKind.MONTH_DAY, GG.recursOn),
            _date("due_date", "Frist", "Due date", GG.dueDate),
            _ref(
                "responsible_body",
                "Ansvarlig organ",
                "Responsible body",
                GG.responsibleBody,
                "organisations",
            ),
            *_about(),
        ),
    ),
    Sheet(
        "organisations",
        "Organisasjoner",
        "Organisations",
        (
            GG.Municipality,
            GG.County,
            GG.StateAgency,
            GG.ServiceArea,
            GG.Unit,
            ORG.OrganizationalCollaboration,
            ORG.OrganizationalUnit,
            ORG.FormalOrganization,
            ORG.Organization,
        ),
        (
            _id(),
            _kind(),
            *_labels(),
            replace(
                _ref("unit_of", "Del av", "Part of", ORG.unitOf, "organisations"),
                former=("Enhet i", "Unit of"),
            ),
            _ref("has_member", "Medlemmer", "Members", ORG.hasMember, "organisations"),
            *_about(),
        ),
    ),
    Sheet(
        "persons",
        "Personer",
        "Persons",
        (FOAF.Person,),
        (
            _id(),
            Column(
                "name",
                "Fullt navn",
                "Full name",
                ValueKind.TEXT,
                FOAF.name,
                former=("Navn", "Name"),
            ),
            *_labels(),
            *_about(),
        ),
    ),
    Sheet(
        "plans",
        "Planer",
        "Plans",
        (GG.MunicipalMasterPlan, GG.ThemePlan, GG.ActionProgramme, GG.Agreement, GG.Plan),
        (
            _id(),
            _kind(),
            *_labels(),
            _ref("party", "Part", "Party", GG.party, "organisations"),
            *_period(),
            *_about(),
        ),
    ),
    Sheet(
        "focus_areas",
        "Satsingsområder",
        "Focus areas",
        (GG.FocusArea,),
        (
            _id(),
            *_labels(),
            *_pref_labels(),
            _ref("in_scheme", "I begrepssystem", "In scheme", SKOS.inScheme, "schemes"),
            _ref("top_concept_of", "Toppbegrep i", "Top concept of", SKOS.topConceptOf, "schemes"),
            *_about(),
        ),
    ),
    Sheet(
        "challenges",
        "Tverrgående utfordringer",
        "Cross-cutting challenges",
        (GG.CrossCuttingChallenge,),
        (
            _id(),
            *_labels(),
            *_pref_labels(),
            _ref("in_scheme", "I begrepssystem", "In scheme", SKOS.inScheme, "schemes"),
            _ref("top_concept_of", "Toppbegrep i", "Top concept of", SKOS.topConceptOf, "schemes"),
            *_about(),
        ),
    ),
    Sheet(
        "schemes",
        "Begrepssystemer",
        "Concept schemes",
        (SKOS.ConceptScheme,),
        (
            _id(),
            *_labels(),
            _ref(
                "top_concepts",
                "Toppbegreper",
                "Top concepts",
                SKOS.hasTopConcept,
                "focus_areas",
                "challenges",
            ),
            *_about(),
        ),
    ),
)

#: The sheets of prioritisation: criteria schemes, their criteria with weights, and the
#: scores of the projects (goalgraph prioritise).
SHEETS += (
    Sheet(
        "criteria_schemes",
        "Kriteriesett",
        "Criteria schemes",
        (GG.CriteriaScheme,),
        (
            _id(),
            *_labels(),
            _decimal("scale_min", "Laveste skår", "Lowest score", GG.scaleMin),
            _decimal("scale_max", "Høyeste skår", "Highest score", GG.scaleMax),
            _ref("top_concepts", "Kriterier", "Criteria", SKOS.hasTopConcept, "criteria"),
            *_about(),
        ),
    ),
    Sheet(
        "criteria",
        "Kriterier",
        "Criteria",
        (GG.Criterion,),
        (
            _id(),
            *_labels(),
            Column("notation", "Nummer", "Number", ValueKind.TEXT, SKOS.notation),
            _ref("in_scheme", "I kriteriesett", "In scheme", SKOS.inScheme, "criteria_schemes"),
            _ref(
                "top_concept_of",
                "Toppbegrep i",
                "Top concept of",
                SKOS.topConceptOf,
                "criteria_schemes",
            ),
            _decimal("weight", "Vekt", "Weight", GG.weight),
            _choice(
                "computation", "Beregnes som", "Computation", GG.computation, GG.ComputationScheme
            ),
            _decimal("discount_rate", "Kalkulasjonsrente", "Discount rate", GG.discountRate),
            *_pair("definition", "Definisjon", "Definition", SKOS.definition),
            *_about(),
        ),
    ),
    Sheet(
        "assessments",
        "Vurderinger",
        "Assessments",
        (GG.Assessment,),
        (
            _id(record=True),
            _ref("project", "Prosjekt", "Project", GG.assessment, "projects", inverse=True),
            _ref(
                "criterion",
                "Kriterium",
                "Criterion",
                GG.criterion,
                "criteria",
                multiple=False,
                required=True,
            ),
            _decimal("score", "Skår", "Score", GG.score, required=True),
            *_pair("rationale", "Begrunnelse", "Rationale", GG.rationale),
            _ref("assessor", "Vurdert av", "Assessor", GG.assessor, "persons", "organisations"),
            _date("date", "Dato", "Date", GG.date),
            *_about(),
        ),
        record=True,
    ),
)

SHEETS_BY_KEY: dict[str, Sheet] = {sheet.key: sheet for sheet in SHEETS}

#: What each sheet holds, for the instruction sheet: sheet key → (bokmål, English).
GUIDANCE: dict[str, tuple[str, str]] = {
    "goals": (
        "Hovedmål og delmål: ønskede tilstander i presens («Sårbare barn og unge får riktig hjelp "
        "til rett tid»). Et delmål bidrar til et hovedmål; et mål kan lokalisere et av FNs "
        "bærekraftsmål.",
        'Main goals and sub-goals: desired states in the present tense ("Vulnerable children and '
        'young people get the right help at the right time"). A sub-goal contributes to a main '
        "goal; a goal can localise a UN SDG target.",
    ),
    "strategies": (
        "Veien til målene: hvilke valg og endringer kommunen prioriterer («Kommunen skal …»). "
        "Hver strategi realiserer ett eller flere mål.",
        "The path to the goals: the choices and changes the municipality gives priority to "
        '("The municipality will …"). Each strategy realises one or more goals.',
    ),
    "assignments": (
        "Oppdrag fra handlingsprogrammet: hva et tjenesteområde skal gjøre i fireårsperioden "
        "(«Oppvekst skal …»). Hvert oppdrag konkretiserer en strategi og har en ansvarlig.",
        "Assignments of the action programme: what a service area will do in the four-year "
        'period ("Childhood and Education will …"). Each concretises a strategy and has a '
        "responsible party.",
    ),
    "measures": (
        "Tiltak: konkrete handlinger en virksomhet gjør for å løse et oppdrag, over drifts- "
        "eller investeringsbudsjettet.",
        "Measures: concrete actions a unit takes to resolve an assignment, from the operating "
        "or the investment budget.",
    ),
    "projects": (
        "Prosjekter i porteføljen: hvilket tiltak de gjennomfører, eier, leder, fase, budsjett, "
        "periode, risiko og gevinster.",
        "Projects of the portfolio: the measure each implements, owner, manager, phase, budget, "
        "period, risk and benefits.",
    ),
    "programmes": (
        "Programmer: grupper av prosjekter som styres sammen; et program kan være del av en "
        "portefølje.",
        "Programmes: groups of projects managed together; a programme can be part of a portfolio.",
    ),
    "portfolios": (
        "Porteføljer (for eksempel IKT, strategisk, bygg) med budsjettramme og ansvarlig.",
        "Portfolios (for example ICT, strategic, buildings) with a budget frame and a "
        "responsible party.",
    ),
    "indicators": (
        "Indikatorer som måler målene: enhet på bokmål og engelsk, retning (høyere eller lavere "
        "er bedre), utgangsverdi og FN-indikatoren de samsvarer med.",
        "Indicators that measure the goals: unit in bokmål and English, direction (higher or "
        "lower is better), baseline and the UN indicator they align with.",
    ),
    "indicator_values": (
        "Målverdier (ønsket verdi innen en dato) og målinger (målt verdi på en dato) for "
        "indikatorene, én per rad.",
        "Target values (the wanted value by a date) and observations (the measured value at a "
        "date) of the indicators, one per row.",
    ),
    "expected_effects": (
        "Forventet effekt av et prosjekt eller tiltak på en indikator: hvilken endring og når.",
        "Expected effect of a project or measure on an indicator: which change and when.",
    ),
    "financing_sources": (
        "Finansieringskilder (for eksempel bompenger, statlige midler, kommunale midler) og hva "
        "de er øremerket til.",
        "Financing sources (for example tolls, state funds, municipal funds) and what they are "
        "earmarked for.",
    ),
    "financing": (
        "Finansiering: hvor mye en kilde gir til et prosjekt eller tiltak, én bevilgning per rad.",
        "Financing items: how much a source gives to a project or measure, one grant per row.",
    ),
    "status_reports": (
        "Statusrapporter fra prosjektene, én per prosjekt og periode (for eksempel et kvartal): "
        "tid, kostnad, effekt og risiko som grønn, gul eller rød med kommentar, prognose og fase.",
        "Status reports of the projects, one per project and period (for example a quarter): "
        "time, cost, effect and risk as green, yellow or red with a comment, forecast and phase.",
    ),
    "plan_versions": (
        "Versjoner av planen eller porteføljen (for eksempel en årlig rullering): navn, "
        "vedtaksdato og versjonen den erstatter.",
        "Versions of the plan or portfolio (for example a yearly roll): name, adoption date and "
        "the version it replaces.",
    ),
    "wheels": (
        "Årshjul: de faste milepælene i styringsåret.",
        "Yearly wheels: the fixed milestones of the steering year.",
    ),
    "milestones": (
        "Milepæler i årshjulet: hva som skal skje, når (hvert år eller én gang) og hvem som har "
        "ansvaret.",
        "Milestones of the yearly wheel: what is to happen, when (every year or once) and who "
        "is responsible.",
    ),
    "organisations": (
        "Organisasjoner: kommunen, tjenesteområdene, virksomhetene og andre parter, og hvilken "
        "organisasjon hver er del av.",
        "Organisations: the municipality, its service areas, units and other parties, and which "
        "organisation each is part of.",
    ),
    "persons": (
        "Personer som eier eller leder prosjekter: fullt navn, og navn på bokmål og engelsk slik "
        "de vises på sider og i rapporter.",
        "Persons who own or manage projects: full name, and the name in bokmål and English as "
        "shown on pages and in reports.",
    ),
    "plans": (
        "Planene mål, strategier og oppdrag kommer fra: kommuneplanens samfunnsdel, temaplaner, "
        "handlingsprogram og avtaler.",
        "The plans goals, strategies and assignments come from: the municipal master plan, theme "
        "plans, action programmes and agreements.",
    ),
    "focus_areas": (
        "Satsingsområdene i planen, som begreper i et begrepssystem.",
        "The plan's focus areas, as concepts of a concept scheme.",
    ),
    "challenges": (
        "Tverrgående utfordringer i planen, som begreper i et begrepssystem.",
        "The plan's cross-cutting challenges, as concepts of a concept scheme.",
    ),
    "schemes": (
        "Begrepssystemer som samler satsingsområdene og de tverrgående utfordringene.",
        "Concept schemes that hold the focus areas and the cross-cutting challenges.",
    ),
    "criteria_schemes": (
        "Kriteriesett en portefølje prioriteres etter, med skalaen skårene gis på.",
        "Criteria schemes a portfolio is prioritised by, with the scale the scores are given on.",
    ),
    "criteria": (
        "Kriteriene med vekt; et beregnet kriterium skåres fra modellen (risiko, kostnad, netto "
        "nåverdi …) i stedet for for hånd.",
        "The criteria with their weights; a computed criterion is scored from the model (risk, "
        "cost, net present value …) instead of by hand.",
    ),
    "assessments": (
        "Skåren et prosjekt har fått på et kriterium, med begrunnelse, hvem som vurderte og når; "
        "én per rad.",
        "The score a project was given on a criterion, with the rationale, who assessed it and "
        "when; one per row.",
    ),
}

#: The first sheet of every workbook: instructions, and the base IRI the ids are relative to.
INSTRUCTIONS = {"nb": "Veiledning", "en": "Instructions"}
BASE_LABEL = {"nb": "Base-IRI", "en": "Base IRI"}


def normalise(name: str) -> str:
    """A sheet or header name as compared: trimmed, spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()
