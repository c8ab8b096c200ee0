"""The built site in Chromium, served on localhost and opened over file://.

The tests build their own small site from inline briefs (tests/conftest.py), so
they do not depend on the pipeline; one more test builds the real content/.
Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_small_site(root: Path, *briefs: Any) -> Path:
    """Render briefs and build them with our mkdocs.yml into ``root/site``."""
    from generator.render import EventSummary, render_event, render_home
    from generator.site import build_site

    docs = root / "docs"
    for brief in briefs:
        render_event(brief, docs)
        (docs / brief.event.id / "brief.json").write_text(json.dumps({"schema": 1}), encoding="utf-8")
    render_home([EventSummary.from_brief(b) for b in briefs], docs)
    build_site(ROOT / "mkdocs.yml", docs, root / "site")
    return root / "site"


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import build_brief

    texts = {
        "alpha": "The harbour bridge reopened on Monday, said Mayor Adaeze Okafor. "
        "Repairs took nine weeks.\n\nThe city paid 4 million for the work. "
        "“We are glad the harbour is open again,” she said.",
        "beta": "Repairs took nine weeks, officials said. The harbour bridge reopened on Monday. "
        "The city paid 5 million for the work.",
        "gamma": "The harbour bridge reopened on Monday. The banner read <script>alert(1)</script> "
        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }} in red! Crowds cheered.",
    }
    other = build_brief(event_id="2024-06-02-ferry-strike", title="Ferry crews strike over rotas")
    return build_small_site(tmp_path_factory.mktemp("browser"), build_brief(texts), other)


def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on localhost in a thread; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(small_site: Path) -> Iterator[str]:
    yield from serve(small_site)


@pytest.fixture(scope="session", params=["served", "file"])
def base_url(request: pytest.FixtureRequest, small_site: Path) -> str:
    """The small site's root URL, over http://127.0.0.1 and over file://."""
    if request.param == "served":
        return str(request.getfixturevalue("served"))
    return small_site.as_uri() + "/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, page errors, dialogs and every request."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

        def dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

    def foreign(self, base: str) -> list[str]:
        """Requests that went anywhere but the site under test."""
        return [u for u in self.requests if not u.startswith(base)]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(**context options) -> Watched; contexts are closed after the test."""
    contexts = []

    def make(**options: Any) -> Watched:
        options.setdefault("viewport", {"width": 1200, "height": 900})
        context = browser.new_context(**options)
        contexts.append(context)
        return Watched(context.new_page())

    yield make
    for c in contexts:
        c.close()


# --- tests ------------------------------------------------------------------------------------

BRIEF = "2024-05-01-harbour-bridge/index.html"
GAMMA = "2024-05-01-harbour-bridge/sources/gamma.html"
ALPHA = "2024-05-01-harbour-bridge/sources/alpha.html"
PAGES = ("index.html", BRIEF, GAMMA, ALPHA)


def test_search_finds_the_brief_by_a_name(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + GAMMA)
    box = w.page.locator("#search-input")
    box.fill("okafor")
    results = w.page.locator("#search-results a")
    sync_api.expect(results.first).to_be_visible()
    titles = results.locator(".r-title").all_inner_texts()
    assert "Harbour bridge reopens after repairs" in titles
    assert "Ferry crews strike over rotas" not in titles
    results.filter(has_text="Harbour bridge reopens after repairs").first.click()
    w.page.wait_for_url("**/" + BRIEF + "#*")
    assert w.page.locator("h1").inner_text() == "Harbour bridge reopens after repairs"
    assert not w.errors and not w.foreign(base_url) and not w.dialogs


def test_search_finds_a_name_in_a_source_text_and_leads_to_its_sentence(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + "index.html")
    w.page.locator("#search-input").fill("crowds cheer")
    result = w.page.locator("#search-results a", has_text="Report · Harbour bridge").first
    sync_api.expect(result).to_be_visible()
    assert "Crowds cheered." in result.inner_text()
    result.click()
    w.page.wait_for_url("**/" + GAMMA + "#s2")
    assert w.page.locator(":target").inner_text() == "Crowds cheered."
    assert not w.errors and not w.foreign(base_url) and not w.dialogs


def test_search_loads_only_part_of_the_index(open_page: Any, served: str) -> None:
    w = open_page()
    w.page.goto(served + "index.html")
    w.page.locator("#search-input").fill("okafor")
    sync_api.expect(w.page.locator("#search-results a").first).to_be_visible()
    loaded = [u for u in w.requests if "/search/" in u]
    assert any(u.endswith("/search/pages.js") for u in loaded)
    texts = [u for u in loaded if "/search/p/" in u]
    assert 0 < len(texts) < 8  # the texts of the pages found, not of every page


def test_quotes_timeline_and_people_are_visible(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + BRIEF)
    quote = w.page.locator("li.quote").first
    sync_api.expect(quote).to_be_visible()
    assert "the harbour is open again" in quote.inner_text()
    assert "Mayor Adaeze Okafor" in quote.locator(".speaker").inner_text()
    day = w.page.locator("h3.day").first
    sync_api.expect(day).to_be_visible()
    assert day.inner_text() == "29 April 2024"
    entry = w.page.locator("li.entry").first
    assert "on Monday" in entry.locator(".date-words").inner_text()
    chip = entry.locator(".cite-link").first
    chip.hover()
    sync_api.expect(w.page.locator("#" + str(chip.get_attribute("aria-describedby")))).to_be_visible()
    people = w.page.locator("li.entity .entity-name").all_inner_texts()
    assert "Adaeze Okafor" in " ".join(people)
    assert not w.errors


def test_search_from_the_keyboard(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + "index.html")
    w.page.keyboard.press("/")
    w.page.keyboard.type("ferry")
    sync_api.expect(w.page.locator("#search-results a").first).to_be_visible()
    w.page.keyboard.press("ArrowDown")
    focused = w.page.evaluate("document.activeElement.querySelector('.r-title').textContent")
    assert focused == "Ferry crews strike over rotas"
    w.page.keyboard.press("Enter")
    w.page.wait_for_url("**/2024-06-02-ferry-strike/index.html")
    assert not w.errors


def test_citation_preview_on_hover_and_focus(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + BRIEF)
    chip = w.page.locator("li.fact .cite-link").first
    pop = w.page.locator("#" + chip.get_attribute("aria-describedby"))
    assert not pop.is_visible()
    chip.hover()
    sync_api.expect(pop).to_be_visible()
    assert "The harbour bridge reopened on Monday, said Mayor Adaeze Okafor." in pop.inner_text()
    assert "Alpha Daily, 2024-05-01" in pop.inner_text()
    w.page.mouse.move(0, 0)
    sync_api.expect(pop).to_be_hidden()
    chip.focus()
    sync_api.expect(pop).to_be_visible()
    w.page.keyboard.press("Escape")
    sync_api.expect(pop).to_be_hidden()
    assert not w.errors


def test_citation_preview_on_tap(open_page: Any, base_url: str) -> None:
    w = open_page(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    w.page.goto(base_url + BRIEF)
    chip = w.page.locator("li.fact .cite-link").nth(1)
    pop = w.page.locator("#" + chip.get_attribute("aria-describedby"))
    chip.tap()
    sync_api.expect(pop).to_be_visible()
    assert w.page.url.endswith(BRIEF)
    assert "Beta Daily" in pop.inner_text()
    chip.tap()
    w.page.wait_for_url("**/sources/beta.html#s1")


def test_citation_preview_can_be_hovered_and_dismissed(open_page: Any, base_url: str) -> None:
    """WCAG 1.4.13: the pointer can move onto the preview, and Escape hides it while hovered."""
    w = open_page(viewport={"width": 375, "height": 740})
    w.page.goto(base_url + BRIEF)
    chip = w.page.locator("li.fact .cite-link").first
    pop = w.page.locator("#" + str(chip.get_attribute("aria-describedby")))
    chip.hover()
    sync_api.expect(pop).to_be_visible()
    c, p = chip.bounding_box(), pop.bounding_box()
    assert c and p
    assert 0 <= p["y"] - (c["y"] + c["height"]) <= 8, (c, p)  # right under the marker
    x = c["x"] + c["width"] / 2
    w.page.mouse.move(x, p["y"] + p["height"] / 2, steps=12)
    sync_api.expect(pop).to_be_visible()
    w.page.keyboard.press("Escape")
    sync_api.expect(pop).to_be_hidden()
    w.page.mouse.move(0, 0)
    chip.hover()
    sync_api.expect(pop).to_be_visible()
    assert not w.errors


def test_citation_preview_opened_by_tab_is_on_screen(open_page: Any, base_url: str) -> None:
    w = open_page(viewport={"width": 375, "height": 400})
    w.page.goto(base_url + BRIEF)
    chips = w.page.locator("a.cite-link[aria-describedby]").count()
    seen = 0
    for _ in range(chips + 40):
        w.page.keyboard.press("Tab")
        box = w.page.evaluate(
            """() => {
              const pop = document.activeElement.closest(".cite")?.querySelector(".cite-pop");
              if (!pop) return null;
              const r = pop.getBoundingClientRect();
              return [r.top, r.bottom, innerHeight, document.documentElement.scrollWidth];
            }"""
        )
        if box is None:
            continue
        seen += 1
        top, bottom, height, width = box
        assert top >= 0 and bottom <= height and width <= 375, box
    assert seen >= chips
    assert not w.errors


def test_following_a_citation_highlights_the_sentence(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + BRIEF)
    w.page.locator('li.fact .cite-link[href$="gamma.html#s0"]').first.click()
    w.page.wait_for_url("**/" + GAMMA + "#s0")
    target = w.page.locator(":target")
    assert target.get_attribute("id") == "s0"
    assert target.inner_text() == "The harbour bridge reopened on Monday."
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    plain = w.page.locator("#s2").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != plain
    assert target.is_visible()
    assert not w.errors and not w.foreign(base_url)


def test_hostile_text_opens_no_dialog_and_shows_literally(open_page: Any, base_url: str) -> None:
    w = open_page()
    for path in PAGES:
        w.page.goto(base_url + path)
        for chip in w.page.locator("a.cite-link").all()[:12]:
            chip.hover()
        assert w.page.locator("img").count() == 0
        assert w.page.locator("script:not([src])").count() == 0
    w.page.goto(base_url + GAMMA)
    text = w.page.locator(".source-text").inner_text()
    assert "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }}" in text
    w.page.locator("#search-input").fill("alert")
    sync_api.expect(w.page.locator("#search-results a").first).to_be_visible()
    assert not w.dialogs and not w.errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_scroll_on_a_phone(open_page: Any, base_url: str, scheme: str) -> None:
    w = open_page(viewport={"width": 375, "height": 740}, color_scheme=scheme)
    for path in PAGES:
        w.page.goto(base_url + path)
        width = w.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width}px wide"
        w.page.locator("li.fact .cite-link").first.hover() if path == BRIEF else None
        assert w.page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not w.errors and not w.foreign(base_url)


def test_keyboard_focus_is_visible(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + BRIEF)
    w.page.keyboard.press("Tab")
    first = w.page.evaluate("document.activeElement.className")
    assert first == "skip-link"
    for _ in range(6):
        w.page.keyboard.press("Tab")
        outline = w.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), w.page.evaluate("document.activeElement.outerHTML")


def test_dark_mode_follows_the_system(open_page: Any, base_url: str) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        w = open_page(color_scheme=scheme)
        w.page.goto(base_url + BRIEF)
        colours[scheme] = w.page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] != colours["dark"]


def test_print_stylesheet_hides_chrome(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + BRIEF)
    w.page.emulate_media(media="print")
    assert not w.page.locator(".site-header").is_visible()
    assert w.page.locator("li.fact").first.is_visible()


@pytest.fixture(scope="session")
def folded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief whose timeline folds statements of one day into <details class="more">,
    with a fact that has added ("also") citations."""
    from conftest import build_brief

    texts = {
        "alpha": " ".join(f"On Monday, crew {i} painted span {i} of the harbour bridge." for i in range(8))
        + " The harbour bridge reopened on Monday.",
        "beta": "The harbour bridge reopened on Monday. Crew 1 painted span 1 of the harbour bridge.",
    }
    cites = [("alpha", 8), ("beta", 0), ("alpha", 1), ("beta", 1)]
    brief = build_brief(texts, facts=(("corroborated", "", cites),))
    fact = brief.facts[0]
    added = tuple(dataclasses.replace(c, added=i >= 2) for i, c in enumerate(fact.citations))
    brief = dataclasses.replace(brief, facts=(dataclasses.replace(fact, citations=added),))
    return build_small_site(tmp_path_factory.mktemp("folded"), brief)


