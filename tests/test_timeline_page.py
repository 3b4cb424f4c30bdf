"""The timeline page: written from a real DuckDB warehouse, self-contained, and working in a real browser."""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import pytest
from clustered_warehouse import CLUSTERS, DOCUMENTS, HOSTILE_TITLE, build_clustered_warehouse
from conftest import SAMPLES, SHARED_CORPUS

from pipeline.cli import main
from pipeline.timeline_page import highlighted_sentence, write_timeline_page
from pipeline.warehouse import query

CHROMIUM = Path("/usr/bin/chromium")
SHOWN_BY_DEFAULT = {cid for cid, c in CLUSTERS.items() if c["status"] in ("reported", "planned")}


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return build_clustered_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture
def page(warehouse: Path, tmp_path: Path) -> Path:
    return write_timeline_page(warehouse, tmp_path / "report" / "timeline.html").path


class _References(HTMLParser):
    """Every URL the page would load by itself: script and stylesheet sources, images, frames, imports."""

    def __init__(self):
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []
        self.data_json: str | None = None
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "href", "data", "srcset"):
            if attrs.get(name) and tag != "a":
                self.loaded.append(f"{tag} {name}={attrs[name]}")
        self._in_data = tag == "script" and attrs.get("id") == "timeline-data"

    def handle_data(self, data):
        if self._in_data:
            self.data_json = (self.data_json or "") + data

    def handle_endtag(self, tag):
        self._in_data = False


def test_the_page_is_written_self_contained_with_the_data_embedded(page: Path):
    html = page.read_text(encoding="utf-8")
    refs = _References()
    refs.feed(html)
    assert refs.loaded == [], "the page loads something by itself"
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html[: html.index("<script")]), "CSS fetches something"
    assert "Plotly" in html and len(html) > 1_000_000  # plotly.min.js inlined, not referenced
    data = json.loads(refs.data_json)
    assert {c["cluster_id"] for c in data["clusters"]} == set(CLUSTERS)
    invasion = next(c for c in data["clusters"] if c["cluster_id"] == "invasion")
    assert invasion["n_sources"] == 2 and invasion["actors"] == ["Russia", "Ukraine"]
    assert [m["url"] for m in invasion["members"]] == [DOCUMENTS["post-a"]["url"], DOCUMENTS["wire-b"]["url"]]
    assert invasion["located_places"] == [{"name": "Kharkiv", "country_code": None, "lat": 49.99, "lon": 36.23}]
    # A hostile title cannot close the data's <script> element: it is escaped there, and read back intact.
    assert "</script><b>" not in refs.data_json
    assert any(m["title"] == HOSTILE_TITLE for c in data["clusters"] for m in c["members"])


def test_undated_and_negated_clusters_are_in_the_data_with_their_status(page: Path):
    refs = _References()
    refs.feed(page.read_text(encoding="utf-8"))
    by_id = {c["cluster_id"]: c for c in json.loads(refs.data_json)["clusters"]}
    assert by_id["aid_meeting"]["event_date_start"] is None
    assert by_id["border"]["status"] == "negated" and by_id["border"]["n_documents"] == 1
    assert by_id["border"]["members"][0]["counts_as_report"] is False


def test_the_date_expression_is_marked_in_a_sentence_whose_whitespace_is_collapsed():
    # As events.sentence: runs of whitespace (a newline, two spaces) become one space.
    source = "  The ministry said that   talks with Ukraine would follow\non 10 March 2022 in Istanbul."
    start = source.index("10 March 2022")
    member = {"sentence_source": source, "date_from": start, "date_to": start + 13, "date_text": "10 March 2022",
              "trigger_from": source.index("talks"), "trigger_to": source.index("talks") + 5, "trigger_text": "talks"}
    segments = highlighted_sentence(member)
    assert "".join(text for text, _ in segments) == " ".join(source.split())
    assert [text for text, kind in segments if kind] == ["talks", "10 March 2022"]
    assert [kind for text, kind in segments if text == "10 March 2022"] == ["date"]


