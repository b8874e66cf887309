"""Visible checks of exercise "ex01-coding" (shipped to students: no answers here)."""
import re

from aon.argument import prose_problems
from aon.errors import did_you_mean
from aon.grading.checking import expect_dict, not_answered, problems
from aon.grading.exercise_data import PASSAGES
from aon.grading.spec import Check

IDS = [pid for pid, *_ in PASSAGES]
STANCES = ["alliance", "necessity", "ambiguous"]
THEMES = ["energy", "arms_trade", "joint_exercises", "diplomacy_un", "economy_trade", "central_asia", "arctic",
          "russian_far_east", "east_asia_indo_pacific", "europe_ukraine_nato", "technology_space",
          "nuclear_strategic", "leadership_regime", "asymmetry_status", "ideology_narratives"]

def hardest_problems(text):
    """What keeps the answer from being prose of your own about one of the passages (the rules of aon.argument)."""
    found = prose_problems(text, "hardest_reason", 30)
    named = re.findall(r"\bP\d+\b", text.upper()) if isinstance(text, str) else []
    unknown = [p for p in dict.fromkeys(named) if p not in IDS]
    if isinstance(text, str) and unknown:
        found.append(f"`hardest_reason` names {unknown[0]}, which is not one of the passages "
                     f"({IDS[0]} to {IDS[-1]}).{did_you_mean(unknown[0], IDS)}")
    elif isinstance(text, str) and not named:
        found.append(f"`hardest_reason` should say which passage was hardest, by its id ({IDS[0]} to {IDS[-1]})")
    return found


def q3(v):
    if not_answered(v["hardest_reason"]):
        return "`hardest_reason` is not answered yet."
    return problems(hardest_problems(v["hardest_reason"]))


CHECKS = {
    "q1": Check(["stances"], lambda v: expect_dict(v["stances"], "stances", IDS, STANCES), "stance of each passage"),
    "q2": Check(["themes"], lambda v: expect_dict(v["themes"], "themes", IDS, THEMES), "theme of each passage"),
    "q3": Check(["hardest_reason"], q3, "the hardest passage to code, and why", manual=True),
}
