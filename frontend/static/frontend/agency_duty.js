// Who of the agency is on duty, on the board: each open board says so to
// /api/duty/ every `poll_s` seconds and gets back its colleagues seen lately, by
// name (frontend/duty.py). A board that cannot reach the server keeps the last
// roster and says it may be old.

import { api, el, fill, setText } from "./common.js";

export function startDuty({ node, S }) {
  let timer = null;
  let wait = 30000;

  function draw(onDuty, stale) {
    const names = onDuty.map((row) => row.name);
    fill(
      node,
      el("span", { className: "duty-label", text: `${S.on_duty} (${names.length}): ` }),
      ...names.flatMap((name, i) => [i ? ", " : "", el("span", { className: "duty-name", text: name })]),
      stale ? el("span", { className: "muted", text: ` · ${S.duty_stale}` }) : null,
    );
    node.dataset.count = String(names.length);
  }

  let last = [];
  async function beat() {
    clearTimeout(timer);
    const result = await api("/api/duty/", { method: "POST", body: {} });
    if (result.ok) {
      last = result.data.on_duty;
      wait = 1000 * (result.data.poll_s || 30);
      draw(last, false);
    } else {
      draw(last, true);
    }
    timer = setTimeout(beat, wait);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") beat();
  });
  setText(node, S.on_duty);
  beat();
  return { beat };
}
