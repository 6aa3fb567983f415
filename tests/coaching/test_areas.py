"""Which areas a person's words name: each sentence for itself, everyday words reaching their area through the
examples of prompts/coaching/areas.yaml, and the areas picked mid-session kept in a plan asked for early.
The real matcher and reader on the real embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.coaching.areas import AREAS_FILE, load_area_examples
from assistant.coaching.assess import CompetencyMatcher
from assistant.coaching.flow import Flow
from assistant.coaching.questions import QuestionBank
from assistant.coaching.senses import Senses
from assistant.understanding.examples import ExamplesError
from assistant.understanding.reader import EmbeddingReader

pytestmark = pytest.mark.slow


def test_each_sentence_names_its_own_area(matcher: CompetencyMatcher) -> None:
    text = ("Honestly the money side of my job is where I am weakest. "
            "And I am never sure which team is responsible for which task.")
    assert set(matcher.resolve(text, limit=4)) == {"A.4", "A.2"}


def test_a_sentence_that_names_an_area_keeps_it_first(matcher: CompetencyMatcher) -> None:
    picks = matcher.resolve("Finances first. I would also like to stay calm when colleagues argue.", limit=4)
    assert picks[0] == "A.4" and "D" in picks


def test_a_sentence_about_nothing_names_no_area(matcher: CompetencyMatcher) -> None:
    assert matcher.resolve("I had a sandwich for lunch and then the bus was late.", limit=4) == []


def test_a_broken_area_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / AREAS_FILE).parent.mkdir(parents=True)
    (tmp_path / AREAS_FILE).write_text("id: coaching-areas\nversion: 1\nareas: [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(ExamplesError) as err:
        load_area_examples(tmp_path)
    assert "assistant/coaching/areas.py" in (err.value.hint or "")


def test_the_area_file_names_only_areas_the_framework_has(matcher: CompetencyMatcher) -> None:
    areas = load_area_examples(Path(__file__).resolve().parents[2] / "prompts").areas
    assert areas and all(matcher.get(cid) is not None and len(lines) >= 10 for cid, lines in areas.items())


ANSWERS = {
    "context.role": "I run the school programs at a science center",
    "context.institution": "A mid-sized science center",
    "context.years": "About seven years",
    "context.goal": "I would like to take on more responsibility in the next two years",
    "reflection.what": "Last term I rebuilt our field trip workshop and trained two new presenters to run it.",
    "reflection.so_what": "I learned that I enjoy helping new staff find their feet.",
}


def test_an_area_picked_mid_session_leads_a_plan_asked_for_early(
        bank: QuestionBank, matcher: CompetencyMatcher, reader: EmbeddingReader, senses: Senses) -> None:
    flow = Flow(bank, matcher, reader, senses=senses)
    out = flow.start()
    for _ in range(10):
        assert out.state.pending is not None
        if out.state.pending.id.startswith("assess.pick"):
            break
        out = flow.advance(out.state, ANSWERS.get(out.state.pending.id, "I'm not sure"))
    assert out.state.pending is not None and out.state.pending.id.startswith("assess.pick")
    out = flow.advance(out.state, "Policies, please")
    assert out.state.picked == ["A.3"]
    out = flow.advance(out.state, "Actually, could I just see my plan now?")
    assert out.state.stage == "done"
    assert out.state.growth[0].competency_id == "A.3"
