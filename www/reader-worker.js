// The file reader's own worker: it reads large files chunk by chunk for the engine's worker
// (www/worker.js), so that taking pieces from the browser's file stream costs the engine's
// thread nothing. The protocol is in www/reader.js.
import { serveReads } from './reader.js';

serveReads();
