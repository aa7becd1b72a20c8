"""import_story: the plain-text format, unseen articles, and bad files that change nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.editing import history, versions
from articles.importer import MAX_FILE_BYTES, ArticleFormatError, import_story, parse_article
from articles.models import Story

UNSEEN = """\
Harbour Council Votes to Rebuild the Old Pier
The council voted 7–2 on Tuesday to rebuild the pier.
Work starts in March.
What happens to the ferry?
The ferry will move to the north quay while work goes on. Residents said they were “relieved.”
Costs: who pays and when
The port authority pays half; the rest comes from a bond.
‘We waited long enough,’ said one fisherman.

Ferry timetable changes from March.
Council budget: the full figures
"""


@pytest.fixture
def unseen(tmp_path):
    path = tmp_path / "pier.txt"
    path.write_text(UNSEEN, encoding="utf-8")
    return path


def test_unseen_article_is_split_into_headed_sections(unseen):
    article = parse_article(unseen)
    assert article.headline == "Harbour Council Votes to Rebuild the Old Pier"
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        ("", ["The council voted 7–2 on Tuesday to rebuild the pier.", "Work starts in March."]),
        (
            "What happens to the ferry?",
            [
                "The ferry will move to the north quay while work goes on. "
                "Residents said they were “relieved.”"
            ],
        ),
        (
            "Costs: who pays and when",
            [
                "The port authority pays half; the rest comes from a bond.",
                "‘We waited long enough,’ said one fisherman.",
            ],
        ),
    ]
    assert article.related == [
        "Ferry timetable changes from March.",
        "Council budget: the full figures",
    ]


def test_unseen_article_is_reproduced_exactly_on_its_page(client, db, unseen):
    call_command("import_story", str(unseen), verbosity=0)
    story = Story.objects.get()
    html = client.get(story.get_absolute_url()).content.decode()
    from tests.html_text import elements, main_content

    texts = [t for tag, _, t in elements(main_content(html), "h1", "h2", "p", "li", skip=["nav"])]
    lines = [line for line in UNSEEN.splitlines() if line]
    positions = [texts.index(line) for line in lines]
    assert positions == sorted(positions)


def test_heading_must_introduce_paragraphs(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline\nA paragraph.\nA closing line without a full stop", encoding="utf-8")
    article = parse_article(path)
    assert article.sections[0].paragraphs[-1] == "A closing line without a full stop"
    assert len(article.sections) == 1


def test_long_line_without_a_full_stop_is_a_paragraph(tmp_path):
    long_line = "word " * 40
    path = tmp_path / "a.txt"
    path.write_text(f"Headline\n{long_line}\nNext paragraph.", encoding="utf-8")
    assert [s.heading for s in parse_article(path).sections] == [""]


def test_windows_line_endings_and_a_bom_are_understood(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffHeadline\r\nLead.\r\n\r\nRelated one\r\n".encode())
    article = parse_article(path)
    assert (article.headline, article.related) == ("Headline", ["Related one"])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n  \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"\nA paragraph without a headline.\n", "first line must be the headline"),
        (b"Headline only\n", "no body paragraphs"),
        (b"Headline\n\xff\xfe bad bytes\n", "not valid UTF-8"),
        (b"H" * 301 + b"\nBody.\n", "headline is longer"),
    ],
)
def test_bad_file_exits_non_zero_names_file_and_reason_and_changes_nothing(
    db, tmp_path, content, reason
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_story", str(path))
    assert str(path) in str(raised.value) and reason in str(raised.value)
    assert Story.objects.count() == 0


def test_bad_file_error_names_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Headline\nfine.\n\xff\n")
    with pytest.raises(ArticleFormatError) as raised:
        parse_article(path)
    assert raised.value.line == 3 and str(raised.value).startswith(f"{path}:3:")


def test_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("import_story", str(tmp_path / "missing.txt"))


def test_importing_the_same_headline_again_is_refused_unless_replace(db, unseen):
    import_story(unseen)
    with pytest.raises(ArticleFormatError, match="already exists"):
        import_story(unseen)
    story = import_story(unseen, replace=True)
    assert Story.objects.count() == 1
    assert story.sections.count() == 3 and story.related_links.count() == 2


def test_imports_are_in_the_history_and_a_rebuild_is_a_new_version(db, unseen):
    first = import_story(unseen)
    rebuilt = import_story(unseen, replace=True)
    assert (first.version, rebuilt.version) == (1, 2)
    stored = list(history.story_versions(rebuilt.pk))
    assert [history.stored_number(v) for v in stored] == [2, 1]
    assert stored[0].revision.comment == "Imported from pier.txt"
    saved = versions.stored(stored[0].revision, rebuilt.pk)
    assert len(saved.parts["sections"]) == 3 and len(saved.parts["related_links"]) == 2


def test_draft_flag_imports_an_unpublished_story(db, unseen):
    call_command("import_story", str(unseen), "--draft", verbosity=0)
    assert not Story.objects.published().exists()


def test_help_documents_the_format(capsys):
    with pytest.raises(SystemExit):
        call_command("import_story", "--help")
    help_text = capsys.readouterr().out
    for rule in ["first line is the headline", "heading", "blank line", "related headlines"]:
        assert rule in help_text


# --- Hostile text: line breaks, control characters, encodings, size -------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x1c", "\x1d", "\x1e"])
def test_lines_split_only_on_newlines_so_odd_separators_stay_in_their_paragraph(
    tmp_path, separator
):
    path = tmp_path / "a.txt"
    text = f"Headline\nFirst half{separator} second half of one paragraph.\nMore.\n"
    path.write_text(text, encoding="utf-8")
    if separator in "\u2028\u2029":
        article = parse_article(path)
        [lead] = article.sections
        assert lead.heading == ""
        assert lead.paragraphs == [f"First half{separator} second half of one paragraph.", "More."]
    else:  # a control character: refused on its own line, not split there
        with pytest.raises(ArticleFormatError) as raised:
            parse_article(path)
        assert raised.value.line == 2
        assert f"U+{ord(separator):04X}" in str(raised.value)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_lines_split_on_every_kind_of_newline(tmp_path, ending):
    path = tmp_path / "a.txt"
    path.write_bytes(ending.join(["Headline", "Lead.", "", "Related"]).encode())
    article = parse_article(path)
    assert (article.headline, article.related) == ("Headline", ["Related"])
    assert article.sections[0].paragraphs == ["Lead."]


# NUL is not among them: a file holding NUL is refused whole, as binary (or BOM-less UTF-16).
@pytest.mark.parametrize("character", ["\x01", "\x0c", "\x1b", "\x7f", "\x9f"])
def test_a_control_character_is_refused_with_file_line_and_position(db, tmp_path, character):
    path = tmp_path / "bad.txt"
    path.write_bytes(f"Headline\nLead.\nSecond {character}paragraph.\n".encode())
    with pytest.raises(CommandError) as raised:
        call_command("import_story", str(path))
    assert str(raised.value) == (
        f"{path}:3: this line contains a control character (U+{ord(character):04X}) at position 8"
    )
    assert Story.objects.count() == 0


def test_a_word_soft_return_becomes_a_space(db, tmp_path):
    path = tmp_path / "word.txt"
    path.write_bytes(b"Mayor\x0bresigns\nLead\x0bline one.\n\nRelated\x0bone\n")
    story = import_story(path)
    assert story.headline == "Mayor resigns"
    assert story.sections.get().body == "Lead line one."
    assert story.related_links.get().title == "Related one"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_read(db, tmp_path, encoding):
    path = tmp_path / "utf16.txt"
    text = "Headline “quoted”\r\nLead paragraph, ü.\r\n\r\nRelated\r\n"
    bom = "" if encoding == "utf-16" else "\ufeff"  # "utf-16" writes its own BOM
    path.write_bytes((bom + text).encode(encoding))
    story = import_story(path)
    assert story.headline == "Headline “quoted”"
    assert story.sections.get().body == "Lead paragraph, ü."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Headline\nLead.\n".encode("utf-32"), "UTF-32 text is not supported"),
        ("Headline\nLead.\n".encode("utf-16-le"), "binary file"),  # no BOM: can't be told
        (b"\xff\xfeH\x00\x00\xd8\n\x00", "not valid UTF-16"),  # a lone surrogate
    ],
)
def test_other_encodings_are_refused_by_name(db, tmp_path, content, reason):
    path = tmp_path / "odd.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason):
        call_command("import_story", str(path))
    assert Story.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Headline\n" + b"A paragraph.\n" * (MAX_FILE_BYTES // 13 + 1))
    with pytest.raises(CommandError) as raised:
        call_command("import_story", str(path))
    assert str(raised.value) == (
        f"{path}: the file is larger than the 2 MB an article may be; split it or trim it"
    )
    assert Story.objects.count() == 0


def test_a_file_at_the_size_limit_is_read(db, tmp_path):
    path = tmp_path / "big.txt"
    body = b"Headline\n" + b"A paragraph.\n" * ((MAX_FILE_BYTES - 9) // 13)
    path.write_bytes(body)
    assert len(body) <= MAX_FILE_BYTES
    assert len(import_story(path).sections.get().paragraphs) == (MAX_FILE_BYTES - 9) // 13


def test_the_command_exits_non_zero_with_file_line_and_reason(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Headline\nLead\x01.\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_story", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.sqlite3")},
        check=False,
    )
    assert result.returncode == 1
    assert f"{path}:2: this line contains a control character (U+0001)" in result.stderr
