/* Event briefs: citation previews, folded lists opened for print, sentence highlight, and search.
   Search reads the scripts under search/ (written by generator/site.py) through
   <script> tags, so it works over file:// as well as when served. Results are
   built with textContent only: indexed text is never parsed as HTML. */
(function () {
  "use strict";

  var doc = document;
  var base = (doc.body.getAttribute("data-base-url") || ".").replace(/\/$/, "");

  /* ---- citation previews ------------------------------------------------------
     Hover and keyboard focus show a preview with CSS alone. Script then places it
     just under its marker (or above, where there is no room below), so the pointer
     can move onto it and keyboard focus never opens it off-screen. A tap opens the
     preview first; a second tap on the same marker follows the link. Escape
     dismisses an open preview, hovered or focused. */
  var lastPointer = "mouse";
  doc.addEventListener("pointerdown", function (ev) { lastPointer = ev.pointerType || "mouse"; }, true);

  function closeCites(except) {
    var open = doc.querySelectorAll(".cite.open");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) open[i].classList.remove("open");
    }
  }

  var GAP = 4; /* px between marker and preview; .cite-pop::before bridges it for the pointer */

  /* Put a shown preview next to its marker, below if it fits, else above if that fits,
     else below; focus scrolls it into view. */
  function place(cite, scroll) {
    var link = cite.querySelector(".cite-link");
    var pop = cite.querySelector(".cite-pop");
    var box = pop && pop.offsetParent;
    if (!link || !box) return; /* not shown */
    var chip = link.getBoundingClientRect();
    var top = box.getBoundingClientRect().top + box.clientTop;
    var height = pop.offsetHeight;
    var room = doc.documentElement.clientHeight;
    var above = chip.bottom + GAP + height > room && chip.top - GAP - height >= 0;
    pop.classList.toggle("above", above);
    pop.style.top = (above ? chip.top - GAP - height : chip.bottom + GAP) - top + "px";
    if (scroll) {
      var r = pop.getBoundingClientRect();
      if (r.bottom > room || r.top < 0) pop.scrollIntoView({ block: "nearest" });
    }
  }

  doc.addEventListener("mouseover", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    if (cite && !cite.contains(ev.relatedTarget) && !ev.target.closest(".cite-pop")) place(cite, false);
  });
  doc.addEventListener("focusin", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    if (cite) place(cite, ev.target.matches(":focus-visible")); /* not on a click: no scrolling under the pointer */
  });

  doc.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest(".cite-link") : null;
    var cite = link ? link.closest(".cite") : null;
    if (cite && lastPointer !== "mouse" && !cite.classList.contains("open")) {
      ev.preventDefault();
      closeCites(cite);
      cite.classList.remove("dismissed");
      cite.classList.add("open");
      place(cite, true);
      return;
    }
    closeCites(cite);
  });

  doc.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var shown = doc.querySelectorAll(".cite:hover, .cite:focus-within, .cite.open");
    for (var i = 0; i < shown.length; i++) shown[i].classList.add("dismissed");
    closeCites(null);
  });
  doc.addEventListener("focusout", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite") : null;
    if (cite && !cite.matches(":hover")) cite.classList.remove("dismissed", "open");
  });
  doc.addEventListener("mouseout", function (ev) {
    var cite = ev.target.closest ? ev.target.closest(".cite.dismissed") : null;
    if (cite && !cite.contains(ev.relatedTarget) && !cite.contains(doc.activeElement)) cite.classList.remove("dismissed");
  });

  /* ---- print: folded lists print whole --------------------------------------
     print.css hides the summaries; the folded items themselves only print when
     their <details> is open, so open them for printing and close them again after. */
  var printOpened = [];
  window.addEventListener("beforeprint", function () {
    var closed = doc.querySelectorAll("details.more:not([open])");
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true;
      printOpened.push(closed[i]);
    }
  });
  window.addEventListener("afterprint", function () {
    printOpened.forEach(function (d) { d.open = false; });
    printOpened = [];
  });

  /* ---- a sentence split over two paragraphs: highlight both parts ------------- */
  function markTarget() {
    var old = doc.querySelectorAll(".target-cont");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("target-cont");
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var ids = [id];
    var run = doc.getElementById(id);
    /* a citation of a quotation that runs over several sentences links to their run: mark each */
    if (run && run.classList.contains("sentence-run")) {
      ids = [];
      var last = parseInt(run.getAttribute("data-through"), 10);
      for (var n = parseInt(run.getAttribute("data-from"), 10); n <= last; n++) ids.push("s" + n);
      ids.forEach(function (s) { var e = doc.getElementById(s); if (e) e.classList.add("target-cont"); });
    }
    var parts = doc.querySelectorAll("[data-continues]");
    for (var j = 0; j < parts.length; j++) {
      if (ids.indexOf(parts[j].getAttribute("data-continues")) >= 0) parts[j].classList.add("target-cont");
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

  /* The search data is split (see generator/site.py): pages.js lists the pages;
     t/<n>.js maps terms to pages, sharded by a hash of a term's first two
     letters; p/<n>.js holds one page's statements with their anchors. A query
     loads the page list, the shards of its terms and the texts of the pages it
     shows, never the whole index. */
  var store = window.briefSearch = window.briefSearch || {};
  var meta = null;
  var MAX_RESULTS = 10;
  var pending = {};

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Load search/<path>.js once; then(ok) when it ran or failed. */
  function need(path, key, then) {
    if (store[key] !== undefined) return then(true);
    if (pending[key]) { pending[key].push(then); return; }
    pending[key] = [then];
    var script = doc.createElement("script");
    script.src = base + "/search/" + path + ".js";
    function done(ok) {
      var waiting = pending[key];
      delete pending[key];
      waiting.forEach(function (f) { f(ok); });
    }
    script.onload = function () { done(store[key] !== undefined); };
    script.onerror = function () { done(false); };
    doc.head.appendChild(script);
  }

  function needAll(list, then) {
    var left = list.length, ok = true;
    if (!left) return then(true);
    list.forEach(function (item) {
      need(item[0], item[1], function (loaded) {
        ok = ok && loaded;
        if (--left === 0) then(ok);
      });
    });
  }

  function load(then) {
    need("pages", "pages", function (ok) {
      if (!ok) { showMessage("Search is not available on this copy of the site."); return; }
      if (!meta) {
        meta = store.pages;
        meta.titles = meta.pages.map(function (p) { return fold(p[1] || ""); });
      }
      then();
    });
  }

  function terms(query) {
    var seen = {};
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (t) {
      if (t.length < 2 || seen[t]) return false;
      seen[t] = true;
      return true;
    }).map(function (t) { return t.slice(0, 40); });
  }

  function shardOf(term) {
    var b = term.length > 1 ? term.charCodeAt(1) : 0;
    return (term.charCodeAt(0) * 31 + b) % meta.shards;
  }

  /* Pages that use a word starting with the term: {page number: 2 if a word equals it, else 1}. */
  function pagesWith(term) {
    var shard = store["t" + shardOf(term)] || {}, found = {};
    for (var word in shard) {
      if (word.lastIndexOf(term, 0) !== 0) continue;
      var ids = shard[word], id = 0, weight = word === term ? 2 : 1;
      for (var i = 0; i < ids.length; i++) {
        id += ids[i];
        if ((found[id] || 0) < weight) found[id] = weight;
      }
    }
    return found;
  }

  function find(ts) {
    var sets = ts.map(pagesWith);
    var hits = [];
    for (var id in sets[0]) {
      var score = 0, ok = true;
      for (var j = 0; j < ts.length; j++) {
        var w = sets[j][id];
        if (!w) { ok = false; break; }
        score += w + (meta.titles[id].indexOf(ts[j]) >= 0 ? 10 : 0);
      }
      if (!ok) continue;
      var page = meta.pages[id];
      if (page[2] === "b") score += 3;
      hits.push({ id: +id, page: page, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || (a.page[1] < b.page[1] ? -1 : 1); });
    return hits.slice(0, MAX_RESULTS);
  }

  /* The statement of a page that best matches: the anchor to link and a snippet around the match. */
  function statement(hit, ts) {
    var best = null, bestCount = 0, at = -1;
    (store["p" + hit.id] || []).forEach(function (seg) {
      if (bestCount === ts.length) return;
      var folded = fold(seg[1]), count = 0, first = -1;
      ts.forEach(function (t) {
        var i = folded.indexOf(t);
        if (i >= 0) { count++; if (first < 0 || i < first) first = i; }
      });
      if (count > bestCount) { best = seg; bestCount = count; at = first; }
    });
    if (!best) return { anchor: "", snip: "" };
    var start = Math.max(0, at - 60), text = best[1];
    var snip = (start > 0 ? "…" : "") + text.slice(start, start + 160) + (start + 160 < text.length ? "…" : "");
    return { anchor: best[0], snip: snip };
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

  /* Fill node with text, the words that start with one of the terms marked: text
     nodes and <mark> elements only. */
  function marked(node, text, ts) {
    var folded = "", at = [], i = 0;
    for (var ch of text) { /* folded position -> position in text */
      var f = fold(ch);
      for (var k = 0; k < f.length; k++) at.push(i);
      folded += f;
      i += ch.length;
    }
    at.push(text.length);
    var spans = [];
    ts.forEach(function (t) {
      for (var j = folded.indexOf(t); j >= 0; j = folded.indexOf(t, j + 1)) {
        if (j === 0 || !/[\p{L}\p{N}]/u.test(folded[j - 1])) spans.push([at[j], at[j + t.length]]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var from = 0;
    spans.forEach(function (sp) {
      if (sp[1] <= from) return;
      var start = Math.max(sp[0], from);
      if (start > from) node.appendChild(doc.createTextNode(text.slice(from, start)));
      var m = doc.createElement("mark");
      m.textContent = text.slice(start, sp[1]);
      node.appendChild(m);
      from = sp[1];
    });
    if (from < text.length) node.appendChild(doc.createTextNode(text.slice(from)));
    return node;
  }

  var shown = null;
  var asked = 0;

  function render(query, after) {
    shown = query;
    var ticket = ++asked;
    if (!query.trim()) {
      panel.hidden = true;
      clear(panel);
      if (status) status.textContent = "";  // no stale "Nothing found" announced on the empty box
      return;
    }
    var ts = terms(query);
    if (!ts.length) { showMessage("Type at least two letters."); return; }
    var shards = {};
    ts.forEach(function (t) { var k = shardOf(t); shards[k] = ["t/" + k, "t" + k]; });
    needAll(Object.keys(shards).map(function (k) { return shards[k]; }), function () {
      if (ticket !== asked) return;
      var hits = find(ts);
      if (!hits.length) { showMessage("Nothing found for “" + query.trim() + "”."); return; }
      needAll(hits.map(function (h) { return ["p/" + h.id, "p" + h.id]; }), function () {
        if (ticket !== asked) return;
        show(hits, ts);
        if (after) after();
      });
    });
  }

  function show(hits, ts) {
    clear(panel);
    var list = doc.createElement("ol");
    hits.forEach(function (h) {
      var page = h.page, where = statement(h, ts);
      var a = doc.createElement("a");
      a.href = base + "/" + page[0] + (where.anchor ? "#" + encodeURIComponent(where.anchor) : "");
      a.appendChild(el("span", "r-title", page[1] || page[0]));
      var event = page[3] >= 0 ? meta.pages[page[3]][1] : "";
      var kind = page[2] === "b" ? "Brief" : page[2] === "s" ? "Report" + (event ? " · " + event : "") : "Page";
      a.appendChild(el("span", "r-kind", kind));
      a.appendChild(marked(el("span", "r-snip", ""), where.snip, ts));
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
  var refocusing = false; /* Escape moves focus back to the box: that must not reopen the results */
  input.addEventListener("focus", function () {
    if (!refocusing) load(function () { if (input.value) render(input.value); });
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    load(function () {
      render(input.value, function () {
        var first = panel.querySelector("a");
        if (first) first.click();
      });
    });
  });

  form.addEventListener("keydown", function (ev) {
    if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && meta) {
      clearTimeout(timer);
      if (shown !== input.value) render(input.value);
      else if (panel.firstChild) panel.hidden = false;
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
      refocusing = true;
      input.focus();
      refocusing = false;
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
