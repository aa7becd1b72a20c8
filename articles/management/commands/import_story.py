"""manage.py import_story PATH: a plain-text article becomes a story."""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from articles import importer


class FormatRulesHelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Keeps the line breaks of the format rules in --help."""


class Command(BaseCommand):
    help = (importer.__doc__ or "").strip() + (
        "\n\nThe story is published at once unless --draft is given. A file whose headline is\n"
        "already a story is refused unless --replace is given. A bad file changes nothing."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = FormatRulesHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("path", help="a plain-text article file")
        parser.add_argument("--draft", action="store_true", help="import as an unpublished draft")
        parser.add_argument(
            "--replace", action="store_true", help="rebuild the story with the same headline"
        )

    def handle(self, path, draft, replace, **options):
        try:
            story = importer.import_story(path, publish=not draft, replace=replace)
        except importer.ArticleFormatError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{story.headline}” as {story.get_status_display().lower()}: "
                f"{story.sections.count()} sections, {story.related_links.count()} related "
                f"links, at {story.get_absolute_url()}"
            )
        )
