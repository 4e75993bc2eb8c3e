// The console's map: its layers, and one marker per incident that passes the
// filters, kept in step with the live state. Markers are updated in place
// rather than rebuilt: with thousands of incidents and tens of events a second,
// rebuilding is what would make the map lag.
//
// Text reaches the page through `el` (textContent) and Leaflet's title and alt
// options, which Leaflet sets as DOM properties: never as HTML.

import { $, el, setText, show } from "../common.js";
import { incidentTitle, placeLine } from "../incidents.js";
import { createMap, hasLocation, incidentIcon, incidentLook, legend } from "../map.js";
import { passes } from "./filters.js";
import { OPEN, S, labels, live, page, ui } from "./state.js";

// A click on a marker selects its incident and a dragged pin proposes a new
// place: both are the detail's business, and the detail imports this module,
// not the other way round, so main.js hands them in.
let onPick = () => {};
let onDrag = () => {};

export function initMarkers(handlers) {
  ({ onPick, onDrag } = handlers);
}

const { map, cluster } = createMap($("map"), page.map, { onTiles: tileNotice });
export { map };
// P1 incidents nobody claimed yet are never clustered: they must be seen.
const urgentLayer = L.layerGroup().addTo(map);
export const selectedLayer = L.layerGroup().addTo(map);
export const intakeLayer = L.layerGroup().addTo(map);
// Where the call-taker's preview puts a report that has no point yet (intake.js).
export const previewLayer = L.layerGroup().addTo(map);
legend($("legend-body"), labels);

function tileNotice({ failed, loaded, none }) {
  const notice = $("map-notice");
  if (none || (failed > 0 && loaded === 0)) {
    setText(notice, S.tiles_unavailable);
    show(notice, true);
  } else if (loaded > 0) {
    show(notice, false);
  }
}

function layerFor(incident) {
  if (incident.id === ui.selectedId) return selectedLayer;
  if (incident.priority === "P1" && incident.status === "new") return urgentLayer;
  return cluster;
}

// Content functions get the marker: the tooltip shows the incident as it is now.
function markerTooltip(marker) {
  const incident = marker.incident;
  return el(
    "div",
    { className: "tip" },
    el("strong", { text: incidentTitle(incident, labels) }),
    el("br"),
    `${incident.priority} · ${labels.status[incident.status] || incident.status}`,
    incident.lead_agency ? el("br") : null,
    incident.lead_agency ? incident.lead_agency.name : null,
    // Where and what, as in the queue: hovering a marker answers "which fire is this?".
    placeLine(incident) ? el("div", { className: "tip-place", text: placeLine(incident) }) : null,
    incident.quote ? el("div", { className: "tip-quote", text: `“${incident.quote}”` }) : null,
  );
}

function onMarkerClick(event) {
  onPick(event.target.incident.id);
}

function markerLook(incident) {
  return {
    flash: ui.alerts.has(incident.id) && !ui.acknowledged.has(incident.id),
    selected: incident.id === ui.selectedId,
  };
}

function makeMarker(incident) {
  const look = markerLook(incident);
  const marker = L.marker([incident.lat, incident.lon], {
    icon: incidentIcon(incident, look),
    title: incidentTitle(incident, labels),
    alt: `${incident.priority} #${incident.id}`,
    keyboard: true,
    riseOnHover: true,
    draggable: look.selected && OPEN.has(incident.status),
    zIndexOffset: look.selected ? 2000 : incident.priority === "P1" ? 1000 : 0,
    priority: incident.priority,
    flashing: look.flash,
  });
  marker.incident = incident;
  marker.look = incidentLook(incident, look);
  marker.bindTooltip(markerTooltip, { direction: "top" });
  marker.on("click", onMarkerClick);
  if (look.selected) {
    marker.on("dragstart", () => {
      marker.held = true;
    });
    marker.on("dragend", () => {
      marker.held = false;
      const at = marker.getLatLng();
      onDrag({ lat: at.lat, lon: at.lng });
    });
  }
  return marker;
}

function removeMarker(id) {
  const entry = ui.markers.get(id);
  if (!entry) return;
  entry.marker.removed = true;
  entry.layer.removeLayer(entry.marker);
  ui.markers.delete(id);
}

// markercluster adds a bulk of markers in chunks, over several tasks: a marker
// removed before its chunk came cannot be removed yet, so it goes when it is added.
cluster.on("layeradd", ({ layer }) => {
  if (layer.removed) cluster.removeLayer(layer);
});

// An incident that changed keeps its marker: only what changed is redone (its
// place, its icon). Rebuilding markers costs more than updating them, and a
// marker added to the cluster while it is still loading would leave a copy.
function updateMarker(marker, incident) {
  const look = markerLook(incident);
  const key = incidentLook(incident, look);
  marker.incident = incident;
  if (key !== marker.look) {
    marker.look = key;
    Object.assign(marker.options, {
      title: incidentTitle(incident, labels),
      alt: `${incident.priority} #${incident.id}`,
      priority: incident.priority,
      flashing: look.flash,
    });
    marker.setZIndexOffset(incident.priority === "P1" ? 1000 : 0);
    marker.setIcon(incidentIcon(incident, look));
    // A cluster takes the colour of its most urgent incident.
    if (marker.__parent) cluster.refreshClusters(marker);
  }
  const at = marker.getLatLng();
  // In the cluster a move re-files the marker (markercluster listens to "move").
  if (at.lat !== incident.lat || at.lng !== incident.lon) marker.setLatLng([incident.lat, incident.lon]);
  if (marker.isTooltipOpen()) marker.getTooltip().setContent(markerTooltip);
}

function upsertMarker(incident) {
  if (!hasLocation(incident) || !passes(incident)) {
    removeMarker(incident.id);
    return;
  }
  const layer = layerFor(incident);
  const entry = ui.markers.get(incident.id);
  // The selected marker (draggable, with its own handlers) is always made anew,
  // but not while the dispatcher drags it: a live update (another call, a unit
  // on its way) must not pull the pin from under their pointer.
  if (entry && entry.layer === layer && layer === selectedLayer && entry.marker.held) {
    entry.marker.incident = incident;
    return;
  }
  if (entry && entry.layer === layer && layer !== selectedLayer) {
    updateMarker(entry.marker, incident);
    return;
  }
  removeMarker(incident.id);
  const marker = makeMarker(incident);
  layer.addLayer(marker);
  ui.markers.set(incident.id, { marker, layer });
}

export function rebuildMarkers() {
  for (const entry of ui.markers.values()) entry.marker.removed = true;
  cluster.clearLayers();
  urgentLayer.clearLayers();
  selectedLayer.clearLayers();
  ui.markers.clear();
  const bulk = [];
  for (const incident of live.incidents.values()) {
    if (!hasLocation(incident) || !passes(incident)) continue;
    const marker = makeMarker(incident);
    const layer = layerFor(incident);
    if (layer === cluster) bulk.push(marker);
    else layer.addLayer(marker);
    ui.markers.set(incident.id, { marker, layer });
  }
  // One bulk add: markercluster builds its tree once (chunked), not per marker.
  cluster.addLayers(bulk);
}

export function refreshMarker(id) {
  const incident = live.incidents.get(id);
  if (incident) upsertMarker(incident);
  else if (id === ui.selectedId && ui.detail && OPEN.has(ui.detail.status)) {
    upsertMarker(ui.detail); // selected before its first event reached us
  }
  else removeMarker(id);
}
