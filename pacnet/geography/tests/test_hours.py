"""Opening hours as librarians write them: English or short Vietnamese day names."""

import pytest

from pacnet.core.errors import DomainError
from pacnet.geography.hours import hours_parse, hours_text


def test_short_vietnamese_day_names_read_as_the_english_ones():
    vietnamese = hours_parse("t2-t6 07:30-11:30,13:30-17:00; t7 07:30-11:30; cn nghỉ")
    english = hours_parse("mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed")
    assert vietnamese == english
    assert hours_text(vietnamese) == (
        "mon-fri 07:30-11:30,13:30-17:00; sat 07:30-11:30; sun closed"
    )


@pytest.mark.parametrize("text", ["t8 07:30-11:30", "t6-t2 07:30-11:30", "c 07:30-11:30"])
def test_a_day_that_is_not_one_is_an_error_on_the_hours(text):
    with pytest.raises(DomainError) as refused:
        hours_parse(text)
    assert "hours" in refused.value.message_dict
