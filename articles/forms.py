"""Admin forms for the ordered parts of a story (sections and related links)."""

from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from .models import Story

# Far above any real position, so moved rows never meet a row that stays put.
POSITION_SHIFT = 1_000_000


class StoryAdminForm(forms.ModelForm):
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="Tick for a change readers should know about (a correction, new facts). "
        "The story then shows “Updated” with the time of this save. Typo fixes need no tick.",
    )

    class Meta:
        model = Story
        fields = ["headline", "slug", "standfirst", "byline", "status", "published_at"]

    def save(self, commit=True):
        if self.cleaned_data.get("substantive_update"):
            self.instance.revised_at = timezone.now()
        return super().save(commit)


class OrderedPartForm(forms.ModelForm):
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
