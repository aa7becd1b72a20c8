"""Conflict-safe saving, wired into the story admin's change view (see articles.conflicts).

A save locks the story and is then saved as usual, merged, or refused; a change form opened
with the GET records the version it shows, so that a later save can be merged against it.
"""

from django.contrib import messages
from django.db import router, transaction

from . import conflicts, history
from .admin_pages import EditingPagesMixin
from .models import Story


class ConflictSafeSavingMixin(EditingPagesMixin):
    """For a ModelAdmin of Story whose form is StoryAdminForm."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.refusal = getattr(request, "edit_refusal", "")
        return form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            story = self.get_object(request, object_id)
            if story and self.has_change_permission(request, story):
                # The form about to open must be findable in the history when it is saved.
                history.record_baseline(story.pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None or "_saveasnew" in request.POST:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(Story)):
            story = conflicts.lock(object_id)
            if story and self.lost_change_permission(request, story):
                return self.refuse_unsaved(request, story)
            if story is None or not self.has_change_permission(request, story):
                return super().changeform_view(request, object_id, form_url, extra_context)
            outcome = conflicts.reconcile(self, request, story)
            request.POST = outcome.data
            if outcome.refused:
                request.edit_refusal = outcome.form_error
                self.message_user(request, outcome.reason, messages.ERROR)
            context = {"edit_clashes": outcome.clashes, **(extra_context or {})}
            response = super().changeform_view(request, object_id, form_url, context)
            if outcome.merged and response.status_code == 302:
                self.message_user(
                    request,
                    f"Merged: {outcome.others} saved this story after you opened it. "
                    "Your changes and theirs touched different text, so both are kept.",
                    messages.SUCCESS,
                )
            elif outcome.merged:
                # The merge is fine but the form has errors to fix: say what else is in it.
                self.message_user(
                    request,
                    f"Meanwhile {outcome.others} saved this story; their changes are merged "
                    "into the form below with yours.",
                    messages.INFO,
                )
            return response

    def lost_change_permission(self, request, story):
        """A reporter whose draft was published or scheduled while they had it open."""
        may_edit_drafts = super().has_change_permission(request, story)
        return may_edit_drafts and not self.has_change_permission(request, story)

    def refuse_unsaved(self, request, story):
        """Nothing is saved, and nothing typed is lost: it is shown beside the saved text."""
        reason, clashes = conflicts.unsaved_text(request, story)
        self.message_user(request, reason, messages.ERROR)
        # 403: not allowed to change it, said in a page that keeps what they typed.
        return self.editing_page(
            request,
            "not_saved.html",
            story,
            f"Not saved: “{story}”",
            status=403,
            edit_clashes=clashes,
            read_only=True,
        )
