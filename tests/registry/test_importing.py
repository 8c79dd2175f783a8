from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from registry import importing
from registry.importing import import_directory
from registry.models import ContributionYear, Employer, Employment, InsuredPerson

HEADERS = {
    "employers.csv": "employer_code,business_registration_no,name,trading_name,address,postcode,state,"
    "msic_code,registered_on,ceased_on,latitude,longitude",
    "persons.csv": "id_number,name,date_of_birth,gender,nationality,registered_on",
    "employments.csv": "id_number,employer_code,started_on,ended_on",
    "contributions.csv": "id_number,employer_code,month,wage,category",
}
EMPLOYERS = [
    "B9900000001S,201501990001 (1129384-W),RESTORAN SELERA KAMPUNG SDN. BHD.,Restoran Selera Kampung,"
    '"No. 12, Jalan Meru, Klang",41050,Selangor,56101,2015-03-02,,3.0462,101.4468',
    "W9900000002K,1234567-X,Kedai Runcit Ah Kow,,No. 8 Jalan Petaling,50000,Kuala Lumpur,47111,1998-06-15,,,",
]
PERSONS = [
    "850707-14-5553,Hafiz bin Ibrahim,1985-07-07,M,MY,2015-07-01",
    "b1234567,Budi Santoso,1990-01-02,M,ID,2019-01-01",
]
EMPLOYMENTS = [
    "850707145553,B9900000001S,2015-07-01,2025-03-10",
    "B1234567,W9900000002K,2019-01-02,",
]
CONTRIBUTIONS = [
    "850707145553,B9900000001S,2024-11,4200.00,1",
    "850707145553,B9900000001S,2024-12,4200.00,1",
    "850707145553,B9900000001S,2025-01,4200,1",
    "850707145553,B9900000001S,2025-02,4200.5,1",
    "B1234567,W9900000002K,2025-02,1700.00,2",
]


def write(directory: Path, **files: list[str]) -> Path:
    for stem, rows in files.items():
        name = f"{stem}.csv"
        (directory / name).write_text("\n".join([HEADERS[name], *rows]) + "\n", encoding="utf-8")
    return directory


@pytest.fixture
def extracts(tmp_path):
    return write(
        tmp_path, employers=EMPLOYERS, persons=PERSONS, employments=EMPLOYMENTS, contributions=CONTRIBUTIONS
    )


def counts() -> tuple[int, int, int, int]:
    return (
        Employer.objects.count(),
        InsuredPerson.objects.count(),
        Employment.objects.count(),
        ContributionYear.objects.count(),
    )


@pytest.mark.django_db
def test_a_clean_directory_loads_every_file_in_order(extracts):
    report = import_directory(extracts)
    assert report.ok
    assert [f.file for f in report.files] == list(HEADERS)
    assert [(f.rows, f.inserted) for f in report.files] == [(2, 2), (2, 2), (2, 2), (5, 3)]
    assert counts() == (2, 2, 2, 3)


@pytest.mark.django_db
def test_employers_get_their_matching_keys_ssm_numbers_state_and_position(extracts):
    import_directory(extracts)
    restoran = Employer.objects.get(employer_code="B9900000001S")
    assert (restoran.name_key, restoran.trading_name_key) == (
        "RESTORAN SELERA KAMPUNG",
        "RESTORAN SELERA KAMPUNG",
    )
    assert (restoran.ssm_new, restoran.ssm_old) == ("201501990001", "1129384-W")
    assert restoran.business_registration_no == "201501990001 (1129384-W)"
    assert (round(restoran.location.x, 4), round(restoran.location.y, 4)) == (101.4468, 3.0462)
    kedai = Employer.objects.get(employer_code="W9900000002K")
    assert (kedai.state, kedai.ssm_new, kedai.ssm_old, kedai.location) == (
        "W.P. Kuala Lumpur",
        None,
        "1234567-X",
        None,
    )


@pytest.mark.django_db
def test_national_ids_are_stored_in_their_normal_form(extracts):
    import_directory(extracts)
    assert sorted(InsuredPerson.objects.values_list("id_number", flat=True)) == ["850707145553", "B1234567"]


@pytest.mark.django_db
def test_monthly_rows_are_folded_into_one_row_per_year_in_sen(extracts):
    import_directory(extracts)
    wages = dict(
        ContributionYear.objects.filter(person__id_number="850707145553").values_list("year", "wages_sen")
    )
    assert wages[2024] == [None] * 10 + [420000, 420000]
    assert wages[2025] == [420000, 420050] + [None] * 10


@pytest.mark.django_db
def test_last_paid_month_is_the_newest_month_paid_by_the_employer(extracts):
    import_directory(extracts)
    assert Employer.objects.get(employer_code="B9900000001S").last_paid_month == date(2025, 2, 1)


