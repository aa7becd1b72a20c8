"""Conflict-safe saving for the story admin: lock, compare versions, then save, merge or refuse.

A change-form save first locks the story's row (SELECT ... FOR UPDATE, held until the
admin's transaction commits), then compares the version the form was opened on with the
version saved now: a compare-and-swap. Equal: the admin saves as usual and the version goes
up by one. Different: the submission is merged three ways with the revision the form was
opened on (articles.merge). A clean merge goes on to be saved; a conflict, or a form that
carries no version at all, is refused. A refused form comes back with the editor's text, the
other side's changes that did not clash, the new base version, and each clash side by side.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.utils import flatten_fieldsets

from . import formdata, history, snapshots
from .comparison import row_label, row_text, shown
from .diffs import side_by_side
from .editing.display import display_name, editor_time
from .forms import OrderedPartForm, StoryAdminForm
from .merge import three_way
from .models import Story
from .snapshots import PART_FIELDS, PART_MODELS, STORY_FIELDS


@dataclass
class Clash:
    """One conflict as the editor sees it, with what "Use their version" puts in the form."""

    label: str
    theirs_html: str
    mine_html: str
    their_inputs: dict = field(default_factory=dict)
    remove_row: str = ""
    script_id: str = ""


@dataclass
class Outcome:
    """What to do with a save: the POST data to process, and whether it is refused."""

    data: object
    refused: bool = False
    merged: bool = False
    reason: str = ""
    form_error: str = ""
    clashes: list = field(default_factory=list)
    others: str = ""


def lock(object_id):
    """The story, its row locked until the transaction ends; None if there is no such story."""
    try:
        return Story.objects.select_for_update().filter(pk=int(object_id)).first()
    except (TypeError, ValueError):
        return None


def read_base_version(data):
    try:
        return int(data.get("base_version", ""))
    except ValueError:
        return None


def admin_forms(model_admin, request, story):
    """The story form class and inline formset classes of this editor's change form."""
    fieldsets = model_admin.get_fieldsets(request, story)
    form_class = model_admin.get_form(
        request, story, change=True, fields=flatten_fieldsets(fieldsets)
    )
    formset_classes = {
        formset_class.get_default_prefix(): formset_class
        for formset_class, _ in model_admin.get_formsets_with_inlines(request, story)
    }
    return form_class, formset_classes


def plain_forms():
    """Forms with every editable text field, to read what someone typed when the admin no
    longer lets them change the story (a reporter's draft that went live meanwhile)."""
    form_class = forms.modelform_factory(Story, form=StoryAdminForm, fields=STORY_FIELDS)
    formset_classes = {
        collection: forms.inlineformset_factory(
            Story, model, form=OrderedPartForm, fk_name="story", fields=PART_FIELDS[collection]
        )
        for collection, model in PART_MODELS.items()
    }
    return form_class, formset_classes


def compare_submission(request, story, form_classes, base_version):
    """Merge what `request` submitted into `story` from `base_version` (None: unknown).

    Returns (merge, the merged POST data, clashes as editors see them, who saved since).
    """
    form_class, formset_classes = form_classes
    story_form = form_class(request.POST, request.FILES, instance=story)
    mine = formdata.read_submission(request.POST, request.FILES, story_form, formset_classes)
    base = None
    if base_version is not None and base_version < story.version:
        stored = history.version_numbered(story.pk, base_version)
        base = stored and snapshots.from_revision(stored.revision, story.pk)
    merge = three_way(base, snapshots.from_story(story), mine)
    written = formdata.write(request.POST, merge, story, story_form, formset_classes, story.version)
    others = who_saved(story, base_version)
    clashes = [
        describe(conflict, story_form, formset_classes, written.row_prefixes, others)
        for conflict in merge.conflicts
    ]
    for number, clash in enumerate(clashes, start=1):
        clash.script_id = f"clash-{number}-theirs"
    return merge, written.data, clashes, others


