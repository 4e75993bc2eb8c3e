// The desk's actions on the selected incident: assign an agency, merge a
// duplicate into it, cancel, close, reopen, dispose, and save a moved pin. Each
// one disables its button while on its way, says what went wrong in the
// detail, and shows the answer at once instead of waiting for the event.

import { $, errorText, fillSelect, setText, show } from "../common.js";
import { applyAnswer, postAction } from "../incidents.js";
import { detailError, loadDetail, renderMove } from "./detail.js";
import { refreshMarker } from "./markers.js";
import { scheduleQueue } from "./queue.js";
import { S, labels, live, page, ui } from "./state.js";

export function initActions() {
  $("d-move-save").addEventListener("click", async () => {
    if (!ui.proposed || ui.selectedId === null) return;
    const { lat, lon } = ui.proposed;
    await act("locate", { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) }, $("d-move-save"));
    ui.proposed = null;
    renderMove();
  });

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
}

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
  const result = await postAction(id, action, body);
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
  if (applyAnswer(live.incidents, result)) {
    refreshMarker(id);
    scheduleQueue();
  }
  toast(S.done);
  loadDetail();
  return true;
}
