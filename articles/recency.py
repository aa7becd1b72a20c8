"""How long ago something was published, in the words a reader scans ("3 hours ago"), and when
those words stop being true.

A page that shows them says when with its Expires header, and the page cache stores it no
longer, nor lets browsers and CDNs keep it longer (articles/page_cache.py): a cached front page
never says "3 hours ago" of a story four hours old.
"""

from datetime import timedelta

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def ago(moment, now):
    """ "Just now", "12 minutes ago" or "3 hours ago" within a day of `now`; None otherwise,
    when a date says it better."""
    age = now - moment
    if not timedelta(0) <= age < DAY:
        return None
    if age < MINUTE:
        return "Just now"
    unit, name = (HOUR, "hour") if age >= HOUR else (MINUTE, "minute")
    count = age // unit
    return f"{count} {name}{'' if count == 1 else 's'} ago"


def changes_at(moment, now):
    """When ago(moment, …) next reads differently from ago(moment, now); None if it never
    will (a date, or a time still to come, which no reader's list shows)."""
    age = now - moment
    if not timedelta(0) <= age < DAY:
        return None
    unit = HOUR if age >= HOUR else MINUTE
    return moment + (age // unit + 1) * unit


def expiry(moments, now):
    """The first moment any of ago(m, now) for `moments` goes out of date, or None."""
    return min(filter(None, (changes_at(moment, now) for moment in moments)), default=None)
