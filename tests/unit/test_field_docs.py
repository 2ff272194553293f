"""A function's process (FUNCTION_TARGET set) skips the views' field descriptions, which only
the generated docs show, to start faster (scorebook.document.FIELD_DOCS): the documents it
writes are the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from tests.conftest import REPO

SCRIPT = """
import json
from scorebook.document import View, to_document
from scorebook.views.scorecard import project
from tests.unit.factories import ten_innings

def views(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from views(sub)

match, actions = ten_innings()
print(json.dumps({
    "document": to_document(project(match, actions), json=True),
    "described": sorted({v.__name__ for v in views(View)
                         if any(f.description for f in v.model_fields.values())}),
}))
"""


def run(function_target: str | None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "FUNCTION_TARGET"}
    if function_target:
        env["FUNCTION_TARGET"] = function_target
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def test_a_functions_process_skips_field_descriptions_and_writes_the_same_documents():
    elsewhere = run(None)
    in_a_function = run("on_scoring_action_written")

    assert "LiveScoreProjection" in elsewhere["described"]  # what docs/schema.md shows
    assert in_a_function["described"] == []
    assert in_a_function["document"] == elsewhere["document"]
