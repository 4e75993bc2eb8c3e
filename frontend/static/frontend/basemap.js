// The offline base map: land and sea, the borders of provinces, regencies
// (kabupaten/kota) and districts (kecamatan), and place names, drawn by Leaflet
// itself from files this server ships (frontend/basemap.py). It is what a
// dispatcher sees when the tile server cannot be reached (a flood, a closed
// government network) or none is set: never a blank grey map.
//
// It lives in panes under the tile pane (z-index 200): tiles that do load cover
// it, so nothing is drawn twice, and the gaps of tiles that failed show it. It
// loads nothing until the tiles fail, and then only the provinces in view, each
// once (the server lets the browser keep them).
//
// Names go in the page through textContent only, like every text of ours.

const PANES = ["offlineLand", "offlineLines", "offlineLabels"];

// Zoom levels: below PROVINCES_FROM one coarse land for all of Indonesia; from it
// on, each province in view at full detail with its regency lines; district names
// from DISTRICT_NAMES_FROM, their lines from DISTRICTS_FROM; village names from
// VILLAGES_FROM.
const PROVINCES_FROM = 8;
const REGENCY_NAMES_UNTIL = 10;
const DISTRICTS_FROM = 10;
const DISTRICT_NAMES_FROM = 9;
const VILLAGES_FROM = 13;
const MAX_LABELS = 350;
const RETRY_MS = 30_000;

const COLOURS = {
  sea: "#a8c8df",
  land: "#f3f0e8",
  neighbours: "#e3e0d8",
  province: "#6f5b84",
  regency: "#8a7c96",
  district: "#aa9fb5",
};

// The labels' fonts, also in app.css (.base-label-*): the width of a label is
// measured with them to keep labels from overlapping.
const LABEL_FONTS = {
  province: { font: "700 13px system-ui, sans-serif", upper: true, spacing: 0.52, height: 17 },
  regency: { font: "700 12.5px system-ui, sans-serif", upper: false, spacing: 0, height: 17 },
  district: { font: "700 11.5px system-ui, sans-serif", upper: true, spacing: 0, height: 15 },
  village: { font: "500 12px system-ui, sans-serif", upper: false, spacing: 0, height: 16 },
};

// [x0, y0, dx1, dy1, ...] in 1/scale degrees -> [[lon, lat], ...] (GeoJSON order).
function decode(flat, scale) {
  const out = new Array(flat.length / 2);
  let x = 0;
  let y = 0;
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i];
    y += flat[i + 1];
    out[i / 2] = [x / scale, y / scale];
  }
  return out;
}

function multiPolygon(polygons, scale) {
  return {
    type: "MultiPolygon",
    coordinates: polygons.map((rings) => rings.map((ring) => decode(ring, scale))),
  };
}

