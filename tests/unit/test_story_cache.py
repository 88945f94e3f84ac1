"""Unit tests of the on-disk story cache: what a fresh process reads back, and every way it misses."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from interview_portfolio.stories import loader, story_cache
from interview_portfolio.stories.story_cache import StoryCache
from interview_portfolio.stories.vocabulary import build_vocabulary

from tests.support import ROOT, VALID_BODY, VALID_FRONT_MATTER, story_text, write_story

VOCAB = build_vocabulary(None)


@pytest.fixture
def parses(monkeypatch):
    """The files the loader parsed (instead of reading them back), for each load."""
    seen: list[str] = []
    real = loader._load_parsed

    def counting(data, src_path, file, vocabulary):
        seen.append(src_path)
        return real(data, src_path, file, vocabulary)

    monkeypatch.setattr(loader, "_load_parsed", counting)
    return seen


def fresh_load(docs: Path, cache: StoryCache, vocabulary=VOCAB):
    """A load as a new process makes it: the loader's in-memory cache empty."""
    loader._loaded.clear()
    return loader.load_index(docs, vocabulary, cache=cache)


def picture(index) -> list:
    """Everything loaded, comparable: stories (front matter, scan, lines) and problems."""
    return [[(s.slug, s.src_path, s.file, s.body, s.meta, s.scan, s.key_lines, s.body_line)
             for s in index.stories.values()], index.problems, index.unreadable]


def test_unchanged_stories_are_read_back_not_parsed(docs, tmp_path, parses):
    write_story(docs, "ingest", story_text())
    write_story(docs, "todo", story_text(body=VALID_BODY + "\n[TODO: the number]\n"))
    cache = StoryCache(tmp_path / "cache")
    first = fresh_load(docs, cache)
    assert sorted(parses) == ["stories/ingest.md", "stories/todo.md"]
    parses.clear()
    again = fresh_load(docs, cache)
    assert parses == []
    assert picture(again) == picture(first)
    assert again.stories["ingest"].meta == first.stories["ingest"].meta


def test_a_story_that_failed_to_load_keeps_its_problems(docs, tmp_path, parses):
    write_story(docs, "broken", story_text(VALID_FRONT_MATTER + "role: [unclosed\n"))
    cache = StoryCache(tmp_path / "cache")
    first = fresh_load(docs, cache)
    again = fresh_load(docs, cache)
    assert parses == ["stories/broken.md"]
    assert again.problems == first.problems and "not valid YAML" in again.problems[0].message
    assert again.unreadable == {"broken"}


def test_an_edited_story_alone_is_parsed_again(docs, tmp_path, parses):
    write_story(docs, "ingest", story_text())
    path = write_story(docs, "other", story_text(VALID_FRONT_MATTER.replace("Scaled", "Rebuilt")))
    cache = StoryCache(tmp_path / "cache")
    fresh_load(docs, cache)
    parses.clear()
    path.write_text(path.read_text(encoding="utf-8").replace("We had a slow pipeline.", "It was slow."),
                    encoding="utf-8")
    index = fresh_load(docs, cache)
    assert parses == ["stories/other.md"]
    assert "It was slow." in index.by_src_path("stories/other.md").body


def test_another_vocabulary_or_code_is_a_miss(docs, tmp_path, parses, monkeypatch):
    write_story(docs, "ingest", story_text())
    cache = StoryCache(tmp_path / "cache")
    fresh_load(docs, cache)
    custom = build_vocabulary([*VOCAB, "Extra"])
    fresh_load(docs, cache, custom)
    monkeypatch.setattr(story_cache, "code_fingerprint", lambda: b"other code")
    fresh_load(docs, cache, custom)
    assert parses == ["stories/ingest.md"] * 3


@pytest.mark.parametrize("damage", ["flip", "edit-text", "truncate", "empty", "garbage-with-good-hash"])
def test_a_damaged_entry_is_a_miss_and_is_rewritten(docs, tmp_path, parses, damage):
    write_story(docs, "ingest", story_text())
    cache = StoryCache(tmp_path / "cache")
    first = fresh_load(docs, cache)
    [entry] = (tmp_path / "cache").iterdir()
    blob = entry.read_bytes()
    key = blob[:story_cache.KEY_BYTES]
    if damage == "flip":
        blob = blob[:-10] + bytes([blob[-10] ^ 0xFF]) + blob[-9:]
    elif damage == "edit-text":  # still a valid pickle, of another story: only the checksum tells
        at = blob.index(b"slow pipeline")
        blob = blob[:at] + b"S" + blob[at + 1:]
    elif damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "empty":
        blob = b""
    else:  # a payload pickle cannot read, stored with a matching checksum
        payload = b"\x80\x05not a pickle"
        blob = key + story_cache._hash(payload) + payload
    entry.write_bytes(blob)
    again = fresh_load(docs, cache)
    assert parses == ["stories/ingest.md"] * 2
    assert picture(again) == picture(first)
    fresh_load(docs, cache)
    assert parses == ["stories/ingest.md"] * 2  # the entry was rewritten: read back this time


def test_an_unusable_cache_folder_only_costs_a_parse(docs, tmp_path, parses):
    write_story(docs, "ingest", story_text())
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = StoryCache(blocked / "cache")
    assert fresh_load(docs, cache).problems == []
    assert fresh_load(docs, cache).problems == []
    assert parses == ["stories/ingest.md"] * 2


def test_entries_of_deleted_stories_and_stale_temp_files_are_pruned(docs, tmp_path):
    write_story(docs, "ingest", story_text())
    gone = write_story(docs, "gone", story_text(VALID_FRONT_MATTER.replace("Scaled", "Rebuilt")))
    folder = tmp_path / "cache"
    cache = StoryCache(folder)
    fresh_load(docs, cache)
    assert len(list(folder.iterdir())) == 2
    (folder / ".tmp-interrupted.story").write_bytes(b"half")
    (folder / "unrelated.txt").write_text("not ours", encoding="utf-8")
    gone.unlink()
    fresh_load(docs, cache)
    assert sorted(p.name for p in folder.iterdir()) == sorted([cache._path("docs/stories/ingest.md").name, "unrelated.txt"])


def test_a_build_read_from_the_cache_never_builds_the_validators(tmp_path):
    """The model defers building its validators (stories/model.py): a load from a warm cache,
    in a fresh process, must need none of them (nothing on that path calls model_dump())."""
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    for src in (ROOT / "docs" / "stories").glob("*.md"):
        if src.name != "index.md":
            (docs / "stories" / src.name).write_bytes(src.read_bytes())
    script = textwrap.dedent(f"""
        from pathlib import Path
        from interview_portfolio.stories import model, readiness
        from interview_portfolio.stories.loader import load_index
        from interview_portfolio.stories.story_cache import StoryCache
        from interview_portfolio.stories.vocabulary import build_vocabulary
        index = load_index(Path({str(docs)!r}), build_vocabulary(None), cache=StoryCache(Path({str(tmp_path / 'c')!r})))
        assert index.stories and not index.errors, index.problems
        readiness.readiness(index)
        print(model.StoryFrontMatter.__pydantic_complete__)
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
            for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert [run.stdout.strip() for run in runs] == ["True", "False"]  # parsed (validated), then read back