def test_print_shows_folded_lists_whole(open_page: Any, folded_site: Path) -> None:
    w = open_page()
    w.page.goto(folded_site.as_uri() + "/" + BRIEF)
    more = w.page.locator("details.more")
    assert more.count() > 0
    folded = more.locator("li").first
    assert not folded.is_visible()
    w.page.emulate_media(media="print")
    w.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert more.evaluate_all("ds => ds.every(d => d.open)")
    sync_api.expect(folded).to_be_visible()
    assert not more.locator("summary").first.is_visible()
    w.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    w.page.emulate_media(media="screen")
    assert more.evaluate_all("ds => ds.every(d => !d.open)")
    assert not w.errors


def test_print_separates_citation_markers(open_page: Any, folded_site: Path) -> None:
    w = open_page()
    w.page.goto(folded_site.as_uri() + "/" + BRIEF)
    w.page.emulate_media(media="print")
    pairs = w.page.locator(".cite + .cite")
    assert pairs.count() > 0
    assert pairs.first.evaluate("e => parseFloat(getComputedStyle(e).marginLeft)") > 0
    rings = w.page.locator(".cites-also .cite-link").evaluate_all("es => es.map(e => getComputedStyle(e).boxShadow)")
    assert rings and all(r == "none" for r in rings)