def reconcile(model_admin, request, story):
    """Decide how the change form POSTed in `request` may be saved over `story` (locked)."""
    base_version = read_base_version(request.POST)
    if base_version == story.version:
        return Outcome(request.POST)
    form_classes = admin_forms(model_admin, request, story)
    _, data, clashes, others = compare_submission(request, story, form_classes, base_version)
    if base_version is None:
        reason = (
            "Not saved: this form carried no version number (it may come from a tab opened "
            "long ago, or was not sent by the story form), so saving it could overwrite newer "
            f"text. The story was last saved by {others}. Where your text differs from "
            "it, both are shown side by side below; check them, then save again."
        )
        error = "Not saved: this form carried no version number. See above, then save again."
        return Outcome(data, True, reason=reason, form_error=error, clashes=clashes)
    if clashes:
        reason = (
            f"Not saved: {others}, after you opened this story, and changed or deleted some "
            "of the same text as you. Your text is still in the form below, with their other "
            "changes merged in. Each clash is shown side by side: keep yours, use theirs, or edit, "
            "then save again."
        )
        error = "Not saved: someone else changed the same text. See what clashed above."
        return Outcome(data, True, reason=reason, form_error=error, clashes=clashes)
    return Outcome(data, merged=True, others=others)


def unsaved_text(request, story):
    """For someone who may no longer change the story: a message, and what they typed that
    differs from the saved story, side by side with it."""
    base_version = read_base_version(request.POST)
    *_, clashes, _ = compare_submission(request, story, plain_forms(), None)
    reason = (
        f"Not saved: {who_saved(story, base_version)}, after you opened this story, and it is "
        f"{story.state.label.lower()} now. Only editors can change a story once it is "
        "published or scheduled. What you typed is below, beside the saved text, to copy or "
        "to pass to an editor."
    )
    return reason, clashes


def who_saved(story, base_version):
    """'Ana Editor at 1 Dec 2026, 09:15 GMT', naming everyone who saved since the base."""
    revisions = history.saves_since(story.pk, base_version)
    names = []
    for revision in revisions:
        name = display_name(revision.user)
        if name not in names:
            names.append(name)
    when = revisions[-1].date_created if revisions else story.updated_at
    who = " and ".join(names) if names else "someone (outside the admin)"
    return f"{who} at {editor_time(when)}"


def describe(conflict, story_form, formset_classes, row_prefixes, others):
    """A Clash: a label, both versions side by side, and how to take theirs."""
    if conflict.collection is None:
        form_field = story_form.fields[conflict.field]
        label = str(form_field.label or conflict.field)
        theirs, mine = shown_in(form_field, conflict.theirs), shown_in(form_field, conflict.mine)
        inputs = formdata.encode(form_field, conflict.field, conflict.theirs)
        return Clash(label, *side_by_side(theirs, mine), their_inputs=inputs)
    row_prefix = row_prefixes[conflict.collection, conflict.key]
    label = row_label(conflict.collection, conflict.row or conflict.theirs or conflict.mine)
    if conflict.field is not None:
        form_field = formset_classes[conflict.collection].form.base_fields[conflict.field]
        theirs, mine = shown_in(form_field, conflict.theirs), shown_in(form_field, conflict.mine)
        inputs = formdata.encode(form_field, f"{row_prefix}-{conflict.field}", conflict.theirs)
        label = f"{label}: {str(form_field.label or conflict.field).lower()}"
        return Clash(label, *side_by_side(theirs, mine), their_inputs=inputs)
    if conflict.theirs is None:
        # They deleted the row; the editor's edited copy is in the form as a new row.
        _, mine_html = side_by_side("", row_text(conflict.mine))
        return Clash(label, f"(deleted by {others})", mine_html, remove_row=row_prefix)
    # The editor deleted a row the other side edited; the form shows the other side's text,
    # marked for deletion.
    theirs_html, _ = side_by_side(row_text(conflict.theirs), "")
    inputs = {f"{row_prefix}-DELETE": ""}
    return Clash(label, theirs_html, "(you deleted it)", their_inputs=inputs)


def shown_in(form_field, value):
    """A value as the form's field names it: a choice's label, a linked story's headline."""
    if isinstance(form_field, forms.ModelChoiceField):
        target = form_field.queryset.filter(pk=value).first() if isinstance(value, int) else None
        return str(target) if target else shown(value)
    return shown(value, getattr(form_field, "choices", None))
