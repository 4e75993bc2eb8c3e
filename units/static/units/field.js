// The field app (/lapangan/): one unit's crew on a phone. Big buttons for the
// unit's status steps, the incident it works, position sharing on duty, and an
// outbox that keeps working in a dead zone (field-sync.js).
//
// What the page shows is the server's unit with the crew's waiting steps applied
// on top: pressing "Berangkat" offline shows the unit en route and enables "Tiba"
// at once, while the outbox waits for a signal. The last known units and incident
// are kept in localStorage, so the page opened offline (from the service worker's
// cache) still shows them.
//
// Safety rule of every page: words from a caller only enter as text nodes.

import { LiveState } from "../realtime/client.js";
import { $, connectionIndicator, el, interpolate, pageData, setText, show } from "../frontend/common.js";
import { Duty } from "./field-duty.js";
import { initPhoto } from "./field-photo.js";
import { Outbox } from "./field-sync.js";

const P = pageData();
const S = P.strings;
const L = P.labels;
const AGENCY = P.agency.id;
const KEYS = {
  unit: `lapangan:unit:${AGENCY}`,
  units: `lapangan:units:${AGENCY}`,
  duty: `lapangan:duty:${AGENCY}`,
  incident: (id) => `lapangan:incident:${id}`,
};
const WORDS = 160; // the caller's first words: enough to know what to expect

const ui = { waiting: [], offline: !navigator.onLine, signedOut: false, adding: false };
const units = new Map();
let incidents = new Map();

function stored(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or private-mode storage: the page still works, it only forgets.
  }
}

// Newer versions win: a replayed answer or an old cached page never moves a unit back.
function takeUnit(unit) {
  if (!unit || unit.agency?.id !== AGENCY) return;
  const held = units.get(unit.id);
  if (held && (held.version || 0) > (unit.version || 0)) return;
  units.set(unit.id, unit);
}

function saveUnits() {
  store(KEYS.units, [...units.values()]);
}

function selected() {
  return units.get(Number(localStorage.getItem(KEYS.unit))) || null;
}

// The unit's status with the crew's waiting steps applied, in order.
function projected(unit) {
  let status = unit.status;
  for (const entry of ui.waiting) {
    if (entry.kind !== "status" || entry.unit_id !== unit.id) continue;
    if ((P.transitions[status] || []).includes(entry.body.status)) status = entry.body.status;
  }
  return status;
}

// --- drawing ------------------------------------------------------------------------

function drawPicker() {
  const pick = $("unit-pick");
  const current = selected();
  const options = [el("option", { value: "", text: S.pick_unit, disabled: true, selected: !current })];
  const sorted = [...units.values()].sort((a, b) => a.call_sign.localeCompare(b.call_sign));
  for (const unit of sorted) {
    const kind = L.unit_kind[unit.kind] || unit.kind;
    options.push(el("option", { value: unit.id, text: `${unit.call_sign} · ${kind}`, selected: current?.id === unit.id }));
  }
  pick.replaceChildren(...options);
}

function drawUnit(unit) {
  setText($("unit-name"), unit ? `${unit.call_sign} · ${L.unit_kind[unit.kind] || unit.kind}` : S.pick_unit);
  const status = unit ? projected(unit) : "";
  const badge = $("unit-status");
  badge.dataset.status = status;
  badge.dataset.server = unit ? unit.status : "";
  setText(badge, status ? L.unit_status[status] || status : "—");
  // A step taken on the phone that the server has not answered yet says so.
  const pending = Boolean(unit) && status !== unit.status;
  badge.dataset.pending = pending ? "true" : "false";
  setText($("unit-pending"), pending ? S.not_sent_yet : "");
  const valid = new Set(unit ? P.transitions[status] || [] : []);
  for (const button of document.querySelectorAll("[data-step]")) {
    button.disabled = !valid.has(button.dataset.step);
  }
}

function drawIncident(unit) {
  const id = unit ? unit.incident_id : null;
  const known = id ? { ...(stored(KEYS.incident(id)) || {}), ...summary(incidents.get(id)) } : null;
  show($("incident-none"), !known);
  show($("incident-body"), Boolean(known));
  if (!known) return;
  $("incident").dataset.id = id;
  setText($("incident-category"), `#${id} · ${L.category[known.category] || known.category || ""}`);
  setText($("incident-place"), known.area || "");
  setText($("incident-address"), known.address || "");
  setText($("incident-words"), known.words || "");
  const link = $("incident-map");
  const hasPoint = Number.isFinite(known.lat) && Number.isFinite(known.lon);
  show(link, hasPoint);
  if (hasPoint) link.href = `geo:${known.lat},${known.lon}?q=${known.lat},${known.lon}`;
}

function drawQueue() {
  const bar = $("queue-bar");
  const actions = ui.waiting.filter((e) => e.kind === "status").length;
  const batches = ui.waiting.length - actions;
  bar.dataset.count = actions;
  bar.dataset.positions = batches;
  const parts = [];
  let state = "";
  if (ui.signedOut) {
    state = "signed-out";
    parts.push(S.signed_out);
  } else if (ui.offline) {
    state = "offline";
    parts.push(actions ? interpolate(S.offline_waiting, { n: actions }) : S.offline);
  } else if (actions || batches) {
    state = "sending";
    if (actions) parts.push(interpolate(S.sending, { n: actions }));
  }
  if (state && batches) parts.push(interpolate(S.positions_waiting, { n: batches }));
  const text = parts.join(" · ");
  bar.dataset.state = state;
  setText(bar, text);
  show(bar, Boolean(text));
}

function draw() {
  const unit = selected();
  drawUnit(unit);
  drawIncident(unit);
  drawQueue();
}

