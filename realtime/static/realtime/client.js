// Live incident state over a websocket: snapshot + events, resumed after any gap.
// Plain ES module, no build step. Mirrors realtime/projections.py `apply_event`.
//
//   import { LiveState } from "/static/realtime/client.js";
//   const live = new LiveState({ path: "/ws/dispatch/", onChange, onStatus });
//   live.start();
//
// Status is one of "connecting", "live", "reconnecting", "resyncing".
// onChange(incidents, message, {more}): message is null for a snapshot (or a part
// of one: `more` is true while parts are still to come), else the applied event.
// onUnits(units, message): staff sockets also keep the units (the snapshot's
// `units`, then `unit.*` events and `positions` frames); message is null for a
// snapshot, {type: "positions", ids} for the units a positions frame moved.

export const SHOWN_STATUSES = new Set(["new", "claimed", "en_route", "on_scene", "resolved"]);

export function visibleToAgency(incident, agencyId) {
  if (agencyId == null) return true;
  if (incident.lead_agency && incident.lead_agency.id === agencyId) return true;
  return (incident.agencies || []).some((a) => a.id === agencyId);
}

// Apply one event message to a Map of incidents. Events carry the whole incident.
export function applyEvent(state, message, agencyId = null) {
  const incident = message.incident;
  if (!incident) return false;
  const current = state.get(incident.id);
  if (current && (current.version || 0) > (incident.version || 0)) return false;
  if (SHOWN_STATUSES.has(incident.status) && visibleToAgency(incident, agencyId)) {
    state.set(incident.id, incident);
  } else {
    state.delete(incident.id);
  }
  return true;
}

// Apply an event's unit to a Map of units. Mirrors units/projections.py
// `apply_unit_event`: `unit.*` events carry the whole unit in `data.unit`.
export function applyUnitEvent(units, message, agencyId = null) {
  const unit = message.data && message.data.unit;
  if (!unit) return false;
  if (agencyId != null && (!unit.agency || unit.agency.id !== agencyId)) return false;
  const current = units.get(unit.id);
  if (current && (current.version || 0) > (unit.version || 0)) return false;
  // A positions frame may have brought a newer fix than the one read with the event.
  units.set(unit.id, current && newerFix(current, unit) ? { ...unit, ...fixOf(current) } : unit);
  return true;
}

// Positions are not events (units/services/positions.py): `positions` frames carry
// units' newest fixes. Mirrors units/projections.py `apply_positions`: a newer fix
// moves a unit this state holds. The ids of the units moved.
export function applyPositions(units, positions) {
  const moved = [];
  for (const position of positions || []) {
    const current = units.get(position.id);
    if (current && newerFix(position, current)) {
      units.set(position.id, { ...current, ...fixOf(position) });
      moved.push(position.id);
    }
  }
  return moved;
}

function fixOf(p) {
  return { lat: p.lat, lon: p.lon, position_at: p.position_at, accuracy_m: p.accuracy_m };
}

function newerFix(a, b) {
  if (!a.position_at) return false;
  if (!b.position_at) return true;
  return Date.parse(a.position_at) > Date.parse(b.position_at);
}

export class LiveState {
  constructor({ path, agencyId = null, onChange = () => {}, onStatus = () => {},
                onEvent = () => {}, onPresence = () => {}, onUnits = () => {},
                silenceMs = 35000 }) {
    this.path = path;
    this.agencyId = agencyId;
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.onEvent = onEvent;
    this.onPresence = onPresence;
    this.onUnits = onUnits;
    this.silenceMs = silenceMs;   // no frame for this long: the link is dead
    this.incidents = new Map();
    this.units = new Map();
    this.position = null;         // last event id applied, null before a snapshot
    this.resuming = false;
    this.status = "connecting";
    this.retry = 0;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.watchdog);
    clearTimeout(this.reconnectTimer);
    if (this.socket) this.socket.close();
  }

  setStatus(status) {
    if (status !== this.status) {
      this.status = status;
      this.onStatus(status);
    }
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}${this.path}`;
  }

  open() {
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.retry = 0;
      this.resume();
    };
    socket.onmessage = (frame) => {
      this.touch();
      let message;
      try {
        message = JSON.parse(frame.data);
      } catch {
        return;
      }
      this.handle(message);
    };
    socket.onclose = (event) => {
      clearTimeout(this.watchdog);
      if (this.stopped) return;
      // 4401/4403: not signed in or not allowed; 4408: signed out elsewhere.
      if ([4401, 4403, 4408].includes(event.code)) {
        this.setStatus("signed-out");
        return;
      }
      this.setStatus("reconnecting");
      const delay = Math.min(15000, 500 * 2 ** this.retry) * (0.5 + Math.random() / 2);
      this.retry += 1;
      this.reconnectTimer = setTimeout(() => this.open(), delay);
    };
    this.touch();
  }

  touch() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.socket) this.socket.close();
    }, this.silenceMs);
  }

  resume() {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return;
    this.resuming = true;
    this.setStatus("resyncing");
    this.socket.send(JSON.stringify({ type: "resume", after: this.position }));
  }

  handle(message) {
    switch (message.type) {
      case "snapshot":
        this.incidents = new Map(message.incidents.map((i) => [i.id, i]));
        this.position = message.last_event_id;
        this.onChange(this.incidents, null, { more: Boolean(message.more) });
        if (message.units) {
          this.units = new Map(message.units.map((u) => [u.id, u]));
          this.onUnits(this.units, null);
        }
        break;
      case "snapshot_more":
        // A large snapshot comes in parts (frames stay under 1 MiB). `more` tells
        // the page whether parts are still to come, so it can draw once at the end.
        for (const incident of message.incidents) this.incidents.set(incident.id, incident);
        this.onChange(this.incidents, null, { more: Boolean(message.more) });
        break;
      case "event":
        this.applyOne(message);
        break;
      case "batch":
        for (const event of message.events) this.applyOne(event);
        this.position = Math.max(this.position ?? 0, message.last_event_id);
        break;
      case "heartbeat":
        if (message.resumed) {
          this.position = Math.max(this.position ?? 0, message.last_event_id);
          this.resuming = false;
          this.setStatus("live");
        } else if (!this.resuming && message.last_event_id > (this.position ?? 0)) {
          // Something was lost on the way (the channel layer is lossy): catch up.
          this.resume();
        }
        break;
      case "presence":
        this.onPresence(message.agencies);
        break;
      case "positions": {
        const moved = applyPositions(this.units, message.units);
        if (moved.length) this.onUnits(this.units, { type: "positions", ids: moved });
        break;
      }
      case "error":
        if (this.resuming) this.resuming = false;
        break;
      default:
        break;
    }
  }

  applyOne(message) {
    if (applyUnitEvent(this.units, message, this.agencyId)) this.onUnits(this.units, message);
    if (applyEvent(this.incidents, message, this.agencyId)) {
      this.onChange(this.incidents, message);
      this.onEvent(message);
    }
    if (message.id != null) this.position = Math.max(this.position ?? 0, message.id);
  }
}
