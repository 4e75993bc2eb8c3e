// What the dispatcher console and the agency board both know about incidents:
// which one comes first, what one is called, and how an action on one is sent
// and its answer taken in. One place, so the two screens cannot drift apart: the
// P1 the dispatcher sees on top is the one the field sees on top too.
//
// DOM and HTTP helpers stay in common.js; this module holds no state of its own
// beyond a cache of sort keys.

import { applyEvent } from "../realtime/client.js";
import { api } from "./common.js";

const PRIORITY_RANK = { P1: 0, P2: 1, P3: 2, P4: 3 };

// "Kebakaran #12": how an incident is named in lists, banners and titles.
export function incidentTitle(incident, labels) {
  return `${labels.category[incident.category] || incident.category} #${incident.id}`;
}

// "Sidodadi, Kedaton": where an incident is, as people name it (the staff view's
// `place`, from the gazetteer); a landmark the caller named comes first. "" when
// the place is unknown.
export function placeLine(incident, { regency = false } = {}) {
  const place = incident.place || {};
  const names = [place.landmark, place.village, place.district, regency ? place.regency : ""];
  return names.filter(Boolean).join(", ");
}

// The finest names, or the kabupaten's when the incident is placed only at its
// centre ("Desa Sumberejo, Lampung Timur", one of three): never "a place without a
// name" for a place the operator can still read.
export function shortPlace(incident) {
  return placeLine(incident) || placeLine(incident, { regency: true });
}

// --- urgency ---------------------------------------------------------------------------

// Sort keys are computed once per incident version (every event brings a new
// object): thousands of Date.parse calls per redraw would be most of its cost.
const sortKeys = new WeakMap(); // incident object -> {rank, at, incident}

export function urgencyKey(incident) {
  let key = sortKeys.get(incident);
  if (!key) {
    key = {
      rank: PRIORITY_RANK[incident.priority] ?? 9,
      at: Date.parse(incident.created_at),
      incident,
    };
    sortKeys.set(incident, key);
  }
  return key;
}

// On keys: the higher priority first, then the one waiting longest; the id
// settles ties so that the order does not flicker from one redraw to the next.
export function byUrgency(a, b) {
  return a.rank - b.rank || a.at - b.at || a.incident.id - b.incident.id;
}

export function sortByUrgency(incidents) {
  return incidents.map(urgencyKey).sort(byUrgency).map((key) => key.incident);
}

// --- actions ---------------------------------------------------------------------------

// POST /api/incidents/<id>/<action>/. The answer is api()'s {ok, status, data,
// network}: the caller decides what the person at the screen sees.
export function postAction(id, action, body, { timeoutMs } = {}) {
  return api(`/api/incidents/${id}/${action}/`, { method: "POST", body, timeoutMs });
}

// A successful action answers with the incident as it now is: it goes into the
// live state at once, so the screen does not wait for the event that follows
// (which then brings nothing newer). True if the state changed.
export function applyAnswer(incidents, result, agencyId = null) {
  if (!result.ok) return false;
  return applyEvent(incidents, { incident: result.data }, agencyId);
}
