// Worker entry for src/parse/isolated.ts. The package runs TypeScript through tsx (see
// bin/contractwijzer.mjs); a worker thread does not inherit the parent's loader hooks, so it
// registers tsx itself before importing the TypeScript worker module. This works the same
// under vitest, `tsx`, and `node bin/contractwijzer.mjs serve`.
import { register } from "tsx/esm/api";

register();
await import("./isolated-worker.ts");
