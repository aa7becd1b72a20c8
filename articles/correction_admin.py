"""The corrections admin: reporters and editors draft corrections, editors publish them, and
a published one is read-only and undeletable for everyone (checked on every request, not only
by hiding buttons; the model layer refuses too, articles/corrections.py)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from . import corrections
from .admin_input import ForgivingListMixin
from .editing.display import display_name, editor_time
from .editing.fields import CORRECTION_FIELDS
from .models import Correction
from .parsing import parse_id

# The name of the change form's "Publish correction" button.
PUBLISH = "_publish_correction"


class CorrectionAdminForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = CORRECTION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "story" in self.fields:
            # Only the choice of story: its add, change and delete buttons don't belong here.
            widget = self.fields["story"].widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False

    def clean(self):
        cleaned_data = super().clean()
        story = cleaned_data.get("story") or getattr(self.instance, "story", None)
        if PUBLISH in self.data and story is not None and not story.is_live:
            raise forms.ValidationError(
                "Not published: “%(story)s” is not live. Only a live story's corrections are "
                "published; until then, change the story's text instead. This correction can "
                "be saved as a draft.",
                params={"story": story},
                code="story_not_live",
            )
        return cleaned_data


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        return queryset


@admin.register(Correction)
class CorrectionAdmin(ForgivingListMixin, admin.ModelAdmin):
    """Corrections, newest first. Add one from its story's page (*Add a correction*)."""

    form = CorrectionAdminForm
    list_display = ["story", "text", "state", "created_by"]
    list_filter = [StateFilter]
    list_select_related = ["story", "created_by", "published_by"]
    search_fields = ["story__headline", "text"]
    autocomplete_fields = ["story"]
    ordering = ["-created_at", "-pk"]
    readonly_fields = ["state", "created", "published"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(CORRECTION_FIELDS)
        return [*CORRECTION_FIELDS, "state", "created", "published"]

    def get_readonly_fields(self, request, obj=None):
        # A draft's story stays the one it was written for; a published one is read-only.
        return [*self.readonly_fields, "story"] if obj else self.readonly_fields

    def get_changeform_initial_data(self, request):
        # "Add a correction" on a story links here with ?story=<pk>; anything else is none.
        initial = super().get_changeform_initial_data(request)
        if "story" in initial and parse_id(initial["story"]) is None:
            del initial["story"]
        return initial

    @admin.display(description="State")
    def state(self, correction):
        if correction.published_at is None:
            return "Draft: readers don't see it"
        return f"Published {editor_time(correction.published_at)}"

    @admin.display(description="Written")
    def created(self, correction):
        by = f" by {display_name(correction.created_by)}" if correction.created_by else ""
        return f"{editor_time(correction.created_at)}{by}"

    @admin.display(description="Published")
    def published(self, correction):
        if correction.published_at is None:
            return "—"
        by = f" by {display_name(correction.published_by)}" if correction.published_by else ""
        return f"{editor_time(correction.published_at)}{by}"

    # --- Permissions: drafts are anyone's who writes; published is final -------------------

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_correction")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_published)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_published)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        publishing = request.method == "POST" and PUBLISH in request.POST
        if publishing and not self.has_publish_permission(request):
            raise PermissionDenied("Only editors may publish corrections.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = self.has_publish_permission(request) and (
            obj is None or self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_queryset(self, request, queryset):
        # Django's per-object check already refused published ones; this is the last guard.
        if queryset.filter(published_at__isnull=False).exists():
            raise PermissionDenied("Published corrections are never deleted.")
        super().delete_queryset(request, queryset)

    # --- Saving and publishing --------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if PUBLISH in request.POST:
            try:
                corrections.publish(obj.pk, request.user)
            except corrections.CannotPublish as exc:
                self.message_user(
                    request, f"Saved as a draft, not published: {exc}", messages.ERROR
                )
                return
            obj.refresh_from_db()
            self.message_user(
                request,
                f"Published: readers see this correction on “{obj.story}” now, and its "
                "“Updated” time is the correction's. It can no longer be changed or deleted; "
                "to fix it, add a new correction.",
                messages.SUCCESS,
            )
