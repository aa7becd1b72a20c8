"""Pagination whose cost does not grow with the archive: the count stops at a cap.

Counting 100,000 rows to print "page 1 of 5,000", and skipping 99,980 of them to show the last
page, cost more with every story published. A list that stops at `max_pages` costs the same
at any size; past it, readers go to search.
"""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """A Paginator over at most `max_pages` pages; `capped` says whether more items exist."""

    def __init__(self, object_list, per_page, *, max_pages, **kwargs):
        self.max_items = per_page * max_pages
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _bounded_count(self):
        # One more than the cap tells "exactly full" from "more beyond".
        return self.object_list[: self.max_items + 1].count()

    @cached_property
    def count(self):
        return min(self._bounded_count, self.max_items)

    @property
    def capped(self):
        return self._bounded_count > self.max_items
