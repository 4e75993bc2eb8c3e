// The Leaflet side of the maps. frontend/maps.py builds the map with folium and
// ships its options as JSON (see the comment there for why); this creates the
// same map in the page from that JSON, plus the incident markers.
//
// Markers are built as DOM nodes: no HTML strings, so nothing a caller typed
// can end up as markup. Leaflet (L) and markercluster are loaded as classic
// scripts from our own static files before this module runs.

import { offlineBaseMap } from "./basemap.js";

const SVG = "http://www.w3.org/2000/svg";
// How long the first tile may take before the offline base map is drawn under it.
const TILE_WAIT_MS = 4000;

// One stroke pictogram per category (24x24), drawn in white on the priority colour.
export const CATEGORY_ICONS = {
  fire: "M12 3c2 3 5.5 5.2 5.5 9.5a5.5 5.5 0 0 1-11 0c0-2.3 1.2-3.9 2.3-5 .1 2 1 3.3 2.2 3.9.2-3.3-.3-5.6 1-8.4z",
  traffic_accident: "M4 15v-3.5L6.2 7h11.6l2.2 4.5V15zM4 11.5h16M7 15v2.5M17 15v2.5",
  medical: "M12 5v14M5 12h14",
  disaster: "M3 9c2-1.6 4-1.6 6 0s4 1.6 6 0 4-1.6 6 0M3 14c2-1.6 4-1.6 6 0s4 1.6 6 0 4-1.6 6 0M3 19c2-1.6 4-1.6 6 0s4 1.6 6 0 4-1.6 6 0",
  rescue: "M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16zM12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM6.3 6.3l3.2 3.2M14.5 14.5l3.2 3.2M17.7 6.3l-3.2 3.2M9.5 14.5l-3.2 3.2",
  crime: "M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z",
  public_order: "M4 10v4h3l6 4V6l-6 4zM16.5 9a4 4 0 0 1 0 6",
  infrastructure: "M12 3l5 16H7zM9.2 10.5h5.6M8.1 14.5h7.8M5 19h14",
  environment: "M5 19c0-8 6-14 14-14 0 8-6 14-14 14zM5 19l8-8",
  social_welfare: "M12 20s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.5-7 10-7 10z",
  health_service: "M5 20V8l7-4 7 4v12zM12 9v6M9 12h6",
  public_service: "M7 3h7l4 4v14H7zM14 3v4h4M9.5 12h6M9.5 16h6",
  information: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5v.5",
  other: "M9 9a3 3 0 1 1 4 2.8c-.7.3-1 .9-1 1.7V15M12 18v.5",
};

// Built once per category and size, then cloned: a queue of hundreds of rows (and
// every marker shown) would otherwise pay for createElementNS and setAttribute each.
const iconTemplates = new Map();

export function categoryIcon(category, size = 18) {
  const key = `${category}|${size}`;
  let template = iconTemplates.get(key);
  if (!template) {
    template = document.createElementNS(SVG, "svg");
    template.setAttribute("viewBox", "0 0 24 24");
    template.setAttribute("width", String(size));
    template.setAttribute("height", String(size));
    template.setAttribute("aria-hidden", "true");
    template.setAttribute("class", "cat-icon");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", CATEGORY_ICONS[category] || CATEGORY_ICONS.other);
    template.append(path);
    iconTemplates.set(key, template);
  }
  return template.cloneNode(true);
}

// Leaflet's attribution control puts a flag before the text; it is not ours to add.
function attribution(map) {
  if (map.attributionControl) map.attributionControl.setPrefix(false);
}

export function createMap(node, config, { onTiles = () => {} } = {}) {
  const map = L.map(node, {
    center: config.center,
    zoom: config.zoom,
    ...config.options,
  });
  attribution(map);
  // The map's box changes when alert banners come and go or the window is
  // resized: Leaflet must know, or a click would land on the wrong spot.
  if (window.ResizeObserver) new ResizeObserver(() => map.invalidateSize()).observe(node);
  if (config.scale) L.control.scale({ imperial: false }).addTo(map);
  // The base map this server ships (basemap.js), drawn under the tiles as soon as
  // they fail, take too long or are not configured; never fetched while they load.
  const base = config.basemap ? offlineBaseMap(map, config.basemap) : null;
  const useBase = () => base?.activate();
  let failed = 0;
  let loaded = 0;
  for (const tiles of config.tiles || []) {
    const layer = L.tileLayer(tiles.url, tiles.options);
    // Tiles are the only outside resource: without them the page still works
    // (markers on the offline base map); the page says so.
    layer.on("tileerror", () => {
      failed += 1;
      useBase();
      onTiles({ failed, loaded });
    });
    layer.on("tileload", () => {
      loaded += 1;
      onTiles({ failed, loaded });
    });
    layer.addTo(map);
  }
  if (!(config.tiles || []).length) {
    useBase();
    onTiles({ failed: 0, loaded: 0, none: true });
  } else {
    // A network that drops packets (no answer, no error) would leave the map grey
    // for minutes: no tile after a few seconds is as good as an error.
    setTimeout(() => {
      if (loaded === 0) useBase();
    }, TILE_WAIT_MS);
  }
  const cluster = config.cluster
    ? L.markerClusterGroup({ ...config.cluster, iconCreateFunction: clusterIcon })
    : L.layerGroup();
  map.addLayer(cluster);
  return { map, cluster, base };
}

