"""Every text of the browser pages in Norwegian bokmål and English."""

from __future__ import annotations

from goalgraph.labels import LANGUAGES
from goalgraph.texts import Texts
from goalgraph.web.i18n_editor import EDITOR_TEXTS

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "app_title": ("goalgraph – mål og prosjekter", "goalgraph – goals and projects"),
    "nav_start": ("Måltre", "Goal tree"),
    "nav_graph": ("Graf", "Graph"),
    "nav_report": ("Rapport", "Report"),
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
    "start_pending": (
        "Varslene ved målene og filteret for parter gjøres klare og kommer om et øyeblikk.",
        "The warnings on the goals and the party filter are being prepared and follow in a moment.",
    ),
    "start_pending_reload": ("Last siden på nytt", "Reload the page"),
    # Counted nouns (the `counted` template function picks the form that agrees).
    "model_holds": ("Modellen har", "The model has"),
    "and_word": ("og", "and"),
    "n_main_goal_one": ("hovedmål", "main goal"),
    "n_main_goal_many": ("hovedmål", "main goals"),
    "n_sub_goal_one": ("delmål", "sub-goal"),
    "n_sub_goal_many": ("delmål", "sub-goals"),
    "n_project_one": ("prosjekt", "project"),
    "n_project_many": ("prosjekter", "projects"),
    "n_indicator_one": ("indikator", "indicator"),
    "n_indicator_many": ("indikatorer", "indicators"),
    "n_node_one": ("node", "node"),
    "n_node_many": ("noder", "nodes"),
    "n_edge_one": ("kant", "edge"),
    "n_edge_many": ("kanter", "edges"),
    "kind_project": ("Prosjekt", "Project"),
    "sdg_badge": ("Bærekraftsmål {code}", "SDG {code}"),
    "sdg_english": (
        "FNs tekster til delmålene og indikatorene finnes bare på engelsk; de står derfor på "
        "engelsk her.",
        "The UN's texts of the targets and indicators are in English.",
    ),
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
    "no_counted_effects": (
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
    "incoming": ("Lenker hit", "Links here"),
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
    "sparql_label": ("Spørring (SPARQL)", "Query (SPARQL)"),
    "sparql_csv": ("Last ned som CSV", "Download as CSV"),
    "error": ("Feil", "Error"),
    "not_found": ("Fant ikke", "Not found"),
    "back_start": ("Til måltreet", "Back to the goal tree"),
    # The report page and the party filter.
    "scope_graph": ("Graf (fil eller part)", "Graph (file or party)"),
    "scope_party": ("Part", "Party"),
    "scope_all": ("Alle", "All"),
    # A goal's or project's page read at another date than today (?at=, from the report).
    "page_at": ("Statusen og effektbalansen per", "Status and effect balance as of"),
    "page_today": ("vis per i dag", "show as of today"),
    "page_pick_date": ("Vis status og effektbalanse per", "Show status and effect balance as of"),
    "scope_portfolio_note": (
        "Prosjektspørsmålene gjelder porteføljen; målene gjelder hele utvalget.",
        "The project questions cover the portfolio; the goals cover the whole scope.",
    ),
    "parties_heading": ("Parter og hva de eier", "Parties and what they own"),
    # After the first names of a topic of the report's "needs attention" box.
    "attention_more": ("… og {count} til", "… and {count} more"),
    "workbook_download": (
        "Last ned modellen som arbeidsbok, med effektbalansen (.xlsx)",
        "Download the model as a workbook, with the effect balance (.xlsx)",
    ),
    "workbook_download_note": (
        "Arkene med effektbalansen leses ikke inn igjen; resten kan fylles ut og importeres med "
        "goalgraph import.",
        "The effect balance sheets are not read back; the rest can be filled in and imported "
        "with goalgraph import.",
    ),
    "goals": ("Mål", "Goals"),
    "joint": ("Felles for alle partene", "Shared by all parties"),
    "owned_by": ("Eies av", "Owned by"),
    "owned_jointly": ("felles for partene i {plan}", "shared by the parties of {plan}"),
    "filter_party": ("Vis bare det parten eier", "Show only what the party owns"),
    "filter_apply": ("Filtrer", "Filter"),
    # Warnings in the goal tree.
    "warn_no_project": ("ingen prosjekter", "no projects"),
    "warn_over_frame": ("over rammen", "over the frame"),
    "warn_high_risk": ("høy risiko", "high risk"),
    "warn_off_track": ("indikator ikke i rute", "indicator off track"),
    "warn_no_project_title": (
        "Ingen prosjekter tjener målet.",
        "No project serves this goal.",
    ),
    "warn_over_frame_title": (
        "Et prosjekt som tjener målet, er i en portefølje over budsjettrammen.",
        "A project serving this goal is in a portfolio over its budget frame.",
    ),
    "warn_high_risk_title": (
        "Et prosjekt med høy risiko tjener målet.",
        "A project with high risk serves this goal.",
    ),
    "warn_off_track_title": (
        "En indikator for målet er ikke i rute.",
        "An indicator of this goal is not on track.",
    ),
    # Error pages for a person.
    "error_404_heading": ("Fant ikke siden", "Page not found"),
    "error_404_text": (
        "Vi fant ikke det du lette etter. Kanskje lenken er gammel, eller adressen er "
        "skrevet feil.",
        "We could not find what you were looking for. The link may be old, or the address "
        "mistyped.",
    ),
    "error_node_text": (
        "Modellen har ikke noe slikt mål, prosjekt eller element. Sjekk adressen, eller finn "
        "det i måltreet.",
        "The model has no such goal, project or item. Check the address, or find it in the "
        "goal tree.",
    ),
    "error_422_heading": ("Adressen mangler noe", "The address is missing something"),
    "error_422_text": (
        "Siden trenger mer i adressen enn den fikk: {fields}. Gå tilbake og velg fra en liste, "
        "eller start fra måltreet.",
        "The page needs more in its address than it got: {fields}. Go back and choose from a "
        "list, or start from the goal tree.",
    ),
    "error_400_heading": ("Det gikk ikke", "That did not work"),
    "error_500_heading": ("Noe gikk galt hos oss", "Something went wrong on our side"),
    "error_details": ("Teknisk forklaring", "Technical details"),
    # The chain view.
    "graph_mode": ("Visning", "View"),
    "graph_mode_chain": ("Målkjeden i lag", "The goal chain in layers"),
    "graph_mode_network": ("Nabolaget (dybde)", "The neighbourhood (depth)"),
    "graph_hubs": (
        "Vis planer, organisasjoner, porteføljer og indikatorer",
        "Show plans, organisations, portfolios and indicators",
    ),
    "chain_cut": (
        "Kjeden er for stor til å tegnes hel: hvert nivå viser høyst en femtedel av {cap} "
        "noder. Utelatt:",
        "The chain is too big to draw whole: each level shows at most a fifth of {cap} "
        "nodes. Left out:",
    ),
    "chain_left_goal": ("mål", "goals"),
    "chain_left_strategy": ("strategier", "strategies"),
    "chain_left_assignment": ("oppdrag", "assignments"),
    "chain_left_measure": ("tiltak", "measures"),
    "chain_left_project": ("prosjekter", "projects"),
    "chain_left_sdg": ("bærekraftsmål", "SDG items"),
    "chain_left_hub": ("planer, organisasjoner og porteføljer", "plans, organisations, portfolios"),
    "chain_left_indicator": ("indikatorer", "indicators"),
    "chain_help": (
        "Klikk en node (eller «Marker veien» i listen) for å markere veien til fokus.",
        "Click a node (or \u201cHighlight the way\u201d in the list) to highlight its way to the "
        "focus.",
    ),
    "chain_list": ("Nodene i grafen som liste", "The nodes of the graph as a list"),
    "chain_links": ("Lenker til", "Links to"),
    "chain_path": ("Vei", "Way"),
    "chain_highlight": ("Marker veien", "Highlight the way"),
    # The indicator chart.
    "today": ("I dag", "Today"),
    "target_past": ("passert", "passed"),
    "targets_past": ("Målverdi med passert dato", "Target value whose date has passed"),
    "chart_values": ("Verdiene i tabell", "The values as a table"),
    "observation": ("Måling", "Observation"),
    "target_value": ("Målverdi", "Target value"),
    # The goal page's summary and means chain.
    "summary_on_track": ("I rute", "On track"),
    "summary_behind": ("Ikke i rute", "Not on track"),
    "summary_no_data": ("Mangler data", "No data"),
    "summary_indicators": (
        "{on} av {all} i rute",
        "{on} of {all} on track",
    ),
    "summary_no_indicators": ("ingen indikatorer", "no indicators"),
    "summary_budget": (
        "{budget} i {projects} tjener målet",
        "{budget} in {projects} serve this goal",
    ),
    "means_chain": (
        "Virkemidler: strategier, oppdrag, tiltak og prosjekter",
        "Means: strategies, assignments, measures and projects",
    ),
    "no_means": ("Ingen strategi realiserer målet.", "No strategy realises this goal."),
    # The project page.
    "period": ("Periode", "Period"),
    "risk": ("Risiko", "Risk"),
    "expected_benefit": ("Forventet gevinst", "Expected benefit"),
    "expected_effects": ("Forventet effekt på indikatorer", "Expected effect on indicators"),
    "no_effects": (
        "Modellen sier ikke hvilken effekt prosjektet ventes å ha på indikatorene.",
        "The model does not say what effect the project is expected to have on indicators.",
    ),
    "change": ("Endring", "Change"),
    "by_date": ("Innen", "By"),
    "indicator": ("Indikator", "Indicator"),
    "indicator_status": ("Indikatorens status", "The indicator's status"),
    "financing": ("Finansiering", "Financing"),
    "no_financing": (
        "Modellen har ingen finansiering for prosjektet.",
        "The model has no financing for the project.",
    ),
    "source": ("Kilde", "Source"),
    "amount": ("Beløp", "Amount"),
    "earmarked": ("Øremerket til", "Earmarked for"),
    "part_of": ("Del av", "Part of"),
    "trace_tree": ("Veien opp til målene", "The way up to the goals"),
    "trace_paths": ("Alle sporene hver for seg ({count})", "Every trace on its own ({count})"),
    "prioritise": ("Prioriter porteføljen", "Prioritise the portfolio"),
    "prio_title": ("Prioritering", "Prioritisation"),
    "prio_intro": (
        "Prosjektene med størst samlet verdi (vekt × skår over porteføljens kriterier) som får "
        "plass innenfor rammen; bundne prosjekter er alltid med. Regnet ut eksakt med en "
        "heltallsløser, ikke en rangering.",
        "The projects with the largest total value (weight × score over the portfolio's "
        "criteria) that fit the frame; committed projects are always in. Computed exactly with "
        "an integer solver, not a ranking.",
    ),
    "prio_frame": ("Ramme", "Frame"),
    "prio_given": ("gitt her", "given here"),
    "prio_recalculate": ("Regn ut på nytt", "Recalculate"),
    "prio_recommended": ("Anbefalt", "Recommended"),
    "prio_chosen_cost": ("Valgte prosjekter koster", "Chosen projects cost"),
    "prio_value": ("Verdi", "Value"),
    "prio_current": ("Alle prosjektene i dag", "All projects today"),
    "prio_greedy": ("Rangering etter verdi per krone", "Ranking by value per krone"),
    "prio_baseline": ("Uten endringene", "Without the changes"),
    "prio_year": ("År", "Year"),
    "prio_ranking": ("Rangering", "Ranking"),
    "prio_criteria": ("Kriterier", "Criteria"),
    "prio_weight": ("vekt", "weight"),
    "prio_computed": ("beregnet", "computed"),
    "prio_chosen": ("Valgt", "Chosen"),
    "prio_yes": ("ja", "yes"),
    "prio_no": ("nei", "no"),
    "prio_committed": ("bundet", "committed"),
    "prio_scores": ("Skår", "Scores"),
    "prio_force": ("Hva om", "What if"),
    "prio_free": ("fritt", "free"),
    "prio_force_in": ("tving inn", "force in"),
    "prio_force_out": ("tving ut", "force out"),
    "prio_dropped": ("Hvorfor prosjektene faller ut", "Why projects are dropped"),
    "prio_nothing_dropped": ("Alle prosjektene får plass.", "Every project fits."),
    "prio_would_add": (
        "ville gitt verdi {value} for {cost} NOK",
        "would add value {value} for {cost} NOK",
    ),
    "prio_if_kept": (
        "Beholdt innenfor rammen blir samlet verdi {value}.",
        "Kept within the frame, the total value is {value}.",
    ),
    "prio_leaving": ("Da må ut", "Then these leave"),
    "prio_frame_to_keep": (
        "Rammen må være minst {frame} NOK for å beholde det.",
        "The frame must be at least {frame} NOK to keep it.",
    ),
    "prio_frame_never": (
        "Ingen samlet ramme beholder det innenfor årsrammene.",
        "No total frame keeps it within the yearly frames.",
    ),
    "prio_goals": ("Hva målene mister", "What the goals lose"),
    "prio_kept": (
        "{n} valgte prosjekter tjener det fortsatt",
        "{n} chosen projects still serve it",
    ),
    "prio_kept_one": ("1 valgt prosjekt tjener det fortsatt", "1 chosen project still serves it"),
    "prio_none_left": ("ingen valgte prosjekter tjener det", "no chosen project serves it"),
    "prio_missing": (
        "Uten skår på alle kriterier (teller 0)",
        "Without a score on every criterion (counted as 0)",
    ),
    "prio_solver": (
        "Løst eksakt med {solver}: {solves} løsninger.",
        "Solved exactly with {solver}: {solves} solves.",
    ),
    # Plan cycles: versions, changes, status reports, the yearly wheel
    "revised_target": ("Revidert målverdi", "Revised target value"),
    "revised_targets": ("Reviderte målverdier", "Revised target values"),
    "nav_changes": ("Endringer", "Changes"),
    "nav_wheel": ("Årshjul", "Yearly wheel"),
    "plan_version": ("Planversjon", "Plan version"),
    "version_reading": ("Du leser planversjonen", "You are reading the plan version"),
    "version_current": ("Vis gjeldende versjon", "Show the current version"),
    "adopted": ("vedtatt", "adopted"),
    "status_history": ("Statusrapporter", "Status reports"),
    "no_status": ("Prosjektet har ingen statusrapporter.", "The project has no status reports."),
    "time": ("Tid", "Time"),
    "cost": ("Kostnad", "Cost"),
    "effect": ("Effekt", "Effect"),
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


#: Every text of the pages, the editor's too.
TEXTS = Texts(_TEXTS) | EDITOR_TEXTS


def texts(lang: str) -> dict[str, str]:
    """All UI texts in ``lang`` (nb or en; any other reads bokmål)."""
    return TEXTS.of(lang if lang in LANGUAGES else "nb")


def other_language(lang: str) -> str:
    return "en" if lang == "nb" else "nb"
