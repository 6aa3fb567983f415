"""What short replies mean, by their nearest labelled example, with the real embedding model (slow)."""

from pathlib import Path

import pytest
import yaml

from assistant.coaching.senses import Senses, load_senses, senses_path
from assistant.settings import ROOT
from assistant.understanding.examples import ExamplesError

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "sense"),
    [
        ("I don't know", "dont_know"), ("honestly, no clue", "dont_know"), ("not sure", "dont_know"),
        ("nope, that's everything", "no"), ("no", "no"),
        ("stuff", "filler"), ("meh, fine", "filler"),
        ("What exactly do you mean by that?", "clarify"),
        ("can we talk about something different", "digression"),
        ("this is stupid, shut up", "abuse"), ("you are a useless bot", "abuse"),
        ("pause the coaching", "stop"), ("stop", "stop"),
    ],
)
def test_short_replies_take_the_sense_of_their_nearest_example(senses: Senses, text: str, sense: str) -> None:
    assert senses.reply(text) == sense


@pytest.mark.parametrize(
    "text",
    ["I manage the budget for our camps", "I ignored the noise and kept presenting",
     "we stopped the overnight program after the first season", "2", "Policies please", "our planetarium director",
     "I don't know the budget numbers but I track spending weekly for all of our camps and programs"],
)
def test_answers_have_no_sense(senses: Senses, text: str) -> None:
    assert senses.reply(text) is None


@pytest.mark.parametrize(
    ("text", "status"),
    [("Done, it went well", "done"), ("I started but only partially", "in_progress"),
     ("Haven't got to it", "not_started"), ("I gave up on that one", "dropped"), ("It is what it is", "noted")],
)
def test_progress(senses: Senses, text: str, status: str) -> None:
    assert senses.progress(text) == status


@pytest.mark.parametrize(
    ("text", "inst"),
    [("educator at a children's museum", "children's museum"), ("keeper at the city zoo", "zoo"),
     ("I present in a planetarium", "planetarium"), ("science center explainer", "science center"),
     ("I work at a botanical garden", "botanical garden"), ("I'm at the natural history museum", "natural history museum"),
     ("freelance consultant", None), ("I want to manage our education programs and budget", None)],
)
def test_institution(senses: Senses, text: str, inst: str | None) -> None:
    assert senses.institution(text) == inst


@pytest.mark.parametrize(("text", "new"), [("brand new to this, started in May", True), ("lots", False),
                                           ("a good long while", False)])
def test_new_to_field(senses: Senses, text: str, new: bool) -> None:
    assert senses.new_to_field(text) is new


@pytest.mark.parametrize(
    ("goal", "scope"),
    [("present our family programs at a national conference", "field"),
     ("become the head of our education department", "institution"),
     ("feel calmer presenting to big school groups", None)],
)
def test_goal_scope(senses: Senses, goal: str, scope: str | None) -> None:
    assert senses.scope(goal) == scope


def test_a_senses_file_without_a_label_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load(senses_path(ROOT / "prompts").read_text(encoding="utf-8"))
    del data["progress"]["dropped"]
    bad = tmp_path / "senses.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ExamplesError, match="progress.dropped"):
        load_senses(bad)
