"""Between the story admin's POST data and merge snapshots, in both directions.

Reading: what an editor submitted, field by field through the form's own fields, so values
compare like the form would store them. Writing: a merged story as POST data the admin's
normal form and inline formsets then validate and save (or show again), with every row that
exists now as an existing row and every other as a new one.
"""

from dataclasses import dataclass

from django import forms

from ..forms import OrderedPartForm, StoryAdminForm
from ..models import Story
from ..parsing import parse_id
from .fields import PART_FIELDS, PART_MODELS, STORY_FIELDS
from .merge import Snapshot, normalize

# A formset never has more rows than the admin allows; this bounds a crafted TOTAL_FORMS.
MAX_ROWS = 1000


@dataclass(frozen=True)
class Invalid:
    """A submitted value the form will refuse (a position of "abc"); kept as typed."""

    raw: object


def unwrap(widget):
    """The admin wraps some widgets (related-object buttons); the inner one reads the data."""
    return getattr(widget, "widget", widget)


def plain_forms():
    """Forms with every declared field, to read what someone typed when the admin no longer
    lets them change the story (a reporter's draft that went live meanwhile)."""
    form_class = forms.modelform_factory(Story, form=StoryAdminForm, fields=STORY_FIELDS)
    formset_classes = {
        collection: forms.inlineformset_factory(
            Story, model, form=OrderedPartForm, fk_name="story", fields=PART_FIELDS[collection]
        )
        for collection, model in PART_MODELS.items()
    }
    return form_class, formset_classes


def read_field(form, name):
    """The value a bound form's field would clean to; Invalid(raw) if it won't clean."""
    bound = form[name]
    try:
        return normalize(bound.field.clean(bound.data))
    except forms.ValidationError:
        return Invalid(bound.data)


def submitted(form, name):
    widget = form.fields[name].widget
    return not widget.value_omitted_from_data(form.data, form.files, form.add_prefix(name))


def read_story(story_form):
    """Fields the form sent; fields it lacks (read-only for this editor) are untouched."""
    return {
        name: read_field(story_form, name)
        for name in STORY_FIELDS
        if name in story_form.fields and submitted(story_form, name)
    }


def read_count(data, key):
    try:
        return max(0, min(int(data.get(key, 0)), MAX_ROWS))
    except (TypeError, ValueError):
        return 0


def read_rows(data, files, prefix, form_class):
    """One inline formset's rows: {pk: values or None if deleted}, the new rows, and the
    form row each came from ({pk or ("new", n): "sections-3"}, keyed as merges key rows)."""
    names = [name for name in PART_FIELDS[prefix] if name in form_class.base_fields]
    rows, added, origins = {}, [], {}
    initial = read_count(data, f"{prefix}-INITIAL_FORMS")
    for i in range(read_count(data, f"{prefix}-TOTAL_FORMS")):
        form = form_class(data, files, prefix=f"{prefix}-{i}")
        values = {name: read_field(form, name) for name in names if submitted(form, name)}
        deleted = forms.BooleanField(required=False).clean(data.get(f"{prefix}-{i}-DELETE"))
        pk = parse_id(str(data.get(f"{prefix}-{i}-id", "")))
        if i < initial and pk is not None:
            rows[pk] = None if deleted else values
            origins[pk] = f"{prefix}-{i}"
        elif not deleted and form.has_changed():
            origins["new", len(added)] = f"{prefix}-{i}"
            added.append(values)
    return rows, added, origins


@dataclass(frozen=True)
class Submission:
    """What the editor submitted: the merge's "mine", and the form row of each of its rows
    ({(prefix, key): row prefix}), which its uploaded files are filed under."""

    mine: Snapshot
    origins: dict
    files: object


def read_submission(data, files, story_form, formset_classes):
    """What the editor submitted, as a merge Snapshot ("mine") with its rows' origins."""
    parts, added, origins = {}, {}, {}
    for prefix, formset_class in formset_classes.items():
        parts[prefix], added[prefix], found = read_rows(data, files, prefix, formset_class.form)
        origins |= {(prefix, key): row_prefix for key, row_prefix in found.items()}
    mine = Snapshot(fields=read_story(story_form), parts=parts, added=added)
    return Submission(mine, origins, files)


