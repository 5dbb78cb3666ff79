"""Generate realistic, deterministic municipal goal-chain models for tests and benchmarks."""

from __future__ import annotations

import logging
import random
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
# Text bank: eight themes of a municipal master plan, each localising real SDG targets.
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


def _t(nb: str, en: str) -> _Text:
    return _Text(nb, en)


_SERVICE_AREAS = (
    (_t("Oppvekst og utdanning", "Childhood and Education"), ("barnehage", "skole", "PPT")),
    (_t("Helse og omsorg", "Health and Care"), ("hjemmetjeneste", "helsestasjon", "sykehjem")),
    (_t("Samfunnsutvikling", "Community Development"), ("plan", "byggesak", "næring")),
    (_t("Teknikk og miljø", "Technical Services and Environment"), ("vei", "VA", "eiendom")),
    (_t("Kultur og inkludering", "Culture and Inclusion"), ("kultur", "NAV", "flyktning")),
    (_t("Organisasjon og digitalisering", "Organisation and Digitalisation"), ("IKT", "HR")),
)
_UNIT_NAMES = {
    "barnehage": _t("Barnehagene", "Kindergartens"),
    "skole": _t("Grunnskolene", "Primary schools"),
    "PPT": _t("Pedagogisk-psykologisk tjeneste", "Educational psychology service"),
    "hjemmetjeneste": _t("Hjemmetjenesten", "Home care"),
    "helsestasjon": _t("Helsestasjonen", "Health centre"),
    "sykehjem": _t("Sykehjemmene", "Nursing homes"),
    "plan": _t("Plan og analyse", "Planning and analysis"),
    "byggesak": _t("Byggesak", "Building permits"),
    "næring": _t("Næringsutvikling", "Business development"),
    "vei": _t("Vei og park", "Roads and parks"),
    "VA": _t("Vann og avløp", "Water and sewerage"),
    "eiendom": _t("Kommunal eiendom", "Municipal property"),
    "kultur": _t("Kulturtjenesten", "Cultural services"),
    "NAV": _t("NAV kommune", "Labour and welfare office"),
    "flyktning": _t("Flyktningtjenesten", "Refugee services"),
    "IKT": _t("IKT-tjenesten", "ICT services"),
    "HR": _t("Personal og organisasjon", "Human resources"),
}

