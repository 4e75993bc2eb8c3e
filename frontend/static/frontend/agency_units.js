// The agency's own units on its board: call sign, kind, status and the incident
// each works, live from LiveState's units (/ws/agency/ carries only the agency's
// own). A short fold above the cards: the board stays a list of incidents first.
// Each says how old its last position is, greyed once it is too old to say where
// the unit is (the console's and the recommendation's limit, stale_after_s).

import { el, formatAge, now, setText } from "./common.js";

function positionNote(unit, S) {
  const U = S.units;
  const fix = Date.parse(unit.position_at || "");
  if (Number.isNaN(fix)) return el("span", { className: "muted position-age stale", text: ` · ${U.no_position}` });
  const age = formatAge(unit.position_at, S);
  const stale = now() - fix > U.stale_after_s * 1000;
  return el("span", {
    className: `muted position-age${stale ? " stale" : ""}`,
    text: ` · ${(stale ? U.stale_short : U.position_age).replace("%(age)s", age)}`,
  });
}

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
        positionNote(unit, S),
      ),
    ),
  );
}
