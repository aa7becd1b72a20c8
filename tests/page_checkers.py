"""The outside checkers that judge rendered pages: the Nu HTML Checker (Java) and axe-core.

Both come from npm (`npm ci`, run by `make install` when npm is there). Where Java or the npm
packages are missing, the tests that need them are skipped with that reason; .ci/run installs
both, so CI always runs them.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks, one <h1>, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def nu_html_checker_errors(files):
    """{file name: [error message]} from one run of the Nu HTML Checker over `files`."""
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        pytest.skip(f"The Nu HTML Checker is not installed at {VNU_JAR} (run npm ci)")
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    # The checker reports on stderr, and exits 1 when it found errors.
    report = json.loads(run.stderr)
    errors = {Path(f).name: [] for f in files}
    for message in report["messages"]:
        name = Path(message.get("url", "")).name
        where = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(f"{where}: {message['message']}")
    return errors


def axe_violations(page):
    """axe-core's WCAG A/AA violations on the page loaded in a Playwright `page`."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS} (run npm ci)")
    # Evaluated through the DevTools protocol rather than added as a <script>: the site's
    # Content-Security-Policy (rightly) refuses inline scripts, and stays enforced while axe runs.
    page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]