def test_search_escape_closes_results_and_arrow_down_reopens(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + "index.html")
    w.page.locator("#search-input").fill("harbour bridge")
    panel = w.page.locator("#search-results")
    sync_api.expect(panel.locator("a").first).to_be_visible()
    marks = panel.locator(".r-snip mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"harbour", "bridge"}, marks
    w.page.keyboard.press("ArrowDown")
    assert w.page.evaluate("document.activeElement.closest('#search-results') !== null")
    w.page.keyboard.press("Escape")
    w.page.wait_for_timeout(300)  # the input's focus handler used to reopen it
    sync_api.expect(panel).to_be_hidden()
    assert w.page.evaluate("document.activeElement.id") == "search-input"
    w.page.keyboard.press("ArrowDown")
    sync_api.expect(panel).to_be_visible()
    assert w.page.evaluate("document.activeElement.closest('#search-results') !== null")
    assert not w.errors


def test_not_found_page_is_styled_anywhere(open_page: Any, base_url: str) -> None:
    w = open_page()
    w.page.goto(base_url + "404.html")
    assert w.page.locator("h1").inner_text() == "Page not found"
    sync_api.expect(w.page.locator("#search")).to_be_visible()  # brief.js ran
    header = w.page.locator(".site-header").evaluate("e => getComputedStyle(e).borderBottomStyle")
    assert header == "solid"  # brief.css applied
    w.page.get_by_role("link", name="the list of events").click()
    w.page.wait_for_url(base_url + "index.html")
    assert not w.errors and not w.foreign(base_url)


def test_screenshots(open_page: Any, served: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for device, viewport in (
        ("desktop", {"width": 1200, "height": 900}),
        ("phone", {"width": 375, "height": 740}),
    ):
        for scheme in ("light", "dark"):
            w = open_page(viewport=viewport, color_scheme=scheme)
            for name, path in (("home", "index.html"), ("brief", BRIEF), ("source", GAMMA + "#s1")):
                w.page.goto(served + path)
                shot = ARTIFACTS / f"{name}-{device}-{scheme}.png"
                w.page.screenshot(path=str(shot), full_page=True, animations="disabled")
            assert not w.errors


def test_real_content_event(open_page: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The first event under content/, built by `brief build` (the pipeline), in the browser."""
    cli = pytest.importorskip("generator.cli")
    content = ROOT / "content"
    events = sorted(p.name for p in content.iterdir() if p.is_dir()) if content.is_dir() else []
    if not events:
        pytest.skip("no content/")
    root = tmp_path_factory.mktemp("real")
    args = ["build", "--content", str(content), "--build-dir", str(root / "build")]
    args += ["--site", str(root / "site"), "--config", str(ROOT / "mkdocs.yml"), "--event", events[0]]
    assert cli.main(args) == 0
    w = open_page(viewport={"width": 375, "height": 740})
    base = (root / "site").as_uri() + "/"
    w.page.goto(base + events[0] + "/index.html")
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 375
    chips = w.page.locator("li.fact a.cite-link")
    assert chips.count() > 0
    chip = chips.first
    chip.focus()
    sync_api.expect(w.page.locator("#" + str(chip.get_attribute("aria-describedby")))).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    w.page.screenshot(path=str(ARTIFACTS / "real-brief-phone-light.png"))
    w.page.goto(base + events[0] + "/" + str(chip.get_attribute("href")))
    assert w.page.locator(":target").count() == 1
    assert w.page.evaluate("document.documentElement.scrollWidth") <= 375
    w.page.goto(base + "index.html")
    w.page.locator("#search-input").fill(w.page.locator("li.event a").first.inner_text().split()[0])
    sync_api.expect(w.page.locator("#search-results a").first).to_be_visible()
    assert not w.errors and not w.foreign(base) and not w.dialogs
