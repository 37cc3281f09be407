"""`newswh` command-line conventions: usage errors exit 2 with one clear line, --help and --version work."""

from __future__ import annotations

import pytest

from newswh.cli import main

pytestmark = pytest.mark.unit


def _exit_code(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    return stopped.value.code


def test_an_unknown_argument_is_a_usage_error(capsys):
    assert _exit_code(["query", "select 1", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_timex_on_a_missing_file_is_one_clear_line(tmp_path, capsys):
    assert _exit_code(["timex", "--dct", "2022-04-01", str(tmp_path / "absent.txt")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_timex_with_a_bad_date_is_one_clear_line(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Lavrov spoke on March 31.", encoding="utf-8")
    assert _exit_code(["timex", "--dct", "notadate", str(article)]) == 2
    err = capsys.readouterr().err
    assert "not a date: 'notadate'" in err and "Traceback" not in err


def test_timex_prints_values_against_the_reference_date(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Lavrov spoke on March 31.", encoding="utf-8")
    assert main(["timex", "--dct", "2022-04-01", str(article)]) == 0
    assert '"value": "2022-03-31"' in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--help"], ["query", "--help"], ["timex", "--help"]])
def test_help_works_everywhere(argv, capsys):
    assert _exit_code(argv) == 0
    assert "usage: newswh" in capsys.readouterr().out


def test_version(capsys):
    assert _exit_code(["--version"]) == 0
    assert capsys.readouterr().out.startswith("newswh 0.")


def test_timex_on_a_folder_says_it_is_not_a_file(tmp_path, capsys):
    assert _exit_code(["timex", "--dct", "2022-04-01", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"not a file: {tmp_path}" in err and "Traceback" not in err


def test_timex_on_a_file_that_is_not_utf8_is_one_clear_line(tmp_path, capsys):
    article = tmp_path / "latin1.txt"
    article.write_bytes("Kabul, 31 mars: d\u00e9claration".encode("latin-1"))
    assert _exit_code(["timex", "--dct", "2022-04-01", str(article)]) == 2
    err = capsys.readouterr().err
    assert f"not UTF-8 text: {article} (byte 0xe9 at offset 17)" in err and "Traceback" not in err


def test_timex_on_an_unreadable_file_is_one_clear_line(tmp_path, capsys, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("Lavrov spoke on March 31.", encoding="utf-8")

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    # Root reads any file whatever its mode, so the refusal is simulated.
    monkeypatch.setattr(type(article), "read_bytes", refused)
    assert _exit_code(["timex", "--dct", "2022-04-01", str(article)]) == 2
    err = capsys.readouterr().err
    assert f"cannot read {article}: Permission denied" in err and "Traceback" not in err


def _script_modules() -> list[str]:
    """Every `python -m` module of the project (a file that runs as __main__)."""
    from newswh import config

    found = []
    for folder in ("newswh", "orchestration"):
        for path in sorted((config.PROJECT_ROOT / folder).rglob("*.py")):
            if 'if __name__ == "__main__"' in path.read_text(encoding="utf-8"):
                found.append(".".join(path.relative_to(config.PROJECT_ROOT).with_suffix("").parts))
    return found


SCRIPTS = _script_modules()


def test_the_scripts_are_found():
    assert {"newswh.cli", "orchestration.run", "newswh.events.petrarch", "newswh.store.tables"} <= set(SCRIPTS)


@pytest.mark.parametrize("module", SCRIPTS)
@pytest.mark.parametrize(("argv", "code"), [(["--help"], 0), (["--no-such-option"], 2)])
def test_every_script_answers_help_and_refuses_a_stray_option(module, argv, code, capsys):
    """Before anything runs or is written: `python -m newswh.store.tables --help` used to rewrite a file."""
    import importlib

    try:
        answered = importlib.import_module(module).main(argv)
    except SystemExit as stopped:
        answered = stopped.code
    assert answered == code
    captured = capsys.readouterr()
    assert (captured.out if code == 0 else captured.err).strip()  # the help, or what was wrong
