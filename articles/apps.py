from django.apps import AppConfig
from django.db.models.signals import pre_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from .former_slugs import remember_old_slug
        from .models import Section, Story
        from .rendered_fields import render_on_raw_save

        pre_save.connect(remember_old_slug, sender=Story, dispatch_uid="remember_old_slug")
        pre_save.connect(render_on_raw_save, sender=Section, dispatch_uid="render_on_raw_save")
        from . import (
            corrections,  # noqa: F401 (connects the append-only guards)
            derived,
            purging,  # noqa: F401 (connects the page cache's purge signals)
        )

        derived.connect_signals()
        self.connect_renditions()

    def connect_renditions(self):
        from django.db.models.signals import post_save

        from .models import Section, Story
        from .renditions import ensure_renditions

        for model in (Story, Section):
            post_save.connect(ensure_renditions, sender=model, dispatch_uid=f"renditions_{model}")
