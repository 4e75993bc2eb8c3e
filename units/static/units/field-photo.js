// A crew attaches a photo of the scene to the incident it works:
// POST /api/incidents/<id>/media/ (multipart, `photo`). Online only: a photo is
// large, and the outbox (IndexedDB) keeps small JSON actions; without a signal the
// crew is told to try again, and nothing is queued.

import { api } from "../frontend/common.js";

export function initPhoto({ input, incidentId, notice, S }) {
  input.addEventListener("change", async () => {
    const id = incidentId();
    const files = Array.from(input.files || []);
    input.value = "";
    if (!id || !files.length) return;
    const form = new FormData();
    for (const file of files) form.append("photo", file);
    const result = await api(`/api/incidents/${id}/media/`, { method: "POST", body: form, timeoutMs: 120000 });
    if (result.ok) {
      notice("ok", S.photo_sent);
      return;
    }
    const errors = result.data && result.data.errors ? Object.values(result.data.errors).flat().join(" ") : "";
    const detail = result.data && result.data.detail ? result.data.detail : "";
    notice("error", result.network ? S.photo_offline : `${S.photo_refused} ${errors || detail}`.trim());
  });
}
