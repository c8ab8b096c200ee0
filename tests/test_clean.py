"""Boilerplate removal: generic rules, every removed piece kept with its reason, prose kept."""

from __future__ import annotations

import dataclasses

import pytest

from generator.clean import STRUCK, classify, clean, shared_lines
from generator.model import Source, SourceMeta

PROSE = [
    "Officials said on Monday that the bridge over the river would reopen in March.",
    "The repairs cost 40 million dollars, the transport ministry said in a statement.",
    "Local shop owners welcomed the news after months of long detours through the city.",
]


def source(body: str, *, sid: str = "a", title: str = "", fmt: str = "txt") -> Source:
    """A loaded report with the given body."""
    return Source(
        id=sid,
        event_id="event",
        path=f"{sid}.{fmt}",
        format=fmt,
        body=body,
        meta=SourceMeta(title=title or sid),
        digest="0",
    )


def page(*chrome_before: str, after: tuple[str, ...] = (), inside: tuple[str, ...] = ()) -> str:
    """A pasted web page: chrome, the article (with optional lines inside it), more chrome."""
    return "\n".join([*chrome_before, PROSE[0], *inside, PROSE[1], PROSE[2], *after])


def reasons(cs) -> dict[str, str]:
    return {r.text: r.reason for r in cs.removed}


# Each line is placed before, inside or after the article; its removal reason must start as given.
CASES = [
    ("Back to top", "after", "boilerplate: navigation or widget"),
    ("Back to top button", "after", "boilerplate: navigation or widget"),
    ("Skip to main content", "before", "boilerplate: navigation or widget"),
    ("Menu", "before", "boilerplate: navigation or widget"),
    ("Home | World | Politics | Sports", "before", "boilerplate: navigation or widget"),
    ("Home | World | Politics | Sports", "inside", "boilerplate: navigation or widget"),
    ("Post a comment", "after", "boilerplate: navigation or widget"),
    ("Your Name", "after", "boilerplate: navigation or widget"),
    ("Your Email Address", "after", "boilerplate: navigation or widget"),
    ("Leave a Reply", "after", "boilerplate: navigation or widget"),
    ("Share this article", "after", "boilerplate: navigation or widget"),
    ("Share on Facebook", "inside", "boilerplate: navigation or widget"),
    ("Follow us on Twitter", "after", "boilerplate: navigation or widget"),
    ("Related Articles", "after", "boilerplate: navigation or widget"),
    ("Advertisement", "inside", "boilerplate: navigation or widget"),
    ("© 2023 Daily Planet. All rights reserved.", "after", "boilerplate: copyright line"),
    ("Copyright 2024 Example Media Group", "after", "boilerplate: copyright line"),
    (
        "ⓒ 2024 EXAMPLE.com All rights reserved. Do not reproduce without permission.",
        "after",
        "boilerplate: copyright line",
    ),
    ("By Jane Roe", "before", "byline"),
    ("By Jane Roe and John Doe", "inside", "byline"),
    ("Jane Roe, Ap National Security Writer", "before", "byline"),
    ("Image 1 of 8", "inside", "boilerplate: navigation or widget"),
    ("The mayor opens the bridge in the city on Monday to the cheers of a large crowd. less", "inside",
     "caption: photo caption or credit"),
    ("Back to Gallery", "after", "boilerplate: navigation or widget"),
    ("Reporting by Jane Roe; Editing by John Doe", "after", "byline"),
    ("Photo: Jane Roe / Example Images", "inside", "caption: photo caption or credit"),
    ("Photo: Rescuers search for survivors near the bridge on Tuesday. (Example Images/Jane Roe)", "inside",
     "caption: photo caption or credit"),
    ("Image: The bridge before the repairs, in 2019. Source: Example Archive.", "after",
     "caption: photo caption or credit"),
    (
        "METRO CITY, COUNTRY - JANUARY 29: The mayor shakes hands with a visitor "
        "(Photo by Jane Roe/Example Images)",
        "inside",
        "caption: photo caption or credit",
    ),
    (
        "Daily Planet: Update the latest breaking news online of the day, breaking news, politics, society",
        "before",
        "boilerplate: site promotion",
    ),
    (
        "Sign up for our newsletter and stay informed about breaking news.",
        "after",
        "boilerplate: site promotion",
    ),
    ("Story Code : 264603", "after", "boilerplate: page metadata"),
    ("Publish date Monday 30 January 2023 - 13:46", "before", "boilerplate: page metadata"),
    ("Tags: bridge, repairs", "after", "boilerplate: page metadata"),
    ("4 October 2013, 18:07 (GMT+05:00)", "inside", "boilerplate: time stamp"),
    ("Updated: Tue, Jan. 31, 2023 at 9:15 a.m. EST", "before", "boilerplate: time stamp"),
    ("bar_progress", "before", "boilerplate: page code"),
    ("Daily Planet", "before", "boilerplate: page chrome outside the article"),
    ("Increase In Traffic", "inside", "heading"),
    ("Follow us on Twitter @DailyPlanet or Facebook.", "inside", "boilerplate: social media links"),
    ("https://www.dailyplanet.example/news/bridge-reopens-in-march-12345.html", "inside",
     "boilerplate: bare link"),
    ('[button link="https://dailyplanet.example/tips" type="big"] Send us your tips[/button]', "inside",
     "boilerplate: page code"),
    ("Related: Ten Bridges That Changed The City Forever", "inside", "boilerplate: links to other stories"),
    ("SEE MORE: Harbour strike: 800 workers walk out at dawn", "inside", "boilerplate: links to other stories"),
    ("You may also like...", "inside", "boilerplate: links to other stories"),
    ("CLICK HERE TO GET THE DAILY PLANET APP", "inside", "boilerplate: site promotion"),
    ("Get the latest updates right in your inbox.", "inside", "boilerplate: site promotion"),
    ("If you buy something through this post, the Daily Planet may get a share of the sale.", "inside",
     "boilerplate: affiliate disclosure"),
    ("Citation: Bridge reopens (2019, November 18) retrieved 20 November 2019 from https://x.example/news/1",
     "inside", "boilerplate: citation notice"),
    ("Have a tip? Jane Roe may be reached at jroe@dailyplanet.example.", "inside", "byline: contact line"),
    ("Follow the Daily Planet on Instagram, Facebook, Twitter and YouTube.", "after",
     "boilerplate: social media links"),
]


