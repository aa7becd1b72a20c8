"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Nothing here downloads a browser. Where Chromium is missing, browser tests are skipped with that
reason (a real missing platform); .ci/run installs it, so CI always runs them.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Web-first assertions (`expect`) retry until they hold. On a busy two-core machine a page can
# take seconds to settle; this bounds how long they wait before failing, it times nothing.
EXPECT_TIMEOUT_MS = 20_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # alongside it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Open fresh browser contexts (separate cookies: separate people); all closed afterwards."""
    contexts = []

    def open_context(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def wait_until(page, condition):
    """Wait until the JavaScript expression `condition` is true on `page`; fail if it never is.

    For states `expect` has no assertion for (a computed size, a media query): the page is
    polled rather than read once, so a slow machine can't catch it half-laid-out.
    """
    page.wait_for_function(f"() => ({condition})", timeout=EXPECT_TIMEOUT_MS)
