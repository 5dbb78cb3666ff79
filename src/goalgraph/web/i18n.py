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
    # Plan cycles: versions, changes, status reports, the yearly wheel
    "revised_target": ("Revidert målverdi", "Revised target value"),
    "revised_targets": ("Reviderte målverdier", "Revised target values"),
    "nav_changes": ("Endringer", "Changes"),
    "nav_wheel": ("Årshjul", "Yearly wheel"),
    "plan_version": ("Planversjon", "Plan version"),
    "adopted": ("vedtatt", "adopted"),
    "status_history": ("Statusrapporter", "Status reports"),
    "no_status": ("Prosjektet har ingen statusrapporter.", "The project has no status reports."),
    "period": ("Periode", "Period"),
    "time": ("Tid", "Time"),
    "cost": ("Kostnad", "Cost"),
    "effect": ("Effekt", "Effect"),
    "risk": ("Risiko", "Risk"),
    "forecast": ("Prognose", "Forecast"),
    "reported_phase": ("Fase", "Phase"),
    "light_green": ("grønn", "green"),
    "light_yellow": ("gul", "yellow"),
    "light_red": ("rød", "red"),
    "changes_heading": ("Endringer mellom to versjoner", "Changes between two versions"),
    "changes_intro": (
        "Velg to versjoner av planen, eller to navngitte grafer, og se hva som er lagt til, "
        "fjernet og endret.",
        "Choose two versions of the plan, or two named graphs, and see what was added, removed "
        "and changed.",
    ),
    "changes_old": ("Fra", "From"),
    "changes_new": ("Til", "To"),
    "changes_show": ("Sammenlign", "Compare"),
    "changes_none": ("Ingen endringer.", "No changes."),
    "changes_no_versions": (
        "Modellen holder ingen planversjoner; gi to navngitte grafer.",
        "The model holds no plan versions; give two named graphs.",
    ),
    "changes_summary": (
        "{added} lagt til, {removed} fjernet, {changed} endret",
        "{added} added, {removed} removed, {changed} changed",
    ),
    "changes_removed": ("Fjernet", "Removed"),
    "changes_added": ("Lagt til", "Added"),
    "changes_changed": ("Endret", "Changed"),
    "changes_details": ("Egenskap for egenskap", "Property by property"),
    "changes_property": ("Egenskap", "Property"),
    "changes_was": ("Før", "Before"),
    "changes_now": ("Nå", "Now"),
    "wheel_heading": ("Årshjulet", "The yearly wheel"),
    "wheel_at": ("Per", "As of"),
    "wheel_days": ("Dager fremover", "Days ahead"),
    "wheel_due": ("Frister de neste {days} dagene", "Due in the next {days} days"),
    "wheel_later": ("Senere", "Later"),
    "wheel_nothing": ("Ingenting har frist i perioden.", "Nothing is due in the period."),
    "wheel_none": (
        "Modellen har ikke noe årshjul (gg:YearlyWheel).",
        "The model has no yearly wheel (gg:YearlyWheel).",
    ),
    "wheel_what": ("Hva", "What"),
    "wheel_kind": ("Ledd", "Step"),
    "wheel_responsible": ("Ansvarlig", "Responsible"),
    "wheel_in_days": ("om {days} dager", "in {days} days"),
}


def texts(lang: str) -> dict[str, str]:
    """All UI texts in ``lang`` (nb or en)."""
    index = LANGUAGES.index(lang) if lang in LANGUAGES else 0
    return {key: pair[index] for key, pair in _TEXTS.items()}


def other_language(lang: str) -> str:
    return "en" if lang == "nb" else "nb"