@pytest.mark.parametrize(("line", "where", "reason"), CASES, ids=[c[0][:40] for c in CASES])
def test_boilerplate_is_removed_with_its_reason(line: str, where: str, reason: str) -> None:
    if where == "before":
        body = page(line)
    elif where == "after":
        body = page(after=(line,))
    else:
        body = page(inside=(line,))
    cs = clean(source(body))
    assert reasons(cs).get(line, "").startswith(reason), reasons(cs)
    assert cs.text.split("\n\n") == PROSE


@pytest.mark.parametrize(
    "line",
    [
        "Share prices rose sharply on Monday after the central bank cut its main interest rate.",
        "Officials said the menu of options included new sanctions and further talks next month.",
        "By Monday, the bridge will be open to traffic again, the mayor told reporters.",
        "“We will not stop until the work is done,” she said.",
        "He added: “Next.”",
        "The comments drew criticism from the opposition, which called them reckless and premature.",
        "Mr. Roe, who is 54, said the U.S. plan was announced on Jan. 30 in Washington.",
        "At 9 a.m. on Monday, Jan. 30, it began.",
        "Follow-up talks on the sale of the Facebook shares will be held on Monday in the city.",
        "Join the queue, the mayor told residents, as Twitter users mocked the long wait on Monday.",
        "Related talks on the harbour will resume on Monday, the mayor told reporters in the city.",
        "Popular anger grew on Monday as the bridge stayed shut for a third week in a row.",
        "Residents who signed up for alerts were told of the closure by text message on Monday.",
        "The company said it may earn more from the bridge tolls than it had expected this year.",
    ],
)
def test_article_prose_is_kept(line: str) -> None:
    cs = clean(source(page(inside=(line,))))
    assert line in cs.text.split("\n\n")
    assert cs.removed == ()


