"""The editor's texts in Norwegian bokmål and English (merged into goalgraph.web.i18n)."""

from __future__ import annotations

from goalgraph.texts import Texts

_EDITOR_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "sign_in": ("Logg inn", "Sign in"),
    "sign_out": ("Logg ut", "Sign out"),
    "signed_in_as": ("Innlogget som", "Signed in as"),
    "signin_heading": ("Logg inn for å redigere", "Sign in to edit"),
    "signin_intro": (
        "Redaktører endrer målene, strategiene og prosjektene i sine egne grafer. Navnet og "
        "nøkkelen får du av den som driver tjenesten.",
        "Editors change the goals, strategies and projects of their own graphs. The server's "
        "administrator gives you your name and token.",
    ),
    "signin_name": ("Redaktørnavn", "Editor name"),
    "signin_token": ("Nøkkel", "Token"),
    "signin_button": ("Logg inn", "Sign in"),
    "signin_failed": (
        "Navnet eller nøkkelen stemmer ikke. Prøv igjen.",
        "The name or the token is wrong. Try again.",
    ),
    "signin_stale": (
        "Skjemaet var for gammelt. Last siden på nytt og prøv igjen.",
        "The form had expired. Reload the page and try again.",
    ),
    "signin_off": (
        "Redigering er slått av på denne tjenesten: ingen redaktører er satt opp.",
        "Editing is off on this server: no editors are configured.",
    ),
    "edit": ("Rediger", "Edit"),
    "edit_heading": ("Rediger {kind}", "Edit {kind}"),
    "edit_new_heading": ("Legg til {kind}", "New {kind}"),
    "edit_new": ("Legg til {kind}", "New {kind}"),
    "edit_new_linked": ("Legg til {kind} som {link} denne", "New {kind} that {link} this"),
    "edit_new_target": ("Legg til {kind} her", "Add a new {kind} here"),
    "edit_kind": ("Type", "Kind"),
    "edit_kind_change": ("Bytt type", "Change kind"),
    "edit_graph": ("Graf", "Graph"),
    "edit_names": ("Navn og beskrivelse", "Name and description"),
    "edit_label": ("Navn", "Name"),
    "edit_label_nb": ("Navn på bokmål", "Name in Norwegian bokmål"),
    "edit_label_en": ("Navn på engelsk", "Name in English"),
    "edit_description": ("Beskrivelse", "Description"),
    "edit_description_nb": ("Beskrivelse på bokmål", "Description in Norwegian bokmål"),
    "edit_description_en": ("Beskrivelse på engelsk", "Description in English"),
    "edit_links": ("Lenker i målkjeden", "Links of the goal chain"),
    "edit_more": ("Mer om noden", "More about the node"),
    "edit_required": ("må fylles ut", "required"),
    "edit_recommended": ("bør fylles ut", "recommended"),
    "edit_search": ("Søk etter navn", "Search by name"),
    "edit_search_sdg": ("Søk etter kode (3.4) eller tekst", "Search by code (3.4) or text"),
    "edit_remove": ("Fjern {name}", "Remove {name}"),
    "edit_none": ("Ingen valgt", "None chosen"),
    "edit_no_match": ("Ingen treff", "No match"),
    "edit_choose": ("Velg …", "Choose …"),
    "edit_add_value": ("Legg til en verdi", "Add a value"),
    "edit_kept": ("Andre opplysninger (beholdes som de er)", "Other statements (kept as they are)"),
    "edit_save": ("Lagre", "Save"),
    "edit_cancel": ("Avbryt", "Cancel"),
    "edit_delete": ("Slett …", "Delete …"),
    "edit_delete_heading": ("Slette noden?", "Delete the node?"),
    "edit_delete_nothing": (
        "Ingenting annet peker på noden.",
        "Nothing else links to the node.",
    ),
    "edit_delete_hanging": (
        "Dette peker på noden. Lenkene i samme graf slettes sammen med den; det som da "
        "henger i luften, gjør at slettingen avvises.",
        "These link to the node. The links in the same graph are deleted with it; whatever "
        "that leaves hanging makes the deletion refused.",
    ),
    "edit_delete_elsewhere": (
        "Andre grafer peker på noden; deres redaktører må fjerne lenkene først.",
        "Other graphs link to the node; their editors must remove those links first.",
    ),
    "edit_delete_confirm": ("Slett noden", "Delete the node"),
    "edit_checking": ("Sjekker …", "Checking …"),
    "edit_check_ok": ("Ingen brudd eller advarsler.", "No Violations or Warnings."),
    "edit_check_refused": (
        "Lagring vil bli avvist: endringen gir nye brudd (se under).",
        "Saving would be refused: the change adds Violations (see below).",
    ),
    "edit_check_warnings": (
        "Kan lagres; se merknadene under.",
        "Can be saved; see the remarks below.",
    ),
    "edit_check_failed": ("Kunne ikke sjekke: {detail}", "Could not check: {detail}"),
    "edit_refused": (
        "Ikke lagret: endringen ville gi nye brudd på reglene.",
        "Not saved: the change would add Violations.",
    ),
    "edit_conflict": (
        "Ikke lagret: noen andre har endret noden siden du åpnet den. Last siden på nytt.",
        "Not saved: someone else changed the node since you opened it. Reload the page.",
    ),
    "edit_failed": ("Ikke lagret: {detail}", "Not saved: {detail}"),
    "edit_signed_out": (
        "Du er logget ut. Logg inn igjen og lagre på nytt.",
        "You are signed out. Sign in again and save once more.",
    ),
    "edit_saved": ("Lagret.", "Saved."),
    "edit_elsewhere": ("Nye brudd på andre noder", "New Violations on other nodes"),
    "edit_new_violation": ("nytt brudd", "new Violation"),
    "edit_existing": ("fantes fra før", "already there"),
    "history": ("Historikk", "History"),
    "history_none": (
        "Ingen endringer er lagret i redigeringsverktøyet ennå.",
        "No changes saved in the editor yet.",
    ),
    "history_by": ("av {by}", "by {by}"),
    "history_restore": ("Gjenopprett slik det var før", "Restore as it was before"),
    "history_restore_help": (
        "Angrer denne endringen og alle senere endringer av noden.",
        "Undoes this change and every later change of the node.",
    ),
    "history_restored": ("Gjenopprettet.", "Restored."),
    "history_removed": ("fjernet", "removed"),
    "history_added": ("lagt til", "added"),
    "edit_panel": ("Redigering", "Editing"),
    "sev_violation": ("Brudd", "Violation"),
    "sev_warning": ("Advarsel", "Warning"),
    "sev_info": ("Merknad", "Info"),
}
EDITOR_TEXTS = Texts(_EDITOR_TEXTS)
