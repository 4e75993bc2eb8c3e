// The reporter's tracking page (/lacak/<code>/), kept live: it asks the tracking
// API (/api/track/<code>/) again every POLL_MS and redraws the state, the facts
// and the timeline. Polling, not a socket: a reporter's phone on a weak network
// loses a socket often, and one small GET every 20 s is well under the lookup
// limit (PUBLIC_LOOKUP_RATE). Statuses only: the API sends no staff names or notes.

import { api, el, errorText, pageData, setText, show } from "./common.js";

const POLL_MS = 20000;
const TIME_ZONE = "Asia/Jakarta";
const page = pageData();
const labels = page.labels;
const S = page.strings;
const $ = (id) => document.getElementById(id);

// "4 Desember 2026, 22:10": the format the server renders ("j F Y, H:i").
function longTime(iso) {
  const at = new Date(iso || "");
  if (Number.isNaN(at.getTime())) return "";
  const parts = {};
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "id", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: TIME_ZONE,
  });
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

function facts(report) {
  const rows = [[S.received, longTime(report.received_at)]];
  const incident = report.incident;
  if (incident) {
    rows.push([S.category, labels.category[incident.category] || incident.category]);
    rows.push([S.priority, labels.priority[incident.priority] || incident.priority]);
  } else {
    rows.push([S.state, report.state === "failed" ? S.failed : S.processing]);
  }
  return rows.flatMap(([term, value]) => [el("dt", { text: term }), el("dd", { text: value })]);
}

function render(report) {
  const status = report.incident ? report.incident.status : "received";
  setText($("t-current"), labels.tracking[status] || status);
  $("t-facts").replaceChildren(...facts(report));
  $("t-steps").replaceChildren(
    ...report.timeline.map((step) =>
      el("li", {}, el("span", { className: "when", text: longTime(step.at) }), labels.tracking[step.status] || step.status),
    ),
  );
  document.body.dataset.trackStatus = status;
  // Resolved: the reporter may now say whether it was fixed (the server decides).
  if (RATABLE.has(status)) show($("t-rating"), true);
}

const RATABLE = new Set(["resolved", "closed"]);

$("t-rate").addEventListener("submit", async (event) => {
  event.preventDefault();
  const rating = Number(event.submitter ? event.submitter.value : 0);
  const url = `/api/track/${encodeURIComponent(page.code)}/rating/`;
  const result = await api(url, { method: "POST", body: { rating } });
  show($("t-rate-error"), !result.ok);
  if (!result.ok) {
    setText($("t-rate-error"), errorText(result, S));
    return;
  }
  setText($("t-rated-value"), String(result.data.rating));
  show($("t-rated"), true);
  show($("t-rate"), false);
});

function checked(ok) {
  const clock = new Intl.DateTimeFormat("id", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: TIME_ZONE });
  const text = ok ? `${S.live} ${S.updated_at} ${clock.format(new Date()).replace(".", ":")}.` : S.offline;
  setText($("t-live"), text);
}

let timer = null;
async function poll() {
  clearTimeout(timer);
  let wait = POLL_MS;
  try {
    const response = await fetch(`/api/track/${encodeURIComponent(page.code)}/`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.status === 404) return; // the code is gone (retention): nothing more to follow
    if (response.status === 429) {
      wait = Math.max(POLL_MS, 1000 * Number(response.headers.get("Retry-After") || 60));
      checked(false);
    } else if (response.ok) {
      render(await response.json());
      checked(true);
    } else {
      checked(false);
    }
  } catch {
    checked(false);
  }
  timer = setTimeout(poll, wait);
}

// A phone wakes the tab up: look at once rather than up to 20 s later.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") poll();
});
timer = setTimeout(poll, POLL_MS);
window.trackPage = { poll };