def test_invitations_to_follow_on_social_media_are_cut_off_the_end_of_a_paragraph() -> None:
    line = "Her book about the bridge is out now. Follow her on Twitter @janeroe. Follow us on Facebook."
    cs = clean(source(page(inside=(line,))))
    assert reasons(cs) == {"Follow her on Twitter @janeroe. Follow us on Facebook.": "boilerplate: social media links"}
    assert "Her book about the bridge is out now." in cs.text.split("\n\n")


def test_headline_is_removed_as_the_title() -> None:
    cs = clean(source("Bridge To Reopen In March\n" + page(), title="Bridge To Reopen In March"))
    assert reasons(cs) == {"Bridge To Reopen In March": "headline (shown as the source title)"}


def test_reporter_and_agency_tags_are_split_off_the_paragraph() -> None:
    body = page(
        inside=(
            "[Daily Planet Reporter Jane Roe] The mayor said the works went well and on time.",
            "Northern Star Agency (NSA): The mayor said the road would close for a week.",
        )
    )
    cs = clean(source(body))
    assert reasons(cs) == {
        "[Daily Planet Reporter Jane Roe]": "byline: reporter tag",
        "Northern Star Agency (NSA):": "byline: agency tag",
    }
    assert "The mayor said the works went well and on time." in cs.text.split("\n\n")


def test_an_advertisement_label_glued_to_a_paragraph_is_split_off() -> None:
    body = page(inside=("Advertisement The mayor said the road would close for a week in May.",
                        "Advertisement spending rose by a third in the city last year, officials said.",
                        "Sponsored Ruritanian families arrived in the city on Monday, officials said."))
    cs = clean(source(body))
    assert reasons(cs) == {"Advertisement": "boilerplate: advertisement label"}
    kept = cs.text.split("\n\n")
    assert "The mayor said the road would close for a week in May." in kept
    assert "Advertisement spending rose by a third in the city last year, officials said." in kept  # a word of it
    assert "Sponsored Ruritanian families arrived in the city on Monday, officials said." in kept


def test_a_media_label_glued_to_a_paragraph_is_split_off() -> None:
    body = page(inside=("VIDEO: The mayor opened the new bridge over the river on Monday morning.",
                        "PHOTOS – Crowds lined the quay as the first tram crossed the new bridge.",
                        "Video footage showed the crowd cheering as the mayor cut the ribbon."))
    cs = clean(source(body))
    assert reasons(cs) == {"VIDEO:": "boilerplate: media label", "PHOTOS –": "boilerplate: media label"}
    kept = cs.text.split("\n\n")
    assert "The mayor opened the new bridge over the river on Monday morning." in kept
    assert "Crowds lined the quay as the first tram crossed the new bridge." in kept
    assert "Video footage showed the crowd cheering as the mayor cut the ribbon." in kept


@pytest.mark.parametrize(("line", "notice"), [
    ("A judge ruled on Tuesday that the copyright lawsuit against the council can go to trial in June.", False),
    ("The photos were published without permission, the court in Borduria heard on Monday.", False),
    ("No part of this article may be reproduced without written permission.", True),
    ("Copyright Daily Planet Media", True),
    ("Text and photos copyright 2024 Daily Planet.", True),
    ("Copyright infringement cases rose by a third last year, the court in Borduria said.", False),
    ("The site republished her song without permission, her lawyer said on Monday.", False),
    ("Do not reproduce without permission.", True),
])
def test_copyright_notices_but_not_sentences_about_copyright(line: str, notice: bool) -> None:
    reason = classify(line, position="body", title="", next_line="", common=frozenset())
    assert (reason == "boilerplate: copyright line") == notice


