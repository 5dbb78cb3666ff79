"""Every text of the browser pages in Norwegian bokmål and English."""

from __future__ import annotations

from goalgraph.labels import LANGUAGES

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "app_title": ("goalgraph – mål og prosjekter", "goalgraph – goals and projects"),
    "nav_start": ("Måltre", "Goal tree"),
    "nav_graph": ("Graf", "Graph"),
    "nav_sparql": ("SPARQL", "SPARQL"),
    "nav_api": ("API", "API"),
    "language": ("Språk", "Language"),
    "start_heading": ("Fra bærekraftsmål til prosjekter", "From the SDGs to projects"),
    "start_intro": (
        "Bærekraftsmålene og hovedmålene med delmålene sine. Tallene viser hvor mange "
        "prosjekter som tjener hvert mål og hvor stort budsjett de har til sammen.",
        "The Sustainable Development Goals and the main goals with their sub-goals. The "
        "figures show how many projects serve each goal and their total budget.",
    ),
    "triples": ("tripler", "triples"),
    "no_sdg": ("Mål uten kobling til bærekraftsmål", "Goals without an SDG link"),
    "no_goals": ("Modellen har ingen mål.", "The model has no goals."),
    "tree_all": ("Vis alle {count} målene", "Show all {count} goals"),
    "tree_overview": ("Tilbake til alle bærekraftsmålene", "Back to all the SDGs"),
    "tree_page": ("Side {page} av {pages}", "Page {page} of {pages}"),
    "tree_previous": ("Forrige side", "Previous page"),
    "tree_next": ("Neste side", "Next page"),
    "projects": ("Prosjekter", "Projects"),
    "projects_count": ("prosjekter", "projects"),
    "budget": ("Budsjett", "Budget"),
    "phase": ("Fase", "Phase"),
    "responsible": ("Ansvarlig", "Responsible"),
    "portfolio": ("Portefølje", "Portfolio"),
    "owner": ("Prosjekteier", "Owner"),
    "manager": ("Prosjektleder", "Manager"),
    "kind": ("Type", "Kind"),
    "graph_view": ("Vis i graf", "Show in graph"),
    "goal": ("Mål", "Goal"),
    "contributes_to": ("Bidrar til", "Contributes to"),
    "sub_goals": ("Delmål", "Sub-goals"),
    "sdg_links": ("Bærekraftsmål", "Sustainable Development Goals"),
    "no_sdg_links": ("Målet er ikke koblet til bærekraftsmål.", "The goal has no SDG link."),
    "served_by": ("Hva tjener målet", "What serves this goal"),
    "strategies": ("Strategier", "Strategies"),
    "nothing_serves": ("Ingen prosjekter tjener dette målet.", "No project serves this goal."),
    "indicators": ("Indikatorer", "Indicators"),
    "no_indicators": ("Ingen indikatorer måler dette målet.", "No indicator measures this goal."),
    "unit": ("Enhet", "Unit"),
    "direction": ("Retning", "Direction"),
    "baseline": ("Utgangsverdi", "Baseline"),
    "observations": ("Målinger", "Observations"),
    "targets": ("Målverdier", "Target values"),
    "date": ("Dato", "Date"),
    "value": ("Verdi", "Value"),
    "no_observations": ("Ingen målinger eller målverdier.", "No observations or target values."),
    "gap_bridge": ("Gapbro", "Gap bridge"),
    "bridge_table": ("Tallene i gapbroen for {label}", "The figures of the gap bridge for {label}"),
    "bridge_step": ("Ledd", "Step"),
    "bridge_running": ("Etter leddet", "After the step"),
    "effects_heading": ("Forventet effekt på indikatorene", "Expected effect on the indicators"),
    "effects_intro": (
        "Fra siste måling, med effektene som teller fra hvert prosjekt, til neste målverdi. "
        "Dette prosjektets effekt har tykk ramme.",
        "From the latest reading, with the effects that count from each project, to the next "
        "target value. This project's effect has a thick border.",
    ),
    "no_effects": (
        "Prosjektet har ingen forventede effekter på indikatorer som kan regnes med.",
        "The project has no expected effects on indicators that can be counted.",
    ),
    "traces": ("Sporing opp til målene", "Traces up to the goals"),
    "no_traces": (
        "Prosjektet når ikke noe mål gjennom målkjeden.",
        "The project reaches no goal through the goal chain.",
    ),
    "goals_reached": ("Mål prosjektet tjener", "Goals the project serves"),
    "node": ("Node", "Node"),
    "properties": ("Egenskaper", "Properties"),
    "incoming": ("Pekes på av", "Pointed at by"),
    "open_page": ("Åpne siden", "Open its page"),
    "graph_heading": ("Graf rundt", "Graph around"),
    "graph_focus": ("Fokus (IRI eller CURIE)", "Focus (IRI or CURIE)"),
    "graph_depth": ("Dybde", "Depth"),
    "graph_show": ("Vis", "Show"),
    "graph_legend": ("Forklaring og filter", "Legend and filter"),
    "graph_details": ("Detaljer", "Details"),
    "graph_click": ("Klikk på en node for å se detaljene.", "Click a node to see its details."),
    "graph_truncated": (
        "Grafen er kuttet ved {cap} noder; velg mindre dybde eller et annet fokus.",
        "The graph is cut at {cap} nodes; choose a smaller depth or another focus.",
    ),
    "graph_counts": ("{nodes} noder, {edges} kanter", "{nodes} nodes, {edges} edges"),
    "graph_issues": ("Valideringsfunn", "Validation results"),
    "graph_no_issues": ("Ingen valideringsfunn.", "No validation results."),
    "validation_marked": (
        "Noder med valideringsfunn har rød kant.",
        "Nodes with validation results have a red border.",
    ),
    "sparql_heading": ("SPARQL-spørringer", "SPARQL queries"),
    "sparql_intro": (
        "Endepunktet {endpoint} følger SPARQL 1.1 Protocol; alle SPARQL-klienter kan bruke det.",
        "The endpoint {endpoint} follows the SPARQL 1.1 Protocol; any SPARQL client can use it.",
    ),
    "sparql_named": ("Navngitte spørringer", "Named queries"),
    "sparql_load": ("Hent inn", "Load"),
    "sparql_run": ("Kjør", "Run"),
    "sparql_params": ("Parametere", "Parameters"),
    "sparql_result": ("Resultat", "Result"),
    "sparql_rows": ("rader", "rows"),
    "error": ("Feil", "Error"),
    "not_found": ("Fant ikke", "Not found"),
    "back_start": ("Til måltreet", "Back to the goal tree"),
}


def texts(lang: str) -> dict[str, str]:
    """All UI texts in ``lang`` (nb or en)."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[index] for key, pair in _TEXTS.items()}


def other_language(lang: str) -> str:
    return "en" if lang == "nb" else "nb"
