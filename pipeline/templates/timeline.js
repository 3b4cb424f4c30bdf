// The timeline page's behaviour: filters over the embedded clusters, which re-draw the chart, the map and
// the table. Plain JavaScript, no build step, nothing fetched. Text from the warehouse goes into the page
// through textContent only (and is escaped for plotly's hover labels), never as HTML.
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("timeline-data").textContent);
  var CLUSTERS = DATA.clusters;
  var BY_ID = {};
  CLUSTERS.forEach(function (c) { BY_ID[c.cluster_id] = c; });
  // A negated or hypothetical cluster says something did not (or might) happen: hidden unless asked for.
  var UNREAL = { negated: true, hypothetical: true };
  var STATUS_COLOURS = { reported: "#2457a6", planned: "#2a9d8f", negated: "#c0392b", hypothetical: "#b07d2b" };
  var TABLE_PAGE = 200;  // rows drawn at once: a warehouse of a thousand articles has thousands of clusters
  var DAY_MS = 24 * 3600 * 1000;
  // The range slider draws every trace a second time: measured on 5,000 clusters in headless Chromium, the
  // chart took 9.8 s with it and 1.8 s without. Above this many marks, zooming is by dragging only.
  var SLIDER_MAX = 500;

  var controls = {
    actor: document.getElementById("filter-actor"),
    type: document.getElementById("filter-type"),
    place: document.getElementById("filter-place"),
    minSources: document.getElementById("filter-min-sources"),
    showUnreal: document.getElementById("filter-show-unreal"),
    laneBy: document.getElementById("lane-by"),
    reset: document.getElementById("filter-reset"),
    summary: document.getElementById("filter-summary"),
    showMore: document.getElementById("show-more")
  };
  var tableBody = document.querySelector("#clusters tbody");
  var tableLimit = TABLE_PAGE;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function escapeHover(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function wrap(text, width) {
    var lines = [], line = "";
    String(text).split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function dateRange(c) {
    if (!c.event_date_start) { return "undated"; }
    var end = c.event_date_end && c.event_date_end !== c.event_date_start ? " – " + c.event_date_end : "";
    return c.event_date_start + end;
  }

  // Filter options from all clusters, most frequent first, so the busy actors are on top.
  function fillSelect(select, valuesOf) {
    var counts = {};
    CLUSTERS.forEach(function (c) {
      valuesOf(c).forEach(function (v) { if (v) { counts[v] = (counts[v] || 0) + 1; } });
    });
    Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); })
      .forEach(function (v) { select.appendChild(el("option", { value: v, text: v + " (" + counts[v] + ")" })); });
  }

  function currentFilter() {
    var minSources = parseInt(controls.minSources.value, 10);
    return {
      actor: controls.actor.value,
      type: controls.type.value,
      place: controls.place.value,
      minSources: isNaN(minSources) ? 0 : minSources,
      showUnreal: controls.showUnreal.checked
    };
  }

  function matches(c, f) {
    if (!f.showUnreal && UNREAL[c.status]) { return false; }
    if (f.actor && c.actors.indexOf(f.actor) < 0) { return false; }
    if (f.type && c.event_type !== f.type) { return false; }
    if (f.place && c.places.indexOf(f.place) < 0) { return false; }
    return sourceCount(c) >= f.minSources;
  }

  // A negated or hypothetical cluster has no source that reports it (n_sources 0): the documents that
  // mention it stand in, so that "at least 1" does not hide every one of them.
  function sourceCount(c) {
    return UNREAL[c.status] ? Math.max(c.n_sources, c.n_documents) : c.n_sources;
  }

  // By actor, a happening is drawn in the lane of each of its actors: Ukraine's lane must show the
  // invasion that Russia's lane shows, whoever is named first.
  function lanes(c) {
    if (controls.laneBy.value === "actor") { return c.actors.length ? c.actors : ["(no actor)"]; }
    return [c.event_type || "(no type)"];
  }

  function hoverText(c) {
    var lines = ["<b>" + escapeHover(dateRange(c)) + "</b>  " + escapeHover(c.event_type || "") +
                 (c.status !== "reported" ? " (" + escapeHover(c.status) + ")" : "")];
    wrap(c.sentence, 80).slice(0, 6).forEach(function (l) { lines.push(escapeHover(l)); });
    if (c.actors.length) { lines.push("actors: " + escapeHover(c.actors.join(", "))); }
    if (c.places.length) { lines.push("places: " + escapeHover(c.places.join(", "))); }
    lines.push("sources: " + c.n_sources + " · mentions: " + c.n_mentions);
    return lines.join("<br>");
  }

  // Whole days at least, with a margin: one happening alone would otherwise fill the axis with hours.
  function paddedRange(dated) {
    if (!dated.length) { return undefined; }
    var first = Infinity, last = -Infinity;
    dated.forEach(function (c) {
      first = Math.min(first, Date.parse(c.event_date_start));
      last = Math.max(last, Date.parse(c.event_date_end || c.event_date_start) + DAY_MS);
    });
    var pad = Math.max(3 * DAY_MS, (last - first) * 0.04);
    return [new Date(first - pad).toISOString().slice(0, 10), new Date(last + pad).toISOString().slice(0, 10)];
  }

  function drawChart(visible) {
    var dated = visible.filter(function (c) { return c.event_date_start; });
    var marks = [];  // [cluster, lane] pairs
    dated.forEach(function (c) { lanes(c).forEach(function (l) { marks.push([c, l]); }); });
    var traces = [];
    Object.keys(STATUS_COLOURS).forEach(function (status) {
      var group = marks.filter(function (m) { return m[0].status === status; });
      if (!group.length) { return; }
      // The range as a line (no hover of its own), and a mark at its start that carries the hover.
      var lineX = [], lineY = [];
      group.forEach(function (m) {
        var c = m[0];
        var end = new Date(Date.parse(c.event_date_end || c.event_date_start) + DAY_MS - 1).toISOString();
        lineX.push(c.event_date_start, end, null);
        lineY.push(m[1], m[1], null);
      });
      traces.push({ type: "scatter", mode: "lines", x: lineX, y: lineY, hoverinfo: "skip", showlegend: false,
                    line: { color: STATUS_COLOURS[status], width: 3 }, opacity: 0.45, connectgaps: false });
      traces.push({
        type: "scatter", mode: "markers", name: status,
        x: group.map(function (m) { return m[0].event_date_start; }),
        y: group.map(function (m) { return m[1]; }),
        customdata: group.map(function (m) { return m[0].cluster_id; }),
        hovertext: group.map(function (m) { return hoverText(m[0]); }), hoverinfo: "text",
        marker: { color: STATUS_COLOURS[status], opacity: 0.8, line: { width: 1, color: "#fff" },
                  size: group.map(function (m) { return 7 + 4 * Math.sqrt(Math.max(m[0].n_sources - 1, 0)); }) }
      });
    });
    var laneNames = {};
    marks.forEach(function (m) { laneNames[m[1]] = true; });
    var layout = {
      margin: { l: 140, r: 20, t: 10, b: 40 },
      xaxis: { type: "date", range: paddedRange(dated), rangeslider: { visible: marks.length > 0 && marks.length <= SLIDER_MAX, thickness: 0.08 } },
      yaxis: { type: "category", automargin: true, categoryorder: "category descending",
               fixedrange: true },
      hovermode: "closest", hoverlabel: { align: "left" },
      legend: { orientation: "h", y: 1.08 },
      showlegend: true,
      annotations: dated.length ? [] : [{ text: "No dated happening matches the filters", showarrow: false,
                                          xref: "paper", yref: "paper", x: 0.5, y: 0.5 }]
    };
    layout.height = Math.max(260, Math.min(900, 150 + 30 * Object.keys(laneNames).length));
    Plotly.react("chart", traces, layout, { displaylogo: false, responsive: true });
  }

  function drawMap(visible) {
    var section = document.getElementById("map-section");
    var places = {};
    visible.forEach(function (c) {
      c.located_places.forEach(function (p) {
        var key = p.name + "|" + p.lat + "|" + p.lon;
        if (!places[key]) { places[key] = { name: p.name, lat: p.lat, lon: p.lon, n: 0 }; }
        places[key].n += 1;
      });
    });
    var list = Object.keys(places).map(function (k) { return places[k]; });
    var anyLocated = CLUSTERS.some(function (c) { return c.located_places.length > 0; });
    section.hidden = !anyLocated;
    if (!anyLocated) { return; }
    Plotly.react("map", [{
      type: "scatter", mode: "markers+text", textposition: "top center",
      x: list.map(function (p) { return p.lon; }), y: list.map(function (p) { return p.lat; }),
      text: list.map(function (p) { return escapeHover(p.name); }),
      hovertext: list.map(function (p) { return escapeHover(p.name) + ": " + p.n + " happening" + (p.n === 1 ? "" : "s"); }),
      hoverinfo: "text",
      marker: { size: list.map(function (p) { return 6 + 3 * Math.sqrt(p.n); }), color: "#2457a6", opacity: 0.7 }
    }], {
      margin: { l: 40, r: 10, t: 10, b: 30 },
      xaxis: { title: { text: "longitude" }, zeroline: false },
      yaxis: { title: { text: "latitude" }, zeroline: false, scaleanchor: "x" },
      showlegend: false,
      annotations: list.length ? [] : [{ text: "No happening shown has a place on the map", showarrow: false,
                                         xref: "paper", yref: "paper", x: 0.5, y: 0.5 }]
    }, { displaylogo: false, responsive: true });
  }

  function sentenceNode(member) {
    var node = el("span", { "class": "sentence" });
    member.sentence.forEach(function (segment) {
      var text = segment[0], kind = segment[1];
      if (kind === "date") { node.appendChild(el("mark", { text: text })); }
      else if (kind === "trigger") { node.appendChild(el("span", { "class": "trigger", text: text })); }
      else { node.appendChild(document.createTextNode(text)); }
    });
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function citation(member) {
    var name = member.title || member.doc_id;
    var url = safeUrl(member.url);
    var parts = [url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: name })
                     : el("span", { text: name })];
    [member.publisher, member.published_date].forEach(function (v) { if (v) { parts.push(", " + v); } });
    if (!url && member.source) { parts.push(" (" + member.source + ")"); }
    return el("span", { "class": "cite" }, ["— "].concat(parts));
  }

  function evidenceNode(member) {
    if (!member.evidence || !member.linked_to) { return null; }
    var rows = [];
    Object.keys(member.evidence).forEach(function (key) {
      var v = member.evidence[key];
      rows.push(el("dt", { text: key }));
      rows.push(el("dd", { text: typeof v === "object" ? JSON.stringify(v) : String(v) }));
    });
    var similarity = typeof member.similarity === "number" ? member.similarity.toFixed(2) : member.similarity;
    return el("details", { "class": "evidence" }, [
      el("summary", { text: "why it joined (similarity " + similarity + ")" }), el("dl", {}, rows)]);
  }

  function memberNode(member) {
    var flags = [];
    if (!member.counts_as_report) {
      flags.push(el("span", { "class": "flag", text: "not counted as a report (" +
        [member.polarity, member.modality].filter(Boolean).join(", ") + ")" }));
    }
    var date = member.date_text && !member.date_in_sentence
      ? el("span", { "class": "cite" }, [" (date: ", el("mark", { text: member.date_text }), ")"]) : null;
    return el("li", { "class": member.counts_as_report ? "report" : "not-report", "data-event-id": member.event_id },
              [sentenceNode(member), date, " ", citation(member)].concat(flags, [evidenceNode(member)]));
  }

  function clusterRow(c) {
    var statusBadge = el("span", { "class": "status status-" + c.status, text: c.status });
    var what = el("td", { "class": "what" }, [
      el("p", { "class": "headline" }, [el("span", { "class": "type", text: c.event_type || "" }), statusBadge]),
      el("ol", { "class": "members" }, c.members.map(memberNode))
    ]);
    var sources = c.n_sources + (c.n_sources === 1 ? " source" : " sources");
    if (c.n_sources === 0) { sources += " (" + c.n_documents + (c.n_documents === 1 ? " document)" : " documents)"); }
    var sourcesCell = el("td", { "class": "sources" }, [
      el("span", { "class": "n-sources", text: sources }), el("br"),
      el("span", { "class": "cite", text: c.n_mentions + (c.n_mentions === 1 ? " mention" : " mentions") }),
      c.first_reported ? el("br") : null,
      c.first_reported ? el("span", { "class": "cite", text: "first " + c.first_reported }) : null
    ]);
    return el("tr", { "data-cluster-id": c.cluster_id, "data-status": c.status, id: "cluster-" + c.cluster_id }, [
      el("td", { "class": "when" }, [dateRange(c), el("br"), el("span", { "class": "cite", text: c.granularity || "" })]),
      what,
      el("td", { "class": "who", text: c.actors.join(", ") }),
      el("td", { "class": "where", text: c.places.join(", ") }),
      sourcesCell
    ]);
  }

  function drawTable(visible) {
    tableBody.textContent = "";
    var fragment = document.createDocumentFragment();
    visible.slice(0, tableLimit).forEach(function (c) { fragment.appendChild(clusterRow(c)); });
    tableBody.appendChild(fragment);
    var rest = visible.length - tableLimit;
    controls.showMore.hidden = rest <= 0;
    controls.showMore.textContent = "Show " + Math.min(rest, TABLE_PAGE) + " more of " + rest;
  }

  // The filters live in the address too (timeline.html#actor=Belarus&min=2), so one actor's timeline can
  // be bookmarked or linked to.
  function writeHash(f) {
    var params = new URLSearchParams();
    if (f.actor) { params.set("actor", f.actor); }
    if (f.type) { params.set("type", f.type); }
    if (f.place) { params.set("place", f.place); }
    if (f.minSources !== 1) { params.set("min", String(f.minSources)); }
    if (f.showUnreal) { params.set("all", "1"); }
    if (controls.laneBy.value !== "type") { params.set("lanes", controls.laneBy.value); }
    var hash = params.toString();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse replaceState on file:// pages; the page works the same without it.
    }
  }

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    controls.actor.value = params.get("actor") || "";
    controls.type.value = params.get("type") || "";
    controls.place.value = params.get("place") || "";
    controls.minSources.value = params.get("min") || "1";
    controls.showUnreal.checked = params.get("all") === "1";
    controls.laneBy.value = params.get("lanes") === "actor" ? "actor" : "type";
  }

  function update() {
    var f = currentFilter();
    writeHash(f);
    var visible = CLUSTERS.filter(function (c) { return matches(c, f); });
    var undated = visible.filter(function (c) { return !c.event_date_start; }).length;
    if (!CLUSTERS.length) {
      controls.summary.textContent = "The warehouse holds no clusters: run `datewire run PATH` over some articles, " +
        "then `datewire report` again.";
      drawChart([]); drawMap([]); drawTable([]);
      return;
    }
    controls.summary.textContent = visible.length + " of " + CLUSTERS.length + " happenings match" +
      (undated ? "; " + undated + (undated === 1 ? " has no date and is" : " have no date and are") +
       " in the table only" : "") + ".";
    drawChart(visible);
    drawMap(visible);
    drawTable(visible);
  }

  function overview() {
    var o = DATA.overview || {};
    var parts = [CLUSTERS.length + " happenings from " + (o.n_documents || 0) + " documents and " +
                 (o.n_events || 0) + " event mentions"];
    if (o.latest_run_id) { parts.push("latest run " + o.latest_run_id + " (" + o.latest_run_finished_at + ")"); }
    document.getElementById("overview").textContent = parts.join("; ") + ".";
  }

  fillSelect(controls.actor, function (c) { return c.actors; });
  fillSelect(controls.type, function (c) { return [c.event_type]; });
  fillSelect(controls.place, function (c) { return c.places; });
  [controls.actor, controls.type, controls.place, controls.showUnreal, controls.laneBy].forEach(function (control) {
    control.addEventListener("change", function () { tableLimit = TABLE_PAGE; update(); });
  });
  controls.minSources.addEventListener("input", function () { tableLimit = TABLE_PAGE; update(); });
  controls.reset.addEventListener("click", function () {
    controls.actor.value = ""; controls.type.value = ""; controls.place.value = "";
    controls.minSources.value = "1"; controls.showUnreal.checked = false;
    tableLimit = TABLE_PAGE;
    update();
  });
  controls.showMore.addEventListener("click", function () { tableLimit += TABLE_PAGE; update(); });

  window.addEventListener("hashchange", function () { readHash(); tableLimit = TABLE_PAGE; update(); });

  overview();
  readHash();
  update();

  // A click on a mark shows its row: drawn if it was beyond the table's current page, then scrolled to.
  document.getElementById("chart").on("plotly_click", function (event) {
    var id = event.points.length && event.points[0].customdata;
    if (!id) { return; }
    var row = document.getElementById("cluster-" + id);
    if (!row) { tableLimit = CLUSTERS.length; update(); row = document.getElementById("cluster-" + id); }
    if (!row) { return; }
    document.querySelectorAll("#clusters tr.focused").forEach(function (r) { r.classList.remove("focused"); });
    row.classList.add("focused");
    row.scrollIntoView({ behavior: "smooth", block: "center" });
  });

  window.datewireTimeline = { clusters: CLUSTERS, update: update };  // for tests and the browser console
})();
