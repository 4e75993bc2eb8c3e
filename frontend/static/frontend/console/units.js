// The units on the console's map: one rounded square per unit (the kind's letters
// and the call sign), coloured by status, in a layer of its own (`unitLayer`,
// for a layer control to switch). Kept in step with LiveState's units (the snapshot's
// `units`, then `unit.*` events), updated in place.
//
// Where a unit is drawn: its last position while that is fresh, else its
// station. "Fresh" is the recommendation's own limit (units.recommend.
// FRESH_POSITION, in the page data as `stale_after_s`), so the map shows each
// unit where the ranking counted it from. A unit whose last position is older
// is drawn at its station, dashed and grey-edged, and says so in its tooltip.

import { $, el, formatAge, interpolate, now } from "../common.js";
import { map } from "./markers.js";
import { S } from "./state.js";

const U = S.units;
export const STATUSES = Object.keys(U.status);
// Units answer "who is near?": drawn over ordinary incidents and clusters, under
// the P1s (1000) and the selected incident (2000), which must never be hidden.
const UNIT_Z = 500;
export const unitLayer = L.layerGroup().addTo(map);
const markers = new Map(); // unit id -> marker
let units = new Map();

// Where the unit is drawn and whether its position is too old to use.
export function unitPlace(unit, at = now()) {
  const fix = Date.parse(unit.position_at || "");
  const fresh = unit.lat != null && !Number.isNaN(fix) && at - fix <= U.stale_after_s * 1000;
  if (fresh) return { lat: unit.lat, lon: unit.lon, fresh: true, stale: false };
  return { lat: unit.station.lat, lon: unit.station.lon, fresh: false, stale: !Number.isNaN(fix) };
}

function look(unit, place) {
  return `${unit.status}|${place.stale ? "stale" : "ok"}|${unit.call_sign}|${unit.kind}`;
}

function unitIcon(unit, place) {
  const box = el(
    "div",
    {
      className: `unit-box u-${unit.status}${place.stale ? " stale" : ""}`,
      dataset: { unitId: unit.id, status: unit.status },
    },
    el("b", { className: "u-kind", text: U.kind_letters[unit.kind] || unit.kind }),
    el("span", { className: "u-call", text: unit.call_sign }),
  );
  return L.divIcon({ html: box, className: "unit-marker", iconSize: L.point(132, 20), iconAnchor: L.point(66, 10) });
}

function tooltip(marker) {
  const unit = marker.unit;
  const place = unitPlace(unit);
  const where = place.fresh
    ? interpolate(U.position_age, { age: formatAge(unit.position_at, S) })
    : interpolate(place.stale ? U.stale : U.at_station, { age: formatAge(unit.position_at, S), station: unit.station.name });
  return el(
    "div",
    { className: "tip" },
    el("strong", { text: `${unit.call_sign} · ${U.kind[unit.kind] || unit.kind}` }),
    el("br"),
    el("span", { className: `unit-status u-${unit.status}`, text: U.status[unit.status] || unit.status }),
    unit.incident_id ? ` · ${interpolate(U.works, { id: unit.incident_id })}` : null,
    el("div", { text: unit.agency ? unit.agency.name : "" }),
    el("div", { className: place.stale ? "tip-stale" : "muted", text: where }),
  );
}

function upsert(unit) {
  const place = unitPlace(unit);
  let marker = markers.get(unit.id);
  if (!marker) {
    marker = L.marker([place.lat, place.lon], {
      icon: unitIcon(unit, place),
      title: unit.call_sign,
      alt: unit.call_sign,
      keyboard: false,
      zIndexOffset: UNIT_Z,
    });
    marker.unit = unit;
    marker.look = look(unit, place);
    marker.bindTooltip(tooltip, { direction: "top" });
    // A unit at work opens its incident; any other shows its tooltip (a touch
    // screen has no hover).
    marker.on("click", () => {
      if (marker.unit.incident_id && onSelect) onSelect(marker.unit.incident_id);
      else marker.openTooltip();
    });
    unitLayer.addLayer(marker);
    markers.set(unit.id, marker);
    return;
  }
  marker.unit = unit;
  const key = look(unit, place);
  if (key !== marker.look) {
    marker.look = key;
    marker.setIcon(unitIcon(unit, place));
  }
  const at = marker.getLatLng();
  if (at.lat !== place.lat || at.lng !== place.lon) marker.setLatLng([place.lat, place.lon]);
  if (marker.isTooltipOpen()) marker.getTooltip().setContent(tooltip);
}

function drawAll() {
  for (const [id, marker] of markers) {
    if (!units.has(id)) {
      unitLayer.removeLayer(marker);
      markers.delete(id);
    }
  }
  for (const unit of units.values()) upsert(unit);
}

// LiveState's onUnits: the whole set after a snapshot, one unit after an event,
// the units a positions frame moved.
export function renderUnits(all, message) {
  units = all;
  const unit = message && message.data && message.data.unit;
  if (unit && all.has(unit.id)) upsert(all.get(unit.id));
  else if (message && message.type === "positions") {
    for (const id of message.ids) if (all.has(id)) upsert(all.get(id));
  } else drawAll();
}

export function liveUnits() {
  return units;
}

function legendPart() {
  const list = el(
    "ul",
    { className: "legend-list unit-legend" },
    ...STATUSES.map((status) =>
      el("li", {}, el("span", { className: `unit-swatch u-${status}` }), U.status[status]),
    ),
    el("li", {}, el("span", { className: "unit-swatch stale" }), U.stale_legend),
  );
  return [el("strong", { className: "small", text: U.legend }), list];
}

// What a click on a unit at work does: select (and pan to) its incident.
let onSelect = null;

export function initUnits({ select } = {}) {
  onSelect = select || null;
  $("legend-body").append(...legendPart());
  // Positions grow old with no event: a unit that stops reporting moves to its
  // station by itself.
  setInterval(drawAll, 30_000);
}
