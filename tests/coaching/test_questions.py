from pathlib import Path

import pytest
import yaml

from assistant.coaching.assess import competency_catalog, published_statement_ids
from assistant.coaching.questions import (
    QuestionBank,
    QuestionBankError,
    default_bank_path,
    load_question_bank,
)
from assistant.framework.models import Corpus
from assistant.settings import ROOT

BANK = default_bank_path(ROOT / "prompts")


def test_bank_loads_with_id_and_version(bank: QuestionBank) -> None:
    assert bank.ref == f"{bank.id}@{bank.version}"
    assert {q.stage for q in bank.questions} == {"context", "reflection", "plan"}
    assert {m.mode for m in bank.modes} == {"stretch", "mentoring", "community", "course", "conference"}


def test_every_question_asks_once(bank: QuestionBank) -> None:
    texts = [t for q in bank.questions for t in (q.text, q.follow_up, q.dont_know)]
    texts += list(bank.level_questions.values()) + [d.evidence_question for d in bank.domains]
    assert texts and all(t.count("?") == 1 and t.endswith("?") for t in texts)


def test_bank_matches_the_published_corpus(bank: QuestionBank, corpus: Corpus) -> None:
    catalog = competency_catalog(corpus)
    bank.check_against(published_statement_ids(catalog), {c.id for c in catalog})  # does not raise


def test_bank_refuses_unpublished_statements(bank: QuestionBank, corpus: Corpus) -> None:
    catalog = competency_catalog(corpus)
    bad = bank.model_copy(update={"level_questions": {**bank.level_questions, "B.2.L2": "What did you do there?"}})
    with pytest.raises(QuestionBankError, match="B.2.L2"):
        bad.check_against(published_statement_ids(catalog), {c.id for c in catalog})


def _write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    mutate(data)
    out = tmp_path / "questions.yaml"
    out.write_text(yaml.safe_dump(data), encoding="utf-8")
    return out


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(surprise=1), "surprise"),
        (lambda d: d["questions"][0].update(text="Two questions? Really?"), "one question"),
        (lambda d: d["replies"].update(move_on="Shall we move on?"), "must not ask"),
        (lambda d: d["level_questions"].update({"Z.9": "Why?"}), "statement id"),
    ],
)
def test_invalid_bank_is_refused_with_a_reason(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuestionBankError, match=message):
        load_question_bank(_write(tmp_path, mutate))


def test_missing_bank_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(QuestionBankError, match="ASSISTANT_PROMPTS_DIR"):
        load_question_bank(tmp_path / "nope.yaml")