const PRIORITY_ORDER = ["P1", "P2", "P3", "P4"];

// A cluster takes the colour of the most urgent incident in it: a P1 hidden in a
// cluster of complaints still shows red.
function clusterIcon(cluster) {
  let best = 3;
  let flashing = false;
  for (const marker of cluster.getAllChildMarkers()) {
    best = Math.min(best, PRIORITY_ORDER.indexOf(marker.options.priority ?? "P4"));
    flashing = flashing || Boolean(marker.options.flashing);
  }
  const count = cluster.getChildCount();
  const inner = document.createElement("div");
  const label = document.createElement("span");
  label.textContent = String(count);
  inner.append(label);
  const priority = PRIORITY_ORDER[Math.max(best, 0)].toLowerCase();
  return L.divIcon({
    html: inner,
    className: `marker-cluster cluster-${priority}${flashing ? " flash" : ""}`,
    iconSize: L.point(40, 40),
  });
}

// The marker of one incident: a disc in the priority colour with the category
// pictogram; its status shows in the border; `flash` for an unacknowledged P1.
//
// The icon's DOM is only built when Leaflet shows the marker: with thousands of
// incidents most markers sit inside clusters and never need one. The options
// (class names, sizes) are shared by every marker that looks the same.
const iconOptions = new Map();
let IncidentIcon = null;

function incidentIconClass() {
  // Defined on first use: Leaflet (L) is a classic script loaded before the page's
  // module, but this module must not depend on the order it is evaluated in.
  IncidentIcon ??= L.DivIcon.extend({
    createIcon(oldIcon) {
      const div = L.DivIcon.prototype.createIcon.call(this, oldIcon);
      const disc = document.createElement("div");
      disc.className = "inc-disc";
      disc.dataset.id = String(this.options.incidentId);
      disc.append(categoryIcon(this.options.category, 18));
      div.append(disc);
      return div;
    },
  });
  return IncidentIcon;
}

// What the icon of an incident looks like, as one string: markers whose look did
// not change keep their icon.
export function incidentLook(incident, { flash = false, selected = false } = {}) {
  return `${incident.category}|${incident.priority}|${incident.status}|${flash ? 1 : 0}|${selected ? 1 : 0}`;
}

export function incidentIcon(incident, { flash = false, selected = false } = {}) {
  const look = incidentLook(incident, { flash, selected });
  let options = iconOptions.get(look);
  if (!options) {
    const classes = [
      "inc-marker",
      `p-${String(incident.priority).toLowerCase()}`,
      `st-${incident.status}`,
    ];
    if (flash) classes.push("flash");
    if (selected) classes.push("selected");
    options = {
      html: "", // the disc is added by createIcon, as a DOM node
      className: classes.join(" "),
      category: incident.category,
      iconSize: L.point(30, 30),
      iconAnchor: L.point(15, 15),
      tooltipAnchor: L.point(0, -14),
    };
    iconOptions.set(look, options);
  }
  const Icon = incidentIconClass();
  return new Icon({ ...options, incidentId: incident.id });
}

export function hasLocation(incident) {
  return (
    incident && typeof incident.lat === "number" && typeof incident.lon === "number" &&
    Number.isFinite(incident.lat) && Number.isFinite(incident.lon)
  );
}

// Great-circle distance in metres (for "nearby" lists in the page).
export function distanceM(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function legend(node, labels) {
  const list = document.createElement("ul");
  list.className = "legend-list";
  for (const priority of PRIORITY_ORDER) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = `swatch p-${priority.toLowerCase()}`;
    item.append(swatch, document.createTextNode(labels.priority[priority] || priority));
    list.append(item);
  }
  for (const [code, label] of Object.entries(labels.category)) {
    const item = document.createElement("li");
    const icon = document.createElement("span");
    icon.className = "legend-icon";
    icon.append(categoryIcon(code, 16));
    item.append(icon, document.createTextNode(label));
    list.append(item);
  }
  node.replaceChildren(list);
}

// The pin of a location being chosen (a new report, a moved incident): a ring
// that reads differently from every incident marker.
export function pickIcon() {
  const ring = document.createElement("div");
  ring.className = "pick-ring";
  return L.divIcon({
    html: ring,
    className: "pick-marker",
    iconSize: L.point(34, 34),
    iconAnchor: L.point(17, 17),
  });
}
