from django.urls import path, register_converter

from . import preview, views


class UnicodeSlugConverter:
    """Letters in any script, digits, "_" and "-": what a story slug may hold.

    Anything else (a NUL byte, a space, punctuation) never reaches the database; it is a 404.
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"
urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front"),
    path("stories/<uslug:slug>/", views.StoryView.as_view(), name="story"),
    path("preview/<str:token>/", preview.SharedPreviewView.as_view(), name="preview"),
]
