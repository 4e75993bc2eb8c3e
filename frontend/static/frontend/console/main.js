// The dispatcher console: live map, queue, P1 alerts, incident detail and
// actions, and the call-taker's form with its live preview.
//
// Live state comes from LiveState (/ws/dispatch/): a snapshot, then events,
// resumed after any gap. Every user-provided string is rendered with
// textContent (see common.js `el`).

import { LiveState, applyEvent } from "../../realtime/client.js";
import {
  $,
  api,
  connectionIndicator,
  debounce,
  el,
  errorText,
  fillSelect,
  formatAge,
  formatTime,
  now,
  priorityBadge,
  setText,
  show,
  slaTarget,
  statusChip,
  tickCountdowns,
  updateCountdown,
} from "../common.js";
import {
  categoryIcon,
  distanceM,
  hasLocation,
  pickIcon,
} from "../map.js";
import { dropAlert, initAlerts, isP1Arrival, raiseAlert, sound, updateAlertState } from "./alerts.js";
import { initFilters } from "./filters.js";
import { initMarkers, intakeLayer, map, rebuildMarkers, refreshMarker, selectedLayer } from "./markers.js";
import { initQueue, renderQueue, scheduleQueue } from "./queue.js";
import { OPEN, S, current, labels, live, page, setLive, ui } from "./state.js";


// --- map ---------------------------------------------------------------------------

initMarkers({ onPick: (id) => select(id), onDrag: (point) => propose(point) });

// --- filters -----------------------------------------------------------------------

initFilters(() => {
  rebuildMarkers();
  scheduleQueue();
});

// --- queue -------------------------------------------------------------------------

initQueue((id) => select(id, { pan: true }));

// --- P1 alerts ---------------------------------------------------------------------

initAlerts((id) => select(id, { pan: true }));

// --- detail ------------------------------------------------------------------------

function select(id, { pan = false } = {}) {
  const previous = ui.selectedId;
  ui.selectedId = id;
  ui.proposed = null;
  ui.detail = ui.detail && ui.detail.id === id ? ui.detail : null;
  if (previous !== null && previous !== id) refreshMarker(previous);
  refreshMarker(id);
  switchTab("detail");
  renderDetail();
  scheduleQueue();
  const incident = current();
  if (pan && incident && hasLocation(incident)) {
    map.setView([incident.lat, incident.lon], Math.max(map.getZoom(), 15));
  }
  loadDetail();
}

let detailSeq = 0;
async function loadDetail() {
  const id = ui.selectedId;
  if (id === null) return;
  const seq = ++detailSeq;
  const result = await api(`/api/incidents/${id}/`);
  if (seq !== detailSeq || id !== ui.selectedId) return;
  if (result.ok) {
    ui.detail = result.data;
    refreshMarker(id);
    renderDetail();
  } else {
    detailError(errorText(result, S));
  }
}
const reloadDetail = debounce(loadDetail, 300);

function detailError(text) {
  const node = $("d-error");
  setText(node, text);
  show(node, Boolean(text));
}

function agencyName(id) {
  const agency = page.agencies.find((a) => a.id === id);
  return agency ? agency.name : `#${id}`;
}

function renderDetail() {
  const incident = current();
  show($("detail-empty"), !incident);
  show($("detail"), Boolean(incident));
  if (!incident) return;
  // The detail has more than the live payload (flags, reports, events); the live
  // payload may be newer. Take whichever version is newer for the summary.
  const summary =
    ui.detail && ui.detail.version >= (live.incidents.get(incident.id)?.version ?? 0)
      ? ui.detail
      : live.incidents.get(incident.id) || incident;
  $("d-priority").replaceWith(Object.assign(priorityBadge(summary.priority, labels), { id: "d-priority" }));
  setText($("d-title"), `${labels.category[summary.category] || summary.category} #${summary.id}`);
  $("d-status").replaceWith(Object.assign(statusChip(summary.status, labels), { id: "d-status" }));
  renderSla(summary);
  renderFlags(ui.detail ? ui.detail.flags : []);
  setText(
    $("d-location"),
    hasLocation(summary)
      ? `${summary.lat.toFixed(5)}, ${summary.lon.toFixed(5)}${summary.region_code ? ` · ${summary.region_code}` : ""}`
      : S.no_location,
  );
  $("d-agencies").replaceChildren(
    ...(summary.agencies.length
      ? summary.agencies.map((a) =>
          el("div", {}, el("span", { text: a.name }), " ", el("span", { className: "muted small", text: `(${labels.role[a.role] || a.role})` })),
        )
      : [el("span", { className: "warn", text: S.no_agency })]),
  );
  setText($("d-count"), String(summary.report_count));
  setText($("d-opened"), `${formatTime(summary.created_at, true)} · ${formatAge(summary.created_at, S)}`);
  const open = OPEN.has(summary.status);
  show($("d-actions"), open);
  show($("d-disposition"), open && Boolean(summary.awaiting_disposition));
  show($("d-review"), summary.status === "resolved");
  const note = ui.detail && ui.detail.id === summary.id ? ui.detail.resolution_note : "";
  setText($("d-resolution"), note);
  show($("d-resolution"), Boolean(note));
  show($("d-resolution-label"), Boolean(note));
  setText($("d-pin-hint"), open ? (hasLocation(summary) ? S.drag_hint : S.click_hint) : "");
  renderMove();
  renderMergeNearby(summary);
  renderReports(ui.detail ? ui.detail.reports : null);
  renderEvents(ui.detail ? ui.detail.events : null);
}

