"""The parser finds every session, speaker, panelist and part, with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.ingest.corpus import load_corpus, parse_post, read_post, split_people
from tests.conftest import CORPUS, POST

SESSIONS = {
    "Open Source and AI Panel": ("Day 1", "panel", ["Philip Thigo"], 6),
    "Open Source in the Global South Panel": ("Day 1", "panel", ["Tawfik Jelassi"], 5),
    "Open Source at the UN Panel": ("Day 1", "panel", ["Tawfik Jelassi"], 6),
    "Open Source and Governments Panel": ("Day 1", "panel", ["Pearse O’Donohue"], 6),
    "Open Source at Work in the World Panel": ("Day 2", "panel", ["Adriana Groh", "Andreas Reckert-Lodde"], 4),
    "Youth and Open Source Panel": ("Day 2", "panel", ["UNICEF Representative"], 2),
    "Open Source Networked Cities Panel": ("Day 2", "panel", [], 7),
    "Engaging the Open Source Community Panel": ("Day 2", "panel", [], 5),
    "Closing Plenary: The Next Decade: Envisioning the Future of Open Source": (
        "Day 2", "plenary", ["Bernardo Mariano Junior"], 5),
}


@pytest.fixture(scope="module")
def post():
    return read_post(POST, root=CORPUS.parent)


def test_front_matter(post) -> None:
    assert post.title == "Summary of the OSPOs for Good 2024 Conference"
    assert post.date == "2024-07-20"
    assert post.summary.startswith("The OSPOs for Good 2024 Conference, held at the United Nations")
    assert "OSPO" in post.tags
    assert post.source == "corpus/ospos-for-good-2024.md"


def test_nine_sessions_with_speakers_and_panelists(post) -> None:
    days = [s for s in post.sessions if s.day]
    assert [s.title for s in days] == list(SESSIONS)
    for s in days:
        day, kind, keynote, n_panel = SESSIONS[s.title]
        assert (s.day, s.kind, list(s.keynote_speakers), len(s.panelists)) == (day, kind, keynote, n_panel), s.title


def test_overview_sections_and_their_roles(post) -> None:
    overview = [(s.title, s.kind, s.role) for s in post.sessions if not s.day]
    assert overview == [("Introduction & Context", "overview", "introduction"), ("Summary", "overview", "summary"),
                        ("Action points", "action_points", "action_items"), ("Conclusion", "overview", "conclusion"),
                        ("References", "overview", "references")]


def test_quirks(post) -> None:
    world = post.session("Open Source at Work in the World Panel")
    assert world.panelists == ("Demetris Cheatham", "Mike Milinkovich", "Anir Choudhury", "David Nalley")
    youth = post.session("Youth and Open Source Panel")
    assert youth.panelists == ("Ruth Ikega", "Mark Pereira")
    assert youth.affiliations["Ruth Ikega"] == "Program Lead for GitHub’s All in Africa initiative"
    assert "Dirk Schrödter" in post.session("Open Source Networked Cities Panel").panelists
    assert "Armando J. Manzueta Peña" in post.session("Open Source in the Global South Panel").panelists
    closing = post.session("Closing Plenary: The Next Decade: Envisioning the Future of Open Source")
    assert [p.kind for p in closing.parts][:2] == ["keynote", "panelists"]  # lower-case "Panel discussion"
    assert len([p for p in post.session("Action points").parts if p.kind == "action_point"]) == 15


def test_parts_are_verbatim_and_inside_their_session(post) -> None:
    for s in post.sessions:
        assert post.text[s.start:].startswith("#")
        for p in s.parts:
            assert s.start <= p.start < p.end <= s.end
            assert post.text[p.start:p.end].strip() == post.text[p.start:p.end]
        insights = [p for p in s.parts if p.kind == "insight"]
        assert [p.number for p in insights] == list(range(1, len(insights) + 1))


def test_split_people_keeps_commas_in_parentheses() -> None:
    names, aff = split_people("A B (x, y), C D and E F")
    assert names == ["A B", "C D", "E F"] and aff == {"A B": "x, y"}


@pytest.mark.parametrize("content,expect", [
    (b"", "empty"), (b"\x00\x01binary", "binary"), (b"\xff\xfe\xfa", "UTF-8"),
    (b"# Just a title\n\nSome text without days.", "no sessions"),
    (b"---\ntitle: x\nno closing", "never closed"),
])
def test_broken_files_are_reported_with_their_path(tmp_path: Path, content: bytes, expect: str) -> None:
    f = tmp_path / "bad.md"
    f.write_bytes(content)
    with pytest.raises(CorpusError, match=expect) as exc:
        read_post(f)
    assert "bad.md" in str(exc.value)


def test_bad_files_are_skipped_not_fatal(tmp_corpus: Path) -> None:
    (tmp_corpus / "empty.md").write_text("")
    posts, problems = load_corpus(tmp_corpus)
    assert len(posts) == 1 and len(problems) == 1 and "empty.md" in problems[0]


@pytest.mark.slow
def test_a_skipped_file_is_told_to_a_python_caller(tmp_path: Path, tmp_corpus: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """The CLI and the web UI print skipped files at start; a Python caller who only asks learns of them
    in the notice of the answer that opened the index (and on the log), once."""
    from assistant import Assistant
    from assistant.config import Settings

    (tmp_corpus / "aaa-empty.md").write_text("")
    bot = Assistant(settings=Settings.from_env({}).with_(corpus_dir=tmp_corpus, index_dir=tmp_path / "idx"))
    first = bot.ask("Who gave the keynote at the Youth and Open Source panel?")
    assert "aaa-empty.md" in first.notice and "the file is empty" in first.notice, first.notice
    assert "UNICEF" in first.text and not first.refused  # the good post is still answered
    assert any("aaa-empty.md" in r.getMessage() for r in caplog.records)
    assert bot.ask("Who gave the keynote at the Youth and Open Source panel?").notice == ""


def test_missing_corpus_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="ASSISTANT_CORPUS_DIR"):
        load_corpus(tmp_path / "nope")


def test_a_post_with_crlf_keeps_exact_offsets() -> None:
    text = POST.read_text(encoding="utf-8").replace("\n", "\r\n")
    post = parse_post(text, source="x.md")
    s = post.session("Youth and Open Source Panel")
    assert post.text[s.start:].startswith("### Youth and Open Source Panel")
