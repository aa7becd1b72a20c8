"""Which release of the code is running: part of the key of every stored page, so that after a
deploy that changes a template, the CSS or the code, no page the old code rendered is served.

Deploys name it with RELEASE (a git commit, say). Without it, it is a digest of the files that
shape a page, read once per process. Purges stay shared across releases (the generation is one
token for all), so during a rolling deploy an edit reaches the pages of both.
"""

import functools
import hashlib

from django.conf import settings

SOURCE_FOLDERS = ("articles", "newsroom", "templates", "static")
SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".css", ".svg", ".ico", ".json"})


@functools.cache
def release():
    if settings.RELEASE:
        return settings.RELEASE
    digest = hashlib.md5(usedforsecurity=False)
    for folder in SOURCE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