def test_a_date_from_another_sentence_or_offsets_that_do_not_fit_leave_the_sentence_unmarked():
    source = "Troops crossed the border."
    outside = {"sentence_source": source, "date_from": -30, "date_to": -14, "date_text": "24 February 2022"}
    assert highlighted_sentence(outside) == [[source, ""]]
    wrong_text = {"sentence_source": source, "date_from": 0, "date_to": 6, "date_text": "Monday"}
    assert highlighted_sentence(wrong_text) == [[source, ""]]
    # No offsets at all (an older warehouse): the date is found in the collapsed sentence.
    no_offsets = {"sentence": "They met on Monday.", "date_text": "Monday"}
    assert highlighted_sentence(no_offsets) == [["They met on ", ""], ["Monday", "date"], [".", ""]]


def test_datewire_report_writes_the_page(warehouse: Path, tmp_path: Path, capsys):
    output = tmp_path / "out" / "page.html"
    assert main(["report", "--warehouse", str(warehouse), "--output", str(output)]) == 0
    assert output.is_file() and not output.with_name("page.html.partial").exists()
    assert "5 happenings, 4 dated" in capsys.readouterr().out


def test_datewire_report_without_a_warehouse_says_so(tmp_path: Path, capsys):
    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb"), "--output", str(tmp_path / "p.html")]) == 2  # a failure (README, "Exit status")
    assert "no warehouse" in capsys.readouterr().err


# --- in a real browser -------------------------------------------------------------------------------------


