// Helpers shared by the page scripts. Plain ES module, no build step.
//
// Safety rule of every page: text that came from a person (report words,
// addresses, names, notes) is only ever put in the page with textContent or
// createTextNode. `el()` below has no way to set HTML.

export function pageData(id = "page-data") {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

// el("p", {className: "x", text: "..."}, child, "text", ...): DOM without markup strings.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// replaceChildren, skipping what `el` skips (it would write a null as "null").
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

// Puts `nodes` in `list`, in order, moving only the nodes that are not in place.
// Taking hundreds of rows out of the page and back at every redraw costs far more
// than the few that changed, and a node left in place keeps a tap under way on it.
export function placeChildren(list, nodes) {
  let current = list.firstElementChild;
  for (const node of nodes) {
    if (node === current) current = current.nextElementSibling;
    else list.insertBefore(node, current);
  }
  while (current) {
    const next = current.nextElementSibling;
    current.remove();
    current = next;
  }
}

// A click is a press and a release on the same node, at the same place on the page.
// A redraw between the two (a card built again, a banner pushing the list down)
// loses it: the crew taps "Tiba di lokasi" and nothing happens. So while a finger
// or a button is down, redraws wait for the release; at most HOLD_MS, since a
// release the page never hears (outside the window) must not freeze it.
const HOLD_MS = 5000;
let pressedAt = null;
let holdTimer = null;
const held = new Set(); // redraws waiting for the release, each once

function releaseHeld() {
  pressedAt = null;
  clearTimeout(holdTimer);
  const waiting = [...held];
  held.clear();
  for (const draw of waiting) draw();
}

document.addEventListener("pointerdown", () => {
  pressedAt = performance.now();
  clearTimeout(holdTimer);
  holdTimer = setTimeout(releaseHeld, HOLD_MS);
}, true);
for (const type of ["pointerup", "pointercancel"]) {
  // After the click the release makes: setTimeout runs once this input is handled.
  document.addEventListener(type, () => setTimeout(releaseHeld, 0), true);
}

// Runs `draw` now, or once the press under way is released.
export function whenReleased(draw) {
  if (pressedAt === null) draw();
  else held.add(draw);
}

// "%(name)s" in a catalogue's string, filled from values (a name not given stays).
export function interpolate(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

export function $(id) {
  return document.getElementById(id);
}

export function setText(node, value) {
  if (node) node.textContent = value === null || value === undefined ? "" : String(value);
}

export function show(node, visible = true) {
  if (node) node.hidden = !visible;
}

export function csrfToken() {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "csrftoken") return decodeURIComponent(rest.join("="));
  }
  return "";
}

// fetch with a timeout, JSON in and out, and no exceptions: the caller gets
// {ok, status, data, network} and decides what to show.
// `headers`: more of them (the field app's Idempotency-Key).
export async function api(url, { method = "GET", body, timeoutMs = 15000, headers: more = {} } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const headers = { Accept: "application/json", ...more };
  // A FormData body (files) goes as multipart/form-data: the browser writes its boundary.
  const form = typeof FormData !== "undefined" && body instanceof FormData;
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  try {
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: "same-origin",
      signal: controller.signal,
    });
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    return { ok: response.ok, status: response.status, data, network: false };
  } catch {
    return { ok: false, status: 0, data: null, network: true };
  } finally {
    clearTimeout(timer);
  }
}

// One line for the person at the screen from an API answer that failed.
export function errorText(result, strings) {
  if (result.network) return strings.network_error;
  const data = result.data || {};
  if (typeof data.detail === "string") return data.detail;
  if (data.errors) {
    return Object.values(data.errors).flat().join(" ");
  }
  return `${strings.server_error} (${result.status})`;
}

// --- time ------------------------------------------------------------------------

// The server's clock, not the workstation's: deadlines are server times, and a
// desk PC whose clock is two minutes off must not show a P1 as on time.
let clockOffset = 0;
export function syncClock(serverNowIso) {
  const server = Date.parse(serverNowIso || "");
  if (!Number.isNaN(server)) clockOffset = server - Date.now();
}
export function now() {
  return Date.now() + clockOffset;
}

function pad(n) {
  return String(n).padStart(2, "0");
}

// A span of time in one format on every screen: "45 dtk", "4 mnt 05 dtk" (under
// ten minutes, where seconds count), "12 mnt", "3 jam 05 mnt", "2 hr 3 jam".
export function formatSpan(ms, strings) {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} ${strings.days_short} ${hours} ${strings.hours_short}`;
  if (hours > 0) return `${hours} ${strings.hours_short} ${pad(minutes)} ${strings.minutes_short}`;
  if (minutes >= 10) return `${minutes} ${strings.minutes_short}`;
  if (minutes > 0) return `${minutes} ${strings.minutes_short} ${pad(seconds)} ${strings.seconds_short}`;
  return `${seconds} ${strings.seconds_short}`;
}

export function formatAge(iso, strings) {
  const at = Date.parse(iso || "");
  if (Number.isNaN(at)) return "";
  const minutes = Math.max(0, Math.floor((now() - at) / 60000));
  if (minutes < 60) return `${minutes} ${strings.minutes_short} ${strings.ago}`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} ${strings.hours_short} ${strings.ago}`;
  return `${Math.floor(minutes / 1440)} ${strings.days_short} ${strings.ago}`;
}

