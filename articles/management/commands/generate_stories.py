"""manage.py generate_stories N: synthetic stories for scale tests and benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles import generator


def positive(text):
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (generator.__doc__ or "").strip()

    def add_arguments(self, parser):
        parser.add_argument("count", type=positive, help="how many stories to add")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--sections", type=positive, default=6, help="sections per story (default 6)"
        )
        parser.add_argument(
            "--links", type=positive, default=4, help="related links per story (default 4)"
        )
        span = parser.add_mutually_exclusive_group()
        span.add_argument(
            "--years",
            type=positive,
            default=5,
            help="publication times are spread over this many years up to now (default 5)",
        )
        span.add_argument(
            "--days", type=positive, help="or over this many days up to now, instead of years"
        )
        parser.add_argument(
            "--drafts", type=float, default=0.02, help="share of drafts, 0 to 1 (default 0.02)"
        )

    def handle(self, count, seed, sections, links, years, days, drafts, **options):
        if not 0 <= drafts <= 1:
            raise CommandError(f"--drafts must be between 0 and 1, not {drafts}")
        if sections < 1 or years < 1 or days == 0:
            raise CommandError("--sections, --years and --days must be at least 1")
        started = time.perf_counter()
        made = generator.generate_stories(
            count,
            seed=seed,
            sections=sections,
            links=links,
            years=years,
            days=days,
            drafts=drafts,
            stdout=self.stdout if options["verbosity"] > 1 else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {made} stories ({sections} sections and {links} related links each) "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
