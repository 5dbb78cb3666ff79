"""A prioritisation as plain text or Markdown, in bokmål or English."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from goalgraph.analysis.rendering import markdown_text as md_escape
from goalgraph.language import format_number
from goalgraph.texts import Texts

if TYPE_CHECKING:
    from goalgraph.analysis.prioritise import Prioritisation

_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "title": ("Prioritering av {label}", "Prioritisation of {label}"),
    "frame": ("Ramme", "Frame"),
    "frame_given": (
        "(gitt, porteføljens egen ramme er {own})",
        "(given; the portfolio's own frame is {own})",
    ),
    "yearly": ("Årsrammer", "Yearly frames"),
    "criteria": ("Kriterier ({scheme})", "Criteria ({scheme})"),
    "weight": ("vekt", "weight"),
    "computed": ("beregnet", "computed"),
    "recommended": ("Anbefalt", "Recommended"),
    "summary": (
        "{n} av {total} prosjekter, {cost} av {frame} NOK ({share}), verdi {value}.",
        "{n} of {total} projects, {cost} of {frame} NOK ({share}), value {value}.",
    ),
    "current": (
        "I dag: alle {total} prosjekter koster {cost} NOK, {share} av rammen.",
        "Today: all {total} projects cost {cost} NOK, {share} of the frame.",
    ),
    "greedy": (
        "Rangering etter verdi per krone ville gitt verdi {value} for {cost} NOK; optimum "
        "gir {better} mer.",
        "Ranking by value per krone would give value {value} for {cost} NOK; the optimum "
        "gives {better} more.",
    ),
    "greedy_same": (
        "Rangering etter verdi per krone gir her samme verdi ({value}).",
        "Ranking by value per krone gives the same value here ({value}).",
    ),
    "baseline": (
        "Uten endringene (ramme {frame} NOK): verdi {value}, {cost} NOK.",
        "Without the changes (frame {frame} NOK): value {value}, {cost} NOK.",
    ),
    "added": ("Kommer med", "Comes in"),
    "removed": ("Faller ut", "Leaves"),
    "ranking": ("Rangering", "Ranking"),
    "project": ("Prosjekt", "Project"),
    "value": ("Verdi", "Value"),
    "cost": ("Kostnad (NOK)", "Cost (NOK)"),
    "per_million": ("Verdi per mill.", "Value per million"),
    "chosen": ("Valgt", "Chosen"),
    "yes": ("ja", "yes"),
    "no": ("nei", "no"),
    "committed": ("bundet", "committed"),
    "forced_in": ("tvunget inn", "forced in"),
    "forced_out": ("tvunget ut", "forced out"),
    "dropped": ("Hvorfor prosjektene faller ut", "Why projects are dropped"),
    "would_add": (
        "ville gitt verdi {value} for {cost} NOK",
        "would add value {value} for {cost} NOK",
    ),
    "if_kept": (
        "beholdt innenfor rammen blir samlet verdi {value} ({delta}); da må ut: {leaving}",
        "kept within the frame, the total value is {value} ({delta}); then these leave: {leaving}",
    ),
    "if_kept_none": (
        "får ikke plass innenfor rammen selv alene med de bundne prosjektene",
        "does not fit the frame even alone with the committed projects",
    ),
    "frame_to_keep": (
        "rammen må være minst {frame} NOK ({more} mer) for å beholde det",
        "the frame must be at least {frame} NOK ({more} more) to keep it",
    ),
    "frame_never": (
        "ingen samlet ramme beholder det innenfor årsrammene",
        "no total frame keeps it within the yearly frames",
    ),
    "goals": ("Hva målene mister", "What the goals lose"),
    "goal_lost": ("{goal} ({level}) mister {projects}", "{goal} ({level}) loses {projects}"),
    "goal_kept": (
        "{n} valgte prosjekter tjener det fortsatt",
        "{n} chosen projects still serve it",
    ),
    "goal_none": (
        "ingen valgte prosjekter tjener det lenger",
        "no chosen project serves it any longer",
    ),
    "effect": ("{label}: {change}{unit} innen {date}", "{label}: {change}{unit} by {date}"),
    "main": ("hovedmål", "main goal"),
    "sub": ("delmål", "sub-goal"),
    "goal": ("mål", "goal"),
    "notes": ("Merknader", "Notes"),
    "missing": ("Uten skår (teller 0): {items}", "Without a score (counted as 0): {items}"),
    "spread": (
        "Budsjettet fordelt jevnt over perioden (ingen årlige kostnader oppgitt): {items}",
        "Budget spread evenly over the period (no yearly costs given): {items}",
    ),
    "unpriced": (
        "Uten budsjett (teller 0 NOK): {items}",
        "Without a budget (counted as 0 NOK): {items}",
    ),
    "excluded": (
        "Avslåtte forslag, ikke med: {items}",
        "Rejected proposals, left out: {items}",
    ),
    "solver": (
        "Løst eksakt med {solver}: {solves} løsninger, {seconds} s.",
        "Solved exactly with {solver}: {solves} solves, {seconds} s.",
    ),
    "nothing_dropped": (
        "Alle prosjektene får plass innenfor rammen.",
        "Every project fits the frame.",
    ),
}
TEXTS = Texts(_TEXTS)


def nok(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else format_number(round(value), lang)


def figure(value: Decimal | None, lang: str) -> str:
    if value is None:
        return "–"
    shown = f"{value.quantize(Decimal('0.01')).normalize():f}"
    return shown.replace(".", ",") if lang == "nb" else shown


def share(part: Decimal, whole: Decimal | None) -> str:
    if not whole:
        return "–"
    return f"{round(100 * part / whole)} %"


def render(result: Prioritisation, form: str) -> str:
    lang = result.lang
    t = TEXTS.of(lang)
    markdown = form == "md"

    def name(node: object) -> str:
        label = result.label_of(node)  # type: ignore[arg-type]
        return md_escape(label) if markdown else label

    def names(nodes: object) -> str:
        return "; ".join(name(n) for n in nodes)  # type: ignore[attr-defined]

    lines: list[str] = []
    heading = t["title"].format(label=result.label)
    lines += [f"# {md_escape(heading)}" if markdown else heading, ""]
    frame_line = f"{t['frame']}: {nok(result.frame, lang)} NOK"
    if result.frame_given and result.current.frame is not None:
        frame_line += " " + t["frame_given"].format(own=nok(result.current.frame, lang))
    lines.append(frame_line)
    if result.yearly_frames:
        costs = result.yearly_costs
        parts = [
            f"{year}: {nok(costs[year], lang)} / {nok(limit, lang)}"
            for year, limit in sorted(result.yearly_frames.items())
        ]
        lines.append(f"{t['yearly']}: " + ", ".join(parts))
    lines.append("")
    lines.append(
        t["criteria"].format(
            scheme=md_escape(result.scheme_label) if markdown else result.scheme_label
        )
        + ":"
    )
    for c in result.criteria:
        how = f", {t['computed']}" if c.computation is not None else ""
        label = md_escape(c.label) if markdown else c.label
        lines.append(f"- {label} ({t['weight']} {figure(c.weight, lang)}{how})")
    lines.append("")
    section = "## " if markdown else ""
    lines.append(f"{section}{t['recommended']}")
    lines.append("")
    lines.append(
        t["summary"].format(
            n=len(result.selected),
            total=len(result.candidates),
            cost=nok(result.cost, lang),
            frame=nok(result.frame, lang),
            share=share(result.cost, result.frame),
            value=figure(result.value, lang),
        )
    )
    lines.append(
        t["current"].format(
            total=len(result.candidates),
            cost=nok(result.current.cost, lang),
            share=share(result.current.cost, result.frame),
        )
    )
    if result.greedy.value < result.value:
        lines.append(
            t["greedy"].format(
                value=figure(result.greedy.value, lang),
                cost=nok(result.greedy.cost, lang),
                better=figure(result.value - result.greedy.value, lang),
            )
        )
    else:
        lines.append(t["greedy_same"].format(value=figure(result.greedy.value, lang)))
    if result.baseline is not None:
        lines.append(
            t["baseline"].format(
                frame=nok(result.baseline.frame, lang),
                value=figure(result.baseline.value, lang),
                cost=nok(result.baseline.cost, lang),
            )
        )
        before, after = set(result.baseline.projects), set(result.selected)
        if after - before:
            lines.append(f"{t['added']}: {names(sorted(after - before, key=result.label_of))}")
        if before - after:
            lines.append(f"{t['removed']}: {names(sorted(before - after, key=result.label_of))}")
    lines.append("")
    lines += _ranking(result, markdown)
    lines.append("")
    lines.append(f"{section}{t['dropped']}")
    lines.append("")
    if not result.dropped:
        lines.append(t["nothing_dropped"])
    for e in result.explanations:
        parts = [t["would_add"].format(value=figure(e.value, lang), cost=nok(e.cost, lang))]
        if e.value_if_kept is None:
            parts.append(t["if_kept_none"])
        else:
            delta = e.value_if_kept - result.value
            parts.append(
                t["if_kept"].format(
                    value=figure(e.value_if_kept, lang),
                    delta=("+" if delta >= 0 else "") + figure(delta, lang),
                    leaving=names(e.leaving) or "–",
                )
            )
        if e.frame_to_keep is None:
            parts.append(t["frame_never"])
        else:
            parts.append(
                t["frame_to_keep"].format(
                    frame=nok(e.frame_to_keep, lang), more=nok(e.frame_to_keep - result.frame, lang)
                )
            )
        label = md_escape(e.label) if markdown else e.label
        lines.append(f"- {'**' + label + '**' if markdown else label}: " + "; ".join(parts) + ".")
    if result.goals:
        lines += ["", f"{section}{t['goals']}", ""]
        for g in result.goals:
            lost = t["goal_lost"].format(
                goal=name(g.goal), level=t[g.level], projects=names(g.dropped)
            )
            kept = t["goal_kept"].format(n=g.kept) if g.kept else t["goal_none"]
            lines.append(f"- {lost}; {kept}.")
            for project, effect in g.effects:
                unit = f" {effect.unit}" if effect.unit else ""
                change = figure(effect.change, lang)
                if effect.change is not None and effect.change > 0:
                    change = "+" + change
                text = t["effect"].format(
                    label=md_escape(effect.label) if markdown else effect.label,
                    change=change,
                    unit=md_escape(unit) if markdown else unit,
                    date=effect.date.isoformat() if effect.date else "–",
                )
                lines.append(f"  - {name(project)} → {text}")
    notes = []
    if result.missing:
        items = "; ".join(f"{name(m.project)} / {name(m.criterion)}" for m in result.missing)
        notes.append(t["missing"].format(items=items))
    if result.spread:
        notes.append(t["spread"].format(items=names(result.spread)))
    if result.unpriced:
        notes.append(t["unpriced"].format(items=names(result.unpriced)))
    if result.excluded:
        notes.append(t["excluded"].format(items=names(result.excluded)))
    seconds = f"{result.seconds:.2f}"
    notes.append(
        t["solver"].format(
            solver=result.solver,
            solves=result.solves,
            seconds=seconds.replace(".", ",") if lang == "nb" else seconds,
        )
    )
    lines += ["", f"{section}{t['notes']}", ""]
    lines += [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _ranking(result: Prioritisation, markdown: bool) -> list[str]:
    lang = result.lang
    t = TEXTS.of(lang)

    def marks(c: object) -> str:
        found = []
        if getattr(c, "committed", False):
            found.append(t["committed"])
        forced = getattr(c, "forced", None)
        if forced == "in":
            found.append(t["forced_in"])
        elif forced == "out":
            found.append(t["forced_out"])
        return f" ({', '.join(found)})" if found else ""

    rows = [
        (
            (md_escape(c.label) if markdown else c.label) + marks(c),
            figure(c.value, lang),
            nok(c.cost, lang),
            figure(c.value_per_million, lang),
            t["yes"] if c.selected else t["no"],
        )
        for c in result.ranking
    ]
    header = (t["project"], t["value"], t["cost"], t["per_million"], t["chosen"])
    if markdown:
        out = [
            f"## {t['ranking']}",
            "",
            "| " + " | ".join(header) + " |",
            "|---|---:|---:|---:|---|",
        ]
        out += ["| " + " | ".join(row) + " |" for row in rows]
        return out
    widths = [max(len(str(r[k])) for r in [header, *rows]) for k in range(5)]
    out = [t["ranking"]]
    for row in [header, *rows]:
        cells = [
            row[0].ljust(widths[0]),
            *(str(row[k]).rjust(widths[k]) for k in range(1, 4)),
            row[4],
        ]
        out.append("  ".join(cells).rstrip())
    return out
