"""Admin lists (the project's, and Django's users and groups) that answer any query string.

A lookup the database refuses (a regular expression that does not compile, a NUL byte on
PostgreSQL, a number past the integer range) brings the editor back to the whole list with a
message, never a 500. Search terms (the list's and the autocomplete's) lose their control
characters first, as the reader search does, since PostgreSQL refuses NUL in a string.
"""

import re

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DataError, transaction

from .text import without_control_characters

REGEX_LOOKUPS = ("__regex", "__iregex")


class ForgivingChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        for name, values in self.params.items():
            if name.endswith(REGEX_LOOKUPS):
                refuse_bad_patterns(request, values)
        try:
            return super().get_queryset(request, exclude_parameters)
        except OverflowError as exc:  # Django's date hierarchy: ?published_at__year=10**25
            refuse(request)
            raise IncorrectLookupParameters from exc

    def get_results(self, request):
        try:
            # A savepoint, so a refused query leaves the request's transaction usable.
            with transaction.atomic():
                super().get_results(request)
        except (DataError, OverflowError, ValueError) as exc:
            refuse(request)
            raise IncorrectLookupParameters from exc


def refuse_bad_patterns(request, patterns):
    for pattern in patterns if isinstance(patterns, list) else [patterns]:
        try:
            re.compile(pattern)
        except (re.error, TypeError, ValueError) as exc:
            refuse(request)
            raise IncorrectLookupParameters from exc


def refuse(request):
    # Django redirects to the whole list (?e=1); the message says why it is not filtered.
    messages.warning(
        request, "That filter or search could not be used, so the whole list is shown."
    )


class ForgivingListMixin:
    """For a ModelAdmin: its list and its autocomplete answer any query string."""

    def get_changelist(self, request, **kwargs):
        return ForgivingChangeList

    def get_search_results(self, request, queryset, search_term):
        term = without_control_characters(search_term)
        return super().get_search_results(request, queryset, term)


def forgive_account_lists(site):
    """Django's own user and group lists get the same forgiving list as the project's."""
    for model in (get_user_model(), Group):
        if site.is_registered(model):
            model_admin = type(site.get_model_admin(model))
            site.unregister(model)
            site.register(model, type(model_admin.__name__, (ForgivingListMixin, model_admin), {}))
