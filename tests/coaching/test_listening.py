"""The coach takes what a turn says, whatever the question was: the listener's acts (the classifier trained on
prompts/coaching/acts.yaml, real model), facts kept where they belong, questions not asked twice, and a plan
that keeps to the time, money and ways of learning the person named. The real bank, matcher and reader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.coaching.assess import CompetencyMatcher
from assistant.coaching.export import to_markdown
from assistant.coaching.flow import Flow
from assistant.coaching.listen import ACTS, ActExamples, Listener, load_acts, read_time
from assistant.coaching.plan import Planner
from assistant.coaching.questions import QuestionBank
from assistant.coaching.senses import Senses
from assistant.coaching.state import CoachState, ConstraintState, Outcome
from assistant.framework.models import Corpus
from assistant.settings import ROOT
from assistant.understanding.examples import ExamplesError
from assistant.understanding.reader import EmbeddingReader
from assistant.understanding.text import with_digits

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def coach(bank: QuestionBank, matcher: CompetencyMatcher, reader: EmbeddingReader, listener: Listener,
          corpus: Corpus, senses: Senses) -> Flow:
    return Flow(bank, matcher, reader, listener, notes=corpus.framework.notes, senses=senses)


@pytest.fixture(scope="module")
def planner(corpus: Corpus, matcher: CompetencyMatcher, bank: QuestionBank) -> Planner:
    return Planner(corpus, matcher, bank)


def talk(flow: Flow, *texts: str) -> list[Outcome]:
    out = [flow.start()]
    for text in texts:
        out.append(flow.advance(out[-1].state, text))
    return out


# ---------------------------------------------------------------- the examples and the listener


def test_every_act_has_examples_and_a_broken_file_is_refused(tmp_path: Path) -> None:
    examples = load_acts(ROOT / "prompts")
    assert set(examples.acts) == set(ACTS) and all(len(b.examples) >= 5 for b in examples.acts.values())
    assert len({t.lower() for t, _ in examples.pairs()}) == len(examples.pairs())  # no duplicate sentences
    data = yaml.safe_load((ROOT / "prompts" / "coaching" / "acts.yaml").read_text(encoding="utf-8"))
    del data["acts"]["budget"]
    (tmp_path / "coaching").mkdir()
    (tmp_path / "coaching" / "acts.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ExamplesError, match="budget"):
        load_acts(tmp_path)
    assert isinstance(examples, ActExamples)


@pytest.mark.parametrize(("text", "act"), [
    ("I could spare about an hour every week for this.", "time"),
    ("There's no training money at all in our budget this year.", "budget"),
    ("Grant writing is handled by our development office, I never touch it.", "not_my_job"),
    ("Could you cut the plan down to one or two things?", "plan_revision"),
    ("Our cat knocked my coffee over this morning.", "digression"),
    ("I work as a volunteer coordinator at a nature center.", "about_me"),
    ("A mentor would suit me far better than anything else.", "format"),
    ("Please, no more classroom courses for me.", "format_avoid"),
])
def test_the_listener_hears_the_act_of_a_plain_sentence(listener: Listener, text: str, act: str) -> None:
    heard = listener.hear(text)
    assert [s.act for s in heard.sentences] == [act], heard


def test_each_sentence_of_a_message_is_heard_on_its_own(listener: Listener) -> None:
    heard = listener.hear("I'm an educator at a children's museum. I can give this about two hours a week.")
    assert heard.of("about_me") and heard.of("time") and heard.acts >= {"about_me", "time"}


@pytest.mark.parametrize(("text", "hours", "per", "weekly"), [
    ("maybe 2 hours a week", 2.0, "week", 2.0),
    ("an hour or two a week", 1.5, "week", 1.5),
    ("Four hours a month is all", 4.0, "month", 4 * 12 / 52),
    ("half an hour every day", 0.5, "day", 2.5),
    ("45 mins per week", 0.75, "week", 0.75),
])
def test_read_time(text: str, hours: float, per: str, weekly: float) -> None:
    t = read_time(text)
    assert t is not None and t.hours == hours and t.per == per
    assert t.hours_a_week == pytest.approx(weekly)


def test_read_time_without_an_amount() -> None:
    assert read_time("not much time, honestly") is None


def test_number_words_become_digits() -> None:
    assert with_digits("twenty-two years, a dozen volunteers, half an hour") == "22 years, 12 volunteers, 0.5 hour"


# ---------------------------------------------------------------- the flow takes what is said


def test_a_rating_given_early_is_kept_and_its_level_question_never_asked(coach: Flow) -> None:
    turns = talk(coach, "I'm a floor educator at a science center, five years now",
                 "Money-wise I'd put myself at a 1 for budgets, maybe creeping toward 2.")
    rating = turns[-1].state.ratings.get("A.4")
    assert rating is not None and rating.level == 1.0 and rating.hedged and rating.said
    asked = [t.reply.question_id for t in turns]
    assert "assess.level:A.4" not in asked


def test_an_area_said_to_be_someone_elses_job_is_not_assessed_or_planned(coach: Flow) -> None:
    turns = talk(coach, "I run the tide pool programs at an aquarium, about seven years",
                 "Finance is not my job at all, the business office deals with budgets.",
                 "Can I see my plan now?")
    state = turns[-1].state
    assert "A.4" in state.excluded and state.stage == "done"
    assert "A.4" not in [g.competency_id for g in state.growth]


def test_constraints_said_in_any_turn_are_kept_in_the_persons_words(coach: Flow) -> None:
    turns = talk(coach, "Volunteer manager at a botanical garden",
                 "I can give this about two hours a week, no more.")
    constraints = turns[-1].state.constraints
    assert [c.kind for c in constraints] == ["time"]
    assert constraints[0].hours_a_week == 2.0 and "two hours" in constraints[0].said
    assert turns[-1].reply.question_id != turns[-2].reply.question_id or turns[-1].reply.kind != "question"


def test_a_question_passed_over_is_not_asked_again(coach: Flow) -> None:
    turns = talk(coach, "Exhibit technician at a planetarium, three years")
    pending = turns[-1].reply.question_id
    turns.append(coach.advance(turns[-1].state, "We have no money for courses this year, just so you know."))
    assert turns[-1].state.constraints and turns[-1].state.constraints[0].kind == "budget"
    later = [coach.advance(turns[-1].state, "Hmm, let me think about it.")]
    asked = [t.reply.question_id for t in (*turns[2:], *later)]
    assert pending not in asked


def test_a_framework_question_mid_session_is_answered_from_the_corpus_and_the_question_kept(coach: Flow) -> None:
    turns = talk(coach, "Education coordinator at a zoo, ten years")
    pending = turns[-1].state.pending
    assert pending is not None
    out = coach.advance(turns[-1].state, "Quick question first: what do the levels for Finances say?")
    assert out.reply.kind == "answer" and out.reply.question_id == pending.id
    assert "A.4" in out.reply.cites and any(c.startswith("A.4.L") for c in out.reply.cites)
    assert "A.4.L1" in out.reply.preface and out.reply.question == pending.question


# ---------------------------------------------------------------- the plan keeps to them


def _state(coach: Flow, *constraints: ConstraintState) -> CoachState:
    out = talk(coach, "Camp director at a nature center, twelve years",
               "I'd like to get better at working with our budget and at understanding our visitors.",
               "Can I have my plan now?")[-1]
    return out.state.model_copy(update={"constraints": list(constraints)})


def test_no_budget_leaves_out_paid_modes_and_says_so(coach: Flow, planner: Planner) -> None:
    plan = planner.build("s", _state(coach, ConstraintState(kind="budget", said="We have no money for training.")))
    modes = {s.mode for a in plan.growth_areas for s in a.steps}
    assert not modes & {"course", "conference"}
    assert plan.fits[0].kind == "budget" and "free" in plan.fits[0].honoured
    assert "We have no money for training." in to_markdown(plan)


def test_little_time_makes_a_smaller_plan(coach: Flow, planner: Planner) -> None:
    full = planner.build("s", _state(coach))
    small = planner.build("s", _state(coach, ConstraintState(kind="time", said="about 30 minutes a week", hours=0.5,
                                                             per="week", hours_a_week=0.5)))
    assert sum(len(a.steps) for a in small.growth_areas) < sum(len(a.steps) for a in full.growth_areas)
    assert len(small.growth_areas) <= 2 and "0.5 hours a week" in small.fits[0].honoured


def test_a_preferred_way_of_learning_is_in_every_area(coach: Flow, planner: Planner) -> None:
    pref = ConstraintState(kind="format", said="A mentor suits me best.", modes=["mentoring"])
    plan = planner.build("s", _state(coach, pref))
    assert all("mentoring" in {s.mode for s in a.steps} for a in plan.growth_areas)


def test_a_way_of_learning_turned_down_is_left_out(coach: Flow, planner: Planner) -> None:
    said = coach.advance(_state(coach).model_copy(update={"stage": "context"}), "x").state  # done: unchanged
    assert said.constraints == []
    turns = talk(coach, "Camp director at a nature center, twelve years", "Please, no conferences for me.")
    (constraint,) = turns[-1].state.constraints
    assert constraint.kind == "format" and constraint.avoid and "conference" in constraint.modes
    plan = planner.build("s", _state(coach, constraint))
    assert "conference" not in {s.mode for a in plan.growth_areas for s in a.steps}
    assert "conference" in plan.fits[0].honoured.lower() and "no conferences" in to_markdown(plan).lower()


@pytest.mark.parametrize(("text", "avoid"), [
    ("Mentoring is not for me, I'd rather work it out alone.", True),  # a negation makes it a refusal
    ("I won't do conferences, travel is impossible for me.", True),
    ("Learning from a mentor suits me best.", False),
])
def test_a_way_of_learning_is_kept_as_a_preference_or_a_refusal(coach: Flow, text: str, avoid: bool) -> None:
    assert coach.intake is not None
    constraint = coach.intake.constraint("format", text)
    assert constraint.avoid is avoid and constraint.modes, constraint


def test_a_refusal_said_in_passing_reaches_the_state(coach: Flow) -> None:
    state = talk(coach, "Keeper at a zoo, seven years", "I won't do conferences, travel is impossible for me.")[-1].state
    (constraint,) = [c for c in state.constraints if c.kind == "format"]
    assert constraint.avoid and "conference" in constraint.modes


def test_asking_for_a_smaller_plan_after_it_is_made_shrinks_it(coach: Flow, planner: Planner) -> None:
    state = _state(coach)
    before = planner.build("s", state)
    out = coach.advance(state, "That is too much for me, please make the plan smaller.")
    after = planner.build("s", out.state)
    assert out.state.revisions == 1 and out.reply.kind == "done"
    assert len(after.growth_areas) < len(before.growth_areas) or (
        sum(len(a.steps) for a in after.growth_areas) < sum(len(a.steps) for a in before.growth_areas))
    assert after.fits  # the request is shown with how the plan keeps to it
