// A new P1 routed to the agency: a banner that stays while it is unclaimed, and a
// beep. The banner is the alarm (a phone on silent, a browser that blocks sound
// until the page is touched); the beep only adds to it. Browsers let a page play
// sound once someone has touched it, so the audio is unlocked on the first tap;
// the crew can switch the sound off (remembered on this device).

import { el, fill, setText, show, whenReleased } from "./common.js";
import { incidentTitle } from "./incidents.js";

const SOUND_KEY = "agency.sound";
const MAX_SHOWN = 2;

// "Sukaraja, Bumi Waras": the kelurahan and kecamatan; the city is the board's own.
function shortArea(incident) {
  const area = (incident.location_detail && incident.location_detail.area) || "";
  return area.split(", ").slice(0, 2).join(", ");
}

export function createP1Alerts({ node, toggle, labels, S, onShow }) {
  const known = new Set(); // P1s already announced (or there when the page loaded)
  const hidden = new Set(); // banners put away by the crew
  let ready = false; // after the first snapshot: what is there then is not "new"
  let audio = null;
  let soundOn = localStorage.getItem(SOUND_KEY) !== "off";
  const stats = { beeps: 0, announced: [] };

  function unlock() {
    if (!soundOn) return;
    try {
      audio = audio || new AudioContext();
      if (audio.state === "suspended") audio.resume().then(drawToggle, drawToggle);
    } catch {
      audio = null; // no WebAudio: the banner alone
    }
    drawToggle();
  }
  // Any tap unlocks it, but the switch itself decides by what it showed.
  document.addEventListener(
    "pointerdown",
    (event) => {
      if (!toggle.contains(event.target)) unlock();
    },
    { capture: true },
  );

  // On only when the browser will really play it: until the page is touched it says
  // how to switch it on.
  function audible() {
    return Boolean(soundOn && audio && audio.state === "running");
  }

  function beep() {
    stats.beeps += 1;
    if (!audible()) return;
    const start = audio.currentTime;
    for (let i = 0; i < 3; i += 1) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, start + i * 0.3);
      gain.gain.setValueAtTime(0, start + i * 0.3 + 0.18);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + i * 0.3);
      tone.stop(start + i * 0.3 + 0.2);
    }
  }

  function drawToggle() {
    setText(toggle, audible() ? S.sound_on : S.sound_off);
    toggle.setAttribute("aria-pressed", audible() ? "true" : "false");
  }
  toggle.addEventListener("click", () => {
    soundOn = !audible();
    localStorage.setItem(SOUND_KEY, soundOn ? "on" : "off");
    if (soundOn) unlock();
    drawToggle();
  });
  drawToggle();

  function waiting(incidents, isOurs) {
    return [...incidents.values()].filter(
      (i) => i.priority === "P1" && i.status === "new" && (isOurs(i) || !i.lead_agency),
    );
  }

  // After every change: announce P1s not seen before, and draw the banner.
  function update(incidents, { snapshotDone, isOurs }) {
    const open = waiting(incidents, isOurs);
    if (!ready) {
      if (!snapshotDone) return;
      ready = true;
      for (const incident of open) known.add(incident.id);
    }
    let fresh = false;
    for (const incident of open) {
      if (known.has(incident.id)) continue;
      known.add(incident.id);
      hidden.delete(incident.id);
      stats.announced.push(incident.id);
      fresh = true;
    }
    if (fresh) beep();
    shown = open;
    whenReleased(draw);
  }

  // The newest first; past MAX_SHOWN a line counts the rest (they are on the Incoming tab).
  let shown = [];
  function draw() {
    const open = shown.filter((i) => !hidden.has(i.id));
    show(node, open.length > 0);
    const newest = [...open].sort((a, b) => b.id - a.id);
    const rest = newest.length - MAX_SHOWN;
    fill(
      node,
      ...newest.slice(0, MAX_SHOWN).map((incident) =>
        el(
          "div",
          { className: "board-alert", dataset: { id: String(incident.id) }, role: "alert" },
          el("span", { className: "alert-tag", text: "P1" }),
          el(
            "span",
            { className: "alert-text" },
            `${stats.announced.includes(incident.id) ? S.new_p1 : S.p1_waiting}: ${incidentTitle(incident, labels)}`,
            shortArea(incident) ? ` · ${shortArea(incident)}` : "",
          ),
          el("button", { type: "button", className: "btn", text: S.show, onclick: () => onShow(incident.id) }),
          el("button", {
            type: "button",
            className: "btn",
            "aria-label": S.hide_alert,
            text: "×",
            onclick: () => {
              hidden.add(incident.id);
              node.querySelector(`[data-id="${incident.id}"]`)?.remove();
              show(node, node.children.length > 0);
            },
          }),
        ),
      ),
      rest > 0
        ? el("button", { type: "button", className: "board-alert-more", text: `+${rest} ${S.more_p1}`, onclick: () => onShow(null) })
        : null,
    );
  }

  return { update, stats };
}
