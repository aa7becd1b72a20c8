"""`manage.py seed`: load the seed story when it is absent, and say what happened."""

from django.core.management.base import BaseCommand

from articles.seeding import load_seed


class Command(BaseCommand):
    help = (
        "Load the seed story (fixtures/seed.json) if it is not here yet. A seed story that is "
        "already here is left exactly as it is, edits and all."
    )

    def handle(self, *args, **options):
        self.stdout.write(str(load_seed()))