function multiLine(lines, scale) {
  return { type: "MultiLineString", coordinates: lines.map((line) => decode(line, scale)) };
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

// Whether a file is to be fetched: never yet, or it failed long enough ago.
function due(state) {
  return state === undefined || (state instanceof Date && Date.now() - state >= RETRY_MS);
}

let measurer = null;

function labelWidth(text, style) {
  measurer ??= document.createElement("canvas").getContext("2d");
  measurer.font = style.font;
  const shown = style.upper ? text.toUpperCase() : text;
  return measurer.measureText(shown).width + style.spacing * shown.length;
}

class OfflineBase {
  constructor(map, config) {
    this.map = map;
    this.config = config;
    this.active = false;
    this.provinces = (config.provinces || []).map(([code, name, s, w, n, e, lat, lon]) => ({
      code,
      name,
      bounds: L.latLngBounds([s, w], [n, e]),
      lat,
      lon,
    }));
    // province code -> "loading" | Date of the failure | true (drawn) / the names
    this.packs = new Map();
    this.labels = new Map();
    this.shown = new Map(); // label key -> marker
  }

  activate() {
    if (this.active) return;
    this.active = true;
    const map = this.map;
    // Their z-index (under the tiles' 200) is in app.css: .leaflet-offline*-pane.
    for (const name of PANES) if (!map.getPane(name)) map.createPane(name);
    map.getContainer().classList.add("offline-base");
    this.mark();
    // Canvas: a province is thousands of points, which SVG would make slow.
    this.landRenderer = L.canvas({ pane: "offlineLand", padding: 0.3 });
    this.lineRenderer = L.canvas({ pane: "offlineLines", padding: 0.3 });
    this.coarse = L.layerGroup();
    this.fine = L.layerGroup();
    this.provinceLines = L.layerGroup().addTo(map);
    this.regencyLines = L.layerGroup();
    this.districtLines = L.layerGroup();
    this.labelLayer = L.layerGroup().addTo(map);
    if (map.attributionControl) {
      map.attributionControl.addAttribution(
        "Natural Earth · wilayah_boundaries · Kemendagri",
      );
    }
    map.on("moveend", () => this.update());
    this.loadLand();
    this.update();
  }

  geo(geometry, style, renderer) {
    return L.geoJSON(geometry, {
      renderer,
      interactive: false,
      smoothFactor: 1.2,
      style: () => style,
    });
  }

  async loadLand() {
    if (this.land === "loading" || this.land === true) return;
    this.land = "loading";
    try {
      const data = await getJSON(this.config.files.replace("{name}", "land.json.gz"));
      const fill = { stroke: false, fill: true, fillOpacity: 1 };
      this.coarse.addLayer(
        this.geo(
          multiPolygon(data.coarse, data.scale),
          { ...fill, fillColor: COLOURS.land },
          this.landRenderer,
        ),
      );
      this.fine.addLayer(
        this.geo(
          multiPolygon(data.neighbours, data.scale),
          { ...fill, fillColor: COLOURS.neighbours },
          this.landRenderer,
        ),
      );
      this.provinceLines.addLayer(
        this.geo(
          multiLine(data.provinces, data.scale),
          { color: COLOURS.province, weight: 1.8, opacity: 0.9, dashArray: "7 4", fill: false },
          this.lineRenderer,
        ),
      );
      this.land = true;
      this.update();
    } catch {
      this.land = undefined;
      setTimeout(() => this.loadLand(), RETRY_MS);
    }
  }

  async loadPack(code) {
    if (!due(this.packs.get(code))) return;
    this.packs.set(code, "loading");
    try {
      const data = await getJSON(this.config.files.replace("{name}", `p${code}.json.gz`));
      this.fine.addLayer(
        this.geo(
          multiPolygon(data.land, data.scale),
          { stroke: false, fill: true, fillOpacity: 1, fillColor: COLOURS.land },
          this.landRenderer,
        ),
      );
      this.regencyLines.addLayer(
        this.geo(
          multiLine(data.regencies, data.scale),
          { color: COLOURS.regency, weight: 1.3, opacity: 0.9, fill: false },
          this.lineRenderer,
        ),
      );
      this.districtLines.addLayer(
        this.geo(
          multiLine(data.districts, data.scale),
          { color: COLOURS.district, weight: 1, opacity: 0.9, dashArray: "4 3", fill: false },
          this.lineRenderer,
        ),
      );
      this.packs.set(code, true);
    } catch {
      this.packs.set(code, new Date());
    }
    this.mark();
  }

  async loadLabels(code) {
    if (!due(this.labels.get(code))) return;
    this.labels.set(code, "loading");
    try {
      const data = await getJSON(this.config.labels.replace("{code}", code));
      this.labels.set(code, data);
      this.placeLabels();
    } catch {
      this.labels.set(code, new Date());
    }
    this.mark();
  }

  // data-offline-base on the map: "loading", then "ready" once everything in view
  // is drawn (what the browser tests wait for).
  mark() {
    const loaded = (value) => value && typeof value === "object" && !(value instanceof Date);
    let ready = this.land === true;
    if (ready && this.map.getZoom() >= PROVINCES_FROM) {
      ready = this.inView().every(
        (p) => this.packs.get(p.code) === true && loaded(this.labels.get(p.code)),
      );
    }
    this.map.getContainer().dataset.offlineBase = ready ? "ready" : "loading";
  }

  toggle(layer, visible) {
    if (visible && !this.map.hasLayer(layer)) this.map.addLayer(layer);
    else if (!visible && this.map.hasLayer(layer)) this.map.removeLayer(layer);
  }

  inView() {
    const bounds = this.map.getBounds().pad(0.1);
    return this.provinces.filter((p) => bounds.intersects(p.bounds));
  }

  update() {
    if (!this.active) return;
    const zoom = this.map.getZoom();
    const detailed = zoom >= PROVINCES_FROM;
    this.toggle(this.coarse, !detailed);
    this.toggle(this.fine, detailed);
    this.toggle(this.regencyLines, detailed);
    this.toggle(this.districtLines, zoom >= DISTRICTS_FROM);
    if (detailed) {
      for (const province of this.inView()) {
        this.loadPack(province.code);
        this.loadLabels(province.code);
      }
    }
    this.placeLabels();
    this.mark();
  }

  // The names to show at this zoom, most important first.
  candidates(zoom) {
    const out = [];
    if (zoom < PROVINCES_FROM) {
      for (const p of this.provinces) out.push(["province", `p${p.code}`, p.name, p.lat, p.lon]);
      return out;
    }
    const levels = [];
    if (zoom <= REGENCY_NAMES_UNTIL) levels.push(["regency", "regencies"]);
    if (zoom >= DISTRICT_NAMES_FROM) levels.push(["district", "districts"]);
    if (zoom >= VILLAGES_FROM) levels.push(["village", "villages"]);
    const provinces = this.inView();
    for (const [level, field] of levels) {
      for (const province of provinces) {
        const data = this.labels.get(province.code);
        if (!data || data === "loading" || data instanceof Date) continue;
        data[field].forEach(([name, lat, lon], i) => {
          out.push([level, `${province.code}${level[0]}${i}`, name, lat, lon]);
        });
      }
    }
    return out;
  }

  // Greedy placement: a name is shown only where it overlaps no name already
  // placed, so the map stays readable at every zoom.
  placeLabels() {
    if (!this.active) return;
    const map = this.map;
    const zoom = map.getZoom();
    const size = map.getSize();
    const bounds = map.getBounds().pad(0.05);
    const placed = [];
    const keep = new Map();
    for (const [level, key, name, lat, lon] of this.candidates(zoom)) {
      if (keep.size >= MAX_LABELS) break;
      if (!bounds.contains([lat, lon])) continue;
      const style = LABEL_FONTS[level];
      const point = map.latLngToContainerPoint([lat, lon]);
      const half = labelWidth(name, style) / 2 + 4;
      const top = point.y - style.height / 2;
      const box = [point.x - half, top, point.x + half, top + style.height];
      if (box[2] < 0 || box[0] > size.x || box[3] < 0 || box[1] > size.y) continue;
      if (placed.some((b) => b[0] < box[2] && box[0] < b[2] && b[1] < box[3] && box[1] < b[3])) {
        continue;
      }
      placed.push(box);
      keep.set(key, [level, name, lat, lon]);
    }
    for (const [key, marker] of this.shown) {
      if (!keep.has(key)) {
        this.labelLayer.removeLayer(marker);
        this.shown.delete(key);
      }
    }
    for (const [key, [level, name, lat, lon]] of keep) {
      if (this.shown.has(key)) continue;
      const marker = L.marker([lat, lon], {
        icon: labelIcon(level, name),
        pane: "offlineLabels",
        interactive: false,
        keyboard: false,
      });
      this.shown.set(key, marker);
      this.labelLayer.addLayer(marker);
    }
  }
}

function labelIcon(level, name) {
  const text = document.createElement("span");
  text.textContent = name;
  return L.divIcon({
    html: text,
    className: `base-label base-label-${level}`,
    iconSize: L.point(0, 0),
    iconAnchor: L.point(0, 0),
  });
}

export function offlineBaseMap(map, config) {
  return new OfflineBase(map, config);
}
