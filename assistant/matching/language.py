"""Is a posting English? Lingua's offline statistical models, limited to the languages postings come in.

The matcher only claims English; anything else gets a note instead of a confident wrong answer. The
detector knows English, Spanish, German, French, Portuguese, Italian and Dutch; text mostly outside the
Latin script is "other". English is the answer unless another language is clearly likelier: a false
"not English" costs a user their whole analysis, a missed one only a weaker match.

    >>> detect_language("Deliver science demonstrations to visitors and school groups on the floor.")
    'en'
    >>> detect_language("Presentar demostraciones científicas y talleres para grupos escolares y familias.")
    'es'
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

CODES: dict[Language, str] = {
    Language.ENGLISH: "en", Language.SPANISH: "es", Language.GERMAN: "de", Language.FRENCH: "fr",
    Language.PORTUGUESE: "pt", Language.ITALIAN: "it", Language.DUTCH: "nl",
}
MIN_WORDS = 6
# another language must be this much likelier than English (lingua's relative confidence, 0-1)
MIN_CONFIDENCE = 0.75


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CODES).build()


def preload() -> None:
    """Load the language models now (about 2 s), so the first posting a server sees does not wait."""
    _detector()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the likeliest language, ``"en"`` for short or undecidable text, ``"other"``
    for text mostly outside the Latin script."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    latin = sum(1 for c in letters if c < "\u0250" or "\u1e00" <= c <= "\u1eff")
    if latin / len(letters) < 0.5:
        return "other"
    if len(text.split()) < MIN_WORDS:
        return "en"
    best = max(_detector().compute_language_confidence_values(text), key=lambda c: c.value)
    if best.language is Language.ENGLISH or best.value < MIN_CONFIDENCE:
        return "en"
    return CODES[best.language]


def is_english(text: str) -> bool:
    return detect_language(text) == "en"
