"""The whole text pipeline on inline event folders (``generator.pipeline``)."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.export import brief_to_dict
from generator.pipeline import build_brief
from generator.render import EventSummary, render_event

_EVENT = {
    "a.md": ("---\npublished: 2024-05-02\ntitle: Port Obi harbour bridge shut for six weeks\n---\n"
             "The Port Obi harbour bridge closed on Thursday after engineers found cracks in two of its piers. "
             "Mayor Ada Obi said the bridge would stay shut for at least six weeks. "
             "Ferries will carry commuters across the bay free of charge while the piers are repaired. "
             "The bridge carries about 40,000 vehicles a day. "
             "Engineers will use divers to inspect the foundations next week. "
             "The mayor said the decision was final."),
    "b.md": ("---\npublished: 2024-05-02\n---\n"
             "Divers will inspect the foundations of the piers next week. "
             "About 40,000 vehicles use the bridge every day. "
             "Commuters can cross the bay on ferries free of charge during the repairs. "
             "The bridge will stay shut for at least six weeks, Mayor Ada Obi said. "
             "Engineers found cracks in two piers of the Port Obi harbour bridge, which closed on Thursday. "
             "The city council meets on Monday to approve the repair budget."),
    "c.md": ("---\npublished: 2024-05-03\n---\n"
             "Free ferries will take commuters across the bay while repairs go on. "
             "Port Obi closed its harbour bridge on Thursday when engineers discovered cracks in two piers. "
             "Mayor Ada Obi said the closure would last at least six weeks. "
             "Traffic police expect long queues on the coast road."),
}
_OTHER = ("---\npublished: 2019-08-10\ntitle: Lake Vira food festival opens\n---\n" + " ".join([
    "The summer food festival opened in Lake Vira on Saturday with more than two hundred stalls.",
    "Visitors queued for grilled trout, sweet corn and berry pies along the lakeside promenade.",
    "A brass band played on the main stage until late in the evening.",
    "Organisers expect some thirty thousand people over the weekend.",
    "The festival began in 1987 as a market for local fishermen.",
    "This year a jury of chefs will award prizes for the best soup.",
    "Children can join a cooking class every morning at ten.",
    "Entry to the festival grounds is free for everyone.",
    "Parking near the lake fills up early, so visitors are urged to come by bus.",
    "A fireworks show over the water closes the festival on Sunday night.",
    "Last year heavy rain cut the festival short by a day.",
    "The weather service expects sunshine and light winds this time.",
    "Local farmers sell cheese, honey and smoked fish at the northern gate.",
    "Volunteers will collect litter from the beach every evening.",
    "A new stage for folk dancers stands by the old boathouse.",
    "Tickets for the fireworks boat tours sold out within an hour.",
    "The town's bakers are baking a giant pie to share on Sunday.",
    "Several restaurants in the old town stay open until midnight.",
    "Buses run every fifteen minutes from the railway station.",
    "The mayor said the decision was final.",
    "Next year's festival is already planned for the first weekend of August.",
]))


def _folder(tmp_path: Path, name: str, files: dict[str, str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def test_a_report_of_another_event_is_set_apart(tmp_path: Path) -> None:
    alone = build_brief(_folder(tmp_path, "event", _EVENT), Config())
    mixed = build_brief(_folder(tmp_path, "mixed", {**_EVENT, "z.md": _OTHER}), Config())
    flags = {r.source.id: r.flags for r in mixed.sources}
    assert any(f.startswith("likely about another event: only 1 of its 21 sentences") for f in flags["z"])
    assert not any(flags[sid] for sid in ("a", "b", "c"))
    assert any("z.md: likely about another event" in w for w in mixed.warnings)
    # Its copy of "The mayor said the decision was final." corroborates nothing, and the other
    # reports' brief is the one they make without it: same facts, date and title.
    assert not [f for f in mixed.facts if "z" in f.source_ids and len(f.source_ids) > 1]
    assert mixed.facts[: len(alone.facts)] == alone.facts
    assert {f.text for f in mixed.facts[len(alone.facts):]} >= {"The mayor said the decision was final."}
    assert mixed.event.date == alone.event.date == "2024-05-02"  # not the other story's 2019-08-10
    assert mixed.event.title == alone.event.title == "Port Obi harbour bridge shut for six weeks"
    assert any(f.status == "corroborated" for f in alone.facts)
    # It is no independent report of the event: the counts say so, on the page, the home page and in JSON.
    assert [r.source.id for r in mixed.sources if r.apart] == ["z"]
    assert (mixed.independent, mixed.set_apart, alone.independent, alone.set_apart) == (3, 1, 3, 0)
    page = render_event(mixed, tmp_path / "docs")[0].read_text(encoding="utf-8")
    assert "3 reports, 3 independent · 1 more set apart" in page
    assert "Set apart: compared with no other report" in page and page.count("Independent report") == 3
    summary = EventSummary.from_brief(mixed)
    assert (summary.reports, summary.independent) == (3, 3)
    assert brief_to_dict(mixed)["summary"] | {"facts": 0} == {
        "reports": 4, "independent": 3, "set_apart": 1, "facts": 0, "corroborated": 5, "disputed": 0}


def test_unrelated_reports_are_found_again_once_the_first_is_set_apart(tmp_path: Path) -> None:
    # z1 (41 sentences) shares one loose match with a and one with z2: 2 of 41, set apart at once;
    # z2 (6 sentences) shares only that one with z1: 1 of 6 until z1 is set apart, then none.
    stalls = " ".join(f"Stall number {k} at the {side} gate sells {food}." for k, (side, food) in enumerate(
        [(side, food) for side in ("north", "south", "east", "west") for food in
         ("plums", "bread", "cider", "walnuts", "pickles")]))
    z2 = ("The regional chess open drew ninety players to the town library this weekend. "
          "A twelve-year-old girl beat the defending champion in the fourth round. "
          "Games start at nine and spectators must keep silent in the hall. "
          "The winner takes home a silver board and a cash prize. "
          "Buses run every fifteen minutes from the railway station. "
          "Organisers hope to hold a junior tournament in the spring.")
    folder = _folder(tmp_path, "two-others", {**_EVENT, "z1.md": _OTHER + " " + stalls, "z2.txt": z2})
    # Grouped only by whether reports share a fact at all, z1 and z2 are one with the event ...
    brief = build_brief(folder, Config().with_(event_link=0.0))
    flags = {r.source.id: r.flags for r in brief.sources}
    assert any("only 2 of its 41 sentences" in f for f in flags["z1"])
    assert any("none of its 6 sentences" in f for f in flags["z2"])
    assert not any(flags[sid] for sid in ("a", "b", "c"))
    assert not [f for f in brief.facts if {"z1", "z2"} & set(f.source_ids) and len(f.source_ids) > 1]
    # ... while by average linkage they are a group of their own at once: set apart together.
    grouped = build_brief(folder, Config())
    flags = {r.source.id: r.flags for r in grouped.sources}
    assert any("only 1 of its 41 sentences states what another report of the event states (other than "
               "report 5, set apart with it)" in f for f in flags["z1"])
    assert any("none of its 6 sentences" in f for f in flags["z2"])
    assert grouped.facts == brief.facts


def test_a_folder_of_unrelated_reports_says_so(tmp_path: Path) -> None:
    pages = {"x.txt": _OTHER.split("---\n", 2)[2], "y.txt": _EVENT["c.md"].split("---\n", 2)[2] * 2,
             "z.txt": " ".join(f"The village choir rehearsed song number {k} in the old barn." for k in range(9))}
    brief = build_brief(_folder(tmp_path, "pages", pages), Config())
    assert brief.set_apart == 3 and brief.independent == 0
    page = render_event(brief, tmp_path / "docs")[0].read_text(encoding="utf-8")
    assert "3 reports, all set apart: no two tell one event" in page


def test_two_reports_that_share_nothing_are_not_flagged(tmp_path: Path) -> None:
    two = {"a.md": _EVENT["a.md"], "z.md": _OTHER}
    brief = build_brief(_folder(tmp_path, "two", two), Config())
    assert not any(r.flags for r in brief.sources)


def test_the_check_can_be_turned_off(tmp_path: Path) -> None:
    mixed = build_brief(_folder(tmp_path, "mixed", {**_EVENT, "z.md": _OTHER}), Config().with_(unrelated_share=0.0))
    assert not any(r.flags for r in mixed.sources)
    assert [f for f in mixed.facts if "z" in f.source_ids and len(f.source_ids) > 1]


def test_a_report_in_another_language_is_not_said_to_be_about_another_event(tmp_path: Path) -> None:
    german = ("Die Hafenbrücke von Port Obi wurde am Donnerstag gesperrt, nachdem Ingenieure Risse in zwei "
              "Pfeilern gefunden hatten. Bürgermeisterin Ada Obi sagte, die Brücke bleibe mindestens sechs Wochen "
              "gesperrt. Fähren bringen Pendler während der Reparatur kostenlos über die Bucht. Jeden Tag fahren "
              "etwa 40.000 Fahrzeuge über die Brücke. Taucher untersuchen nächste Woche die Fundamente der Pfeiler. "
              "Der Stadtrat tritt am Montag zusammen, um das Geld für die Reparatur zu bewilligen.")
    brief = build_brief(_folder(tmp_path, "languages", {**_EVENT, "d.txt": german}), Config())
    flags = {r.source.id: r.flags for r in brief.sources}
    assert [f for f in flags["d"] if f.startswith("written in 'de', unlike most reports ('en'): ")]
    assert not [f for f in flags["d"] if "another event" in f]
    assert any("d.txt: in another language than most reports" in w for w in brief.warnings)


def test_reports_that_share_facts_only_among_themselves_are_set_apart_together(tmp_path: Path) -> None:
    festival = _OTHER.replace(" The mayor said the decision was final.", "")  # 20 sentences, none of the event's
    also = ("Visitors queued for grilled trout, sweet corn and berry pies along the lakeside promenade. "
            "A fireworks show over the water closes the festival on Sunday night. "
            "The lake's ferry company adds evening boats for the weekend. "
            "Hotels in the old town are fully booked. "
            "Street musicians need a permit from the town hall. "
            "Rain is not expected before Tuesday.")
    brief = build_brief(_folder(tmp_path, "two-others", {**_EVENT, "y1.md": festival, "y2.txt": also}), Config())
    flags = {r.source.id: r.flags for r in brief.sources}
    assert [r.source.id for r in brief.sources if r.apart] == ["y1", "y2"]
    assert any("none of its 20 sentences states what another report of the event states (other than report 5, "
               "set apart with it)" in f for f in flags["y1"])
    assert any("(other than report 4, set apart with it)" in f for f in flags["y2"])
    alone = build_brief(_folder(tmp_path, "event", _EVENT), Config())
    assert brief.facts[: len(alone.facts)] == alone.facts
    assert not [f for f in brief.facts if f.status == "corroborated" and {"y1", "y2"} & set(f.source_ids)]


def test_reports_of_another_story_are_set_apart_together_despite_a_loose_match(tmp_path: Path) -> None:
    """Two reports of another story that share one sentence with the event (a stock phrase) and much
    with each other: they share little with the event's reports, so they are set apart together, and
    the one sentence corroborates nothing."""
    festival = _OTHER.replace(" The mayor said the decision was final.", "")
    also = ("Visitors queued for grilled trout, sweet corn and berry pies along the lakeside promenade. "
            "A fireworks show over the water closes the festival on Sunday night. "
            "Organisers expect some thirty thousand people over the weekend. "
            "The festival began in 1987 as a market for local fishermen. "
            "Street musicians need a permit from the town hall. "
            "The mayor said the decision was final.")
    files = {**_EVENT, "y1.md": festival, "y2.txt": also}
    brief = build_brief(_folder(tmp_path, "loose", files), Config())
    flags = {r.source.id: r.flags for r in brief.sources}
    assert [r.source.id for r in brief.sources if r.apart] == ["y1", "y2"]
    assert any("only 1 of its 6 sentences states what another report of the event states (other than report 4, "
               "set apart with it)" in f for f in flags["y2"])
    assert any("y2.txt: likely about another event (1 of its 6 sentences states what another report states, "
               "other than y1.md, set apart with it)" in w for w in brief.warnings)
    assert not [f for f in brief.facts if f.status == "corroborated" and {"y1", "y2"} & set(f.source_ids)]
    alone = build_brief(_folder(tmp_path, "event", _EVENT), Config())
    assert brief.facts[: len(alone.facts)] == alone.facts
    # Grouped only by whether they share a fact at all, the two stay in, and the stock phrase corroborates.
    joined = build_brief(_folder(tmp_path, "joined", files), Config().with_(event_link=0.0))
    assert not [r for r in joined.sources if r.apart]
    assert [f for f in joined.facts if f.status == "corroborated" and "y2" in f.source_ids and "a" in f.source_ids]


def test_a_folder_of_two_stories_of_one_size_is_named_in_the_warnings(tmp_path: Path) -> None:
    """Two reports of the event and two of another story: neither pair is the event's larger group, so
    nothing is set apart, but the warnings say the folder likely holds two events."""
    festival = _OTHER.replace(" The mayor said the decision was final.", "")
    also = ("Visitors queued for grilled trout, sweet corn and berry pies along the lakeside promenade. "
            "A fireworks show over the water closes the festival on Sunday night. "
            "Organisers expect some thirty thousand people over the weekend. "
            "The festival began in 1987 as a market for local fishermen. "
            "Street musicians need a permit from the town hall.")
    files = {"a.md": _EVENT["a.md"], "b.md": _EVENT["b.md"], "y1.md": festival, "y2.txt": also}
    brief = build_brief(_folder(tmp_path, "halves", files), Config())
    assert not [r for r in brief.sources if r.apart]
    assert [w for w in brief.warnings if w.endswith(
        "halves: its reports fall into 2 groups that share few facts, no one of them the largest (a.md, b.md; "
        "y1.md, y2.txt): likely 2 events in one folder; keep one event per folder")]
    one = build_brief(_folder(tmp_path, "one", {"a.md": _EVENT["a.md"], "b.md": _EVENT["b.md"], "c.md": _EVENT["c.md"],
                                                 "y1.md": festival}), Config())
    assert not [w for w in one.warnings if "groups that share few facts" in w]


def test_a_report_repeating_another_in_two_sentences_or_more_is_aligned_as_its_copy() -> None:
    from generator import statements
    from generator.model import Sentence
    from generator.pipeline import _mirrors

    def report(sid: str, texts: list[str]) -> list[Sentence]:
        out, at = [], 0
        for k, t in enumerate(texts):
            out.append(Sentence(sid, k, t, at, at + len(t)))
            at += len(t) + 1
        return out

    first = ["The harbour bridge closed on Thursday.", "Ferries will run free of charge.", "The mayor spoke."]
    copy = ["Port Obi shut its harbour bridge on Thursday.", *first[1:]]
    lone = first[1:2]
    units = statements.statements([*report("a", first), *report("b", copy), *report("c", lone)])
    mirrors = _mirrors(units, Config().origin_share)
    assert set(mirrors) == {"b"}  # c repeats one sentence only: a shared line, not a copy
    assert mirrors["b"][0] == "a" and sorted(mirrors["b"][1]) == [1, 2]
