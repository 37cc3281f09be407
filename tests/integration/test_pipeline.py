"""End to end: the seeds through Dagster and dbt into a temporary DuckDB."""

from __future__ import annotations

import shutil
import subprocess

import dagster as dg
import pytest

from tests.conftest import PROJECT_ROOT, SEEDS_DIR
from tests.support import build_warehouse, rerun

pytestmark = pytest.mark.integration

# Schemas whose tables carry ids: the marts (main) and the raw layer the marts are built from.
ID_SCHEMAS = ("main", "raw")


def test_run_succeeds_and_dbt_checks_pass(built_warehouse):
    result = built_warehouse.result
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert len(checks) >= 20
    failed = [c.check_name for c in checks if not c.passed]
    assert failed == []


def test_marts_hold_the_seeds(built_warehouse):
    rows = built_warehouse.query(
        "select source_uri, outlet_source_id, published_date_basis from dim_articles order by source_uri"
    )
    assert [r[0][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    assert {r[0][:3]: r[1] for r in rows} == {
        "000": "khaama_press",
        "001": "mina",
        "002": None,
        "003": "iria",
        "004": "voa",
    }
    voa = built_warehouse.query("select source_name, num_articles_published from fct_sources where source_id = 'voa'")
    assert voa == [("Voice of America", 1)]
    assert built_warehouse.query("select count(*) from quarantined_articles") == [(0,)]
    # Every sentence offset points into its article's body.
    mismatched = built_warehouse.query(
        """
        select count(*) from raw.sentences s join dim_articles a using (article_id)
        where substring(a.body_text, s.char_start + 1, s.char_end - s.char_start) <> s.sentence_text
        """
    )
    assert mismatched == [(0,)]


def id_columns(built) -> dict[str, list[str]]:
    """Every `*_id` column of every table, by schema-qualified table name."""
    rows = built.query(
        """
        select c.table_schema || '.' || c.table_name, list(c.column_name order by c.ordinal_position)
        from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
        where c.table_schema in (select unnest(?)) and t.table_type = 'BASE TABLE' and c.column_name like '%\\_id' escape '\\'
        group by all
        """,
        [list(ID_SCHEMAS)],
    )
    return dict(rows)


def snapshot(built) -> dict[str, list]:
    """The sorted id tuples of every id-bearing table."""
    return {
        table: sorted(built.query(f"select {', '.join(columns)} from {table}"), key=repr)
        for table, columns in id_columns(built).items()
    }


def test_two_fresh_builds_give_the_same_ids_and_a_rerun_does_nothing(built_warehouse, tmp_path):
    first = snapshot(built_warehouse)
    assert {"main.fct_events", "main.fct_event_mentions", "main.fct_actors", "main.fct_quotes"} <= set(first)
    assert all(rows for table, rows in first.items() if table.startswith("main.fct_"))
    fresh = build_warehouse(tmp_path, SEEDS_DIR)
    second = snapshot(fresh)
    assert set(second) == set(first)
    differing = [table for table in first if first[table] != second[table]]
    assert differing == []

    bodies = fresh.query("select article_id, md5(body_text) from dim_articles order by 1")
    result = rerun(fresh)
    assert result.success
    assert snapshot(fresh) == second
    assert fresh.query("select article_id, md5(body_text) from dim_articles order by 1") == bodies
    # The rerun found nothing to do in Python: no article was re-ingested or re-extracted.
    materializations = result.get_asset_materialization_events()
    by_key = {event.asset_key.to_user_string(): event.materialization.metadata for event in materializations}
    assert by_key["raw/articles"]["articles_ingested"].value == 0
    assert by_key["raw/articles"]["articles_skipped_unchanged"].value == 5
    assert by_key["raw/sentences"]["articles_extracted"].value == 0


def test_new_and_bad_files_are_picked_up_and_quarantined(two_seed_build):
    # The session's clean build of seeds 003 and 004: this test is the only one that changes it.
    built, _clean_marts = two_seed_build
    corpus = built.articles_dir
    assert built.query("select count(*) from dim_articles") == [(2,)]

    (corpus / "empty.txt").write_bytes(b"")
    shutil.copy(SEEDS_DIR / sorted(p.name for p in SEEDS_DIR.glob("004*.txt"))[0], corpus / "zz_copy_of_004.txt")
    result = rerun(built)
    assert result.success
    assert built.query("select count(*) from dim_articles") == [(2,)]
    reasons = dict(built.query("select source_uri, quarantine_reason from quarantined_articles"))
    assert reasons == {"empty.txt": "empty_file", "zz_copy_of_004.txt": "duplicate_content"}

    (corpus / "empty.txt").unlink()
    assert rerun(built).success
    assert dict(built.query("select source_uri, quarantine_reason from quarantined_articles")) == {
        "zz_copy_of_004.txt": "duplicate_content"
    }


def test_workspace_definitions_load():
    completed = subprocess.run(
        [str(PROJECT_ROOT / ".venv" / "bin" / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    from orchestration.definitions import defs

    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw/articles", "raw/quarantined_articles", "raw/sentences", "dim_articles", "fct_sources"} <= keys
    sensor = defs.resolve_sensor_def("new_article_files")
    # The sensor drives the partitioned ingest+extract job, and is off until a user turns it on.
    assert sensor.job_name == "ingest_and_extract"
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    job = defs.resolve_job_def(sensor.job_name)
    assert job.partitions_def is not None and job.partitions_def.name == "article_batches"


def test_sensor_registers_new_files(tmp_path):
    from orchestration.resources import CorpusResource
    from orchestration.sensors import new_article_files

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next(SEEDS_DIR.glob("004*.txt")), corpus / "one.txt")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance, resources={"corpus": CorpusResource(articles_dir=str(corpus))}
        )
        result = new_article_files(context)
        assert len(result.run_requests) == 1
        assert result.dynamic_partitions_requests[0].partition_keys == [result.run_requests[0].partition_key]


def test_sensor_requests_batches_of_a_multi_record_file(tmp_path, monkeypatch):
    import json

    from orchestration.resources import CorpusResource
    from orchestration.sensors import new_article_files

    monkeypatch.setenv("NEWSWH_BATCH_ARTICLES", "4")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    feed = corpus / "feed.jsonl"
    records = [json.dumps({"title": f"t{n}", "maintext": f"Talks resumed in Kabul, round {n}."}) for n in range(10)]
    feed.write_text("\n".join(records) + "\n", encoding="utf-8")
    with dg.instance_for_test() as instance:
        resources = {"corpus": CorpusResource(articles_dir=str(corpus))}
        first = new_article_files(dg.build_sensor_context(instance=instance, resources=resources))
        keys = first.dynamic_partitions_requests[0].partition_keys
        assert len(keys) == 3  # 10 records in batches of 4, 4 and 2
        assert sorted(request.partition_key for request in first.run_requests) == sorted(keys)
        instance.add_dynamic_partitions("article_batches", keys)

        # Three more records: the file changed, and the last batch grows into a fourth one.
        more = [json.dumps({"title": f"t{n}", "maintext": f"Talks resumed in Kabul, round {n}."}) for n in (10, 11, 12)]
        feed.write_text("\n".join(records + more) + "\n", encoding="utf-8")
        context = dg.build_sensor_context(instance=instance, resources=resources, cursor=first.cursor)
        second = new_article_files(context)
        new = second.dynamic_partitions_requests[0].partition_keys
        assert len(new) == 1 and new[0] not in keys
        assert set(keys) | set(new) == {request.partition_key for request in second.run_requests}


def test_sensor_requests_a_run_for_a_file_changed_in_place(tmp_path):
    from orchestration.resources import CorpusResource
    from orchestration.sensors import new_article_files

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "one.txt"
    shutil.copy(next(SEEDS_DIR.glob("004*.txt")), article)
    with dg.instance_for_test() as instance:
        resources = {"corpus": CorpusResource(articles_dir=str(corpus))}
        first = new_article_files(dg.build_sensor_context(instance=instance, resources=resources))
        instance.add_dynamic_partitions("article_batches", first.dynamic_partitions_requests[0].partition_keys)
        key = first.run_requests[0].partition_key

        article.write_text(article.read_text(encoding="utf-8") + "\nA paragraph added later.\n", encoding="utf-8")
        context = dg.build_sensor_context(instance=instance, resources=resources, cursor=getattr(first, "cursor", None))
        second = new_article_files(context)
        assert [request.partition_key for request in second.run_requests] == [key]
        assert second.run_requests[0].run_key != first.run_requests[0].run_key
