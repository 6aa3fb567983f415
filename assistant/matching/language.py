"""A small, offline English check: function-word counts, no model and no network.

Postings are long enough that the share of very common function words identifies English, Spanish,
German, French, Portuguese, Italian and Dutch reliably; text mostly outside the Latin script is "other".
The matcher only claims English; anything else gets a note instead of a confident wrong answer.

    >>> detect_language("Deliver science demonstrations to visitors and school groups on the floor.")
    'en'
    >>> detect_language("Presentar demostraciones científicas y talleres para grupos escolares y familias.")
    'es'
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        ["the", "and", "of", "to", "in", "for", "with", "is", "are", "be", "an", "our", "you", "your", "will", "this", "that", "we", "on", "as", "by", "or", "at", "from", "who", "our", "have", "has", "able", "all", "their", "they", "can", "must", "experience", "work", "skills", "including"]
    ),
    "es": frozenset(
        ["el", "la", "los", "las", "del", "y", "para", "con", "es", "una", "por", "su", "sus", "que", "se", "al", "como", "o", "en", "un", "nuestro", "nuestra", "trabajo", "experiencia", "habilidades", "equipo", "museo"]
    ),
    "de": frozenset(
        ["der", "die", "das", "und", "ist", "für", "mit", "von", "den", "dem", "ein", "eine", "zu", "im", "sie", "wir", "auf", "nicht", "oder", "des", "bei", "erfahrung", "arbeit", "unsere", "ihre"]
    ),
    "fr": frozenset(
        ["le", "la", "les", "et", "des", "du", "pour", "avec", "est", "une", "dans", "sur", "vous", "nous", "au", "aux", "que", "qui", "un", "votre", "notre", "expérience", "travail", "équipe"]
    ),
    "pt": frozenset(["o", "os", "as", "do", "da", "dos", "das", "e", "para", "com", "é", "uma", "por", "seu", "sua", "que", "em", "um", "no", "na", "nosso"]),
    "it": frozenset(["il", "lo", "gli", "le", "di", "del", "della", "e", "per", "con", "è", "una", "un", "che", "nel", "nella", "sono", "alla"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "voor", "met", "is", "zijn", "op", "te", "dat", "wij", "je", "jouw", "ons", "bij"]),
}
MIN_WORDS = 6


def language_scores(text: str) -> dict[str, int]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {lang: sum(1 for w in words if w in vocab) for lang, vocab in _FUNCTION_WORDS.items()}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the likeliest language, ``"en"`` for short or undecidable text, ``"other"``
    for text mostly outside the Latin script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    if latin / len(letters) < 0.5:
        return "other"
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return "en"
    scores = language_scores(text)
    best = max(scores, key=lambda k: scores[k])
    # English wins ties: the lists share short words ("de", "en", "a"), and a false refusal costs more
    if best == "en" or scores[best] <= scores["en"] * 1.2 or scores[best] < 3:
        return "en"
    return best


def is_english(text: str) -> bool:
    return detect_language(text) == "en"
