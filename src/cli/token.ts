/**
 * `contractwijzer token create --role officer|vendor|legal|admin --org NAME [--db PATH] [--label TEXT] [--sql]`
 *
 * Prints the new token once on stdout; only its SHA-256 is stored. `--sql` writes nothing and
 * prints the SQL instead, for a D1 database (`wrangler d1 execute … --file`), with the token
 * on stderr.
 */
import { ROLES, type Role } from "../../db/schema.js";
import { ContractwijzerError } from "../errors.js";
import { openSqliteStore } from "../store/sqlite.js";
import { hashTokenSecret, newTokenSecret } from "../store/token-secret.js";
import { parseCommandArgs } from "./args.js";
import type { CliIo } from "./main.js";
import { DEFAULT_DB } from "./serve.js";

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    role: { type: "string" },
    org: { type: "string" },
    db: { type: "string" },
    label: { type: "string" },
    sql: { type: "boolean", default: false },
  });
  if (positionals[0] !== "create" || positionals.length !== 1)
    throw new ContractwijzerError("E_BAD_REQUEST", "usage: contractwijzer token create --role officer|vendor|legal|admin --org NAME [--db PATH]");
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new ContractwijzerError("E_BAD_REQUEST", `--role must be one of ${ROLES.join(", ")}`);
  const org = values.org?.trim();
  if (!org) throw new ContractwijzerError("E_BAD_REQUEST", "--org NAME is required (the organisation is created if it does not exist)");
  const label = values.label ?? null;

  if (values.sql) {
    const secret = newTokenSecret();
    io.stdout(await tokenInsertSql({ org, role, label, tokenHash: await hashTokenSecret(secret), at: new Date().toISOString() }));
    io.stderr(`${secret}\n(the token for role ${role} in "${org}", valid once the SQL above is executed; it is shown only now)`);
    return 0;
  }

  const dbPath = values.db ?? process.env.CONTRACTWIJZER_DB ?? DEFAULT_DB;
  const { store, close } = openSqliteStore(dbPath);
  try {
    const organisation = await store.organisations.ensure(org);
    const { token, secret } = await store.tokens.create(
      { orgId: organisation.id, role, label },
      { orgId: organisation.id, tokenId: null, role: "cli" },
    );
    io.stdout(`${secret}\n`);
    io.stderr(`Token ${token.id} for role ${role} in "${organisation.name}" (database ${dbPath}). It is shown only now; store it safely.`);
    return 0;
  } finally {
    close();
  }
}

const quote = (value: string | null) => (value === null ? "NULL" : `'${value.replace(/'/g, "''")}'`);

/** The same rows `store.tokens.create` writes, as SQL for D1, which the CLI cannot reach directly. */
export async function tokenInsertSql(input: { org: string; role: Role; label: string | null; tokenHash: string; at: string }): Promise<string> {
  const tokenId = crypto.randomUUID();
  const org = quote(input.org);
  const detail = quote(JSON.stringify({ role: input.role, label: input.label }));
  return [
    `INSERT OR IGNORE INTO organisations (id, name, created_at) VALUES (${quote(crypto.randomUUID())}, ${org}, ${quote(input.at)});`,
    `INSERT INTO api_tokens (id, org_id, role, token_hash, label, created_at) SELECT ${quote(tokenId)}, id, ${quote(input.role)}, ${quote(input.tokenHash)}, ${quote(input.label)}, ${quote(input.at)} FROM organisations WHERE name = ${org};`,
    `INSERT INTO audit_log (org_id, actor_token_id, actor_role, action, target, at, detail) SELECT id, NULL, 'cli', 'token.create', ${quote(tokenId)}, ${quote(input.at)}, ${detail} FROM organisations WHERE name = ${org};`,
    "",
  ].join("\n");
}
