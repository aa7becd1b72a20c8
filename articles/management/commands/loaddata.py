"""Django's `loaddata`, refusing to overwrite a story that editors have changed.

Only fixture loads are guarded: django-reversion's restore also writes stories the raw way,
so a pre_save signal could not tell the two apart.
"""

from django.core.management.commands import loaddata

from articles.seeding import refuse_to_overwrite


class Command(loaddata.Command):
    def load_label(self, fixture_label):
        self.fixture_label = fixture_label
        return super().load_label(fixture_label)

    def save_obj(self, obj):
        refuse_to_overwrite(obj.object, self.fixture_label)
        return super().save_obj(obj)
