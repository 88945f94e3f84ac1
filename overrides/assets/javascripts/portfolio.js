/* Portfolio: small screen enhancements on top of Material. No dependencies, nothing fetched.
 *
 * 1. Tables: the phone layout (one card per row, labels on the left) needs no script: the build
 *    marks the tables and cells (rendering/table_layout.py) and portfolio.css stacks them. A table
 *    that still scrolls sideways is marked here (.pf-scrolls: shadow and "scroll" hint) and made
 *    reachable by keyboard (tabindex, role=region with a name).
 * 2. Diagrams (figure.pf-diagram): an "Enlarge diagram" button and a click on the image open the
 *    diagram in a full-screen dialog at its natural size or larger, scrollable in both
 *    directions, with zoom buttons; Escape, Close or a click on the backdrop closes it.
 *
 * Everything here is an enhancement: without JavaScript the tables still stack on a phone and
 * the diagrams stay inline.
 */
(function () {
  "use strict";

  var SCROLL_SLACK = 1; // px of rounding tolerated before a box counts as scrolling

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  /* --- tables ------------------------------------------------------------------------- */

  // A scroll box that actually scrolls must be reachable and named for keyboard and screen
  // reader users (axe: scrollable-region-focusable); one that fits must not be a tab stop.
  function markScrolling(box, scrolls) {
    if (scrolls === box.classList.contains("pf-scrolls")) return;
    box.classList.toggle("pf-scrolls", scrolls);
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var caption = box.querySelector("caption");
      box.setAttribute("aria-label", (caption ? text(caption) + ": " : "") + "table, scrolls sideways");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  // Every size is read before any box is marked: a mark changes the layout, and a read after it
  // would force the browser to lay the page out again, once per table.
  function markAll(boxes) {
    var scrolls = boxes.map(function (box) { return box.scrollWidth > box.clientWidth + SCROLL_SLACK; });
    boxes.forEach(function (box, i) { markScrolling(box, scrolls[i]); });
  }

  var resizeObserver = "ResizeObserver" in window
    ? new ResizeObserver(function (entries) {
        markAll(entries.map(function (entry) { return entry.target; }));
      })
    : null;

  // The phone layout (cards, labels) is in the HTML already (rendering/table_layout.py); what
  // is left is the boxes Material wraps tables in, which scroll or not depending on the screen.
  function initTables(root) {
    var boxes = [];
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.dataset.pfWatched) return;
      box.dataset.pfWatched = "1";
      boxes.push(box);
      // The observer reports every box once after the next layout, so reading its size then
      // forces no extra layout.
      if (resizeObserver) resizeObserver.observe(box);
    });
    if (!resizeObserver) markAll(boxes);
  }

  /* --- diagrams ----------------------------------------------------------------------- */

  var dialog = null;
  var opener = null;

  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "pf-lightbox";
    dialog.setAttribute("aria-labelledby", "pf-lightbox-title");
    dialog.innerHTML =
      '<div class="pf-lightbox__bar">' +
      '<p class="pf-lightbox__title" id="pf-lightbox-title"></p>' +
      '<button type="button" class="pf-lightbox__button" data-zoom="out" aria-label="Zoom out">\u2212</button>' +
      '<button type="button" class="pf-lightbox__button" data-zoom="in" aria-label="Zoom in">+</button>' +
      '<button type="button" class="pf-lightbox__button pf-lightbox__close">Close</button>' +
      "</div>" +
      '<div class="pf-lightbox__scroll" tabindex="0" role="region" aria-label="Diagram, scrollable"></div>';
    dialog.querySelector(".pf-lightbox__close").addEventListener("click", function () { dialog.close(); });
    dialog.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        zoom(button.getAttribute("data-zoom") === "in" ? 1.25 : 0.8);
      });
    });
    // A click on the backdrop (the dialog box itself, outside the bar and the image) closes.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("pf-lightbox-open");
      dialog.querySelector(".pf-lightbox__scroll").textContent = "";
      if (opener) opener.focus();
      opener = null;
    });
    document.body.appendChild(dialog);
  }

  // Scale of the open diagram relative to its own (natural) size; the buttons step by 1.25.
  var MIN_SCALE = 0.25;
  var MAX_SCALE = 4;
  var scale = 1;

  function zoom(factor) {
    var img = dialog.querySelector(".pf-lightbox__scroll img");
    if (!img || !img.naturalWidth) return;
    scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
    img.style.width = Math.round(img.naturalWidth * scale) + "px";
    dialog.querySelector('[data-zoom="out"]').disabled = scale <= MIN_SCALE + 1e-6;
    dialog.querySelector('[data-zoom="in"]').disabled = scale >= MAX_SCALE - 1e-6;
  }

  function openDiagram(figure, trigger) {
    var source = figure.querySelector("img");
    if (!source) return;
    if (!dialog) buildDialog();
    if (typeof dialog.showModal !== "function") {
      window.location.href = source.currentSrc || source.src; // very old browsers: the file itself
      return;
    }
    var caption = figure.querySelector("figcaption");
    dialog.querySelector(".pf-lightbox__title").textContent = caption ? text(caption) : "Diagram";
    var img = document.createElement("img");
    img.src = source.currentSrc || source.src;
    img.alt = source.alt;
    img.className = "pf-lightbox__image";
    var area = dialog.querySelector(".pf-lightbox__scroll");
    area.textContent = "";
    area.appendChild(img);
    // At least the drawing's own size (the page scales it down to the column: on a phone to
    // less than half, 5 px labels, so a phone pans across it), and as wide as the screen allows
    // up to twice that (a desktop shows it larger than the column did).
    var fit = function () {
      var natural = img.naturalWidth;
      if (!natural) return;
      var room = document.documentElement.clientWidth - 32;
      scale = Math.max(1, Math.min(room / natural, 2));
      zoom(1);
    };
    if (img.complete) fit();
    else img.addEventListener("load", fit, { once: true });
    opener = trigger;
    document.documentElement.classList.add("pf-lightbox-open");
    dialog.showModal();
    dialog.querySelector(".pf-lightbox__close").focus();
  }

  function initDiagrams(root) {
    root.querySelectorAll("figure.pf-diagram").forEach(function (figure) {
      if (figure.dataset.pfZoom || !figure.querySelector("img")) return;
      figure.dataset.pfZoom = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pf-zoom";
      button.textContent = "Enlarge diagram";
      var caption = figure.querySelector("figcaption");
      button.addEventListener("click", function () { openDiagram(figure, button); });
      figure.querySelector("img").addEventListener("click", function () { openDiagram(figure, button); });
      figure.insertBefore(button, caption || null);
    });
  }

  function init() {
    initTables(document);
    initDiagrams(document);
  }

  // Material re-renders the page on instant navigation and announces it on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
