"""One build's decisions: which pages an audience gets, what MkDocs is shown of a story, the nav."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from interview_portfolio.settings import from_extra
from interview_portfolio.site import NAV_GROUP, SiteBuild, shape_nav
from interview_portfolio.stories.loader import load_index

from tests.support import VALID_FRONT_MATTER, story_text, write_story

NAV = [{"Home": "index.md"}, {"Stories": "stories/index.md"}, {"Guide": "guide.md"}]


def build_for(docs: Path, audience: str, redact: dict[str, str] | None = None) -> SiteBuild:
    settings = from_extra({"portfolio": {"redact": redact or {}}}, audience)
    index = load_index(docs, settings.vocabulary, private_excluded=settings.private_excluded)
    return SiteBuild(docs.parent, docs, settings, index, [], docs.parent / "cache")


def write_private(docs: Path) -> None:
    write_story(docs, "secret", story_text(VALID_FRONT_MATTER + "visibility: private\n"))


def test_each_audience_keeps_its_pages(docs):
    write_story(docs, "open", story_text())
    write_private(docs)
    me, public, interviewer = (build_for(docs, a) for a in ("me", "public", "interviewer"))
    assert me.keeps_page("stories/secret.md") and me.keeps_page("stories/open.md")
    assert not public.keeps_page("stories/secret.md") and public.keeps_page("stories/open.md")
    assert "secret" not in public.index.stories
    assert [p for p in ("index.md", "stories/open.md", "interviewer/index.md", "views/m.md")
            if interviewer.keeps_page(p)] == ["index.md", "interviewer/index.md"]


def test_mkdocs_sees_only_its_own_keys_escaped(docs):
    hostile = '<script>x</script> {{ 7*7 }}'
    write_story(docs, "open", story_text(VALID_FRONT_MATTER.replace('"Scaled the ingest pipeline"', repr(hostile))))
    build = build_for(docs, "me")
    meta = build.story_meta(build.index.stories["open"])
    assert set(meta) <= {"title", "description"}
    assert yaml.safe_load(build.story_source(build.index.stories["open"]).split("---\n")[1]) == {}
    assert meta["title"] == "&lt;script&gt;x&lt;/script&gt; &#123;&#123; 7*7 &#125;&#125;"


def test_redaction_reaches_what_mkdocs_is_shown(docs):
    write_story(docs, "open", story_text(VALID_FRONT_MATTER.replace("Scaled the ingest", "Scaled Acme's ingest")))
    public = build_for(docs, "public", {"Acme": "a bank"})
    assert "Acme" not in str(public.story_meta(public.index.stories["open"]))
    me = build_for(docs, "me", {"Acme": "a bank"})
    assert "Acme" in str(me.story_meta(me.index.stories["open"]))


def test_nav_fills_the_stories_section_and_splits_long_lists(docs):
    for i in range(NAV_GROUP + 5):
        write_story(docs, f"s{i:03d}", story_text())
    nav = shape_nav(NAV, build_for(docs, "me"))
    stories = nav[1]["Stories"]
    assert stories[0] == "stories/index.md"
    runs = stories[1:]
    assert [next(iter(r)) for r in runs] == ["STAR stories 1/2", "STAR stories 2/2"]
    assert sum(len(next(iter(r.values()))) for r in runs) == NAV_GROUP + 5


def test_interviewer_nav_is_the_packet_only(docs):
    assert shape_nav(NAV, build_for(docs, "interviewer")) == [
        {"Home": "index.md"}, {"Interviewer packet": "interviewer/index.md"}]


def test_search_index_is_trimmed_only_over_budget(tmp_path):
    from interview_portfolio.site import fit_search_index

    docs = [{"location": f"stories/s{i}/#x", "title": f"Story {i}", "text": "word " * 400} for i in range(20)]
    docs.append({"location": "guide/", "title": "Guide", "text": "guide " * 400})
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": {}, "docs": docs}))
    assert not fit_search_index(path, "stories", budget=10**6)
    assert fit_search_index(path, "stories", budget=20_000)
    assert path.stat().st_size <= 20_000
    trimmed = json.loads(path.read_text())["docs"]
    assert all(d["title"] == f"Story {i}" and d["text"].startswith("word") for i, d in enumerate(trimmed[:20]))
    assert trimmed[-1]["text"] == "guide " * 400  # pages that are not stories are kept whole


def test_a_dirty_rebuild_redoes_views_and_linking_stories_only(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(VALID_FRONT_MATTER + "related: [a]\n"))
    write_story(docs, "c", story_text(VALID_FRONT_MATTER.replace("Why not batch?", "Why not stream?")))
    build = build_for(docs, "me")
    pages = {"index.md", "views/m.md", "stories/a.md", "stories/b.md", "stories/c.md"}
    assert build.pages_to_redo({"stories/a.md"}, pages) == {"index.md", "views/m.md", "stories/a.md", "stories/b.md"}
    assert build.pages_to_redo({"views/m.md"}, pages) == set()


def test_the_readiness_page_is_for_the_candidate_only(docs):
    nav = [{"Home": "index.md"}, {"Views": ["views/matrix.md", "views/readiness.md"]}, {"Only": ["views/readiness.md"]}]
    assert shape_nav(nav, build_for(docs, "public")) == [{"Home": "index.md"}, {"Views": ["views/matrix.md"]}]
    assert shape_nav(nav, build_for(docs, "me")) == nav
    assert not build_for(docs, "public").keeps_page("views/readiness.md")


def test_a_prose_edit_is_redone_on_its_own_page_only(docs):
    write_story(docs, "a", story_text())
    write_story(docs, "b", story_text(VALID_FRONT_MATTER + "related: [a]\n"))
    before = build_for(docs, "me").view_fingerprints()
    write_story(docs, "a", story_text() + "\nA new closing paragraph, outside the answer.\n")
    build = build_for(docs, "me")
    shown_changed = {src for src, digest in build.view_fingerprints().items() if before[src] != digest}
    assert shown_changed == set()
    pages = {"index.md", "stories/a.md", "stories/b.md"}
    assert build.pages_to_redo({"stories/a.md"}, pages, shown_changed) == {"stories/a.md"}
    write_story(docs, "a", story_text(VALID_FRONT_MATTER.replace("label: p95 latency", "label: tail latency")))
    after = build_for(docs, "me").view_fingerprints()
    assert after["stories/a.md"] != before["stories/a.md"] and after["stories/b.md"] == before["stories/b.md"]


def test_start_keeps_the_loaded_stories_for_the_next_process(docs, monkeypatch):
    from interview_portfolio import site
    from interview_portfolio.stories import loader

    write_story(docs, "open", story_text())
    write_private(docs)
    parsed: list[str] = []
    real = loader._load_parsed
    monkeypatch.setattr(loader, "_load_parsed", lambda data, src, *rest: parsed.append(src) or real(data, src, *rest))
    settings = from_extra({"portfolio": {}}, "public")
    for _ in range(2):
        loader._loaded.clear()  # a new process
        build = site.start(docs.parent, docs, settings, serving=False)
    assert sorted(parsed) == ["stories/open.md", "stories/secret.md"]  # the first start only
    assert list(build.index.stories) == ["open"]  # read back, and the private story still left out
    assert len(list((docs.parent / site.CACHE_DIR / "stories").iterdir())) == 2
