// Position sharing while the crew is on duty ("Bertugas"): the browser's
// geolocation is watched, and every `intervalS` seconds the fixes taken since the
// last batch go to the outbox as one POST /api/units/<id>/positions/ (queued
// offline like any action).
//
// watchPosition reports changes only: a unit standing still would look lost on
// the dispatcher's map, so a tick without a new fix repeats the last one, stamped
// now (the device still says it is there).

const MAX_BATCH = 500; // units/services/positions.py MAX_BATCH

export class Duty {
  // send(fixes) queues a batch; onState({on, error, last}) shows it.
  constructor({ intervalS, send, onState = () => {} }) {
    this.intervalMs = Math.max(1, intervalS) * 1000;
    this.send = send;
    this.onState = onState;
    this.watch = null;
    this.timer = null;
    this.fixes = [];
    this.last = null;
    this.lost = false; // the device lost its fix since the last one
    this.sentOnce = false;
  }

  get on() {
    return this.watch !== null;
  }

  start() {
    if (this.on) return;
    if (!navigator.geolocation) {
      this.onState({ on: false, error: "unavailable", last: null });
      return;
    }
    this.sentOnce = false;
    this.watch = navigator.geolocation.watchPosition(
      (position) => this.fix(position),
      (error) => this.failed(error),
      { enableHighAccuracy: true, maximumAge: 5000, timeout: 60000 },
    );
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.onState({ on: true, error: null, last: this.last });
  }

  stop() {
    if (this.watch !== null) navigator.geolocation.clearWatch(this.watch);
    clearInterval(this.timer);
    this.watch = null;
    this.timer = null;
    this.fixes = [];
    this.onState({ on: false, error: null, last: this.last });
  }

  fix(position) {
    const c = position.coords;
    const fix = {
      lat: c.latitude,
      lon: c.longitude,
      at: new Date(position.timestamp || Date.now()).toISOString(),
      accuracy_m: Number.isFinite(c.accuracy) ? Math.round(c.accuracy * 10) / 10 : null,
    };
    this.fixes.push(fix);
    this.last = fix;
    this.lost = false;
    this.onState({ on: true, error: null, last: fix });
    // The first fix of a shift goes at once: the desk sees the unit without waiting.
    if (!this.sentOnce) this.tick();
  }

  failed(error) {
    if (error.code === error.PERMISSION_DENIED) {
      this.stop();
      this.onState({ on: false, error: "denied", last: this.last });
    } else {
      this.lost = true;
      this.onState({ on: true, error: "unavailable", last: this.last });
    }
  }

  tick() {
    let batch = this.fixes.splice(0, MAX_BATCH);
    if (!batch.length && this.last && !this.lost) batch = [{ ...this.last, at: new Date().toISOString() }];
    if (!batch.length) return;
    this.sentOnce = true;
    this.send(batch);
  }
}
