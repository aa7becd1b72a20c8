"""Reader pages: the front page, the story page, corrections, search, and robots.txt."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.generic import DetailView, ListView, TemplateView

from . import page_cache, recency, rendering, search
from .former_slugs import story_formerly_at
from .models import Correction, Story
from .pagination import CappedPaginator
from .parsing import parse_id
from .preview import StaffPreviewMixin, can_preview


class CanonicalPageMixin:
    """Page numbers as the site writes them, in ASCII digits.

    Django's int() also reads an Arabic-Indic one (?page=%D9%A1) or ?page=%201 as page 1:
    a duplicate address, so a 404 here.
    """

    def paginate_queryset(self, queryset, page_size):
        page = self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg)
        if page and parse_id(page) is None:
            raise Http404("Not a page number.")
        return super().paginate_queryset(queryset, page_size)


class FrontPageView(CanonicalPageMixin, ListView):
    """Published stories, newest first, MAX_PAGES pages deep (older ones: search), under a lead
    story on the first page: the top story an editor chose, or else the newest.

    Template: articles/front_page.html. Context: lead (a Story, on the first page; None when
    nothing is published), story_list (the page's other stories), page_obj, paginator (its
    `capped` is True when older stories exist past the last page), now (the time the page's
    "3 hours ago" is counted from).
    A chosen top story is left out of the list on every page, so no page repeats it.
    A page number that is not a page (abc, 0, -1, past the end or the cap) is a 404.
    The response's Expires header says when its first "… ago" goes stale (articles/recency.py).
    """

    MAX_PAGES = 50
    paginate_by = 20
    template_name = "articles/front_page.html"

    def get_paginator(self, queryset, per_page, **kwargs):
        return CappedPaginator(queryset, per_page, max_pages=self.MAX_PAGES, **kwargs)

    def get_queryset(self):
        # Built per request: published() compares with the current time.
        self.top_story = Story.objects.top_stories().first()
        stories = Story.objects.published()
        return stories.exclude(pk=self.top_story.pk) if self.top_story else stories

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stories = list(context["object_list"])
        lead = None
        if context["page_obj"].number == 1:
            lead = self.top_story or (stories.pop(0) if stories else None)
        now = timezone.now()
        shown = [story.published_at for story in ([lead] if lead else []) + stories]
        self.expires = recency.expiry(shown, now)
        return context | {"lead": lead, "story_list": stories, "now": now}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.expires:
            response["Expires"] = http_date(self.expires.timestamp())
        return response


class CorrectionsView(CanonicalPageMixin, ListView):
    """Every published correction on a published story, newest first, MAX_PAGES pages deep.

    Template: articles/corrections.html. Context: page_obj, paginator, correction_list (each
    with its story). A page number that is not a page is a 404, as on the front page.
    """

    MAX_PAGES = 50
    paginate_by = 20
    template_name = "articles/corrections.html"

    def get_paginator(self, queryset, per_page, **kwargs):
        return CappedPaginator(queryset, per_page, max_pages=self.MAX_PAGES, **kwargs)

    def get_queryset(self):
        return (
            Correction.objects.published()
            .select_related("story")
            .defer("story__search_document")
            .order_by("-published_at", "-pk")
        )


class StoryView(StaffPreviewMixin, DetailView):
    """One story with its sections and related links; staff also see unpublished ones.

    Template: articles/story_detail.html. Context: story, preview (None for readers), hole
    (where the related links go when the page is rendered to be stored).
    Readers' pages come from articles/rendering.py: one query for the story and its links, the
    rest as stored for the story's version. Editors, and staff previews, get it rendered whole.
    A slug the story had before answers 301 with its current address, query string kept.
    """

    def get_queryset(self):
        return Story.objects.published().with_body()

    def get(self, request, *args, **kwargs):
        if not page_cache.from_editor(request):
            page = rendering.reader_story_page(request, kwargs["slug"], self.render_around)
            if page is not None:
                body, etag = page
                response = HttpResponse(body)
                response["ETag"] = etag  # so ConditionalGetMiddleware needn't hash the body
                return response
        # A 404, a staff preview, or whatever else an unknown slug leads to.
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            story = story_formerly_at(kwargs["slug"], include_unpublished=can_preview(request.user))
            if story is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            url = story.get_absolute_url() + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(url)

    def render_around(self, story, hole):
        """The whole page for `story` (with its sections), with `hole` in place of the links."""
        self.object = story
        context = self.get_context_data(object=story, hole=hole)
        return render_to_string(self.get_template_names(), context, request=self.request)


class SearchView(CanonicalPageMixin, ListView):
    """Published stories matching ?q=, best match first (how: articles/search.py).

    Template: articles/search.html. Context: query (as searched), results (search.Results:
    matches, more), hits (the page's search.Hit list), page_obj, paginator, now (for the cards'
    "3 hours ago"; search is never cached, so no Expires); or, instead of
    results, too_long (a query over search.MAX_QUERY_CHARS, refused) or timed_out (the search
    passed settings.SEARCH_TIMEOUT; status 503). No query shows just the form.
    """

    paginate_by = 10
    template_name = "articles/search.html"

    def get(self, request, *args, **kwargs):
        self.query = search.clean_query(request.GET.get("q", ""))
        if len(self.query) > search.MAX_QUERY_CHARS:
            return self.refusal(too_long=True, max_chars=search.MAX_QUERY_CHARS)
        try:
            # The response's context is complete here (the page's hits are a list), so every
            # search query runs inside the bound; rendering happens after.
            with search.time_bound():
                return super().get(request, *args, **kwargs)
        except search.SearchTimeout:
            return self.refusal(status=503, timed_out=True)

    def refusal(self, status=200, **context):
        context |= {"query": self.query, "refused": True}
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get_queryset(self):
        return search.find(self.query) if self.query else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {
            "query": self.query,
            "results": self.object_list,
            "hits": context["object_list"],
            "now": timezone.now(),
        }
        return context


class RobotsView(TemplateView):
    """robots.txt: crawlers stay out of the admin and learn both sitemaps.

    Template: robots.txt (plain text). Context: site_url (settings.SITE_URL).
    """

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(site_url=settings.SITE_URL, **kwargs)


def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever a page's <link rel="icon">
    says: a permanent redirect to the SVG icon under its unhashed, stable static name."""
    return HttpResponsePermanentRedirect(f"{settings.STATIC_URL}favicon.svg")
