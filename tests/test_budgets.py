"""Page weight budgets: story HTML ≤ 30 KB, hand-written CSS ≤ 14 KB, no script but JSON-LD."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from tests.html_text import elements
from tests.pictures import detailed_photo_bytes

STATIC = Path(__file__).resolve().parent.parent / "static"
STORY_HTML_BUDGET = 30 * 1024
CSS_BUDGET = 14 * 1024


@pytest.mark.parametrize("name", ["story page", "story page with every part"])
def test_story_page_html_is_at_most_30_kb(client, reader_pages, name):
    assert len(client.get(reader_pages[name]).content) <= STORY_HTML_BUDGET


def test_a_long_story_stays_within_the_budget_relative_to_its_text(client, make_story):
    """The page adds a fixed frame to the text, not a copy per section."""
    story = make_story(sections=40, links=10)
    html = client.get(story.get_absolute_url()).content
    text = sum(len(s.heading) + len(s.body) for s in story.sections.all())
    assert len(html) - text <= 16 * 1024


def test_all_css_together_is_at_most_14_kb():
    sheets = list(STATIC.rglob("*.css"))
    assert sheets, "no stylesheet found"
    assert sum(sheet.stat().st_size for sheet in sheets) <= CSS_BUDGET


def test_pages_load_exactly_the_one_stylesheet(client, reader_pages):
    for name, path in reader_pages.items():
        html = client.get(path).content.decode()
        sheets = [a["href"] for t, a, _ in elements(html, "link") if a.get("rel") == "stylesheet"]
        assert sheets == ["/static/css/site.css"], name
        assert "<style" not in html, name


def test_no_script_elements_except_json_ld(client, reader_pages):
    for name, path in reader_pages.items():
        html = client.get(path).content.decode()
        scripts = [attrs for tag, attrs, _ in elements(html, "script")]
        assert all(attrs == {"type": "application/ld+json"} for attrs in scripts), name
        assert len(scripts) <= 1, name
        handlers = [a for _, attrs, _ in elements(html) for a in attrs if a.startswith("on")]
        assert handlers == [], name
        assert "javascript:" not in html, name


PHONE_PAGE_BUDGET = 150 * 1024


def test_a_story_with_a_lead_image_is_under_150_kb_on_a_390px_phone(client, seed_story):
    """The seed story's text with a detailed 2400 x 1350 photo: its HTML, the CSS, and the lead
    image's rendition that a 390 px wide phone (at 1x) picks from the WebP srcset for the slot
    `sizes` gives it there: the calc(100vw - 2rem) column."""
    seed_story.image = ContentFile(detailed_photo_bytes(), name="lead.jpg")
    seed_story.image_alt = "A detailed test picture"
    seed_story.save()
    html = client.get(seed_story.get_absolute_url()).content
    source = next(attrs for _, attrs, _ in elements(html.decode(), "source"))
    assert source["sizes"].endswith("calc(100vw - 2rem)")
    slot = 390 - 2 * 16
    candidates = sorted(
        (int(width.removesuffix("w")), url)
        for url, width in (entry.split() for entry in source["srcset"].split(", "))
    )
    width, url = next((w, u) for w, u in candidates if w >= slot)
    assert width == 360
    picture = b"".join(client.get(url).streaming_content)
    assert len(picture) > 5 * 1024  # a photo's weight, not a flat colour's
    css = (STATIC / "css" / "site.css").stat().st_size
    assert len(html) + css + len(picture) <= PHONE_PAGE_BUDGET
