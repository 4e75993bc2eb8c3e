// Who is on duty: how many staff of each agency have their board open, from the
// presence frame the server sends the console at every heartbeat
// ({type: "presence", agencies: {"<agency id>": count}}). An agency with nobody
// online is listed first and in red: a P1 routed to it waits for a phone call.

import { $, el, setText } from "../common.js";
import { S, page } from "./state.js";

export function initPresence() {
  setText($("presence-count"), S.presence_waiting);
}

export function renderPresence(counts) {
  const rows = page.agencies.map((agency) => ({ agency, n: Number((counts || {})[String(agency.id)] || 0) }));
  rows.sort((a, b) => (a.n > 0) - (b.n > 0) || a.agency.name.localeCompare(b.agency.name));
  const online = rows.filter((row) => row.n > 0).length;
  setText($("presence-count"), `${online}/${rows.length}`);
  const box = $("presence");
  box.dataset.online = String(online);
  $("presence-list").replaceChildren(
    ...rows.map(({ agency, n }) =>
      el(
        "li",
        { className: n > 0 ? "on" : "off", dataset: { agency: String(agency.id), n: String(n) } },
        el("span", { className: "name", text: agency.name }),
        el("span", { className: "n", text: n > 0 ? S.presence_online.replace("%(n)s", n) : S.presence_none }),
      ),
    ),
  );
}
