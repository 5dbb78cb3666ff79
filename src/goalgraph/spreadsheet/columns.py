"""The sheets of a goalgraph workbook and their columns: what each cell means in RDF."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rdflib import URIRef
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
            Column("unit", "Enhet", "Unit", ValueKind.TEXT, GG.unit),
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
        "Målverdier og observasjoner",
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
            *_about(),
        ),
        record=True,
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
            _ref(
                "for", "Finansierer", "Finances", GG.financing, "projects", "measures", inverse=True
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
            _ref("unit_of", "Enhet i", "Unit of", ORG.unitOf, "organisations"),
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
            Column("name", "Navn", "Name", ValueKind.TEXT, FOAF.name),
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

SHEETS_BY_KEY: dict[str, Sheet] = {sheet.key: sheet for sheet in SHEETS}

#: The first sheet of every workbook: instructions, and the base IRI the ids are relative to.
INSTRUCTIONS = {"nb": "Veiledning", "en": "Instructions"}
BASE_LABEL = {"nb": "Base-IRI", "en": "Base IRI"}


def normalise(name: str) -> str:
    """A sheet or header name as compared: trimmed, spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()