def test_a_quotation_inside_a_quotation_ends_a_sentence() -> None:
    line = "The girl told her mother, \"She said 'run' and I ran home.\"'"
    assert classify(line, position="body", title="", next_line="", common=frozenset()) is None
    assert classify("\"The road is shut.\"'", position="body", title="", next_line="", common=frozenset()) is None
    assert classify("Road Is Shut'", position="body", title="", next_line="", common=frozenset()) == "heading"


@pytest.mark.parametrize(("lead", "rest"), [
    ("To which she replied,", "\"My daughter has been shot.\""),
    ("The mayor said:", "\u201cThe road stays shut until May.\u201d"),
    ("Officials, who spoke on Monday after the long meeting in the city hall,", "said the bridge would reopen."),
])
def test_a_paragraph_that_leads_on_is_joined_with_the_next(lead: str, rest: str) -> None:
    cs = clean(source(page(inside=(lead, rest))))
    assert f"{lead} {rest}" in cs.text.split("\n\n")
    assert cs.removed == ()


@pytest.mark.parametrize("lines", [
    ("Meanwhile, in the capital,", "The minister said the talks would go on next week in the city."),
    ("10 Main Street,", "Ruritania City,", "RC1 2AB"),
])
def test_a_comma_before_a_capital_does_not_lead_on(lines: tuple[str, ...]) -> None:
    cs = clean(source(page(inside=lines)))
    assert not any(", ".join(lines[:2]) in kept or f"{lines[0]} {lines[1]}" in kept for kept in cs.text.split("\n\n"))


def test_markdown_paragraphs_are_never_joined() -> None:
    body = "- Ada Obi, 45,\n- Bo Ng, 32,\nthe police chief said more arrests were expected in the coming days."
    cs = clean(source(body, fmt="md"))
    assert "Bo Ng, 32, the police chief" not in cs.text and "Ada Obi, 45, Bo Ng" not in cs.text


def test_a_heading_ending_in_a_colon_stays_a_heading() -> None:
    cs = clean(source(page(inside=("Key facts about the bridge:", PROSE[2]))))
    assert reasons(cs) == {"Key facts about the bridge:": "heading"}


def test_lines_repeated_across_sources_are_chrome() -> None:
    a = source(page(inside=("Traffic Updates Here",)), sid="a")
    b = source(
        "Traffic Updates Here\nSomething else entirely happened on the other bank of the river today.",
        sid="b",
    )
    common = shared_lines([a, b])
    assert "traffic updates here" in common
    assert reasons(clean(a, common))["Traffic Updates Here"] == "boilerplate: repeated across sources"


def test_long_lines_are_never_shared_chrome() -> None:
    a, b = source(PROSE[0] + " " + PROSE[1], sid="a"), source(PROSE[0] + " " + PROSE[1], sid="b")
    assert shared_lines([a, b]) == frozenset()


def test_every_removed_piece_is_verbatim_and_nothing_is_lost() -> None:
    body = page(
        "Menu",
        "By Jane Roe",
        after=("© 2023 Daily Planet. All rights reserved.", "Back to top"),
        inside=("Advertisement",),
    )
    cs = clean(source(body))
    kept = cs.text.split("\n\n")
    assert sorted(kept + [r.text for r in cs.removed]) == sorted(body.split("\n"))
    assert all(r.source_id == "a" and r.reason for r in cs.removed)


def test_whitespace_is_normalised_but_words_kept() -> None:
    cs = clean(source("  " + PROSE[0].replace(" ", "\u00a0 \t", 3) + "  \n\n\n" + PROSE[1]))
    assert cs.text == PROSE[0] + "\n\n" + PROSE[1]


@pytest.mark.parametrize("body", ["", "\n\n", "Menu\nHome", "   "])
def test_bodies_without_prose(body: str) -> None:
    cs = clean(source(body))
    assert cs.text.strip() == "" or cs.text.split("\n\n") == [ln for ln in body.split("\n") if ln.strip()]


# ----------------------------------------------------- clean Markdown pages

