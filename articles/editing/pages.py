"""The story's own editing pages (compare, restore, not saved), framed like the admin's."""

from django.template.response import TemplateResponse


class EditingPagesMixin:
    """For the story admin's mixins: one way to render a page about one story."""

    def editing_page(self, request, template, story, title, *, status=200, **context):
        """Template: admin/articles/story/<template>. Context: the admin's own (site name,
        user, ...), opts, original (the story; None when recovering), title, media, and
        `context`."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": story,
            "title": title,
            "media": self.media,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/story/{template}", context, status=status)
