"""Stories, the headed sections of their bodies, and the related links shown under them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from .anatomy import heading_anchors, reading_minutes
from .slugs import SLUG_MAX_LENGTH, unique_slug

# Search engines show about this much of a description; feeds and cards use the same text.
SUMMARY_MAX_CHARS = 160


class StoryQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to readers": published, and its time has come."""
        return self.filter(status=Story.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_summaries(self):
        """Stories for a list of cards: `summary` falls back on the lead, so fetch the sections."""
        return self.prefetch_related("sections")

    def with_body(self):
        """Everything the story page shows, in a fixed number of queries."""
        return self.prefetch_related(
            "sections",
            models.Prefetch("related_links", queryset=RelatedLink.objects.select_related("target")),
        )


class StoryManager(models.Manager.from_queryset(StoryQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Story(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        help_text="The story's address. Letters in any script, digits and hyphens.",
    )
    standfirst = models.TextField(blank=True, help_text="A one- or two-sentence summary.")
    byline = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers may see it. A time in the future schedules the story.",
    )
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a substantive change was last made; readers see it as “Updated”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryManager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="story_listing_idx")]
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_live(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

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
    def reading_minutes(self):
        texts = [self.headline, self.standfirst]
        for section in self.body:
            texts += [section.heading, section.body]
        return reading_minutes(texts)

    @cached_property
    def summary(self):
        """The standfirst, or else the opening of the lead, on one line and at most 160 characters.

        For the meta description, OpenGraph, JSON-LD and feeds: never empty.
        """
        lead = next((p for section in self.body for p in section.paragraphs), "")
        text = " ".join((self.standfirst or lead or self.headline).split())
        return Truncator(text).chars(SUMMARY_MAX_CHARS)


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


class Section(StoryPart):
    """One headed part of a story's body. The lead has no heading."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="sections")
    heading = models.CharField(max_length=300, blank=True)
    body = models.TextField(
        blank=True, help_text="Plain text. Separate paragraphs with a blank line."
    )

    class Meta(StoryPart.Meta):
        constraints = [
            models.UniqueConstraint(fields=["story", "position"], name="section_position_unique")
        ]

    def __str__(self):
        return self.heading or "Lead"

    @cached_property
    def paragraphs(self):
        normalized = self.body.replace("\r\n", "\n")
        return [p.strip() for p in normalized.split("\n\n") if p.strip()]


class RelatedLink(StoryPart):
    """A headline under a story: to another story, to an external URL, or plain text."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="related_links")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
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
