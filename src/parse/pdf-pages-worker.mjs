// A helper thread of src/parse/pdf-threads.ts. Plain JavaScript, no TypeScript loader: it only
// runs pdf-text.mjs. Stays alive between documents (pdf.js loads once per thread) and runs its
// jobs one after another: the next document's job may arrive while it finishes a chunk.
import { parentPort } from "node:worker_threads";
import { readClaimedChunks } from "./pdf-text.mjs";

if (!parentPort) throw new Error("pdf-pages-worker.mjs runs only as a worker thread (see src/parse/pdf-threads.ts)");
const port = parentPort;
const post = (reply) => port.postMessage(reply);
let queue = Promise.resolve();
port.on("message", (request) => {
  queue = queue.then(() => readClaimedChunks(request, post));
});