_THEMES: tuple[_Theme, ...] = (
    _Theme(
        _t("Gode oppvekstvilkår", "Good conditions for growing up"),
        _t(
            "Barn og unge opplever mestring og trygghet i oppveksten",
            "Children and young people experience mastery and security growing up",
        ),
        "4.1",
        (
            _SubGoal(
                _t(
                    "Sårbare barn og unge får riktig hjelp til rett tid",
                    "Vulnerable children and young people get the right help at the right time",
                ),
                "1.3",
            ),
            _SubGoal(
                _t(
                    "Alle barn har et barnehagetilbud av høy kvalitet",
                    "Every child has a kindergarten place of high quality",
                ),
                "4.2",
            ),
            _SubGoal(
                _t(
                    "Elevene fullfører videregående opplæring",
                    "Pupils complete upper secondary education",
                ),
                "4.1",
            ),
        ),
        (
            _t(
                "Kommunen skal snu ressursinnsatsen mot forebygging og tidlig innsats",
                "The municipality will shift resources towards prevention and early intervention",
            ),
            _t(
                "Kommunen vil styrke samarbeidet mellom skole, barnehage og hjem",
                "The municipality will strengthen cooperation between school, kindergarten "
                "and home",
            ),
            _t(
                "Kommunen skal gi alle elever tilpasset opplæring",
                "The municipality will give every pupil adapted teaching",
            ),
        ),
        (
            _t("Tverrfaglig team for tidlig innsats", "Cross-disciplinary early intervention team"),
            _t("Leseløft i småskolen", "Reading boost in the first school years"),
            _t("Foreldreveiledning i barnehagen", "Parental guidance in kindergartens"),
            _t("Oppfølging av elever med høyt fravær", "Follow-up of pupils with high absence"),
        ),
        (
            _t("Ny barnehage", "New kindergarten"),
            _t("Rehabilitering av skole", "School refurbishment"),
            _t("Digital læringsplattform", "Digital learning platform"),
        ),
        (
            _Indicator(
                _t(
                    "Andel elever som fullfører videregående opplæring",
                    "Share of pupils completing upper secondary education",
                ),
                "percent",
                True,
                78.0,
                "4.1.2",
            ),
            _Indicator(
                _t(
                    "Gjennomsnittsalder ved henvisning til barnevernet",
                    "Average age of children referred to child welfare services",
                ),
                "years",
                False,
                9.5,
                None,
            ),
            _Indicator(
                _t("Andel barn i barnehage", "Share of children in kindergarten"),
                "percent",
                True,
                91.0,
                "4.2.2",
            ),
        ),
        (0, 4),
    ),
    _Theme(
        _t("Helse og livskvalitet", "Health and quality of life"),
        _t(
            "Innbyggerne lever gode og aktive liv med god helse",
            "Residents live good and active lives in good health",
        ),
        "3.4",
        (
            _SubGoal(
                _t(
                    "Færre innbyggere utvikler livsstilssykdommer",
                    "Fewer residents develop lifestyle diseases",
                ),
                "3.4",
            ),
            _SubGoal(
                _t(
                    "Eldre bor trygt hjemme så lenge de ønsker",
                    "Older people live safely at home for as long as they wish",
                ),
                "3.8",
            ),
            _SubGoal(
                _t(
                    "Rusbruken blant ungdom er lav",
                    "Substance use among young people is low",
                ),
                "3.5",
            ),
        ),
        (
            _t(
                "Kommunen skal legge til rette for fysisk aktivitet i hverdagen",
                "The municipality will make physical activity part of everyday life",
            ),
            _t(
                "Kommunen vil ta i bruk velferdsteknologi i alle tjenester",
                "The municipality will use welfare technology in all services",
            ),
            _t(
                "Kommunen skal forebygge rus gjennom tidlig kontakt med ungdom",
                "The municipality will prevent substance abuse through early contact with youth",
            ),
        ),
        (
            _t("Frisklivssentral", "Healthy life centre"),
            _t("Digitalt tilsyn i hjemmetjenesten", "Digital supervision in home care"),
            _t("Hverdagsrehabilitering", "Everyday rehabilitation"),
            _t("Ungdomskontakt i skolen", "Youth contact in schools"),
        ),
        (
            _t("Helsehus", "Health house"),
            _t("Velferdsteknologi", "Welfare technology"),
            _t("Nytt sykehjem", "New nursing home"),
        ),
        (
            _Indicator(
                _t(
                    "Andel innbyggere som er fysisk aktive",
                    "Share of residents who are physically active",
                ),
                "percent",
                True,
                31.0,
                None,
            ),
            _Indicator(
                _t(
                    "Andel over 80 år som bor hjemme",
                    "Share of residents over 80 living at home",
                ),
                "percent",
                True,
                86.0,
                "3.8.1",
            ),
            _Indicator(
                _t(
                    "Andel ungdom som har vært beruset", "Share of young people who have been drunk"
                ),
                "percent",
                False,
                17.0,
                "3.5.2",
            ),
        ),
        (1, 4),
    ),
    _Theme(
        _t("Klima og miljø", "Climate and environment"),
        _t("Kommunen er et lavutslippssamfunn", "The municipality is a low-emission society"),
        "13.2",
        (
            _SubGoal(
                _t(
                    "Klimagassutslippene er halvert innen 2030",
                    "Greenhouse gas emissions are halved by 2030",
                ),
                "13.2",
            ),
            _SubGoal(
                _t(
                    "Avfallet blir sortert og gjenvunnet",
                    "Waste is sorted and recycled",
                ),
                "12.5",
            ),
            _SubGoal(
                _t(
                    "Kommunale bygg bruker lite energi",
                    "Municipal buildings use little energy",
                ),
                "7.3",
            ),
        ),
        (
            _t(
                "Kommunen skal bruke sin innkjøpsmakt til klimavennlige løsninger",
                "The municipality will use its purchasing power for climate-friendly solutions",
            ),
            _t(
                "Kommunen vil energieffektivisere egen bygningsmasse",
                "The municipality will make its own buildings energy efficient",
            ),
            _t(
                "Kommunen skal gjøre det enkelt å sortere avfall",
                "The municipality will make it easy to sort waste",
            ),
        ),
        (
            _t("Utslippsfrie byggeplasser", "Emission-free construction sites"),
            _t("Solceller på kommunale tak", "Solar panels on municipal roofs"),
            _t("Klimabudsjett", "Climate budget"),
            _t("Ombruksstasjon", "Re-use station"),
        ),
        (
            _t("Energisparing i skolebygg", "Energy saving in school buildings"),
            _t("Elektrifisering av kommunens bilpark", "Electrification of the municipal fleet"),
            _t("Ny gjenvinningsstasjon", "New recycling station"),
        ),
        (
            _Indicator(
                _t("Direkte klimagassutslipp", "Direct greenhouse gas emissions"),
                "tonnes CO2e",
                False,
                182000.0,
                "13.2.2",
            ),
            _Indicator(
                _t("Andel husholdningsavfall til gjenvinning", "Share of household waste recycled"),
                "percent",
                True,
                41.0,
                "12.5.1",
            ),
            _Indicator(
                _t("Energibruk i kommunale bygg", "Energy use in municipal buildings"),
                "kWh per m2",
                False,
                182.0,
                "7.3.1",
            ),
        ),
        (3, 2),
    ),
    _Theme(
        _t("Mobilitet", "Mobility"),
        _t(
            "Innbyggerne reiser trygt, enkelt og miljøvennlig",
            "Residents travel safely, easily and sustainably",
        ),
        "11.2",
        (
            _SubGoal(
                _t(
                    "Veksten i persontransporten tas med kollektiv, sykkel og gange",
                    "Growth in passenger transport is taken by public transport, cycling "
                    "and walking",
                ),
                "11.2",
            ),
            _SubGoal(
                _t(
                    "Ingen blir drept eller hardt skadd i trafikken",
                    "No one is killed or seriously injured in traffic",
                ),
                "3.6",
            ),
            _SubGoal(
                _t("Skoleveiene er trygge", "Routes to school are safe"),
                None,
            ),
        ),
        (
            _t(
                "Kommunen skal prioritere gående og syklende i sentrum",
                "The municipality will give priority to pedestrians and cyclists in the centre",
            ),
            _t(
                "Kommunen vil samordne arealbruk og transport",
                "The municipality will coordinate land use and transport",
            ),
            _t(
                "Kommunen skal utbedre farlige kryssingspunkter",
                "The municipality will fix dangerous crossings",
            ),
        ),
        (
            _t("Sammenhengende sykkelvei", "Continuous cycle route"),
            _t("Trafikksikkerhetsplan", "Road safety plan"),
            _t("Innfartsparkering", "Park-and-ride"),
            _t("Hjertesone rundt skolene", "Car-free zones around schools"),
        ),
        (
            _t("Gang- og sykkelvei", "Footpath and cycle path"),
            _t("Mobilitetspunkt", "Mobility hub"),
            _t("Trygg skolevei", "Safe route to school"),
        ),
        (
            _Indicator(
                _t(
                    "Andel reiser med kollektiv, sykkel og gange",
                    "Share of trips by public transport, cycling and walking",
                ),
                "percent",
                True,
                38.0,
                "11.2.1",
            ),
            _Indicator(
                _t("Drepte og hardt skadde i trafikken", "Killed and seriously injured in traffic"),
                "count",
                False,
                14.0,
                "3.6.1",
            ),
            _Indicator(
                _t("Antall trafikkfarlige skoleveier", "Number of dangerous routes to school"),
                "count",
                False,
                23.0,
                None,
            ),
        ),
        (3, 2),
    ),
    _Theme(
        _t("Inkludering og arbeid", "Inclusion and work"),
        _t(
            "Alle innbyggere har mulighet til å delta i arbeid og samfunnsliv",
            "Every resident can take part in work and community life",
        ),
        "8.5",
        (
            _SubGoal(
                _t(
                    "Flere unge er i arbeid eller utdanning",
                    "More young people are in work or education",
                ),
                "8.6",
            ),
            _SubGoal(
                _t(
                    "Flyktninger er raskt i arbeid",
                    "Refugees quickly find work",
                ),
                "8.5",
            ),
            _SubGoal(
                _t(
                    "Færre barn vokser opp i familier med lav inntekt",
                    "Fewer children grow up in low-income families",
                ),
                "1.2",
            ),
        ),
        (
            _t(
                "Kommunen skal samarbeide med næringslivet om praksisplasser",
                "The municipality will work with businesses on work placements",
            ),
            _t(
                "Kommunen vil gi helhetlig oppfølging av familier med lav inntekt",
                "The municipality will give families with low income coordinated follow-up",
            ),
            _t(
                "Kommunen skal styrke frivilligheten som inkluderingsarena",
                "The municipality will strengthen volunteering as an arena for inclusion",
            ),
        ),
        (
            _t("Jobbsjanse for unge", "Job chance for young people"),
            _t("Familiekoordinator", "Family coordinator"),
            _t("Fritidskort for barn", "Leisure card for children"),
            _t("Språkpraksis i bedrift", "Language practice in business"),
        ),
        (
            _t("Inkluderingssenter", "Inclusion centre"),
            _t("Digital veiledning i NAV", "Digital guidance at the welfare office"),
            _t("Frivillighetssentral", "Volunteer centre"),
        ),
        (
            _Indicator(
                _t(
                    "Andel unge utenfor arbeid og utdanning",
                    "Share of young people not in work or education",
                ),
                "percent",
                False,
                9.0,
                "8.6.1",
            ),
            _Indicator(
                _t(
                    "Andel flyktninger i arbeid eller utdanning etter introduksjonsprogrammet",
                    "Share of refugees in work or education after the introduction programme",
                ),
                "percent",
                True,
                58.0,
                None,
            ),
            _Indicator(
                _t(
                    "Andel barn i husholdninger med lav inntekt",
                    "Share of children in low-income households",
                ),
                "percent",
                False,
                10.5,
                "1.2.1",
            ),
        ),
        (4, 1),
    ),
    _Theme(
        _t("Bolig og stedsutvikling", "Housing and place development"),
        _t(
            "Kommunen har levende lokalsamfunn med gode boliger for alle",
            "The municipality has lively communities with good housing for everyone",
        ),
        "11.1",
        (
            _SubGoal(
                _t("Alle har en trygg og god bolig", "Everyone has a safe and good home"),
                "11.1",
            ),
            _SubGoal(
                _t(
                    "Ny utbygging skjer innenfor eksisterende tettsteder",
                    "New development happens within existing built-up areas",
                ),
                "11.3",
            ),
            _SubGoal(
                _t(
                    "Alle har kort vei til grønne møteplasser",
                    "Everyone lives close to green public spaces",
                ),
                "11.7",
            ),
        ),
        (
            _t(
                "Kommunen skal bruke boligsosiale virkemidler aktivt",
                "The municipality will make active use of social housing instruments",
            ),
            _t(
                "Kommunen vil fortette rundt knutepunktene",
                "The municipality will build denser around transport hubs",
            ),
            _t(
                "Kommunen skal sikre grøntområder i alle nye planer",
                "The municipality will secure green areas in every new plan",
            ),
        ),
        (
            _t("Leie-til-eie", "Rent-to-own"),
            _t("Områdeplan for sentrum", "Area plan for the centre"),
            _t("Nærmiljøanlegg", "Neighbourhood activity areas"),
            _t("Startlån", "Starter loans"),
        ),
        (
            _t("Utleieboliger", "Rental housing"),
            _t("Byrom og torg", "Urban space and square"),
            _t("Parkopprusting", "Park upgrade"),
        ),
        (
            _Indicator(
                _t("Antall bostedsløse", "Number of homeless people"),
                "count",
                False,
                42.0,
                None,
            ),
            _Indicator(
                _t(
                    "Andel nye boliger i tettstedene",
                    "Share of new homes within built-up areas",
                ),
                "percent",
                True,
                72.0,
                "11.3.1",
            ),
            _Indicator(
                _t(
                    "Andel innbyggere med trygg tilgang til rekreasjonsareal",
                    "Share of residents with safe access to recreational areas",
                ),
                "percent",
                True,
                84.0,
                "11.7.1",
            ),
        ),
        (2, 3),
    ),
    _Theme(
        _t("Natur og vann", "Nature and water"),
        _t(
            "Naturmangfoldet og vannmiljøet er i god tilstand",
            "Biodiversity and the water environment are in good condition",
        ),
        "15.5",
        (
            _SubGoal(
                _t("Viktige naturområder er bevart", "Important natural areas are preserved"),
                "15.1",
            ),
            _SubGoal(
                _t(
                    "Vassdrag og fjorder har god økologisk tilstand",
                    "Rivers and fjords are in good ecological condition",
                ),
                "6.3",
            ),
            _SubGoal(
                _t(
                    "Lokalsamfunnet tåler ekstremvær",
                    "The local community withstands extreme weather",
                ),
                "13.1",
            ),
        ),
        (
            _t(
                "Kommunen skal kartlegge og ta vare på viktig natur",
                "The municipality will map and look after important nature",
            ),
            _t(
                "Kommunen vil fornye vann- og avløpsnettet",
                "The municipality will renew the water and sewerage network",
            ),
            _t(
                "Kommunen skal ta hensyn til klimatilpasning i all planlegging",
                "The municipality will take climate adaptation into account in all planning",
            ),
        ),
        (
            _t("Naturregnskap", "Nature accounts"),
            _t("Separering av avløp", "Separation of sewers"),
            _t("Overvannsplan", "Stormwater plan"),
            _t("Bekkeåpning", "Stream daylighting"),
        ),
        (
            _t("Fornyelse av vannledninger", "Water main renewal"),
            _t("Nytt renseanlegg", "New treatment plant"),
            _t("Flomsikring", "Flood protection"),
        ),
        (
            _Indicator(
                _t("Andel vassdrag i god tilstand", "Share of water bodies in good condition"),
                "percent",
                True,
                47.0,
                "6.3.2",
            ),
            _Indicator(
                _t("Omdisponert dyrka mark", "Farmland converted to other use"),
                "decares",
                False,
                35.0,
                None,
            ),
            _Indicator(
                _t("Andel vernet areal", "Share of protected area"),
                "percent",
                True,
                12.0,
                "15.1.2",
            ),
        ),
        (3, 2),
    ),
    _Theme(
        _t("En nyskapende kommune", "An innovative municipality"),
        _t(
            "Innbyggerne får enkle og gode digitale tjenester",
            "Residents get simple and good digital services",
        ),
        "16.6",
        (
            _SubGoal(
                _t(
                    "Innbyggerne er fornøyd med kommunens tjenester",
                    "Residents are satisfied with the municipality's services",
                ),
                "16.6",
            ),
            _SubGoal(
                _t(
                    "Innbyggerne medvirker i beslutninger som angår dem",
                    "Residents take part in decisions that concern them",
                ),
                "16.7",
            ),
            _SubGoal(
                _t(
                    "Hele kommunen har god digital dekning",
                    "The whole municipality has good digital coverage",
                ),
                "9.c",
            ),
        ),
        (
            _t(
                "Kommunen skal utvikle tjenestene sammen med innbyggerne",
                "The municipality will develop services together with residents",
            ),
            _t(
                "Kommunen vil dele data og løsninger med andre kommuner",
                "The municipality will share data and solutions with other municipalities",
            ),
            _t(
                "Kommunen skal automatisere rutinepregede oppgaver",
                "The municipality will automate routine tasks",
            ),
        ),
        (
            _t("Innbyggerportal", "Resident portal"),
            _t("Digital medvirkning i planarbeid", "Digital participation in planning"),
            _t("Bredbåndsutbygging", "Broadband roll-out"),
            _t("Prosessautomatisering", "Process automation"),
        ),
        (
            _t("Ny sak- og arkivløsning", "New case and records system"),
            _t("Chatbot for innbyggerdialog", "Chatbot for resident dialogue"),
            _t("Fiber til grendene", "Fibre to rural villages"),
        ),
        (
            _Indicator(
                _t(
                    "Innbyggernes tilfredshet med tjenestene",
                    "Residents' satisfaction with services",
                ),
                "score 1-6",
                True,
                4.3,
                "16.6.2",
            ),
            _Indicator(
                _t(
                    "Andel innbyggere som opplever at de kan påvirke",
                    "Share of residents who feel they can influence decisions",
                ),
                "percent",
                True,
                44.0,
                "16.7.2",
            ),
            _Indicator(
                _t(
                    "Andel husstander med høyhastighets bredbånd",
                    "Share of households with high-speed broadband",
                ),
                "percent",
                True,
                88.0,
                "9.c.1",
            ),
        ),
        (5, 2),
    ),
)

