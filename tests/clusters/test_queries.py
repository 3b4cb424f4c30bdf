"""The analysts' queries in sql/queries/ run against a real warehouse and return what they say."""
from __future__ import annotations

import re

from fixtures import DENIAL, FLOOD_A, FLOOD_B, FLOOD_LATER, write_articles

from pipeline import runner
from pipeline.warehouse import query, sql_dir

PARAMS = {"actor": "residents", "min_sources": 2}


def _run(settings, name: str, **params):
    sql = (sql_dir() / "queries" / name).read_text()
    wanted = set(re.findall(r"\$([a-z_]+)", sql))
    columns, rows = query(settings.warehouse, sql, {k: v for k, v in {**PARAMS, **params}.items() if k in wanted})
    return [dict(zip(columns, r)) for r in rows]


def test_every_query_file_runs(settings, tmp_path):
    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B, FLOOD_LATER, DENIAL)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    for path in sorted((sql_dir() / "queries").glob("*.sql")):
        _run(settings, path.name)

    many = _run(settings, "reported_by_many.sql")
    assert many and all(r["n_sources"] >= 2 for r in many)
    assert any(r["event_date_start"] is not None and r["event_date_start"].isoformat() == "2025-03-03" for r in many)
    assert all(r["n_sources"] >= 3 for r in _run(settings, "reported_by_many.sql", min_sources=3))

    actor = _run(settings, "actor_timeline.sql")
    assert actor and all("residents" in r["actors"] for r in actor)

    months = _run(settings, "events_per_month_and_type.sql")
    assert {r["month"].strftime("%Y-%m") for r in months} >= {"2025-03", "2025-09"}

    # Every cluster of the only run is new.
    changes = _run(settings, "changes_since_last_run.sql")
    assert changes and {r["change"] for r in changes} == {"new"}


def test_changes_since_last_run_names_what_a_new_article_added(settings, tmp_path):
    write_articles(tmp_path / "first", FLOOD_A)
    runner.run_pipeline([str(tmp_path / "first")], settings)
    write_articles(tmp_path / "second", FLOOD_B)
    runner.run_pipeline([str(tmp_path / "second")], settings)
    changes = _run(settings, "changes_since_last_run.sql")
    more = [r for r in changes if r["change"] == "more reports"]
    assert more and all(r["n_mentions"] > r["new_mentions"] for r in more)
    assert any(r["n_sources"] == 2 and r["event_date_start"].isoformat() == "2025-03-03" for r in more)


def test_the_timeline_shows_each_happening_once(settings, tmp_path):
    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    _, rows = query(settings.warehouse, "SELECT cluster_id, count(*) FROM timeline GROUP BY cluster_id HAVING count(*) > 1")
    assert rows == []
    _, rows = query(settings.warehouse, "SELECT n_sources FROM timeline WHERE event_date_start = DATE '2025-03-03' "
                                        "AND trigger_text ILIKE 'flood%'")
    assert rows == [(2,)]


def test_the_query_command_binds_parameters_given_as_text(settings, tmp_path, capsys):
    from pipeline.cli import main

    write_articles(tmp_path / "in", FLOOD_A, FLOOD_B)
    runner.run_pipeline([str(tmp_path / "in")], settings)
    capsys.readouterr()
    path = sql_dir() / "queries" / "reported_by_many.sql"
    assert main(["query", "--warehouse", str(settings.warehouse), "--file", str(path), "--param", "min_sources=2",
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("n_sources,") and len(lines) >= 2 and all(l.startswith("2,") for l in lines[1:])
