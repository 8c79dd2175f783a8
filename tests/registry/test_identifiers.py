from datetime import date

import pytest
from django.utils import translation

from registry.identifiers import (
    InvalidIdentifier,
    MyKad,
    QueryKind,
    Ssm,
    check_mykad_against,
    check_postcode,
    classify_query,
    normalise_id_number,
    normalise_state,
    parse_employer_code,
    parse_mykad,
    parse_passport,
    parse_ssm,
)

ON = date(2026, 11, 29)


def error_code(call, *args, **kwargs) -> str:
    with pytest.raises(InvalidIdentifier) as caught:
        call(*args, **kwargs)
    return caught.value.code


# --- MyKad ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["850707-14-5553", "850707145553", " 850707 14 5553 ", "850707-14 5553"])
def test_a_mykad_is_read_with_or_without_dashes_and_spaces(text):
    assert parse_mykad(text, on=ON) == MyKad("850707145553", date(1985, 7, 7), "14", "W.P. Kuala Lumpur", "M")


def test_an_even_last_digit_is_a_woman_born_where_the_code_says():
    mykad = parse_mykad("650120-01-5678", on=ON)
    assert (mykad.gender, mykad.place, mykad.born_on) == ("F", "Johor", date(1965, 1, 20))


def test_the_older_place_codes_of_a_state_give_the_same_state():
    assert parse_mykad("790115-44-6123", on=ON).place == "Selangor"


def test_a_place_code_abroad_gives_the_country():
    mykad = parse_mykad("900101-61-1235", on=ON)
    assert (mykad.place, mykad.born_in_malaysia) == ("Indonesia", False)


def test_someone_born_this_century_is_not_made_a_hundred_years_older():
    assert parse_mykad("050312-10-1234", on=ON).born_on == date(2005, 3, 12)


def test_a_two_digit_year_after_this_one_is_last_century():
    assert parse_mykad("300312-10-1234", on=ON).born_on == date(1930, 3, 12)


def test_a_mykad_prints_in_its_usual_shape():
    assert parse_mykad("850707145553", on=ON).formatted == "850707-14-5553"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("851307-14-5553", "mykad_date"),  # month 13
        ("850230-14-5553", "mykad_date"),  # 30 February
        ("850707-17-5553", "mykad_place"),  # 17 is not used
        ("850707-00-5553", "mykad_place"),
        ("850707-14-555", "mykad_length"),
        ("850707-14-55531", "mykad_length"),
        ("85O707-14-5553", "mykad_format"),
        ("", "id_empty"),
    ],
)
def test_an_invalid_mykad_says_what_is_wrong(text, code):
    assert error_code(parse_mykad, text, on=ON) == code


def test_the_message_names_the_wrong_part():
    with pytest.raises(InvalidIdentifier) as caught:
        parse_mykad("850707-17-5553", on=ON)
    assert "17" in caught.value.message
    assert str(caught.value) == caught.value.message


def test_the_message_is_translated_when_read():
    with pytest.raises(InvalidIdentifier) as caught:
        parse_mykad("8507071455", on=ON)
    with translation.override("en"):
        assert caught.value.message == "A MyKad number has 12 digits; this one has 10."


def test_a_mykad_must_agree_with_the_date_of_birth_on_record():
    assert (
        error_code(check_mykad_against, "850707145553", born_on=date(1985, 7, 8), gender="M")
        == "mykad_birth_date"
    )


def test_a_mykad_must_agree_with_the_gender_on_record():
    assert (
        error_code(check_mykad_against, "850707145553", born_on=date(1985, 7, 7), gender="F")
        == "mykad_gender"
    )


def test_a_mykad_agreeing_with_the_record_passes():
    check_mykad_against("850707145553", born_on=date(1985, 7, 7), gender="M")


# --- national ID and passports ------------------------------------------------------------------


def test_a_national_id_of_twelve_digits_is_a_mykad():
    assert normalise_id_number("850707-14-5553", on=ON) == "850707145553"


def test_twelve_digits_that_are_no_mykad_get_the_mykad_message():
    assert error_code(normalise_id_number, "851307145553", on=ON) == "mykad_date"


def test_a_passport_number_is_uppercased_without_separators():
    assert normalise_id_number(" b 1234-567 ", on=ON) == "B1234567"