@pytest.mark.django_db
def test_importing_the_same_files_again_changes_nothing(extracts):
    import_directory(extracts)
    before = counts()
    again = import_directory(extracts)
    assert again.ok
    assert again.changed == 0
    assert [(f.inserted, f.updated) for f in again.files] == [(0, 0)] * 4
    assert counts() == before


@pytest.mark.django_db
def test_a_changed_value_updates_only_that_row(extracts, tmp_path_factory):
    import_directory(extracts)
    renamed = [EMPLOYERS[0], EMPLOYERS[1].replace("Kedai Runcit Ah Kow", "Kedai Runcit Ah Kow Dan Anak")]
    report = import_directory(write(tmp_path_factory.mktemp("second"), employers=renamed))
    assert (report.files[0].inserted, report.files[0].updated) == (0, 1)
    assert Employer.objects.get(employer_code="W9900000002K").name_key == "KEDAI RUNCIT AH KOW DAN ANAK"


@pytest.mark.django_db
def test_a_month_in_a_new_file_overwrites_that_month_and_keeps_the_others(extracts, tmp_path_factory):
    import_directory(extracts)
    correction = [
        "850707145553,B9900000001S,2025-01,4300.00,1",
        "850707145553,B9900000001S,2025-03,4300.00,1",
    ]
    report = import_directory(write(tmp_path_factory.mktemp("second"), contributions=correction))
    assert (report.files[0].inserted, report.files[0].updated) == (0, 1)
    row = ContributionYear.objects.get(person__id_number="850707145553", year=2025)
    assert row.wages_sen[:4] == [430000, 420050, 430000, None]


@pytest.mark.django_db
def test_an_older_file_never_moves_last_paid_month_back(extracts, tmp_path_factory):
    import_directory(extracts)
    import_directory(
        write(tmp_path_factory.mktemp("old"), contributions=["850707145553,B9900000001S,2016-01,3000,1"])
    )
    assert Employer.objects.get(employer_code="B9900000001S").last_paid_month == date(2025, 2, 1)


@pytest.mark.django_db
def test_unsorted_months_of_a_year_still_make_one_row(extracts, tmp_path_factory):
    import_directory(extracts)
    shuffled = [
        CONTRIBUTIONS[0],
        CONTRIBUTIONS[4],
        CONTRIBUTIONS[1],
        "850707145553,B9900000001S,2024-01,4200,1",
    ]
    import_directory(write(tmp_path_factory.mktemp("shuffled"), contributions=shuffled))
    row = ContributionYear.objects.get(person__id_number="850707145553", year=2024)
    assert row.wages_sen == [420000] + [None] * 9 + [420000, 420000]


@pytest.mark.django_db
def test_rows_in_an_irregular_but_valid_shape_are_normalised(extracts, tmp_path_factory):
    import_directory(extracts)
    irregular = ['"850707-14-5553", b9900000001s ,2025-03," 4,200.5 ",1']
    report = import_directory(write(tmp_path_factory.mktemp("irregular"), contributions=irregular))
    assert (report.files[0].inserted, report.files[0].updated) == (0, 1)
    row = ContributionYear.objects.get(person__id_number="850707145553", year=2025)
    assert row.wages_sen[:3] == [420000, 420050, 420050]


@pytest.mark.django_db
def test_a_file_with_windows_line_ends_loads(extracts, tmp_path_factory):
    import_directory(extracts)
    folder = tmp_path_factory.mktemp("crlf")
    lines = [HEADERS["contributions.csv"], "850707145553,B9900000001S,2025-03,4300.00,1"]
    (folder / "contributions.csv").write_bytes("\r\n".join(lines).encode() + b"\r\n")
    assert import_directory(folder).files[0].updated == 1


@pytest.mark.django_db
def test_a_year_cut_by_the_end_of_a_chunk_still_makes_one_row(extracts, tmp_path_factory, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 1)  # every line a chunk of its own
    report = import_directory(extracts)
    assert report.file("contributions.csv").inserted == 3
    row = ContributionYear.objects.get(person__id_number="850707145553", year=2025)
    assert row.wages_sen[:3] == [420000, 420050, None]


@pytest.mark.django_db
def test_the_report_times_each_step_of_a_load(extracts):
    report = import_directory(extracts).file("contributions.csv")
    assert list(report.phases) == [
        "read and check", "copy", "fold", "checks", "upsert", "last paid", "commit"
    ]  # fmt: skip
    assert all(seconds >= 0 for seconds in report.phases.values())


# --- bad rows: the file is not loaded, the report names file, line and reason --------------------------