function renderSla(incident) {
  const line = $("d-sla");
  const target = slaTarget(incident);
  if (!target) {
    line.replaceChildren();
    return;
  }
  line.replaceChildren(
    el("span", { text: `${target.kind === "claim" ? S.claim_by : S.resolve_by} ${formatTime(target.at, true)} · ` }),
    el("span", { className: "countdown", dataset: { deadline: target.at } }),
  );
  tickCountdowns(line, S);
}

function renderFlags(flags) {
  $("d-flags").replaceChildren(
    ...(flags || []).map((flag) => el("li", { className: "chip warn", text: labels.flag[flag] || flag })),
  );
}

function renderReports(reports) {
  const list = $("d-reports");
  if (!reports) {
    list.replaceChildren(el("li", { className: "muted", text: S.loading }));
    return;
  }
  list.replaceChildren(
    ...reports.map((report) =>
      el(
        "li",
        { className: "report" },
        el(
          "div",
          { className: "report-head" },
          el("span", { text: formatTime(report.received_at, true) }),
          " · ",
          el("span", { text: labels.channel[report.channel] || report.channel }),
          report.reporter_name ? el("span", { className: "caller", text: ` · ${report.reporter_name}` }) : null,
          report.reporter_phone ? el("a", { className: "caller", href: `tel:${report.reporter_phone}`, text: ` ${report.reporter_phone}` }) : null,
        ),
        report.address ? el("div", { className: "report-address", text: report.address }) : null,
        el("p", { className: "report-text", text: report.text }),
        report.location_provider
          ? el("div", {
              className: "muted small",
              text: `${S.located_by} ${report.location_provider}${
                report.location_confidence !== null ? ` (${Math.round(report.location_confidence * 100)}%)` : ""
              }`,
            })
          : null,
      ),
    ),
  );
}

function eventDetail(event) {
  const data = event.data || {};
  const parts = [];
  if (data.agency_id) parts.push(agencyName(data.agency_id));
  if (data.from && data.to) parts.push(`${labels.status[data.from] || labels.priority[data.from] || data.from} → ${labels.status[data.to] || labels.priority[data.to] || data.to}`);
  if (data.reason) parts.push(labels.cancel_reason[data.reason] || data.reason);
  if (data.other_id) parts.push(`#${data.other_id}`);
  if (data.merged_into) parts.push(`→ #${data.merged_into}`);
  if (data.note) parts.push(`“${data.note}”`);
  return parts.join(" · ");
}

function renderEvents(events) {
  const list = $("d-events");
  if (!events) {
    list.replaceChildren();
    return;
  }
  list.replaceChildren(
    ...[...events].reverse().map((event) =>
      el(
        "li",
        {},
        el("span", { className: "t", text: formatTime(event.at, true) }),
        el("strong", { text: labels.event[event.event] || event.event }),
        event.actor ? el("span", { className: "muted", text: ` · ${event.actor}` }) : null,
        el("div", { className: "small", text: eventDetail(event) }),
      ),
    ),
  );
}

function renderMergeNearby(incident) {
  const box = $("merge-nearby");
  if (!hasLocation(incident)) {
    box.replaceChildren();
    return;
  }
  const nearby = [...live.incidents.values()]
    .filter((other) => other.id !== incident.id && OPEN.has(other.status) && hasLocation(other))
    .map((other) => ({ other, d: distanceM(incident, other) }))
    .filter(({ d }) => d <= 2000)
    .sort((a, b) => a.d - b.d)
    .slice(0, 5);
  box.replaceChildren(
    ...nearby.map(({ other, d }) =>
      el("button", {
        type: "button",
        className: "chip-btn",
        text: `#${other.id} ${labels.category[other.category] || other.category} · ${Math.round(d)} m`,
        onclick: () => {
          $("f-merge").elements.other_id.value = String(other.id);
        },
      }),
    ),
  );
}

