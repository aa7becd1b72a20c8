"""Admin forms: the story form (with the version it was opened on), its ordered parts
(sections and related links), and share links. Their fields are declared once, in
articles.editing.fields."""

from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from .editing.fields import STORY_FIELDS
from .editing.workflow import publication_time
from .models import PreviewLink, Story

# The name of the change form's "Publish now" button.
PUBLISH_NOW = "_publish_now"
# Far above any real position, so moved rows never meet a row that stays put.
POSITION_SHIFT = 1_000_000


class StoryAdminForm(forms.ModelForm):
    """The story form. It carries the version it was opened on, and refuses to save over a
    newer one; articles.editing.decide merges or refuses such saves before they get here."""

    # Set on a subclass made for one refused save (editing.saving): why nothing is saved.
    refusal = ""

    base_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="Tick for a change readers should know about (a correction, new facts). "
        "The story then shows “Updated” with the time of this save. Typo fixes need no tick.",
    )

    class Meta:
        model = Story
        fields = STORY_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="edit_conflict")
        # The last line of defence: never save over a version the form was not opened on.
        if self.instance.pk and cleaned_data.get("base_version") != self.instance.version:
            raise forms.ValidationError(
                "Not saved: this story was saved again after this form was opened. "
                "Open it afresh and make your change again.",
                code="stale",
            )
        if "status" in self.fields:
            self.clean_publication(cleaned_data)
        return cleaned_data

    def clean_publication(self, cleaned_data):
        """*Published* with no time means now; "Publish now" publishes whatever was chosen."""
        if PUBLISH_NOW in self.data:
            cleaned_data["status"] = Story.Status.PUBLISHED
            cleaned_data["published_at"] = publication_time(cleaned_data.get("published_at"))
        elif cleaned_data.get("status") == Story.Status.PUBLISHED:
            cleaned_data["published_at"] = cleaned_data.get("published_at") or timezone.now()

    def save(self, commit=True):
        if self.cleaned_data.get("substantive_update"):
            self.instance.revised_at = timezone.now()
        return super().save(commit)


class OrderedPartForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            # Left empty, a new row goes after the others (OrderedPartFormSet.clean).
            self.fields["position"].required = False

    def validate_constraints(self):
        # A row's position is checked against its sibling forms by the formset, not against the
        # database: the rows it would clash with may be moving or deleted in this same save.
        exclude = self._get_validation_exclusions() | {"position"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)


class OrderedPartFormSet(BaseInlineFormSet):
    """Inline sections or links that may be reordered, added and deleted in one save.

    Rows are saved one UPDATE at a time, and the database checks (story, position) uniqueness
    after each one, so swapping 1 and 2 would fail half-way. Moving the re-positioned and
    deleted rows out of the way first lets every UPDATE land on a free position.
    """

    def clean(self):
        super().clean()
        typed = [form.cleaned_data.get("position") for form in self.forms if form.is_valid()]
        last = max((position for position in typed if position), default=0)
        for form in self.forms:
            if form.is_valid() and form.has_changed() and not form.cleaned_data.get("position"):
                last += 1
                form.cleaned_data["position"] = form.instance.position = last

    def save_existing_objects(self, commit=True):
        if commit:
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and ("position" in form.changed_data or form in self.deleted_forms)
            ]
            self.model._default_manager.filter(pk__in=moving).update(
                position=F("position") + POSITION_SHIFT
            )
        return super().save_existing_objects(commit)


class PreviewLinkAdminForm(forms.ModelForm):
    revoke_now = forms.BooleanField(
        required=False,
        label="Revoke",
        help_text="Tick and save: the link stops working at once, for good.",
    )

    class Meta:
        model = PreviewLink
        fields = ["story", "expires_at"]

    def clean_story(self):
        story = self.cleaned_data["story"]
        if story.is_live:
            raise forms.ValidationError(
                "This story is already live: send its public address instead."
            )
        return story

    def clean_expires_at(self):
        expires_at = self.cleaned_data["expires_at"]
        if expires_at <= timezone.now() and not self.instance.revoked_at:
            raise forms.ValidationError("Choose a time in the future.")
        return expires_at

    def save(self, commit=True):
        if self.cleaned_data.get("revoke_now") and not self.instance.revoked_at:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)
