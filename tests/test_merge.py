"""The three-way merge on plain data: what merges, what conflicts, and nothing is lost."""

from articles.editing.merge import Conflict, Snapshot, merge_value, three_way


def story(fields=None, sections=None, added=None):
    return Snapshot(
        fields={"headline": "H", "standfirst": "S"} | (fields or {}),
        parts={"sections": sections if sections is not None else dict(SECTIONS)},
        added={"sections": added or []},
    )


SECTIONS = {
    1: {"position": 1, "heading": "", "body": "Lead."},
    2: {"position": 2, "heading": "Two", "body": "Second."},
    3: {"position": 3, "heading": "Three", "body": "Third."},
}


def with_row(key, **changes):
    return {**SECTIONS, key: SECTIONS[key] | changes}


def rows(merge):
    return {row.key: row.values for row in merge.parts["sections"] if not row.delete}


def test_a_field_changed_on_one_side_takes_that_side():
    assert merge_value("a", "b", "a") == ("b", False)
    assert merge_value("a", "a", "c") == ("c", False)
    assert merge_value("a", "b", "b") == ("b", False)


def test_a_field_changed_differently_on_both_sides_conflicts_and_keeps_mine():
    assert merge_value("a", "b", "c") == ("c", True)


def test_edits_to_different_fields_merge():
    merge = three_way(story(), story({"headline": "Theirs"}), story({"standfirst": "Mine"}))
    assert merge.clean
    assert merge.fields == {"headline": "Theirs", "standfirst": "Mine"}


def test_edits_to_the_same_field_conflict():
    merge = three_way(story(), story({"headline": "Theirs"}), story({"headline": "Mine"}))
    assert merge.conflicts == [Conflict(None, None, "headline", "Theirs", "Mine")]
    assert merge.fields["headline"] == "Mine"


def test_fields_left_out_of_the_form_are_untouched():
    mine = Snapshot(fields={"standfirst": "Mine"}, parts={"sections": {}})
    merge = three_way(story(), story({"headline": "Theirs"}), mine)
    assert merge.clean
    assert merge.fields == {"headline": "Theirs", "standfirst": "Mine"}
    assert rows(merge) == SECTIONS


def test_edits_to_different_sections_merge():
    theirs = story(sections=with_row(2, body="Their second."))
    mine = story(sections=with_row(3, body="My third."))
    merge = three_way(story(), theirs, mine)
    assert merge.clean
    assert rows(merge)[2]["body"] == "Their second."
    assert rows(merge)[3]["body"] == "My third."


def test_edits_to_the_same_section_body_conflict_but_heading_and_body_merge():
    theirs = story(sections=with_row(2, body="Their second."))
    assert three_way(story(), theirs, story(sections=with_row(2, heading="My two"))).clean
    merge = three_way(story(), theirs, story(sections=with_row(2, body="My second.")))
    assert merge.conflicts == [Conflict("sections", 2, "body", "Their second.", "My second.")]
    assert rows(merge)[2]["body"] == "My second."


def test_their_inserted_section_and_renumbering_merge_with_my_edit():
    theirs = {
        1: SECTIONS[1],
        9: {"position": 2, "heading": "New", "body": "Inserted."},
        2: SECTIONS[2] | {"position": 3},
        3: SECTIONS[3] | {"position": 4},
    }
    merge = three_way(story(), story(sections=theirs), story(sections=with_row(3, body="Mine.")))
    assert merge.clean
    assert rows(merge) == theirs | {3: theirs[3] | {"body": "Mine."}}


def test_their_deleted_section_goes_when_i_did_not_touch_it():
    theirs = {1: SECTIONS[1], 3: SECTIONS[3]}
    merge = three_way(story(), story(sections=theirs), story(sections=with_row(3, body="Mine.")))
    assert merge.clean
    assert set(rows(merge)) == {1, 3}


def test_editing_a_section_they_deleted_conflicts_and_keeps_my_copy_as_new():
    theirs = {1: SECTIONS[1], 3: SECTIONS[3]}
    merge = three_way(story(), story(sections=theirs), story(sections=with_row(2, body="Mine.")))
    [conflict] = merge.conflicts
    assert (conflict.key, conflict.field, conflict.theirs) == (2, None, None)
    [copy] = [row for row in merge.parts["sections"] if not row.exists]
    assert copy.values == SECTIONS[2] | {"body": "Mine."}


def test_deleting_a_section_they_edited_conflicts_and_shows_their_text():
    theirs = story(sections=with_row(2, body="Their second."))
    mine = story(sections={**SECTIONS, 2: None})
    merge = three_way(story(), theirs, mine)
    [conflict] = merge.conflicts
    assert (conflict.key, conflict.theirs["body"], conflict.mine) == (2, "Their second.", None)
    [deleted] = [row for row in merge.parts["sections"] if row.delete]
    assert deleted.values["body"] == "Their second."