// --- moving the pin ----------------------------------------------------------------

function propose(point) {
  ui.proposed = point;
  renderMove();
}

function renderMove() {
  const box = $("d-move");
  show(box, Boolean(ui.proposed));
  if (ui.proposed) {
    setText($("d-move-text"), `${S.move_to} ${ui.proposed.lat.toFixed(5)}, ${ui.proposed.lon.toFixed(5)}?`);
    if (!ui.markers.has(ui.selectedId)) {
      // An incident without a location: show the proposed pin.
      selectedLayer.clearLayers();
      selectedLayer.addLayer(L.marker([ui.proposed.lat, ui.proposed.lon], { icon: pickIcon(), title: S.move_to }));
    }
  }
}

$("d-move-undo").addEventListener("click", () => {
  ui.proposed = null;
  refreshMarker(ui.selectedId);
  if (!ui.markers.has(ui.selectedId)) selectedLayer.clearLayers();
  renderMove();
});

$("d-move-save").addEventListener("click", async () => {
  if (!ui.proposed || ui.selectedId === null) return;
  const { lat, lon } = ui.proposed;
  await act("locate", { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) }, $("d-move-save"));
  ui.proposed = null;
  renderMove();
});

// --- actions -----------------------------------------------------------------------

function toast(text) {
  const node = $("toast");
  setText(node, text);
  show(node, true);
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => show(node, false), 6000);
}

async function act(action, body, button) {
  const id = ui.selectedId;
  if (id === null) return false;
  detailError("");
  if (button) {
    button.disabled = true;
    button.dataset.label = button.textContent;
    button.textContent = S.saving;
  }
  const result = await api(`/api/incidents/${id}/${action}/`, { method: "POST", body });
  if (button) {
    button.disabled = false;
    button.textContent = button.dataset.label;
  }
  if (!result.ok) {
    detailError(errorText(result, S));
    refreshMarker(id);
    return false;
  }
  // The answer is the incident as it now is: show it at once, the event follows.
  if (applyEvent(live.incidents, { incident: result.data })) {
    refreshMarker(id);
    scheduleQueue();
  }
  toast(S.done);
  loadDetail();
  return true;
}

const assignForm = $("f-assign");
fillSelect(
  assignForm.elements.agency_id,
  page.agencies.map((a) => [String(a.id), `${a.name}`]),
);
assignForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  await act(
    "assign",
    { agency_id: Number(form.elements.agency_id.value), role: form.elements.role.value },
    form.querySelector("button[type=submit]"),
  );
});

$("f-merge").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const other = Number(form.elements.other_id.value);
  if (!other) return;
  if (await act("merge", { other_id: other }, form.querySelector("button[type=submit]"))) {
    form.reset();
  }
});

const cancelForm = $("f-cancel");
fillSelect(cancelForm.elements.reason, Object.entries(labels.cancel_reason));
// Cancelling is not undone lightly: the button asks once more instead of a dialog.
cancelForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = cancelForm.querySelector("button[type=submit]");
  if (button.dataset.armed !== String(ui.selectedId)) {
    button.dataset.armed = String(ui.selectedId);
    button.textContent = `${S.confirm_cancel} #${ui.selectedId}`;
    setTimeout(() => {
      button.dataset.armed = "";
      button.textContent = S.cancel_incident;
    }, 5000);
    return;
  }
  button.dataset.armed = "";
  const ok = await act(
    "cancel",
    { reason: cancelForm.elements.reason.value, note: cancelForm.elements.note.value },
    button,
  );
  button.textContent = S.cancel_incident;
  if (ok) cancelForm.reset();
});

$("d-close").addEventListener("click", (event) =>
  act("status", { status: "closed" }, event.currentTarget),
);
$("d-reopen").addEventListener("click", (event) => act("reopen", {}, event.currentTarget));
$("d-dispose").addEventListener("click", (event) => act("dispose", {}, event.currentTarget));

// --- tabs --------------------------------------------------------------------------

function switchTab(tab) {
  ui.tab = tab;
  for (const name of ["detail", "intake"]) {
    $(`tab-${name}`).setAttribute("aria-selected", name === tab ? "true" : "false");
    show($(`panel-${name}`), name === tab);
  }
  document.body.classList.toggle("picking", tab === "intake");
  show($("pick-hint"), tab === "intake");
  setText($("pick-hint"), S.pick_hint);
}
$("tab-detail").addEventListener("click", () => switchTab("detail"));
$("tab-intake").addEventListener("click", () => switchTab("intake"));

