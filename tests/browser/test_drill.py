"""The practice drill in the system Chromium, against the real portfolio built and served locally.

Every request is routed: anything not addressed to 127.0.0.1 is aborted and recorded, and each
test fails if one was attempted (the site must work with no network at view time).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from interview_portfolio.stories.loader import load_index
from interview_portfolio.stories.vocabulary import build_vocabulary

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("PORTFOLIO_CHROMIUM", "/usr/bin/chromium")
STORAGE_KEY = "pf-drill-history-v1"
DRILL = "practice/drill/"


def seconds(text: str) -> int:
    minutes, secs = text.strip().lstrip("+").split(":")
    return int(minutes) * 60 + int(secs)


def plain(text: str) -> str:
    """Front-matter text as the page shows it: **bold** and `code` marks dropped."""
    return re.sub(r"\*\*(.+?)\*\*|`([^`]+)`", lambda m: m.group(1) or m.group(2), text)


@pytest.fixture(scope="module")
def stories():
    index = load_index(ROOT / "docs", build_vocabulary(None))
    return {slug: s.meta for slug, s in index.stories.items() if s.public}


@pytest.fixture(scope="module")
def site(built_site) -> str:
    """The real portfolio (the session's strict build), served on 127.0.0.1."""
    out = built_site

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium, or set PORTFOLIO_CHROMIUM)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_api.sync_playwright() as p:
        # The fake media flags give the recording test a microphone without a prompt.
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        ])
        yield browser
        browser.close()


class Session:
    def __init__(self, context, base: str):
        self.context = context
        self.base = base
        self.blocked: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def _route(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self):
        self.page.goto(self.base + DRILL)
        expect(self.page.locator("#pf-drill")).to_have_attribute("data-ready", "true")
        return self.page


@pytest.fixture
def session(browser, site, request):
    width, height = getattr(request, "param", (1280, 900))
    context = browser.new_context(viewport={"width": width, "height": height})
    s = Session(context, site)
    yield s
    context.close()
    assert s.blocked == [], f"requests to other hosts were attempted: {s.blocked}"
    assert s.errors == [], f"errors in the page: {s.errors}"


def pick(page, stories):
    """Press New prompt; return (prompt text, story slug) after checking them against front matter."""
    page.get_by_role("button", name="New prompt").click()
    shown = page.locator("#pf-drill-prompt p")
    text = shown.inner_text().strip()
    slug = shown.get_attribute("data-story")
    assert slug in stories, slug
    assert text in [plain(p) for p in stories[slug].prompts], text
    return text, slug


def attempts(page) -> list[dict]:
    raw = page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})")
    return json.loads(raw)["attempts"] if raw else []


# --- the drill ---------------------------------------------------------------------------------

def test_prompt_countdown_cues_score_and_history_survive_a_reload(session, stories):
    page = session.page
    page.clock.install()
    session.open()
    expect(page.locator("#pf-drill-count")).to_have_text(f"{sum(len(s.prompts) for s in stories.values())} prompts match.")
    _, slug = pick(page, stories)
    meta = stories[slug]
    time = page.locator("#pf-drill-time")
    expect(time).to_have_text(f"{meta.target_seconds // 60}:{meta.target_seconds % 60:02d}")

    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    start = seconds(time.inner_text())
    page.clock.run_for(3000)
    expect(time).to_have_text(re.compile(r"^\d+:\d\d$"))
    assert seconds(time.inner_text()) == start - 3 < start

    page.get_by_role("button", name="Stop").click()
    cues = page.locator("#pf-drill-cues")
    expect(cues).to_be_visible()
    expect(cues.locator("#pf-drill-beats")).to_contain_text(plain(meta.cues.situation))
    expect(cues.get_by_text(plain(meta.cues.action[0]), exact=True)).to_be_visible()
    expect(cues.locator(".pf-drill-followup summary")).to_have_count(len(meta.follow_ups))
    if meta.metrics:  # up to three numbers; a story without any says so in one item
        expect(cues.locator("#pf-drill-numbers li:not(.pf-drill-note)")).to_have_count(min(3, len(meta.metrics)))
    else:
        expect(cues.locator("#pf-drill-numbers li.pf-drill-note")).to_have_text("No numbers yet: add metrics: to the story.")
    expect(page.locator("#pf-drill-status")).to_contain_text("Stopped at 3 seconds")

    first, second = meta.competencies[:2]
    score = page.locator("#pf-drill-score")
    score.locator(f'fieldset[data-competency="{first}"]').get_by_role("radio", name=re.compile("^Strong")).check()
    score.locator(f'fieldset[data-competency="{second}"]').get_by_role("radio", name=re.compile("^Solid")).check()
    score.get_by_role("radio", name=re.compile("^3")).check()
    score.get_by_label("Note (optional)").fill("Lead with the numbers")
    score.get_by_role("button", name="Save score").click()
    expect(page.locator("#pf-drill-save-status")).to_have_text("Saved: 1 attempt at this story.")

    def check_row():
        row = page.locator(f'#pf-drill-progress tr[data-story="{slug}"]')
        expect(row.locator("td").nth(0)).to_have_text("1")
        expect(row.locator("td").nth(1)).to_have_text("3/4 · 1 strong, 1 solid")
        expect(row.locator("td").nth(2)).to_have_text("0:03")

    check_row()
    page.reload()
    expect(page.locator("#pf-drill")).to_have_attribute("data-ready", "true")
    check_row()
    (saved,) = attempts(page)
    assert saved["story"] == slug and saved["seconds"] == 3 and saved["target"] == meta.target_seconds
    assert saved["scores"] == {first: "strong", second: "solid"}
    assert saved["overall"] == 3 and saved["note"] == "Lead with the numbers" and saved["peeked"] is False


