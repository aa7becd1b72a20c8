"""Date formats for English pages (FORMAT_MODULE_PATH): the one editor-facing format.

"29 Nov 2026, 13:57 GMT": unambiguous in any English-speaking newsroom, in TIME_ZONE, with the
zone named. The admin's list columns and read-only fields use it, and so does
articles.editing.display.editor_time.
"""

DATETIME_FORMAT = "j M Y, H:i e"
