"""History for the story admin: every revision with who saved it and when, a comparison of
any two, and restoring one (or recovering a deleted story) as a new revision.

django-reversion's VersionAdmin stores the revisions and lists deleted stories; these views
replace its form-based revert with a readable comparison and a one-click restore.
"""

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from reversion.errors import RevertError
from reversion.models import Version

from ..models import Story
from ..parsing import parse_id
from . import history, versions
from .comparison import compare
from .display import display_name, editor_time
from .merge import Snapshot
from .pages import EditingPagesMixin


def saved_by(revision):
    who = display_name(revision.user, nobody="someone outside the admin")
    return f"{editor_time(revision.date_created)} by {who}"


class StoryHistoryMixin(EditingPagesMixin):
    object_history_template = "admin/articles/story/object_history.html"
    change_list_template = "admin/articles/story/change_list.html"

    def has_restore_permission(self, request, obj=None):
        """A restore changes a live story's text at once, and recovering can put a story
        back live, so both take the publish permission too."""
        return self.has_publish_permission(request) and self.has_change_permission(request)

    def admin_url(self, name, *args):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def get_urls(self):
        opts = self.opts
        compare_url = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        return [compare_url, *super().get_urls()]

    def history_view(self, request, object_id, extra_context=None):
        revisions = [
            {
                "version": version,
                "number": history.stored_number(version),
                "saved_by": saved_by(version.revision),
                "restore_url": self.admin_url("revision", quote(version.object_id), version.pk),
            }
            for version in history.story_versions(unquote(object_id))
        ]
        context = {
            "revisions": revisions,
            "compare_url": self.admin_url("compare", object_id),
            "can_restore": self.has_restore_permission(request),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side. Template: admin/articles/story/compare.html."""
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404("No such story.")
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        versions = history.story_versions(story.pk)
        chosen_ids = [parse_id(request.GET.get(name)) for name in ("old", "new")]
        try:
            if None in chosen_ids:
                raise ValueError("not two version ids")
            chosen = sorted(
                versions.filter(pk__in=chosen_ids),
                key=lambda version: version.pk,
            )
            old, new = chosen[0], chosen[-1]
            changes = compare(self.snapshot(old), self.snapshot(new))
        except (KeyError, ValueError, IndexError, RevertError):
            messages.warning(request, "Choose two versions to compare.")
            return redirect(self.admin_url("history", object_id))
        return self.editing_page(
            request,
            "compare.html",
            story,
            f"Compare versions of “{story}”",
            old={"version": old, "saved_by": saved_by(old.revision)},
            new={"version": new, "saved_by": saved_by(new.revision)},
            changes=changes,
            can_restore=self.has_restore_permission(request),
            restore_url=self.admin_url("revision", quote(old.object_id), old.pk),
        )

    @staticmethod
    def snapshot(version):
        return versions.stored(version.revision, version.object_id)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore one revision. Template: admin/articles/story/restore.html."""
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404("No such story.")
        if not self.has_restore_permission(request, story):
            raise PermissionDenied
        version = get_object_or_404(history.story_versions(story.pk), pk=version_id)
        return self.restore_page(request, version, story)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back a deleted story. Template: admin/articles/story/restore.html."""
        if not (self.has_restore_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(Story), pk=version_id)
        return self.restore_page(request, version, None)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def restore(self, request, version, story):
        comment = f"Restored the version saved {saved_by(version.revision)}."
        expected = parse_id(request.POST.get("current_version"))
        if story and expected is None:
            messages.error(request, "Not restored: the page was incomplete; please try again.")
            return redirect(request.get_full_path())
        try:
            if story:
                restored = history.restore(version, request.user, comment, expected)
                readers = history.readers_after_restore(restored, done=True)
            else:
                comment = f"Recovered the version saved {saved_by(version.revision)}."
                restored = history.recover(version, request.user, comment)
                readers = history.readers_after_recover(restored, done=True)
        except history.RestoreError as exc:
            messages.error(request, str(exc))
            return redirect(request.get_full_path())
        self.log_change(request, restored, comment)
        messages.success(request, f"“{restored}”: {comment[0].lower()}{comment[1:]} {readers}")
        return redirect(self.admin_url("change", quote(restored.pk)))

    def restore_page(self, request, version, story):
        """GET: what a restore would change. POST: restore, or say clearly why not."""
        if request.method == "POST":
            return self.restore(request, version, story)
        try:
            stored = self.snapshot(version)
        except RevertError as exc:
            messages.error(request, f"This version can't be read any more ({exc}).")
            return redirect(self.admin_url("changelist"))
        current = versions.current(story) if story else Snapshot(fields={})
        return self.editing_page(
            request,
            "restore.html",
            story,
            f"{'Restore' if story else 'Recover'} “{version.object_repr}”",
            version=version,
            saved_by=saved_by(version.revision),
            changes=compare(current, history.as_restored(stored, current) if story else stored),
            current_version=story.version if story else "",
            recover=story is None,
            readers=history.readers_after_restore(story)
            if story
            else history.readers_after_recover(version._object_version.object),
        )