def test_countdown_warns_near_the_end_then_runs_into_overtime(session, stories):
    page = session.page
    page.clock.install()
    session.open()
    slug = next(s for s, m in stories.items() if m.target_seconds > 60)
    target = stories[slug].target_seconds
    page.get_by_label("Story").select_option(slug)
    expect(page.locator("#pf-drill-count")).to_have_text(f"{len(stories[slug].prompts)} prompts match.")
    pick(page, {slug: stories[slug]})
    timer, status = page.locator("#pf-drill-timer"), page.locator("#pf-drill-status")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for((target - 30) * 1000)
    expect(timer).to_have_attribute("data-phase", "")
    expect(status).to_have_text(re.compile("^Timer started"))  # no announcement every second
    page.clock.run_for(15_000)
    expect(timer).to_have_attribute("data-phase", "warning")
    expect(page.locator("#pf-drill-time")).to_have_text("0:15")
    expect(status).to_have_text("20 seconds left: wrap up.")
    page.clock.run_for(20_000)
    expect(timer).to_have_attribute("data-phase", "over")
    expect(page.locator("#pf-drill-time")).to_have_text("+0:05")
    expect(page.locator("#pf-drill-timer-label")).to_have_text("over time")
    expect(status).to_have_text("Time is up: you are over the target.")
    page.get_by_role("button", name="Stop").click()
    expect(status).to_contain_text("5 seconds over the target")


def test_filters_narrow_the_question_bank(session, stories):
    page = session.page
    session.open()
    page.get_by_label("Competency").select_option("Resolving Conflicts")
    expected = [s for s, m in stories.items() if "Resolving Conflicts" in m.competencies]
    count = sum(len(stories[s].prompts) for s in expected)
    expect(page.locator("#pf-drill-count")).to_have_text(f"{count} prompts match.")
    for _ in range(6):
        _, slug = pick(page, stories)
        assert slug in expected
    page.get_by_label("Kind").select_option("deep-dive")
    expect(page.locator("#pf-drill-count")).to_have_text("No prompt matches these filters: widen one of them.")
    expect(page.get_by_role("button", name="New prompt")).to_be_disabled()
    page.get_by_label("Competency").select_option("")
    deep = [s for s, m in stories.items() if m.kind == "deep-dive"]
    _, slug = pick(page, stories)
    assert slug in deep


