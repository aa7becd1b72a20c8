"""Conflict-safe saving, wired into the story admin's add and change views.

A change-form save locks the story, lets `decide()` say what becomes of it, and hands the
admin's own forms the decided data: saved, merged, or shown again without saving. Every
save the admin makes is one new version (`versions.new_version`). Opening a form writes
nothing and locks nothing.
"""

import copy
import json

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import router, transaction

from ..forms import PUBLISH_NOW
from ..models import Story
from . import versions
from .decide import Result, decide
from .pages import EditingPagesMixin


class ConflictSafeSavingMixin(EditingPagesMixin):
    """For a ModelAdmin (a VersionAdmin) of Story whose form is StoryAdminForm."""

    # VersionAdmin wraps each view in a revision of its own; versions.new_version() makes
    # the revisions here instead, one per version, with the version number stored beside it.
    def add_view(self, request, form_url="", extra_context=None):
        return admin.ModelAdmin.add_view(self, request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return admin.ModelAdmin.change_view(self, request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if PUBLISH_NOW in request.POST and not self.has_publish_permission(request):
            raise PermissionDenied("Only editors may publish.")
        if request.method != "POST" or object_id is None or "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(Story)):
            story = versions.lock(object_id)
            if story is None or not self.may_edit_drafts(request, story):
                return super().changeform_view(request, object_id, form_url, extra_context)
            decision = decide(
                story,
                request.POST,
                request.FILES,
                self.form_classes(request, story),
                may_change=self.has_change_permission(request, story),
            )
            if decision.result is Result.READ_ONLY:
                return self.refuse_unsaved(request, story, decision)
            if decision.result is Result.REFUSED:
                self.message_user(request, decision.message, messages.ERROR)
            context = {"edit_clashes": decision.clashes, **(extra_context or {})}
            response = admin.ModelAdmin.changeform_view(
                self if decision.saves else self.refusing(decision.form_error),
                submitted(request, decision.data, decision.files),
                object_id,
                form_url,
                context,
            )
            if decision.result is Result.MERGED:
                saved = response.status_code == 302
                self.message_user(
                    request,
                    decision.message if saved else decision.unsaved_message,
                    messages.SUCCESS if saved else messages.INFO,
                )
            return response

    def may_edit_drafts(self, request, story):
        return admin.ModelAdmin.has_change_permission(self, request, story)

    def form_classes(self, request, story):
        """The story form class and inline formset classes of this editor's change form."""
        fieldsets = self.get_fieldsets(request, story)
        form_class = self.get_form(request, story, change=True, fields=flatten_fieldsets(fieldsets))
        formset_classes = {
            formset_class.get_default_prefix(): formset_class
            for formset_class, _ in self.get_formsets_with_inlines(request, story)
        }
        return form_class, formset_classes

    def refusing(self, error):
        """This admin with a story form that shows `error`, and so saves nothing."""
        refusing = copy.copy(self)
        refusing.form = type("RefusedStoryForm", (self.form,), {"refusal": error})
        return refusing

    def save_model(self, request, obj, form, change):
        """Saved by save_related, with its sections and links, as one new version."""

    def save_related(self, request, form, formsets, change):
        with versions.new_version(form.instance, user=request.user) as new:
            super().save_related(request, form, formsets, change)
            message = self.construct_change_message(request, form, formsets, not change)
            new.comment = change_text(message) or "Initial version."

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_now"] = bool(
            obj and not obj.is_live and self.has_publish_permission(request)
        ) and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def refuse_unsaved(self, request, story, decision):
        """Nothing is saved, and nothing typed is lost: it is shown beside the saved text."""
        self.message_user(request, decision.message, messages.ERROR)
        # 403: not allowed to change it, said in a page that keeps what they typed.
        return self.editing_page(
            request,
            "not_saved.html",
            story,
            f"Not saved: “{story}”",
            status=403,
            edit_clashes=decision.clashes,
            read_only=True,
        )


def submitted(request, data, files=None):
    """The request as the admin's forms should see it: with the decided data as its POST
    (and the decided files as its FILES, when a merge moved them to other rows)."""
    decided = copy.copy(request)
    decided.POST = data
    if files is not None:
        decided._files = files
    return decided


def change_text(message):
    """The admin's change message ("Changed Headline.") as the revision's comment."""
    return LogEntry(change_message=json.dumps(message)).get_change_message()
