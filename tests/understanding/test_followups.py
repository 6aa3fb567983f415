"""Short messages that lean on the previous answer, told from ones that stand alone (the real model).

The sentences are written here, not taken from the examples file or any evaluation record.
"""

from __future__ import annotations

import pytest

from assistant.understanding.reader import EmbeddingReader


@pytest.mark.parametrize("message", ["and what about Level 2?", "could you tell me a bit more?",
                                     "what might that look like at a garden?", "and the level above that?"])
def test_follow_ups(reader: EmbeddingReader, message: str) -> None:
    assert reader.read(message).follow_up


@pytest.mark.parametrize("message", ["What is the Finances category about?", "Who funded the framework?",
                                     "Good morning!", "Which domain is about audiences?"])
def test_messages_that_stand_alone(reader: EmbeddingReader, message: str) -> None:
    assert not reader.read(message).follow_up


def test_a_long_message_names_its_own_subject(reader: EmbeddingReader) -> None:
    long = "and at level 3? I ask because my manager wants me to take on more of the budget work next year"
    assert not reader.read(long).follow_up
