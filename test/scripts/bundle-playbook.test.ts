import { describe, expect, it } from "vitest";
import { buildPlaybook, loadPlaybook } from "../../src/playbook/load.js";

describe("the Worker's bundled playbook (src/playbook/bundle.gen.ts, made by `npm run generate`)", () => {
  it("is the same playbook the Node service loads from clauses/", async () => {
    const { PLAYBOOK_FILES } = await import("../../src/playbook/bundle.gen.js");
    const bundled = buildPlaybook(PLAYBOOK_FILES);
    const loaded = await loadPlaybook("clauses");
    expect(bundled.version).toBe(loaded.version);
    expect(bundled.requirements.map((r) => r.id)).toEqual(loaded.requirements.map((r) => r.id));
  });
});