const TIME_ZONE = "Asia/Jakarta";

export function formatTime(iso, withDate = false) {
  const at = new Date(iso || "");
  if (Number.isNaN(at.getTime())) return "";
  const options = { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE, hour12: false };
  if (withDate) Object.assign(options, { day: "numeric", month: "short" });
  return new Intl.DateTimeFormat(document.documentElement.lang || "id", options).format(at);
}

// The SLA clock that runs for an incident now: claim while new, resolve while handled.
export function slaTarget(incident) {
  if (incident.status === "new" && incident.claim_deadline) {
    return { kind: "claim", at: incident.claim_deadline };
  }
  if (["claimed", "en_route", "on_scene"].includes(incident.status) && incident.resolve_deadline) {
    return { kind: "resolve", at: incident.resolve_deadline };
  }
  return null;
}

// Fill a countdown element from its data-deadline; marks it overdue or close.
export function updateCountdown(node, strings) {
  const at = Date.parse(node.dataset.deadline || "");
  if (Number.isNaN(at)) {
    node.textContent = "";
    return;
  }
  const left = at - now();
  node.classList.toggle("overdue", left < 0);
  node.classList.toggle("soon", left >= 0 && left < 5 * 60000);
  // Which deadline it is, in words: "batas klaim 3 mnt lagi", "batas selesai lewat 2 jam".
  const kind = node.dataset.kind === "claim" || node.dataset.kind === "resolve" ? node.dataset.kind : "due";
  const template = strings[`${kind}_${left < 0 ? "overdue" : "left"}`] || "%(span)s";
  setChangedText(node, template.replace("%(span)s", formatSpan(left, strings)));
}

// Writing the same text again still replaces the text node and costs a relayout:
// with hundreds of countdowns ticking, only those that changed are written.
function setChangedText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

export function tickCountdowns(root, strings) {
  for (const node of root.querySelectorAll("[data-deadline]")) updateCountdown(node, strings);
  for (const node of root.querySelectorAll("[data-age]")) {
    setChangedText(node, formatAge(node.dataset.age, strings));
  }
}

// --- connection indicator ----------------------------------------------------------

export function connectionIndicator(node, strings) {
  const texts = {
    connecting: strings.status_connecting,
    live: strings.status_live,
    reconnecting: strings.status_reconnecting,
    resyncing: strings.status_resyncing,
    "signed-out": strings.status_signed_out,
  };
  return (status) => {
    node.className = `conn conn-${status}`;
    node.dataset.status = status;
    document.body.classList.toggle("not-live", status !== "live");
    if (status === "signed-out") {
      // The session ended (signed out elsewhere, role changed): say how to get back.
      const next = encodeURIComponent(location.pathname + location.search);
      node.replaceChildren(el("a", { href: `/accounts/login/?next=${next}`, text: texts[status] }));
    } else {
      node.textContent = texts[status] || status;
    }
  };
}

// --- sound -----------------------------------------------------------------------

// A beep made with WebAudio: no audio file. Browsers only let a page play
// sound after a click or a key press on it, so the page unlocks it on the
// first one and says when sound is still blocked.
export class Beeper {
  constructor() {
    this.context = null;
    this.played = 0;
  }

  unlock() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return false;
    if (!this.context) this.context = new Context();
    if (this.context.state === "suspended") this.context.resume();
    return true;
  }

  get ready() {
    return Boolean(this.context && this.context.state === "running");
  }

  beep({ times = 3, frequency = 880, duration = 0.16, gap = 0.1 } = {}) {
    if (!this.ready) return false;
    const context = this.context;
    const start = context.currentTime + 0.02;
    for (let i = 0; i < times; i += 1) {
      const at = start + i * (duration + gap);
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = "square";
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + duration);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + duration + 0.02);
    }
    this.played += 1;
    return true;
  }
}

// --- small UI helpers ----------------------------------------------------------------

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Options from [value, label] pairs, after those the template has ("All"...).
export function fillSelect(select, entries) {
  for (const [value, label] of entries) select.append(el("option", { value, text: label }));
}

export function priorityBadge(priority, labels) {
  return el("span", {
    className: `badge badge-${String(priority).toLowerCase()}`,
    title: labels.priority[priority] || priority,
    text: priority,
  });
}

export function statusChip(status, labels) {
  return el("span", {
    className: `status-chip st-${status}`,
    text: labels.status[status] || status,
  });
}

export function mapLink(lat, lon) {
  return `https://www.google.com/maps/search/?api=1&query=${lat},${lon}`;
}
