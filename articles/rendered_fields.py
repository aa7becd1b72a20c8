"""Columns derived from a section body's Markdown (articles/markup.py) and stored with it, so
that no request parses Markdown: the story page reads the HTML, search and summaries the text.

The field computes its value in `pre_save`, which Django calls on every save and for every row
of a bulk_create (the importer, generate_stories, test fixtures). Raw saves (loaddata,
django-reversion's restores) skip `pre_save`; `render_on_raw_save` covers them.
"""

from django.db import models

from .markup import render_body


class RenderedBodyField(models.TextField):
    """`part` ("html" or "text") of render_body(the `source` field), set on every write."""

    def __init__(self, *args, part="html", source="body", **kwargs):
        self.part, self.source = part, source
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "part": self.part, "source": self.source}

    def pre_save(self, instance, add):
        value = getattr(render_body(getattr(instance, self.source)), self.part)
        setattr(instance, self.attname, value)
        return value


def render_on_raw_save(sender, instance, raw=False, **kwargs):
    if raw:
        for field in sender._meta.concrete_fields:
            if isinstance(field, RenderedBodyField):
                field.pre_save(instance, add=False)
