"""Pictures: uploads through the admin, renditions, what readers' pages and machines get, bad
uploads refused, restores, purges and the media addresses."""

import io
import json
import re
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from PIL import Image, ImageCms

from articles import renditions
from articles.editing import history
from articles.models import Story
from tests.html_text import elements
from tests.pictures import GPS_IFD, decompression_bomb, photo_bytes, upload
from tests.test_admin import change_form_data
from tests.test_conflicts import change_url, login

GPS_OR_CAMERA = (GPS_IFD, 0x0110)


def stored_image(url):
    """A rendition read back from storage, by the address a page gives it."""
    name = url.removeprefix("http://127.0.0.1:8000").removeprefix("/media/")
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def post_picture(client, story, picture, **fields):
    """Save the story's change form with `picture` as its lead image."""
    data = change_form_data(story) | {"image": picture, "image_alt": "A view", **fields}
    return client.post(change_url(story), data)


def page_of(client, story):
    return client.get(story.get_absolute_url()).content.decode()


# --- Uploading in the admin ------------------------------------------------------------------


def test_an_editor_uploads_a_lead_image_and_readers_get_its_renditions(client, editor, make_story):
    story = make_story("Harbour reopens")
    response = post_picture(
        login(editor),
        story,
        upload(photo_bytes(1600, 900, gps=True)),
        image_caption="The harbour at dawn.",
        image_credit="Ana Pérez",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert re.fullmatch(r"pictures/[0-9a-f]{20}\.jpg", story.image.name)
    assert (story.image_width, story.image_height) == (1600, 900)
    picture = story.picture
    assert picture.widths == [360, 480, 720, 960, 1200]
    for width in picture.widths:
        for extension in ("webp", "jpg"):
            rendition = stored_image(picture.rendition(width, extension).url)
            assert rendition.size == (width, round(900 * width / 1600))
            assert rendition.format == {"webp": "WEBP", "jpg": "JPEG"}[extension]

    html = page_of(client, story)
    assert '<source type="image/webp" srcset="' in html
    assert picture.webp_srcset in html and picture.jpeg_srcset in html
    assert "720.webp 720w" in picture.webp_srcset
    assert 'sizes="(min-width: 40rem) 38rem, calc(100vw - 2rem)"' in html
    assert "The harbour at dawn." in html and "Ana Pérez" in html


def test_every_img_has_width_and_height_the_lead_is_fetched_first_others_lazily(
    client, pictured_story
):
    imgs = [attrs for _, attrs, _ in elements(page_of(client, pictured_story), "img")]
    assert len(imgs) == 2
    lead, section = imgs
    for img in imgs:
        stored = stored_image(img["src"])
        assert img["alt"]
        assert (int(img["width"]), int(img["height"])) == stored.size
    assert lead["fetchpriority"] == "high" and "loading" not in lead
    assert section["loading"] == "lazy" and "fetchpriority" not in section


def test_renditions_carry_no_exif_and_no_gps_position(pictured_story):
    with pictured_story.image.open() as original:
        exif = Image.open(original).getexif()
        assert exif.get_ifd(GPS_IFD), "the test picture must carry a GPS position"
    picture = pictured_story.picture
    urls = [r.url for ext in ("webp", "jpg") for r in picture.renditions(ext)]
    urls += [crop.url for crop in picture.crops]
    for url in urls:
        image = stored_image(url)
        assert not image.getexif(), url
        assert "exif" not in image.info and "xmp" not in image.info, url


def test_a_quarter_turned_photo_is_shown_upright(make_story):
    """EXIF orientation 6 (turn 90°): stored 1200x800, shown and rendered 800x1200."""
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), "teal").save(buffer, "JPEG", exif=exif)
    story = make_story("Upright")
    story.image = ContentFile(buffer.getvalue(), name="turned.jpg")
    story.image_alt = "A tall picture"
    story.save()
    story.refresh_from_db()
    assert (story.image_width, story.image_height) == (800, 1200)
    assert stored_image(story.picture.rendition(720, "jpg").url).size == (720, 1080)


def test_a_transparent_png_is_laid_on_white_and_its_colour_profile_kept(make_story):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.new("RGBA", (400, 300), (255, 0, 0, 0)).save(buffer, "PNG", icc_profile=profile)
    story = make_story("Transparent")
    story.image = ContentFile(buffer.getvalue(), name="logo.png")
    story.image_alt = "A logo"
    story.save()
    jpeg = stored_image(Story.objects.get(pk=story.pk).picture.rendition(400, "jpg").url)
    assert jpeg.getpixel((10, 10)) == (255, 255, 255)
    assert jpeg.info["icc_profile"] == profile
    assert not jpeg.getexif()


