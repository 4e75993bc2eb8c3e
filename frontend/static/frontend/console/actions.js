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

  // Merging and cancelling are not undone lightly: the button asks once more
  // (naming what it will do) instead of a dialog, and no reason is chosen for
  // the operator: the browser refuses the form until one is.
  const mergeForm = $("f-merge");
  mergeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const other = Number(mergeForm.elements.other_id.value);
    const button = mergeForm.querySelector("button[type=submit]");
    if (!other || !armed(button, S.confirm_merge.replace("%(other)s", other).replace("%(id)s", ui.selectedId), S.merge)) return;
    if (await act("merge", { other_id: other }, button)) mergeForm.reset();
  });

  const cancelForm = $("f-cancel");
  fillSelect(cancelForm.elements.reason, Object.entries(labels.cancel_reason));
  cancelForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = cancelForm.querySelector("button[type=submit]");
    if (!armed(button, `${S.confirm_cancel} #${ui.selectedId}`, S.cancel_incident)) return;
    const ok = await act(
      "cancel",
      { reason: cancelForm.elements.reason.value, note: cancelForm.elements.note.value },
      button,
    );
    if (ok) cancelForm.reset();
  });

  $("d-close").addEventListener("click", (event) =>
    act("status", { status: "closed" }, event.currentTarget),
  );
  $("d-reopen").addEventListener("click", (event) => act("reopen", {}, event.currentTarget));
  $("d-dispose").addEventListener("click", (event) => act("dispose", {}, event.currentTarget));
}

// The first press arms the button for five seconds (its label says what a
// second press does); the second, for the same incident, goes. True: go.
export function armed(button, confirmLabel, label) {
  if (button.dataset.armed === String(ui.selectedId)) {
    button.dataset.armed = "";
    button.textContent = label;
    return true;
  }
  button.dataset.armed = String(ui.selectedId);
  button.textContent = confirmLabel;
  clearTimeout(button.disarm);
  button.disarm = setTimeout(() => {
    button.dataset.armed = "";
    button.textContent = label;
  }, 5000);
  return false;
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
