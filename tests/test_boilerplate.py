"""Tests for pipeline.boilerplate: one fixture per kind of page furniture, all of our own writing.

Each fixture is a small scraped page: a made-up article about a harbour council, wrapped in one kind
of furniture. The test checks that the article's lines are inside the body spans and the furniture
lines outside.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from pipeline.boilerplate import body_spans, classify_lines

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"

TITLE = "Harbour council adds evening ferries"
P1 = ("The harbour council voted on Tuesday to add two evening ferries to the island route, a change "
      "that residents had asked for since the spring.")
P2 = ("Officials said the extra sailings would cost about 40,000 euros a year, which the council expects "
      "to recover from ticket sales by the end of 2025.")
P3 = ("Several members warned that the budget was tight and that the ferry company had not yet confirmed "
      "it could find crews for the late sailings.")
P4 = ("A final vote on the fares is expected at the next meeting on 14 April, when the council will also "
      "discuss repairs to the north pier.")
P5 = ("The island's school board welcomed the decision, saying pupils who stay for evening clubs had until "
      "now relied on lifts from fishermen.")
ARTICLE = [P1, P2, P3, P4]


def page(*blocks: str | list[str]) -> str:
    """Join lines and blocks of lines into a page; blocks are separated by a blank line."""
    parts = []
    for block in blocks:
        parts.append("\n".join(block) if isinstance(block, list) else block)
    return "\n\n".join(parts) + "\n"


def line_is_body(text: str, line: str) -> bool:
    """Whether the (first) line equal to `line` lies inside a body span."""
    offset = 0
    for candidate in text.split("\n"):
        if candidate.strip() == line.strip():
            start, end = offset, offset + len(candidate)
            return any(s <= start and end <= e for s, e in body_spans(text))
        offset += len(candidate) + 1
    raise AssertionError(f"line not in fixture: {line!r}")


def assert_split(text: str, body: list[str], furniture: list[str]) -> None:
    wrong_body = [line for line in body if not line_is_body(text, line)]
    wrong_furniture = [line for line in furniture if line_is_body(text, line)]
    verdicts = "\n".join(f"{v.line_no:3} {'B' if v.body else '-'} {v.reason}" for v in classify_lines(text))
    assert not wrong_body and not wrong_furniture, (
        f"body lines judged furniture: {wrong_body}\nfurniture judged body: {wrong_furniture}\n{verdicts}")


# ---------------------------------------------------------------------------------------------- kinds


def test_page_controls_loading_close_top_of_page_rss():
    furniture = ["Loading...", "close", "close close", "RSS", "top of page", "Skip to content", "Menu"]
    text = page(furniture[:5], furniture[5:], TITLE, *ARTICLE, "Back to top", "bottom of page")
    assert_split(text, [TITLE, *ARTICLE], furniture + ["Back to top", "bottom of page"])


def test_menu_lines_above_the_headline():
    menu = ["Home | News | Sport | Weather | Contact", "Island news Harbour politics Ferries Weather"]
    text = page(menu, TITLE, *ARTICLE)
    assert_split(text, [TITLE, *ARTICLE], menu)


def test_share_buttons():
    share = ["Share", "Tweet", "Facebook", "Share this article", "  • Grey Twitter Icon", "Email Print Share",
             "WhatsApp"]
    text = page(TITLE, P1, share[:3], P2, P3, share[3:], P4, ["Follow the Gazette for more updates:"])
    assert_split(text, [TITLE, *ARTICLE], share + ["Follow the Gazette for more updates:"])


def test_cookie_notice():
    cookie = ("We use cookies to give you the best experience on our website. By continuing to browse the "
              "site you agree to our use of cookies and our privacy policy.")
    text = page(cookie, ["Accept all", "Manage settings"], TITLE, *ARTICLE)
    assert_split(text, [TITLE, *ARTICLE], [cookie, "Accept all"])


def test_author_bio_sentence_at_the_end():
    bio = "Mara Quill is a journalist who has covered island politics for the Gazette since 2011."
    text = page(TITLE, *ARTICLE, "Mara Quill", bio)
    assert_split(text, [TITLE, *ARTICLE], ["Mara Quill", bio])


def test_author_bio_with_quote_and_see_full_bio():
    quote = "Every harbour has two tides: the one you see and the one you pay for. (Old island saying)"
    text = page(TITLE, *ARTICLE, "", "Mara Quill", quote, ["See full bio >"])
    assert_split(text, [TITLE, *ARTICLE], ["Mara Quill", quote, "See full bio >"])


def test_comment_thread_with_heading_usernames_timestamps_and_replies():
    long_comment = ("Finally somebody listened to the people who actually live out here, because for years the "
                    "last ferry left before most of us had finished work and nobody seemed to care about it.")
    other_comment = ("I am not convinced the company can staff these sailings, they could not even keep the "
                     "morning boat running last winter when two of the crew were ill for a week or more.")
    thread = ["3 Comments", "oldsailor74", "March 4, 2024 at 9:12 am", long_comment, "Reply",
              "Marta K. says:", "March 5, 2024 at 11:40 am", other_comment, "Reply",
              "Leave a Reply"]
    text = page(TITLE, *ARTICLE, *thread)
    assert_split(text, [TITLE, *ARTICLE], thread)


def test_comment_thread_without_heading_starts_at_says():
    comment = ("Great news for the island, though I wonder what the fishermen will say when the evening "
               "boats start taking their berths at the north quay every single night of the week.")
    text = page(TITLE, *ARTICLE, ["Tomas says:", "12 March 2024 at 8:01 pm"], comment, "Reply")
    assert_split(text, [TITLE, *ARTICLE], ["Tomas says:", "12 March 2024 at 8:01 pm", comment, "Reply"])


def test_related_posts_with_dates_and_teasers():
    related = ["Related Posts", "Ferry fares to rise in May", "March 2, 2024",
               "The operator said on Friday that fares on the island route would rise by...",
               "North pier reopens after repairs", "- by The Gazette on 20/02/2024",
               "Work on the north pier finished on 19 February after a winter of storms [...]",
               "Storm damage: what the council knew",
               "The council was warned in 2022 that the sea wall needed urgent work, documents show […]"]
    text = page(TITLE, *ARTICLE, *related)
    assert_split(text, [TITLE, *ARTICLE], related)


@pytest.mark.parametrize("heading", ["More articles you might like", "You may also like", "Read more",
                                     "Related", "Recommended for you", "Most read"])
def test_related_list_headings(heading):
    teaser_caption = ("The new ferry Saint Bride on her first crossing to the island in January, with the "
                      "harbour master on board.")
    listing = [heading, teaser_caption, "Ferry fares to rise in May",
               "The operator said on Friday that fares on the island route would rise by ten percent [...]",
               "Island school gets new roof", "Pupils returned on Monday to a dry classroom for the first time…"]
    text = page(TITLE, *ARTICLE, *listing)
    assert_split(text, [TITLE, *ARTICLE], listing)


def test_article_resumes_after_a_related_box_in_the_middle():
    box = ["Related", "Ferry fares to rise in May", "North pier reopens after repairs"]
    text = page(TITLE, P1, P2, *box, P3, P4, P5)
    assert_split(text, [TITLE, P1, P2, P3, P4, P5], box)


def test_newsletter_signup():
    signup = ["Sign up for our morning newsletter", "Enter your email address", "Subscribe",
              "Get the Gazette in your inbox every morning. Sign up now."]
    text = page(TITLE, P1, P2, signup[:3], P3, P4, signup[3])
    assert_split(text, [TITLE, *ARTICLE], signup)


def test_donation_appeal_paragraph_at_the_end():
    appeal = ("The Gazette is written by volunteers and has no stable funding. We depend on the generosity "
              "of readers like you, so please donate today to keep our reporting on the islands going.")
    text = page(TITLE, *ARTICLE, appeal, "Donation Form")
    assert_split(text, [TITLE, *ARTICLE], [appeal, "Donation Form"])


def test_copyright_footers():
    footers = ["© 2024 Harbour Gazette. All rights reserved.", "(c) Harbour Gazette, 2024",
               "Copyright 2024 Island Media Ltd"]
    text = page(TITLE, *ARTICLE, *footers)
    assert_split(text, [TITLE, *ARTICLE], footers)


def test_duplicate_teaser_line_before_the_paragraph_it_repeats():
    teaser = P1[:90] + "..."
    text = page(TITLE, teaser, *ARTICLE)
    assert_split(text, [TITLE, *ARTICLE], [teaser])


def test_image_captions():
    captions = [
        "Image credits: The north pier at dusk, January 2024. Picture courtesy of the harbour office.",
        "The ferry Saint Bride leaves the harbour on Tuesday evening. Photo: Harbour Gazette",
        "Councillors at the vote in the town hall (2024). Photo courtesy of the council press office.",
    ]
    text = page(TITLE, captions[0], P1, P2, captions[1], P3, captions[2], P4)
    assert_split(text, [TITLE, *ARTICLE], captions)


def test_bylines_datelines_and_counters():
    meta = ["By Mara Quill", "Published 5 March 2024", "4 min read", "312 reads"]
    text = page(TITLE, meta[:3], *ARTICLE, meta[3])
    assert_split(text, [TITLE, *ARTICLE], meta)


def test_tags_line():
    text = page(TITLE, *ARTICLE, "Tags: ferries, harbour council, island transport")
    assert_split(text, [TITLE, *ARTICLE], ["Tags: ferries, harbour council, island transport"])


# ---------------------------------------------------------------------------------------------- body


def test_subheadings_and_short_sentences_inside_the_article_are_body():
    text = page("Loading...", TITLE, P1, P2, "What the money buys", P3, "The vote was eleven to four.", P4,
                "He declined to comment further.", "Share")
    assert_split(text, [TITLE, P1, P2, "What the money buys", P3, "The vote was eleven to four.", P4,
                        "He declined to comment further."], ["Loading...", "Share"])


def test_only_the_nearest_line_above_the_article_is_the_headline():
    text = page("Loading...", "Why Support the Gazette?", "Island Gazette", TITLE, *ARTICLE)
    assert_split(text, [TITLE, *ARTICLE], ["Island Gazette", "Why Support the Gazette?"])


def test_standfirst_sentence_between_headline_and_article_is_body():
    standfirst = "Two late sailings will start in March."
    text = page("close", TITLE, standfirst, "By Mara Quill", *ARTICLE)
    assert_split(text, [TITLE, standfirst, *ARTICLE], ["close", "By Mara Quill"])


def test_clean_text_is_body_throughout():
    text = page(TITLE, *ARTICLE)
    assert body_spans(text) == [(0, len(text) - 1)]


def test_short_texts_are_body():
    assert body_spans("Talks resume on Monday.") == [(0, 23)]
    assert body_spans("Talks resume on Monday.\nShare\n") == [(0, 23)]
    assert body_spans("") == []
    assert body_spans("\n\n  \n") == []


def test_quote_asking_for_donations_inside_the_article_stays_body():
    quote = ("“We ask everyone who can to donate blood this week, and we thank you for your support,” the "
             "hospital director said on Monday, adding that stocks were at their lowest since 2019.")
    text = page("Share", TITLE, P1, quote, P2, P3)
    assert_split(text, [TITLE, P1, quote, P2, P3], ["Share"])


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = [textwrap.fill(p, width=72) for p in ARTICLE]
    text = page("Loading...", TITLE, *wrapped, "Related Posts", "Ferry fares to rise in May")
    wrapped_lines = [line for p in wrapped for line in p.split("\n")]
    assert_split(text, [TITLE, *wrapped_lines], ["Loading...", "Related Posts", "Ferry fares to rise in May"])


def test_crlf_free_offsets_and_whole_lines():
    text = page("Loading...", TITLE, *ARTICLE, "Related Posts", "Ferry fares to rise in May")
    spans = body_spans(text)
    assert spans == sorted(spans)
    for start, end in spans:
        assert start == 0 or text[start - 1] == "\n"
        assert end == len(text) or text[end] == "\n"
    assert text[spans[0][0]:spans[-1][1]].startswith(TITLE)
    assert text[spans[0][0]:spans[-1][1]].endswith(P4)


@hyp_settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([TITLE, P1, P2, P3, "", "Share", "Related Posts", "3 Comments", "Reply",
                                 "Loading...", "By Mara Quill", "x says:", "Teaser text that goes on...",
                                 "© 2024 Gazette", "   ", "Mara Quill", "See full bio >"]), max_size=30)
       | st.text(max_size=300))
def test_spans_are_valid_for_any_text(lines):
    text = "\n".join(lines) if isinstance(lines, list) else lines
    spans = body_spans(text)
    previous_end = -1
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start > previous_end
        previous_end = end


# ---------------------------------------------------------------------------------------------- seeds

# Expected body lines (1-based line numbers) of the five scraped seed articles, checked by reading
# them whole; every other non-blank line is furniture. See BENCHMARKS.md for the reasons per line.
# Expected body lines (1-based line numbers) of the five scraped seed articles, checked by reading
# them whole; every other non-blank line is furniture. See BENCHMARKS.md for the reasons per line.
# Doubtful calls: 001 line 28 (a caption ending "Image: <agency>.") is furniture while 001 line 38
# (a caption without a credit) is body; 002 line 29 (a footnote) is body.
SEED_BODY_LINES = {
    "000": [1, 5] + list(range(8, 35, 2)),
    "001": [6] + [n for n in range(10, 45, 2) if n != 28],
    "002": [4] + list(range(6, 27, 2)) + [29],
    "003": list(range(1, 20)),
    "004": [3] + list(range(7, 32, 2)),
}


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", sorted(SEED_BODY_LINES))
def test_seed_articles(prefix):
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not present at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not present in {SEEDS}")
    text = matches[0].read_text(encoding="utf-8")
    body = [v.line_no for v in classify_lines(text) if v.body]
    assert body == SEED_BODY_LINES[prefix]


# ---------------------------------------------------------------------------------------------- report


def _report_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "boilerplate_report.py"
    spec = importlib.util.spec_from_file_location("boilerplate_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_never_quotes_article_words():
    report = _report_module()
    assert report.snippet("Loading...") == "`Loading...`"
    assert report.snippet("RSS", furniture=False) == "1 words"
    for line in (P1, P2, "The vote was eleven to four.", TITLE):
        shown = report.snippet(line)
        assert shown == f"{len(line.split())} words"



def test_report_write_on_own_fixtures(tmp_path):
    report = _report_module()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(page("Loading...", TITLE, *ARTICLE, "Related Posts", "Ferry fares rise"))
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\n## Timing\nunchanged\n")
    assert report.main(["--seeds", str(seeds), "--write", str(target)]) == 0
    written = target.read_text()
    assert written.startswith("# Benchmarks\n\n## Timing\nunchanged\n")
    assert report.START_MARKER in written and report.END_MARKER in written
    assert "| 1 | furniture | loading placeholder |" in written
    assert P1 not in written
    assert report.main(["--seeds", str(seeds), "--write", str(target)]) == 0
    assert target.read_text() == written  # idempotent
    assert report.main(["--seeds", str(tmp_path / "absent")]) == 1


def test_breadcrumbs_and_advertisement_labels():
    furniture = ["Home » News » Islands", "News / Local / Harbour", "Advertisement - Scroll to continue"]
    text = page(furniture[:2], TITLE, P1, P2, furniture[2], P3, P4)
    assert_split(text, [TITLE, *ARTICLE], furniture)


def test_comment_form_lines():
    form = ["Leave a Reply Cancel reply", "You must be logged in to post a comment.",
            "Your email address will not be published. Required fields are marked *"]
    text = page(TITLE, *ARTICLE, *form)
    assert_split(text, [TITLE, *ARTICLE], form)


def test_a_speaker_introducing_a_quote_is_not_a_comment():
    quote = ("“We listened to the islanders, and we will keep listening to them when the winter timetable "
             "is drawn up later this year,” she said at the end of the meeting on Tuesday.")
    text = page("Share", TITLE, P1, P2, "The council leader said:", quote, P3, P4)
    assert_split(text, [TITLE, P1, P2, "The council leader said:", quote, P3, P4], ["Share"])


def test_about_the_author_section():
    bio = ("Mara Quill has reported on island transport, fisheries and local politics for more than a "
           "decade, and before that worked as a ferry deckhand for three summers.")
    text = page(TITLE, *ARTICLE, "About the author", bio)
    assert_split(text, [TITLE, *ARTICLE], ["About the author", bio])


def test_a_whole_scraped_page_with_every_kind_of_furniture():
    caption = ("Image credits: The ferry Saint Bride at the north quay, January 2024. Picture courtesy "
               "of the harbour office.")
    header = ["Loading...", "RSS", "Island news Harbour politics Ferries Weather", "Why Support the Gazette?"]
    teaser = P1[:80] + "..."
    bio = ["Mara Quill", "Every harbour has two tides: the one you see and the one you pay for. (Old saying)",
           "See full bio >", "The Gazette runs on your donations. Help us keep the islands informed.",
           "Donation Form (#2)"]
    comments = ["2 comments on “Harbour council adds evening ferries”",
                "  1. About time.", "    The last boat was always too early.", "    💜 oldsailor74",
                "  2. Who pays for this?", "    Not the mainland, that is for sure.", "    Marta K."]
    related = ["More articles you might like",
               "The north pier at dusk, seen from the ferry in the winter of 2023. Picture courtesy of Flickr.",
               "- - by The Gazette on 16/05/2024", "North pier reopens after repairs",
               "Work on the north pier finished on 19 February after a winter of storms that […]",
               "School roof finally fixed", "Pupils returned on Monday to a dry classroom for the first […]"]
    footer = ["(c) Harbour Gazette, 2024", "Follow the Gazette for more updates:", "  • Grey Facebook Icon",
              "  • Grey Twitter Icon", "bottom of page"]
    text = page(header, TITLE, teaser, caption, "By Mara Quill", P1, P2, "What the money buys", P3, P4,
                P5, *bio, *comments, *related, *footer)
    body = [TITLE, P1, P2, "What the money buys", P3, P4, P5]
    assert_split(text, body, [*header, teaser, caption, "By Mara Quill", *bio, *comments, *related, *footer])


@pytest.mark.parametrize("unit", [
    "The harbour council voted on Tuesday to add two evening ferries to the...\n",
    "Reply\n" + P1 + "\n",
    "Mara Quill\n" + P1 + "\n",
    "Tomas says:\nMarch 3, 2024 at 9:00 am\n" + P1 + "\n",
    "Related Posts\n" + P1 + "\n" + P2 + "\n",
])
def test_no_quadratic_blowup_on_repetitive_pages(unit):
    import time

    text = unit * (1_000_000 // len(unit)) + P1
    started = time.perf_counter()
    body_spans(text)
    assert time.perf_counter() - started < 5.0


def test_last_paragraph_mentioning_a_journalist_is_not_taken_for_a_bio():
    last = ("The mayor, a former journalist who covered the islands for twenty years, said the evening "
            "ferries would run at least until the end of October.")
    text = page("Share", TITLE, P1, P2, P3, last)
    assert_split(text, [TITLE, P1, P2, P3, last], ["Share"])
