"""How the admin names people and moments, the same on every page editors see.

The format is DATETIME_FORMAT in newsroom/formats/en/formats.py, declared once; Django's own
admin columns and read-only fields use it too.
"""

from django.utils.formats import date_format
from django.utils.timezone import localtime


def editor_time(moment):
    """'29 Nov 2026, 13:57 GMT': in the newsroom's TIME_ZONE, with the zone named."""
    return date_format(localtime(moment), "DATETIME_FORMAT")


def display_name(user, nobody="someone"):
    """A person as colleagues know them: full name, else username; `nobody` for no user."""
    if user is None:
        return nobody
    return user.get_full_name() or user.get_username()
