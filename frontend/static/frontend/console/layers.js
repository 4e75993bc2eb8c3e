// The console's facility layers: stations and posts ("Pos & markas") and
// hospitals and puskesmas, from GET /api/facilities/ (units/facilities.py).
// Each is toggled by its checkbox in the legend; the choice is kept in
// localStorage, per browser. Off until chosen: most of the time the desk looks
// at incidents, and a facility must never hide one.
//
// The markers are small DOM icons (no image, no tile: they show offline too) in
// a pane of their own under the incident markers' pane. Names reach the page
// through `el` (textContent) and Leaflet's title option, never as HTML.

import { api, el } from "../common.js";
import { map } from "./markers.js";

const STORAGE_KEY = "console.layers";
const SVG = "http://www.w3.org/2000/svg";
// Between Leaflet's overlay pane (400) and its marker pane (600): under every
// incident marker and cluster, over the base map.
const PANE = "facilities";

// The two layers: which kinds each shows, and its group of markers.
const LAYERS = {
  stations: { group: null, loaded: false },
  health: { group: null, loaded: false },
};

// A house for a station or post, a cross for a hospital or puskesmas; the
// colours (console.css, `.fac-<kind>`) tell the kinds apart.
const SHAPES = {
  stations: "M3 11L12 3l9 8v10H3z",
  health: "M9 3h6v6h6v6h-6v6H9v-6H3V9h6z",
};

function remembered() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
    return { stations: stored.stations === true, health: stored.health === true };
  } catch {
    return { stations: false, health: false };
  }
}

function remember(name, shown) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...remembered(), [name]: shown }));
  } catch {
    // Storage full or refused (a private window): the layer still toggles, unremembered.
  }
}

function shape(layer) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", SHAPES[layer]);
  svg.append(path);
  return svg;
}

function facilityIcon(facility) {
  const box = el("div", { className: "fac-shape" });
  box.append(shape(facility.layer));
  return L.divIcon({
    html: box,
    className: `fac-marker fac-${facility.layer} fac-${facility.kind}`,
    iconSize: L.point(18, 18),
    iconAnchor: L.point(9, 9),
    tooltipAnchor: L.point(0, -9),
  });
}

function facilityTooltip(facility) {
  const where = [facility.place.village, facility.place.district].filter(Boolean).join(", ");
  return el(
    "div",
    { className: "tip" },
    el("strong", { text: facility.name }),
    el("br"),
    facility.kind_label,
    facility.agency ? el("div", { text: facility.agency.name }) : null,
    where ? el("div", { className: "tip-place", text: where }) : null,
  );
}

function facilityMarker(facility) {
  const marker = L.marker([facility.lat, facility.lon], {
    pane: PANE,
    icon: facilityIcon(facility),
    title: facility.name,
    alt: facility.kind_label,
    keyboard: false,
  });
  marker.facility = facility;
  marker.bindTooltip(() => facilityTooltip(facility), { direction: "top" });
  return marker;
}

// Both layers come from one request, made the first time either is shown.
let loading = null;

async function load() {
  loading ??= api("/api/facilities/").then((result) => {
    if (!result.ok) {
      loading = null; // offline or refused: the next toggle asks again
      return false;
    }
    for (const facility of result.data) LAYERS[facility.layer]?.group.addLayer(facilityMarker(facility));
    for (const layer of Object.values(LAYERS)) layer.loaded = true;
    return true;
  });
  return loading;
}

async function setShown(name, shown) {
  const layer = LAYERS[name];
  if (!shown) {
    layer.group.remove();
    return;
  }
  layer.group.addTo(map);
  if (!layer.loaded) await load();
}

export function initLayers() {
  map.createPane(PANE).style.zIndex = "450";
  const shown = remembered();
  for (const [name, layer] of Object.entries(LAYERS)) {
    layer.group = L.layerGroup();
    const toggle = document.querySelector(`input[data-layer="${name}"]`);
    if (!toggle) continue;
    toggle.checked = shown[name];
    toggle.addEventListener("change", () => {
      remember(name, toggle.checked);
      setShown(name, toggle.checked);
    });
    if (shown[name]) setShown(name, true);
  }
}