@contextmanager
def chromium_tab(page: Path, hash_part: str = ""):
    """The page opened from file:// in headless Chromium, every http(s) request aborted and recorded.

    On leaving, no console error, no page error and no network request may have happened.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        network, errors = [], []

        def block_network(route):
            if route.request.url.startswith(("http://", "https://")):
                network.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", block_network)
        tab = context.new_page()
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        tab.goto(page.as_uri() + hash_part)
        tab.wait_for_selector("#chart .main-svg")
        yield tab
        assert errors == [], "the page logged errors"
        assert network == [], "the page tried the network"
        context.close()
        browser.close()


@pytest.fixture
def browser_page(page: Path):
    with chromium_tab(page) as tab:
        tab.wait_for_selector("#clusters tbody tr")
        yield tab


def _table_ids(tab) -> set[str]:
    return set(tab.eval_on_selector_all("#clusters tbody tr", "rows => rows.map(r => r.dataset.clusterId)"))


def _chart_ids(tab) -> set[str]:
    return set(tab.evaluate("""() => document.getElementById('chart').data
        .filter(t => t.mode === 'markers').flatMap(t => t.customdata)"""))


def test_in_chromium_filtering_by_an_actor_leaves_that_actors_clusters(browser_page, tmp_path: Path):
    tab = browser_page
    assert _table_ids(tab) == SHOWN_BY_DEFAULT  # negated hidden, undated listed
    assert _chart_ids(tab) == SHOWN_BY_DEFAULT - {"aid_meeting"}  # undated: table only

    tab.select_option("#filter-actor", "Russia")
    assert _table_ids(tab) == {"invasion", "talks"}
    assert _chart_ids(tab) == {"invasion", "talks"}
    invasion = tab.locator('tr[data-cluster-id="invasion"]')
    assert invasion.locator(".n-sources").inner_text() == "2 sources"
    assert invasion.locator("ol.members li mark").all_inner_texts() == ["24 February 2022", "February 24, 2022"]
    assert invasion.locator("ol.members a").evaluate_all("links => links.map(a => a.href)") == [
        DOCUMENTS["post-a"]["url"], DOCUMENTS["wire-b"]["url"]]
    tab.screenshot(path=str(tmp_path / "timeline-russia.png"), full_page=True)

    tab.select_option("#filter-actor", "Belarus")
    assert _table_ids(tab) == {"belarus_statement", "aid_meeting"}
    assert _chart_ids(tab) == {"belarus_statement"}
    # The hostile title is shown as text, not parsed into elements; without a URL there is no link.
    row = tab.locator('tr[data-cluster-id="belarus_statement"]')
    assert HOSTILE_TITLE in row.inner_text()
    assert row.locator("b").count() == 0 and row.locator("a").count() == 0
    tab.screenshot(path=str(tmp_path / "timeline-belarus.png"), full_page=True)
    assert (tmp_path / "timeline-belarus.png").stat().st_size > 10_000


def test_in_chromium_negated_clusters_show_on_request_and_min_sources_filters(browser_page, tmp_path: Path):
    tab = browser_page
    tab.check("#filter-show-unreal")
    assert _table_ids(tab) == set(CLUSTERS)
    assert "not counted as a report" in tab.locator('tr[data-cluster-id="border"]').inner_text()
    tab.uncheck("#filter-show-unreal")
    tab.fill("#filter-min-sources", "2")
    assert _table_ids(tab) == {"invasion"}
    tab.select_option("#filter-type", "CONSULT")
    assert _table_ids(tab) == set()
    assert "0 of 5 happenings match" in tab.inner_text("#filter-summary")
    tab.click("#filter-reset")
    tab.select_option("#filter-place", "Istanbul")
    assert _table_ids(tab) == {"talks"}


def test_in_chromium_hover_shows_the_sentence_and_a_click_finds_the_row(browser_page, tmp_path: Path):
    tab = browser_page
    tab.select_option("#filter-actor", "Belarus")
    # Plotly's own hover call, on the one mark left: its label carries the representative sentence.
    tab.evaluate("""() => { const gd = document.getElementById('chart');
        const curve = gd.data.findIndex(t => t.mode === 'markers');
        Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: 0}]); }""")
    label = tab.locator("#chart .hoverlayer .hovertext").text_content()
    assert "Belarus announced on 1 March 2022" in label and "sources: 1" in label
    tab.screenshot(path=str(tmp_path / "timeline-hover.png"))
    # A click on a mark (Plotly's own event, as a real click emits it) marks its row and scrolls to it.
    tab.evaluate("() => document.getElementById('chart').emit('plotly_click', {points: [{customdata: 'belarus_statement'}]})")
    assert tab.get_attribute('tr[data-cluster-id="belarus_statement"]', "class") == "focused"
    # Zoom by a drag-box equivalent; the table is unaffected, the axis range changes.
    tab.evaluate("() => Plotly.relayout('chart', {'xaxis.range': ['2022-02-27', '2022-03-05']})")
    assert tab.evaluate("() => document.getElementById('chart').layout.xaxis.range[0]").startswith("2022-02-27")
    assert tab.locator("#map-section").is_visible()


def test_in_chromium_actor_lanes_draw_a_happening_in_each_of_its_actors_lanes(browser_page):
    tab = browser_page
    tab.select_option("#lane-by", "actor")
    tab.select_option("#filter-actor", "Ukraine")
    marks = tab.evaluate("""() => document.getElementById('chart').data.filter(t => t.mode === 'markers')
        .flatMap(t => t.customdata.map((id, i) => id + '@' + t.y[i]))""")
    assert sorted(marks) == ["invasion@Russia", "invasion@Ukraine", "talks@Russia", "talks@Ukraine"]


def test_in_chromium_the_filters_are_kept_in_the_address(browser_page, page: Path):
    tab = browser_page
    tab.select_option("#filter-actor", "Russia")
    tab.fill("#filter-min-sources", "2")
    assert tab.evaluate("() => location.hash") == "#actor=Russia&min=2"
    tab.goto(page.as_uri() + "#actor=Belarus")  # a bookmark of one actor's timeline
    tab.wait_for_function("() => document.getElementById('filter-actor').value === 'Belarus'")
    assert _table_ids(tab) == {"belarus_statement", "aid_meeting"}
    assert tab.input_value("#filter-min-sources") == "1"



def test_in_chromium_a_warehouse_without_clusters_gives_a_page_that_says_so(tmp_path: Path):
    from pipeline.warehouse import connect, ensure_schema  # noqa: PLC0415

    con = connect(tmp_path / "empty.duckdb")
    ensure_schema(con)
    con.close()
    page = write_timeline_page(tmp_path / "empty.duckdb", tmp_path / "empty.html").path
    with chromium_tab(page) as tab:
        assert "holds no clusters" in tab.inner_text("#filter-summary")
        assert _table_ids(tab) == set()
        assert not tab.locator("#map-section").is_visible()


# --- over a real run: the clusters that `datewire run` makes ------------------------------------------------

SEEDS = SHARED_CORPUS / "seeds"


def _run_then_report(settings, paths: list[Path], tmp_path: Path) -> Path:
    warehouse = str(settings.warehouse)
    assert main(["run", *map(str, paths), "--warehouse", warehouse, "--preview", "0"]) == 0
    page = tmp_path / "timeline.html"
    assert main(["report", "--warehouse", warehouse, "--output", str(page)]) == 0
    return page


def _shown_clusters(warehouse: Path, min_sources: int) -> dict[str, int]:
    """cluster_id -> n_sources of what the page shows by default at this minimum number of sources."""
    return dict(query(warehouse, "SELECT cluster_id, n_sources FROM event_clusters "
                                 "WHERE n_sources >= ? AND status IN ('reported', 'planned')", [min_sources])[1])


def _assert_rows_cite_their_sources(tab, clusters: dict[str, int]) -> None:
    for cluster_id, n_sources in clusters.items():
        row = tab.locator(f'tr[data-cluster-id="{cluster_id}"]')
        assert row.locator(".n-sources").inner_text() == f"{n_sources} source{'s' if n_sources != 1 else ''}"
        documents = row.locator("ol.members li.report .cite").evaluate_all(
            "cites => new Set(cites.map(c => c.textContent)).size")
        assert documents >= n_sources, cluster_id  # syndicated copies count once: more documents than sources is fine


def test_the_page_of_a_run_over_the_samples_lists_its_clusters(pipeline_env, tmp_path: Path):
    page = _run_then_report(pipeline_env, [SAMPLES], tmp_path)
    everything, multi_source = _shown_clusters(pipeline_env.warehouse, 1), _shown_clusters(pipeline_env.warehouse, 2)
    assert everything
    with chromium_tab(page) as tab:
        assert _table_ids(tab) == set(everything)
        _assert_rows_cite_their_sources(tab, everything)
        tab.fill("#filter-min-sources", "2")
        assert _table_ids(tab) == set(multi_source)
        tab.screenshot(path=str(tmp_path / "samples.png"), full_page=True)


@pytest.mark.corpus
def test_the_page_of_a_run_over_the_seeds_lists_its_multi_source_clusters(pipeline_env, tmp_path: Path):
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    page = _run_then_report(pipeline_env, [SEEDS], tmp_path)
    multi_source = _shown_clusters(pipeline_env.warehouse, 2)
    assert multi_source
    with chromium_tab(page, "#min=2") as tab:
        assert _table_ids(tab) == set(multi_source)
        _assert_rows_cite_their_sources(tab, multi_source)
        tab.select_option("#filter-actor", "Russia")
        russia = {cid for cid, actors in query(pipeline_env.warehouse, "SELECT cluster_id, actors FROM event_clusters")[1]
                  if "Russia" in actors and cid in multi_source}
        assert _table_ids(tab) == russia
        tab.screenshot(path=str(tmp_path / "seeds-russia.png"), full_page=True)


@pytest.mark.corpus
def test_the_seeds_invasion_is_one_row_citing_three_articles(pipeline_env, tmp_path: Path):
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are not at {SEEDS}")
    page = _run_then_report(pipeline_env, [SEEDS], tmp_path)
    invasion = query(pipeline_env.warehouse, """
        SELECT cluster_id, n_sources, actors FROM event_clusters
        WHERE event_date_start <= DATE '2022-02-24' AND event_date_end >= DATE '2022-02-24'
          AND event_date_end - event_date_start < 7 AND status = 'reported' AND event_type = 'ASSAULT'
        ORDER BY n_sources DESC LIMIT 1""")[1]
    assert invasion and invasion[0][1] == 3, invasion
    cluster_id, _, actors = invasion[0]
    with chromium_tab(page) as tab:
        tab.select_option("#filter-actor", "Russia" if "Russia" in actors else actors[0])
        assert cluster_id in _table_ids(tab)
        _assert_rows_cite_their_sources(tab, {cluster_id: 3})
        tab.screenshot(path=str(tmp_path / "seeds-invasion.png"), full_page=True)
