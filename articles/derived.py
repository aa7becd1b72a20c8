"""What is derived from a story's text and stored with it, so that no page reads every section:
the summary (cards, feeds, meta description) and the search document (PostgreSQL's weighted
tsvector in `Story.search_document`, or the story's row in SQLite's FTS5 table).

`refresh(story_ids)` recomputes both, in the caller's transaction. The Story and Section signals
below call it on every save and delete, raw ones included, which covers the admin and its
inlines, restores and recoveries, list actions and loaddata. Writers that bulk-create sections
(the importer, generate_stories) call it themselves, since bulk_create sends no signals.
"""

from itertools import batched

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import QuerySet, signals

from .models import Section, Story, summarize
from .search import FTS_TABLE, PLAIN_BODY, TEXT_SEARCH_CONFIG, section_text

BATCH = 2000


def refresh(story_ids, body=PLAIN_BODY):
    """Recompute the stored summary and search document of the stories with these ids, and
    return their summaries, {id: summary}.

    Ids of stories that do not exist (yet, or any more) are skipped. `body` names the Section
    column read as each body's plain text (migrations that run before it exists name "body").
    """
    summaries = {}
    for batch in batched(sorted(set(story_ids)), BATCH):
        texts = story_texts(batch, body)
        batch_summaries = {
            pk: summarize(t["headline"], t["standfirst"], t["bodies"]) for pk, t in texts.items()
        }
        store_summaries(batch_summaries)
        store_search_documents(texts, body)
        summaries |= batch_summaries
    return summaries


def story_texts(story_ids, body=PLAIN_BODY):
    """{id: {"headline", "standfirst", "byline", "bodies": [...], "sections": "..."}}.

    Bodies are the sections' plain text (Markdown syntax removed, link text kept), as stored
    in Section.body_text when they were written."""
    texts = {
        pk: {"headline": headline, "standfirst": standfirst, "byline": byline, "parts": []}
        for pk, headline, standfirst, byline in Story.objects.filter(pk__in=story_ids)
        .order_by()
        .values_list("pk", "headline", "standfirst", "byline")
    }
    sections = (
        Section.objects.filter(story__in=list(texts))
        .order_by("story", "position")
        .values_list("story", "heading", body)
    )
    for story_id, heading, body in sections:
        texts[story_id]["parts"].append((heading, body))
    for text in texts.values():
        parts = text.pop("parts")
        text["bodies"] = [body for _, body in parts]
        text["sections"] = joined_sections(parts)
    return texts


def joined_sections(parts):
    """[(heading, body), ...] as one text, as the database's section_text() joins them."""
    return "\n\n".join(f"{heading}\n{body}" for heading, body in parts)


def store_summaries(summaries):
    """{id: summary} into Story.summary, one UPDATE per story whose summary changed."""
    current = dict(
        Story.objects.filter(pk__in=list(summaries)).order_by().values_list("pk", "summary")
    )
    for pk, summary in summaries.items():
        if current.get(pk) != summary:
            Story.objects.filter(pk=pk).update(summary=summary)


def store_search_documents(texts, body=PLAIN_BODY):
    """The search documents of the stories in `texts`: {id: {"headline", "standfirst",
    "byline", "sections"}}, as story_texts gives. PostgreSQL reads the stories' own rows."""
    if connection.vendor == "postgresql":
        update_postgresql_documents(Story.objects.filter(pk__in=list(texts)), body)
    elif connection.vendor == "sqlite":
        replace_fts_rows(texts)


def update_postgresql_documents(stories, body=PLAIN_BODY):
    """One UPDATE: each story's search document, built in the database from its own columns
    and its sections."""
    stories.update(
        search_document=postgresql_document("headline", "standfirst", section_text(body), "byline")
    )


def postgresql_document(headline, standfirst, sections, byline):
    """The weighted tsvector of a story's texts (columns, or Values for a new row): headline A,
    standfirst B, sections C, byline D."""

    def vector(expression, weight):
        return SearchVector(expression, weight=weight, config=TEXT_SEARCH_CONFIG)

    return (
        vector(headline, "A")
        + vector(standfirst, "B")
        + vector(sections, "C")
        + vector(byline, "D")
    )


def replace_fts_rows(texts):
    """Each story's FTS5 row (rowid = the story's id), replaced whole."""
    rows = [
        (pk, t["headline"], t["standfirst"], t["sections"], t["byline"]) for pk, t in texts.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in texts])
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, headline, standfirst, body, byline) "
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def forget_fts_row(story_id):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [story_id])


# --- Signals: every save and delete of a story or a section ---------------------------------


def story_saved(sender, instance, **kwargs):
    # The instance in memory gets the new summary too, so a later save of it keeps it.
    instance.summary = refresh([instance.pk]).get(instance.pk, instance.summary)


def story_deleted(sender, instance, **kwargs):
    forget_fts_row(instance.pk)


def section_changed(sender, instance, origin=None, **kwargs):
    if _deleting_its_story(origin):
        return  # the story goes too; its own post_delete forgets its search row
    refresh([instance.story_id])


def _deleting_its_story(origin):
    return isinstance(origin, Story) or (isinstance(origin, QuerySet) and origin.model is Story)


def connect_signals():
    signals.post_save.connect(story_saved, sender=Story, dispatch_uid="derived.story_saved")
    signals.post_delete.connect(story_deleted, sender=Story, dispatch_uid="derived.story_deleted")
    signals.post_save.connect(section_changed, sender=Section, dispatch_uid="derived.section_saved")
    signals.post_delete.connect(
        section_changed, sender=Section, dispatch_uid="derived.section_deleted"
    )
