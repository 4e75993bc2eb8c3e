// The agency board's details: what the caller said, where, and how to call back.
//
// Each card needs the first report's words and address without a tap, and the
// details of an open card must survive every action and event: the crew reads
// them as they leave. The live payload carries neither (report words stay on the
// report rows, which retention anonymises), so the details of the cards of the
// current tab are fetched from /api/incidents/<id>/ in the background, two at a
// time, again whenever an incident's version moves on. The last details stay
// shown while newer ones load, and a failed fetch keeps them: never "Loading…"
// in place of words already read.

import { api, el, formatTime } from "./common.js";
import { mediaGallery } from "./media.js";

const PARALLEL = 2;
const QUOTE_CHARS = 140;

export function createDetails({ onUpdate }) {
  const details = new Map(); // id -> the detail last fetched
  const wanted = new Map(); // id -> the version to fetch
  const loading = new Set();
  const failed = new Map(); // id -> the version that got no answer (not asked again)

  // `force`: ask again even for a version that got no answer (the crew's "try again").
  function want(incident, { force = false } = {}) {
    const have = details.get(incident.id);
    if (have && have.version >= incident.version) return;
    if (!force && (failed.get(incident.id) ?? -1) >= incident.version) return;
    if ((wanted.get(incident.id) ?? -1) >= incident.version) return;
    wanted.set(incident.id, incident.version);
    pump();
  }

  function pump() {
    while (loading.size < PARALLEL) {
      const id = [...wanted.keys()].find((key) => !loading.has(key));
      if (id === undefined) return;
      const version = wanted.get(id);
      wanted.delete(id);
      load(id, version);
    }
  }

  async function load(id, version) {
    loading.add(id);
    const result = await api(`/api/incidents/${id}/`);
    loading.delete(id);
    const have = details.get(id);
    if (result.ok && (!have || result.data.version >= have.version)) {
      details.set(id, result.data);
      failed.delete(id);
    } else if (!result.ok) {
      failed.set(id, version);
    }
    onUpdate(id);
    pump();
  }

  // Incidents gone from the board: their words need not stay in memory.
  function keepOnly(ids) {
    for (const id of details.keys()) if (!ids.has(id)) details.delete(id);
  }

  return {
    get: (id) => details.get(id),
    want,
    keepOnly,
    failed: (id) => failed.has(id) && !loading.has(id) && !wanted.has(id),
  };
}

// --- what a card shows without a tap ------------------------------------------------------

export function firstReport(detail) {
  return detail && detail.reports && detail.reports.length ? detail.reports[0] : null;
}

export function quote(text) {
  const words = (text || "").replace(/\s+/g, " ").trim();
  return words.length > QUOTE_CHARS ? `${words.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : words;
}

// Where: the place names triage found (kelurahan, kecamatan), then the address typed.
export function placeLines(incident, detail, S) {
  const area = (incident.location_detail && incident.location_detail.area) || "";
  const typed = firstReport(detail)?.address || "";
  const lines = [];
  if (area) lines.push(el("span", { className: "card-area", text: area }));
  else lines.push(el("span", { className: "warn", text: S.no_location }));
  if (typed && typed !== area) lines.push(el("span", { className: "card-address", text: typed }));
  return lines;
}

export function quoteLine(detail) {
  const report = firstReport(detail);
  if (!report || !report.text) return null;
  return el("q", { className: "card-quote", text: quote(report.text) });
}

// --- the expanded part: every report, and the call back ------------------------------------

// callbacks: report id -> {phone} once the number was given, or {error}.
export function detailBlock(detail, { callbacks, onCallBack, S }) {
  return el(
    "div",
    { className: "card-detail" },
    ...detail.reports.map((report) =>
      el(
        "div",
        { className: "report", dataset: { report: String(report.id) } },
        el(
          "div",
          { className: "report-head" },
          formatTime(report.received_at, true),
          // Masked for the crew: plain text, never a link that dials nothing.
          report.reporter_phone ? el("span", { className: "masked", text: ` · ${report.reporter_phone}` }) : null,
        ),
        report.address ? el("div", { className: "report-address", text: report.address }) : null,
        el("p", { className: "report-text", text: report.text }),
        mediaGallery(detail.media, report.id, S),
        report.reporter_phone && detail.can_call_back ? callBack(report, callbacks.get(report.id), onCallBack, S) : null,
      ),
    ),
    crewMedia(detail, S),
  );
}

function crewMedia(detail, S) {
  const gallery = mediaGallery(detail.media, null, S);
  return gallery ? el("div", { className: "report" }, el("div", { className: "report-head", text: S.media_crew }), gallery) : null;
}

function callBack(report, given, onCallBack, S) {
  if (given && given.phone) {
    return el(
      "div",
      { className: "callback" },
      el("a", { className: "btn primary", href: `tel:${given.phone}`, text: `${S.call} ${given.phone}` }),
      el("span", { className: "small muted", text: S.callback_audited }),
    );
  }
  return el(
    "div",
    { className: "callback" },
    el("button", {
      type: "button",
      className: "btn",
      dataset: { action: "callback" },
      text: S.callback,
      onclick: () => onCallBack(report.id),
    }),
    given && given.error ? el("span", { className: "error", role: "alert", text: given.error }) : null,
  );
}
