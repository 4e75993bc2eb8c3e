// One candidate of "the same event?" as the call-taker's preview and an incident's
// detail both list it: the incident, its status, distance and match, and the
// judge's reasons in the operator's language.

import { el, statusChip } from "../common.js";
import { sameEventText } from "./judgement.js";
import { S, labels } from "./state.js";

export function duplicateItem(d, { open, actions = [] }) {
  return el(
    "li",
    { className: d.likely ? "dup likely" : "dup" },
    el("button", {
      type: "button",
      className: "link-btn",
      text: `#${d.incident.id} ${labels.category[d.incident.category] || d.incident.category}`,
      onclick: open,
    }),
    " ",
    statusChip(d.incident.status, labels),
    el("span", {
      className: "small",
      text: ` ${d.distance_m !== null ? `${d.distance_m} m · ` : ""}${S.match} ${Math.round(d.score * 100)}%`,
    }),
    d.likely ? el("span", { className: "chip warn", text: S.likely_duplicate }) : null,
    ...actions,
    el("div", { className: "muted small", text: sameEventText(d.reason, S, labels) }),
  );
}