# --- What machines see ---------------------------------------------------------------------


def head_meta(html):
    return {
        attrs.get("property") or attrs.get("name"): attrs["content"]
        for _, attrs, _ in elements(html, "meta")
        if "content" in attrs
    }


def test_og_image_and_twitter_card_are_the_1200_wide_jpeg(client, pictured_story):
    meta = head_meta(page_of(client, pictured_story))
    assert meta["og:image"].startswith("http://127.0.0.1:8000/media/renditions/")
    assert meta["og:image"].endswith("/1200.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "675")
    assert stored_image(meta["og:image"]).size == (1200, 675)
    assert meta["og:image:alt"] == "Rooftops of the old town at dusk"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["twitter:image:alt"] == meta["og:image:alt"]


def test_a_story_without_a_picture_keeps_the_plain_card(client, make_story):
    meta = head_meta(page_of(client, make_story("No picture")))
    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta


def json_ld(html):
    scripts = elements(html, "script")
    (block,) = [body for _, attrs, body in scripts if attrs["type"] == "application/ld+json"]
    return json.loads(unescape(block))


def test_news_article_json_ld_has_the_16_9_4_3_and_1_1_centre_crops(client, pictured_story):
    images = json_ld(page_of(client, pictured_story))["image"]
    assert [url.rsplit("/", 1)[1] for url in images] == ["16x9.jpg", "4x3.jpg", "1x1.jpg"]
    sizes = [stored_image(url).size for url in images]
    assert sizes == [(1200, 675), (1200, 900), (900, 900)]
    assert all(url.startswith("http://127.0.0.1:8000/media/") for url in images)


# --- Bad uploads -----------------------------------------------------------------------------


def refused(client, story, picture, message):
    response = post_picture(client, story, picture, headline="Typed, not saved")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert message in html
    # Nothing lost: the form comes back with what the editor typed.
    assert response.context["adminform"].form["headline"].value() == "Typed, not saved"
    story.refresh_from_db()
    assert story.headline == "Bad picture" and not story.image
    return html


def test_a_file_that_is_not_an_image_is_refused(editor, make_story):
    story = make_story("Bad picture")
    refused(
        login(editor),
        story,
        upload(b"%PDF-1.7 not a picture", name="report.jpg"),
        "Upload a valid image.",
    )


@override_settings(PICTURE_MAX_UPLOAD_MB=1)
def test_a_picture_over_the_size_limit_is_refused(editor, make_story):
    story = make_story("Bad picture")
    noise = Image.frombytes("RGB", (700, 700), bytes(range(256)) * 5742 + bytes(48))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > 1_000_000
    refused(
        login(editor),
        story,
        upload(buffer.getvalue(), name="huge.png", content_type="image/png"),
        "the largest picture accepted is 1.0 MB",
    )


def test_a_decompression_bomb_is_refused_without_being_decoded(editor, make_story):
    story = make_story("Bad picture")
    bomb = decompression_bomb()
    assert len(bomb) < 100
    refused(
        login(editor),
        story,
        upload(bomb, name="bomb.png", content_type="image/png"),
        "This picture has too many pixels to process safely (at most 50 megapixels)",
    )


@override_settings(PICTURE_MAX_PIXELS=1_000_000)
def test_a_picture_over_the_pixel_limit_is_refused(editor, make_story):
    story = make_story("Bad picture")
    refused(login(editor), story, upload(photo_bytes(1600, 900)), "at most 1 megapixels")


def test_a_damaged_picture_is_refused(editor, make_story):
    story = make_story("Bad picture")
    cut_off = photo_bytes()[:20_000]
    refused(login(editor), story, upload(cut_off), "This picture is damaged or incomplete")


def test_the_change_form_links_the_current_picture_to_a_rendition(editor, pictured_story):
    html = login(editor).get(change_url(pictured_story)).content.decode()
    fallback = pictured_story.picture.fallback.url
    assert f'<a href="{fallback}">{pictured_story.image.name}</a>' in html
    assert f'href="/media/{pictured_story.image.name}"' not in html


def test_alt_text_is_required_with_a_picture_and_the_typing_is_kept(editor, make_story):
    story = make_story("Bad picture")
    response = post_picture(
        login(editor), story, upload(), image_alt=" ", image_caption="Kept caption"
    )
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Describe the picture for readers who can't see it." in html
    assert response.context["adminform"].form["image_caption"].value() == "Kept caption"
    story.refresh_from_db()
    assert not story.image


def test_a_section_picture_needs_alt_text_too(editor, make_story):
    story = make_story("Bad picture")
    data = change_form_data(story) | {"sections-0-image": upload(), "sections-0-image_alt": ""}
    response = login(editor).post(change_url(story), data)
    assert response.status_code == 200
    assert "Describe the picture" in unescape(response.content.decode())


def test_an_editor_adds_a_picture_to_a_section(client, editor, make_story):
    story = make_story("Sections", sections=2)
    data = change_form_data(story) | {
        "sections-1-image": upload(photo_bytes(640, 480), name="chart.jpg"),
        "sections-1-image_alt": "A chart",
        "sections-1-image_caption": "Rents since 2020.",
    }
    assert login(editor).post(change_url(story), data).status_code == 302
    section = story.sections.get(position=2)
    assert section.picture.widths == [360, 480, 640]
    html = page_of(client, story)
    assert section.picture.webp_srcset in html and "Rents since 2020." in html


# --- Restores, purges, query counts ------------------------------------------------------------


def test_a_restore_brings_back_the_old_picture_and_its_file_still_exists(
    client, editor, make_story
):
    story = make_story("Restored")
    editor_client = login(editor)
    assert post_picture(editor_client, story, upload(photo_bytes(colour=10))).status_code == 302
    story.refresh_from_db()
    first, first_version = story.image.name, story.version
    assert post_picture(editor_client, story, upload(photo_bytes(colour=240))).status_code == 302
    story.refresh_from_db()
    assert story.image.name != first
    assert default_storage.exists(first)  # the original a revision points at is kept

    # Restore, as an editor does it, the version that had the first picture.
    [revision] = [
        version
        for version in history.story_versions(story.pk)
        if version.revision.story_versions.get().version == first_version
    ]
    response = editor_client.post(
        reverse("admin:articles_story_revision", args=[story.pk, revision.pk]),
        {"current_version": str(story.version)},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.image.name == first
    assert (story.image_width, story.image_height) == (1600, 900)
    assert story.picture.webp_srcset in page_of(client, story)


def test_a_changed_picture_shows_on_the_very_next_request(client, editor, make_story):
    story = make_story("Purged")
    editor_client = login(editor)
    post_picture(editor_client, story, upload(photo_bytes(colour=20)))
    story.refresh_from_db()
    before = story.picture.webp_srcset
    assert before in page_of(client, story)  # now stored in the page cache
    assert before in page_of(client, story)
    post_picture(editor_client, story, upload(photo_bytes(colour=200)))
    story.refresh_from_db()
    html = page_of(client, story)
    assert story.picture.webp_srcset in html and before not in html


def test_a_picture_adds_no_query_to_the_story_page(
    client, pictured_story, django_assert_num_queries
):
    """As many as any story page (tests/test_story_page.py): the picture is columns of rows
    read anyway, and its addresses need no storage access."""
    with django_assert_num_queries(3):
        assert client.get(pictured_story.get_absolute_url()).status_code == 200


def test_the_seed_story_has_no_picture_markup(client, seed_story):
    html = page_of(client, seed_story)
    assert "<picture" not in html and "<img" not in html and "og:image" not in html
    assert '"image"' not in html


# --- Media addresses ---------------------------------------------------------------------------


def test_renditions_are_served_with_immutable_caching(client, pictured_story):
    url = pictured_story.picture.fallback.url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


@pytest.mark.parametrize(
    "path",
    [
        "/media/renditions/nothing/720.jpg",
        "/media/renditions/",
        "/media/../newsroom/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/pictures/%00.jpg",
        "/media/" + "x" * 5000,
    ],
)
def test_bad_media_paths_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_originals_with_their_exif_are_never_served(client, pictured_story):
    assert default_storage.exists(pictured_story.image.name)
    assert client.get(f"/media/{pictured_story.image.name}").status_code == 404


def test_media_are_not_served_by_the_app_when_serve_media_is_off(client, pictured_story):
    url = pictured_story.picture.fallback.url
    with override_settings(SERVE_MEDIA=False):
        assert client.get(url).status_code == 404


def test_media_answers_never_enter_the_page_cache(client, pictured_story):
    url = pictured_story.picture.fallback.url
    assert client.post(url).status_code == 405
    assert "s-maxage" not in client.get(url)["Cache-Control"]


def test_the_same_picture_uploaded_twice_is_stored_once(editor, make_story):
    one, two = make_story("One"), make_story("Two")
    editor_client = login(editor)
    post_picture(editor_client, one, upload(photo_bytes(colour=77)))
    post_picture(editor_client, two, upload(photo_bytes(colour=77)))
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.image.name == two.image.name


def test_the_picture_a_390px_phone_picks(pictured_story):
    picture = pictured_story.picture
    assert picture.selected(390 - 32).width == 360
    assert renditions.Picture.of(Story(headline="x")) is None


# --- Two editors at once -------------------------------------------------------------------


def both_open(story, make_user):
    """Editors Ana and Bo (logged-in clients) open `story`'s form; and the form data they got."""
    ana, bo = login(make_user("ana", "Editors")), login(make_user("bo", "Editors"))
    ana.get(change_url(story))
    opened = change_form_data(Story.objects.get(pk=story.pk))
    bo.get(change_url(story))
    return ana, bo, opened


def test_a_picture_uploaded_while_someone_else_saved_is_merged_in(client, make_user, make_story):
    story = make_story("Merged", sections=1)
    ana, bo, opened = both_open(story, make_user)
    assert bo.post(change_url(story), opened | {"headline": "Bo's headline"}).status_code == 302
    response = ana.post(change_url(story), opened | {"image": upload(), "image_alt": "Ana's"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Bo's headline"
    assert story.image and story.image_alt == "Ana's"


def test_a_section_picture_follows_its_section_when_a_merge_moves_the_rows(make_user, make_story):
    """Bo deletes the first section while Ana adds a picture to the second: the merged form
    has the second section in its first row, and the picture goes with it."""
    story = make_story("Moved", sections=2)
    ana, bo, opened = both_open(story, make_user)
    assert bo.post(change_url(story), opened | {"sections-0-DELETE": "on"}).status_code == 302
    picture = {"sections-1-image": upload(), "sections-1-image_alt": "The second's"}
    response = ana.post(change_url(story), opened | picture)
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    [section] = Story.objects.get(pk=story.pk).sections.all()
    assert section.heading == "Heading 2"
    assert section.image and section.image_alt == "The second's"


def test_two_editors_uploading_different_pictures_clash_and_nothing_is_lost(make_user, make_story):
    story = make_story("Clash")
    ana, bo, opened = both_open(story, make_user)
    bo_picture = {"image": upload(photo_bytes(colour=1)), "image_alt": "Bo's"}
    assert bo.post(change_url(story), opened | bo_picture).status_code == 302
    bo_name = Story.objects.get(pk=story.pk).image.name
    ana_picture = {"image": upload(photo_bytes(colour=2)), "image_alt": "Ana's"}
    response = ana.post(change_url(story), opened | ana_picture)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Not saved:" in html and bo_name in html
    [clash] = [c for c in response.context["edit_clashes"] if c.label == "Image"]
    assert clash.their_inputs == {}  # "Use their version": keep the stored picture
    assert Story.objects.get(pk=story.pk).image.name == bo_name


def test_comparing_versions_with_pictures_names_them(editor, make_story):
    story = make_story("Compared")
    editor_client = login(editor)
    post_picture(editor_client, story, upload(photo_bytes(colour=3)))
    story.refresh_from_db()
    new, old = list(history.story_versions(story.pk))[:2]
    url = reverse("admin:articles_story_compare", args=[story.pk])
    response = editor_client.get(url + f"?old={old.pk}&new={new.pk}")
    assert response.status_code == 200
    assert story.image.name in unescape(response.content.decode())


def test_the_picture_tag_serves_cards_and_the_front_page_lead(pictured_story):
    """The front page's API: {% picture story.picture "card" %} and "top"."""

    def render(text):
        return Template("{% load reader_pages %}" + text).render(Context({"story": pictured_story}))

    card = render('{% picture story.picture "card" %}')
    assert 'sizes="(min-width: 40rem) 12rem, 33vw"' in card and 'loading="lazy"' in card
    assert "<figure" not in card and "<figcaption" not in card
    top = render('{% picture story.picture "top" sizes="100vw" %}')
    assert 'sizes="100vw"' in top and 'fetchpriority="high"' in top
    assert render('{% picture None "card" %}').strip() == ""
