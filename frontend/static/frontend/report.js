// The public report form: words, place (my location and/or an address),
// optional name and phone sent only with explicit consent. Posts to
// /api/reports/ and shows the tracking code.

import { api, pageData, setText, show } from "./common.js";

const S = pageData().strings;
const $ = (id) => document.getElementById(id);
const form = $("report");
let point = null;

function renderPoint() {
  show($("r-point-clear"), Boolean(point));
  if (point) {
    setText(
      $("r-point"),
      `${S.located} ${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}${
        point.accuracy ? ` (${S.accuracy} ${Math.round(point.accuracy)} m)` : ""
      }`,
    );
  }
}

$("r-locate").addEventListener("click", () => {
  if (!navigator.geolocation) {
    setText($("r-point"), S.geo_unavailable);
    return;
  }
  setText($("r-point"), S.locating);
  navigator.geolocation.getCurrentPosition(
    (position) => {
      point = {
        lat: position.coords.latitude,
        lon: position.coords.longitude,
        accuracy: position.coords.accuracy,
      };
      renderPoint();
      fieldErrors({});
    },
    (error) => {
      setText($("r-point"), error.code === error.PERMISSION_DENIED ? S.geo_denied : S.geo_unavailable);
    },
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
});

$("r-point-clear").addEventListener("click", () => {
  point = null;
  setText($("r-point"), "");
  renderPoint();
});

function fieldErrors(errors) {
  for (const node of form.querySelectorAll(".field-error")) {
    const messages = errors[node.dataset.for] || [];
    setText(node, messages.join(" "));
    show(node, messages.length > 0);
  }
}

function check(f) {
  const errors = {};
  if (!f.text.value.trim()) errors.text = [S.text_required];
  if (!point && !f.address.value.trim()) errors.address = [S.place_required];
  const contact = f.reporter_name.value.trim() || f.reporter_phone.value.trim();
  if (contact && !f.consent.checked) errors.consent = [S.consent_required];
  return errors;
}

function body(f) {
  const data = { text: f.text.value.trim(), channel: "web", address: f.address.value.trim() };
  if (point) {
    data.lat = Number(point.lat.toFixed(6));
    data.lon = Number(point.lon.toFixed(6));
  }
  // The key questions answered (priority.questions): they move the priority.
  const answers = {};
  for (const input of form.querySelectorAll('input[type=radio][name^="answer-"]:checked')) {
    answers[input.name.slice("answer-".length)] = input.value;
  }
  if (Object.keys(answers).length) data.answers = answers;
  // Name and phone leave the device only with consent.
  if (f.consent.checked) {
    data.reporter_name = f.reporter_name.value.trim();
    data.reporter_phone = f.reporter_phone.value.trim();
  }
  return data;
}

// With photos the report goes as multipart/form-data (the same fields, `photo` files);
// the answers as `answers.<question>` fields, which the API reads back as a dict.
function withFiles(data, files, voices) {
  const form = new FormData();
  for (const [key, value] of Object.entries(data)) {
    if (key === "answers") {
      for (const [question, answer] of Object.entries(value)) form.append(`answers.${question}`, answer);
    } else form.append(key, String(value));
  }
  for (const file of files) form.append("photo", file);
  for (const file of voices) form.append("voice", file);
  return form;
}

function failure(result) {
  if (result.network) return S.network_error;
  if (result.status === 429) return S.rate_limited;
  if (result.data && result.data.errors) return "";
  return `${S.server_error} (${result.status})`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const f = form.elements;
  const errors = check(f);
  fieldErrors(errors);
  show($("r-error"), false);
  if (Object.keys(errors).length) return;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  setText(button, S.sending);
  const files = Array.from($("r-photo").files || []);
  const voices = Array.from($("r-voice").files || []);
  const payload = files.length || voices.length ? withFiles(body(f), files, voices) : body(f);
  const result = await api("/api/reports/", { method: "POST", body: payload, timeoutMs: 60000 });
  button.disabled = false;
  setText(button, S.send);
  if (!result.ok) {
    if (result.data && result.data.errors) fieldErrors(result.data.errors);
    const text = failure(result);
    setText($("r-error"), text);
    show($("r-error"), Boolean(text));
    return;
  }
  const code = result.data.tracking_code;
  setText($("r-code"), code);
  $("r-track").setAttribute("href", `/lacak/${encodeURIComponent(code)}/`);
  show(form, false);
  show($("r-done"), true);
  $("r-done").scrollIntoView();
});