_CHALLENGES = (
    _t("Flere eldre og færre i arbeidsfør alder", "More older people and fewer of working age"),
    _t("Økende sosial ulikhet", "Growing social inequality"),
    _t("Klimaendringer og klimarisiko", "Climate change and climate risk"),
    _t("Strammere økonomiske rammer", "Tighter financial frames"),
)
_PORTFOLIOS = (
    _t("IKT-porteføljen", "ICT portfolio"),
    _t("Strategisk portefølje", "Strategic portfolio"),
    _t("Byggeporteføljen", "Buildings portfolio"),
)
_FINANCING = (
    (_t("Kommunale midler", "Municipal funds"), None),
    (_t("Statlig tilskudd", "State grant"), _t("Øremerket formålet", "Earmarked for the purpose")),
    (_t("Låneopptak", "Borrowing"), _t("Kun investeringer", "Investments only")),
    (_t("Klimasats", "Climate grant"), _t("Klimatiltak", "Climate measures")),
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
_FIRST = (
    "Anne", "Bjørn", "Camilla", "Dag", "Eva", "Fredrik", "Guri", "Hans", "Ingrid", "Jon",
    "Kari", "Lars", "Marit", "Nils", "Ole", "Per", "Randi", "Siri", "Tor", "Unni", "Vidar",
)  # fmt: skip
_LAST = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Bakken", "Solberg", "Dahl", "Lie",
)  # fmt: skip
_NAME_HEADS = (
    "Fjell", "Vik", "Dal", "Strand", "Berg", "Nes", "Holm", "Sand", "Lund", "Mo", "Ås",
    "Bø", "Hov", "Eid", "Os", "Rød", "Sol", "Stor", "Lille", "Nord", "Sør", "Vest", "Øst",
    "Hamar", "Lyng", "Skog", "Elv", "Fos", "Hval", "Ulv",
)  # fmt: skip
_NAME_TAILS = (
    "vik", "dal", "berg", "nes", "øy", "stad", "heim", "sund", "fjord", "land", "ås", "bø",
)  # fmt: skip
_PLACES = ("sentrum", "nord", "sør", "øst", "vest", "havna", "åsen", "dalen", "bakken")

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
    heads, tails = len(_NAME_HEADS), len(_NAME_TAILS)
    position = index - 1
    name = _NAME_HEADS[position % heads] + _NAME_TAILS[(position // heads) % tails]
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
        themes = self.rng.sample(range(len(_THEMES)), MAIN_GOALS)
        self.organisation()
        plans = self.plans()
        challenges = self.challenges()
        portfolios, programmes, sources = self.portfolio()
        indicators: list[str] = []
        measures: list[tuple[str, int, int]] = []
        for number, theme_index in enumerate(themes, start=1):
            theme = _THEMES[theme_index]
            goals = self.goals(number, theme, plans)
            indicators += self.indicators(number, theme, goals)
            strategies = self.strategies(number, theme, goals, plans, challenges)
            assignments = self.assignments(number, theme, strategies, plans)
            measures += [(m, theme_index, number) for m in self.measures(assignments, theme)]
        self.projects(measures, programmes, portfolios, sources, indicators)
        return self.out.lines

    def person(self) -> str:
        local = f"person/{len(self.people) + 1}"
        name = f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"
        self.out.add(self.iri(local), RDF.type, _iri(FOAF.Person))
        self.out.add(self.iri(local), FOAF.name, f'"{_escape(name)}"')
        self.people.append(self.iri(local))
        return self.iri(local)

    def organisation(self) -> None:
        out, muni = self.out, self.iri("kommune")
        out.node(muni, GG.Municipality, _t(f"{self.name} kommune", f"{self.name} municipality"))
        out.add(muni, DCTERMS.identifier, f'"{9000 + self.index}"')
        for number, (area_text, unit_keys) in enumerate(_SERVICE_AREAS, start=1):
            area = self.iri(f"tjenesteomrade/{number}")
            out.node(area, GG.ServiceArea, area_text)
            out.add(area, ORG.unitOf, _iri(muni))
            self.areas.append(area)
            self.units[number - 1] = []
            for key in unit_keys:
                unit = self.iri(f"virksomhet/{number}-{key.lower()}")
                out.node(unit, GG.Unit, _UNIT_NAMES[key])
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
                _t(f"Kommuneplanens samfunnsdel {year}–2035", f"Municipal master plan {year}–2035"),
                year,
                2035,
            ),
            "action": (
                GG.ActionProgramme,
                _t("Handlingsprogram 2025–2028", "Action programme 2025–2028"),
                2025,
                2028,
            ),
            "theme": (
                GG.ThemePlan,
                _t("Temaplan for klima og miljø", "Theme plan for climate and environment"),
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
        for number, text in enumerate(_CHALLENGES, start=1):
            node = self.iri(f"utfordring/{number}")
            self.out.node(node, GG.CrossCuttingChallenge, text)
            self.out.add(node, SKOS.prefLabel, _lang(text.nb, "nb"))
            self.out.add(node, SKOS.prefLabel, _lang(text.en, "en"))
            found.append(node)
        return found

    def portfolio(self) -> tuple[list[str], list[str], list[str]]:
        out, rng = self.out, self.rng
        portfolios = []
        for number, text in enumerate(_PORTFOLIOS, start=1):
            node = self.iri(f"portefolje/{number}")
            out.node(node, GG.Portfolio, text)
            out.add(node, GG.budgetFrame, _decimal(rng.randrange(150, 900) * 1_000_000))
            out.add(node, GG.responsible, _iri(self.iri("kommune")))
            portfolios.append(node)
        programmes = []
        for number in range(1, 5):
            node = self.iri(f"program/{number}")
            place = rng.choice(_PLACES)
            out.node(node, GG.Programme, _t(f"Program {place}", f"Programme {place}"))
            out.add(node, GG.partOf, _iri(portfolios[number % len(portfolios)]))
            out.add(node, GG.responsible, _iri(rng.choice(self.areas)))
            programmes.append(node)
        sources = []
        for number, (text, earmark) in enumerate(_FINANCING, start=1):
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
                area_text = _SERVICE_AREAS[area_index][0]
                node = self.iri(f"oppdrag/{number}-{st_index}-{a_number}")
                nb_action = strategy_text.nb.split(" skal ", 1)[-1].split(" vil ", 1)[-1]
                en_action = strategy_text.en.split(" will ", 1)[-1]
                out.node(
                    node,
                    GG.Assignment,
                    _t(
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
                place = rng.choice(_PLACES)
                out.node(node, cls, _t(f"{text.nb} – {place}", f"{text.en} – {place}"))
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
            theme = _THEMES[theme_index]
            text = rng.choice(theme.projects)
            place = rng.choice(_PLACES)
            node = self.iri(f"prosjekt/{p_number}")
            out.node(node, GG.Project, _t(f"{text.nb} {place}", f"{text.en} {place}"))
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
