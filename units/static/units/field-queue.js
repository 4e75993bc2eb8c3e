// The field app's outbox in IndexedDB: actions the crew took, in the order they
// took them, until the server has answered each. It survives a reload, a closed
// browser and a phone that restarts in a dead zone.
//
// An entry: {seq (auto), kind: "status"|"positions", unit_id, url, body, key,
// step?, queued_at}. `key` is the entry's Idempotency-Key, made once when the
// action is taken: every resend of it is the same request to the server.

const DB_NAME = "lapangan";
const STORE = "outbox";

let opening = null;

function database() {
  if (opening) return opening;
  opening = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => {
      opening = null;
      reject(request.error);
    };
  });
  return opening;
}

function run(mode, work) {
  return database().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const result = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(result.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Older browsers: 122 random bits in the same shape.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function enqueue(entry) {
  return run("readwrite", (store) => store.add({ ...entry, queued_at: new Date().toISOString() }));
}

// Every waiting entry, oldest first (the key order of an auto-increment store).
export function pending() {
  return run("readonly", (store) => store.getAll());
}

export function drop(seq) {
  return run("readwrite", (store) => store.delete(seq));
}
