/**
 * The spawned service (`node bin/contractwijzer.mjs serve`) under simultaneous uploads from
 * three organisations, and killed with SIGKILL in the middle of a burst of writes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { makeDocx, makePdf } from "../http/documents.js";
import { createToken, postCheck, type SpawnedServer, spawnServer, uploadForm } from "./service.js";

const dir = mkdtempSync(join(tmpdir(), "cw-concurrency-"));
const servers: SpawnedServer[] = [];
afterAll(() => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

async function start(dbPath: string): Promise<SpawnedServer> {
  const server = await spawnServer(dbPath);
  servers.push(server);
  return server;
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill("SIGTERM");
  expect((await server.exited).code).toBe(0);
}

const ORGS = [
  { name: "Gemeente Zwaluwdorp", marker: "ZWALUW" },
  { name: "Waterschap Meerkoet", marker: "MEERKOET" },
  { name: "Provincie Reigerland", marker: "REIGER" },
] as const;

/** The i-th document of an organisation: five formats in turn, the marker in the name and in a quoted clause. */
async function documentFor(marker: string, i: number): Promise<{ name: string; bytes: Uint8Array }> {
  const lines = [
    "1. Customer Data",
    `1.1 Supplier ${marker} shall not use Customer Data to train any model (document ${i}).`,
    "2. Governing law",
    `2.1 This Agreement with ${marker} is governed by the laws of the Netherlands.`,
  ];
  const base = `${marker.toLowerCase()}-${String(i).padStart(2, "0")}`;
  const enc = (s: string) => new TextEncoder().encode(s);
  switch (i % 5) {
    case 0:
      return { name: `${base}.pdf`, bytes: await makePdf(lines) };
    case 1:
      return { name: `${base}.docx`, bytes: await makeDocx(lines.map((text, n) => ({ text, heading: n % 2 === 0 }))) };
    case 2:
      return { name: `${base}.md`, bytes: enc(lines.map((l, n) => (n % 2 === 0 ? `## ${l}` : l)).join("\n\n")) };
    case 3:
      return { name: `${base}.html`, bytes: enc(`<html><body>${lines.map((l, n) => (n % 2 === 0 ? `<h2>${l}</h2>` : `<p>${l}</p>`)).join("")}</body></html>`) };
    default:
      return { name: `${base}.txt`, bytes: enc(lines.join("\n\n")) };
  }
}

