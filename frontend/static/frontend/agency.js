// The agency board: my agency's incidents and the unclaimed ones routed to it.
// Made for a phone on a poor connection: no map, large buttons, and every
// action shows its result at once (optimistic), then confirms or says clearly
// that it failed and offers to try again.

import { LiveState } from "../realtime/client.js";
import { renderOurUnits } from "./agency_units.js";
import {
  $,
  api,
  connectionIndicator,
  el,
  errorText,
  formatAge,
  formatTime,
  mapLink,
  pageData,
  placeChildren,
  priorityBadge,
  setText,
  show,
  slaTarget,
  statusChip,
  syncClock,
  tickCountdowns,
  whenReleased,
} from "./common.js";
import { createP1Alerts } from "./agency_alerts.js";
import { createDetails, detailBlock, placeLines, quoteLine } from "./agency_detail.js";
import { startDuty } from "./agency_duty.js";
import { startEscalations } from "./agency_escalations.js";
import { applyAnswer, incidentTitle, postAction, sortByUrgency } from "./incidents.js";

const page = pageData();
const labels = page.labels;
const S = page.strings;
const AGENCY = page.agency;
syncClock(page.now);

// Cards of a tab whose details are fetched without a tap.
const QUOTED_CARDS = 30;

const ui = {
  tab: "incoming",
  pending: new Map(), // id -> {view, tab, label}: an action on its way
  errors: new Map(), // id -> {text, retry}
  open: new Set(), // cards with their detail shown
  callbacks: new Map(), // report id -> {phone} given for a call back, or {error}
  forms: new Map(), // id -> "resolve" | "release": the note form shown
  notes: new Map(), // id -> the note typed so far (cards are redrawn on every event)
  focusNote: null,
};

// --- which tab a card belongs to ---------------------------------------------------------

function isOurs(incident) {
  return Boolean(incident.lead_agency && incident.lead_agency.id === AGENCY.id);
}

function tabOf(incident) {
  const pending = ui.pending.get(incident.id);
  if (pending) return pending.tab; // stays where the action began until confirmed
  if (incident.status === "new") return "incoming";
  if (incident.status === "resolved") return "done";
  return "ours";
}

function viewOf(incident) {
  const pending = ui.pending.get(incident.id);
  return pending ? { ...incident, ...pending.view } : incident;
}

// --- rendering ---------------------------------------------------------------------------

function actionsFor(incident) {
  if (!isOurs(incident)) {
    // Another agency leads: ours supports and may not claim (the server refuses it).
    // With no lead yet, an incident routed to us may be claimed.
    return incident.status === "new" && !incident.lead_agency ? [["claim", S.claim, "primary"]] : [];
  }
  switch (incident.status) {
    case "new":
      return [["claim", S.claim, "primary"]];
    case "claimed":
      return [
        ["en_route", S.en_route, "primary"],
        ["on_scene", S.on_scene, ""],
        ["resolve", S.resolve, ""],
        ["release", S.release, "danger"],
      ];
    case "en_route":
      return [
        ["on_scene", S.on_scene, "primary"],
        ["resolve", S.resolve, ""],
        ["release", S.release, "danger"],
      ];
    case "on_scene":
      return [["resolve", S.resolve, "primary"]];
    default:
      return [];
  }
}

function card(incident) {
  const view = viewOf(incident);
  const detail = details.get(view.id);
  const pending = ui.pending.get(incident.id);
  const error = ui.errors.get(incident.id);
  const target = slaTarget(view);
  const myRole = (view.agencies || []).find((a) => a.id === AGENCY.id);
  const node = el(
    "li",
    {
      className: `inc-card p-${view.priority.toLowerCase()}${pending ? " pending" : ""}`,
      dataset: { id: String(view.id), status: view.status },
    },
    el(
      "div",
      { className: "card-top" },
      priorityBadge(view.priority, labels),
      el("span", { className: "card-title", text: incidentTitle(view, labels) }),
      statusChip(view.status, labels),
    ),
    el(
      "div",
      { className: "card-meta" },
      target
        ? el("span", {}, `${target.kind === "claim" ? S.claim_by : S.resolve_by}: `, el("span", { className: "countdown", dataset: { deadline: target.at } }))
        : null,
      el("span", { dataset: { age: view.created_at } }),
      view.report_count > 1 ? el("span", { text: `${view.report_count} ${S.reports_short}` }) : null,
      !isOurs(view) && view.lead_agency ? el("span", { text: `${S.led_by} ${view.lead_agency.name}` }) : null,
      myRole && myRole.role === "support" ? el("span", { className: "chip", text: labels.role.support }) : null,
    ),
    el("div", { className: "card-place" }, ...placeLines(view, detail, S)),
    quoteLine(detail),
    el(
      "div",
      { className: "card-meta" },
      typeof view.lat === "number"
        ? el("a", { href: mapLink(view.lat, view.lon), target: "_blank", rel: "noopener", className: "btn", text: S.open_map })
        : null,
      el("button", {
        type: "button",
        className: "btn",
        "aria-expanded": ui.open.has(view.id) ? "true" : "false",
        text: ui.open.has(view.id) ? S.hide_detail : S.show_detail,
        onclick: () => toggleDetail(view.id),
      }),
    ),
    ui.open.has(view.id) ? openDetail(view.id, detail) : null,
    pending ? el("div", { className: "card-pending", role: "status", text: pending.label }) : null,
    error
      ? el(
          "div",
          { className: "card-error", role: "alert" },
          el("span", { text: error.text }),
          error.retry ? el("button", { type: "button", className: "btn", text: S.retry, onclick: error.retry }) : null,
        )
      : null,
    ui.forms.has(view.id) && !pending ? noteForm(view) : null,
    !pending && !ui.forms.has(view.id) ? actionButtons(view) : null,
  );
  return node;
}