function notice(kind, text) {
  // The same refusal again (a broken GPS, every batch) is one notice, not a pile.
  for (const held of $("notices").children) if (held.firstChild.textContent === text) return;
  const box = el(
    "div",
    { className: `notice notice-${kind}`, role: "alert", dataset: { kind } },
    el("span", { text }),
    el("button", { type: "button", className: "notice-close", text: "OK", onclick: () => box.remove() }),
  );
  $("notices").append(box);
}

// --- the incident ---------------------------------------------------------------------

function summary(incident) {
  if (!incident) return {};
  const area = incident.location_detail?.area;
  return { category: incident.category, lat: incident.lat, lon: incident.lon, ...(area ? { area } : {}) };
}

async function loadIncident(id) {
  try {
    const response = await fetch(`/api/incidents/${id}/`, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const detail = await response.json();
    const first = (detail.reports || [])[0] || {};
    const words = (first.text || "").trim();
    store(KEYS.incident(id), {
      ...summary(detail),
      words: words.length > WORDS ? `${words.slice(0, WORDS).trimEnd()}…` : words,
      address: first.address || "",
    });
    draw();
  } catch {
    // Offline: the stored copy (if any) stays on screen.
  }
}

let loadedIncident = null;
function followIncident() {
  const id = selected()?.incident_id || null;
  if (id && id !== loadedIncident) {
    loadedIncident = id;
    loadIncident(id);
  }
  if (!id) loadedIncident = null;
}

// --- actions ----------------------------------------------------------------------------

// The server's words for a refusal: its `detail`, or the messages of `errors`
// (nested per field and per position), or at least the status code.
function reason(result) {
  const data = result.data || {};
  if (typeof data.detail === "string") return data.detail;
  const words = [];
  const collect = (value) => {
    if (typeof value === "string") words.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(data.errors || data);
  return words.length ? [...new Set(words)].join(" ") : `HTTP ${result.status}`;
}

const outbox = new Outbox({
  onState: ({ waiting, offline, signedOut }) => {
    Object.assign(ui, { waiting, offline, signedOut });
    draw();
  },
  onAnswer: (entry, result, outcome) => {
    const label = entry.kind === "status" ? L.step[entry.body.status] || entry.body.status : S.positions;
    if (outcome === "applied") {
      takeUnit(entry.kind === "status" ? result.data : result.data?.unit);
      saveUnits();
      return;
    }
    notice(outcome, interpolate(outcome === "conflict" ? S.conflict : S.refused, { step: label, detail: reason(result) }));
    refreshUnits();
  },
});

async function press(step) {
  const unit = selected();
  if (!unit || ui.adding) return;
  ui.adding = true;
  try {
    const url = `/api/units/${unit.id}/status/`;
    await outbox.add({ kind: "status", unit_id: unit.id, url, body: { status: step } });
  } finally {
    ui.adding = false;
  }
}

async function refreshUnits() {
  try {
    const response = await fetch("/api/units/", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    for (const unit of await response.json()) takeUnit(unit);
    saveUnits();
    drawPicker();
    draw();
  } catch {
    // Offline: the units held stay on screen.
  }
}

// --- duty ----------------------------------------------------------------------------------

const duty = new Duty({
  intervalS: P.position_interval_s,
  send: (positions) => {
    const unit = selected();
    if (!unit) return;
    outbox.add({ kind: "positions", unit_id: unit.id, url: `/api/units/${unit.id}/positions/`, body: { positions } });
  },
  onState: ({ on, error, last }) => {
    $("duty").checked = on;
    const lines = [on ? interpolate(S.duty_on, { n: P.position_interval_s }) : S.duty_off];
    if (error) lines.push(error === "denied" ? S.geo_denied : S.geo_unavailable);
    if (last) lines.push(`${S.last_fix}: ${last.lat.toFixed(5)}, ${last.lon.toFixed(5)} (${last.at.slice(11, 19)})`);
    setText($("duty-state"), lines.join(" "));
    if (!on) localStorage.removeItem(KEYS.duty);
  },
});

function setDuty(on) {
  if (on && !selected()) {
    // Whose position would it be? The unit comes first.
    $("duty").checked = false;
    setText($("duty-state"), S.pick_unit);
  } else if (on) {
    localStorage.setItem(KEYS.duty, "1");
    duty.start();
  } else {
    duty.stop();
  }
}

// --- start ----------------------------------------------------------------------------------

function start() {
  for (const unit of stored(KEYS.units) || []) takeUnit(unit);
  for (const unit of P.units) takeUnit(unit);
  drawPicker();
  $("unit-pick").addEventListener("change", (event) => {
    localStorage.setItem(KEYS.unit, event.target.value);
    if (duty.on) duty.stop();
    followIncident();
    draw();
  });
  for (const button of document.querySelectorAll("[data-step]")) {
    button.addEventListener("click", () => press(button.dataset.step));
  }
  $("duty").addEventListener("change", (event) => setDuty(event.target.checked));
  initPhoto({ input: $("incident-photo"), incidentId: () => selected()?.incident_id || null, notice, S });
  if (localStorage.getItem(KEYS.duty) === "1") setDuty(true);
  else setText($("duty-state"), S.duty_off);

  const live = new LiveState({
    path: "/ws/agency/",
    agencyId: AGENCY,
    onChange: (held) => {
      incidents = held;
      draw();
    },
    onUnits: (held, message) => {
      for (const unit of held.values()) takeUnit(unit);
      saveUnits();
      if (!message) drawPicker();
      followIncident();
      draw();
    },
    onStatus: connectionIndicator($("conn"), S),
  });
  live.start();
  followIncident();
  outbox.refresh().then(() => outbox.flush());
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(P.worker, { scope: "/lapangan/" }).catch(() => {});
  }
  draw();
}

start();
