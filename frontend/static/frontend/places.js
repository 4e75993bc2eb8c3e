// Where an incident or a report is, as a dispatcher needs it: how far the point
// can be trusted (known / approximate / unknown), the place's names, and why.
// Reasons come from the server as codes with the words they are about; their
// sentences come from the page's catalogue (S.location_reasons), so they are in
// the operator's language. Words from a report only ever enter as text nodes.

import { el } from "./common.js";

// "%(words)s" -> the value of `words`; unknown names stay as they are.
export function fill(template, params) {
  return template.replace(/%\(([a-z_]+)\)s/g, (whole, name) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(", ") : String(value);
  });
}

export function reasonText(reason, S) {
  const template = (S.location_reasons || {})[reason.code];
  return template ? fill(template, reason) : reason.code;
}

export function stateChip(state, labels) {
  const kind = state === "known" ? "ok" : state === "approximate" ? "warn" : "danger";
  return el("span", {
    className: `chip loc-${state || "unknown"} ${kind}`,
    text: (labels.location_state || {})[state || "unknown"] || state,
  });
}

// The place's names, finest first: "Sukamenanti, Kedaton, Kota Bandar Lampung".
export function placeNames(region) {
  if (!region) return "";
  return [region.village, region.district, region.regency].filter(Boolean).join(", ");
}

// A block: the state, what the point is, and the reasons as a list.
export function locationBlock({ state, detail, names, point }, labels, S) {
  const reasons = (detail && detail.reasons) || [];
  return el(
    "div",
    { className: "location-block" },
    el("div", {}, stateChip(state, labels), " ", names || (point ? point : S.no_location)),
    reasons.length
      ? el("ul", { className: "reasons small" }, ...reasons.map((r) => el("li", { text: reasonText(r, S) })))
      : null,
  );
}
