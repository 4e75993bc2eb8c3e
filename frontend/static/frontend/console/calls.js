// The phone system's calls on the console (docs/TELEPHONY.md): a call answered at
// this operator's extension opens the phone intake with the caller's number, the
// caller's history (earlier reports, pranks, open incidents near their last
// position) and the handset's AML position as a circle of its accuracy. The
// report saved from it is linked to the call (intake.js). Also the call-back
// list of dropped and abandoned calls, and the handset circle of a selected
// incident.
//
// The console learns of the call by a short poll of /api/calls/current/ (why a
// poll and not the socket: calls/api.py, CurrentCallView).

import { $, api, el, errorText, formatAge, formatTime, setText, show, statusChip } from "../common.js";
import { setIntakePoint } from "./intake.js";
import { map } from "./markers.js";
import { S, labels, page, ui } from "./state.js";
import { switchTab } from "./tabs.js";

const C = S.calls;
const POLL_MS = page.extension ? 1500 : 15000; // without an extension: the count only
const callLayer = L.layerGroup().addTo(map);
const handsetLayer = L.layerGroup().addTo(map);
let shown = ""; // the call as last drawn, to redraw only on a change

export function initCalls() {
  $("intake-call-close").addEventListener("click", endCall);
  $("callbacks").addEventListener("toggle", () => {
    if ($("callbacks").open) loadCallbacks();
  });
  poll();
}

async function poll() {
  const result = await api("/api/calls/current/", { timeoutMs: 5000 });
  if (result.ok) {
    setText($("callbacks-count"), String(result.data.callbacks_waiting));
    if (result.data.call) onCall(result.data.call);
  }
  setTimeout(poll, POLL_MS);
}

function onCall(call) {
  const first = !ui.poppedCalls.has(call.id);
  if (first) {
    ui.poppedCalls.add(call.id);
    ui.call = call;
    switchTab("intake");
    $("intake").elements.reporter_phone.value = call.caller;
  } else if (!ui.call || ui.call.id !== call.id) {
    return; // popped before and closed, or the report saved: not again
  }
  const hadFix = Boolean(ui.call.location);
  ui.call = call;
  const drawn = JSON.stringify(call);
  if (drawn === shown) return;
  shown = drawn;
  renderCall(call);
  if (call.location && (first || !hadFix)) placeFix(call.location);
}

// The handset's position: the intake's point (unless the operator placed one) and
// the circle of its accuracy.
function placeFix(fix) {
  callLayer.clearLayers();
  const circle = accuracyCircle(fix, "call-accuracy");
  callLayer.addLayer(circle);
  if (!ui.intakePoint) setIntakePoint({ lat: fix.lat, lon: fix.lon });
  map.fitBounds(circle.getBounds(), { maxZoom: 17 });
}

function accuracyCircle(fix, className) {
  return L.circle([fix.lat, fix.lon], {
    radius: fix.accuracy_m,
    className,
    color: "#1565c0",
    weight: 2,
    fillOpacity: 0.12,
    interactive: false,
  });
}

function fixLine(fix) {
  return C.handset.replace("%(m)s", Math.round(fix.accuracy_m)).replace("%(source)s", C.sources[fix.source] || fix.source);
}

function renderCall(call) {
  const box = $("intake-call");
  show(box, true);
  box.dataset.call = call.call_id;
  setText($("intake-call-title"), call.caller ? C.call_from.replace("%(number)s", call.caller) : C.withheld);
  setText(
    $("intake-call-meta"),
    `${C.answered_at.replace("%(ext)s", call.extension)} · ${formatTime(call.answered_at)}${call.ended_at ? ` · ${C.ended}` : ""}`,
  );
  const fix = $("intake-call-fix");
  setText(fix, call.location ? fixLine(call.location) : C.handset_none);
  fix.classList.toggle("muted", !call.location);
  const flags = [];
  if (call.repeat_prank) flags.push(el("span", { className: "chip danger", text: C.repeat_prank }));
  if (call.prank_count) flags.push(el("span", { className: "chip warn", text: C.pranks.replace("%(n)s", call.prank_count) }));
  $("intake-call-flags").replaceChildren(...flags);
  renderHistory(call);
}

