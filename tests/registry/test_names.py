import pytest

from registry.names import name_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Restoran Selera Kampung Sdn. Bhd.", "RESTORAN SELERA KAMPUNG"),
        ("RESTORAN SELERA KAMPUNG SDN BHD", "RESTORAN SELERA KAMPUNG"),
        ("restoran  selera-kampung", "RESTORAN SELERA KAMPUNG"),
        ("Restoran Selera Kampung Sendirian Berhad", "RESTORAN SELERA KAMPUNG"),
        ("Kedai Runcit Ah Kow S/B", "KEDAI RUNCIT AH KOW"),
        ("Ah Kow Trading & Co.", "AH KOW"),
        ("Maju Jaya Enterprises", "MAJU JAYA"),
        ("Maju Jaya Ent.", "MAJU JAYA"),
        ("Bengkel Mutiara PLT", "BENGKEL MUTIARA"),
        ("Mutiara Holdings (M) Sdn. Bhd.", "MUTIARA HOLDINGS"),
        ("Perniagaan Ah Kow", "AH KOW"),
        ("Café Mamak's", "CAFE MAMAKS"),
        ("7-Eleven", "7 ELEVEN"),
    ],
)
def test_name_key_folds_case_punctuation_and_company_words(text, key):
    assert name_key(text) == key


def test_name_key_keeps_words_that_say_what_the_premises_is():
    assert name_key("Kedai Dobi Restoran Bengkel") == "KEDAI DOBI RESTORAN BENGKEL"


def test_name_key_keeps_the_order_of_the_words():
    assert name_key("Kampung Selera Restoran") == "KAMPUNG SELERA RESTORAN"


def test_a_name_of_company_words_only_keeps_them_rather_than_becoming_empty():
    assert name_key("Trading Co. Sdn Bhd") == "TRADING CO SDN BHD"


def test_name_key_of_an_empty_name_is_empty():
    assert name_key("  ") == ""


def test_name_key_fits_the_column():
    assert len(name_key("Restoran " * 40)) == 200


def test_signboard_and_registered_name_share_a_key():
    assert name_key("NASI KANDAR SRI MUTIARA SDN. BHD.") == name_key("Nasi Kandar Sri Mutiara")