def only_error(report, name: str):
    file = report.file(name)
    assert not file.loaded
    assert file.bad_rows == 1
    return file.errors[0]


@pytest.mark.django_db
def test_a_file_with_one_bad_row_loads_nothing_and_names_the_row(tmp_path):
    bad = [PERSONS[0], "851307-14-5553,Mohd Ali bin Abu,1985-13-07,M,MY,2015-07-01", PERSONS[1]]
    report = import_directory(write(tmp_path, persons=bad))
    error = only_error(report, "persons.csv")
    assert (error.file, error.line, error.column) == ("persons.csv", 3, "date_of_birth")
    assert str(error) == "persons.csv line 3, date_of_birth: date_of_birth must be a date written YYYY-MM-DD."
    assert InsuredPerson.objects.count() == 0


@pytest.mark.django_db
def test_a_mykad_that_disagrees_with_the_date_of_birth_is_refused(tmp_path):
    report = import_directory(
        write(tmp_path, persons=["850707-14-5553,Hafiz bin Ibrahim,1985-07-08,M,MY,2015-07-01"])
    )
    assert only_error(report, "persons.csv").code == "mykad_birth_date"


@pytest.mark.django_db
def test_a_malaysian_with_an_unknown_place_of_birth_code_is_refused(tmp_path):
    report = import_directory(
        write(tmp_path, persons=["850707-17-5553,Hafiz bin Ibrahim,1985-07-07,M,MY,2015-07-01"])
    )
    error = only_error(report, "persons.csv")
    assert (error.code, error.column, error.line) == ("mykad_place", "id_number", 2)


@pytest.mark.django_db
def test_a_bad_file_does_not_stop_the_others(tmp_path):
    bad_person = "850707-14-5553,Hafiz bin Ibrahim,1985-07-07,X,MY,2015-07-01"
    report = import_directory(write(tmp_path, employers=EMPLOYERS, persons=[bad_person]))
    assert [(f.file, f.loaded) for f in report.files] == [("employers.csv", True), ("persons.csv", False)]
    assert not report.ok
    assert counts()[:2] == (2, 0)


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("B99000000,,Kedai,,,,,,2015-01-01,,,", "employer_code", "employer_code_format"),
        ("B9900000009X,,Kedai,,,50000,Selangor,,2015-01-01,,,", "postcode", "postcode_state"),
        ("B9900000009X,,Kedai,,,,Gotham,,2015-01-01,,,", "state", "state_unknown"),
        ("B9900000009X,201907000001,Kedai,,,,,,2015-01-01,,,", "business_registration_no", "ssm_entity_type"),
        ("B9900000009X,,Kedai,,,,,5610,2015-01-01,,,", "msic_code", "msic_code"),
        ("B9900000009X,,Kedai,,,,,,2015-01-01,2014-01-01,,", "ceased_on", "ceased_before_registered"),
        ("B9900000009X,,Kedai,,,,,,2015-01-01,,51.5,-0.12", "latitude", "outside_malaysia"),
        ("B9900000009X,,Kedai,,,,,,2015-01-01,,3.1,", "latitude", "coordinates"),
        ("B9900000009X,,,,,,,,2015-01-01,,,", "name", "required"),
        ("B9900000009X,,Kedai,,,,,,2015-01-01,,", "", "columns"),
    ],
)
@pytest.mark.django_db
def test_a_bad_employer_row_names_its_column_and_reason(tmp_path, row, column, code):
    error = only_error(import_directory(write(tmp_path, employers=[EMPLOYERS[0], row])), "employers.csv")
    assert (error.line, error.column, error.code) == (3, column, code)
    assert Employer.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("850707145553,B9900000001S,2025-13,4200.00,1", "month"),
        ("850707145553,B9900000001S,1970-12,4200.00,1", "month"),
        ("850707145553,B9900000001S,2025-03,-4200.00,1", "wage"),
        ("850707145553,B9900000001S,2025-03,4200.001,1", "wage"),
        ("850707145553,B9900000001S,2025-03,4200.00,3", "category"),
        ("8507,B9900000001S,2025-03,4200.00,1", "id_number"),
        ("850707145553,B99,2025-03,4200.00,1", "employer_code_format"),
        ("850707145553,B9900000001S,2025-03,4200.00", "columns"),
    ],
)
@pytest.mark.django_db
def test_a_bad_contribution_row_names_its_line_and_reason(extracts, tmp_path_factory, row, code):
    import_directory(extracts)
    before = counts()
    report = import_directory(write(tmp_path_factory.mktemp("bad"), contributions=[*CONTRIBUTIONS, row]))
    error = only_error(report, "contributions.csv")
    assert (error.line, error.code) == (7, code)
    assert counts() == before


