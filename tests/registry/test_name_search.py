from datetime import date

import pytest
from django.db import connection

from registry.models import Employer, NameWord
from registry.name_search import collect_vocabulary, edits_allowed, employers_named
from registry.names import name_key

from .test_queries import make_employer


def named(text: str, limit: int = 20) -> list[str]:
    """Employer codes found for what an officer typed, best first."""
    ids = [employer_id for employer_id, _ in employers_named(name_key(text), limit=limit)]
    codes = dict(Employer.objects.filter(id__in=ids).values_list("id", "employer_code"))
    return [codes[i] for i in ids]


@pytest.fixture
def shop_row(db):
    """A street of shops whose signboards share words, as in any town."""
    for code, name in [
        ("E00000000001", "Restoran Selera Kampung Sdn Bhd"),
        ("E00000000002", "Kedai Runcit Maju Jaya"),
        ("E00000000003", "Kedai Runcit Ah Seng"),
        ("E00000000004", "Bengkel Motor Ah Seng"),
        ("E00000000005", "Maju Bestari Holdings Sdn Bhd"),
        ("E00000000006", "Selera Utara Enterprise"),
    ]:
        make_employer(code, name)


def test_every_word_of_a_new_employer_joins_the_vocabulary(db):
    make_employer("E00000000010", "Kedai Emas Mutiara Sdn Bhd", trading_name="Mutiara Gold")
    assert {"KEDAI", "EMAS", "MUTIARA", "GOLD"} <= set(NameWord.objects.values_list("word", flat=True))
    assert not NameWord.objects.filter(word__in=["SDN", "BHD"]).exists()


def test_a_renamed_employer_brings_its_new_words(db):
    employer = make_employer("E00000000011", "Dobi Ceria")
    Employer.objects.filter(pk=employer.pk).update(name="Dobi Gemilang", name_key=name_key("Dobi Gemilang"))
    assert NameWord.objects.filter(word="GEMILANG").exists()


def test_collecting_the_vocabulary_again_adds_only_what_is_missing(shop_row):
    NameWord.objects.filter(word="SELERA").delete()
    assert collect_vocabulary() == 1
    assert collect_vocabulary() == 0


@pytest.mark.parametrize(("word", "edits"), [("NG", 0), ("TAN", 1), ("MAJU", 2), ("KAMPUNG", 2)])
def test_longer_words_may_carry_more_typing_edits(word, edits):
    assert edits_allowed(word) == edits


def test_a_misspelt_name_finds_the_business_bearing_every_word(shop_row):
    assert named("restoran slera kampong") == ["E00000000001"]


def test_two_swapped_letters_in_a_short_word_are_still_that_word(shop_row):
    assert named("kedai runcit mjau jaya")[0] == "E00000000002"


def test_word_order_does_not_matter(shop_row):
    assert named("Kampung Selera")[0] == "E00000000001"


def test_a_word_not_on_the_registered_name_still_leaves_the_others_to_find_it(shop_row):
    assert named("Restoran Selera Kampung Baru") == ["E00000000001"]


def test_shared_trade_words_alone_do_not_make_a_match(shop_row):
    found = named("Kedai Runcit Zzyzx")
    assert "E00000000001" not in found and "E00000000004" not in found


def test_a_name_typed_as_one_word_falls_back_to_trigram_neighbours(shop_row):
    assert named("Runcit Ahseng")[0] == "E00000000003"


def test_the_best_match_comes_first_among_names_sharing_words(shop_row):
    assert named("Kedai Runcit Ah Seng")[0] == "E00000000003"


def test_a_name_matching_nothing_finds_nothing(shop_row):
    assert named("Qqqq Xxxx") == []


def test_an_empty_key_finds_nothing(shop_row):
    assert employers_named("", limit=20) == []


def test_candidates_come_from_the_inverted_index_of_name_words(shop_row):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM registry_employer "
            "WHERE name_words && %s::text[] AND name_words && %s::text[]",
            [["SELERA"], ["KAMPUNG"]],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "employer_name_words" in plan


def test_the_trading_name_is_searched_too(db):
    make_employer(
        "E00000000020",
        "Syarikat Ikhlas Murni Sdn Bhd",
        trading_name="Kopitiam Pelangi",
        registered_on=date(2020, 1, 1),
    )
    assert named("kopitiam pelangi") == ["E00000000020"]
