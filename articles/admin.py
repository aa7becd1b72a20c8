"""The editors' admin: stories with their sections and links, the workflow, the two roles,
conflict-safe saving, history, and share links."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin

from . import history, search, workflow
from .admin_history import StoryHistoryMixin
from .admin_saving import ConflictSafeSavingMixin
from .forms import OrderedPartForm, OrderedPartFormSet, PreviewLinkAdminForm, StoryAdminForm
from .models import PreviewLink, RelatedLink, Section, Story
from .pagination import CappedPaginator

ADMIN_SEARCH_PAGES = 10


class SectionInline(admin.StackedInline):
    model = Section
    form = OrderedPartForm
    formset = OrderedPartFormSet
    fields = ["position", "heading", "body"]
    extra = 0


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    form = OrderedPartForm
    formset = OrderedPartFormSet
    fk_name = "story"
    fields = ["position", "title", "url", "target"]
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


def when(moment):
    return date_format(localtime(moment), "j M Y, H:i")


def stories(count):
    return f"{count} {'story' if count == 1 else 'stories'}"


@admin.register(Story)
class StoryAdmin(ConflictSafeSavingMixin, StoryHistoryMixin, VersionAdmin):
    form = StoryAdminForm
    list_display = ["headline", "state", "published_at", "updated_at"]
    list_filter = [StateFilter, "published_at"]
    # What the search box looks in; get_search_results reads it from the stored search document
    # (articles/search.py), not with LIKE scans. No date_hierarchy: its year links need a scan
    # of every story, and the published_at filter gives the same ranges for free.
    search_fields = ["headline", "standfirst", "sections", "byline", "slug"]
    # "N results (M total)" would count the whole table on every filtered list.
    show_full_result_count = False
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
                    "substantive_update",
                ]
            },
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
        js = ["articles/admin/conflicts.js"]
        css = {"all": ["articles/admin/editing.css"]}

    def get_search_results(self, request, queryset, search_term):
        return search.admin_search(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, **kwargs):
        # A search for a word in every story would count every story; it lists the newest
        # matches instead, up to ADMIN_SEARCH_PAGES pages.
        if request.GET.get(SEARCH_VAR):
            return CappedPaginator(queryset, per_page, max_pages=ADMIN_SEARCH_PAGES, **kwargs)
        return super().get_paginator(request, queryset, per_page, **kwargs)

    # --- Workflow: draft, scheduled, live --------------------------------------------------

    @admin.display(description="State", ordering="published_at")
    def state(self, story):
        if story.pk is None:
            return "Draft (not saved yet)"
        if story.state == Story.State.SCHEDULED:
            return f"Scheduled for {when(story.published_at)}"
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
            readonly += ["status", "published_at"]
        return readonly

    # --- Deleting: always recoverable ----------------------------------------------------------

    def delete_model(self, request, obj):
        # A story never opened in the admin (loaded from a fixture) has no revision yet, and
        # only a revision can bring it back from "Recover deleted stories".
        history.record_baseline(obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            history.record_baseline(pk)
        super().delete_queryset(request, queryset)

    # --- Share links ----------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_share"] = bool(
            obj and not obj.is_live and request.user.has_perm("articles.add_previewlink")
        )
        if context["can_share"]:
            context["share_url"] = reverse("admin:articles_previewlink_add") + f"?story={obj.pk}"
            context["share_links"] = obj.preview_links.active()
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
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

    @admin.display(description="Status")
    def status(self, link):
        if link.revoked_at:
            return f"Revoked {when(link.revoked_at)}"
        if not link.is_active:
            return f"Expired {when(link.expires_at)}"
        return f"Active until {when(link.expires_at)}"

    @admin.display(description="Address")
    def address(self, link):
        if not link.is_active:
            return "— (this link no longer opens the story)"
        return format_html('<a href="{0}">{0}</a>', link.get_absolute_url())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        link = self.get_object(request, object_id)
        if link and link.is_active:
            extra_context = {
                "share_address": request.build_absolute_uri(link.get_absolute_url()),
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        url = request.build_absolute_uri(obj.get_absolute_url())
        self.message_user(
            request,
            f"Share link for “{obj.story}” created. Send this address: {url} "
            f"It shows the story's current text until {when(obj.expires_at)}, "
            "unless you revoke it here.",
            messages.SUCCESS,
        )
        # To the new link's page, where its address is ready to copy and it can be revoked.
        return redirect("admin:articles_previewlink_change", obj.pk)

    @admin.action(permissions=["change"], description="Revoke selected share links")
    def revoke(self, request, queryset):
        count = queryset.active().update(revoked_at=timezone.now())
        self.message_user(request, f"{count} share link(s) revoked; they now show nothing.")
