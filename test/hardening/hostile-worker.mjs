// A parser worker that misbehaves on request (the file name says how), for the pool tests in
// isolated-parser.test.ts. It speaks the same protocol as src/parse/isolated-worker.ts.
import { parentPort, threadId } from "node:worker_threads";

const hoard = [];
parentPort.on("message", (request) => {
  const { id, bytes, options } = request;
  switch (options.name) {
    case "spin":
      // Synchronous and never yields: only worker.terminate() can stop it.
      for (;;) hoard.length = 0;
    case "hoard":
      for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
    case "throw-later":
      setTimeout(() => {
        throw new Error("uncaught in the worker");
      });
      return;
    case "exit":
      process.exit(3);
      return;
    case "slow":
      setTimeout(() => parentPort.postMessage({ id, ok: true, document: { name: options.name } }), 300);
      return;
    default:
      // Echo what arrived, so the test can see that the bytes were moved, not shared.
      parentPort.postMessage({
        id,
        ok: true,
        document: { name: options.name, size: bytes.length, bufferSize: bytes.buffer.byteLength, first: bytes[0], threadId },
      });
  }
});
