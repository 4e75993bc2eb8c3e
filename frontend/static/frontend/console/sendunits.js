// "Nearest units" in the incident detail: the units sent to the incident with
// their status (live, from LiveState's units), and the server's recommendation
// (GET /api/incidents/<id>/recommendations/), best first, each with its distance,
// estimated time and reasons. The first one goes in one click; any other is an
// override the API refuses without a reason, so its button first opens a small
// field for it. Refusals (409: the unit or incident moved on; 400) are shown with
// the server's own words.

import { $, api, debounce, el, errorText, interpolate, setText, show } from "../common.js";
import { OPEN, S, ui } from "./state.js";
import { liveUnits } from "./units.js";

const U = S.units;
const recs = { incidentId: null, list: null, failed: false };
let asking = null; // the unit id whose reason field is open
let draft = ""; // its reason so far: the section is redrawn on every unit event
let notice = { text: "", error: false };
let seq = 0;

function number(value) {
  return new Intl.NumberFormat(document.documentElement.lang || "id", { maximumFractionDigits: 1 }).format(value);
}

// Called when the selected incident's detail is (re)loaded and on unit events:
// availability, positions and the incident's own place all change the ranking.
export async function loadRecommendations() {
  const id = ui.selectedId;
  if (id === null) return;
  const mine = ++seq;
  if (recs.incidentId !== id) {
    Object.assign(recs, { incidentId: id, list: null, failed: false });
    asking = null;
    draft = "";
    notice = { text: "", error: false };
  }
  const result = await api(`/api/incidents/${id}/recommendations/`);
  if (mine !== seq || id !== ui.selectedId) return;
  recs.list = result.ok ? result.data : recs.list;
  recs.failed = !result.ok;
  renderUnitsBox();
}
export const reloadRecommendations = debounce(loadRecommendations, 500);

async function send(unit, reason, button) {
  const id = ui.selectedId;
  button.disabled = true;
  const body = reason ? { unit_id: unit.id, reason } : { unit_id: unit.id };
  const result = await api(`/api/incidents/${id}/units/`, { method: "POST", body });
  if (id !== ui.selectedId) return;
  button.disabled = false;
  if (result.ok) {
    asking = null;
    draft = "";
    notice = { text: interpolate(U.unit_sent, { unit: unit.call_sign }), error: false };
  } else {
    notice = { text: errorText(result, S), error: true };
  }
  renderUnitsBox();
  loadRecommendations();
}

function reasonForm(unit) {
  const input = el("input", { name: "reason", maxlength: "500", required: true, "aria-label": U.reason_label, placeholder: U.reason_label });
  input.value = draft;
  input.addEventListener("input", () => {
    draft = input.value;
  });
  const submit = el("button", { type: "submit", className: "btn primary", text: U.send_with_reason });
  const form = el(
    "form",
    { className: "rec-reason", novalidate: true },
    input,
    submit,
    el("button", { type: "button", className: "link-btn", text: U.cancel, onclick: () => { asking = null; renderUnitsBox(); } }),
    // Next to the field it is about: a missing reason, or the server's refusal.
    el("p", { className: "rec-notice", role: "alert", hidden: true }),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = input.value.trim();
    if (!reason) {
      notice = { text: U.reason_required, error: true };
      showNotice();
      input.focus();
      return;
    }
    send(unit, reason, submit);
  });
  return form;
}

function recommendationRow({ unit, distance_km: km, eta_min: eta, reasons }, rank) {
  const where = km == null ? U.no_distance : `${interpolate(U.km, { km: number(km) })} · ${interpolate(U.eta, { min: Math.max(1, Math.round(eta)) })}`;
  const button = el("button", {
    type: "button",
    className: rank === 0 ? "btn primary rec-send" : "btn rec-send",
    text: U.send,
  });
  button.addEventListener("click", () => {
    if (rank === 0) send(unit, "", button);
    else {
      if (asking !== unit.id) draft = "";
      asking = unit.id;
      notice = { text: "", error: false };
      renderUnitsBox();
      $("d-units").querySelector(".rec-reason input")?.focus();
    }
  });
  return el(
    "li",
    { className: "rec", dataset: { unitId: unit.id, rank: rank + 1 } },
    el(
      "div",
      { className: "rec-head" },
      el("strong", { className: "rec-call", text: unit.call_sign }),
      el("span", { className: "rec-kind", text: U.kind[unit.kind] || unit.kind }),
      button,
    ),
    el("div", { className: "rec-where", text: where }),
    el("ul", { className: "rec-reasons small muted" }, ...reasons.map((reason) => el("li", { text: reason }))),
    asking === unit.id ? reasonForm(unit) : null,
  );
}

function sentRows(incidentId) {
  return [...liveUnits().values()]
    .filter((unit) => unit.incident_id === incidentId)
    .map((unit) =>
      el(
        "li",
        { className: "sent-unit", dataset: { unitId: unit.id } },
        el("strong", { text: unit.call_sign }),
        ` ${U.kind[unit.kind] || unit.kind} `,
        el("span", { className: `unit-status u-${unit.status}`, text: U.status[unit.status] || unit.status }),
      ),
    );
}

function showNotice() {
  const node = $("d-units").querySelector(".rec-notice");
  if (!node) return;
  setText(node, notice.text);
  node.className = `rec-notice ${notice.error ? "error" : "done"}`;
  show(node, Boolean(notice.text));
}

function recommendationPart(loaded) {
  if (!loaded || recs.list === null) return el("p", { className: "muted small", text: loaded && recs.failed ? U.recs_unread : S.loading });
  if (!recs.list.length) return el("p", { className: "muted small", text: U.none_needed });
  return el("ol", { className: "recs" }, ...recs.list.map(recommendationRow));
}

// Draws the section from what is known now; loadRecommendations brings the news.
export function renderUnitsBox(incident = null) {
  const box = $("d-units");
  const id = ui.selectedId;
  const open = incident ? OPEN.has(incident.status) : box.dataset.open === "1";
  box.dataset.open = open ? "1" : "0";
  const sent = id === null ? [] : sentRows(id);
  const typing = document.activeElement && box.contains(document.activeElement) && document.activeElement.name === "reason";
  const loaded = recs.incidentId === id;
  const asked = open && loaded && (recs.list || []).some((r) => r.unit.id === asking);
  const parts = [
    sent.length ? el("h3", { text: U.sent }) : null,
    sent.length ? el("ul", { className: "sent-units" }, ...sent) : null,
    open ? el("h3", { text: U.nearest }) : null,
    asked ? null : el("p", { className: "rec-notice", role: "status", hidden: true }),
    open ? recommendationPart(loaded) : null,
  ];
  box.replaceChildren(...parts.filter(Boolean));
  if (typing) box.querySelector(".rec-reason input")?.focus();
  showNotice();
  show(box, open || sent.length > 0);
}
