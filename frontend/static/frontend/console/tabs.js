// The side panel's two tabs: the selected incident's detail, and the
// call-taker's form. While the form is shown a click on the map places the
// caller, so the page says so (the "picking" cursor and hint).

import { $, setText, show } from "../common.js";
import { S, ui } from "./state.js";

export function initTabs() {
  $("tab-detail").addEventListener("click", () => switchTab("detail"));
  $("tab-intake").addEventListener("click", () => switchTab("intake"));
}

export function switchTab(tab) {
  ui.tab = tab;
  for (const name of ["detail", "intake"]) {
    $(`tab-${name}`).setAttribute("aria-selected", name === tab ? "true" : "false");
    show($(`panel-${name}`), name === tab);
  }
  document.body.classList.toggle("picking", tab === "intake");
  show($("pick-hint"), tab === "intake");
  setText($("pick-hint"), S.pick_hint);
}
