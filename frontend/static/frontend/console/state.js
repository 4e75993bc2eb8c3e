// The console's shared state: what the page came with (labels, strings,
// agencies), what the dispatcher chose (selection, filters, tab, a pin waiting
// to be confirmed) and the live incidents. The console's modules take it from
// here, by import, so that what each one reads and changes can be followed.

import { pageData, syncClock } from "../common.js";

export const page = pageData();
export const labels = page.labels;
export const S = page.strings;
// Before anything shows a time: deadlines are the server's.
syncClock(page.now);

// The statuses the desk still acts on; resolved ones only wait to be closed.
export const OPEN = new Set(["new", "claimed", "en_route", "on_scene"]);

export const ui = {
  selectedId: null,
  detail: null, // the last GET /api/incidents/<id>/ of the selected incident
  duplicates: null, // {id, list} of GET /api/incidents/<id>/duplicates/
  filters: { category: "", status: "", agency: "", priority: "" },
  markers: new Map(), // id -> {marker, layer}
  alerts: new Map(), // id -> banner element (unacknowledged P1 arrivals)
  acknowledged: new Set(),
  tab: "detail",
  proposed: null, // {lat, lon} of a dragged or clicked pin, waiting for confirmation
  intakePoint: null,
  call: null, // the phone system's call the intake is filled from (calls.js)
  poppedCalls: new Set(), // ids of calls that opened the intake once already
};

// The LiveState of /ws/dispatch/. main.js makes it last, once every module is
// ready for its first snapshot; nothing reads it before.
export let live = null;

export function setLive(state) {
  live = state;
}

// The selected incident: as it is live, or as its detail was loaded (one
// selected before its first event reached us).
export function current() {
  return live.incidents.get(ui.selectedId) || ui.detail;
}
