"""Stories, the headed sections of their bodies, the related links shown under them, and the
share links that let someone without an account preview a draft."""

import textwrap
from datetime import timedelta

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import CASCADE, ProtectedError, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .anatomy import heading_anchors, reading_minutes
from .markup import BODY_HELP_TEXT, refuse_unsafe_links
from .rendered_fields import RenderedBodyField
from .renditions import Picture
from .slugs import SLUG_MAX_LENGTH, unique_slug
from .text import PlainCharField, PlainTextField, PlainURLField
from .uploads import PictureField

# Search engines show about this much of a description; feeds and cards use the same text.
SUMMARY_MAX_CHARS = 160


class StoryQuerySet(models.QuerySet):
    def published(self, at=None):
        """The one definition of "visible to readers": published, and its time has come (by
        `at`, or else now)."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=at or timezone.now())

    def scheduled(self):
        """Published, but readers see it only when its time comes; no job needs to run."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__gt=timezone.now())

    def drafts(self):
        return self.filter(status=Story.Status.DRAFT)

    def top_stories(self):
        """Live stories an editor made top story, the most recently promoted first: the first
        leads the front page. Unpublished and scheduled ones never do."""
        return self.published().filter(top_story=True).order_by("-promoted_at", "-pk")

    def with_body(self):
        """Everything the story page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "sections",
            "corrections",
            models.Prefetch(
                "related_links",
                queryset=RelatedLink.objects.select_related("target").defer(
                    "target__search_document"
                ),
            ),
        )


class StoryManager(models.Manager.from_queryset(StoryQuerySet)):
    def get_queryset(self):
        # The search document is large and only the database reads it; leaving it out also
        # means saving a loaded story never writes it back (articles/derived.py writes it).
        return super().get_queryset().defer("search_document")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Pictured(models.Model):
    """A picture with the words that go with it: a story's lead image, or a section's.

    The renditions readers get are made when the row is saved (articles/renditions.py).
    """

    image = PictureField(
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text="A JPEG, PNG, WebP or AVIF photo, at least 1200 pixels wide for sharing. "
        "Readers get it resized, without its EXIF data (camera, GPS position).",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = PlainCharField(
        "alt text",
        max_length=300,
        blank=True,
        help_text="Required with a picture: what it shows, for readers who can't see it "
        "(not the caption again).",
    )
    image_caption = PlainCharField("caption", max_length=500, blank=True)
    image_credit = PlainCharField(
        "credit", max_length=200, blank=True, help_text="Who took it, e.g. “Jane Doe/Reuters”."
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": "Describe the picture for readers who can't see it."},
                code="alt_required",
            )

    @property
    def picture(self):
        """The picture as pages show it (articles.renditions.Picture), or None."""
        return Picture.of(self)


@reversion.register(follow=["sections", "related_links"])
class Story(Pictured):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class State(models.TextChoices):
        """What readers get: derived from status and time, never stored."""

        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"

    headline = PlainCharField(max_length=300)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        help_text="The story's address. Letters in any script, digits and hyphens.",
    )
    standfirst = PlainTextField(blank=True, help_text="A one- or two-sentence summary.")
    byline = PlainCharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers may see it. A time in the future schedules the story.",
    )
    top_story = models.BooleanField(
        "Top story",
        default=False,
        help_text="Lead the front page with this story while it is live. The story most "
        "recently made top story leads; with none live, the newest story does.",
    )
    # When top_story was last ticked: the most recent promotion wins, so promoting a story
    # never has to write to the one it replaces (which may be open in someone's form).
    promoted_at = models.DateTimeField(null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a substantive change was last made; readers see it as “Updated”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with every editing save; a form opened on an older number "
        "is merged or refused, never saved over newer text.",
    )
    # Derived from the text and stored, so that lists, feeds and search never read every
    # section: articles/derived.py keeps both current on every write (signals, importer,
    # bulk loads). Not serialized: fixtures and revisions hold only what editors wrote.
    summary = models.CharField(
        max_length=SUMMARY_MAX_CHARS,
        blank=True,
        editable=False,
        serialize=False,
        help_text="The standfirst, or else the opening of the lead, on one line.",
    )
    # PostgreSQL's weighted full-text document (headline A, standfirst B, sections C, byline
    # D), GIN-indexed by migration 0005. Unused (NULL) on SQLite, whose FTS5 table holds it.
    search_document = SearchVectorField(null=True, editable=False, serialize=False)

    objects = StoryManager()

    class Meta:
        verbose_name_plural = "stories"
        permissions = [("publish_story", "Can publish, schedule and unpublish stories")]
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Readers' lists: published() newest first (front page, feeds, sitemaps).
            models.Index(fields=["status", "-published_at", "-id"], name="story_listing_idx"),
            # The admin's list: every story, the newest written first, whatever its status; and
            # its search, which walks this in order for a common word (articles/search.py).
            models.Index(fields=["-created_at", "-id"], name="story_created_idx"),
            # The front page's lead: the few top stories, most recently promoted first.
            models.Index(
                fields=["-promoted_at", "-id"],
                name="story_top_idx",
                condition=Q(top_story=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="story_status_valid"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="story_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="story_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            others = Story.objects.exclude(pk=self.pk)
            self.slug = unique_slug(self.headline, lambda s: others.filter(slug=s).exists())
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if not self.top_story:
            self.promoted_at = None
        elif self.promoted_at is None:
            self.promoted_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_live(self):
        return self.state == self.State.LIVE

    @property
    def state(self):
        if self.status == self.Status.DRAFT:
            return self.State.DRAFT
        if self.published_at is not None and self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State.LIVE

    @property
    def modified_at(self):
        """The last substantive change, or publication: what "dateModified" and lastmod mean."""
        return self.revised_at or self.published_at

    # The story page's parts. They read `sections`, so use them on a story from `with_body()`.

    @cached_property
    def body(self):
        """The sections in order, each with `anchor`: a stable id from its heading, or "".

        The lead has no heading and no anchor.
        """
        sections = list(self.sections.all())
        anchors = iter(heading_anchors(section.heading for section in sections if section.heading))
        for section in sections:
            section.anchor = next(anchors) if section.heading else ""
        return sections

    @property
    def table_of_contents(self):
        """The headed sections, in order; the page lists them when there are two or more."""
        return [section for section in self.body if section.heading]

    @cached_property
    def published_corrections(self):
        """The corrections readers see, oldest first (the order they were made in)."""
        return [c for c in self.corrections.all() if c.published_at is not None]

    @cached_property
    def reading_minutes(self):
        texts = [self.headline, self.standfirst]
        for section in self.body:
            texts += [section.heading, section.body_text]
        return reading_minutes(texts)


def summarize(headline, standfirst, bodies):
    """A story's summary: the standfirst, or else the opening of the lead (the first paragraph
    of its section bodies, in order), on one line and at most SUMMARY_MAX_CHARS characters.

    For cards, the meta description, OpenGraph, JSON-LD and feeds: never empty.
    """
    first_paragraph = next((p for body in bodies for p in paragraphs(body)), "")
    return shorten(standfirst or first_paragraph or headline, SUMMARY_MAX_CHARS)


def shorten(text, width):
    """`text` on one line in at most `width` characters: cut after a whole word, with "…".

    Only a first word longer than `width` on its own is cut inside it.
    """
    text = " ".join(text.split())
    short = textwrap.shorten(text, width, placeholder="…", break_on_hyphens=False)
    if short == "…":
        return Truncator(text).chars(width)
    if short != text:
        # "said,…" reads as a typo; the ellipsis stands for the rest of the sentence, and a cut
        # after a whole sentence needs none ("community.…" would be two stops).
        short = short[:-1].rstrip(",;:–—-")
        if not short.endswith((".", "!", "?")):
            short += "…"
    return short


def paragraphs(body):
    """A section body's paragraphs: separated by blank lines, whatever the line endings."""
    normalized = body.replace("\r\n", "\n")
    return [p.strip() for p in normalized.split("\n\n") if p.strip()]


