// The selected incident: selecting one (from the map, the queue or a banner),
// its detail (reports, events, flags, SLA), and moving its pin. The detail is
// loaded from the API because the live payload has no reports or events; the
// live payload may still be the newer of the two, and the summary shows that one.

import {
  $,
  api,
  debounce,
  el,
  errorText,
  fill,
  formatAge,
  formatTime,
  priorityBadge,
  setText,
  show,
  slaTarget,
  statusChip,
  tickCountdowns,
} from "../common.js";
import { applyAnswer, incidentTitle, placeLine, postAction } from "../incidents.js";
import { mediaGallery } from "../media.js";
import { distanceM, hasLocation, pickIcon } from "../map.js";
import { locationBlock } from "../places.js";
import { armed } from "./actions.js";
import { duplicateItem } from "./duplicates.js";
import { providerText, sameEventText } from "./judgement.js";
import { initLocate, renderLocate } from "./locate.js";
import { clearHandset, loadHandset } from "./calls.js";
import { map, refreshMarker, selectedLayer } from "./markers.js";
import { scheduleQueue } from "./queue.js";
import { loadRecommendations, renderUnitsBox } from "./sendunits.js";
import { OPEN, S, current, labels, live, page, ui } from "./state.js";
import { switchTab } from "./tabs.js";

export function initDetail() {
  initLocate(propose);
  $("d-move-undo").addEventListener("click", () => {
    ui.proposed = null;
    refreshMarker(ui.selectedId);
    if (!ui.markers.has(ui.selectedId)) selectedLayer.clearLayers();
    renderMove();
  });
}

export function select(id, { pan = false } = {}) {
  const previous = ui.selectedId;
  ui.selectedId = id;
  ui.proposed = null;
  ui.detail = ui.detail && ui.detail.id === id ? ui.detail : null;
  if (previous !== null && previous !== id) {
    refreshMarker(previous);
    clearHandset();
  }
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
export async function loadDetail() {
  const id = ui.selectedId;
  if (id === null) return;
  const seq = ++detailSeq;
  loadRecommendations();
  loadDuplicates(id, seq);
  const result = await api(`/api/incidents/${id}/`);
  if (seq !== detailSeq || id !== ui.selectedId) return;
  if (result.ok) {
    ui.detail = result.data;
    refreshMarker(id);
    renderDetail();
    loadHandset(id);
  } else {
    detailError(errorText(result, S));
  }
}
export const reloadDetail = debounce(loadDetail, 300);

// Open incidents this one may be the same event as, judged as triage judges a
// new report: a second call that opened its own incident shows up here.
async function loadDuplicates(id, seq) {
  const result = await api(`/api/incidents/${id}/duplicates/`);
  if (seq !== detailSeq || id !== ui.selectedId) return;
  ui.duplicates = result.ok ? { id, list: result.data.duplicates } : null;
  renderDuplicates(current());
}

export function detailError(text) {
  const node = $("d-error");
  setText(node, text);
  show(node, Boolean(text));
}

function agencyName(id) {
  const agency = page.agencies.find((a) => a.id === id);
  return agency ? agency.name : `#${id}`;
}

export function renderDetail() {
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
  setText($("d-title"), incidentTitle(summary, labels));
  $("d-status").replaceWith(Object.assign(statusChip(summary.status, labels), { id: "d-status" }));
  renderSla(summary);
  renderFlags(ui.detail && ui.detail.id === summary.id ? ui.detail : null, summary);
  renderCaller(summary);
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
  renderLocate(summary, open);
  renderMove();
  renderMergeNearby(summary);
  renderDuplicates(summary);
  renderUnitsBox(summary);
  renderReports(ui.detail ? ui.detail.reports : null, ui.detail ? ui.detail.media : [], summary);
  renderEvents(ui.detail ? ui.detail.events : null);
}

// What the operator needs before any action: where (names, not coordinates), what
// the caller said, and how to reach the caller. The first report speaks for the
// incident; the others are in the list below.
function renderCaller(summary) {
  const names = placeLine(summary, { regency: true }) || (summary.location_detail || {}).area || "";
  $("d-location").replaceChildren(
    locationBlock(
      {
        state: summary.location_state,
        detail: summary.location_detail,
        names,
        point: hasLocation(summary) ? `${summary.lat.toFixed(5)}, ${summary.lon.toFixed(5)}` : "",
      },
      labels,
      S,
    ),
  );
  const first = ui.detail && ui.detail.id === summary.id ? (ui.detail.reports || [])[0] : null;
  setText($("d-words"), first ? first.text : summary.quote || "");
  $("d-contact").replaceChildren(...(first ? contactLine(first) : []).filter(Boolean));
}

function contactLine(report) {
  const who = [report.reporter_name, labels.channel[report.channel] || report.channel].filter(Boolean).join(" · ");
  return [
    el("span", { className: "muted", text: `${S.caller_contact}: ` }),
    el("span", { text: who }),
    report.reporter_phone
      ? el("a", { href: `tel:${report.reporter_phone}`, title: S.call_back, text: ` ${report.reporter_phone}` })
      : el("span", { className: "muted", text: ` · ${S.no_contact}` }),
    report.address ? el("div", { className: "small", text: report.address }) : null,
  ];
}

function renderSla(incident) {
  const line = $("d-sla");
  const target = slaTarget(incident);
  if (!target) {
    line.replaceChildren();
    return;
  }
  line.replaceChildren(
    el("span", { className: "countdown", dataset: { deadline: target.at, kind: target.kind } }),
    el("span", { className: "muted", text: ` · ${target.kind === "claim" ? S.claim_by : S.resolve_by} ${formatTime(target.at, true)}` }),
  );
  tickCountdowns(line, S);
}

function renderFlags(detail, summary) {
  const flags = detail ? detail.flags || [] : [];
  const unplaced = detail ? unplacedCallers(detail.reports || [], summary).length : 0;
  fill(
    $("d-flags"),
    ...flags.map((flag) => el("li", { className: "chip warn", text: labels.flag[flag] || flag })),
    // Said at the top: a caller merged in who never said where may be of another event.
    unplaced ? el("li", { className: "chip warn", text: S.unplaced_callers.replace("%(n)s", unplaced) }) : null,
  );
}

// Callers attached to a placed incident who said nothing of where (triage merged
// them as the only open incident of their kind, or the desk did): the operator
// confirms the place with them, or splits their report off.
function unplacedCallers(reports, summary) {
  if (!hasLocation(summary)) return [];
  return reports.slice(1).filter((report) => report.location_state === "unknown");
}

function renderReports(reports, media, summary) {
  const list = $("d-reports");
  if (!reports) {
    list.replaceChildren(el("li", { className: "muted", text: S.loading }));
    return;
  }
  const crew = mediaGallery(media, null, S);
  const unplaced = new Set(unplacedCallers(reports, summary).map((report) => report.id));
  // A report the matcher (or the desk) took for this event can be taken out again
  // into an incident of its own; one report at least stays.
  const splittable = reports.length > 1 && OPEN.has(summary.status);
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
              text: providerText(report.location_provider, report.location_confidence, S),
            })
          : null,
        unplaced.has(report.id) ? el("div", { className: "warn small report-unplaced", text: S.report_unplaced }) : null,
        mediaGallery(media, report.id, S),
        splittable ? splitButton(report) : null,
      ),
    ),
    ...(crew ? [el("li", { className: "report" }, el("div", { className: "report-head", text: S.media_crew }), crew)] : []),
  );
}

