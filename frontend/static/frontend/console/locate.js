// The locate step of an incident with no place (or only an approximate one): the
// operator types a kelurahan, kecamatan or landmark and picks one of the
// gazetteer's answers (GET /api/place-search/) instead of clicking a blank map.
// The report's own words come first: what they named is searched at once, so the
// operator sees where they point and only has to choose. Picking proposes the
// point; the pin is saved with the same confirmation as a click on the map.

import { $, api, debounce, el, show } from "../common.js";
import { hasLocation } from "../map.js";
import { map } from "./markers.js";
import { S, ui } from "./state.js";

let onPick = () => {};
let shownFor = null; // the incident whose box is filled
let searchSeq = 0;

// `pick({lat, lon, label})`: what choosing an answer does (the detail proposes it).
export function initLocate(pick) {
  onPick = pick;
  const input = $("d-locate-q");
  input.setAttribute("placeholder", S.locate_search);
  input.addEventListener("input", debounce(() => search(input.value), 200));
}

export function renderLocate(incident, open) {
  const needed = open && (!hasLocation(incident) || incident.location_state !== "known");
  show($("d-locate"), needed);
  if (!needed || shownFor === incident.id) return;
  shownFor = incident.id;
  // The words the report named ("Sukarame", "Pasar Tugu"): searched for at once.
  const words = namedWords(incident);
  $("d-locate-q").value = words;
  $("d-locate-results").replaceChildren();
  if (words) search(words, { fromWords: true });
}

// Reasons whose words are a place the operator may mean (not "an everyday word").
const PLACE_REASONS = new Set([
  "named",
  "several_places",
  "numbered_villages",
  "outside_area",
  "town_outside",
]);

function namedWords(incident) {
  const reasons = ((incident.location_detail || {}).reasons || []).filter(
    (r) => r.words && PLACE_REASONS.has(r.code),
  );
  return reasons.length ? String(reasons[0].words) : "";
}

async function search(text, { fromWords = false } = {}) {
  const seq = ++searchSeq;
  const list = $("d-locate-results");
  if (text.trim().length < 3) {
    list.replaceChildren();
    return;
  }
  const result = await api(`/api/place-search/?q=${encodeURIComponent(text.trim())}`);
  if (seq !== searchSeq) return; // a newer search is under way
  if (!result.ok) return;
  const answers = result.data.results;
  if (!answers.length) {
    list.replaceChildren(el("li", { className: "muted small", text: S.locate_none }));
    return;
  }
  const hint = el("li", { className: "words-hint small", text: `${S.words_point_to} “${text}”:` });
  list.replaceChildren(
    ...(fromWords ? [hint] : []),
    ...answers.map((answer) =>
      el(
        "li",
        { dataset: { level: answer.level } },
        el(
          "button",
          { type: "button", onclick: () => choose(answer) },
          el("strong", { text: answer.name }),
          " ",
          el("span", { className: "kind", text: `${S[`place_kind_${answer.level}`] || answer.level} · ${answer.names}` }),
        ),
      ),
    ),
  );
}

function choose(answer) {
  if (ui.selectedId === null) return;
  map.setView([answer.lat, answer.lon], Math.max(map.getZoom(), answer.level === "district" ? 14 : 16));
  onPick({ lat: answer.lat, lon: answer.lon, label: answer.names });
}
