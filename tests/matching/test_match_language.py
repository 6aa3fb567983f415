"""The offline English check."""

from __future__ import annotations

import pytest

from assistant.matching.language import detect_language, is_english


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We are looking for an educator who will deliver programs for our visitors and work with the team.", "en"),
        ("Buscamos un educador para el museo que presente talleres para las familias y los grupos escolares.", "es"),
        ("Wir suchen eine Museumspädagogin, die Führungen für Schulklassen und Familien mit Erfahrung leitet.", "de"),
        ("Nous recherchons un médiateur scientifique pour animer des ateliers avec les familles dans le musée.", "fr"),
        ("Мы ищем преподавателя для проведения научных демонстраций для посетителей музея.", "other"),
        ("Budget", "en"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_english_posting_with_spanish_words_is_english() -> None:
    assert is_english("Bilingual in English and Spanish (español) strongly preferred; you will lead family programs.")
