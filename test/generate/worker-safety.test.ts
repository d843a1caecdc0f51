/**
 * The Worker imports src/generate/index.ts: nothing reachable from it may need the Handlebars
 * compiler (workerd forbids code generation) or Node built-ins.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { REPO_DIR } from "./fixtures.js";

async function reachableImports(entry: string): Promise<Map<string, string[]>> {
  const seen = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    const source = await readFile(file, "utf8");
    const specifiers = [...source.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
    seen.set(file, specifiers);
    for (const s of specifiers) if (s.startsWith(".")) queue.push(path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
  }
  return seen;
}

it("src/generate/index.ts reaches neither the Handlebars compiler nor node: modules", async () => {
  const graph = await reachableImports(path.join(REPO_DIR, "src/generate/index.ts"));
  expect([...graph.keys()].map((f) => path.relative(REPO_DIR, f))).toContain("src/generate/precompiled.ts");
  for (const [file, specifiers] of graph) {
    const offending = specifiers.filter((s) => s === "handlebars" || s.startsWith("node:") || s.endsWith("/compile.js") || s.endsWith("/load.js"));
    expect(offending, path.relative(REPO_DIR, file)).toEqual([]);
  }
});
