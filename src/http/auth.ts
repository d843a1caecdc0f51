/** Bearer tokens: who is calling, for which organisation, in which role. */
import type { MiddlewareHandler } from "hono";
import { ContractwijzerError } from "../errors.js";
import type { Actor, Role, Store } from "../store/types.js";
import type { AppEnv } from "./context.js";

export function authenticate(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ContractwijzerError("E_UNAUTHORIZED", "send Authorization: Bearer <token> (create one with `contractwijzer token create`)");
    const token = await store.tokens.authenticate(match[1]);
    if (!token) throw new ContractwijzerError("E_UNAUTHORIZED", "the token is unknown or revoked");
    const actor: Actor & { role: Role } = { orgId: token.orgId, tokenId: token.id, role: token.role };
    c.set("actor", actor);
    await next();
  };
}

/** Lets only the given roles through (after `authenticate`). */
export function allowRoles(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get("actor");
    if (!roles.includes(role)) throw new ContractwijzerError("E_FORBIDDEN", `this needs the role ${roles.join(" or ")}; the token has ${role}`);
    await next();
  };
}

/** For the OpenAPI document: which roles a route allows. */
export const rolesNote = (...roles: Role[]) => `Roles: ${roles.join(", ")}.`;
