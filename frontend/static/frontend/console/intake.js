// The call-taker's form: a phone report typed while the caller talks, its
// place clicked on the map, and a live preview of how triage will rate it and
// which open incidents it may repeat, before it is saved. The preview is only
// advice: saving goes through /api/reports/ like any other report.

import { $, api, debounce, el, errorText, priorityBadge, setText, show } from "../common.js";
import { categoryIcon, hasLocation, pickIcon } from "../map.js";
import { locationBlock, placeNames } from "../places.js";
import { linkReport } from "./calls.js";
import { duplicateItem } from "./duplicates.js";
import { judgementText } from "./judgement.js";
import { intakeLayer, map, previewLayer } from "./markers.js";
import { S, labels, page, ui } from "./state.js";

// The caller's answers to the key questions ({question id: "yes" | "no" | "unknown"}):
// they move the priority as dispatch protocols do, and are saved with the report.
const answers = {};
const ANSWERS = [
  ["yes", "answer_yes"],
  ["no", "answer_no"],
  ["unknown", "answer_unknown"],
];

const intake = $("intake");

export function initIntake() {
  $("intake-clear").addEventListener("click", () => setIntakePoint(null));

  intake.addEventListener("input", (event) => {
    if (["text", "address"].includes(event.target.name)) schedulePreview();
  });
  intake.addEventListener("submit", saveReport);
}

export function setIntakePoint(point) {
  ui.intakePoint = point;
  intakeLayer.clearLayers();
  previewLayer.clearLayers();
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
  if (Object.keys(answers).length) body.answers = { ...answers };
  return body;
}

// The questions of the category the preview found, each with its answer buttons.
function renderQuestions(ids) {
  const box = $("intake-questions");
  show(box, ids.length > 0);
  $("questions-list").replaceChildren(
    ...ids.map((id) =>
      el(
        "li",
        { className: "question", dataset: { question: id } },
        el("span", { className: "question-text", text: page.questions[id] || id }),
        el(
          "span",
          { className: "answers", role: "group", "aria-label": page.questions[id] || id },
          ...ANSWERS.map(([value, label]) =>
            el("button", {
              type: "button",
              className: `btn answer${answers[id] === value ? " chosen" : ""}`,
              "aria-pressed": answers[id] === value ? "true" : "false",
              dataset: { answer: value },
              text: S[label],
              onclick: () => answer(id, value, ids),
            }),
          ),
        ),
      ),
    ),
  );
}

function answer(id, value, ids) {
  if (answers[id] === value) delete answers[id];
  else answers[id] = value;
  renderQuestions(ids);
  schedulePreview();
}

let previewSeq = 0;
const schedulePreview = debounce(runPreview, 500);

async function runPreview() {
  const body = intakeBody();
  if (!body.text && !body.address && !ui.intakePoint) {
    previewLayer.clearLayers();
    $("preview-body").replaceChildren(el("span", { className: "muted", text: S.preview_empty }));
    $("preview-dups").replaceChildren();
    return;
  }
  const seq = ++previewSeq;
  setText($("preview-state"), S.updating);
  const payload = { text: body.text, channel: "phone", address: body.address };
  if (body.lat !== undefined) Object.assign(payload, { lat: body.lat, lon: body.lon });
  if (body.answers) payload.answers = body.answers;
  const result = await api("/api/preview/", { method: "POST", body: payload, timeoutMs: 10000 });
  if (seq !== previewSeq) return; // a newer preview is on its way
  setText($("preview-state"), "");
  if (!result.ok) {
    $("preview-body").replaceChildren(el("span", { className: "error", text: errorText(result, S) }));
    return;
  }
  renderPreview(result.data);
}

// Where the words put the report, until the call-taker sets a point: a dashed ring
// on the map, so that a place read wrong is seen before the report is saved. A
// click on it takes it as the report's point.
function showPreviewPlace(location) {
  previewLayer.clearLayers();
  if (ui.intakePoint || location.lat === null || location.lon === null) return;
  const ring = L.circleMarker([location.lat, location.lon], {
    radius: 16,
    color: "#0d47a1",
    weight: 3,
    dashArray: "5 5",
    fill: true,
    fillOpacity: 0.08,
    className: "preview-place",
  });
  ring.bindTooltip(S.preview_place);
  ring.on("click", (event) => {
    L.DomEvent.stopPropagation(event); // not also a click on the map under it
    setIntakePoint({ lat: location.lat, lon: location.lon });
  });
  previewLayer.addLayer(ring);
}

function renderPreview(data) {
  const a = data.assessment;
  const location = data.location;
  renderQuestions(data.questions || []);
  showPreviewPlace(location);
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
    a.reasons.length ? el("ul", { className: "reasons small" }, ...a.reasons.map((r) => el("li", { text: judgementText(r, S, labels) }))) : null,
    el("div", { className: "small" }, `${S.location}: `),
    locationBlock(
      {
        state: location.state,
        detail: location,
        names: location.area || placeNames(location.region),
        point: location.lat !== null ? `${location.lat}, ${location.lon}` : "",
      },
      labels,
      S,
    ),
  );
  $("preview-dups").replaceChildren(
    ...(data.duplicates.length
      ? data.duplicates.map((d) => duplicateItem(d, { open: () => focusIncident(d.incident) }))
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

async function saveReport(event) {
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
  // A report taken from a phone system's call: linked to it (its outcome, its
  // handset position on the incident).
  await linkReport(result.data.id);
  intake.reset();
  for (const id of Object.keys(answers)) delete answers[id];
  renderQuestions([]);
  setIntakePoint(null);
  $("preview-body").replaceChildren(el("span", { className: "muted", text: S.preview_empty }));
  $("preview-dups").replaceChildren();
}