async function listAll(url: string, token: string): Promise<{ id: string; name: string }[]> {
  const items: { id: string; name: string }[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${url}/api/checks?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string; name: string }[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("simultaneous uploads from three organisations", () => {
  it("stores all 60 checks, each in its own organisation, and nobody reads another's", async () => {
    const dbPath = join(dir, "orgs/contractwijzer.db");
    const tokens = new Map<string, string>();
    for (const org of ORGS) tokens.set(org.marker, await createToken(dbPath, org.name));
    const server = await start(dbPath);

    const uploads = await Promise.all(
      ORGS.flatMap((org) => Array.from({ length: 20 }, (_, i) => documentFor(org.marker, i).then((doc) => ({ org, doc })))),
    );
    // All 60 in flight at once, interleaved across the organisations.
    const results = await Promise.all(
      uploads.map(async ({ org, doc }) => ({ org, doc, ...(await postCheck(server.url, tokens.get(org.marker)!, uploadForm(doc.name, doc.bytes))) })),
    );
    for (const r of results) expect({ name: r.doc.name, status: r.status, code: r.body.code }).toEqual({ name: r.doc.name, status: 201, code: undefined });

    const idsOf = new Map<string, string[]>();
    for (const org of ORGS) {
      const token = tokens.get(org.marker)!;
      const listed = await listAll(server.url, token);
      const expected = results.filter((r) => r.org === org);
      expect(listed.map((c) => c.id).sort()).toEqual(expected.map((r) => r.body.id).sort());
      expect(listed.map((c) => c.name).sort()).toEqual(expected.map((r) => r.doc.name).sort());
      idsOf.set(org.marker, listed.map((c) => c.id));
      const others = ORGS.filter((o) => o !== org).map((o) => o.marker);
      for (const check of listed) {
        const res = await fetch(`${server.url}/api/checks/${check.id}`, { headers: { Authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const report = await res.text();
        expect(report).toContain(org.marker);
        // The clause with the marker is quoted as evidence, so the report carries its own document's text.
        expect(JSON.parse(report).document.name).toBe(check.name);
        for (const other of others) expect(report).not.toContain(other);
      }
    }

    // Another organisation's check is a 404, for reading, outputs and deleting alike.
    const [first, second] = ORGS;
    const foreign = idsOf.get(second.marker)![0];
    const intruder = { Authorization: `Bearer ${tokens.get(first.marker)!}` };
    for (const path of [`/api/checks/${foreign}`, `/api/checks/${foreign}/clauses?format=json`]) {
      const res = await fetch(`${server.url}${path}`, { headers: intruder });
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(second.marker);
    }
    expect((await fetch(`${server.url}/api/checks/${foreign}`, { method: "DELETE", headers: intruder })).status).toBe(404);
    expect((await fetch(`${server.url}/api/checks/${foreign}`, { headers: { Authorization: `Bearer ${tokens.get(second.marker)!}` } })).status).toBe(200);

    await stop(server);

    const db = new Database(dbPath, { readonly: true });
    try {
      const perOrg = db.prepare("select o.name, count(*) n from checks c join organisations o on o.id = c.org_id group by o.name order by o.name").all();
      expect(perOrg).toEqual(ORGS.map((o) => ({ name: o.name, n: 20 })).sort((a, b) => a.name.localeCompare(b.name)));
      // Findings carry the organisation of their check, never another.
      expect(db.prepare("select count(*) n from findings f join checks c on c.id = f.check_id where f.org_id <> c.org_id").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 180_000);
});

/** A real contract PDF padded with an unreferenced 3 MB stream: cheap to parse, several byte chunks to store. */
async function heavyPdf(i: number, padding: Uint8Array): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(`1.1 Supplier shall not use Customer Data to train any model (burst ${i}).`, { x: 50, y: 800, size: 11, font });
  page.drawText("2.1 This Agreement is governed by the laws of the Netherlands.", { x: 50, y: 780, size: 11, font });
  pdf.context.register(pdf.context.stream(padding));
  return pdf.save();
}

function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed || 1;
  for (let n = 0; n < length; n++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[n] = x & 0xff;
  }
  return out;
}

interface Consistency {
  integrity: string;
  checks: number;
  incomplete: string[];
}

/** Every check row is whole: its documents with all their bytes, its findings, its audit entry. */
function inspect(dbPath: string): Consistency {
  const db = new Database(dbPath, { readonly: true });
  try {
    const integrity = (db.prepare("pragma integrity_check").pluck().all() as string[]).join("; ");
    const incomplete: string[] = [];
    const rows = db.prepare("select id, report from checks").all() as { id: string; report: string }[];
    const documents = db.prepare("select id, size from documents where check_id = ?");
    const chunkBytes = db.prepare("select coalesce(sum(length(bytes)), 0) from byte_chunks where owner_id = ?").pluck();
    const findings = db.prepare("select count(*) from findings where check_id = ?").pluck();
    const audited = db.prepare("select count(*) from audit_log where target = ? and action = 'check'").pluck();
    for (const row of rows) {
      const report = JSON.parse(row.report) as { documents: unknown[]; findings: unknown[] };
      const docs = documents.all(row.id) as { id: string; size: number }[];
      if (docs.length !== report.documents.length) incomplete.push(`${row.id}: ${docs.length} of ${report.documents.length} documents`);
      for (const d of docs) {
        const stored = chunkBytes.get(d.id) as number;
        if (stored !== d.size) incomplete.push(`${row.id}: document ${d.id} has ${stored} of ${d.size} bytes`);
      }
      const n = findings.get(row.id) as number;
      if (n !== report.findings.length) incomplete.push(`${row.id}: ${n} of ${report.findings.length} findings`);
      if (audited.get(row.id) !== 1) incomplete.push(`${row.id}: no audit entry`);
    }
    // Orphans: pieces of a check without the check.
    const orphans = db
      .prepare(
        "select (select count(*) from documents where check_id not in (select id from checks)) + (select count(*) from findings where check_id not in (select id from checks)) + (select count(*) from byte_chunks where owner_id not in (select id from documents union select id from outputs))",
      )
      .pluck()
      .get() as number;
    if (orphans) incomplete.push(`${orphans} orphaned documents, findings or byte chunks`);
    return { integrity, checks: rows.length, incomplete };
  } finally {
    db.close();
  }
}

describe("SIGKILL during a burst of writes", () => {
  it("leaves a sound database with every acknowledged check whole and no half-written one", async () => {
    const dbPath = join(dir, "kill/contractwijzer.db");
    const token = await createToken(dbPath, "Gemeente Stroomstoring");
    const padding = noise(3 * 1024 * 1024, 42);
    const documents = await Promise.all(Array.from({ length: 8 }, (_, i) => heavyPdf(i, padding)));
    const acknowledged = new Set<string>();
    const ROUNDS = 3;
    const IN_FLIGHT = 12;
    let killedWithWritesOpen = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const server = await start(dbPath);
      let killed = false;
      let sent = 0;
      let ackedThisRound = 0;
      const kill = () => {
        if (killed) return;
        killed = true;
        server.child.kill("SIGKILL");
      };
      // Keep IN_FLIGHT uploads going until the kill; kill once a few have been acknowledged.
      const lane = async () => {
        while (!killed) {
          const i = sent++;
          try {
            const r = await postCheck(server.url, token, uploadForm(`burst-${round}-${i}.pdf`, documents[i % documents.length]));
            if (r.status === 201) {
              acknowledged.add(r.body.id);
              if (++ackedThisRound >= 6 + round * 3) setTimeout(kill, (round * 7) % 20);
            } else if (!killed) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
          } catch (e) {
            if (!killed) throw e;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      expect((await server.exited).signal).toBe("SIGKILL");
      if (sent - ackedThisRound > 0) killedWithWritesOpen++;

      // Before anything opens it again: the file as the kill left it (with its WAL).
      const state = inspect(dbPath);
      expect(state.integrity).toBe("ok");
      expect(state.incomplete).toEqual([]);
    }
    expect(killedWithWritesOpen).toBe(ROUNDS);

    // Restarted on the same file: migrations run again, every acknowledged check is there and readable.
    const server = await start(dbPath);
    const listed = await listAll(server.url, token);
    const listedIds = new Set(listed.map((c) => c.id));
    for (const id of acknowledged) expect(listedIds.has(id), `acknowledged check ${id} is missing`).toBe(true);
    for (const id of [...acknowledged].slice(0, 5)) {
      const res = await fetch(`${server.url}/api/checks/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    }
    await stop(server);
    const after = inspect(dbPath);
    expect(after).toMatchObject({ integrity: "ok", incomplete: [] });
    expect(after.checks).toBeGreaterThanOrEqual(acknowledged.size);
  }, 240_000);
});
