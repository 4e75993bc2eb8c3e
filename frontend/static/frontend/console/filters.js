// The queue's filters (category, status, agency, priority). One test, used by
// the queue and by the map alike, so both always show the same incidents.

import { $, fillSelect } from "../common.js";
import { OPEN, labels, page, ui } from "./state.js";

export function initFilters(onChange) {
  const filterForm = $("filters");
  fillSelect(filterForm.elements.category, Object.entries(labels.category));
  fillSelect(
    filterForm.elements.status,
    ["new", "claimed", "en_route", "on_scene", "resolved"].map((s) => [s, labels.status[s]]),
  );
  fillSelect(
    filterForm.elements.agency,
    page.agencies.map((a) => [String(a.id), a.name]),
  );
  fillSelect(filterForm.elements.priority, Object.entries(labels.priority));
  filterForm.addEventListener("change", () => {
    for (const key of Object.keys(ui.filters)) ui.filters[key] = filterForm.elements[key].value;
    onChange();
  });
  filterForm.addEventListener("submit", (event) => event.preventDefault());
}

function involves(incident, agencyId) {
  if (incident.lead_agency && String(incident.lead_agency.id) === agencyId) return true;
  return (incident.agencies || []).some((a) => String(a.id) === agencyId);
}

export function passes(incident) {
  const f = ui.filters;
  if (f.category && incident.category !== f.category) return false;
  if (f.priority && incident.priority !== f.priority) return false;
  if (f.status === "open") {
    if (!OPEN.has(incident.status)) return false;
  } else if (f.status && incident.status !== f.status) return false;
  if (f.agency === "none") {
    if (incident.lead_agency || (incident.agencies || []).length) return false;
  } else if (f.agency && !involves(incident, f.agency)) return false;
  return true;
}
