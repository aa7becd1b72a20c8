"""import_story: the plain-text format, unseen articles, and bad files that change nothing."""

import pytest
from django.core.management import CommandError, call_command

from articles.editing import history, versions
from articles.importer import ArticleFormatError, import_story, parse_article
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
