// The public live map: the anonymized projection from /ws/public/ (category,
// priority, status, a location snapped to ~500 m, times to the minute) and the
// counts by category. Nothing here can show a name, a phone or a report's
// words: the server never sends them to this audience.

import { LiveState } from "../realtime/client.js";
import { connectionIndicator, el, formatTime, pageData, setText, show } from "./common.js";
import { createMap, hasLocation, incidentIcon, legend } from "./map.js";

const page = pageData();
const labels = page.labels;
const S = page.strings;
const $ = (id) => document.getElementById(id);

const { map, cluster } = createMap($("map"), page.map, {
  onTiles: ({ failed, loaded, none }) => {
    const notice = $("map-notice");
    setText(notice, S.tiles_unavailable);
    show(notice, Boolean(none || (failed > 0 && loaded === 0)));
  },
});
legend($("legend-body"), labels);

function popup(incident) {
  return el(
    "div",
    { className: "tip" },
    el("strong", { text: labels.category[incident.category] || incident.category }),
    el("br"),
    `${labels.priority[incident.priority] || incident.priority} · ${labels.status[incident.status] || incident.status}`,
    el("br"),
    `${S.since} ${formatTime(incident.created_at, true)}`,
  );
}

// Markers are replaced only when their incident changed: an open popup stays open
// while other incidents update.
const markers = new Map(); // id -> {marker, version}

function makeMarker(incident) {
  const marker = L.marker([incident.lat, incident.lon], {
    icon: incidentIcon(incident),
    title: labels.category[incident.category] || incident.category,
    keyboard: true,
    priority: incident.priority,
  });
  marker.bindPopup(() => popup(incident));
  return marker;
}

function sync(incidents) {
  const added = [];
  for (const [id, entry] of markers) {
    const incident = incidents.get(id);
    if (!incident || incident.version !== entry.version || !hasLocation(incident)) {
      cluster.removeLayer(entry.marker);
      markers.delete(id);
    }
  }
  for (const incident of incidents.values()) {
    if (markers.has(incident.id) || !hasLocation(incident)) continue;
    const marker = makeMarker(incident);
    markers.set(incident.id, { marker, version: incident.version });
    added.push(marker);
  }
  cluster.addLayers(added);
}

// Resolved incidents stay on the map until closed, but they are no longer active.
const ACTIVE = new Set(["new", "claimed", "en_route", "on_scene"]);

function renderCounts(incidents) {
  const counts = new Map();
  let total = 0;
  for (const incident of incidents.values()) {
    if (!ACTIVE.has(incident.status)) continue;
    total += 1;
    counts.set(incident.category, (counts.get(incident.category) || 0) + 1);
  }
  const rows = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (labels.category[a[0]] || a[0]).localeCompare(labels.category[b[0]] || b[0]),
  );
  $("counts-body").replaceChildren(
    ...(rows.length
      ? rows.map(([code, n]) =>
          el("tr", {}, el("td", { text: labels.category[code] || code }), el("td", { className: "n", text: String(n) })),
        )
      : [el("tr", {}, el("td", { colspan: "2", className: "muted", text: S.none }))]),
  );
  setText($("counts-total"), String(total));
}

// Public frames come once a second at most: redraw everything, it is cheap.
let frame = null;
const live = new LiveState({
  path: "/ws/public/",
  onChange: (incidents) => {
    if (frame !== null) return;
    frame = requestAnimationFrame(() => {
      frame = null;
      sync(live.incidents);
      renderCounts(live.incidents);
      document.body.dataset.incidents = String(live.incidents.size);
    });
  },
  onStatus: connectionIndicator($("conn"), S),
});
live.start();
window.publicMap = { live, map };