// Two presses, as the merge: the first says what the second does.
function splitButton(report) {
  const button = el("button", { type: "button", className: "btn small split", text: S.split });
  button.addEventListener("click", async () => {
    if (!armed(button, S.confirm_split, S.split)) return;
    button.disabled = true;
    detailError("");
    const result = await postAction(ui.selectedId, "split", { report_ids: [report.id] });
    button.disabled = false;
    if (!result.ok) {
      detailError(errorText(result, S));
      return;
    }
    // The answer is the new incident: it goes on the screen at once, selected.
    applyAnswer(live.incidents, result);
    scheduleQueue();
    select(result.data.id, { pan: true });
  });
  return button;
}

function eventDetail(event) {
  const data = event.data || {};
  const parts = [];
  if (data.agency_id) parts.push(agencyName(data.agency_id));
  if (data.from && data.to) parts.push(`${labels.status[data.from] || labels.priority[data.from] || data.from} → ${labels.status[data.to] || labels.priority[data.to] || data.to}`);
  // Another report attached: why the matcher took it for the same event.
  if (data.reason && event.event === "incident.report_attached") parts.push(sameEventText(data.reason, S, labels));
  else if (data.reason) parts.push(labels.cancel_reason[data.reason] || data.reason);
  if (data.other_id) parts.push(`#${data.other_id}`);
  if (data.merged_into) parts.push(`→ #${data.merged_into}`);
  if (data.note) parts.push(`“${data.note}”`);
  // Reporter updates: which stage the reporters heard of, and a reporter's rating.
  if (data.stage) parts.push(labels.status[data.stage] || data.stage);
  if (data.rating) parts.push(`${data.rating}/5`);
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

function renderDuplicates(incident) {
  const found = ui.duplicates && incident && ui.duplicates.id === incident.id ? ui.duplicates.list : [];
  // Only other incidents still open: one merged or closed since is no candidate.
  const list = found.filter((d) => OPEN.has((live.incidents.get(d.incident.id) || d.incident).status));
  const open = incident && OPEN.has(incident.status);
  show($("d-dups"), Boolean(open && list.length));
  $("d-dups-list").replaceChildren(
    ...list.map((d) =>
      duplicateItem(d, {
        open: () => select(d.incident.id, { pan: true }),
        actions: [
          " ",
          el("button", {
            type: "button",
            className: "btn small",
            text: S.merge_prepare,
            onclick: () => prepareMerge(d.incident.id),
          }),
        ],
      }),
    ),
  );
}

// The merge itself stays the desk's two-step action (armed, then confirmed).
function prepareMerge(otherId) {
  const form = $("f-merge");
  form.elements.other_id.value = String(otherId);
  $("d-danger").open = true;
  form.scrollIntoView({ block: "nearest" });
  form.querySelector("button[type=submit]").focus();
}

// --- moving the pin ----------------------------------------------------------------

export function propose(point) {
  ui.proposed = point;
  renderMove();
}

export function renderMove() {
  const box = $("d-move");
  show(box, Boolean(ui.proposed));
  if (ui.proposed) {
    // A place picked by name is named; a point on the map has only its coordinates.
    const where = ui.proposed.label || `${ui.proposed.lat.toFixed(5)}, ${ui.proposed.lon.toFixed(5)}`;
    setText($("d-move-text"), `${S.move_to} ${where}?`);
    if (!ui.markers.has(ui.selectedId)) {
      // An incident without a location: show the proposed pin.
      selectedLayer.clearLayers();
      selectedLayer.addLayer(L.marker([ui.proposed.lat, ui.proposed.lon], { icon: pickIcon(), title: S.move_to }));
    }
  }
}
