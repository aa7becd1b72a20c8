"""The story list in the admin: who last saved each story, and when, in a fixed number of
queries however many stories the page shows."""

from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from reversion.models import Version

from .admin_input import ForgivingChangeList
from .models import Story


def latest_saver_id():
    """Subquery: the user who recorded the story's newest revision (None: not in the admin)."""
    revisions = Version.objects.get_for_model(Story).filter(
        object_id=Cast(OuterRef("pk"), CharField())
    )
    return Subquery(revisions.order_by("-pk").values("revision__user")[:1])


class StoryChangeList(ForgivingChangeList):
    """Each story on the page carries `last_saver`: a user, or None (and, like every list,
    it answers any query string)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.annotate(last_saver_id=latest_saver_id())

    def get_results(self, request):
        super().get_results(request)
        stories = list(self.result_list)
        ids = {story.last_saver_id for story in stories} - {None}
        users = get_user_model()._default_manager.in_bulk(ids)
        for story in stories:
            story.last_saver = users.get(story.last_saver_id)
        self.result_list = stories
