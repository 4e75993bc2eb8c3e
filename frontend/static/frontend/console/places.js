// Landmarks on the console's map: the places callers name ("dekat Pasar Tugu").
// A dispatcher shows them, adds one where the map is right-clicked, or corrects
// one (its name, kind, point, or retires it). Changes go through /api/places/,
// are audited, and every server process sees them at once.
//
// Place names are text from people: they reach the page through `el` only, and
// Leaflet tooltips get an element, never an HTML string.

import { $, api, el, errorText, fillSelect, setText, show } from "../common.js";
import { map } from "./markers.js";
import { S, labels } from "./state.js";

const layer = L.layerGroup();
const box = $("place-editor");
let editing = null; // {id?, lat, lon}: the place in the editor
let moving = false; // the next map click gives the edited place its new point

export function initPlaces() {
  const toggle = $("show-places");
  toggle.addEventListener("change", () => (toggle.checked ? showPlaces() : layer.remove()));
  fillSelect(box.querySelector("select[name=kind]"), Object.entries(labels.place_kind));
  box.addEventListener("submit", save);
  $("place-move").addEventListener("click", () => {
    moving = true;
    setText($("place-hint"), S.place_move_hint);
  });
  $("place-retire").addEventListener("click", () => save(null, { active: false }));
  $("place-close").addEventListener("click", close);
  map.on("contextmenu", (event) => open({ lat: event.latlng.lat, lon: event.latlng.lng }));
}

// A map click while a place is being moved is that place's new point.
export function takesMapClick(point) {
  if (!moving || !editing) return false;
  moving = false;
  editing = { ...editing, ...point };
  setText($("place-hint"), `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}`);
  return true;
}

async function showPlaces() {
  layer.addTo(map);
  const result = await api("/api/places/?limit=2000");
  if (!result.ok) return;
  layer.clearLayers();
  for (const place of result.data.results) {
    const marker = L.circleMarker([place.lat, place.lon], {
      radius: 5,
      color: "#455a64",
      weight: 1,
      fillColor: "#90a4ae",
      fillOpacity: 0.9,
    });
    marker.bindTooltip(() => el("span", { text: place.name }), { direction: "top" });
    marker.on("click", () => open(place));
    layer.addLayer(marker);
  }
}

function open(place) {
  editing = { ...place };
  moving = false;
  const form = box.elements;
  form.name.value = place.name || "";
  form.aliases.value = (place.aliases || []).join("|");
  form.kind.value = place.kind || "other";
  setText($("place-title"), place.id ? S.place_edit : S.place_new);
  setText($("place-hint"), `${place.lat.toFixed(5)}, ${place.lon.toFixed(5)}`);
  setText($("place-error"), "");
  show($("place-move"), Boolean(place.id));
  show($("place-retire"), Boolean(place.id));
  show(box, true);
  form.name.focus();
}

function close() {
  editing = null;
  moving = false;
  show(box, false);
}

async function save(event, extra = {}) {
  if (event) event.preventDefault();
  if (!editing) return;
  const form = box.elements;
  const body = {
    name: form.name.value.trim(),
    aliases: form.aliases.value.trim(),
    kind: form.kind.value,
    lat: Number(editing.lat.toFixed(6)),
    lon: Number(editing.lon.toFixed(6)),
    ...extra,
  };
  const url = editing.id ? `/api/places/${editing.id}/` : "/api/places/";
  const result = await api(url, { method: editing.id ? "PATCH" : "POST", body });
  if (!result.ok) {
    setText($("place-error"), errorText(result, S));
    return;
  }
  close();
  if ($("show-places").checked) showPlaces();
}
