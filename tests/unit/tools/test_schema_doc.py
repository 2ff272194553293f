"""docs/schema.md is the models, written out: it never drifts from them."""

from __future__ import annotations

from scorebook.views.scorecard import LiveScoreProjection
from scorebook_tools.schema_doc import PAGE, main, nested_models, page


def test_the_schema_page_is_up_to_date_with_the_models() -> None:
    assert PAGE.read_text() == page(), "docs/schema.md is out of date: run `make schema`"
    assert main(["--check"]) == 0


def test_the_page_names_every_kind_of_action_and_every_document() -> None:
    text = page()
    # and lists its sections first, each linked to its heading
    assert "- [`matches/{matchId}/live/now` and `live/innings{n}`]" \
        "(#matchesmatchidlivenow-and-liveinningsn)" in text
    for heading in ("`kind: delivery`", "`kind: match_result`", "## The match",
                    "## Who plays", "`matches/{matchId}/live/score`", "### BatterView"):
        assert heading in text, heading


def test_live_score_says_which_fields_the_product_schema_has_and_which_are_extensions() -> None:
    text = page()
    assert "### BatterView\n\nProduct schema: `BatsmanProjection`" in text
    assert '| `runs` | integer | `0` | yes |' in text
    assert '| `howOut` | string | `"not out"` | extension |' in text
    assert "### RetirementView\n\nNot in the product schema: an extension." in text
    # live/lineups is this project's own document: no product-schema column there
    start = text.index("\n## `matches/{matchId}/live/lineups`")
    lineups = text[start:text.index("\n## ", start + 1)]
    assert "### LineupsProjection" in lineups and "product schema" not in lineups


def test_a_field_docstring_is_its_note_in_the_page() -> None:
    assert "The replacement who took this player's place." in page()


def test_the_product_fields_a_view_names_are_its_own_fields() -> None:
    views = [LiveScoreProjection, *nested_models(LiveScoreProjection, {LiveScoreProjection})]
    marked = [v for v in views if getattr(v, "productInterface", None)]
    assert len(marked) >= 10
    for view in marked:
        assert view.productFields <= set(view.model_fields), view.__name__
