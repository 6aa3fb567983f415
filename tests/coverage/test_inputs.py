"""Items the way people have them (CSV, Markdown, plain text, a list pasted in chat) and the limits of a set."""

from __future__ import annotations

import pytest

from assistant.coverage.analysis import Item
from assistant.coverage.inputs import Limits, check, detect, parse
from assistant.coverage.pasted import pasted_items
from assistant.errors import EmptyInputError, InputError, InputTooLargeError

MARKDOWN = """# Spring symposium

Two days of sessions for education staff; this heading is the set's title, not an item.

## Budgets for small museums
Forecast revenue and plan the year.

## Lunch
Served in the atrium.
"""


def test_csv_any_column_order_and_case_with_quoted_commas() -> None:
    items = parse('Text,ID,Title\n"Plan, forecast and report",b1,Budgets\n"Served at noon",l,Lunch\n')
    assert items == [Item(id="b1", title="Budgets", text="Plan, forecast and report"),
                     Item(id="l", title="Lunch", text="Served at noon")]


def test_csv_without_text_column_says_what_to_send() -> None:
    with pytest.raises(InputError, match="no 'text' column"):
        parse("id,title\n1,Budgets\n", "csv")


def test_markdown_heading_per_item() -> None:
    items = parse(MARKDOWN)
    assert [i.title for i in items] == ["Budgets for small museums", "Lunch"]
    assert items[0].text == "Forecast revenue and plan the year."
    flat = parse("# Budgets\nPlan the year.\n\n# Lunch\nAt noon.")  # headings of one level: each an item
    assert [i.title for i in flat] == ["Budgets", "Lunch"]
    assert detect(MARKDOWN) == "markdown"


def test_plain_text_blocks_and_list_lines() -> None:
    blocks = parse("Budgets\nForecast revenue for the year.\n\nA single line that is the whole item and its title")
    assert [(i.title, i.text) for i in blocks] == [
        ("Budgets", "Forecast revenue for the year."),
        ("A single line that is the whole item and its title", "A single line that is the whole item and its title")]
    listed = parse("1. Budgets for small museums\n2) Evaluation basics\n- Lunch")
    assert [i.text for i in listed] == ["Budgets for small museums", "Evaluation basics", "Lunch"]
    assert [i.id for i in listed] == ["1", "2", "3"]


def test_limits_and_empty_items() -> None:
    limits = Limits(max_items=2, max_item_chars=20)
    with pytest.raises(EmptyInputError, match="no items"):
        check([], limits)
    with pytest.raises(EmptyInputError, match="'b' has no title or text"):
        check([Item(id="a", text="x"), Item(id="b", text="  ")], limits)
    check([Item(id="t", title="Budget workshop", text="")], limits)  # a title alone is something to read
    with pytest.raises(InputTooLargeError, match="3 items; the limit is 2"):
        check([Item(id=str(n), text="x") for n in range(3)], limits)
    with pytest.raises(InputTooLargeError, match="'a' has 21 characters"):
        check([Item(id="a", text="x" * 21)], limits)
    with pytest.raises(InputError, match="Two items have the id 'a'"):
        check([Item(id="a", text="x"), Item(id="a", text="y")], limits)
    check([Item(id="a", text="x"), Item(id="b", text="y")], limits)  # a good set passes


@pytest.mark.parametrize("message, names", [
    ("Sessions this spring:\n- Budgets for small museums\n- Evaluation basics\nWhat is missing?",
     ["Budgets for small museums", "Evaluation basics"]),
    ("Our courses:\nExhibit design studio\nMuseum education\nCollections care\nWhich competencies does that serve?",
     ["Exhibit design studio", "Museum education", "Collections care"]),
    ("The certificate has these modules: 'Exhibit Design', Museum Education and Collections Care. Gaps?",
     ["Exhibit Design", "Museum Education", "Collections Care"]),
])
def test_a_list_pasted_in_chat(message: str, names: list[str]) -> None:
    request, items = pasted_items(message)
    assert [i.text for i in items] == names
    assert not any(n in request for n in names)  # the request is what is left around the list


@pytest.mark.parametrize("message", [
    "What does level 2 of Finances say: is it about budgets?",
    "Could we organize our conference sessions around the framework?",
    "I plan budgets and write grants",
])
def test_no_list_no_items(message: str) -> None:
    assert pasted_items(message) == (message, [])


@pytest.mark.parametrize("line, title, text", [
    ("Docent lead: trains and schedules the weekend docents", "Docent lead", "trains and schedules the weekend docents"),
    ("- Light and color \u2014 a hands-on optics session for teachers", "Light and color",
     "a hands-on optics session for teachers"),
    ("3. Grant writing basics - finding funders and writing the case", "Grant writing basics",
     "finding funders and writing the case"),
])
def test_a_line_that_names_its_item_gives_the_name_as_title(line: str, title: str, text: str) -> None:
    [item] = parse(line)
    assert (item.title, item.text) == (title, text)


@pytest.mark.parametrize("line", [
    "Participants practise three ways to open a conversation with a family at an exhibit: a question, a "
    "challenge and a story",  # the part before the colon is a sentence, not a name
    "Note: visitors",  # too little after the colon to be the item's description
])
def test_a_colon_inside_a_sentence_is_not_a_name(line: str) -> None:
    [item] = parse(line)
    assert item.text == line


def test_a_first_line_above_a_description_stays_the_title_as_written() -> None:
    [item] = parse("Day 2: Evaluation basics\nDesign an exit survey and read what families say.")
    assert (item.title, item.text) == ("Day 2: Evaluation basics", "Design an exit survey and read what families say.")


def test_a_pasted_list_of_named_roles_keeps_names_and_duties_apart() -> None:
    _, items = pasted_items("Our team, what does it cover?\n- Shop lead: orders stock and tracks sales\n"
                            "- Camp director: plans the summer camp and hires counsellors")
    assert [(i.title, i.text) for i in items] == [
        ("Shop lead", "orders stock and tracks sales"),
        ("Camp director", "plans the summer camp and hires counsellors")]
