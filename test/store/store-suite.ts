/**
 * One suite for every Store driver: test/store/sqlite.test.ts runs it on better-sqlite3 (a
 * real file), test/worker/store.d1.test.ts on D1 inside workerd.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { organisations } from "../../db/schema.js";
import type { StoreDatabase, WriteAtomically } from "../../src/store/drizzle-store.js";
import type { Actor, NewDocument, Store } from "../../src/store/types.js";
import { reportFixture } from "./report-fixture.js";

export interface StoreUnderTest {
  store: Store;
  db: StoreDatabase;
  writeAtomically: WriteAtomically;
  /** Raw rows, to see what the store really wrote. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** `open` gets a fresh, migrated database and a clock that ticks one second per call. */
export function storeSuite(driver: string, open: (clock: () => Date) => Promise<StoreUnderTest>): void {
  describe(`store on ${driver}`, () => {
    let t: StoreUnderTest;
    let store: Store;
    let tick: number;

    beforeEach(async () => {
      tick = Date.UTC(2026, 0, 1);
      t = await open(() => {
        tick += 1000;
        return new Date(tick);
      });
      store = t.store;
    });

    const cli = (orgId: string): Actor => ({ orgId, tokenId: null, role: "cli" });

    async function officerOf(orgName: string): Promise<Actor> {
      const org = await store.organisations.ensure(orgName);
      const { token } = await store.tokens.create({ orgId: org.id, role: "officer" }, cli(org.id));
      return { orgId: org.id, tokenId: token.id, role: "officer" };
    }

    function textDocument(name: string, text: string): NewDocument {
      const bytes = new TextEncoder().encode(text);
      return { name, sha256: "b".repeat(64), format: "txt", pages: null, language: "en", characters: text.length, bytes };
    }

    it("reports ready once migrated", async () => {
      expect(await store.isReady()).toBe(true);
    });

    it("creates an organisation once per name", async () => {
      const first = await store.organisations.ensure("Gemeente Utrecht");
      const again = await store.organisations.ensure("  Gemeente Utrecht ");
      expect(again.id).toBe(first.id);
      expect(await store.organisations.get(first.id)).toEqual(first);
      expect(await store.organisations.get("nope")).toBeNull();
    });

    it("stores only the hash of a token and authenticates by its secret", async () => {
      const org = await store.organisations.ensure("Rijkswaterstaat");
      const { token, secret } = await store.tokens.create({ orgId: org.id, role: "legal", label: "team" }, cli(org.id));
      expect(secret).toMatch(/^cw_[A-Za-z0-9_-]{43}$/);
      const stored = await t.rows("select * from api_tokens");
      expect(stored).toHaveLength(1);
      expect(JSON.stringify(stored)).not.toContain(secret.slice(3));
      expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await store.tokens.authenticate(secret)).toEqual(token);
      expect(await store.tokens.authenticate(`${secret}x`)).toBeNull();
      const audit = await store.audit.list(org.id);
      expect(audit.items.map((e) => [e.action, e.target, e.actorRole])).toEqual([["token.create", token.id, "cli"]]);
    });

    it("refuses a revoked token and audits the revocation", async () => {
      const officer = await officerOf("Gemeente Delft");
      const { token, secret } = await store.tokens.create({ orgId: officer.orgId, role: "vendor" }, officer);
      expect(await store.tokens.revoke(officer.orgId, token.id, officer)).toBe(true);
      expect(await store.tokens.authenticate(secret)).toBeNull();
      const other = await store.organisations.ensure("Other");
      expect(await store.tokens.revoke(other.id, token.id, cli(other.id))).toBe(false);
      const listed = await store.tokens.list(officer.orgId);
      expect(listed.find((x) => x.id === token.id)?.revokedAt).not.toBeNull();
      expect((await store.audit.list(officer.orgId)).items[0].action).toBe("token.revoke");
    });

    it("saves a check with its documents, findings and audit entries, and reads the bytes back", async () => {
      const officer = await officerOf("Gemeente Amsterdam");
      // Over D1's 2 MB row limit, so the bytes must be split over several rows.
      const large = new Uint8Array(2_500_123).map((_, i) => (i * 31) % 251);
      const docs = [textDocument("terms.txt", "Supplier shall not train."), { ...textDocument("dpa.pdf", ""), bytes: large }];
      const report = reportFixture("terms.txt + dpa.pdf", {
        "genai-no-training-on-customer-data": "conflicting",
        "data-breach-notification": "partial",
      });
      const saved = await store.checks.save({ profile: { genai: true }, report, documents: docs }, officer);
      expect(saved).toMatchObject({ name: "terms.txt + dpa.pdf", result: "fail", lang: "en", createdByTokenId: officer.tokenId });

      const got = await store.checks.get(officer.orgId, saved.id);
      expect(got?.report).toEqual(report);
      expect(got?.profile).toEqual({ genai: true });

      const documents = await store.checks.documents(officer.orgId, saved.id);
      expect(documents.map((d) => [d.position, d.name, d.size])).toEqual([
        [0, "terms.txt", docs[0].bytes.length],
        [1, "dpa.pdf", large.length],
      ]);
      expect(await store.checks.documentBytes(officer.orgId, documents[0].id)).toEqual(docs[0].bytes);
      const back = await store.checks.documentBytes(officer.orgId, documents[1].id);
      expect(back?.length).toBe(large.length);
      expect(Buffer.from(back!).equals(Buffer.from(large))).toBe(true);
      expect((await t.rows("select count(*) as n from byte_chunks"))[0].n).toBe(1 + 3);

      const actions = (await store.audit.list(officer.orgId)).items.map((e) => e.action);
      expect(actions.slice(0, 3)).toEqual(["check", "upload", "upload"]);
      const detail = JSON.stringify((await store.audit.list(officer.orgId)).items);
      expect(detail).not.toContain("Supplier shall not train");
    });

    it("stores one finding row per requirement and finds checks by requirement and verdict", async () => {
      const officer = await officerOf("Provincie Zeeland");
      const doc = [textDocument("a.txt", "x")];
      const a = await store.checks.save(
        { profile: {}, report: reportFixture("a.txt", { "genai-no-training-on-customer-data": "conflicting", "audit-rights": "satisfied" }), documents: doc },
        officer,
      );
      const b = await store.checks.save(
        { profile: {}, report: reportFixture("b.txt", { "genai-no-training-on-customer-data": "satisfied", "audit-rights": "conflicting" }), documents: doc },
        officer,
      );
      const c = await store.checks.save(
        { profile: {}, report: reportFixture("c.txt", { "genai-no-training-on-customer-data": "conflicting" }), documents: doc },
        officer,
      );
      const outsider = await officerOf("Elsewhere");
      await store.checks.save(
        { profile: {}, report: reportFixture("x.txt", { "genai-no-training-on-customer-data": "conflicting" }), documents: doc },
        outsider,
      );
      const conflicting = await store.findings.search(officer.orgId, {
        requirement: "genai-no-training-on-customer-data",
        verdict: "conflicting",
      });
      expect(conflicting.items.map((m) => m.checkId)).toEqual([c.id, a.id]);
      expect(conflicting.items[0]).toMatchObject({ checkName: "c.txt", verdict: "conflicting", severity: "major", theme: "genai" });
      const anyConflict = await store.findings.search(officer.orgId, { verdict: "conflicting" }, { limit: 2 });
      expect(anyConflict.items.map((m) => m.checkId)).toEqual([c.id, b.id]);
      const rest = await store.findings.search(officer.orgId, { verdict: "conflicting" }, { limit: 2, cursor: anyConflict.nextCursor });
      expect(rest.items.map((m) => m.checkId)).toEqual([a.id]);
      expect(rest.nextCursor).toBeNull();
      expect((await t.rows("select count(*) as n from findings"))[0].n).toBe(2 + 2 + 1 + 1);
    });

    it("writes findings of a full playbook in statements under D1's parameter limit", async () => {
      const officer = await officerOf("Groot");
      const verdicts = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`req-${i}`, "missing" as const]));
      const saved = await store.checks.save({ profile: {}, report: reportFixture("big.txt", verdicts), documents: [textDocument("big.txt", "y")] }, officer);
      const rows = await store.findings.search(officer.orgId, { verdict: "missing" }, { limit: 100 });
      expect(rows.items).toHaveLength(60);
      expect(new Set(rows.items.map((r) => r.checkId))).toEqual(new Set([saved.id]));
    });

    it("lists checks newest first, one page at a time", async () => {
      const officer = await officerOf("Waterschap");
      const ids: string[] = [];
      for (const name of ["1.txt", "2.txt", "3.txt"]) {
        const saved = await store.checks.save({ profile: {}, report: reportFixture(name, {}), documents: [textDocument(name, name)] }, officer);
        ids.push(saved.id);
      }
      const first = await store.checks.list(officer.orgId, { limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
      const second = await store.checks.list(officer.orgId, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((c) => c.id)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeNull();
      await expect(store.checks.list(officer.orgId, { cursor: "garbage!" })).rejects.toMatchObject({ code: "E_BAD_REQUEST" });
      await expect(store.checks.list(officer.orgId, { limit: 0 })).rejects.toMatchObject({ code: "E_BAD_REQUEST" });
    });

    it("keeps organisations apart", async () => {
      const mine = await officerOf("Mine");
      const theirs = await officerOf("Theirs");
      const saved = await store.checks.save({ profile: {}, report: reportFixture("m.txt", {}), documents: [textDocument("m.txt", "m")] }, mine);
      const [doc] = await store.checks.documents(mine.orgId, saved.id);
      expect(await store.checks.get(theirs.orgId, saved.id)).toBeNull();
      expect(await store.checks.documents(theirs.orgId, saved.id)).toEqual([]);
      expect(await store.checks.documentBytes(theirs.orgId, doc.id)).toBeNull();
      expect((await store.checks.list(theirs.orgId)).items).toEqual([]);
      expect(await store.checks.delete(theirs.orgId, saved.id, theirs)).toBe(false);
      expect(await store.checks.get(mine.orgId, saved.id)).not.toBeNull();
      await expect(
        store.outputs.put(theirs.orgId, { checkId: saved.id, kind: "clauses.md", lang: "nl", contentType: "text/markdown", bytes: new Uint8Array([1]) }),
      ).rejects.toMatchObject({ code: "E_NOT_FOUND" });
      expect((await store.audit.list(theirs.orgId)).items.every((e) => e.target !== saved.id)).toBe(true);
    });

    it("keeps one output per check, kind and language", async () => {
      const officer = await officerOf("Outputs");
      const saved = await store.checks.save({ profile: {}, report: reportFixture("o.txt", {}), documents: [textDocument("o.txt", "o")] }, officer);
      const key = { checkId: saved.id, kind: "clauses.md", lang: "nl" as const };
      expect(await store.outputs.get(officer.orgId, key)).toBeNull();
      await store.outputs.put(officer.orgId, { ...key, contentType: "text/markdown", bytes: new TextEncoder().encode("eerste") });
      await store.outputs.put(officer.orgId, { ...key, contentType: "text/markdown", bytes: new TextEncoder().encode("tweede") });
      const got = await store.outputs.get(officer.orgId, key);
      expect(new TextDecoder().decode(got!.bytes)).toBe("tweede");
      expect(got?.contentType).toBe("text/markdown");
      expect(await store.outputs.get(officer.orgId, { ...key, lang: "en" })).toBeNull();
      expect((await t.rows("select count(*) as n from outputs"))[0].n).toBe(1);
    });

    it("deletes a check with its documents, findings and outputs, and keeps the audit trail", async () => {
      const officer = await officerOf("Delete BV");
      const saved = await store.checks.save(
        { profile: {}, report: reportFixture("d.txt", { "audit-rights": "missing" }), documents: [textDocument("d.txt", "d")] },
        officer,
      );
      const keep = await store.checks.save({ profile: {}, report: reportFixture("k.txt", { "audit-rights": "missing" }), documents: [textDocument("k.txt", "k")] }, officer);
      await store.outputs.put(officer.orgId, { checkId: saved.id, kind: "clauses.json", lang: "en", contentType: "application/json", bytes: new Uint8Array([7]) });
      const auditBefore = (await store.audit.list(officer.orgId, { limit: 100 })).items;

      expect(await store.checks.delete(officer.orgId, saved.id, officer)).toBe(true);
      expect(await store.checks.get(officer.orgId, saved.id)).toBeNull();
      expect(await store.checks.delete(officer.orgId, saved.id, officer)).toBe(false);
      for (const table of ["documents", "findings", "outputs"]) {
        const rows = await t.rows(`select check_id from ${table}`);
        expect(rows.every((r) => r.check_id === keep.id), table).toBe(true);
      }
      expect((await t.rows("select count(*) as n from byte_chunks"))[0].n).toBe(1);

      const auditAfter = (await store.audit.list(officer.orgId, { limit: 100 })).items;
      expect(auditAfter.slice(1)).toEqual(auditBefore);
      expect(auditAfter[0]).toMatchObject({ action: "delete", target: saved.id, actorTokenId: officer.tokenId, actorRole: "officer" });
    });

    it("pages through the audit log newest first", async () => {
      const officer = await officerOf("Audit");
      for (let i = 0; i < 3; i++) await store.audit.append(officer, { action: "download", target: `t${i}`, detail: { i } });
      const first = await store.audit.list(officer.orgId, { limit: 2 });
      expect(first.items.map((e) => e.target)).toEqual(["t2", "t1"]);
      expect(first.items[0].detail).toEqual({ i: 2 });
      const second = await store.audit.list(officer.orgId, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((e) => e.action)).toEqual(["download", "token.create"]);
      expect(second.nextCursor).toBeNull();
    });

    it("writes all statements of an atomic write or none", async () => {
      const at = new Date().toISOString();
      await expect(
        t.writeAtomically([
          t.db.insert(organisations).values({ id: "org-a", name: "Atomic A", createdAt: at }),
          t.db.insert(organisations).values({ id: "org-b", name: "Atomic A", createdAt: at }),
        ]),
      ).rejects.toThrow();
      expect(await t.rows("select * from organisations where name = 'Atomic A'")).toEqual([]);
    });
  });
}
