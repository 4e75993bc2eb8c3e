// P1 alerts: a banner for every P1 nobody has claimed, for as long as nobody
// has. The most overdue is first (the earliest claim deadline), so the fire that
// waited longest is never the one hidden behind newer ones. An operator's
// "OK" (or opening it) acknowledges a banner on this operator's screen only: it
// stops its sound and the marker's flashing and calms its colour, but the banner
// stays until the incident is claimed. A few banners are shown; a button with the
// count of the rest opens them all.

import { $, Beeper, el, setText, show, tickCountdowns } from "../common.js";
import { incidentTitle, shortPlace } from "../incidents.js";
import { hasLocation } from "../map.js";
import { refreshMarker } from "./markers.js";
import { S, labels, live, page, ui } from "./state.js";

const ALERT_REPEAT_MS = 20000;
// During a flood dozens of P1s must not push the console off the screen; on a
// phone one banner is all the screen can spare.
const narrow = window.matchMedia("(max-width: 720px)");
const bannersShown = () => (narrow.matches ? 1 : 3);

const beeper = new Beeper();
const storageKey = `console.acknowledged.${page.user || ""}`;
let expanded = false;
let onShow = () => {};

// `onShow(id)`: what "Open" on a banner does besides acknowledging (open the
// incident: the detail's business, which imports this module).
export function initAlerts(showIncident) {
  onShow = showIncident;
  restoreAcknowledged();
  // An unanswered P1 keeps calling, as a phone would; acknowledged ones do not.
  setInterval(() => {
    if (unacknowledged() > 0) sound();
  }, ALERT_REPEAT_MS);
  narrow.addEventListener("change", layoutAlerts);
  $("alerts-more").addEventListener("click", () => {
    expanded = !expanded;
    layoutAlerts();
  });
  soundButton();
}

export function isP1Arrival(message) {
  const incident = message.incident;
  if (!incident || incident.priority !== "P1" || incident.status !== "new") return false;
  return message.event === page.events.OPENED || message.event === page.events.REPRIORITIZED;
}

export function alerting(incident) {
  return incident.priority === "P1" && incident.status === "new";
}

// The alert bar from the live state: a banner per unclaimed P1, in order. Called
// after a snapshot and after any event about a P1 (or one that was one).
export function syncAlerts() {
  const wanted = [...live.incidents.values()].filter(alerting).sort(byClaimDeadline);
  const keep = new Set(wanted.map((incident) => incident.id));
  for (const id of [...ui.alerts.keys()]) {
    if (!keep.has(id)) {
      ui.alerts.get(id).node.remove();
      ui.alerts.delete(id);
      refreshMarker(id);
    }
  }
  for (const incident of wanted) {
    const entry = ui.alerts.get(incident.id);
    if (entry && entry.incident === incident) continue;
    const node = banner(incident);
    if (entry) entry.node.replaceWith(node);
    const fresh = !entry;
    ui.alerts.set(incident.id, { incident, node });
    if (fresh) refreshMarker(incident.id);
  }
  // In order; only nodes out of place move.
  const bar = $("alerts-list");
  wanted.forEach((incident, index) => {
    const node = ui.alerts.get(incident.id).node;
    if (bar.children[index] !== node) bar.insertBefore(node, bar.children[index] || null);
  });
  layoutAlerts();
}

function byClaimDeadline(a, b) {
  const at = (incident) => Date.parse(incident.claim_deadline || incident.created_at);
  return at(a) - at(b) || a.id - b.id;
}

function banner(incident) {
  const place = shortPlace(incident);
  const acked = ui.acknowledged.has(incident.id);
  const node = el(
    "div",
    { className: `alert-p1${acked ? " acked" : ""}`, role: "alert", dataset: { id: String(incident.id) } },
    el("strong", { className: "alert-tag", text: S.p1_alert }),
    el("span", { className: "alert-text", text: incidentTitle(incident, labels) }),
    hasLocation(incident)
      ? el("span", { className: "alert-place", text: place || S.no_place_name })
      : el("span", { className: "alert-unlocated", text: S.unlocated_row }),
    incident.quote ? el("q", { className: "alert-quote", text: incident.quote }) : null,
    incident.claim_deadline
      ? el("span", { className: "countdown", dataset: { deadline: incident.claim_deadline, kind: "claim" } })
      : null,
    el("button", { type: "button", className: "btn", text: S.open_incident, onclick: () => acknowledge(incident.id, true) }),
    acked
      ? null
      : el("button", { type: "button", className: "btn ack", text: S.acknowledge, onclick: () => acknowledge(incident.id, false) }),
  );
  tickCountdowns(node, S);
  return node;
}

function acknowledge(id, open) {
  if (!ui.acknowledged.has(id)) {
    ui.acknowledged.add(id);
    saveAcknowledged();
    const entry = ui.alerts.get(id);
    if (entry) {
      const node = banner(entry.incident);
      entry.node.replaceWith(node);
      entry.node = node;
    }
    refreshMarker(id);
    layoutAlerts();
  }
  if (open) onShow(id);
}

function unacknowledged() {
  let count = 0;
  for (const id of ui.alerts.keys()) if (!ui.acknowledged.has(id)) count += 1;
  return count;
}

function layoutAlerts() {
  const count = ui.alerts.size;
  document.title = (count ? `(${count}) P1 · ` : "") + baseTitle;
  document.body.classList.toggle("has-alerts", count > 0);
  const shown = bannersShown();
  [...$("alerts-list").children].forEach((node, index) => {
    node.hidden = !expanded && index >= shown;
  });
  const more = $("alerts-more");
  const rest = count - shown;
  show(more, rest > 0);
  if (rest > 0) setText(more, expanded ? S.fewer_alerts : S.more_alerts.replace("%(n)s", rest));
  more.setAttribute("aria-expanded", expanded ? "true" : "false");
}
const baseTitle = document.title;

// Acknowledgements outlive a reload of the page, for this operator on this PC.
function restoreAcknowledged() {
  try {
    for (const id of JSON.parse(localStorage.getItem(storageKey) || "[]")) ui.acknowledged.add(Number(id));
  } catch {
    // Storage off or spoiled: nothing acknowledged, every alert calls again.
  }
}

function saveAcknowledged() {
  // Only ids still alerting are worth keeping: the list does not grow for ever.
  const ids = [...ui.acknowledged].filter((id) => ui.alerts.has(id));
  try {
    localStorage.setItem(storageKey, JSON.stringify(ids));
  } catch {
    // Storage full or off: acknowledged for this page only.
  }
}

export function sound() {
  const played = beeper.beep();
  $("alerts").dataset.beeps = String(beeper.played);
  if (!played) $("sound").classList.add("attention");
}

function soundButton() {
  const button = $("sound");
  const label = () => {
    const on = beeper.ready;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? S.sound_on : S.sound_off;
    button.classList.toggle("attention", !on);
  };
  const unlock = () => {
    beeper.unlock();
    setTimeout(label, 50);
  };
  button.addEventListener("click", () => {
    unlock();
    setTimeout(() => beeper.beep({ times: 1 }), 100);
  });
  // Any click or key on the page unlocks sound too (browsers require a gesture).
  document.addEventListener("pointerdown", unlock, { once: true });
  document.addEventListener("keydown", unlock, { once: true });
  label();
}
