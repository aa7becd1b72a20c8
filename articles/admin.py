"""The editors' admin: stories with their sections and links, the workflow, the two roles,
conflict-safe saving, history, and share links."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import SEARCH_VAR
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from reversion.admin import VersionAdmin

from . import correction_admin, search  # noqa: F401 (correction_admin registers corrections)
from .addresses import absolute_url
from .admin_input import ForgivingListMixin, forgive_account_lists
from .admin_list import StoryChangeList
from .editing import history, presence, workflow
from .editing.display import display_name, editor_time
from .editing.fields import PART_FIELDS, PICTURE_FIELDS, PUBLICATION_FIELDS
from .editing.history_views import StoryHistoryMixin
from .editing.saving import ConflictSafeSavingMixin
from .forms import OrderedPartForm, OrderedPartFormSet, PreviewLinkAdminForm, StoryAdminForm
from .models import Correction, PreviewLink, RelatedLink, Section, Story
from .pagination import CappedPaginator
from .parsing import parse_id
from .uploads import PictureField, PictureInput

# The story list stops at the newest ADMIN_LIST_PAGES pages, and a search at ADMIN_SEARCH_PAGES:
# counting (and skipping through) every story costs more with every story published. Older
# stories are a search or a date filter away, and the list says so.
ADMIN_LIST_PAGES = 200
ADMIN_SEARCH_PAGES = 20


# Both forms that upload pictures link the current one to a rendition.
PICTURE_WIDGETS = {PictureField: {"widget": PictureInput}}


class SectionInline(admin.StackedInline):
    model = Section
    formfield_overrides = PICTURE_WIDGETS
    form = OrderedPartForm
    formset = OrderedPartFormSet
    # A section's picture is folded away until wanted (a fold with an error in it opens).
    fieldsets = [
        (None, {"fields": [f for f in PART_FIELDS["sections"] if f not in PICTURE_FIELDS]}),
        ("Picture", {"classes": ["collapse"], "fields": PICTURE_FIELDS}),
    ]
    extra = 0


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    form = OrderedPartForm
    formset = OrderedPartFormSet
    fk_name = "story"
    fields = PART_FIELDS["related_links"]
    autocomplete_fields = ["target"]
    extra = 0


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Story.State.choices

    def queryset(self, request, queryset):
        return {
            Story.State.DRAFT: queryset.drafts,
            Story.State.SCHEDULED: queryset.scheduled,
            Story.State.LIVE: queryset.published,
        }.get(self.value(), queryset.all)()


def stories(count):
    return f"{count} {'story' if count == 1 else 'stories'}"


@admin.register(Story)
class StoryAdmin(ForgivingListMixin, ConflictSafeSavingMixin, StoryHistoryMixin, VersionAdmin):
    form = StoryAdminForm
    formfield_overrides = PICTURE_WIDGETS
    list_display = ["headline", "state", "published_at", "last_saved"]
    list_filter = [StateFilter, "published_at"]
    # What the search box looks in; get_search_results reads it from the stored search document
    # (articles/search.py), not with LIKE scans. No date_hierarchy: its year links need a scan
    # of every story, and the published_at filter gives the same ranges for free.
    search_fields = ["headline", "standfirst", "sections", "byline", "slug"]
    # "N results (M total)" would count the whole table on every filtered list.
    show_full_result_count = False
    # A row costs about 0.3 ms to render in the admin (Django's own column and link code): 25,
    # about what other newsroom systems show, make a page an editor takes in at a glance, in a
    # quarter of the time of Django's 100. Searches and filters reach further than paging.
    list_per_page = 25
    # Newest first: new drafts at the top, whatever their publication time.
    ordering = ["-created_at", "-pk"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["state", "revised_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "standfirst",
                    "state",
                    "status",
                    "published_at",
                    "top_story",
                    "substantive_update",
                ]
            },
        ),
        (
            "Lead image",
            {"fields": ["image", "image_alt", "image_caption", "image_credit"]},
        ),
        (
            "Address and credits",
            {
                "classes": ["collapse"],
                "fields": ["slug", "byline", "revised_at", "created_at", "updated_at"],
            },
        ),
    ]
    inlines = [SectionInline, RelatedLinkInline]
    actions = ["publish_now", "unpublish"]

    class Media:
        js = [
            "articles/admin/conflicts.js",
            "articles/admin/slug_warning.js",
            "articles/admin/ordering.js",
            "articles/admin/inline_labels.js",
        ]
        css = {"all": ["articles/admin/editing.css"]}

    # --- The list and new stories ------------------------------------------------------------

    def get_changelist(self, request, **kwargs):
        return StoryChangeList

    def action_checkbox(self, story):
        # Django renders this checkbox through a form widget's template, a third of a row's
        # cost; this is the same markup, formatted directly (tests/test_admin_list.py).
        label = format_html(gettext("Select this object for an action - {}"), str(story))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            story.pk,
            label,
        )

    @admin.display(description="Last saved", ordering="updated_at")
    def last_saved(self, story):
        saver = getattr(story, "last_saver", None)
        return editor_time(story.updated_at) + (f" by {display_name(saver)}" if saver else "")

    def get_changeform_initial_data(self, request):
        # A reporter's own story is bylined to them; usernames are not for readers, so
        # someone without a full name gets no default.
        return {
            "byline": request.user.get_full_name(),
            **super().get_changeform_initial_data(request),
        }

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        # The newest matches the list can show (one more tells that there are more), picked
        # first: with only a page's LIMIT, PostgreSQL walks the list's index testing every
        # story's search document for a rare word, instead of asking the search index.
        shown = ADMIN_SEARCH_PAGES * self.list_per_page + 1
        newest = search.admin_search(queryset, search_term).order_by(*self.ordering)
        return queryset.filter(pk__in=newest.values("pk")[:shown]), False

    def get_paginator(self, request, queryset, per_page, **kwargs):
        # The newest pages only (templates/admin/articles/story/pagination.html says so).
        pages = ADMIN_SEARCH_PAGES if request.GET.get(SEARCH_VAR) else ADMIN_LIST_PAGES
        return CappedPaginator(queryset, per_page, max_pages=pages, **kwargs)

    # --- Workflow: draft, scheduled, live --------------------------------------------------

    @admin.display(description="State", ordering="published_at")
    def state(self, story):
        if story.pk is None:
            return "Draft (not saved yet)"
        if story.state == Story.State.SCHEDULED:
            return f"Scheduled for {editor_time(story.published_at)}"
        return story.state.label

    @admin.action(permissions=["publish"], description="Publish selected stories now")
    def publish_now(self, request, queryset):
        self.change_status(request, queryset, workflow.publish_now, "Published", "live now")

    @admin.action(permissions=["publish"], description="Unpublish selected stories (to drafts)")
    def unpublish(self, request, queryset):
        self.change_status(request, queryset, workflow.unpublish, "Unpublished", "drafts now")

    def change_status(self, request, queryset, change, done, now):
        # Read the selection first: a list filtered by state no longer holds what changed.
        selected = list(queryset.values_list("pk", flat=True))
        changed = []
        for pk in selected:
            story = change(pk, request.user)
            if story is not None:
                self.log_change(request, story, f"{done} from the story list.")
                changed.append(story)
        if changed:
            names = ", ".join(f"“{story}”" for story in changed)
            self.message_user(request, f"{done} {stories(len(changed))}, {now}: {names}.")
        if unchanged := len(selected) - len(changed):
            as_was = "it was" if unchanged == 1 else "they were"
            self.message_user(
                request, f"Left {stories(unchanged)} as {as_was}: {now} already.", messages.WARNING
            )

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the list in one revision, which would bundle every story an
        # action touches into a single revision; the actions record one per story instead.
        context = {
            "has_change_permission": self.has_change_permission(request),
            "has_restore_permission": self.has_restore_permission(request),
            **(extra_context or {}),
        }
        return admin.ModelAdmin.changelist_view(self, request, context)

    # --- Roles: Reporters write drafts, Editors publish ------------------------------------

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_story")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Without the publish permission, live and scheduled stories are read-only.
        return (
            obj is None or obj.status == Story.Status.DRAFT or self.has_publish_permission(request)
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += PUBLICATION_FIELDS
        return readonly

    # --- Deleting: always recoverable ----------------------------------------------------------

    def delete_model(self, request, obj):
        # A story never opened in the admin (loaded from a fixture) has no revision yet, and
        # only a revision can bring it back from "Recover deleted stories".
        history.record_baseline(obj.pk)
        super().delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        # A story with a published correction is protected (models.keep_published_corrections):
        # say so, rather than that the editor lacks permission to delete corrections.
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            perms_needed.discard(Correction._meta.verbose_name)
        return to_delete, counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            history.record_baseline(pk)
        super().delete_queryset(request, queryset)

    # --- Address: old slugs redirect, and a live story's editor is warned -------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.is_live and "slug" in form.base_fields:
            slug = form.base_fields["slug"]
            slug.help_text = (
                f"This story is live at {obj.get_absolute_url()}. Changing the address moves "
                "it: the old address will redirect readers to the new one, but search engines "
                "and shared links take time to follow. Change it only when you must."
            )
            slug.widget.attrs["data-live-slug"] = obj.slug
        return form

    # --- The change form's extras: presence and share links ------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            context["others_editing"] = presence.others_editing(obj.pk, request.user)
            # Only someone who may save it counts as editing. Only a cache entry is written:
            # opening a form leaves the story and its history alone.
            if self.has_change_permission(request, obj):
                presence.record_open(obj.pk, request.user)
        context.update(self.share_links_context(request, obj))
        context.update(self.corrections_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def corrections_context(self, request, obj):
        """The story's corrections, and the way to add one (reporters draft, editors publish)."""
        if obj is None or not request.user.has_perm("articles.view_correction"):
            return {}
        context = {"story_corrections": obj.corrections.select_related("created_by")}
        if request.user.has_perm("articles.add_correction"):
            context["add_correction_url"] = (
                reverse("admin:articles_correction_add") + f"?story={obj.pk}"
            )
        return context

    def share_links_context(self, request, obj):
        can_share = bool(
            obj and not obj.is_live and request.user.has_perm("articles.add_previewlink")
        )
        if not can_share:
            return {"can_share": False}
        return {
            "can_share": True,
            "share_url": reverse("admin:articles_previewlink_add") + f"?story={obj.pk}",
            "share_links": obj.preview_links.active(),
        }


