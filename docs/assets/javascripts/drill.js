/* Practice drill (docs/practice/drill.md): a random prompt, a countdown against the story's
 * target time, the cue card and follow-ups, a self-score against the rubric, and a history kept
 * in this browser's localStorage. Optional microphone recording stays in memory: played back
 * through an object URL, never uploaded, never stored.
 *
 * Data: the JSON in <script id="pf-drill-data"> (macros/drill_data.py). Front-matter text is
 * rendered with text nodes only (**bold** and `code` become <strong>/<code>), never as HTML.
 * Plain ES2020, no dependencies; does nothing on pages without #pf-drill.
 */
(() => {
  "use strict";

  const root = document.getElementById("pf-drill");
  const dataElement = document.getElementById("pf-drill-data");
  if (!root || !dataElement) return;

  const STORAGE_KEY = "pf-drill-history-v1";
  const WARN_SECONDS = 20;
  const MAX_ATTEMPTS = 500;
  const TICK_MS = 200;
  const LEVELS = ["weak", "solid", "strong"];
  const LEVEL_LABELS = { weak: "Weak", solid: "Solid", strong: "Strong" };
  const KIND_LABELS = { star: "STAR story", "deep-dive": "Project deep dive", outline: "Outline / cue card" };
  const PROVENANCE_LABELS = { own: "Own story", draft: "Draft (not yet confirmed)", example: "Example" };
  const BEATS = [["S", "Situation", "situation"], ["T", "Task", "task"], ["A", "Action", "action"], ["R", "Result", "result"]];

  const $ = (id) => document.getElementById(id);
  const ui = {
    filters: Array.from(root.querySelectorAll("select[data-filter]")),
    count: $("pf-drill-count"),
    meta: $("pf-drill-meta"),
    prompt: $("pf-drill-prompt"),
    timer: $("pf-drill-timer"),
    time: $("pf-drill-time"),
    timerLabel: $("pf-drill-timer-label"),
    elapsed: $("pf-drill-elapsed"),
    status: $("pf-drill-status"),
    newButton: $("pf-drill-new"),
    startButton: $("pf-drill-start"),
    revealButton: $("pf-drill-reveal"),
    recordLabel: $("pf-drill-record-label"),
    recordOn: $("pf-drill-record-on"),
    recordNote: $("pf-drill-record-note"),
    audio: $("pf-drill-audio"),
    cues: $("pf-drill-cues"),
    cuesTitle: $("pf-drill-cues-title"),
    storyLink: $("pf-drill-story-link"),
    beats: $("pf-drill-beats"),
    numbers: $("pf-drill-numbers"),
    followUps: $("pf-drill-followups"),
    score: $("pf-drill-score"),
    scoreForm: $("pf-drill-score-form"),
    rubric: $("pf-drill-rubric"),
    note: $("pf-drill-note"),
    saveButton: $("pf-drill-save"),
    saveStatus: $("pf-drill-save-status"),
    storageNote: $("pf-drill-storage-note"),
    progress: root.querySelector("#pf-drill-progress tbody"),
    clearButton: $("pf-drill-clear"),
    progressStatus: $("pf-drill-progress-status"),
  };

  let data;
  try {
    data = JSON.parse(dataElement.textContent);
  } catch (error) {
    ui.count.textContent = "The question bank could not be read; rebuild the site.";
    return;
  }
  const stories = data.stories || {};
  const prompts = (data.prompts || []).filter((p) => stories[p.story]);

  // Links to story pages: data URLs are relative to the site root; this script sits at
  // <root>/assets/javascripts/drill.js, so its own src gives the way back to the root.
  const siteRoot = (() => {
    const script = document.currentScript;
    const src = script ? script.getAttribute("src") || "" : "";
    const tail = "assets/javascripts/drill.js";
    if (src.endsWith(tail)) return src.slice(0, -tail.length);
    try {
      const base = JSON.parse($("__config").textContent).base || ".";
      return base.endsWith("/") ? base : `${base}/`;
    } catch (error) {
      return "../../";
    }
  })();

  // --- small helpers -------------------------------------------------------------------------

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children);
    return node;
  }

  /** Front-matter text as nodes: **bold** and `code` keep their meaning, nothing else is markup. */
  function inline(parent, text) {
    const pattern = /\*\*(.+?)\*\*|`([^`]+)`/g;
    const value = String(text ?? "");
    let last = 0;
    let match;
    while ((match = pattern.exec(value)) !== null) {
      if (match.index > last) parent.append(value.slice(last, match.index));
      parent.append(el(match[1] !== undefined ? "strong" : "code", {}, match[1] ?? match[2]));
      last = pattern.lastIndex;
    }
    parent.append(value.slice(last));
    return parent;
  }

  /** A Markdown answer as paragraphs and bullet lists (text nodes only). */
  function block(parent, markdown) {
    let list = null;
    for (const raw of String(markdown ?? "").split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) { list = null; continue; }
      const bullet = /^[-*+]\s+(.*)$/.exec(line);
      if (bullet) {
        if (!list) { list = el("ul"); parent.append(list); }
        list.append(inline(el("li"), bullet[1]));
      } else {
        list = null;
        parent.append(inline(el("p"), line));
      }
    }
    return parent;
  }

  function clock(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  function spoken(seconds) {
    const whole = Math.max(0, Math.round(seconds));
    const minutes = Math.floor(whole / 60);
    const rest = whole % 60;
    const parts = [];
    if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
    if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
    return parts.join(" ");
  }

  function randomIndex(length) {
    if (window.crypto && window.crypto.getRandomValues) {
      const buffer = new Uint32Array(1);
      window.crypto.getRandomValues(buffer);
      return buffer[0] % length;
    }
    return Math.floor(Math.random() * length);
  }

  function announce(region, message) {
    // Clear first so that the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(() => { region.textContent = message; }, 50);
  }

  // --- history (localStorage) ----------------------------------------------------------------

  const history = {
    available: (() => {
      try {
        const probe = `${STORAGE_KEY}-probe`;
        window.localStorage.setItem(probe, "1");
        window.localStorage.removeItem(probe);
        return true;
      } catch (error) {
        return false;
      }
    })(),
    memory: [],
    load() {
      if (!this.available) return this.memory;
      try {
        const parsed = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
        const attempts = parsed && Array.isArray(parsed.attempts) ? parsed.attempts : [];
        return attempts.filter((a) => a && typeof a === "object" && typeof a.story === "string");
      } catch (error) {
        return [];
      }
    },
    save(attempts) {
      const kept = attempts.slice(-MAX_ATTEMPTS);
      if (!this.available) { this.memory = kept; return true; }
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, attempts: kept }));
        return true;
      } catch (error) {
        this.memory = kept;
        return false;
      }
    },
    clear() {
      this.memory = [];
      if (this.available) {
        try { window.localStorage.removeItem(STORAGE_KEY); } catch (error) { /* nothing kept */ }
      }
    },
  };

  // --- state ---------------------------------------------------------------------------------

  const state = {
    prompt: null,
    phase: "empty", // empty | ready | starting | running | done
    startedAt: 0,
    elapsed: 0,
    timed: false,
    tick: 0,
    warned: false,
    over: false,
    revealed: false,
    peeked: false,
    attemptId: null,
  };

  const filters = { competency: "", story: "", kind: "", provenance: "" };

  function story() {
    return state.prompt ? stories[state.prompt.story] : null;
  }

  function matches(prompt) {
    const s = stories[prompt.story];
    return (!filters.competency || s.competencies.includes(filters.competency))
      && (!filters.story || s.slug === filters.story)
      && (!filters.kind || s.kind === filters.kind)
      && (!filters.provenance || s.provenance === filters.provenance);
  }

  function setPhase(phase) {
    state.phase = phase;
    root.dataset.state = phase;
    const running = phase === "running" || phase === "starting";
    ui.startButton.disabled = !state.prompt || phase === "starting";
    ui.startButton.textContent = running ? "Stop" : (phase === "done" ? "Start again" : "Start");
    ui.startButton.setAttribute("aria-keyshortcuts", "Space");
    ui.revealButton.disabled = !state.prompt;
    ui.newButton.disabled = running || !prompts.some(matches);
    ui.recordOn.disabled = running;
  }

  // --- filters -------------------------------------------------------------------------------

  function fillFilters() {
    const all = Object.values(stories);
    const options = {
      competency: Object.keys(data.rubric || {}).sort((a, b) => a.localeCompare(b)).map((c) => [c, c]),
      story: all.map((s) => [s.slug, s.title]),
      kind: Object.keys(KIND_LABELS).filter((k) => all.some((s) => s.kind === k)).map((k) => [k, KIND_LABELS[k]]),
      provenance: Object.keys(PROVENANCE_LABELS).filter((p) => all.some((s) => s.provenance === p))
        .map((p) => [p, PROVENANCE_LABELS[p]]),
    };
    for (const select of ui.filters) {
      for (const [value, label] of options[select.dataset.filter] || []) {
        select.append(el("option", { value }, label));
      }
      select.addEventListener("change", () => {
        filters[select.dataset.filter] = select.value;
        updateCount();
      });
    }
  }

  function updateCount() {
    const n = prompts.filter(matches).length;
    ui.count.textContent = n
      ? `${n} prompt${n === 1 ? "" : "s"} match${n === 1 ? "es" : ""}.`
      : "No prompt matches these filters: widen one of them.";
    setPhase(state.phase);
  }

  // --- prompt --------------------------------------------------------------------------------

  function newPrompt() {
    if (state.phase === "running" || state.phase === "starting") return;
    const pool = prompts.filter(matches);
    if (!pool.length) { updateCount(); return; }
    const others = pool.length > 1 && state.prompt ? pool.filter((p) => p.id !== state.prompt.id) : pool;
    state.prompt = others[randomIndex(others.length)];
    const s = story();
    ui.prompt.replaceChildren(inline(el("p", { "data-story": s.slug }), state.prompt.text));
    const meta = [
      el("span", { className: "pf-drill-chip" }, KIND_LABELS[s.kind] || s.kind),
      el("span", { className: "pf-drill-chip" }, `target ${clock(s.target_seconds)} (about ${s.target_words} words)`),
    ];
    if (s.provenance !== "own") {
      meta.push(el("span", { className: "pf-drill-chip pf-drill-chip--warn" }, PROVENANCE_LABELS[s.provenance] || s.provenance));
    }
    ui.meta.replaceChildren(el("span", { className: "pf-drill-story" }, "Story: ", inline(el("span"), s.title)), " ", ...meta);
    resetAttempt();
    announce(ui.status, `New prompt, ${spoken(s.target_seconds)} to answer: ${state.prompt.text}`);
  }

  function resetAttempt() {
    stopTicking();
    stopRecording(true);
    clearAudio();
    state.elapsed = 0;
    state.timed = false;
    state.warned = false;
    state.over = false;
    state.revealed = false;
    state.peeked = false;
    state.attemptId = null;
    ui.cues.hidden = true;
    ui.score.hidden = true;
    buildRubric();
    render();
    setPhase("ready");
  }

  // --- countdown -----------------------------------------------------------------------------

  function render() {
    const s = story();
    if (!s) return;
    const target = s.target_seconds;
    const left = target - state.elapsed;
    let phase = "";
    if (left <= 0 && state.timed) phase = "over";
    else if (left <= WARN_SECONDS && state.timed) phase = "warning";
    ui.timer.dataset.phase = phase;
    if (phase === "over") {
      ui.time.textContent = `+${clock(state.elapsed - target)}`;
      ui.timerLabel.textContent = "over time";
    } else {
      ui.time.textContent = clock(Math.ceil(left - 1e-6));
      ui.timerLabel.textContent = phase === "warning" ? "left: wrap up" : "time left";
    }
    ui.elapsed.textContent = state.timed
      ? `Elapsed ${clock(state.elapsed)} of ${clock(target)}`
      : `Target ${clock(target)}`;
  }

  function tick() {
    state.elapsed = (Date.now() - state.startedAt) / 1000;
    const left = story().target_seconds - state.elapsed;
    if (!state.warned && left <= WARN_SECONDS && left > 0) {
      state.warned = true;
      announce(ui.status, `${WARN_SECONDS} seconds left: wrap up.`);
    }
    if (!state.over && left <= 0) {
      state.over = true;
      state.warned = true;
      announce(ui.status, "Time is up: you are over the target.");
    }
    render();
  }

  function stopTicking() {
    if (state.tick) window.clearInterval(state.tick);
    state.tick = 0;
  }

  async function start() {
    if (!state.prompt || state.phase === "starting") return;
    if (state.phase === "running") { stop(); return; }
    if (state.phase === "done") resetAttempt();
    setPhase("starting");
    if (recording.supported && ui.recordOn.checked) await startRecording();
    if (state.phase !== "starting") return; // a new prompt was picked meanwhile
    state.startedAt = Date.now();
    state.elapsed = 0;
    state.timed = true;
    state.warned = story().target_seconds <= WARN_SECONDS;
    setPhase("running");
    render();
    state.tick = window.setInterval(tick, TICK_MS);
    announce(ui.status, `Timer started: ${spoken(story().target_seconds)}.`);
  }

  function stop() {
    if (state.phase !== "running") return;
    tick();
    stopTicking();
    stopRecording(false);
    setPhase("done");
    const target = story().target_seconds;
    const verdict = state.elapsed > target
      ? `${spoken(state.elapsed - target)} over the target`
      : `within the target of ${spoken(target)}`;
    reveal(false);
    announce(ui.status, `Stopped at ${spoken(state.elapsed)}, ${verdict}. Cue card and score form shown below.`);
  }

  // --- cue card ------------------------------------------------------------------------------

  function reveal(announceIt) {
    const s = story();
    if (!s) return;
    if (state.phase === "running" || state.phase === "ready") state.peeked = true;
    if (!state.revealed) renderCues(s);
    state.revealed = true;
    ui.cues.hidden = false;
    ui.score.hidden = false;
    if (announceIt) {
      // Asked for (button or R): take the reader to the card.
      ui.cuesTitle.focus({ preventScroll: true });
      ui.cues.scrollIntoView({ block: "start" });
      announce(ui.status, "Cue card shown.");
    }
  }

  function renderCues(s) {
    const href = siteRoot + s.url;
    ui.storyLink.replaceChildren("From ", inline(el("a", { href }), s.title), ` (${KIND_LABELS[s.kind] || s.kind})`);
    ui.beats.replaceChildren();
    if (s.cues) {
      for (const [letter, name, key] of BEATS) {
        const dd = el("dd");
        if (key === "action") {
          const list = el("ol");
          for (const step of s.cues.action) list.append(inline(el("li"), step));
          dd.append(list);
        } else {
          inline(dd, s.cues[key]);
        }
        ui.beats.append(el("dt", {}, el("abbr", { title: name }, letter), el("span", { className: "pf-drill-sr" }, ` ${name}`)), dd);
      }
    } else {
      ui.beats.append(el("dd", { className: "pf-drill-note" }, "No cues yet for this story: add ",
        el("code", {}, "cues:"), " to its front matter."));
    }
    ui.numbers.replaceChildren(...(s.numbers.length
      ? s.numbers.map((n) => el("li", {}, el("strong", {}, n.headline), " ", inline(el("span"), n.label)))
      : [el("li", { className: "pf-drill-note" }, "No numbers yet: add metrics: to the story.")]));
    ui.followUps.replaceChildren(...(s.follow_ups.length
      ? s.follow_ups.map((f) => {
        const summary = el("summary", {}, inline(el("span", { className: "pf-drill-q" }), f.question), " ",
          el("span", { className: "pf-drill-chip" }, f.group));
        return el("details", { className: "pf-drill-followup" }, summary, block(el("div", { className: "pf-drill-answer" }), f.answer));
      })
      : [el("p", { className: "pf-drill-note" }, "No follow-ups written for this story yet.")]));
  }

  // --- self-score ----------------------------------------------------------------------------

  function buildRubric() {
    const s = story();
    ui.rubric.replaceChildren();
    ui.scoreForm.reset();
    ui.saveButton.textContent = "Save score";
    ui.saveStatus.textContent = "";
    if (!s) return;
    s.competencies.forEach((name, i) => {
      const rubric = (data.rubric || {})[name] || {};
      const describedBy = `pf-drill-listen-${i}`;
      const options = LEVELS.map((level) => el("label", { className: "pf-drill-option" },
        el("input", { type: "radio", name: `pf-c-${i}`, value: level }),
        " ", el("strong", {}, LEVEL_LABELS[level]), " ",
        el("span", {}, rubric[level] || "")));
      ui.rubric.append(el("fieldset", { className: "pf-drill-group", "data-competency": name, "aria-describedby": describedBy },
        el("legend", {}, name),
        el("p", { className: "pf-drill-listen", id: describedBy }, rubric.listen_for ? `Listen for: ${rubric.listen_for}` : ""),
        el("div", { className: "pf-drill-options" }, ...options)));
    });
  }

  function collectScore() {
    const scores = {};
    for (const group of ui.rubric.querySelectorAll(".pf-drill-group")) {
      const checked = group.querySelector("input:checked");
      if (checked) scores[group.dataset.competency] = checked.value;
    }
    const overall = ui.scoreForm.querySelector('input[name="pf-overall"]:checked');
    return { scores, overall: overall ? Number(overall.value) : null, note: ui.note.value.trim() };
  }

  function saveScore(event) {
    event.preventDefault();
    const s = story();
    if (!s) return;
    const { scores, overall, note } = collectScore();
    if (!Object.keys(scores).length && overall === null) {
      announce(ui.saveStatus, "Choose weak, solid or strong for at least one competency, or an overall score.");
      return;
    }
    const attempts = history.load();
    const attempt = {
      id: state.attemptId || `${Date.now().toString(36)}-${randomIndex(1e6).toString(36)}`,
      at: new Date().toISOString(),
      prompt: state.prompt.id,
      story: s.slug,
      seconds: state.timed ? Math.round(state.elapsed) : null,
      target: s.target_seconds,
      scores,
      overall,
      note,
      peeked: state.peeked,
    };
    const existing = attempts.findIndex((a) => a.id === attempt.id);
    if (existing >= 0) attempts[existing] = attempt; else attempts.push(attempt);
    const kept = history.save(attempts);
    state.attemptId = attempt.id;
    ui.saveButton.textContent = "Update score";
    renderProgress();
    const count = history.load().filter((a) => a.story === s.slug).length;
    announce(ui.saveStatus, kept
      ? `Saved: ${count} attempt${count === 1 ? "" : "s"} at this story.`
      : "Scored, but this browser would not keep it: it lasts until you leave the page.");
  }

  function scoreFocused(level) {
    if (ui.score.hidden) return false;
    const active = document.activeElement;
    let group = active && active.closest ? active.closest("#pf-drill-score fieldset") : null;
    if (!group) {
      const groups = Array.from(ui.rubric.querySelectorAll(".pf-drill-group"));
      group = groups.find((g) => !g.querySelector("input:checked")) || groups[0];
    }
    if (!group) return false;
    const index = Number(level) - 1;
    const isOverall = group.classList.contains("pf-drill-overall");
    const value = isOverall ? String(level) : LEVELS[index];
    const input = value ? group.querySelector(`input[value="${value}"]`) : null;
    if (!input) return false;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
    return true;
  }

  // --- progress table ------------------------------------------------------------------------

  function scoreSummary(attempt) {
    const parts = [];
    if (attempt.overall) parts.push(`${attempt.overall}/4`);
    const values = Object.values(attempt.scores || {});
    const counts = LEVELS.slice().reverse()
      .map((level) => [level, values.filter((v) => v === level).length])
      .filter(([, n]) => n > 0)
      .map(([level, n]) => `${n} ${level}`);
    if (counts.length) parts.push(counts.join(", "));
    return parts.join(" · ") || "—";
  }

  function renderProgress() {
    const attempts = history.load();
    ui.progress.replaceChildren();
    for (const s of Object.values(stories)) {
      const mine = attempts.filter((a) => a.story === s.slug);
      const last = mine[mine.length - 1];
      const times = mine.map((a) => a.seconds).filter((t) => typeof t === "number");
      const best = times.length ? Math.min(...times) : null;
      const bestCell = best === null ? "—" : `${clock(best)}${best > s.target_seconds ? " (over)" : ""}`;
      ui.progress.append(el("tr", { "data-story": s.slug, className: mine.length ? null : "pf-drill-untried" },
        el("th", { scope: "row" }, inline(el("a", { href: siteRoot + s.url }), s.title)),
        el("td", { "data-label": "Attempts" }, String(mine.length)),
        el("td", { "data-label": "Last score" }, last ? scoreSummary(last) : "—"),
        el("td", { "data-label": "Best time" }, bestCell)));
    }
  }

  function clearHistory() {
    const n = history.load().length;
    if (!n) { announce(ui.progressStatus, "There is no history to clear."); return; }
    if (!window.confirm(`Delete all ${n} saved attempt${n === 1 ? "" : "s"} from this browser? This cannot be undone.`)) return;
    history.clear();
    state.attemptId = null;
    ui.saveButton.textContent = "Save score";
    renderProgress();
    announce(ui.progressStatus, "History cleared.");
  }

  // --- microphone (optional; in memory only) -------------------------------------------------

  const recording = {
    supported: Boolean(window.isSecureContext && navigator.mediaDevices
      && typeof navigator.mediaDevices.getUserMedia === "function" && typeof window.MediaRecorder === "function"),
    stream: null,
    recorder: null,
    chunks: [],
    url: null,
    discard: false,
  };

  function setupRecording() {
    if (!recording.supported) {
      ui.recordLabel.hidden = true;
      ui.recordOn.disabled = true;
      ui.recordNote.textContent = "Recording is not available in this browser (it needs microphone access "
        + "and a secure page); the drill works without it.";
      return;
    }
    ui.recordLabel.hidden = false;
    ui.recordNote.textContent = "Optional. The recording plays back here only: it is never uploaded or saved, "
      + "and it is gone when you pick a new prompt or leave the page.";
    window.addEventListener("pagehide", () => { stopRecording(true); clearAudio(); });
  }

  function stopTracks() {
    if (recording.stream) for (const track of recording.stream.getTracks()) track.stop();
    recording.stream = null;
  }

  async function startRecording() {
    try {
      recording.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      ui.recordNote.textContent = `The microphone is not available (${error && error.name ? error.name : "refused"}): `
        + "timing this attempt without a recording.";
      return;
    }
    if (state.phase !== "starting") { stopTracks(); return; }
    try {
      recording.chunks = [];
      recording.discard = false;
      const recorder = new MediaRecorder(recording.stream);
      recorder.addEventListener("dataavailable", (event) => {
        if (event.data && event.data.size) recording.chunks.push(event.data);
      });
      recorder.addEventListener("stop", () => {
        stopTracks();
        if (recording.discard || !recording.chunks.length) { recording.chunks = []; return; }
        const blob = new Blob(recording.chunks, { type: recorder.mimeType || "audio/webm" });
        recording.chunks = [];
        clearAudio();
        recording.url = URL.createObjectURL(blob);
        ui.audio.src = recording.url;
        ui.audio.hidden = false;
        ui.recordNote.textContent = "Your recording (kept in this page only):";
      });
      recording.recorder = recorder;
      recorder.start();
    } catch (error) {
      stopTracks();
      ui.recordNote.textContent = "Recording could not start in this browser: timing this attempt without it.";
    }
  }

  function stopRecording(discard) {
    const recorder = recording.recorder;
    recording.recorder = null;
    if (recorder && recorder.state !== "inactive") {
      recording.discard = discard;
      recorder.stop();
    } else {
      stopTracks();
    }
  }

  function clearAudio() {
    if (recording.url) URL.revokeObjectURL(recording.url);
    recording.url = null;
    ui.audio.removeAttribute("src");
    ui.audio.hidden = true;
    if (recording.supported && !recording.recorder) {
      ui.recordNote.textContent = "Optional. The recording plays back here only: it is never uploaded or saved, "
        + "and it is gone when you pick a new prompt or leave the page.";
    }
  }

  // --- keyboard ------------------------------------------------------------------------------

  function isTyping(target) {
    if (!target || !(target instanceof Element)) return false;
    if (target.isContentEditable) return true;
    const tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    if (tag !== "INPUT") return false;
    return !["radio", "checkbox", "button", "submit", "reset", "range", "color", "file"].includes(target.type);
  }

  function activatesOnSpace(target) {
    if (!target || !(target instanceof Element)) return false;
    return Boolean(target.closest("button, a[href], summary, input, [role='button'], audio, video"));
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (isTyping(event.target)) return;
    // Material's search dialog is open: its own keys win.
    const search = $("__search");
    if (search && search.checked) return;
    let handled = false;
    switch (event.key) {
      case "n": case "N":
        newPrompt(); handled = true; break;
      case " ": case "Spacebar":
        if (activatesOnSpace(event.target) || !state.prompt) return;
        start(); handled = true; break;
      case "r": case "R":
        if (!state.prompt) return;
        reveal(true); handled = true; break;
      case "1": case "2": case "3": case "4":
        handled = scoreFocused(event.key); break;
      default:
        return;
    }
    if (handled) {
      // Keep Material's own shortcuts (N = next page) from acting on the same key.
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // --- wiring --------------------------------------------------------------------------------

  fillFilters();
  updateCount();
  setupRecording();
  if (!history.available) ui.storageNote.hidden = false;
  renderProgress();
  setPhase("empty");
  ui.time.textContent = "0:00";
  ui.elapsed.textContent = "";

  ui.newButton.addEventListener("click", newPrompt);
  ui.startButton.addEventListener("click", start);
  ui.revealButton.addEventListener("click", () => reveal(true));
  ui.scoreForm.addEventListener("submit", saveScore);
  ui.scoreForm.addEventListener("change", () => {
    if (state.attemptId) ui.saveStatus.textContent = "Changed since saved: press Update score to keep it.";
  });
  ui.clearButton.addEventListener("click", clearHistory);
  window.addEventListener("keydown", onKey, true);
  root.dataset.ready = "true";
})();