def unknown_fields(story_form, formset_classes):
    """Stored fields the forms edit that the declaration (editing.fields) does not list.

    A merge would not know what to do with them, so a merged save that has any is refused.
    """
    unknown = [name for name in story_form.fields if stored(story_form, name, STORY_FIELDS)]
    for prefix, formset_class in formset_classes.items():
        form = formset_class.form
        unknown += [
            f"{prefix}.{name}"
            for name in form.base_fields
            if name not in (formset_class.fk.name, "id") and stored(form, name, PART_FIELDS[prefix])
        ]
    return unknown


def stored(form, name, declared):
    """A model field the form edits and `declared` does not list."""
    model_fields = {field.name for field in form._meta.model._meta.get_fields()}
    return name in model_fields and name not in declared


def encode(field, name, value):
    """Form data for one field holding `value`: {input name: text}."""
    if isinstance(field, forms.FileField):
        # A file can't travel as text: with no new upload the form keeps the stored one.
        return {}
    widget = unwrap(field.widget)
    if isinstance(widget, forms.MultiWidget):
        if isinstance(value, Invalid):
            texts = [part or "" for part in value.raw] if isinstance(value.raw, list) else []
        else:
            parts = widget.decompress(value)
            texts = [
                sub.format_value(part) or ""
                for sub, part in zip(widget.widgets, parts, strict=True)
            ]
        # A crafted value may have fewer parts; the rest keep what was sent.
        return {
            name + suffix: text for suffix, text in zip(widget.widgets_names, texts, strict=False)
        }
    if isinstance(value, Invalid):
        value = value.raw
    return {name: "" if value is None else str(value)}


@dataclass
class Written:
    """Merged POST data and uploaded files, and which form row each merged row became
    ("sections-3")."""

    data: object
    row_prefixes: dict
    files: object


def write(original, submission, merge, story, story_form, formset_classes, base_version):
    """POST data holding the merged story, for the admin to validate and save or show."""
    data = original.copy()
    for name in STORY_FIELDS:
        if name in story_form.fields and name in merge.fields:
            data.update(encode(story_form.fields[name], name, merge.fields[name]))
    data["base_version"] = str(base_version)
    row_prefixes = {}
    for prefix, formset_class in formset_classes.items():
        for key in [key for key in data if key.startswith(f"{prefix}-")]:
            del data[key]
        rows = sorted(merge.parts.get(prefix, []), key=lambda row: not row.exists)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(sum(row.exists for row in rows)),
                f"{prefix}-MIN_NUM_FORMS": str(formset_class.min_num),
                f"{prefix}-MAX_NUM_FORMS": str(formset_class.max_num),
            }
        )
        fields = formset_class.form.base_fields
        for i, row in enumerate(rows):
            row_prefix = f"{prefix}-{i}"
            row_prefixes[prefix, row.key] = row_prefix
            data[f"{row_prefix}-story"] = str(story.pk)
            if row.exists:
                data[f"{row_prefix}-id"] = str(row.key)
            if row.delete:
                data[f"{row_prefix}-DELETE"] = "on"
            for name, value in row.values.items():
                if name in fields:
                    data.update(encode(fields[name], f"{row_prefix}-{name}", value))
    return Written(data, row_prefixes, moved_files(submission, row_prefixes))


def moved_files(submission, row_prefixes):
    """The submitted files, each under the form row its row became: a picture uploaded for
    "sections-1" belongs to "sections-0" once a section before it was deleted meanwhile.
    The story's own files stay as they are; files of rows the merge dropped go."""
    files = submission.files.copy()
    for key in [key for key in files if "-" in key]:
        del files[key]
    for row, origin in submission.origins.items():
        target = row_prefixes.get(row)
        for key in [key for key in submission.files if target and key.startswith(f"{origin}-")]:
            files.setlist(target + key.removeprefix(origin), submission.files.getlist(key))
    return files
