"""One function decides what becomes of a change-form save, and words every message about it.

A save locks the story's row first (articles.editing.saving), then `decide()` compares the
version the form was opened on with the version saved now: a compare-and-swap. Its docstring
is the whole decision table. A refused form comes back with the editor's text, the other
side's changes that did not clash, the new base version, and each clash side by side.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django import forms

from . import formdata, versions
from .diffs import row_label, row_text, shown, side_by_side
from .display import display_name, editor_time
from .merge import three_way


class Result(StrEnum):
    SAVED = "saved"
    MERGED = "merged"
    REFUSED = "refused"
    READ_ONLY = "read-only"


@dataclass
class Clash:
    """One conflict as the editor sees it, with what "Use their version" puts in the form."""

    label: str
    theirs_html: str
    mine_html: str
    their_inputs: dict = field(default_factory=dict)
    remove_row: str = ""
    script_id: str = ""


@dataclass(frozen=True)
class Decision:
    """What to do with one save, and what to tell the editor.

    `data` is the POST data the admin's forms validate and then save (SAVED, MERGED) or
    show again (REFUSED), and `files` its uploads when a merge moved rows. `message` is said
    at once when nothing is saved, and after the save when it is merged; `unsaved_message`
    when a merged form has mistakes to fix first.
    """

    result: Result
    data: object
    message: str = ""
    form_error: str = ""
    unsaved_message: str = ""
    clashes: list = field(default_factory=list)
    # The uploaded files, each under the form row it belongs to now; None: as submitted.
    files: object = None

    @property
    def saves(self):
        return self.result in (Result.SAVED, Result.MERGED)


def decide(story, post, files, form_classes, *, may_change):
    """Decide how the change form POSTed as `post` may be saved over `story` (locked).

    `form_classes` is (story form class, {prefix: inline formset class}) of this editor's
    change form. The table, in order:

    | may change it now   | the form's version       | the merge          | result    |
    |---------------------|--------------------------|--------------------|-----------|
    | no: draft went live | any                      | -                  | READ_ONLY |
    | yes                 | the saved one            | -                  | SAVED     |
    | yes                 | none, or not a number    | -                  | REFUSED   |
    | yes                 | another, text found      | no clash           | MERGED    |
    | yes                 | another, text not found  | no difference      | MERGED    |
    | yes                 | another                  | a clash            | REFUSED   |
    | yes                 | another                  | a field not merged | REFUSED   |

    READ_ONLY saves nothing and shows what they typed beside the saved text. SAVED passes
    the form on untouched. MERGED passes on their changes and mine, three-way from the text
    the form was opened on (line by line within a text). REFUSED keeps the editor's text,
    merges in the rest, and shows each clash side by side; with no version, every
    difference is a clash, since nothing says which side is newer.
    """
    base_version = read_base_version(post)
    if not may_change:
        # Every stored field, to read what they typed though the admin no longer shows it.
        merged = Merging(story, post, files, formdata.plain_forms(), None)
        return Decision(
            Result.READ_ONLY,
            post,
            f"Not saved: {who_saved(story, base_version)}, after you opened this story, and it is "
            f"{story.state.label.lower()} now. Only editors can change a story once it is "
            "published or scheduled. What you typed is below, beside the saved text, to copy "
            "or to pass to an editor.",
            clashes=merged.clashes,
        )
    if base_version == story.version:
        return Decision(Result.SAVED, post)
    merged = Merging(story, post, files, form_classes, base_version)
    if base_version is None:
        return merged.refused(
            "Not saved: this form carried no version number (it may come from a tab opened "
            "long ago, or was not sent by the story form), so saving it could overwrite newer "
            f"text. The story was last saved by {merged.others}. Where your text differs "
            "from it, both are shown side by side below; check them, then save again.",
            "Not saved: this form carried no version number. See above, then save again.",
        )
    if merged.unknown:
        return merged.refused(
            f"Not saved: {merged.others} after you opened this story, and this form has "
            f"fields the merge does not know ({', '.join(merged.unknown)}), so it cannot "
            "tell whose text to keep. Your text is still in the form below; save again to "
            "keep it.",
            "Not saved: someone else saved this story meanwhile. See above, then save again.",
        )
    if merged.clashes:
        return merged.refused(
            f"Not saved: {merged.others}, after you opened this story, and changed or deleted "
            "some of the same text as you. Your text is still in the form below, with their "
            "other changes merged in. Each clash is shown side by side: keep yours, use "
            "theirs, or edit, then save again.",
            "Not saved: someone else changed the same text. See what clashed above.",
        )
    return Decision(
        Result.MERGED,
        merged.data,
        f"Merged: {merged.others} saved this story after you opened it. Your changes and "
        "theirs touched different text, so both are kept.",
        unsaved_message=f"Meanwhile {merged.others} saved this story; their changes are "
        "merged into the form below with yours.",
        files=merged.files,
    )


def read_base_version(data):
    try:
        return int(data.get("base_version", ""))
    except ValueError:
        return None


class Merging:
    """The submission merged into the saved story from `base_version` (None: unknown)."""

    def __init__(self, story, post, files, form_classes, base_version):
        form_class, formset_classes = form_classes
        story_form = form_class(post, files, instance=story)
        submission = formdata.read_submission(post, files, story_form, formset_classes)
        base = None
        if base_version is not None and base_version < story.version:
            base = versions.at(story.pk, base_version)
        merge = three_way(base, versions.current(story), submission.mine)
        written = formdata.write(
            post, submission, merge, story, story_form, formset_classes, story.version
        )
        self.data, self.files = written.data, written.files
        self.others = who_saved(story, base_version)
        self.unknown = formdata.unknown_fields(story_form, formset_classes)
        self.clashes = [
            describe(conflict, story_form, formset_classes, written.row_prefixes, self.others)
            for conflict in merge.conflicts
        ]
        for number, clash in enumerate(self.clashes, start=1):
            clash.script_id = f"clash-{number}-theirs"

    def refused(self, message, form_error):
        return Decision(
            Result.REFUSED, self.data, message, form_error, clashes=self.clashes, files=self.files
        )


def who_saved(story, base_version):
    """'Ana Editor at 1 Dec 2026, 09:15 GMT', naming everyone who saved since the base."""
    revisions = versions.saves_since(story.pk, base_version)
    names = []
    for revision in revisions:
        name = display_name(revision.user)
        if name not in names:
            names.append(name)
    when = revisions[-1].date_created if revisions else story.updated_at
    who = " and ".join(names) if names else "someone (outside the admin)"
    return f"{who} at {editor_time(when)}"


def describe(conflict, story_form, formset_classes, row_prefixes, others):
    """A Clash: a label, both versions side by side (for text, only the overlapping
    paragraphs), and how to take theirs."""
    if conflict.collection is None:
        form_field = story_form.fields[conflict.field]
        label = str(form_field.label or conflict.field)
        inputs = formdata.encode(form_field, conflict.field, conflict.theirs)
        return Clash(label, *side_by_side(*shown_sides(form_field, conflict)), inputs)
    row_prefix = row_prefixes[conflict.collection, conflict.key]
    label = row_label(conflict.collection, conflict.row or conflict.theirs or conflict.mine)
    if conflict.field is not None:
        form_field = formset_classes[conflict.collection].form.base_fields[conflict.field]
        inputs = formdata.encode(form_field, f"{row_prefix}-{conflict.field}", conflict.theirs)
        label = f"{label}: {str(form_field.label or conflict.field).lower()}"
        return Clash(label, *side_by_side(*shown_sides(form_field, conflict)), inputs)
    if conflict.theirs is None:
        # They deleted the row; the editor's edited copy is in the form as a new row.
        _, mine_html = side_by_side("", row_text(conflict.mine))
        return Clash(label, f"(deleted by {others})", mine_html, remove_row=row_prefix)
    # The editor deleted a row the other side edited; the form shows the other side's text,
    # marked for deletion.
    theirs_html, _ = side_by_side(row_text(conflict.theirs), "")
    inputs = {f"{row_prefix}-DELETE": ""}
    return Clash(label, theirs_html, "(you deleted it)", their_inputs=inputs)


def shown_sides(form_field, conflict):
    if conflict.shown:
        return conflict.shown
    return shown_in(form_field, conflict.theirs), shown_in(form_field, conflict.mine)


def shown_in(form_field, value):
    """A value as the form's field names it: a choice's label, a linked story's headline."""
    if isinstance(form_field, forms.ModelChoiceField):
        target = form_field.queryset.filter(pk=value).first() if isinstance(value, int) else None
        return str(target) if target else shown(value)
    return shown(value, getattr(form_field, "choices", None))