function renderHistory(call) {
  setText($("intake-call-reports-title"), C.earlier_reports.replace("%(n)s", call.report_count));
  $("intake-call-reports").replaceChildren(
    ...(call.reports.length
      ? call.reports.map((r) =>
          el(
            "li",
            { dataset: { report: String(r.id) } },
            el("span", { className: "muted small", text: `${formatTime(r.received_at, true)} · ${labels.channel[r.channel] || r.channel} ` }),
            r.incident ? el("span", { className: "small", text: `#${r.incident.id} ` }) : null,
            r.incident ? statusChip(r.incident.status, labels) : null,
            r.incident && r.incident.cancel_reason === "prank" ? el("span", { className: "chip warn", text: C.prank }) : null,
            el("div", { className: "small", text: r.text }),
          ),
        )
      : [el("li", { className: "muted small", text: C.no_reports })]),
  );
  const last = call.last_location;
  setText($("intake-call-nearby-title"), last && last.source === "report" ? `${C.nearby} ${C.last_from_report}` : C.nearby);
  $("intake-call-nearby").replaceChildren(
    ...(call.nearby.length
      ? call.nearby.map((n) =>
          el(
            "li",
            { dataset: { incident: String(n.id) } },
            el("span", { className: "small", text: `#${n.id} ${labels.category[n.category] || n.category} · ${n.distance_m} m ` }),
            statusChip(n.status, labels),
          ),
        )
      : [el("li", { className: "muted small", text: last ? C.nearby_none : C.no_position })]),
  );
}

// The call is over for the form: the report was saved (intake.js), or closed.
export function endCall() {
  ui.call = null;
  shown = "";
  callLayer.clearLayers();
  show($("intake-call"), false);
}

// After the report of the call is saved: the call's outcome becomes `answered` and
// the incident shows the handset circle.
export async function linkReport(reportId) {
  const call = ui.call;
  if (!call) return;
  await api(`/api/calls/${call.id}/report/`, { method: "POST", body: { report_id: reportId } });
  endCall();
}

// --- the selected incident's handset position ----------------------------------------

let handsetSeq = 0;
export async function loadHandset(incidentId) {
  const seq = ++handsetSeq;
  const result = await api(`/api/incidents/${incidentId}/handset/`);
  if (seq !== handsetSeq) return;
  handsetLayer.clearLayers();
  const node = $("d-handset");
  const fixes = result.ok ? result.data : [];
  show(node, fixes.length > 0);
  if (!fixes.length) return;
  const best = fixes.reduce((a, b) => (b.accuracy_m < a.accuracy_m ? b : a));
  for (const fix of fixes) handsetLayer.addLayer(accuracyCircle(fix, "incident-accuracy"));
  setText(node, `${fixLine(best)} · ${formatAge(best.located_at, S)}`);
}

export function clearHandset() {
  handsetSeq += 1;
  handsetLayer.clearLayers();
  show($("d-handset"), false);
}

// --- call-back list ----------------------------------------------------------------

async function loadCallbacks() {
  const list = $("callbacks-list");
  const result = await api("/api/calls/callbacks/");
  if (!result.ok) {
    list.replaceChildren(el("li", { className: "error", text: errorText(result, S) }));
    return;
  }
  setText($("callbacks-count"), String(result.data.length));
  list.replaceChildren(
    ...(result.data.length
      ? result.data.map((call) =>
          el(
            "li",
            { dataset: { call: call.call_id } },
            el("a", { className: "name", href: `tel:${call.caller}`, text: call.caller }),
            el("span", { className: "muted small", text: ` ${C.outcomes[call.outcome] || call.outcome} · ${formatAge(call.started_at, S)} ` }),
            el("button", { type: "button", className: "chip-btn", text: C.callback_done, onclick: () => callbackDone(call) }),
          ),
        )
      : [el("li", { className: "muted", text: C.callbacks_none })]),
  );
}

async function callbackDone(call) {
  const result = await api(`/api/calls/${call.id}/callback/`, { method: "POST" });
  if (result.ok) loadCallbacks();
}
