"""Every reader page is valid HTML by the W3C's Nu HTML Checker (npm vnu-jar, run with Java)."""

import re


def test_reader_pages_have_no_nu_html_checker_errors(client, reader_pages, tmp_path):
    files = []
    for name, path in reader_pages.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404 page" else 200), name
        file = tmp_path / (re.sub(r"\W+", "-", name) + ".html")
        file.write_bytes(response.content)
        files.append(file)
    from tests.page_checkers import nu_html_checker_errors

    errors = nu_html_checker_errors(files)
    assert set(errors) == {file.name for file in files}  # every page was checked
    assert errors == {file.name: [] for file in files}


def test_the_checker_does_report_broken_markup(tmp_path):
    """The check above can fail: a page with a stray end tag and no title is reported."""
    from tests.page_checkers import nu_html_checker_errors

    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="en"><p>Hello</div>', encoding="utf-8")
    assert nu_html_checker_errors([broken])["broken.html"]