function actionButtons(incident) {
  const actions = actionsFor(incident);
  if (!actions.length) return null;
  return el(
    "div",
    { className: "card-actions" },
    ...actions.map(([action, label, style]) =>
      el("button", {
        type: "button",
        className: `btn ${style}`,
        dataset: { action },
        text: label,
        onclick: () => start(incident, action),
      }),
    ),
  );
}

function noteForm(incident) {
  const kind = ui.forms.get(incident.id);
  const textarea = el("textarea", {
    name: "note",
    rows: "3",
    maxlength: "4000",
    required: kind === "resolve",
    placeholder: kind === "resolve" ? S.resolve_note : S.release_note,
    "aria-label": kind === "resolve" ? S.resolve_note : S.release_note,
  });
  textarea.value = ui.notes.get(incident.id) || "";
  textarea.addEventListener("input", () => ui.notes.set(incident.id, textarea.value));
  const form = el(
    "form",
    { className: "card-note", novalidate: true },
    textarea,
    el(
      "div",
      { className: "card-actions" },
      el("button", { type: "submit", className: `btn ${kind === "resolve" ? "primary" : "danger"}`, text: kind === "resolve" ? S.resolve_send : S.release_send }),
      el("button", {
        type: "button",
        className: "btn",
        text: S.back,
        onclick: () => {
          ui.forms.delete(incident.id);
          render();
        },
      }),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const note = textarea.value.trim();
    if (kind === "resolve" && !note) {
      textarea.focus();
      ui.errors.set(incident.id, { text: S.note_required });
      render();
      return;
    }
    ui.forms.delete(incident.id);
    ui.notes.delete(incident.id);
    if (kind === "resolve") send(incident, "resolved", { status: "resolved", note });
    else send(incident, "release", { note });
  });
  if (ui.focusNote === incident.id) {
    ui.focusNote = null;
    setTimeout(() => textarea.focus(), 0);
  }
  return form;
}

function openDetail(id, detail) {
  if (!detail && details.failed(id)) {
    // Nothing read yet and no answer: say so, and let the crew ask again.
    const retry = () => {
      details.want(live.incidents.get(id), { force: true });
      render();
    };
    return el(
      "div",
      { className: "card-detail card-error", role: "alert" },
      el("span", { text: S.detail_unread }),
      el("button", { type: "button", className: "btn", text: S.retry, onclick: retry }),
    );
  }
  if (!detail) return el("div", { className: "card-detail muted", text: S.loading });
  return detailBlock(detail, { callbacks: ui.callbacks, onCallBack: (reportId) => callBack(id, reportId), S });
}

// A card is built again only when what it shows changed. Events come every second
// on a flood day, and a tap whose press and release fall on two different nodes is
// lost: a crew taps "Tiba di lokasi" and nothing happens.
let cards = new Map(); // id -> {html, node}: the cards drawn last

function cardNodes(list) {
  const drawn = new Map();
  const nodes = list.map((incident) => {
    const fresh = card(incident);
    const html = fresh.outerHTML;
    const kept = cards.get(incident.id);
    const node = kept && kept.html === html ? kept.node : fresh;
    drawn.set(incident.id, { html, node });
    return node;
  });
  cards = drawn;
  return nodes;
}

let frame = null;
function render() {
  if (frame === null) frame = requestAnimationFrame(() => whenReleased(draw));
}

function draw() {
  frame = null;
  const groups = { incoming: [], ours: [], done: [] };
  for (const incident of live.incidents.values()) groups[tabOf(incident)].push(incident);
  for (const key of Object.keys(groups)) {
    setText(document.querySelector(`[data-count="${key}"]`), groups[key].length);
    $(`tab-${key}`).setAttribute("aria-selected", key === ui.tab ? "true" : "false");
  }
  const list = sortByUrgency(groups[ui.tab]);
  // The first cards of the tab get their words and address (a flood day's hundreds
  // are not all fetched); open ones always stay refreshed.
  for (const incident of list.slice(0, QUOTED_CARDS)) details.want(incident);
  for (const id of ui.open) if (live.incidents.has(id)) details.want(live.incidents.get(id));
  details.keepOnly(new Set(live.incidents.keys()));
  // Cards are redrawn on every event: keep the focus in a note being typed.
  const active = document.activeElement;
  const typing = active && active.name === "note" ? active.closest(".inc-card")?.dataset.id : null;
  placeChildren($("cards"), cardNodes(list));
  if (typing) {
    const textarea = document.querySelector(`.inc-card[data-id="${typing}"] textarea[name=note]`);
    if (textarea) textarea.focus();
  }
  show($("empty"), list.length === 0);
  tickCountdowns($("cards"), S);
}

