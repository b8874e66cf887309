"""Visible checks of exercise "ex01-coding" (shipped to students: no answers here)."""
from aon.grading.checking import expect_dict, expect_text
from aon.grading.exercise_data import PASSAGES
from aon.grading.spec import Check

IDS = [pid for pid, *_ in PASSAGES]
STANCES = ["alliance", "necessity", "ambiguous"]
THEMES = ["energy", "arms_trade", "joint_exercises", "diplomacy_un", "economy_trade", "central_asia", "arctic",
          "russian_far_east", "east_asia_indo_pacific", "europe_ukraine_nato", "technology_space",
          "nuclear_strategic", "leadership_regime", "asymmetry_status", "ideology_narratives"]

CHECKS = {
    "q1": Check(["stances"], lambda v: expect_dict(v["stances"], "stances", IDS, STANCES), "stance of each passage"),
    "q2": Check(["themes"], lambda v: expect_dict(v["themes"], "themes", IDS, THEMES), "theme of each passage"),
    "q3": Check(["hardest_reason"], lambda v: expect_text(v["hardest_reason"], "hardest_reason", min_words=30),
                "the hardest passage to code, and why", manual=True),
}
