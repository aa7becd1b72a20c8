"""Side-by-side text differences: words marked, everything escaped, paragraphs lined up."""

from articles.editing.diffs import WORD_DIFF_LIMIT, side_by_side


def test_changed_words_are_marked_on_each_side():
    old, new = side_by_side("The cat sat on the mat.", "The dog sat on the mat.")
    assert old == "The <del>cat </del>sat on the mat."
    assert new == "The <ins>dog </ins>sat on the mat."


def test_markup_in_the_text_is_escaped_never_rendered():
    old, new = side_by_side('<a href="x">Hi</a> & bye', "<script>alert(1)</script> & bye")
    assert "<a href" not in old and "<script>" not in new
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in new and "&amp; bye" in new


def test_unchanged_paragraphs_stay_unmarked():
    old, new = side_by_side("One.\n\nTwo.\n\nThree.", "One.\n\nTwo, changed.\n\nThree.")
    assert old == "One.\n\n<del>Two.\n</del>\nThree."
    assert new == "One.\n\n<ins>Two, changed.\n</ins>\nThree."


def test_added_and_removed_text_appear_on_one_side_only():
    old, new = side_by_side("Keep.", "Keep.\n\nAdded paragraph.")
    assert (old, new) == ("Keep.", "Keep.\n<ins>\nAdded paragraph.</ins>")


def test_a_stretch_too_long_to_compare_word_by_word_is_marked_whole():
    long_old = "old " * WORD_DIFF_LIMIT
    old, _ = side_by_side(long_old, "new " * WORD_DIFF_LIMIT)
    assert old == f"<del>{long_old}</del>"


def test_megabyte_texts_are_compared():
    paragraph = "Word " * 200 + "\n\n"
    _, new = side_by_side(paragraph * 1000, paragraph * 999 + "Changed.\n")
    assert new.endswith("<ins>Changed.\n</ins>")
