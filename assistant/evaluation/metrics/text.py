"""Content words and the lexical overlap used as the default support measure.

``lexical_overlap(claim, passage)`` is deliberately asymmetric: the share of the claim's content words
(stopwords removed, lightly stemmed) that the passage contains. Passages are much longer than claims, so
a symmetric measure such as Jaccard would call every long passage unsupportive. It is blind to negation
("never use questioning" overlaps a passage on questioning): pass an embedding similarity where that matters.

The stemmer is a few suffix rules, not Porter: enough to make "questioning", "questions" and "question"
meet, and "facilitation", "facilitating" and "facilitate" meet, without a dependency.

>>> lexical_overlap("Facilitators ask open questions", "Asking open-ended questions of facilitators")
1.0
"""

from __future__ import annotations

import re

_STOPWORD_TEXT = """
    a about above after again against all also am an and any are aren't as at be because been before being
    below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
    during each either etc few for from further had hadn't has hasn't have haven't having he her here hers
    herself him himself his how however i if in into is isn't it it's its itself just let's may me might
    more most must mustn't my myself neither no nor not of off on once one only or other ought our ours
    ourselves out over own per same shall shan't she should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they this those through thus to too under until
    up upon us very via was wasn't we were weren't what what's when where which while who whom whose why
    will with within without won't would wouldn't yes yet you your yours yourself yourselves
    """
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# (suffix, replacement), first match wins; ordered so longer suffixes are tried before their tails.
_SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    ("sses", "ss"),
    ("ies", "y"),
    ("ied", "y"),
    ("ations", "ate"),
    ("ation", "ate"),
    ("ments", ""),
    ("ment", ""),
    ("ings", ""),
    ("ing", ""),
    ("ions", ""),
    ("ion", ""),
    ("ives", ""),
    ("ive", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
)
_KEEP_FINAL_S = ("ss", "us", "is")
_MIN_STEM = 3


def _strip_once(word: str) -> str:
    for suffix, replacement in _SUFFIX_RULES:
        if not word.endswith(suffix) or len(word) - len(suffix) < _MIN_STEM:
            continue
        if suffix == "s" and word.endswith(_KEEP_FINAL_S):
            continue
        return word[: len(word) - len(suffix)] + replacement
    return word


def stem(word: str) -> str:
    """Lowercase ``word`` and strip common English suffixes (two passes, so "questioning" -> "quest")."""
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    word = word.rstrip("'")
    for _ in range(2):
        shorter = _strip_once(word)
        if shorter == word:
            break
        word = shorter
    if len(word) > _MIN_STEM and word.endswith("e"):
        word = word[:-1]
    # "planning" -> "plann" -> "plan"; keep ll/ss/zz, which are part of the root ("skill", "assess").
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeioulsz":
        word = word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """Stemmed content words of ``text`` in order: lowercased, stopwords and 1-character tokens dropped."""
    normalised = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return [stem(t) for t in _TOKEN.findall(normalised) if len(t) > 1 and t not in STOPWORDS]


def lexical_overlap(claim: str, passage: str) -> float:
    """Share of the claim's distinct content words that also occur in the passage, in [0, 1].

    A claim with no content words ("Yes, it is.") has nothing to support and scores 0.0.
    """
    claim_words = set(content_words(claim))
    if not claim_words:
        return 0.0
    return len(claim_words & set(content_words(passage))) / len(claim_words)


DEFAULT_SUPPORT_THRESHOLD = 0.4
"""Support cut-off tuned for ``lexical_overlap`` (and for an even blend of it with cosine similarity of
sentence embeddings): a faithful paraphrase of a level statement keeps well over half its content
words, an unrelated claim rarely a fifth. Callers with another similarity should pass their own."""
