"""Points and hidden tests of exercise "ex01-coding" (instructor only; never released).

The key (codebook 2, data/codebook.md sections 4-5): for each passage, every code a careful coder could
defend, with the share of the passage's credit it earns. 1 is the code the key gives; 0.5 a defensible
alternative the codebook marks as borderline for such a case (named in REASONS); a code listed twice at
1 is a case the codebook leaves open between the two. The passages were read in their articles
(data/articles/<id>.txt at the offsets in aon.grading.exercise_data.PASSAGES), against the rows the
course's coders coded around them (cited in REASONS).

Scoring rule: a question's fraction is the mean over the eight passages of the credit of the student's
code (0 for a code the key does not list). A coding that gives one and the same code to every passage it
answers (at least four) scores 0: it has the right form but codes no passage (the visible check says so).
"""
from __future__ import annotations

import html
from pathlib import Path

from aon.argument import prose_problems, reading_html
from aon.codebook import NO_LEVEL, derive_supports
from aon.grading.checking import code, not_answered
from aon.grading.exercise_data import coding_passages
from aon.grading.spec import Criterion, Hidden, Manual, load_module

_CHECKS = load_module(Path(__file__).with_name("checks.py"), "aon_ex01_checks_for_tests")
tie_code = _CHECKS.tie_code

TIE_KEY: dict[str, dict[str, float]] = {
    "P1": {"alliance": 1},
    "P2": {"alignment": 1, "alliance": 0.5},
    "P3": {"distance": 1, NO_LEVEL: 0.5},
    "P4": {NO_LEVEL: 1, "distance": 0.5},
    "P5": {NO_LEVEL: 1, "distance": 0.5},
    "P6": {"distance": 1, "partnership": 0.5},
    "P7": {NO_LEVEL: 1, "alignment": 0.5},
    "P8": {NO_LEVEL: 1, "alignment": 0.5, "alliance": 0.5},
}
DRIVER_KEY: dict[str, dict[str, float]] = {
    "P1": {"none_stated": 1},
    "P2": {"shared_threat": 1, "none_stated": 0.5},
    "P3": {"asymmetry_dependence": 1},
    "P4": {"asymmetry_dependence": 1, "economic_opportunity": 0.5},
    "P5": {"asymmetry_dependence": 1, "economic_opportunity": 1},
    "P6": {"none_stated": 1},
    "P7": {"shared_regime_ideas": 1},
    "P8": {"shared_threat": 1},
}
#: One line per passage: why the key codes it so, and which alternatives it accepts and why.
REASONS: dict[str, str] = {
    "P1": "Officials openly advocating alliance is tie alliance by the codebook's definition (cf. blank-2016-10); the span "
          "gives no reason, so none_stated. No alternative: supports alliance.",
    "P2": "A defence doctrine proposing to coordinate military efforts and build joint missile defence is security "
          "cooperation without obligation: alignment (cf. blank-2016-55, the same doctrine); alliance half credit (Blank "
          "reads it as an offer, but it is a unilateral doctrine, not an explicit offer of alliance). Driver: the aim is "
          "'to deal with military risks', a common threat (shared_threat, cf. blank-2016-16); none_stated half credit "
          "(the risks name no outside actor).",
    "P3": "Beijing finds Moscow irrelevant in its trade war with the US: one side sidestepping the other, a limit "
          "(distance), driven by the power gap (asymmetry_dependence; codebook section 11, 'a driver that pushes the two "
          "apart'). Level not shown half credit: bear-dragon-nd-22 judged a similar 'insignificant' not a bound.",
    "P4": "A mutually beneficial deal with a risk of Russian overdependence while China has other suppliers is an "
          "asymmetry (driver) with no limit of the kinds the codebook lists: level not shown (cf. bear-dragon-nd-22); "
          "distance half credit (reading the risk as wariness, as bear-dragon-nd-23 and -54 do where worry is explicit). "
          "Driver asymmetry_dependence (after 'however'); economic_opportunity half credit ('mutually beneficial').",
    "P5": "Russia needs Chinese money for Arctic infrastructure: cooperation with no bound, level not shown (cf. "
          "bear-dragon-nd-30); distance half credit ('despite concerns' read as wariness). The need is one-sided "
          "dependence (asymmetry_dependence, as bear-dragon-nd-37 codes reliance on Chinese assistance) or economic "
          "complementarity (economic_opportunity, as bear-dragon-nd-30): the codebook leaves it open, both full credit.",
    "P6": "Beijing's limited interest in strategic cooperation is one side declining security cooperation: distance "
          "(cf. baev-2021-24); partnership half credit (cooperation bounded below alignment). No reason given: none_stated.",
    "P7": "'Often couched as complementary or even acting in tandem' reports a framing, with no bound and no security "
          "content: level not shown; alignment half credit ('acting in tandem' taken as coordinated positions). The "
          "reason is named: similar approaches to authoritarianism, shared_regime_ideas.",
    "P8": "Media speculation that the two 'might consider' a two-front conflict is a possibility, not a level (as "
          "bear-dragon-nd-16): level not shown; alignment or alliance half credit (the speculated coordination taken at "
          "face value). Its aim is to stretch the US: shared_threat.",
}