@admin.register(PreviewLink)
class PreviewLinkAdmin(ForgivingListMixin, admin.ModelAdmin):
    """Share links: created for a story, shown with their address, revoked here."""

    form = PreviewLinkAdminForm
    list_display = ["story", "status", "created_by", "created_at", "expires_at"]
    list_filter = ["created_at", "expires_at"]
    list_select_related = ["story", "created_by"]
    search_fields = ["story__headline"]
    autocomplete_fields = ["story"]
    readonly_fields = ["address", "status", "created_by", "created_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["story", "expires_at"]
        return [
            "story",
            "address",
            "status",
            "expires_at",
            "revoke_now",
            "created_by",
            "created_at",
            "revoked_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "story"] if obj else []

    def get_changeform_initial_data(self, request):
        # "Share a preview" links here with ?story=<pk>; anything else is no story at all.
        initial = super().get_changeform_initial_data(request)
        if "story" in initial and parse_id(initial["story"]) is None:
            del initial["story"]
        return initial

    @admin.display(description="Status")
    def status(self, link):
        if link.revoked_at:
            return f"Revoked {editor_time(link.revoked_at)}"
        if not link.is_active:
            return f"Expired {editor_time(link.expires_at)}"
        return f"Active until {editor_time(link.expires_at)}"

    @admin.display(description="Address")
    def address(self, link):
        if not link.is_active:
            return "— (this link no longer opens the story)"
        return format_html('<a href="{0}">{0}</a>', link.get_absolute_url())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        link = self.get_object(request, object_id)
        if link and link.is_active:
            extra_context = {
                "share_address": absolute_url(link.get_absolute_url()),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        url = absolute_url(obj.get_absolute_url())
        self.message_user(
            request,
            f"Share link for “{obj.story}” created. Send this address: {url} "
            f"It shows the story's current text until {editor_time(obj.expires_at)}, "
            "unless you revoke it here.",
            messages.SUCCESS,
        )
        # To the new link's page, where its address is ready to copy and it can be revoked.
        return redirect("admin:articles_previewlink_change", obj.pk)

    @admin.action(permissions=["change"], description="Revoke selected share links")
    def revoke(self, request, queryset):
        count = queryset.active().update(revoked_at=timezone.now())
        self.message_user(request, f"{count} share link(s) revoked; they now show nothing.")


forgive_account_lists(admin.site)
