from django.contrib import admin

from .forms import OrderedPartForm, OrderedPartFormSet, StoryAdminForm
from .models import RelatedLink, Section, Story


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


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryAdminForm
    list_display = ["headline", "status", "published_at", "is_live", "updated_at"]
    list_filter = ["status", "published_at"]
    search_fields = ["headline", "slug", "byline"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["revised_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["headline", "standfirst", "status", "published_at", "substantive_update"]},
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

    @admin.display(boolean=True, description="Live")
    def is_live(self, story):
        return story.is_live
