"""`manage.py render_bodies`: render every section body again and store it."""

from django.core.management.base import BaseCommand

from articles.rerendering import render_bodies


class Command(BaseCommand):
    help = (
        "Render every section body again (after changing BODY_LINKS_NOFOLLOW or SITE_URL) and "
        "purge the pages of the stories whose text changed."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{render_bodies()} section(s) rendered afresh.")