for (const key of ["incoming", "ours", "done"]) {
  $(`tab-${key}`).addEventListener("click", () => {
    ui.tab = key;
    render();
  });
}

// --- actions -------------------------------------------------------------------------------

const ACTION_VIEWS = {
  claim: () => ({ status: "claimed", lead_agency: { id: AGENCY.id, kind: AGENCY.kind, name: AGENCY.name } }),
  en_route: () => ({ status: "en_route" }),
  on_scene: () => ({ status: "on_scene" }),
  resolved: () => ({ status: "resolved" }),
  release: () => ({ status: "new" }),
};

function start(incident, action) {
  ui.errors.delete(incident.id);
  if (action === "resolve" || action === "release") {
    ui.forms.set(incident.id, action);
    ui.focusNote = incident.id;
    render();
    return;
  }
  if (action === "claim") send(incident, "claim", {});
  else send(incident, action, { status: action });
}

// En route, on scene and resolved are all status changes: one endpoint.
function endpoint(action) {
  return action === "claim" || action === "release" ? action : "status";
}

async function send(incident, action, body) {
  const id = incident.id;
  ui.errors.delete(id);
  ui.pending.set(id, { view: ACTION_VIEWS[action](), tab: ui.tab, label: S.saving });
  render();
  const result = await postAction(id, endpoint(action), body, { timeoutMs: 20000 });
  ui.pending.delete(id);
  if (result.ok) {
    applyAnswer(live.incidents, result, AGENCY.id);
    // The details shown stay; the newer ones replace them when they come.
    const now = live.incidents.get(id);
    if (now) details.want(now);
    if (action === "claim") ui.tab = "ours"; // the next step is there
    flash(S.done);
  } else {
    ui.errors.set(id, {
      text: errorText(result, S),
      // Only a lost connection is worth repeating as is; a refusal would be refused again.
      retry: result.network || result.status >= 500 ? () => send(incident, action, body) : null,
    });
    boardError(`#${id}: ${errorText(result, S)}`);
  }
  render();
}

function boardError(text) {
  const node = $("board-error");
  setText(node, text);
  show(node, Boolean(text));
  clearTimeout(boardError.timer);
  if (text) boardError.timer = setTimeout(() => show(node, false), 10000);
}

function flash(text) {
  setText($("board-sync"), text);
}

function toggleDetail(id) {
  if (ui.open.has(id)) ui.open.delete(id);
  else ui.open.add(id);
  const incident = live.incidents.get(id);
  if (incident) details.want(incident);
  render();
}

async function callBack(incidentId, reportId) {
  const result = await postAction(incidentId, "callback", { report_id: reportId });
  if (result.ok) ui.callbacks.set(reportId, { phone: result.data.reporter_phone });
  else ui.callbacks.set(reportId, { error: errorText(result, S) });
  render();
}

function showIncident(id) {
  ui.tab = "incoming";
  draw();
  const node = id === null ? null : document.querySelector(`.inc-card[data-id="${id}"]`);
  if (node) {
    node.scrollIntoView({ block: "center" });
    node.querySelector("button")?.focus();
  }
}

// --- live state ----------------------------------------------------------------------------

function drawUnits() {
  renderOurUnits($("our-units"), live.units, S);
}

const details = createDetails({ onUpdate: () => render() });
const alerts = createP1Alerts({
  node: $("board-alerts"),
  toggle: $("sound-toggle"),
  labels,
  S,
  onShow: showIncident,
});
const escalations = startEscalations({ node: $("escalations"), S, onShow: showIncident });
const indicator = connectionIndicator($("conn"), S);
let snapshotDone = false;
const live = new LiveState({
  path: "/ws/agency/",
  agencyId: AGENCY.id,
  onChange: (incidents, message, { more } = {}) => {
    if (!message && !more) snapshotDone = true;
    alerts.update(incidents, { snapshotDone, isOurs });
    setText($("board-sync"), `${S.updated} ${formatTime(new Date().toISOString())}`);
    render();
  },
  onStatus: indicator,
  onEvent: (message) => escalations.onEvent(message),
  onUnits: () => whenReleased(drawUnits),
});
live.start();
// A unit that stops reporting sends nothing: its position grows old by itself.
setInterval(() => whenReleased(drawUnits), 30_000);

setInterval(() => tickCountdowns($("cards"), S), 1000);
const duty = startDuty({ node: $("duty"), S });
window.agencyBoard = { live, ui, details, alerts, duty, escalations, formatAge };
