"""Reader pages: the front page and the story page."""

from django.views.generic import DetailView, ListView

from .models import Story
from .preview import StaffPreviewMixin


class FrontPageView(ListView):
    """Published stories, newest first.

    Template: articles/front_page.html. Context: page_obj, paginator, story_list.
    A page number that is not a page (abc, 0, -1, past the end) is a 404.
    """

    paginate_by = 20
    template_name = "articles/front_page.html"

    def get_queryset(self):
        # Built per request: published() compares with the current time.
        return Story.objects.published()


class StoryView(StaffPreviewMixin, DetailView):
    """One story with its sections and related links; staff also see unpublished ones.

    Template: articles/story_detail.html. Context: story, preview (None for readers).
    """

    def get_queryset(self):
        return Story.objects.published().with_body()