map.on("click", (event) => {
  const point = { lat: event.latlng.lat, lon: event.latlng.lng };
  if (ui.tab === "intake") {
    setIntakePoint(point);
    return;
  }
  const incident = current();
  if (incident && OPEN.has(incident.status) && !hasLocation(incident)) propose(point);
});

// --- call-taker form ---------------------------------------------------------------

const intake = $("intake");

function setIntakePoint(point) {
  ui.intakePoint = point;
  intakeLayer.clearLayers();
  if (point) {
    const marker = L.marker([point.lat, point.lon], {
      icon: pickIcon(),
      draggable: true,
      title: S.new_report_pin,
      zIndexOffset: 3000,
    });
    marker.on("dragend", () => {
      const at = marker.getLatLng();
      ui.intakePoint = { lat: at.lat, lon: at.lng };
      renderIntakePoint();
      schedulePreview();
    });
    intakeLayer.addLayer(marker);
  }
  renderIntakePoint();
  schedulePreview();
}

function renderIntakePoint() {
  const point = ui.intakePoint;
  setText(
    $("intake-point"),
    point ? `${S.location_set} ${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}` : S.pick_hint,
  );
  show($("intake-clear"), Boolean(point));
}

$("intake-clear").addEventListener("click", () => setIntakePoint(null));

function intakeBody() {
  const f = intake.elements;
  const body = {
    text: f.text.value.trim(),
    channel: "phone",
    address: f.address.value.trim(),
    reporter_name: f.reporter_name.value.trim(),
    reporter_phone: f.reporter_phone.value.trim(),
  };
  if (ui.intakePoint) {
    body.lat = Number(ui.intakePoint.lat.toFixed(6));
    body.lon = Number(ui.intakePoint.lon.toFixed(6));
  }
  return body;
}

let previewSeq = 0;
const schedulePreview = debounce(runPreview, 500);
intake.addEventListener("input", (event) => {
  if (["text", "address"].includes(event.target.name)) schedulePreview();
});

async function runPreview() {
  const body = intakeBody();
  if (!body.text && !body.address && !ui.intakePoint) {
    $("preview-body").replaceChildren(el("span", { className: "muted", text: S.preview_empty }));
    $("preview-dups").replaceChildren();
    return;
  }
  const seq = ++previewSeq;
  setText($("preview-state"), S.updating);
  const payload = { text: body.text, channel: "phone", address: body.address };
  if (body.lat !== undefined) Object.assign(payload, { lat: body.lat, lon: body.lon });
  const result = await api("/api/preview/", { method: "POST", body: payload, timeoutMs: 10000 });
  if (seq !== previewSeq) return; // a newer preview is on its way
  setText($("preview-state"), "");
  if (!result.ok) {
    $("preview-body").replaceChildren(el("span", { className: "error", text: errorText(result, S) }));
    return;
  }
  renderPreview(result.data);
}

function renderPreview(data) {
  const a = data.assessment;
  const location = data.location;
  const region = location && location.region;
  $("preview-body").replaceChildren(
    el(
      "div",
      { className: "preview-head" },
      priorityBadge(a.priority, labels),
      el("span", { className: "row-icon" }, categoryIcon(a.category, 16)),
      el("strong", { text: labels.category[a.category] || a.category }),
      el("span", { className: "muted", text: ` · ${S.score} ${a.score}` }),
      a.fast_track ? el("span", { className: "chip danger", text: S.fast_track }) : null,
    ),
    el(
      "div",
      { className: "small" },
      `${S.agencies}: `,
      a.agencies.length ? a.agencies.map((k) => labels.agency_kind[k] || k).join(", ") : "—",
    ),
    a.reasons.length ? el("ul", { className: "reasons small" }, ...a.reasons.map((r) => el("li", { text: r }))) : null,
    el(
      "div",
      { className: "small" },
      `${S.location}: `,
      location
        ? `${region ? [region.village, region.district, region.regency].filter(Boolean).join(", ") : `${location.lat}, ${location.lon}`} (${location.provider}, ${Math.round(location.confidence * 100)}%)`
        : S.not_found,
      location && location.low_confidence ? el("span", { className: "chip warn", text: S.uncertain }) : null,
    ),
  );
  $("preview-dups").replaceChildren(
    ...(data.duplicates.length
      ? data.duplicates.map((d) =>
          el(
            "li",
            { className: d.likely ? "dup likely" : "dup" },
            el("button", {
              type: "button",
              className: "link-btn",
              text: `#${d.incident.id} ${labels.category[d.incident.category] || d.incident.category}`,
              onclick: () => focusIncident(d.incident),
            }),
            " ",
            statusChip(d.incident.status, labels),
            el("span", {
              className: "small",
              text: ` ${d.distance_m !== null ? `${d.distance_m} m · ` : ""}${S.match} ${Math.round(d.score * 100)}%`,
            }),
            d.likely ? el("span", { className: "chip warn", text: S.likely_duplicate }) : null,
            el("div", { className: "muted small", text: d.reason }),
          ),
        )
      : [el("li", { className: "muted", text: S.no_duplicates })]),
  );
}

