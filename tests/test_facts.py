"""The facts table: read off the structure of each post, every row tied to a verbatim span, posts kept apart."""

from __future__ import annotations

from collections import Counter

from assistant import Assistant
from tests.conftest import source_text


def test_facts_of_the_post(bot: Assistant) -> None:
    facts = bot._ready().pipeline.facts
    rel = Counter(f.relation for f in facts.rows)
    assert rel["session"] == 9 and rel["on_day"] == 9 and rel["keynote_by"] == 8  # two speakers share one
    assert rel["item"] >= 15 + 9 * 4 and rel["role"] == 5 and rel["length"] == 1 and rel["venue"] == 1
    assert {f.object for f in facts.where("keynote_by", subject="Open Source at Work in the World Panel")} == {
        "Adriana Groh", "Andreas Reckert-Lodde"}
    assert facts.one("affiliation", subject="Mark Pereira").object == "Founder of Zlabs and partner of Collectivo"
    assert [f.n for f in facts.where("item", subject="Action points")] == list(range(1, 16))
    for f in facts.rows:  # every row's evidence is a verbatim span of its post
        assert source_text(f.unit.source)[f.unit.start:f.unit.end] == f.unit.text
    assert {f.source for f in facts.rows} == {"corpus/ospos-for-good-2024.md"}
