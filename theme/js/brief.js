/* Event briefs: citation previews on touch, sentence highlight, and search.
   Search reads search/search_index.js (written by generator/site.py) through a
   <script> tag, so it works over file:// as well as when served. Results are
   built with textContent only: indexed text is never parsed as HTML. */
(function () {
  "use strict";

  var doc = document;
  var base = (doc.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");

  /* ---- citation previews ------------------------------------------------------
     Hover and keyboard focus show a preview with CSS alone. A tap opens the
     preview first; a second tap on the same marker follows the link. Escape
     dismisses an open preview. */
  var lastPointer = "mouse";
  doc.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType || "mouse"; }, true);

  function closeCites(except) {
    var open = doc.querySelectorAll(".cite.open");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) open[i].classList.remove("open");
    }
  }

  doc.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest(".cite-link") : null;
    var cite = link ? link.closest(".cite") : null;
    if (cite && lastPointer !== "mouse" && !cite.classList.contains("open")) {
      ev.preventDefault();
      closeCites(cite);
      cite.classList.remove("dismissed");
      cite.classList.add("open");
      return;
    }
    closeCites(cite);
  });

  doc.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var cite = doc.activeElement && doc.activeElement.closest ? doc.activeElement.closest(".cite") : null;
    if (cite) cite.classList.add("dismissed");
    closeCites(null);
  });
  doc.addEventListener("focusout", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    if (cite) cite.classList.remove("dismissed", "open");
  });
  doc.addEventListener("mouseout", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite.dismissed") : null;
    if (cite && !cite.contains(ev.relatedTarget)) cite.classList.remove("dismissed");
  });

  /* ---- a sentence split over two paragraphs: highlight both parts ------------- */
  function markTarget() {
    var old = doc.querySelectorAll(".target-cont");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target-cont");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var parts = doc.querySelectorAll("[data-continues]");
    for (var j = 0; j < parts.length; j++) {
      if (parts[j].getAttribute("data-continues") === id) parts[j].classList.add("target-cont");
    }
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();

  /* ---- search ----------------------------------------------------------------- */
  var form = doc.getElementById("search");
  var input = doc.getElementById("search-input");
  var panel = doc.getElementById("search-results");
  var status = doc.getElementById("search-status");
  if (!form || !input || !panel) return;
  form.hidden = false;

  var docs = null;
  var loading = false;
  var MAX_RESULTS = 20;

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function prepare(index) {
    return (index.docs || []).map(function (d) {
      var text = d.x || "";
      return { l: d.l, t: d.t || d.l, k: d.k, e: d.e || "", x: text,
               tl: fold(d.t || ""), xl: text.toLowerCase(), xf: null };
    });
  }

  function load(then) {
    if (docs) return then();
    if (window.briefSearchIndex) { docs = prepare(window.briefSearchIndex); return then(); }
    if (loading) return;
    loading = true;
    var script = doc.createElement("script");
    script.src = base + "/search/search_index.js";
    script.onload = function () {
      loading = false;
      docs = prepare(window.briefSearchIndex || { docs: [] });
      then();
    };
    script.onerror = function () {
      loading = false;
      showMessage("Search is not available on this copy of the site.");
    };
    doc.head.appendChild(script);
  }

  function terms(query) {
    return fold(query).split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function find(query) {
    var ts = terms(query);
    if (!ts.length || ts.join("").length < 2) return [];
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var d = docs[i], score = 0, first = -1, ok = true;
      for (var j = 0; j < ts.length && ok; j++) {
        var t = ts[j];
        var inTitle = d.tl.indexOf(t) >= 0;
        var at = d.xl.indexOf(t);
        if (at < 0) {
          if (d.xf === null) d.xf = fold(d.x);
          if (d.xf.indexOf(t) >= 0) at = 0;
        }
        if (!inTitle && at < 0) { ok = false; break; }
        score += (inTitle ? 10 : 0) + (at >= 0 ? 1 : 0);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      }
      if (!ok) continue;
      if (d.k === "brief") score += 3;
      hits.push({ d: d, score: score, at: first });
    }
    hits.sort(function (a, b) { return b.score - a.score || (a.d.t < b.d.t ? -1 : 1); });
    return hits.slice(0, MAX_RESULTS);
  }

  function snippet(d, at) {
    if (at < 0) return d.x.slice(0, 140);
    var start = Math.max(0, at - 60);
    var s = d.x.slice(start, start + 160);
    return (start > 0 ? "…" : "") + s + (start + 160 < d.x.length ? "…" : "");
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function showMessage(text) {
    clear(panel);
    var p = doc.createElement("p");
    p.className = "r-none";
    p.textContent = text;
    panel.appendChild(p);
    panel.hidden = false;
    if (status) status.textContent = text;
  }

  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    node.className = cls;
    node.textContent = text;
    return node;
  }

  var shown = null;

  function render(query) {
    shown = query;
    if (!query.trim()) { panel.hidden = true; clear(panel); return; }
    var hits = find(query);
    if (!hits.length) { showMessage("Nothing found for “" + query.trim() + "”."); return; }
    clear(panel);
    var list = doc.createElement("ol");
    hits.forEach(function (h) {
      var a = doc.createElement("a");
      a.href = base + "/" + h.d.l;
      a.appendChild(el("span", "r-title", h.d.t));
      var kind = h.d.k === "brief" ? "Brief" : h.d.k === "source" ? "Report" + (h.d.e ? " · " + h.d.e : "") : "Page";
      a.appendChild(el("span", "r-kind", kind));
      a.appendChild(el("span", "r-snip", snippet(h.d, h.at)));
      var li = doc.createElement("li");
      li.appendChild(a);
      list.appendChild(li);
    });
    panel.appendChild(list);
    panel.hidden = false;
    if (status) status.textContent = hits.length + (hits.length === 1 ? " result" : " results");
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value;
    timer = setTimeout(function () {
      load(function () { if (input.value !== shown) render(input.value); });
    }, q.length > 2 ? 60 : 150);
  });
  input.addEventListener("focus", function () { load(function () { if (input.value) render(input.value); }); });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    load(function () {
      render(input.value);
      var first = panel.querySelector("a");
      if (first) first.click();
    });
  });

  form.addEventListener("keydown", function (ev) {
    if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && docs) {
      clearTimeout(timer);
      if (shown !== input.value) render(input.value);
    }
    var links = Array.prototype.slice.call(panel.querySelectorAll("a"));
    var i = links.indexOf(doc.activeElement);
    if (ev.key === "ArrowDown" && links.length) {
      ev.preventDefault();
      links[Math.min(i + 1, links.length - 1)].focus();
    } else if (ev.key === "ArrowUp" && links.length) {
      ev.preventDefault();
      if (i <= 0) input.focus(); else links[i - 1].focus();
    } else if (ev.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });

  doc.addEventListener("click", function (ev) {
    if (!form.contains(ev.target)) panel.hidden = true;
  });

  doc.addEventListener("keydown", function (ev) {
    var tag = (doc.activeElement && doc.activeElement.tagName) || "";
    if (ev.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag)) {
      ev.preventDefault();
      input.focus();
    }
  });
})();
