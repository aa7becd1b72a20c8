"""Previews of stories readers can't see yet: for staff at the story's real address, and
for anyone holding a share link. Both show the real story page under a "Preview: not
published" banner, and both are kept out of search engines and shared caches.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import DetailView

from .models import PreviewLink, Story


def can_preview(user):
    """Staff who may view stories in the admin may see them before readers do."""
    return user.is_active and user.is_staff and user.has_perm("articles.view_story")


def keep_private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@dataclass
class Preview:
    """What the banner says: the story's state, and the link it came through, if any."""

    story: Story
    link: PreviewLink | None = None

    @property
    def edit_url(self):
        return reverse("admin:articles_story_change", args=[self.story.pk])


class StaffPreviewMixin:
    """For the story view: a story readers can't see is shown to staff who may view it.

    Readers' requests never get past the published() lookup, so their page costs nothing
    more; only a 404 goes on to look at who is asking.
    """

    preview = None

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            if not can_preview(self.request.user):
                raise
            story = super().get_object(Story.objects.with_body())
            self.preview = Preview(story)
            return story

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return keep_private(response) if self.preview else response


class SharedPreviewView(DetailView):
    """A story's current text for someone holding a share link.

    Template: articles/story_detail.html. Context: story, preview. A tampered, revoked or
    expired link is a 404; a link to a story that has gone live redirects to it.
    """

    template_name = "articles/story_detail.html"
    context_object_name = "story"

    def get(self, request, token):
        try:
            link = PreviewLink.objects.get_active_by_token(token)
        except PreviewLink.DoesNotExist:
            raise Http404("This preview link does not work any more.") from None
        if link.story.is_live:
            return keep_private(HttpResponseRedirect(link.story.get_absolute_url()))
        self.object = Story.objects.with_body().get(pk=link.story_id)
        context = self.get_context_data(object=self.object, preview=Preview(self.object, link))
        return keep_private(self.render_to_response(context))