class StoryPartManager(models.Manager):
    """Sections and links are known by their story and their position."""

    def get_by_natural_key(self, position, story_slug):
        return self.get(position=position, story__slug=story_slug)


class StoryPart(models.Model):
    position = models.PositiveIntegerField()

    objects = StoryPartManager()

    # Subclasses declare `story` with their own related_name.
    class Meta:
        abstract = True
        ordering = ["position"]

    def natural_key(self):
        return (self.position, *self.story.natural_key())

    natural_key.dependencies = ["articles.story"]


@reversion.register()
class Section(Pictured, StoryPart):
    """One headed part of a story's body. The lead has no heading."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="sections")
    heading = PlainCharField(max_length=300, blank=True)
    body = PlainTextField(blank=True, help_text=BODY_HELP_TEXT, validators=[refuse_unsafe_links])
    # The body rendered (articles/markup.py) whenever the section is written: readers' pages
    # show the HTML, search, summaries and reading time use the text. Not serialized: fixtures
    # and revisions hold only what editors wrote.
    body_html = RenderedBodyField(part="html", blank=True, editable=False, serialize=False)
    body_text = RenderedBodyField(part="text", blank=True, editable=False, serialize=False)

    class Meta(StoryPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "position"], name="section_position_unique")
        ]

    def __str__(self):
        return self.heading or "Lead"

    @cached_property
    def paragraphs(self):
        return paragraphs(self.body)

    @property
    def html(self):
        return mark_safe(self.body_html)  # sanitised by nh3 when stored (articles/markup.py)


@reversion.register()
class RelatedLink(StoryPart):
    """A headline under a story: to another story, to an external URL, or plain text."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="related_links")
    title = PlainCharField(max_length=300)
    url = PlainURLField(max_length=500, blank=True)
    target = models.ForeignKey(
        Story,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_links",
        help_text="Another story on this site. Leave empty when linking to a URL.",
    )

    class Meta(StoryPart.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["story", "position"], name="relatedlink_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(target__isnull=True), name="relatedlink_one_destination"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def href(self):
        """Where the title links to; empty when it is plain text.

        A link to a story readers cannot see yet is shown as plain text, never as a 404.
        """
        if self.target_id:
            return self.target.get_absolute_url() if self.target.is_live else ""
        return self.url


def default_preview_expiry():
    return timezone.now() + timedelta(days=settings.PREVIEW_LINK_DAYS)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        """The one definition of a share link that still opens its story."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLinkManager(models.Manager.from_queryset(PreviewLinkQuerySet)):
    def get_active_by_token(self, token):
        """The active link a token names; DoesNotExist for a bad, revoked or expired one."""
        try:
            pk = signing.loads(token, salt=PreviewLink.TOKEN_SALT)
        except signing.BadSignature as exc:
            raise PreviewLink.DoesNotExist("tampered or foreign token") from exc
        return self.active().select_related("story").get(pk=pk)


class PreviewLink(models.Model):
    """A signed address that shows a story's current text to someone without an account.

    The signature stops guessing; the row makes expiry and revocation real, since a signed
    token alone can't be taken back.
    """

    TOKEN_SALT = "articles.PreviewLink"

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        default=default_preview_expiry, help_text="After this the link shows nothing."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PreviewLinkManager()

    class Meta:
        verbose_name = "share link"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Share link for “{self.story}”"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.dumps(self.pk, salt=self.TOKEN_SALT)

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class StoryRevision(models.Model):
    """Which version of which story a django-reversion revision holds.

    Written with each revision (reversion's `add_meta`, in articles.editing.versions), so that
    a form opened on version N finds the text it was opened on by an indexed lookup.
    `story_id` is a plain number, not a foreign key: a deleted story's revisions stay, to
    recover it.
    """

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="story_versions"
    )
    story_id = models.PositiveIntegerField()
    version = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["story_id", "version"], name="storyrevision_version_idx")]

    def __str__(self):
        return f"Story {self.story_id}, version {self.version}"


class FormerSlug(models.Model):
    """An address a story had before: it answers with a permanent redirect to the current one.

    Recorded whenever a story's slug changes (articles.former_slugs). A story that takes an
    old slug as its own wins it; the row stays, for when that story is unpublished or goes.
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.slug


def keep_published_corrections(collector, field, sub_objs, using):
    """on_delete for a correction's story: a story with a published correction can't be
    deleted (unpublish it instead); its draft corrections go with it."""
    published = [correction for correction in sub_objs if correction.published_at is not None]
    if published:
        raise ProtectedError(
            f"“{published[0].story}” has published corrections, which are never deleted; "
            "unpublish the story instead.",
            published,
        )
    CASCADE(collector, field, sub_objs, using)


class CorrectionQuerySet(models.QuerySet):
    def published(self):
        """Corrections readers see: published, on a story readers see."""
        return self.filter(published_at__isnull=False, story__in=Story.objects.published())

    def update(self, **kwargs):
        # A bulk update sends no signal; published corrections are refused here instead
        # (articles/corrections.py guards save and delete). Who wrote or published one may
        # be forgotten: deleting a user empties those fields this way (SET_NULL).
        rewrites = set(kwargs) - {"created_by", "published_by"}
        if rewrites and self.filter(published_at__isnull=False).exists():
            from .corrections import CorrectionLocked

            raise CorrectionLocked("A published correction is never changed.")
        return super().update(**kwargs)

    update.queryset_only = True


class Correction(models.Model):
    """A public correction to a story: drafted by anyone who writes, published by an editor,
    and from then on never changed or deleted (articles/corrections.py).

    Not part of the story's versions (django-reversion does not follow it), so restoring an
    old version of the story leaves every correction as it is.
    """

    story = models.ForeignKey(
        Story, on_delete=keep_published_corrections, related_name="corrections"
    )
    text = PlainTextField(
        help_text="What was wrong and what is right, in full sentences readers understand "
        "alone, e.g. “An earlier version of this story said the vote was on Tuesday. It was "
        "on Wednesday.” Once published it can't be changed: to fix it, add a new correction."
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        permissions = [("publish_correction", "Can publish corrections")]
        ordering = ["published_at", "created_at", "pk"]
        indexes = [
            # /corrections/ and its feeds: published ones, newest first.
            models.Index(fields=["-published_at", "-id"], name="correction_newest_idx"),
        ]

    def __str__(self):
        state = "Draft correction" if self.published_at is None else "Correction"
        return f"{state} to “{self.story}”"

    def get_absolute_url(self):
        return f"{self.story.get_absolute_url()}#corrections"

    @property
    def is_published(self):
        return self.published_at is not None
