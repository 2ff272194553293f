"""docs/schema.md is the models, written out: it never drifts from them."""

from __future__ import annotations

from scorebook_tools.schema_doc import PAGE, main, page


def test_the_schema_page_is_up_to_date_with_the_models() -> None:
    assert PAGE.read_text() == page(), "run: .venv/bin/python -m scorebook_tools.schema_doc"
    assert main(["--check"]) == 0


def test_the_page_names_every_kind_of_action_and_every_document() -> None:
    text = page()
    for heading in ("`kind: delivery`", "`kind: match_result`", "## The match",
                    "## Who plays", "`matches/{matchId}/live/score`", "### BatterView"):
        assert heading in text, heading