def test_deleting_a_section_nobody_else_touched_merges():
    merge = three_way(story(), story({"headline": "T"}), story(sections={**SECTIONS, 2: None}))
    assert merge.clean
    assert set(rows(merge)) == {1, 3}


def test_both_inserting_at_the_same_place_renumbers_theirs_first():
    shifted = {1: SECTIONS[1], 2: SECTIONS[2] | {"position": 3}, 3: SECTIONS[3] | {"position": 4}}
    theirs = story(sections=shifted | {9: {"position": 2, "heading": "T", "body": "Theirs."}})
    mine = story(sections=shifted, added=[{"position": 2, "heading": "M", "body": "Mine."}])
    merge = three_way(story(), theirs, mine)
    assert merge.clean
    order = sorted(rows(merge).items(), key=lambda item: item[1]["position"])
    assert [values["heading"] for _, values in order] == ["", "T", "M", "Two", "Three"]


def test_reordering_the_same_section_differently_conflicts():
    theirs = story(sections=with_row(2, position=5))
    mine = story(sections=with_row(2, position=6))
    assert [c.field for c in three_way(story(), theirs, mine).conflicts] == ["position"]


def test_without_a_base_every_difference_conflicts():
    theirs = story({"headline": "Theirs"}, sections=with_row(2, body="Their second."))
    mine = story({"headline": "Theirs", "standfirst": "Mine"}, sections={**SECTIONS, 3: None})
    merge = three_way(None, theirs, mine)
    assert {(c.key, c.field) for c in merge.conflicts} == {
        (None, "standfirst"),
        (2, "body"),
        (3, None),
    }


def test_without_a_base_identical_text_does_not_conflict():
    assert three_way(None, story(), story()).clean


# Text is merged line by line, like `git merge-file`: a body's paragraphs are its lines.
BODY = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


def body_merge(theirs, mine, base=BODY):
    merge = three_way(
        story(sections=with_row(2, body=base)),
        story(sections=with_row(2, body=theirs)),
        story(sections=with_row(2, body=mine)),
    )
    return merge, rows(merge)[2]["body"]


def test_changes_to_different_paragraphs_of_one_body_are_both_kept():
    merge, body = body_merge(
        BODY.replace("First", "Their first"), BODY.replace("Third", "My third")
    )
    assert merge.clean
    assert body == "Their first paragraph.\n\nSecond paragraph.\n\nMy third paragraph."


def test_a_paragraph_added_by_one_and_another_edited_by_the_other_are_both_kept():
    merge, body = body_merge(BODY.replace("Second", "Their second"), "Inserted.\n\n" + BODY)
    assert merge.clean
    assert body == "Inserted.\n\nFirst paragraph.\n\nTheir second paragraph.\n\nThird paragraph."


def test_the_same_paragraph_changed_differently_clashes_over_that_paragraph_only():
    theirs = BODY.replace("Second", "Their second").replace("First", "Their first")
    mine = BODY.replace("Second", "My second")
    merge, body = body_merge(theirs, mine)
    [conflict] = merge.conflicts
    assert conflict.shown == ("Their second paragraph.", "My second paragraph.")
    # The form keeps my paragraph, with their other change merged in...
    assert body == "Their first paragraph.\n\nMy second paragraph.\n\nThird paragraph."
    # ...and "Use their version" gives theirs at the clash, with the rest as merged.
    assert conflict.theirs == theirs


def test_both_making_the_same_change_to_a_paragraph_is_no_clash():
    same = BODY.replace("Third", "Our third")
    merge, body = body_merge(same, same.replace("First", "My first"))
    assert merge.clean
    assert body == "My first paragraph.\n\nSecond paragraph.\n\nOur third paragraph."


def test_line_endings_and_a_missing_final_newline_do_not_clash():
    merge, body = body_merge(
        BODY.replace("First", "Their first") + "\n",
        BODY.replace("\n", "\r\n").replace("Third", "My third"),
    )
    assert merge.clean
    assert body == "Their first paragraph.\n\nSecond paragraph.\n\nMy third paragraph."


def test_one_line_fields_still_clash_whole():
    merge = three_way(story(), story({"headline": "Theirs"}), story({"headline": "Mine"}))
    [conflict] = merge.conflicts
    assert (conflict.theirs, conflict.mine, conflict.shown) == (
        "Theirs",
        "Mine",
        ("Theirs", "Mine"),
    )