def test_keyboard_shortcuts_and_none_while_typing(session, stories):
    page = session.page
    page.clock.install()
    session.open()
    url = page.url
    page.locator("body").press("n")  # Material's own N (next page) must not fire
    expect(page.locator("#pf-drill-prompt p[data-story]")).to_be_visible()
    assert page.url == url
    slug = page.locator("#pf-drill-prompt p").get_attribute("data-story")
    prompt = page.locator("#pf-drill-prompt").inner_text()
    page.keyboard.press("Space")
    expect(page.locator("#pf-drill")).to_have_attribute("data-state", "running")
    page.clock.run_for(2000)
    page.keyboard.press("Space")
    expect(page.locator("#pf-drill")).to_have_attribute("data-state", "done")
    expect(page.locator("#pf-drill-cues")).to_be_visible()

    note = page.get_by_label("Note (optional)")
    note.click()
    note.press_sequentially("n r 1 2")
    expect(note).to_have_value("n r 1 2")
    assert page.locator("#pf-drill-prompt").inner_text() == prompt
    expect(page.locator("#pf-drill")).to_have_attribute("data-state", "done")
    expect(page.locator("#pf-drill-rubric input:checked")).to_have_count(0)

    groups = page.locator("#pf-drill-rubric fieldset")
    first, second = stories[slug].competencies[:2]
    groups.nth(1).get_by_role("radio").first.focus()
    page.keyboard.press("3")
    expect(page.locator(f'fieldset[data-competency="{second}"] input[value="strong"]')).to_be_checked()
    page.locator("#pf-drill-score-title").click()  # focus outside any group: the first unscored one
    page.keyboard.press("1")
    expect(page.locator(f'fieldset[data-competency="{first}"] input[value="weak"]')).to_be_checked()
    page.keyboard.press("2")  # focus followed the choice into the first group
    expect(page.locator(f'fieldset[data-competency="{first}"] input[value="solid"]')).to_be_checked()

    page.locator("body").press("r")
    expect(page.locator("#pf-drill-cues-title")).to_be_focused()
    legend = page.locator(".pf-drill-keys kbd")
    expect(legend).to_have_text(["N", "Space", "R", "1", "2", "3"])


def test_clear_history_asks_first(session, stories):
    page = session.page
    session.open()
    pick(page, stories)
    page.get_by_role("button", name="Reveal cues").click()
    page.locator("#pf-drill-rubric").get_by_role("radio", name=re.compile("^Solid")).first.check()
    page.get_by_role("button", name="Save score").click()
    expect(page.locator("#pf-drill-save-status")).to_contain_text("Saved")
    (saved,) = attempts(page)
    assert saved["seconds"] is None and saved["peeked"] is True

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear history").click()
    assert len(attempts(page)) == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear history").click()
    expect(page.locator("#pf-drill-progress-status")).to_have_text("History cleared.")
    assert page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})") is None
    expect(page.locator("#pf-drill-progress td:first-of-type")).to_have_text(["0"] * len(stories))


@pytest.mark.parametrize("session", [(390, 844)], indirect=True, ids=["390px"])
def test_phone_width_has_no_horizontal_scroll_and_big_targets(session, stories):
    page = session.page
    session.open()
    pick(page, stories)
    page.get_by_role("button", name="Reveal cues").click()
    expect(page.locator("#pf-drill-score")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    targets = page.locator(
        "#pf-drill .pf-drill-btn:visible, #pf-drill select, .pf-drill-option, #pf-drill-record-label:visible")
    assert targets.count() > 10
    small = [t.inner_text()[:30] for t in targets.all() if t.bounding_box()["height"] < 44]
    assert not small, f"tap targets under 44 px: {small}"


def test_recording_plays_back_locally(session, stories):
    page = session.page
    session.context.grant_permissions(["microphone"], origin=session.base.rstrip("/"))
    session.open()
    pick(page, stories)
    page.get_by_label("Record my answer with the microphone").check()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#pf-drill")).to_have_attribute("data-state", "running")
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Stop").click()
    audio = page.locator("#pf-drill-audio")
    expect(audio).to_be_visible()
    assert audio.get_attribute("src").startswith("blob:")
    assert attempts(page) == [], "a recording or attempt was stored without Save"
    pick(page, stories)  # a new prompt throws the recording away
    expect(audio).to_be_hidden()


def test_recording_is_hidden_where_unsupported(session, stories):
    session.context.add_init_script("delete window.MediaRecorder;")
    page = session.open()
    expect(page.locator("#pf-drill-record-label")).to_be_hidden()
    expect(page.locator("#pf-drill-record-note")).to_contain_text("Recording is not available")
    pick(page, stories)
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#pf-drill")).to_have_attribute("data-state", "running")
