"""Section bodies' Markdown subset: what it makes, what stays text, what is refused, and that
readers' pages, search, summaries and feeds get the right half (HTML or plain text)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from articles import markup
from articles.importer import import_story
from articles.models import Section, Story, paragraphs
from articles.rerendering import render_bodies
from tests.html_text import elements, main_content
from tests.test_admin import add_form_data


def html_of(source, **options):
    return markup.render(source, site_host="news.example", **options).html


# --- What the subset makes ------------------------------------------------------------------

SUBSET = [
    ("*emphasis* and _this_", "<p><em>emphasis</em> and <em>this</em></p>\n"),
    ("**strong** and __this__", "<p><strong>strong</strong> and <strong>this</strong></p>\n"),
    (
        "See [the minutes](https://other.example/m?a=1&b=2).",
        '<p>See <a href="https://other.example/m?a=1&amp;b=2" rel="noopener">'
        "the minutes</a>.</p>\n",
    ),
    ("[ours](/stories/x/)", '<p><a href="/stories/x/">ours</a></p>\n'),
    ("[ours](https://news.example/x)", '<p><a href="https://news.example/x">ours</a></p>\n'),
    ("[write](mailto:desk@news.example)", '<p><a href="mailto:desk@news.example">write</a></p>\n'),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
    ("* one\n* two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
    ("1. one\n2. two\n3. three", "<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>\n"),
    ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'),
    ("> Quoted,\n> and more.", "<blockquote>\n<p>Quoted,\nand more.</p>\n</blockquote>\n"),
    (
        "- a *b* [c](/c/)\n- d",
        '<ul>\n<li>a <em>b</em> <a href="/c/">c</a></li>\n<li>d</li>\n</ul>\n',
    ),
]


@pytest.mark.parametrize(("source", "html"), SUBSET)
def test_the_subset_renders_links_emphasis_lists_and_quotes(source, html):
    assert html_of(source) == html


def test_nofollow_is_added_to_links_to_other_sites_when_set():
    html = html_of("[a](https://other.example/) [b](/ours/)", nofollow=True)
    assert html == (
        '<p><a href="https://other.example/" rel="nofollow noopener">a</a> '
        '<a href="/ours/">b</a></p>\n'
    )


# --- Plain text that only looks like Markdown stays exactly as typed --------------------------

LOOKS_LIKE_MARKDOWN = [
    "1. The council voted on Tuesday.",
    "2024. A year of change.",
    "* Additional reporting by Ana Pérez",
    "- 5 degrees overnight",
    "Turnout:\n- north 40%\n- south 38%",  # not every line an item
    "1. first\nwrapped line",
    "- a\n  - nested",
    "snake_case_name and file_name_here",
    "2*3*4 = 24, and 5 * 6 * 7",
    "# Not a heading",
    "## Nor this",
    "Title line\n==========",
    "Title line\n----------",
    ">50% turnout, 3 > 2",
    "> a quote\nthat goes on without a marker",
    "See [1] and [2], and [a footnote]",
    "[ref]: https://example.com/",
    r"C:\Users\desk\notes, a\_b, 1\*2 and \[1\]",
    "<b>bold</b> and <script>alert(1)</script> typed as text",
    "&amp; &lt; &#106; typed as entities",
    "`code` and ```fence```",
    "    four spaces in",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "***",
    "<https://example.com/>",
    "https://example.com/ bare",
    "~~struck~~",
    "Line with two trailing spaces  \nnext",
]


@pytest.mark.parametrize("source", LOOKS_LIKE_MARKDOWN)
def test_text_that_only_looks_like_markdown_renders_as_typed(source):
    rendered = markup.render(source)
    shown = elements(rendered.html)
    assert [tag for tag, _, _ in shown] == ["p"]
    # Exactly the characters typed (the page collapses whitespace as HTML does).
    assert shown[0][2] == " ".join(source.strip().split())
    assert rendered.text == source.strip()


def test_paragraphs_are_still_split_at_blank_lines():
    html = html_of("One.\n\nTwo,\nstill two.\r\n\r\nThree.\n \nFour.")
    assert html == "<p>One.</p>\n<p>Two,\nstill two.</p>\n<p>Three.</p>\n<p>Four.</p>\n"


def test_the_seed_renders_every_paragraph_exactly(seed_story):
    for section in seed_story.sections.all():
        expected = "".join(f"<p>{p}</p>\n" for p in paragraphs(section.body))
        assert section.body_html == expected
        assert section.body_text == section.body


# --- Hostile input ----------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](java\\\nscript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    '[x](https://ok.example/ "title" onmouseover="alert(1)")',
    '[x](https://ok.example/"onmouseover="alert(1))',
    "[*x*](javascript:alert(1)) and **[y](data:,1)**",
    "[[x](javascript:1)](https://ok.example/)",
    "![x](javascript:alert(1))",
    "> <iframe src=//evil.example></iframe>\n> [x](javascript:1)",
    "- <svg onload=alert(1)>\n- [x](javascript:1)",
    "<!-- comment --> <style>p{}</style>",
]


@pytest.mark.parametrize("source", XSS)
def test_xss_attempts_come_out_as_text_and_safe_links(source):
    html = html_of(source)
    tags = {tag for tag, _, _ in elements(html)}
    assert tags <= markup.TAGS
    for _, attrs, _ in elements(html):
        assert set(attrs) <= {"href", "title", "rel", "start"}
        href = attrs.get("href", "https:")
        assert markup.allowed_address(href), href
    assert not re.search(r"<(script|img|iframe|svg|style)", html, re.IGNORECASE)


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "data:text/html,hi", "vbscript:x", "file:///etc/passwd", "ftp://x/"],
)
def test_links_to_refused_schemes_are_dropped_with_their_text_kept(address):
    rendered = markup.render(f"Read [the text]({address}) here.")
    assert rendered.html == "<p>Read the text here.</p>\n"
    assert rendered.text == "Read the text here."
    assert rendered.refused_links


def test_nh3_removes_what_the_subset_never_makes():
    dirty = (
        '<p onclick="x"><img src="x"><a href="javascript:alert(1)" style="x">a</a>'
        '<script>alert(1)</script><h1>h</h1><ol start="2" type="a"><li>i</li></ol></p>'
    )
    # Parsed as a browser would (an <h1> closes the <p>), then only the allowed parts kept.
    assert markup.sanitise(dirty) == '<p><a>a</a></p>h<ol start="2"><li>i</li></ol><p></p>'


@pytest.mark.parametrize(
    "source",
    ["[" * 50_000, "*" * 50_000, "> " * 20_000, "[a](" * 20_000, "*a _b " * 20_000, "_" * 50_000],
)
def test_very_long_or_deeply_nested_input_stays_text(source):
    rendered = markup.render(source)
    assert rendered.text == source.strip()
    assert [tag for tag, _, _ in elements(rendered.html)] == ["p"]


def test_a_very_long_list_is_one_list():
    rendered = markup.render("- item\n" * 5000)
    assert rendered.html.count("<li>item</li>") == 5000
    assert rendered.text == "\n".join(["item"] * 5000)


# --- Typographic quotes on output only --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('The mayor\'s "plan"', "The mayor’s “plan”"),
        ("'Quoted' and 'nested \"double\"'", "‘Quoted’ and ‘nested “double”’"),
        ("Don't, won't, o'clock", "Don’t, won’t, o’clock"),
        ("Already “curly” and ‘single’", "Already “curly” and ‘single’"),
        ('<b class="x">', "&lt;b class=“x”&gt;"),
        ("No quotes & <tags>", "No quotes &amp; &lt;tags&gt;"),
    ],
)
def test_straight_quotes_become_typographic(text, shown):
    assert markup.typographic(text) == shown


def test_quotes_inside_link_addresses_and_titles_are_left_alone():
    html = html_of('He said "[read](https://other.example/?q="x"&r=\'y\' "it\'s")".')
    assert html == (
        "<p>He said “<a href=\"https://other.example/?q=%22x%22&amp;r='y'\" "
        'title="it\'s" rel="noopener">read</a>”.</p>\n'
    )


def test_stored_text_and_plain_text_keep_straight_quotes(make_story):
    story = make_story('The mayor\'s "plan"')
    section = story.sections.get()
    section.body = 'She said "no". It\'s *final*.'
    section.save()
    section.refresh_from_db()
    assert section.body == 'She said "no". It\'s *final*.'
    assert section.body_text == 'She said "no". It\'s final.'
    assert section.body_html == "<p>She said “no”. It’s <em>final</em>.</p>\n"


def test_story_page_shows_typographic_quotes_but_metadata_keeps_them_as_typed(client, make_story):
    story = make_story('The mayor\'s "plan"', standfirst="It's 'big'", links=0)
    html = client.get(story.get_absolute_url()).content.decode()
    assert [text for _, _, text in elements(html, "h1")] == ["The mayor’s “plan”"]
    assert "It’s ‘big’" in [text for _, _, text in elements(html, "p")]
    assert '"headline":"The mayor\'s \\"plan\\""' in html  # JSON-LD: as typed
    assert '<meta name="twitter:title" content="The mayor&#x27;s &quot;plan&quot;">' in html


# --- Stored, written by every writer ----------------------------------------------------------

MARKUP_BODY = (
    "A *new* rule, says [the council](https://other.example/minutes).\n\n"
    "- first point\n- second point\n\n> “Quoted,” she said."
)


def test_bulk_created_sections_are_rendered_too(make_story):
    story = make_story()
    Section.objects.bulk_create([Section(story=story, position=9, body=MARKUP_BODY)])
    section = story.sections.get(position=9)
    assert "<em>new</em>" in section.body_html and "<ul>" in section.body_html
    assert section.body_text.startswith("A new rule, says the council.")


def test_a_row_that_got_in_another_way_has_its_refused_link_dropped(make_story):
    story = make_story()
    Section.objects.bulk_create([Section(story=story, position=9, body="[x](javascript:1) y")])
    assert story.sections.get(position=9).body_html == "<p>x y</p>\n"


def test_loaddata_renders_the_bodies_it_loads(seed_story):
    Section.objects.update(body_html="", body_text="")
    call_command("loaddata", "seed", verbosity=0)  # the seed is unedited: loaded again, raw
    assert all(section.body_html for section in Section.objects.all())


def test_import_keeps_the_source_exact_and_renders_its_markup(db, tmp_path):
    path = tmp_path / "article.txt"
    lines = ["A headline", "See [the report](https://other.example/r) and *this*.", "", "More"]
    path.write_text("\n".join(lines), encoding="utf-8")
    story = import_story(path)
    section = story.sections.get()
    assert section.body == lines[1]
    assert section.body_html == (
        '<p>See <a href="https://other.example/r" rel="noopener">the report</a> and '
        "<em>this</em>.</p>\n"
    )


def test_the_fixture_keeps_only_what_editors_wrote(seed_story, tmp_path):
    out = tmp_path / "dump.json"
    call_command("dumpdata", "articles.section", output=str(out), verbosity=0)
    dumped = out.read_text(encoding="utf-8")
    assert "body_html" not in dumped and "body_text" not in dumped


def test_the_story_page_does_not_parse_markdown(client, make_story, monkeypatch):
    story = make_story()
    section = story.sections.get()
    section.body = MARKUP_BODY
    section.save()

    def refuse(*args, **kwargs):
        raise AssertionError("a reader's request parsed Markdown")

    monkeypatch.setattr(markup, "render", refuse)
    monkeypatch.setattr(markup.BLOCKS, "parse", refuse)
    monkeypatch.setattr(markup.PARAGRAPH, "parse", refuse)
    html = main_content(client.get(story.get_absolute_url()).content.decode())
    assert '<a href="https://other.example/minutes" rel="noopener">the council</a>' in html
    assert "<li>second point</li>" in html and "<blockquote>" in html


def test_render_bodies_rerenders_after_the_nofollow_setting_changes(client, make_story):
    story = make_story()
    section = story.sections.get()
    section.body = MARKUP_BODY
    section.save()
    client.get(story.get_absolute_url())  # stored as it is
    with override_settings(BODY_LINKS_NOFOLLOW=True):
        assert render_bodies() == 1
        assert render_bodies() == 0
    assert 'rel="nofollow noopener"' in client.get(story.get_absolute_url()).content.decode()


# --- Plain text where plain text belongs ------------------------------------------------------


@pytest.fixture
def marked_up_story(make_story):
    story = make_story("Council news")
    section = story.sections.get()
    section.body = "The [zoning report](https://other.example/zzqx) was **approved**."
    section.save()
    story.refresh_from_db()
    return story


def test_summary_and_feed_use_the_plain_text(client, marked_up_story):
    assert marked_up_story.summary == "The zoning report was approved."
    feed = client.get(reverse("articles:rss")).content.decode()
    assert "The zoning report was approved." in feed and "zzqx" not in feed


def test_search_finds_link_text_but_not_the_address(client, marked_up_story):
    found = client.get("/search/", {"q": "zoning report"}).content.decode()
    assert "Council news" in found
    missed = client.get("/search/", {"q": "zzqx"}).content.decode()
    assert "Council news" not in missed


def test_reading_time_counts_the_words_readers_read(make_story):
    story = make_story()
    section = story.sections.get()
    title = " ".join(["hidden"] * 500)  # 500 words in the source, none on the page
    section.body = f'[word](https://other.example/ "{title}")'
    section.save()
    assert Story.objects.with_body().get(pk=story.pk).reading_minutes == 1


# --- Editors: validation, help text -----------------------------------------------------------


def test_full_clean_refuses_a_javascript_link(make_story):
    section = make_story().sections.get()
    section.body = "Fine text and [a trap](javascript:alert(1))."
    with pytest.raises(ValidationError, match="javascript:alert"):
        section.full_clean()


def test_the_admin_refuses_a_javascript_link_and_keeps_the_text(admin_client, db):
    lead = "Good text.\n\nThen [a trap](javascript:alert(document.cookie)) here."
    data = add_form_data("Trap", "trap", lead)
    response = admin_client.post(reverse("admin:articles_story_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "is not allowed: links may go to http, https or mailto addresses" in page
    assert "Then [a trap](javascript:alert(document.cookie)) here." in page
    assert not Story.objects.filter(slug="trap").exists()


def test_the_admin_shows_the_rules_to_editors(admin_client, seed_story):
    page = admin_client.get(reverse("admin:articles_story_change", args=[seed_story.pk]))
    assert (
        "a paragraph whose every line starts with “- ” is a bulleted list" in page.content.decode()
    )


def test_the_admin_saves_markup_and_readers_see_it(admin_client, client, db):
    data = add_form_data("Marked up", "marked-up", MARKUP_BODY)
    response = admin_client.post(reverse("admin:articles_story_add"), data)
    assert response.status_code == 302
    story = Story.objects.get(slug="marked-up")
    assert story.sections.get().body == MARKUP_BODY
    html = main_content(client.get(story.get_absolute_url()).content.decode())
    shown = elements(html, "em", "a", "li", "blockquote")
    assert ("em", {}, "new") in shown
    assert ("li", {}, "second point") in shown
    assert ("blockquote", {}, "“Quoted,” she said.") in shown


# --- The plain-paragraph shortcut renders exactly as markdown-it does ---------------------------

PLAIN_LOOKING = [
    "The council met.",
    "“Quoted,” she said — at 5 p.m.; 2 + 2 = 4, 50% (roughly) #1 ~ | ! ? { } = $ @ ^",
    "1. The council alone",
    "- a dash, not a list",
    "café naïve 東京 Ελλάδα emoji 🎉",
    "   spaced    inside   ",
    "a  b",
]


def generated_paragraphs(count):
    import random

    from articles.generator import Vocabulary

    words = Vocabulary(random.Random(7))
    return [words.paragraph() for _ in range(count)]


@pytest.mark.parametrize("block", PLAIN_LOOKING + generated_paragraphs(200))
def test_a_plain_paragraph_takes_the_shortcut_and_renders_as_markdown_it_would(block):
    block = block.strip()
    assert markup.PLAIN_PARAGRAPH.fullmatch(block)
    assert markup.render(block) == markup.Rendered(
        markup.sanitise(markup.parse_and_render(block, "", False)[0]), block, []
    )


@pytest.mark.parametrize(
    "block", ["it's", 'say "hi"', "a & b", "x < y", "*em*", "snake_case", "[1]", "a\\b", "\xa0x"]
)
def test_a_paragraph_with_any_character_markdown_it_acts_on_does_not_take_the_shortcut(block):
    assert not markup.PLAIN_PARAGRAPH.fullmatch(block)