def test_a_malaysian_needs_a_mykad_not_a_passport():
    assert error_code(normalise_id_number, "A1234567", nationality="MY", on=ON) == "mykad_required"


def test_a_foreign_worker_passport_may_be_all_digits():
    assert normalise_id_number("081234567", nationality="NP") == "081234567"


@pytest.mark.parametrize("text", ["A123", "A" * 21, "A12/345678", "ABCDEFGHIJKL"])
def test_a_passport_number_has_six_to_twenty_letters_and_digits_one_a_digit_at_least(text):
    assert error_code(parse_passport, text) == "passport_format"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("890A31-17-1224", "mykad_format"),  # a letter where a digit belongs
        ("770305-00", "mykad_length"),  # the first two groups only
        ("770305 00", "mykad_length"),
        ("85131514512", "mykad_length"),  # a digit missing
        ("8513151451234", "mykad_length"),  # a digit too many
        ("851315-14-5123", "mykad_date"),
    ],
)
def test_what_is_written_as_a_mykad_is_refused_as_a_mykad_not_read_as_a_passport(text, code):
    assert error_code(normalise_id_number, text, on=ON) == code


def test_the_mykad_refusal_says_what_a_mykad_is():
    with translation.override("en"), pytest.raises(InvalidIdentifier) as caught:
        normalise_id_number("770305-00", on=ON)
    assert caught.value.message == "A MyKad number has 12 digits; this one has 8."


@pytest.mark.parametrize(
    ("nationality", "number"),
    [("ID", "B1234567"), ("BD", "BA1234567"), ("BD", "A01234567"), ("MM", "MA123456"), ("CN", "EA1234567")],
)
def test_a_passport_in_its_countrys_shape_is_read(nationality, number):
    assert normalise_id_number(number, nationality=nationality) == number


@pytest.mark.parametrize(
    ("nationality", "number"),
    [("ID", "12345678"), ("ID", "AB123456789"), ("IN", "K12345678"), ("PK", "A1234567")],
)
def test_a_passport_not_in_its_countrys_shape_is_refused_with_an_example(nationality, number):
    with translation.override("en"), pytest.raises(InvalidIdentifier) as caught:
        normalise_id_number(number, nationality=nationality)
    assert caught.value.code == "passport_country"
    assert nationality in caught.value.message and "for example" in caught.value.message


# --- employer codes and SSM numbers ---------------------------------------------------------------


def test_an_employer_code_is_twelve_letters_and_digits_uppercased():
    assert parse_employer_code(" b9900000001s ") == "B9900000001S"


@pytest.mark.parametrize("text", ["B99000000", "B9900000001SX", "B99000000/1S", ""])
def test_an_employer_code_of_another_shape_is_refused(text):
    assert error_code(parse_employer_code, text) == "employer_code_format"


def test_the_ssm_example_holds_both_numbers():
    assert parse_ssm("201901000005 (1312525-A)", on=ON) == Ssm(new="201901000005", old="1312525-A")


@pytest.mark.parametrize("text", ["201901000005", "2019-01-000005", " 2019 01 000005 "])
def test_a_new_ssm_number_is_read_with_or_without_separators(text):
    assert parse_ssm(text, on=ON) == Ssm(new="201901000005")


@pytest.mark.parametrize("text", ["1312525-A", "1312525A", "1312525 a"])
def test_an_old_ssm_number_is_read_with_or_without_the_dash(text):
    assert parse_ssm(text, on=ON) == Ssm(old="1312525-A")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("202701000005", "ssm_year"),  # next year
        ("180001000005", "ssm_year"),
        ("201907000005", "ssm_entity_type"),
        ("201900000005", "ssm_entity_type"),
        ("1312525", "ssm_format"),  # no check letter
        ("1312525-AB", "ssm_format"),
        ("20190100000", "ssm_format"),  # 11 digits
        ("201901000005 (201901000006)", "ssm_repeated"),
        ("", "ssm_format"),
    ],
)
def test_an_invalid_ssm_number_says_what_is_wrong(text, code):
    assert error_code(parse_ssm, text, on=ON) == code


# --- states and postcodes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Selangor", "Selangor"),
        ("SELANGOR", "Selangor"),
        ("Penang", "Pulau Pinang"),
        ("Wilayah Persekutuan Kuala Lumpur", "W.P. Kuala Lumpur"),
        ("WP Kuala Lumpur", "W.P. Kuala Lumpur"),
        ("Kuala Lumpur", "W.P. Kuala Lumpur"),
        ("Malacca", "Melaka"),
        ("W.P. Labuan", "W.P. Labuan"),
    ],
)
def test_common_spellings_of_a_state_give_its_name(text, state):
    assert normalise_state(text) == state


