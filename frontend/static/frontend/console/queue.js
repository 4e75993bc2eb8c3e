// The queue: every incident that passes the filters, what needs the desk first
// (an unlocated P1, then unclaimed and overdue), each row with what a triage
// needs at a glance: priority, category, the place's names, the caller's words,
// the report count and which deadline runs out when. Events can come by the dozen each second, so it is redrawn
// a few times a second at most, reusing the rows of incidents that did not
// change and drawing only the first few hundred.

import { $, el, now, placeChildren, priorityBadge, setText, show, slaTarget, statusChip, tickCountdowns, whenReleased } from "../common.js";
import { byUrgency, incidentTitle, shortPlace, urgencyKey } from "../incidents.js";
import { categoryIcon, hasLocation } from "../map.js";
import { passes } from "./filters.js";
import { S, labels, live, ui } from "./state.js";

const QUEUE_LIMIT = 300;

// A click on a row, or Enter or Space on it: `onPick(id)` (selecting is the
// detail's business, which imports this module).
export function initQueue(onPick) {
  $("queue").addEventListener("click", (event) => {
    const row = event.target.closest(".queue-row");
    if (row) onPick(Number(row.dataset.id));
  });
  $("queue").addEventListener("keydown", (event) => {
    const row = event.target.closest(".queue-row");
    if (row && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      onPick(Number(row.dataset.id));
    }
  });
}

// What the desk must do something about comes first, whatever the priority: a P1
// nobody can find, then what nobody claimed (overdue before on time), then what
// is being handled (overdue first), then what waits to be closed. Within a tier
// the most urgent, then the oldest (byUrgency, as on the agency board).
export const TIER = { unlocatedP1: 0, unclaimedOverdue: 1, unclaimed: 2, handledOverdue: 3, handled: 4, resolved: 5 };

const targets = new WeakMap(); // incident object -> {kind, at (ms)} | null

function deadlineOf(incident) {
  if (!targets.has(incident)) {
    const target = slaTarget(incident);
    targets.set(incident, target ? { kind: target.kind, at: Date.parse(target.at) } : null);
  }
  return targets.get(incident);
}

export function overdue(incident, at = now()) {
  const target = deadlineOf(incident);
  return Boolean(target) && target.at < at;
}

export function tierOf(incident, at = now()) {
  if (incident.status === "resolved") return TIER.resolved;
  if (incident.priority === "P1" && !hasLocation(incident)) return TIER.unlocatedP1;
  const late = overdue(incident, at);
  if (incident.status === "new") return late ? TIER.unclaimedOverdue : TIER.unclaimed;
  return late ? TIER.handledOverdue : TIER.handled;
}

function queueOrder(a, b) {
  return a.tier - b.tier || byUrgency(a.key, b.key);
}

// The queue is redrawn at most five times a second, however fast events come.
const QUEUE_EVERY_MS = 200;
let queueTimer = null;
let queueDrawn = 0;
export function scheduleQueue() {
  if (queueTimer !== null) return;
  const wait = Math.max(0, QUEUE_EVERY_MS - (performance.now() - queueDrawn));
  // Not under a press: a row moved between press and release is a lost click.
  queueTimer = setTimeout(() => requestAnimationFrame(() => whenReleased(renderQueue)), wait);
}

// A row is built once per incident version and reused while the incident does not
// change: at 50 events a second most of the shown rows stay as they were.
const queueRows = new WeakMap(); // incident object -> row

function queueRow(incident) {
  let row = queueRows.get(incident);
  if (!row) {
    row = buildQueueRow(incident);
    queueRows.set(incident, row);
  }
  row.classList.toggle("selected", incident.id === ui.selectedId);
  return row;
}

function buildQueueRow(incident) {
  const target = slaTarget(incident);
  const located = hasLocation(incident);
  const place = shortPlace(incident);
  const row = el(
    "li",
    {
      className: `queue-row p-${incident.priority.toLowerCase()} st-${incident.status}${
        located ? "" : " unlocated"
      }${incident.id === ui.selectedId ? " selected" : ""}`,
      tabindex: "0",
      dataset: { id: String(incident.id) },
      "aria-label": `${incident.priority} ${labels.category[incident.category] || ""} #${incident.id} ${place}`,
    },
    el(
      "div",
      { className: "row-main" },
      priorityBadge(incident.priority, labels),
      el("span", { className: "row-icon" }, categoryIcon(incident.category, 16)),
      el("span", { className: "row-title", text: incidentTitle(incident, labels) }),
      target
        ? el("span", {
            className: "countdown",
            dataset: { deadline: target.at, kind: target.kind },
            title: target.kind === "claim" ? S.claim_by : S.resolve_by,
          })
        : null,
    ),
    located || place
      ? el("div", { className: "row-place", text: place || S.no_place_name })
      : null,
    located ? null : el("div", { className: "row-unlocated", text: S.unlocated_row }),
    incident.quote ? el("q", { className: "row-quote", text: incident.quote }) : null,
    el(
      "div",
      { className: "row-meta" },
      statusChip(incident.status, labels),
      el("span", { className: "agency", text: incident.lead_agency ? incident.lead_agency.name : S.no_agency }),
      el("span", { className: "reports-n", text: S.report_count.replace("%(n)s", incident.report_count) }),
      el("span", { className: "age", dataset: { age: incident.created_at } }),
    ),
  );
  tickCountdowns(row, S);
  return row;
}

export function renderQueue() {
  clearTimeout(queueTimer);
  queueTimer = null;
  queueDrawn = performance.now();
  const list = [];
  const at = now();
  for (const incident of live.incidents.values()) {
    if (passes(incident)) list.push({ tier: tierOf(incident, at), key: urgencyKey(incident) });
  }
  list.sort(queueOrder);
  // Only the first rows are drawn (with the count of the rest): the DOM of
  // thousands of rows would make every redraw slow.
  placeChildren($("queue"), list.slice(0, QUEUE_LIMIT).map(({ key }) => queueRow(key.incident)));
  setText($("queue-count"), `(${list.length})`);
  const more = $("queue-more");
  show(more, list.length > QUEUE_LIMIT);
  if (list.length > QUEUE_LIMIT) setText(more, S.queue_more.replace("%(n)s", list.length - QUEUE_LIMIT));
}
