// The escalation alerts of the agency (interop/alerts.py): the messages sent to
// its duty officer, then its head, then the supervisor, while nobody acts. The
// board lists the open ones with the step reached and when the next goes out, and
// "Acknowledge" stops the chain (POST /api/alerts/<id>/ack/, logged as
// `alert.acknowledged` via "board"). Read again on every `alert.*` event and each
// minute: an acknowledgement by SMS reply or by a colleague clears it here too.

import { api, el, errorText, formatAge, interpolate, now, setText, whenReleased } from "./common.js";

const ROLES = ["officer", "head", "supervisor"]; // interop.models.DutyRole, by level
const REFRESH_MS = 60_000;

export function startEscalations({ node, S, onShow }) {
  const E = S.escalations;
  let open = [];
  let failed = "";

  function minutesLeft(iso) {
    const at = Date.parse(iso || "");
    return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now()) / 60000));
  }

  function row(alert) {
    const role = E.role[ROLES[alert.level]] || ROLES[alert.level] || "";
    const left = minutesLeft(alert.next_at);
    const next = left === null || alert.level >= ROLES.length - 1 ? E.last_step : interpolate(E.next_step, { min: left });
    const ack = el("button", { type: "button", className: "btn primary", text: E.acknowledge });
    ack.addEventListener("click", () => acknowledge(alert, ack));
    const show = el("button", { type: "button", className: "btn", text: S.show });
    show.addEventListener("click", () => onShow(alert.incident_id));
    return el(
      "li",
      { className: "escalation", dataset: { alertId: alert.id, level: alert.level } },
      el("span", { className: "alert-tag", text: `#${alert.incident_id} ${alert.priority}` }),
      el(
        "span",
        { className: "alert-text" },
        `${E.reason[alert.reason] || alert.reason}. `,
        interpolate(E.sent_to, { role, age: formatAge(alert.created_at, S) }),
        el("span", { className: "escalation-next", text: ` ${next}` }),
      ),
      ack,
      show,
    );
  }

  function draw() {
    node.hidden = open.length === 0 && !failed;
    const items = open.map(row);
    node.replaceChildren(
      el("h2", { className: "small", text: E.title }),
      el("ul", {}, ...items),
      failed ? el("p", { className: "card-error", role: "alert", text: failed }) : "",
    );
  }

  async function load() {
    const answer = await api("/api/alerts/");
    if (!answer.ok) return; // the board keeps what it showed; the next read may do
    open = answer.data.filter((alert) => alert.state === "open");
    whenReleased(draw);
  }

  async function acknowledge(alert, button) {
    button.disabled = true;
    setText(button, S.loading);
    const answer = await api(`/api/alerts/${alert.id}/ack/`, { method: "POST" });
    failed = answer.ok ? "" : errorText(answer, S);
    if (answer.ok) open = open.filter((a) => a.id !== alert.id);
    draw();
    load();
  }

  load();
  setInterval(load, REFRESH_MS);
  return {
    onEvent(message) {
      if (message && typeof message.event === "string" && message.event.startsWith("alert.")) load();
    },
    get open() {
      return open;
    },
  };
}
