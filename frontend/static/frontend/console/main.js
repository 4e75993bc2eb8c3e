// The dispatcher console, entry module: live map, queue, P1 alerts, incident
// detail and actions, and the call-taker's form with its live preview. Each of
// those is a module of this folder; this one connects them (what a click in
// one leads to in another) and feeds them the live state.
//
// Live state comes from LiveState (/ws/dispatch/): a snapshot, then events,
// resumed after any gap. Every user-provided string is rendered with
// textContent (see common.js `el`), in every module.

import { LiveState } from "../../realtime/client.js";
import { $, connectionIndicator, now, tickCountdowns, updateCountdown, whenReleased } from "../common.js";
import { hasLocation } from "../map.js";
import { initActions } from "./actions.js";
import { initCalls } from "./calls.js";
import { alerting, initAlerts, isP1Arrival, sound, syncAlerts } from "./alerts.js";
import { initDetail, propose, reloadDetail, renderDetail, select } from "./detail.js";
import { initFilters } from "./filters.js";
import { initIntake, setIntakePoint } from "./intake.js";
import { initLayers } from "./layers.js";
import { initMarkers, map, rebuildMarkers, refreshMarker } from "./markers.js";
import { initPlaces, takesMapClick } from "./places.js";
import { initPresence, renderPresence } from "./presence.js";
import { initQueue, renderQueue, scheduleQueue } from "./queue.js";
import { OPEN, S, current, live, setLive, ui } from "./state.js";
import { reloadRecommendations, renderUnitsBox } from "./sendunits.js";
import { initTabs } from "./tabs.js";
import { initUnits, renderUnits } from "./units.js";

// --- wiring --------------------------------------------------------------------------

// Any incident can be selected from the map, the queue or its P1 banner; the
// last two also bring it into view.
const selectAndPan = (id) => select(id, { pan: true });

initMarkers({ onPick: (id) => select(id), onDrag: propose });
initFilters(() => {
  rebuildMarkers();
  scheduleQueue();
});
initQueue(selectAndPan);
initAlerts(selectAndPan);
initDetail();
initActions();
initTabs();
initIntake();
initPlaces();
initLayers();
initPresence();
initUnits({ select: selectAndPan });
initCalls();

// A click on the map places the caller while the form is shown; otherwise it
// proposes a place for a selected open incident that has none.
map.on("click", (event) => {
  const point = { lat: event.latlng.lat, lon: event.latlng.lng };
  if (takesMapClick(point)) return; // a landmark being moved
  if (ui.tab === "intake") {
    setIntakePoint(point);
    return;
  }
  const incident = current();
  if (incident && OPEN.has(incident.status) && !hasLocation(incident)) propose(point);
});

// --- live state --------------------------------------------------------------------

// A snapshot (the whole state) is drawn once, when its last part is in: a large
// one comes in parts (`more`), and drawing at each part would draw everything
// again and again.
function onSnapshot() {
  // A P1 nobody claimed yet raises an alert even from a snapshot: opening the
  // console at 3 a.m. with an unclaimed emergency waiting must not be silent.
  const before = new Set(ui.alerts.keys());
  syncAlerts();
  if ([...ui.alerts.keys()].some((id) => !before.has(id) && !ui.acknowledged.has(id))) sound();
  // The markers after the alerts: they flash from the start.
  rebuildMarkers();
  renderQueue();
}

function onChange(incidents, message, { more = false } = {}) {
  if (message === null) {
    if (more) return; // the rest of the snapshot is on its way
    onSnapshot();
  } else if (message.incident) {
    const incident = message.incident;
    refreshMarker(incident.id);
    if (alerting(incident) || ui.alerts.has(incident.id)) syncAlerts();
    if (isP1Arrival(message) && !ui.acknowledged.has(incident.id)) sound();
    if (incident.id === ui.selectedId) {
      whenReleased(renderDetail);
      reloadDetail();
    }
    scheduleQueue();
  }
  document.body.dataset.incidents = String(incidents.size);
}

// Units: on the map, and in the selected incident's "nearest units" (a unit that
// became free or busy changes the ranking; a new position alone does not redo it).
function onUnits(units, message) {
  renderUnits(units, message);
  document.body.dataset.units = String(units.size);
  if (ui.selectedId === null || (message && message.type === "positions")) return;
  renderUnitsBox();
  reloadRecommendations();
}

setLive(
  new LiveState({
    path: "/ws/dispatch/",
    onChange,
    onUnits,
    onPresence: renderPresence,
    onStatus: connectionIndicator($("conn"), S),
  }),
);
live.start();

// Deadlines pass with no event: the queue's order (overdue first) is redone now
// and then, the countdowns every second.
let ticks = 0;
setInterval(() => {
  ticks += 1;
  if (ticks % 5 === 0) scheduleQueue();
  tickCountdowns($("queue"), S);
  tickCountdowns($("alerts"), S);
  for (const node of $("d-sla").querySelectorAll("[data-deadline]")) updateCountdown(node, S);
}, 1000);

// For tests and for the curious: the console's state, read-only use.
window.dispatchConsole = { live, ui, map, now };
