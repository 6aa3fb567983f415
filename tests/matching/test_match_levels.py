"""Level cues per span: own work (1), institution (2), field (3)."""

from __future__ import annotations

import pytest

from assistant.matching.levels import span_level


@pytest.mark.parametrize(
    ("item", "text", "level"),
    [
        ("A.4", "Order supplies within the program budget.", 1),
        ("A.4", "Manage the department's $2 million budget and secure grants.", 2),
        ("A.4", "Provide financial leadership for multi-institution projects funded by national foundations.", 3),
        ("A.3", "Follow all safety procedures.", 1),
        ("A.3", "Develop and update HR policies and the employee handbook.", 2),
        ("A.3", "Shape field-wide standards for professional development.", 3),
        ("A.1", "Learn about the museum's mission.", 1),
        ("A.1", "Set the strategic direction for education in line with the mission.", 2),
        ("A.2", "Supervise and hire program staff.", 2),
        ("C.1", "Deliver live science demonstrations for visitors.", 1),
        ("C.1", "Develop and manage a portfolio of field trip programs.", 2),
        ("C.1", "Assist educators in presenting shows at national conferences.", 1),
        ("C.1", "Publish in peer-reviewed journals.", 3),
        ("B.1", "Identify the outcomes of your own programs.", 1),
        ("B.1", "Define institution-wide learning outcomes.", 2),
        ("D", "Strong communication skills.", 1),
        ("D", "Handle confidential and difficult personnel matters.", 2),
        ("D", "Model inclusive leadership across the network and the field.", 3),
    ],
)
def test_span_level(item: str, text: str, level: int) -> None:
    assert span_level(item, text) == level
