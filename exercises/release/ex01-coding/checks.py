"""Visible checks of exercise "ex01-coding" (shipped to students: no answers here).

Codebook 2: each passage is coded on two dimensions, `tie` (how close and committed a tie the passage shows)
and `driver` (what it says brings the two together). `supports` is not coded: it follows from the tie by
aon.codebook.derive_supports.
"""
import re

from aon.argument import prose_problems
from aon.codebook import NO_LEVEL, drivers, tie_levels
from aon.errors import did_you_mean
from aon.grading.checking import code, expect_dict, not_answered, problems
from aon.grading.exercise_data import PASSAGES
from aon.grading.spec import Check

IDS = [pid for pid, *_ in PASSAGES]
TIES = [*tie_levels(), NO_LEVEL]
DRIVERS = drivers()
#: Ways of writing "level not shown" that are read as the codebook's "(level not shown)".
NO_LEVEL_SPELLINGS = {"(level not shown)", "level not shown", "not shown", "(not shown)", "not_shown", "level_not_shown"}


def tie_code(value):
    """A tie as compared by checks and tests: stripped, lower-case, any spelling of 'level not shown' as NO_LEVEL."""
    text = code(value)
    return NO_LEVEL if text in NO_LEVEL_SPELLINGS else text


def read_ties(value):
    """The answer with every spelling of 'level not shown' written as the codebook writes it (other values unchanged)."""
    if not isinstance(value, dict):
        return value
    return {k: (NO_LEVEL if isinstance(v, str) and tie_code(v) == NO_LEVEL else v) for k, v in value.items()}


#: A coding that gives this many of the eight passages one and the same code codes the exercise, not the passages
#: (the key itself uses no code for more than four).
MOST_ALIKE = 6


def same_everywhere(value, name, what):
    """A hint when (nearly) every passage got one and the same code: the right form, but no coding of the passages."""
    codes = [code(v) for v in value.values() if not not_answered(v)]
    if codes:
        top = max(codes.count(c) for c in set(codes))
        if top >= MOST_ALIKE:
            return (f"`{name}` gives {top} of the eight passages the same {what}. The eight passages say different things: "
                    "read each one in its article (the text around it) against the codebook's definitions, and code each "
                    "on its own words.")
    return None


def q1(v):
    value = read_ties(v["tie_codes"])
    return expect_dict(value, "tie_codes", IDS, TIES) or same_everywhere(value, "tie_codes", "tie level")


def q2(v):
    value = v["driver_codes"]
    return expect_dict(value, "driver_codes", IDS, DRIVERS) or same_everywhere(value, "driver_codes", "driver")


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
    "q1": Check(["tie_codes"], q1, "tie level of each passage"),
    "q2": Check(["driver_codes"], q2, "driver of each passage"),
    "q3": Check(["hardest_reason"], q3, "the hardest passage to code, and why", manual=True),
}