function focusIncident(incident) {
  if (hasLocation(incident)) map.setView([incident.lat, incident.lon], Math.max(map.getZoom(), 16));
  const entry = ui.markers.get(incident.id);
  if (entry) entry.marker.openTooltip();
}

function fieldErrors(errors) {
  for (const node of intake.querySelectorAll(".field-error")) {
    const messages = (errors && errors[node.dataset.for]) || [];
    setText(node, messages.join(" "));
    show(node, messages.length > 0);
  }
}

intake.addEventListener("submit", async (event) => {
  event.preventDefault();
  const button = intake.querySelector("button[type=submit]");
  const body = intakeBody();
  fieldErrors(null);
  show($("intake-error"), false);
  show($("intake-done"), false);
  if (!body.text) {
    fieldErrors({ text: [S.text_required] });
    intake.elements.text.focus();
    return;
  }
  if (!body.lat && body.lat !== 0) {
    delete body.lat;
    delete body.lon;
  }
  button.disabled = true;
  setText(button, S.saving);
  const result = await api("/api/reports/", { method: "POST", body });
  button.disabled = false;
  setText(button, S.save_report);
  if (!result.ok) {
    if (result.data && result.data.errors) fieldErrors(result.data.errors);
    setText($("intake-error"), errorText(result, S));
    show($("intake-error"), true);
    return;
  }
  const done = $("intake-done");
  done.replaceChildren(
    el("strong", { text: S.saved }),
    " ",
    `${S.tracking_code}: `,
    el("code", { className: "tracking", text: result.data.tracking_code }),
  );
  show(done, true);
  intake.reset();
  setIntakePoint(null);
  $("preview-body").replaceChildren(el("span", { className: "muted", text: S.preview_empty }));
  $("preview-dups").replaceChildren();
});

// --- live state --------------------------------------------------------------------

// A snapshot (the whole state) is drawn once, when its last part is in: a large
// one comes in parts (`more`), and drawing at each part would draw everything
// again and again.
function onSnapshot(incidents) {
  // Alerts for P1s that are no longer new disappear. A P1 nobody claimed yet
  // raises one even from a snapshot: opening the console at 3 a.m. with an
  // unclaimed emergency waiting must not be silent.
  for (const id of [...ui.alerts.keys()]) {
    const incident = incidents.get(id);
    if (!incident || incident.status !== "new") dropAlert(id, { redraw: false });
  }
  let raised = false;
  for (const incident of incidents.values()) {
    if (incident.priority === "P1" && incident.status === "new") {
      raised = raiseAlert(incident, { quiet: true, redraw: false }) || raised;
    }
  }
  updateAlertState();
  if (raised) sound();
  // The markers after the alerts: they flash from the start.
  rebuildMarkers();
  renderQueue();
}

function onChange(incidents, message, { more = false } = {}) {
  if (message === null) {
    if (more) return; // the rest of the snapshot is on its way
    onSnapshot(incidents);
  } else if (message.incident) {
    const incident = message.incident;
    refreshMarker(incident.id);
    if (isP1Arrival(message)) raiseAlert(incident);
    if (ui.alerts.has(incident.id) && incident.status !== "new") dropAlert(incident.id);
    if (incident.id === ui.selectedId) {
      renderDetail();
      reloadDetail();
    }
    scheduleQueue();
  }
  document.body.dataset.incidents = String(incidents.size);
}

setLive(
  new LiveState({
    path: "/ws/dispatch/",
    onChange,
    onStatus: connectionIndicator($("conn"), S),
  }),
);
live.start();

setInterval(() => {
  tickCountdowns($("queue"), S);
  tickCountdowns($("alerts"), S);
  for (const node of $("d-sla").querySelectorAll("[data-deadline]")) updateCountdown(node, S);
}, 1000);

// For tests and for the curious: the console's state, read-only use.
window.dispatchConsole = { live, ui, map, now };
