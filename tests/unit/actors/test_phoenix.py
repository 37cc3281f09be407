"""The Phoenix (PETRARCH2) converter on synthetic dictionary snippets, and its use in the gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from newswh.actors.gazetteer import load_gazetteer
from newswh.actors.phoenix import (
    PHOENIX_VINTAGE,
    dated_roles,
    default_code,
    display_name,
    parse_actor_lines,
    parse_agent_lines,
    parse_phoenix_date,
)
from newswh.actors.phoenix_export import build_tables

pytestmark = pytest.mark.unit

SNIPPET = """# a comment line
JANE_ROE_  # CountryInfo.txt
+J._ROE_
+PRESIDENT_ROE
\t[XYZELI 700101-990809]
\t[XYZGOV >080508]  # from 2008-05-08
\t[XYZELI]
REBEL_FRONT_ [XYZREB] # inline code
+THE_FRONT_
NOBODY_ [---]
OLD_MAN_
\t[XYZGOV <650101]
"""


def test_dates_two_and_four_digit_years():
    assert parse_phoenix_date("080508") == date(2008, 5, 8)
    assert parse_phoenix_date("700101") == date(1970, 1, 1)
    assert parse_phoenix_date("19270101") == date(1927, 1, 1)
    assert parse_phoenix_date("2004017") is None  # seven digits: no guess
    assert parse_phoenix_date("991332") is None


def test_entries_aliases_codes_and_comments():
    entries = parse_actor_lines(SNIPPET.splitlines(keepends=True), "Test.actors.txt")
    assert [e.name for e in entries] == ["JANE_ROE_", "REBEL_FRONT_", "NOBODY_", "OLD_MAN_"]
    roe = entries[0]
    assert roe.aliases == ["J._ROE_", "PRESIDENT_ROE"]
    assert roe.from_country_info
    assert [(c.code, c.valid_from, c.valid_to) for c in roe.codes] == [
        ("XYZELI", date(1970, 1, 1), date(1999, 8, 9)),
        ("XYZGOV", date(2008, 5, 8), None),
        ("XYZELI", None, None),
    ]
    assert default_code(roe) == "XYZELI"
    assert entries[1].codes[0].code == "XYZREB" and entries[1].aliases == ["THE_FRONT_"]
    assert entries[2].codes == []  # [---] codes nothing
    assert (entries[3].codes[0].valid_from, entries[3].codes[0].valid_to) == (date(1900, 1, 1), date(1965, 1, 1))


def test_open_roles_stop_at_the_dictionary_date_and_overlaps_go_to_the_first_listed():
    entry = parse_actor_lines(
        ["A_B_\n", "\t[XYZGOV 100101-120101]\n", "\t[XYZELI 110101-130101]\n", "\t[XYZMIL >120601]\n"], "t"
    )[0]
    roles = [(c.code, start, end) for c, start, end in dated_roles(entry)]
    assert roles == [
        ("XYZGOV", date(2010, 1, 1), date(2012, 1, 1)),
        ("XYZELI", date(2012, 1, 2), date(2013, 1, 1)),
        ("XYZMIL", date(2013, 1, 2), PHOENIX_VINTAGE),
    ]


def test_display_names():
    assert display_name("SERGEY_V._LAVROV_") == "Sergey V. Lavrov"
    assert display_name("AL-QAEDA_") == "Al-Qaeda"
    assert display_name("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_") == "Aden Abyan Islamic Army"


def test_agents_plurals_markers_and_braces():
    lines = [
        "!PERSON! = MAN, MEN\n",
        "POLICE {} [~COP]\n",
        "INSURGENT [~REB]\n",
        "MILITIA [~UAF]\n",
        "GUN!PERSON! [~UAF]\n",
        "CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\n",
        "# comment [~X]\n",
    ]
    phrases = {a.phrase: a.sector for a in parse_agent_lines(lines)}
    assert phrases == {
        "police": "COP",
        "insurgent": "REB",
        "insurgents": "REB",
        "militia": "UAF",
        "militias": "UAF",
        "gunman": "UAF",
        "gunmen": "UAF",
        "chamber of commerce": "BUS",
        "chambers of commerce": "BUS",
    }


def test_project_seed_actor_keeps_its_own_roles():
    entries = parse_actor_lines(["SERGEY_LAVROV_\n", "+SERGEI_LAVROV\n", "\t[RUSGOV >20040309]\n"], "t")
    tables = build_tables(entries, {"RUS": "RUS"}, {"sergey_lavrov": "RUS"})
    assert tables.actors == [] and tables.roles == []  # the seed actor stands; no Phoenix role
    assert ("sergey_lavrov", "Sergei Lavrov") in tables.aliases


def test_same_slug_in_another_country_is_another_actor():
    entries = parse_actor_lines(["SERGEY_LAVROV_\n", "\t[UKRGOV >20040309]\n"], "t")
    tables = build_tables(entries, {"RUS": "RUS", "UKR": "UKR"}, {"sergey_lavrov": "RUS"})
    assert [a.actor_key for a in tables.actors] == ["sergey_lavrov_ukr"]


def test_gazetteer_carries_phoenix_roles_but_project_roles_win():
    gaz = load_gazetteer(None)
    karzai = gaz.role_at("hamid_karzai", date(2010, 6, 1))
    assert karzai is not None and karzai.cameo_code == "AFGGOV"
    assert gaz.role_at("hamid_karzai", date(2016, 1, 1)) is None  # no validity invented after 2014
    assert gaz.cameo_code_at("taliban", date(2013, 1, 1)) == "AFGREB"
    assert gaz.cameo_code_at("taliban", date(2022, 1, 1)) == "AFGGOV"
    assert all(r.basis and "Phoenix" not in r.basis for r in gaz.role_index["sergey_lavrov"])
    assert gaz.alias_index["sergei lavrov"][0] == "sergey_lavrov"


def test_derived_files_are_up_to_date(tmp_path):
    """The committed CSVs are exactly what the converter writes from the shared dictionaries."""
    from pathlib import Path

    from newswh.actors.phoenix_export import export_phoenix
    from newswh.config import reference_dir

    source = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "petrarch2"
    if not source.exists():
        pytest.skip("../shared/reference/petrarch2 not present")
    export_phoenix(source, tmp_path, reference_dir())
    for name in ("phoenix_actors.csv", "phoenix_actor_aliases.csv", "phoenix_actor_roles.csv", "phoenix_agents.csv"):
        assert (tmp_path / name).read_bytes() == (reference_dir() / "phoenix" / name).read_bytes(), name
