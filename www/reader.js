// Reading files on another core. Taking a piece from a `File` stream costs the thread that
// takes it about half a millisecond per megabyte (the browser copies it into fresh memory):
// 0.3 s of a 528 MB bundle's 4 s. So the engine's worker (www/worker.js) starts a second
// copy of itself as a reader, which reads ahead, gathers the stream's pieces into 4 MB
// chunks and hands them over without a copy; the engine waits for a chunk only while its
// message is delivered. Where the reader cannot start (a browser without nested workers, a
// page whose policy forbids them) or is not ready yet, the engine reads each file itself;
// where it stops partway through a file, the engine reads the rest of that file itself.
//
//   engine -> reader: {type: 'open', id, file} | {type: 'more', id} | {type: 'close', id}
//   reader -> engine: {type: 'ready'} | {id, chunk: ArrayBuffer} | {id, done: true} | {id, error}

/** The worker's name that makes www/worker.js a reader. */
export const READER_NAME = 'cin7-healthcheck-reader';
const CHUNK_BYTES = 4 << 20;
/** Chunks read ahead of the engine: enough to keep it busy, little memory. */
const AHEAD = 3;
const FEED_BYTES = 1 << 20;
/** A smaller file is read by the engine itself: a round trip to the reader would cost more
 * than the reader saves. */
export const READ_AHEAD_MIN_BYTES = 8 << 20;

/** The reader's side: answers the engine's messages. */
export function serveReads() {
  const open = new Map(); // id -> {credit, wake, closed}
  self.onmessage = ({ data }) => {
    const state = open.get(data.id);
    if (data.type === 'open') {
      const fresh = { credit: AHEAD, wake: null, closed: false };
      open.set(data.id, fresh);
      readInto(data.id, data.file, fresh).finally(() => open.delete(data.id));
    } else if (state && data.type === 'more') {
      state.credit++;
      state.wake?.();
    } else if (state && data.type === 'close') {
      state.closed = true;
      state.wake?.();
    }
  };
  self.postMessage({ type: 'ready' });
}

async function readInto(id, file, state) {
  const reader = file.stream().getReader();
  try {
    let piece = new Uint8Array(0); // what is left of the stream's last piece
    let ended = false;
    while (!ended) {
      while (state.credit === 0 && !state.closed) await new Promise((ok) => { state.wake = ok; });
      if (state.closed) break;
      const chunk = new Uint8Array(CHUNK_BYTES);
      let filled = 0;
      while (filled < CHUNK_BYTES) {
        if (piece.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            ended = true;
            break;
          }
          piece = value;
        }
        const take = Math.min(piece.length, CHUNK_BYTES - filled);
        chunk.set(piece.subarray(0, take), filled);
        piece = piece.subarray(take);
        filled += take;
      }
      if (filled > 0) {
        const buffer = filled === CHUNK_BYTES ? chunk.buffer : chunk.slice(0, filled).buffer;
        state.credit--;
        self.postMessage({ id, chunk: buffer }, [buffer]);
      }
    }
    if (!state.closed) self.postMessage({ id, done: true });
  } catch (err) {
    self.postMessage({ id, error: String(err && err.message ? err.message : err) });
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The engine's side: one reader, its streams told apart by id. */
export class ReadAhead {
  constructor(worker) {
    this.worker = worker;
    this.streams = new Map(); // id -> {queue, wake}
    this.nextId = 1;
    /** A stream opened before its file's turn (see `readEarly`). */
    this.early = null;
    /** False once the reader has failed: the engine then reads files itself. */
    this.alive = true;
    this.ready = new Promise((resolve) => {
      worker.onerror = (event) => {
        event.preventDefault?.();
        this.alive = false;
        resolve(false);
        this.fail();
      };
      worker.onmessage = ({ data }) => {
        if (data.type === 'ready') return resolve(true);
        const stream = this.streams.get(data.id);
        if (!stream) return;
        stream.queue.push(data);
        stream.wake?.();
      };
    });
  }

  /** Starts a reader; answers null where none can start. */
  static async start(url, type) {
    try {
      const ahead = new ReadAhead(new Worker(url, { type, name: READER_NAME }));
      return (await ahead.ready) ? ahead : null;
    } catch {
      return null;
    }
  }

  /** The reader stopped: each stream it was serving is told where it got to. */
  fail() {
    for (const stream of this.streams.values()) {
      stream.queue.push({ died: true });
      stream.wake?.();
    }
  }

  /**
   * Starts reading `file` before its `stream` call (the next file to load), so that its
   * first chunks are there when the engine gets to it; a stream started early for another
   * file is stopped.
   */
  readEarly(file) {
    if (this.early?.file === file) return;
    this.dropEarly();
    this.early = this.open(file);
  }

  /** Stops the stream started early, if no `stream` call took it. */
  dropEarly() {
    if (!this.early) return;
    this.worker.postMessage({ type: 'close', id: this.early.id });
    this.streams.delete(this.early.id);
    this.early = null;
  }

  open(file) {
    const stream = { id: this.nextId++, file, queue: [], wake: null };
    this.streams.set(stream.id, stream);
    this.worker.postMessage({ type: 'open', id: stream.id, file });
    return stream;
  }

  /**
   * Hands each chunk of `file` to `each` until the file ends or `each` returns false, then
   * resolves to null; if the reader stops partway, resolves to how many bytes it handed
   * over, and the caller reads the rest itself.
   */
  async stream(file, each) {
    let stream = this.early;
    if (stream?.file === file) {
      this.early = null;
    } else {
      this.dropEarly();
      stream = this.open(file);
    }
    const { id } = stream;
    let ended = false;
    let handed = 0;
    try {
      for (;;) {
        while (stream.queue.length === 0) await new Promise((ok) => { stream.wake = ok; });
        const msg = stream.queue.shift();
        ended = Boolean(msg.error || msg.done || msg.died);
        if (msg.died) return handed;
        if (msg.error) throw new Error(msg.error);
        if (msg.done) return null;
        this.worker.postMessage({ type: 'more', id });
        // Handed on a megabyte at a time: each piece is copied into the module's memory,
        // where a smaller copy takes less room.
        const chunk = new Uint8Array(msg.chunk);
        for (let at = 0; at < chunk.length; at += FEED_BYTES) {
          const piece = chunk.subarray(at, at + FEED_BYTES);
          if (each(piece) === false) return null;
          handed += piece.length;
        }
      }
    } finally {
      // Stopped early (enough read, or the engine failed): the reader stops too.
      if (!ended) this.worker.postMessage({ type: 'close', id });
      this.streams.delete(id);
    }
  }
}
