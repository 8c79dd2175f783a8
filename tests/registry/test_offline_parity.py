"""The phone reads the check box as the server does: static/js/offline-names.js under Node,
against registry.names and registry.identifiers, on one table of examples."""

import json
import shutil
import subprocess

import pytest

from registry.identifiers import compact, parse_ssm
from registry.names import COMPANY_WORDS, name_key
from tests.conftest import ROOT

NODE = shutil.which("node") or shutil.which("nodejs")
SCRIPT = ROOT / "static" / "js" / "offline-names.js"

NAMES = [
    "Restoran Selera Kampung",
    "RESTORAN SELERA KAMPUNG SDN. BHD.",
    "Kedai Runcit Ah Seng S/B",
    "Syarikat Maju Jaya (M) Sdn Bhd",
    "Tan & Co",
    "Mamak's Corner",
    "Mamak\u2019s  Corner",
    "Café Émilie",
    "Perniagaan Ahmad",
    "TRADING CO",
    "Bengkel-Kereta/Ali;Baba",
    "  kedai   emas   ",
    "Ng Brothers Enterprise",
    "Klinik 1Malaysia",
    "\uff21\uff22\uff23 Mart",  # full-width letters, as some phones type them
    "Ölçü Ltd",
    "",
    "x" * 250,
]
IDENTIFIERS = ["a1234-5678 901", "A12345678901", " 2019-01-000005 ", "1312525-a", "201901000005 (1312525-A)"]


def run_node(source: str) -> object:
    if NODE is None:
        pytest.skip("Node.js is not installed")
    program = f"const N = require({json.dumps(str(SCRIPT))});\nconsole.log(JSON.stringify({source}));"
    done = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=30)
    return json.loads(done.stdout)


def test_name_keys_are_the_same_in_the_browser_and_on_the_server():
    keys = run_node(f"{json.dumps(NAMES)}.map(N.nameKey)")
    assert keys == [name_key(name) for name in NAMES]


def test_the_company_words_are_the_same_list():
    assert set(run_node("N.COMPANY_WORDS")) == COMPANY_WORDS


def test_identifiers_are_compacted_the_same():
    assert run_node(f"{json.dumps(IDENTIFIERS)}.map(N.compact)") == [compact(text) for text in IDENTIFIERS]


@pytest.mark.parametrize("text", ["201901000005 (1312525-A)", "1312525-a", "2019-01-000005"])
def test_ssm_numbers_are_read_the_same(text):
    ssm = parse_ssm(text)
    expected = [{"kind": "ssm_new", "value": ssm.new}] if ssm.new else []
    expected += [{"kind": "ssm_old", "value": ssm.old}] if ssm.old else []
    assert sorted(run_node(f"N.ssmNumbers({json.dumps(text)})"), key=str) == sorted(expected, key=str)


PACK = {
    "columns": ["code", "ssm_new", "ssm_old", "name", "keys", "status", "last_paid", "lat", "lon"],
    "employers": [
        [
            "A12345678901",
            "201901000005",
            "1312525-A",
            "Restoran Selera Kampung",
            "RESTORAN SELERA KAMPUNG",
            "registered_contributing",
            "2026-10",
            3.04,
            101.44,
        ],
        [
            "B12345678901",
            "",
            "",
            "Kedai Emas Ah Seng",
            "KEDAI EMAS AH SENG|AH SENG GOLD",
            "ceased",
            "",
            3.05,
            101.45,
        ],
    ],
}


@pytest.mark.parametrize(
    ("typed", "kind", "codes"),
    [
        ("a1234-5678 901", "code", ["A12345678901"]),
        ("2019-01-000005", "ssm", ["A12345678901"]),
        ("1312525-a", "ssm", ["A12345678901"]),
        ("Restoran Selera Kampung Sdn. Bhd.", "name", ["A12345678901"]),
        ("ah seng gold", "name", ["B12345678901"]),
        ("seng emas", "name", ["B12345678901"]),
        ("Z99999999999", "code", []),
        ("850101-14-5671", "person", []),
        ("Kedai Tiada", "name", []),
    ],
)
def test_the_pack_answers_codes_ssm_numbers_and_names(typed, kind, codes):
    found = run_node(
        f"(() => {{ const r = N.lookup(N.buildIndex({json.dumps(PACK)}), {json.dumps(typed)}); "
        "return [r.kind, r.matches.map(e => e.code)]; })()"
    )
    assert found == [kind, codes]