def test_an_unknown_state_is_refused():
    assert error_code(normalise_state, "Gotham") == "state_unknown"


def test_a_postcode_in_its_state_gives_its_town():
    area = check_postcode("41050", "Selangor")
    assert (area.state, area.cities) == ("Selangor", ("Klang",))


def test_a_postcode_in_another_state_says_which_state_it_is_in():
    with pytest.raises(InvalidIdentifier) as caught:
        check_postcode("50000", "Selangor")
    assert caught.value.code == "postcode_state"
    assert "W.P. Kuala Lumpur" in caught.value.message


@pytest.mark.parametrize(
    ("postcode", "code"),
    [("5000", "postcode_format"), ("5000A", "postcode_format"), ("00001", "postcode_unknown")],
)
def test_a_postcode_must_be_five_known_digits(postcode, code):
    assert error_code(check_postcode, postcode, "Selangor") == code


# --- the search box ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("850707-14-5553", QueryKind.MYKAD, "850707145553"),
        ("850707145553", QueryKind.MYKAD, "850707145553"),
        ("201901000005", QueryKind.SSM_NEW, "201901000005"),
        ("201901000005 (1312525-A)", QueryKind.SSM_NEW, "201901000005"),
        ("1312525-A", QueryKind.SSM_OLD, "1312525-A"),
        ("1312525a", QueryKind.SSM_OLD, "1312525-A"),
        ("b9900000001s", QueryKind.EMPLOYER_CODE, "B9900000001S"),
        ("A1234567", QueryKind.PASSPORT, "A1234567"),
        ("Restoran  Selera Kampung", QueryKind.NAME, "Restoran Selera Kampung"),
        ("7-Eleven", QueryKind.NAME, "7-Eleven"),
        ("KFC", QueryKind.NAME, "KFC"),
    ],
)
def test_the_search_box_tells_what_was_typed(text, kind, value):
    query = classify_query(text, on=ON)
    assert (query.kind, query.value) == (kind, value)


@pytest.mark.parametrize("text", ["890A31-17-1224", "770305-00", "85131514512", "851315-14-5123"])
def test_the_search_box_takes_what_is_written_as_a_mykad_for_one_even_when_it_is_not(text):
    """The person check then refuses it with the MyKad message; an employer search would keep it."""
    assert classify_query(text, on=ON).kind == QueryKind.MYKAD


@pytest.mark.parametrize(
    ("text", "kind"),
    [("851315145123", QueryKind.EMPLOYER_CODE), ("2019-01-000005", QueryKind.SSM_NEW)],
)
def test_twelve_plain_digits_that_are_no_mykad_may_still_be_a_code(text, kind):
    assert classify_query(text, on=ON).kind == kind


def test_both_ssm_numbers_are_offered_when_both_were_typed():
    query = classify_query("201901000005 (1312525-A)", on=ON)
    assert [(q.kind, q.value) for q in query.alternatives] == [(QueryKind.SSM_OLD, "1312525-A")]


def test_twelve_digits_valid_as_both_prefer_the_ssm_number_when_the_person_would_be_a_child():
    query = classify_query("200101012345", on=ON)  # a MyKad of someone born in 2020, or an SSM of 2001
    assert query.kind == QueryKind.SSM_NEW
    assert QueryKind.MYKAD in [q.kind for q in query.alternatives]


def test_mykad_dashes_settle_a_number_valid_as_both():
    assert classify_query("200101-01-2345", on=ON).kind == QueryKind.MYKAD


def test_twelve_digits_that_are_neither_are_tried_as_an_employer_code():
    assert classify_query("851307145553", on=ON).kind == QueryKind.EMPLOYER_CODE


def test_a_mykad_against_another_birth_date_names_that_date_for_the_reader():
    with pytest.raises(InvalidIdentifier) as refused:
        check_mykad_against("850707145553", born_on=date(1985, 8, 8), gender="M")
    with translation.override("ms"):
        assert "tarikh lahir ialah 8 Ogos 1985" in refused.value.message
    with translation.override("en"):
        assert "the date of birth is 8 August 1985" in refused.value.message