MARKDOWN_BODY = "\n".join(
    [
        "# Bridge To Reopen In March",
        PROSE[0],
        "## Costs",
        "The works in numbers",
        "40 million dollars in repairs",
        "Two new lanes for buses",
        PROSE[1],
        "Officials agreed.",
        "What comes next",
        PROSE[2],
        "Open to traffic in March",
    ]
)


def test_clean_markdown_keeps_every_line_of_prose() -> None:
    cs = clean(source(MARKDOWN_BODY, fmt="md", title="Bridge To Reopen In March"))
    assert reasons(cs) == {
        "# Bridge To Reopen In March": "headline (shown as the source title)",
        "## Costs": "heading",
    }
    assert len(cs.text.split("\n\n")) == 9


def test_markdown_still_loses_real_chrome() -> None:
    body = (
        "Skip to main content\n" + MARKDOWN_BODY + "\n© 2023 Daily Planet. All rights reserved.\nBack to top"
    )
    cs = clean(source(body, fmt="md", title="Bridge To Reopen In March"))
    assert {"Skip to main content", "Back to top", "© 2023 Daily Planet. All rights reserved."} <= set(
        reasons(cs)
    )


def test_the_same_short_lines_in_plain_text_are_treated_as_headings() -> None:
    cs = clean(
        source(
            MARKDOWN_BODY.replace("#", "").replace("\n ", "\n").lstrip(), title="Bridge To Reopen In March"
        )
    )
    assert reasons(cs)["The works in numbers"] == "heading"


@pytest.mark.parametrize(
    ("line", "position"), [(ln, pos) for ln in PROSE for pos in ("head", "body", "tail")]
)
def test_classify_keeps_prose_anywhere(line: str, position: str) -> None:
    assert classify(line, position=position, title="", next_line="", common=frozenset()) is None


def test_prose_in_a_language_written_without_spaces_is_kept() -> None:
    body = "\n".join(["ホーム", "東京都は月曜日、新しい橋の建設を来年の春に始めると発表しました。",
                      "工事には約三年かかる見込みで、費用は五百億円と見積もられています。", "トップへ戻る"])
    cs = clean(source(body))
    assert cs.text.split("\n\n") == body.split("\n")[1:3]
    assert set(reasons(cs)) == {"ホーム", "トップへ戻る"}


def test_a_caption_a_gallery_shows_again_is_removed_every_time() -> None:
    caption = "Jane Roe, left, and John Doe shake hands at the town hall in the capital on Monday."
    cs = clean(source(page(inside=(caption, caption))))
    assert cs.text.split("\n\n") == PROSE
    assert [r.reason for r in cs.removed] == ["caption: photo caption shown again in a gallery"] * 2
    once = clean(source(page(inside=(caption,))))
    assert caption in once.text.split("\n\n")  # said once, it may be the article's own sentence


@pytest.mark.parametrize(("line", "fmt"), [(ln, fmt) for ln in ("...", "---", "!!!", "* * *", "“ ” …")
                                           for fmt in ("txt", "md")])
def test_a_line_without_a_letter_or_digit_is_removed_as_no_words(line: str, fmt: str) -> None:
    cs = clean(source(page(inside=(line,)), fmt=fmt))
    assert reasons(cs) == {line: "no words"}
    assert cs.text.split("\n\n") == PROSE


@pytest.mark.parametrize(
    "line", ['[Update]: https://example.com/u "Officials later confirmed that 40 workers were hired"',
             "[1]: https://example.com/source"],
)
def test_a_markdown_link_definition_is_removed_with_its_reason(line: str) -> None:
    cs = clean(source(page(inside=(line,)), fmt="md"))
    assert reasons(cs) == {line: "link definition"}
    assert cs.text.split("\n\n") == PROSE


def test_struck_text_is_listed_as_removed_with_its_reason() -> None:
    src = dataclasses.replace(source("\n\n".join(PROSE), fmt="md"), struck=("An earlier version said Monday.",))
    out = clean(src)
    assert [(r.text, r.reason) for r in out.removed] == [("An earlier version said Monday.", STRUCK)]
    assert "earlier version" not in out.text
