// Sending the outbox (field-queue.js) to the server, in order, each entry with
// its own Idempotency-Key, so a resend never acts twice: the server answers a
// key it has seen with the first answer (units/services/idempotency.py).
//
// What happens to an entry after a try:
//   answered 2xx           applied: dropped, the page updates the unit
//   409                    a conflict (someone else moved the unit or incident,
//                          the step is no longer valid): shown, dropped
//   other 4xx              refused (bad input, another agency's unit): shown,
//                          dropped; never retried forever
//   401/403 signed out     kept: sending stops until the crew signs in again
//   no answer, 5xx, 429    kept: sending stops and is tried again later, in order

import { api } from "../frontend/common.js";
import { drop, enqueue, newKey, pending } from "./field-queue.js";

const TIMEOUT_MS = 15000;
const RETRY_MS = [2000, 5000, 10000, 30000];

// Always with the entry's own key: a replay gets the first answer (the server's
// Idempotency-Key), never a second change.
function post(entry) {
  return api(entry.url, {
    method: "POST",
    body: entry.body,
    timeoutMs: TIMEOUT_MS,
    headers: { "Idempotency-Key": entry.key },
  });
}

async function signedIn() {
  try {
    const response = await fetch("/api/units/", { credentials: "same-origin", headers: { Accept: "application/json" } });
    return response.ok;
  } catch {
    return true; // no answer: not a sign-out, the network is down
  }
}

export class Outbox {
  // onState({waiting, offline, signedOut}); onAnswer(entry, result, outcome) with
  // outcome "applied", "conflict" or "refused".
  constructor({ onState = () => {}, onAnswer = () => {} }) {
    this.onState = onState;
    this.onAnswer = onAnswer;
    this.entries = [];
    this.offline = !navigator.onLine;
    this.signedOut = false;
    this.running = false;
    this.again = false;
    this.retry = 0;
    this.timer = null;
    addEventListener("online", () => this.flush());
    addEventListener("offline", () => {
      this.offline = true;
      this.report();
    });
  }

  async add(entry) {
    await enqueue({ ...entry, key: newKey() });
    await this.refresh();
    this.flush();
  }

  async refresh() {
    this.entries = await pending();
    this.report();
  }

  report() {
    this.onState({ waiting: this.entries, offline: this.offline, signedOut: this.signedOut });
  }

  // One sender at a time, across this page's tabs too (Web Locks): an entry is
  // never in flight twice from the same phone.
  async flush() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    clearTimeout(this.timer);
    try {
      do {
        this.again = false;
        if (navigator.locks) await navigator.locks.request("lapangan-outbox", () => this.drain());
        else await this.drain();
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  async drain() {
    for (;;) {
      await this.refresh();
      const entry = this.entries[0];
      if (!entry) {
        this.offline = !navigator.onLine;
        this.retry = 0;
        break;
      }
      const result = await post(entry);
      const outcome = await this.outcome(result);
      if (outcome === "keep") {
        this.later();
        break;
      }
      this.offline = false;
      this.signedOut = false;
      this.retry = 0;
      await drop(entry.seq);
      this.onAnswer(entry, result, outcome);
    }
    await this.refresh();
  }

  async outcome(result) {
    if (result.network) {
      this.offline = true;
      return "keep";
    }
    if (result.ok) return "applied";
    if (result.status === 409) return "conflict";
    if ((result.status === 401 || result.status === 403) && !(await signedIn())) {
      this.signedOut = true;
      return "keep";
    }
    if (result.status >= 500 || result.status === 429) return "keep";
    return "refused";
  }

  later() {
    const delay = RETRY_MS[Math.min(this.retry, RETRY_MS.length - 1)];
    this.retry += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), delay);
  }
}
