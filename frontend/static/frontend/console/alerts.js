// P1 alerts: a banner and a sound for each P1 nobody claimed yet, until it is
// acknowledged or claimed. An emergency must not wait for someone to look at
// the queue, and a banner the dispatcher did not answer keeps calling.

import { $, Beeper, el, setText, show, slaTarget, tickCountdowns } from "../common.js";
import { incidentTitle } from "../incidents.js";
import { refreshMarker } from "./markers.js";
import { S, labels, page, ui } from "./state.js";

const ALERT_REPEAT_MS = 20000;

const beeper = new Beeper();

let onShow = () => {};

// `onShow(id)`: what "Show" on a banner does besides acknowledging (open the
// incident: the detail's business, which imports this module).
export function initAlerts(showIncident) {
  onShow = showIncident;
  // An unanswered P1 keeps calling, as a phone would.
  setInterval(() => {
    if (ui.alerts.size) sound();
  }, ALERT_REPEAT_MS);
  soundButton();
}

export function isP1Arrival(message) {
  const incident = message.incident;
  if (!incident || incident.priority !== "P1" || incident.status !== "new") return false;
  return message.event === page.events.OPENED || message.event === page.events.REPRIORITIZED;
}

// `redraw: false` when the caller redraws the markers and the alert line itself
// (a snapshot raises and drops many alerts at once).
export function raiseAlert(incident, { quiet = false, redraw = true } = {}) {
  if (ui.acknowledged.has(incident.id) || ui.alerts.has(incident.id)) return false;
  const target = slaTarget(incident);
  const banner = el(
    "div",
    { className: "alert-p1", role: "alert", dataset: { id: String(incident.id) } },
    el("strong", { className: "alert-tag", text: S.p1_alert }),
    el("span", { className: "alert-text", text: incidentTitle(incident, labels) }),
    target ? el("span", { className: "countdown", dataset: { deadline: target.at } }) : null,
    el("button", { type: "button", className: "btn", text: S.show, onclick: () => acknowledge(incident.id, true) }),
    el("button", { type: "button", className: "btn", text: S.acknowledge, onclick: () => acknowledge(incident.id, false) }),
  );
  ui.alerts.set(incident.id, banner);
  $("alerts").prepend(banner); // the newest on top
  tickCountdowns(banner, S);
  if (redraw) {
    refreshMarker(incident.id);
    updateAlertState();
  }
  if (!quiet) sound();
  return true;
}

function acknowledge(id, open) {
  ui.acknowledged.add(id);
  dropAlert(id);
  if (open) onShow(id);
}

export function dropAlert(id, { redraw = true } = {}) {
  const banner = ui.alerts.get(id);
  if (!banner) return;
  banner.remove();
  ui.alerts.delete(id);
  if (redraw) {
    refreshMarker(id);
    updateAlertState();
  }
}

// At most a few banners: during a flood dozens of P1s must not push the console
// off the screen. The rest are counted in one line (and are red in the queue).
const BANNERS_SHOWN = 3;

export function updateAlertState() {
  const count = ui.alerts.size;
  document.title = (count ? `(${count}) P1 · ` : "") + baseTitle;
  document.body.classList.toggle("has-alerts", count > 0);
  // The newest arrivals stay in sight; older ones are still red in the queue.
  [...ui.alerts.values()].reverse().forEach((banner, index) => {
    banner.hidden = index >= BANNERS_SHOWN;
  });
  const more = $("alerts-more");
  show(more, count > BANNERS_SHOWN);
  setText(more, S.more_alerts.replace("%(n)s", count - BANNERS_SHOWN));
}
const baseTitle = document.title;

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
