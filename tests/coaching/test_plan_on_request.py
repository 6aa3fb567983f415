"""The coach listens: a plan asked for in one's own words ends the questions, and facts said in passing
are not asked again. The real question bank, matcher and reader (the classifier on the real model)."""

from __future__ import annotations

import pytest

from assistant.coaching.answers import stated_years
from assistant.coaching.assess import CompetencyMatcher
from assistant.coaching.flow import Flow
from assistant.coaching.questions import QuestionBank
from assistant.coaching.senses import Senses
from assistant.understanding.reader import EmbeddingReader

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def listening(bank: QuestionBank, matcher: CompetencyMatcher, reader: EmbeddingReader, senses: Senses) -> Flow:
    return Flow(bank, matcher, reader, senses=senses)


def test_a_plan_asked_for_mid_session_ends_the_questions_with_a_plan(listening: Flow) -> None:
    out = listening.start()
    out = listening.advance(out.state, "I coordinate the school programs at a science center")
    assert out.state.stage == "context"
    out = listening.advance(out.state, "Let's wrap up here, can I have my plan?")
    assert out.state.stage == "done" and out.state.pending is None and out.reply.kind == "done"
    assert 1 <= len(out.state.growth) <= 4  # areas from what they said, so the plan is not empty


def test_the_word_plan_in_a_story_is_not_a_request(listening: Flow) -> None:
    out = listening.start()
    out = listening.advance(out.state, "Volunteer manager at a zoo")
    story = "Last spring I drafted our volunteer recruitment plan and presented it to the leadership team."
    out = listening.advance(out.state, story)
    assert out.state.stage != "done"


def test_without_a_reader_the_questionnaire_runs_as_before(flow: Flow) -> None:
    out = flow.start()
    out = flow.advance(out.state, "I coordinate the school programs at a science center")
    out = flow.advance(out.state, "Let's wrap up here, can I have my plan?")
    assert out.state.stage != "done"


def test_years_and_institution_said_in_passing_are_not_asked_again(listening: Flow) -> None:
    out = listening.start()
    out = listening.advance(out.state, "I'm a keeper at a small aquarium, nine years now")
    profile = out.state.profile
    assert profile.get("institution") and profile.get("years_value") == "9"
    assert out.reply.question_id not in {"context.institution", "context.years"}


@pytest.mark.parametrize(("text", "years"), [("I've been here 6 years", 6.0), ("two years in the job", 2.0),
                                             ("a camp for 8 year olds", None), ("we ran 3 camps", None)])
def test_stated_years(text: str, years: float | None) -> None:
    assert stated_years(text) == years
