"""Points and hidden tests of exercise "ex01-coding" (instructor only; never released).

The key: for each passage, the labels a careful coder could defend (codebook
definitions in data/codebook.md). A label scores if it is one of them.
"""
import html

from aon.argument import prose_problems, reading_html
from aon.grading.checking import agreement, code, not_answered
from aon.grading.exercise_data import coding_passages
from aon.grading.spec import Criterion, Hidden, Manual

STANCE_KEY = {
    "P1": {"alliance"},                         # policymakers advocate alliance
    "P2": {"alliance"},                         # doctrine: coordinate military efforts, joint missile defence
    "P3": {"necessity"},                        # Russia irrelevant to Beijing on trade: asymmetry
    "P4": {"necessity"},                        # over-dependence, China has other suppliers
    "P5": {"necessity"},                        # Russia needs Chinese money despite concerns
    "P6": {"necessity"},                        # Beijing's limited interest in strategic cooperation
    "P7": {"ambiguous", "alliance"},            # "often couched as" acting in tandem: a reported view
    "P8": {"ambiguous"},                        # media speculation, not evidence of coordination
}
THEME_KEY = {
    "P1": {"diplomacy_un", "leadership_regime"},
    "P2": {"nuclear_strategic", "central_asia", "joint_exercises"},
    "P3": {"economy_trade", "asymmetry_status"},
    "P4": {"energy", "asymmetry_status"},
    "P5": {"arctic", "economy_trade"},
    "P6": {"nuclear_strategic", "technology_space"},
    "P7": {"leadership_regime", "ideology_narratives"},
    "P8": {"europe_ukraine_nato", "east_asia_indo_pacific"},
}

TESTS = {
    "q1": Hidden(4, lambda v: agreement(v["stances"], STANCE_KEY)),
    "q2": Hidden(4, lambda v: agreement(v["themes"], THEME_KEY)),
}
MANUAL = {
    "q3": Manual(2, rubric=[
        Criterion("Uses the codebook", ["names the definitions that compete and applies them to the words of the passage",
                                        "names a definition and applies it loosely", "refers to the codes without definitions",
                                        "no reference to the codebook"]),
    ], title="the hardest passage to code, and why"),
}


def outline(values):
    """For graders: each passage with the student's labels beside the key's (for reading Q3)."""
    esc = html.escape
    stances = values.get("stances") if isinstance(values.get("stances"), dict) else {}
    themes = values.get("themes") if isinstance(values.get("themes"), dict) else {}

    def label(answer, accepted):
        if not_answered(answer):
            return "<i>(not answered)</i>"
        mark = "✓" if code(answer) in accepted else "✗"
        return f"{mark} <code>{esc(answer.strip() if isinstance(answer, str) else repr(answer))}</code>"

    parts = ["<h2>Passages: the student's labels and the key</h2>",
             "<table><tr><th>passage</th><th>stance (student)</th><th>stance (key)</th>"
             "<th>theme (student)</th><th>theme (key)</th></tr>"]
    for pid, passage in coding_passages().items():
        parts.append(f"<tr><td><b>{esc(pid)}</b> ({esc(passage['article_id'])}): {esc(passage['text'])}</td>"
                     f"<td>{label(stances.get(pid), STANCE_KEY[pid])}</td><td>{esc(' or '.join(sorted(STANCE_KEY[pid])))}</td>"
                     f"<td>{label(themes.get(pid), THEME_KEY[pid])}</td><td>{esc(' or '.join(sorted(THEME_KEY[pid])))}</td></tr>")
    parts.append("</table>")
    reason = values.get("hardest_reason")
    if isinstance(reason, str) and not not_answered(reason):
        parts.append(reading_html("Automatic reading of Q3", prose_problems(reason, "hardest_reason", 30)))
    return "\n".join(parts)