@pytest.mark.django_db
def test_a_month_given_twice_is_refused_with_both_lines(extracts, tmp_path_factory):
    import_directory(extracts)
    twice = [CONTRIBUTIONS[0], CONTRIBUTIONS[1], CONTRIBUTIONS[1].replace("4200.00", "4300.00")]
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("twice"), contributions=twice)), "contributions.csv"
    )
    assert (error.line, error.code, error.message) == (4, "duplicate", "The same month is also on line 3.")


@pytest.mark.django_db
def test_a_month_given_twice_far_apart_is_refused_with_both_lines(extracts, tmp_path_factory):
    import_directory(extracts)
    apart = [CONTRIBUTIONS[0], CONTRIBUTIONS[4], CONTRIBUTIONS[0].replace("4200.00", "4300.00")]
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("apart"), contributions=apart)), "contributions.csv"
    )
    assert (error.line, error.column, error.message) == (4, "month", "The same month is also on line 2.")


@pytest.mark.django_db
def test_a_month_twice_in_two_chunks_is_refused_with_both_lines(extracts, tmp_path_factory, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK", 1)
    import_directory(extracts)
    twice = [CONTRIBUTIONS[0], CONTRIBUTIONS[1], CONTRIBUTIONS[1].replace("4200.00", "4300.00")]
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("twice"), contributions=twice)), "contributions.csv"
    )
    assert (error.line, error.column, error.message) == (4, "month", "The same month is also on line 3.")


@pytest.mark.django_db
def test_contributions_of_someone_not_registered_are_refused(extracts, tmp_path_factory):
    import_directory(extracts)
    stranger = [*CONTRIBUTIONS, "900101105555,B9900000001S,2025-02,2000.00,1"]
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("stranger"), contributions=stranger)),
        "contributions.csv",
    )
    assert (error.line, error.code) == (7, "unknown_person")
    assert ContributionYear.objects.count() == 3


@pytest.mark.django_db
def test_an_employment_with_an_unknown_employer_is_refused(extracts, tmp_path_factory):
    import_directory(extracts)
    rows = [*EMPLOYMENTS, "850707145553,Z0000000000Z,2015-07-01,"]
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("e"), employments=rows)), "employments.csv"
    )
    assert (error.line, error.code) == (4, "unknown_employer")


@pytest.mark.django_db
def test_an_employer_code_twice_in_a_file_is_refused_with_the_first_line(tmp_path):
    report = import_directory(write(tmp_path, employers=[EMPLOYERS[0], EMPLOYERS[1], EMPLOYERS[0]]))
    error = only_error(report, "employers.csv")
    assert (error.line, error.code, error.message) == (
        4,
        "duplicate",
        "The same employer_code is also on line 2.",
    )


@pytest.mark.django_db
def test_an_ssm_number_of_another_employer_is_refused(extracts, tmp_path_factory):
    import_directory(extracts)
    thief = EMPLOYERS[0].replace("B9900000001S", "B9900000009X")
    error = only_error(
        import_directory(write(tmp_path_factory.mktemp("t"), employers=[thief])), "employers.csv"
    )
    assert (error.code, error.line) == ("ssm_taken", 2)
    assert "B9900000001S" in error.message


@pytest.mark.django_db
def test_a_wrong_header_is_reported_on_line_one(tmp_path):
    (tmp_path / "persons.csv").write_text("id,name\n850707145553,Hafiz\n")
    error = only_error(import_directory(tmp_path), "persons.csv")
    assert (error.line, error.code) == (1, "header")


@pytest.mark.django_db
def test_long_loads_report_progress_every_n_rows(extracts, monkeypatch):
    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    seen = []
    import_directory(extracts, progress=lambda name, rows: seen.append((name, rows)))
    assert ("contributions.csv", 4) in seen
    assert ("persons.csv", 2) in seen


@pytest.mark.django_db
def test_the_command_prints_a_summary(extracts, capsys):
    call_command("import_registry", str(extracts))
    out = capsys.readouterr().out
    assert "contributions.csv: 5 rows, 3 inserted, 0 updated" in out


@pytest.mark.django_db
def test_the_command_fails_and_lists_the_bad_rows(tmp_path, capsys):
    write(tmp_path, persons=["850707-14-5553,Hafiz bin Ibrahim,1985-07-07,X,MY,2015-07-01"])
    with pytest.raises(CommandError):
        call_command("import_registry", str(tmp_path))
    assert "persons.csv line 2, gender: gender must be M or F." in capsys.readouterr().err


@pytest.mark.django_db
def test_the_command_refuses_a_directory_without_extracts(tmp_path):
    with pytest.raises(CommandError, match="No registry extract"):
        call_command("import_registry", str(tmp_path))
