// The agency's own units on its board: call sign, kind, status and the incident
// each works, live from LiveState's units (/ws/agency/ carries only the agency's
// own). A short fold above the cards: the board stays a list of incidents first.

import { el, setText } from "./common.js";

export function renderOurUnits(node, units, S) {
  const U = S.units;
  const list = [...units.values()].sort((a, b) => a.call_sign.localeCompare(b.call_sign));
  const free = list.filter((unit) => unit.status === "available").length;
  node.hidden = list.length === 0;
  setText(
    node.querySelector("summary"),
    `${U.ours}: ${U.available_count.replace("%(n)s", free).replace("%(total)s", list.length)}`,
  );
  node.querySelector("ul").replaceChildren(
    ...list.map((unit) =>
      el(
        "li",
        { className: "our-unit", dataset: { unitId: unit.id, status: unit.status } },
        el("strong", { text: unit.call_sign }),
        ` ${U.kind[unit.kind] || unit.kind} `,
        el("span", { className: `unit-status u-${unit.status}`, text: U.status[unit.status] || unit.status }),
        unit.incident_id ? el("span", { className: "muted", text: ` · #${unit.incident_id}` }) : null,
      ),
    ),
  );
}