def weighted_agreement(answer: object, key: dict[str, dict[str, float]], read=code) -> float:
    """Mean credit over the passages; 0 for a coding that gives six or more passages one and the same code (the key
    itself uses no code for more than four), or every answered passage (four or more) one code."""
    if not isinstance(answer, dict):
        return 0.0
    codes = [read(answer.get(pid)) if not not_answered(answer.get(pid)) else None for pid in key]
    given = [c for c in codes if c]
    if (len(given) >= 4 and len(set(given)) == 1) or (given and max(given.count(c) for c in set(given)) >= 6):
        return 0.0
    return sum(key[pid].get(c, 0.0) if c else 0.0 for pid, c in zip(key, codes)) / len(key)


TESTS = {
    "q1": Hidden(4, lambda v: weighted_agreement(v["tie_codes"], TIE_KEY, tie_code)),
    "q2": Hidden(4, lambda v: weighted_agreement(v["driver_codes"], DRIVER_KEY)),
}
MANUAL = {
    "q3": Manual(2, rubric=[
        Criterion("Uses the codebook", ["names the definitions that compete and applies them to the words of the passage",
                                        "names a definition and applies it loosely", "refers to the codes without definitions",
                                        "no reference to the codebook"]),
    ], title="the hardest passage to code, and why"),
}


def _accepted(key: dict[str, float]) -> str:
    return " or ".join(f"{c}{'' if credit == 1 else f' ({credit:g})'}" for c, credit in key.items())


def outline(values):
    """For graders: each passage with the student's codes beside the key's, the key's reason and the derived supports."""
    esc = html.escape
    ties = values.get("tie_codes") if isinstance(values.get("tie_codes"), dict) else {}
    drivers = values.get("driver_codes") if isinstance(values.get("driver_codes"), dict) else {}

    def label(answer, accepted, read=code):
        if not_answered(answer):
            return "<i>(not answered)</i>"
        credit = accepted.get(read(answer), 0)
        mark = "✓" if credit == 1 else "½" if credit else "✗"
        return f"{mark} <code>{esc(answer.strip() if isinstance(answer, str) else repr(answer))}</code>"

    parts = ["<h2>Passages: the student's codes and the key</h2>",
             "<table><tr><th>passage</th><th>tie (student)</th><th>tie (key)</th><th>driver (student)</th>"
             "<th>driver (key)</th><th>the key's reason</th></tr>"]
    for pid, passage in coding_passages().items():
        first_tie = next(iter(TIE_KEY[pid]))
        parts.append(f"<tr><td><b>{esc(pid)}</b> ({esc(passage['article_id'])}): {esc(passage['text'])}</td>"
                     f"<td>{label(ties.get(pid), TIE_KEY[pid], tie_code)}</td>"
                     f"<td>{esc(_accepted(TIE_KEY[pid]))} (supports {esc(derive_supports(None if first_tie == NO_LEVEL else first_tie))})</td>"
                     f"<td>{label(drivers.get(pid), DRIVER_KEY[pid])}</td><td>{esc(_accepted(DRIVER_KEY[pid]))}</td>"
                     f"<td><small>{esc(REASONS[pid])}</small></td></tr>")
    parts.append("</table>")
    reason = values.get("hardest_reason")
    if isinstance(reason, str) and not not_answered(reason):
        parts.append(reading_html("Automatic reading of Q3", prose_problems(reason, "hardest_reason", 30)))
    return "\n".join(parts)
