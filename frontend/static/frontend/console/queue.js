// The queue: every incident that passes the filters, most urgent first, with
// its SLA countdown. Events can come by the dozen each second, so it is redrawn
// a few times a second at most, reusing the rows of incidents that did not
// change and drawing only the first few hundred.

import { $, el, priorityBadge, setText, show, slaTarget, statusChip, tickCountdowns } from "../common.js";
import { byUrgency, incidentTitle, urgencyKey } from "../incidents.js";
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

// Open incidents first, most urgent on top; resolved ones, waiting for the desk
// to close them, after.
function queueOrder(a, b) {
  return resolved(a) - resolved(b) || byUrgency(a, b);
}

function resolved(key) {
  return Number(key.incident.status === "resolved");
}

// The queue is redrawn at most five times a second, however fast events come.
const QUEUE_EVERY_MS = 200;
let queueTimer = null;
let queueDrawn = 0;
export function scheduleQueue() {
  if (queueTimer !== null) return;
  const wait = Math.max(0, QUEUE_EVERY_MS - (performance.now() - queueDrawn));
  queueTimer = setTimeout(() => requestAnimationFrame(renderQueue), wait);
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
  const row = el(
    "li",
    {
      className: `queue-row p-${incident.priority.toLowerCase()} st-${incident.status}${
        incident.id === ui.selectedId ? " selected" : ""
      }`,
      tabindex: "0",
      dataset: { id: String(incident.id) },
      "aria-label": `${incident.priority} ${labels.category[incident.category] || ""} #${incident.id}`,
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
    el(
      "div",
      { className: "row-meta" },
      statusChip(incident.status, labels),
      el("span", { className: "agency", text: incident.lead_agency ? incident.lead_agency.name : S.no_agency }),
      el("span", { className: "age", dataset: { age: incident.created_at } }),
      incident.report_count > 1
        ? el("span", { className: "reports-n", text: `${incident.report_count} ${S.reports_short}` })
        : null,
      hasLocation(incident) ? null : el("span", { className: "warn", text: S.no_location }),
    ),
  );
  tickCountdowns(row, S);
  return row;
}

// Puts `rows` in `list`, in order, moving only the nodes that are not in place:
// taking hundreds of rows out of the page and back at every redraw costs far
// more than the few that changed.
function placeRows(list, rows) {
  let current = list.firstElementChild;
  for (const row of rows) {
    if (row === current) current = current.nextElementSibling;
    else list.insertBefore(row, current);
  }
  while (current) {
    const next = current.nextElementSibling;
    current.remove();
    current = next;
  }
}

export function renderQueue() {
  clearTimeout(queueTimer);
  queueTimer = null;
  queueDrawn = performance.now();
  const list = [];
  for (const incident of live.incidents.values()) if (passes(incident)) list.push(urgencyKey(incident));
  list.sort(queueOrder);
  // Only the first rows are drawn (with the count of the rest): the DOM of
  // thousands of rows would make every redraw slow.
  placeRows($("queue"), list.slice(0, QUEUE_LIMIT).map((key) => queueRow(key.incident)));
  setText($("queue-count"), `(${list.length})`);
  const more = $("queue-more");
  show(more, list.length > QUEUE_LIMIT);
  if (list.length > QUEUE_LIMIT) setText(more, S.queue_more.replace("%(n)s", list.length - QUEUE_LIMIT));
}
