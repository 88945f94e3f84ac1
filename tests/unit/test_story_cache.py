"""Unit tests of the on-disk story cache: what a fresh process reads back, and every way it misses."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import textwrap
import time
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
    left_over, writing = folder / ".interrupted.story-tmp", folder / ".another-build-writing.story-tmp"
    left_over.write_bytes(b"half")
    writing.write_bytes(b"half")
    old = time.time() - 3600
    os.utime(left_over, (old, old))
    (folder / "unrelated.txt").write_text("not ours", encoding="utf-8")
    gone.unlink()
    fresh_load(docs, cache)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([cache._path("docs/stories/ingest.md").name, writing.name, "unrelated.txt"])


def test_a_build_read_from_the_cache_never_builds_the_validators(tmp_path):
    """The model defers building its validators (stories/model.py): a build from a warm cache,
    in a fresh process, must need none of them (nothing on its path calls model_dump())."""
    docs = tmp_path / "docs"
    (docs / "stories").mkdir(parents=True)
    for src in (ROOT / "docs" / "stories").glob("*.md"):
        if src.name != "index.md":
            (docs / "stories" / src.name).write_bytes(src.read_bytes())
    script = textwrap.dedent(f"""
        from pathlib import Path
        from interview_portfolio.rendering import portfolio_views, story_views
        from interview_portfolio.settings import from_extra
        from interview_portfolio.site import SiteBuild
        from interview_portfolio.stories import model, readiness
        from interview_portfolio.stories.loader import load_index
        from interview_portfolio.stories.story_cache import StoryCache
        docs, cache = Path({str(docs)!r}), StoryCache(Path({str(tmp_path / 'c')!r}))
        settings = from_extra({{"portfolio": {{}}}}, "me")
        index = load_index(docs, settings.vocabulary, cache=cache)
        assert index.stories and not index.errors, index.problems
        build = SiteBuild(Path({str(tmp_path)!r}), docs, settings, index, [], Path({str(tmp_path / 'd')!r}))
        context = story_views.RenderContext(index)
        for story in index.stories.values():
            build.story_meta(story)
            story_views.follow_up_table(context, story, story.src_path)
        readiness.readiness(index)
        portfolio_views.question_bank(context, "views/q.md")
        build.view_fingerprints()
        models = [m for m in vars(model).values() if isinstance(m, type) and issubclass(m, model.StrictModel)]
        print(sorted({{m.__pydantic_complete__ for m in models if m is not model.StrictModel}}))
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
            for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    # Parsed (the front matter's validators built), then read back: no model built at all.
    assert "True" in runs[0].stdout
    assert runs[1].stdout.strip() == "[False]"


# --- what the code fingerprint covers -------------------------------------------------------------

@pytest.mark.parametrize(("module", "attribute"), story_cache.LIBRARIES)
def test_each_library_version_is_in_the_fingerprint(monkeypatch, module, attribute):
    story_cache.code_fingerprint.cache_clear()
    before = story_cache.code_fingerprint()
    loaded = importlib.import_module(module)
    value = getattr(loaded, attribute)
    monkeypatch.setattr(loaded, attribute, (not value) if isinstance(value, bool) else f"{value}.1")
    story_cache.code_fingerprint.cache_clear()
    try:
        assert story_cache.code_fingerprint() not in (before, None)
    finally:
        monkeypatch.undo()
        story_cache.code_fingerprint.cache_clear()
    assert story_cache.code_fingerprint() == before


def fingerprint_of(package_root: Path, extra: str = "") -> str:
    """The fingerprint a fresh process computes from the package copy at ``package_root``."""
    script = ("from interview_portfolio.stories import story_cache; f = story_cache.code_fingerprint(); "
              f"print(f.hex() if f else None){extra}")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(package_root)}, cwd=package_root)
    return run.stdout.strip()


def test_the_loading_code_is_in_the_fingerprint_and_unreadable_code_turns_the_cache_off(tmp_path):
    package = tmp_path / "interview_portfolio"
    shutil.copytree(ROOT / "scripts" / "interview_portfolio", package, ignore=shutil.ignore_patterns("__pycache__"))
    first = fingerprint_of(tmp_path)
    assert first != "None" and fingerprint_of(tmp_path) == first
    for edited in (package / "stories" / "body.py", package / "errors.py"):
        edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert fingerprint_of(tmp_path) != first
    (package / "rendering" / "html.py").write_text("# not the loader's code\n", encoding="utf-8")
    (package / "stories" / "notes.py").mkdir()  # a folder named like a module: unreadable as code
    assert fingerprint_of(tmp_path) == "None"


def test_sources_changed_since_import_stop_writes(docs, tmp_path, monkeypatch):
    write_story(docs, "ingest", story_text())
    stats, digest = story_cache._AT_IMPORT
    changed = ((stats[0][0], stats[0][1] + 1, stats[0][2]), *stats[1:])
    monkeypatch.setattr(story_cache, "_AT_IMPORT", (changed, digest))
    cache = StoryCache(tmp_path / "cache")
    assert fresh_load(docs, cache).problems == []  # loads; the new code on disk is not what runs
    assert not (tmp_path / "cache").exists()
    monkeypatch.undo()
    fresh_load(docs, cache)
    assert len(list((tmp_path / "cache").iterdir())) == 1
