/**
 * Traps every way a Node process can reach the network: fetch, http/https/http2, net and tls
 * sockets, DNS. A call for a non-loopback destination is recorded and throws. Used in two ways:
 * `installNetworkTrap()` inside a test, and `node --import ./test/hardening/network-trap.mjs`
 * for a child process (armed when CW_NET_TRAP_LOG names a file; each blocked call is appended
 * to it as one line), which also catches anything a dependency does at import.
 */
import dns from "node:dns";
import { appendFileSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import tls from "node:tls";
import { threadId } from "node:worker_threads";

const LOOPBACK_NAMES = new Set(["localhost", "localhost.", "ip6-localhost", "ip6-loopback"]);

/** 127.0.0.0/8, ::1 (also IPv4-mapped), localhost; a missing host means localhost for Node's clients. */
export function isLoopbackHost(host) {
  if (host === undefined || host === null || host === "") return true;
  let h = String(host).trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (LOOPBACK_NAMES.has(h) || h.endsWith(".localhost")) return true;
  if (h.startsWith("::ffff:")) h = h.slice(7);
  if (/^127(\.\d{1,3}){3}$/.test(h)) return true;
  return h === "::1" || h === "0:0:0:0:0:0:0:1";
}

function urlHost(value) {
  try {
    return new URL(String(value)).hostname;
  } catch {
    return "(unparseable url)";
  }
}

/** The host a client call would connect to, or null for a local IPC path. */
function hostOfRequestArgs(args) {
  const [first, second] = args;
  if (typeof first === "string" || first instanceof URL) return urlHost(first);
  const options = first && typeof first === "object" ? first : second && typeof second === "object" ? second : {};
  if (options.socketPath) return null;
  return options.hostname ?? options.host ?? "localhost";
}

function hostOfSocketArgs(args) {
  let [first, second] = args;
  if (Array.isArray(first)) [first, second] = first; // internal normalized form [options, cb]
  if (first && typeof first === "object") {
    if (first.path) return null;
    return first.host ?? first.hostname ?? "localhost";
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return null; // a path: IPC
  return typeof second === "string" ? second : "localhost";
}

let installed = null;

/**
 * Replaces the functions in place (and re-syncs the ESM named exports of the builtins).
 * `onBlocked` gets "api destination" for each blocked call. Returns the calls and a restore().
 */
export function installNetworkTrap(onBlocked = () => {}) {
  if (installed) throw new Error("the network trap is already installed");
  const calls = [];
  const originals = [];
  const block = (api, host) => {
    const line = `${api} ${host}`;
    calls.push(line);
    onBlocked(line);
    throw new Error(`network access blocked by the test trap: ${line}`);
  };
  /** `promised`: the API returns a promise, so a blocked call rejects instead of throwing. */
  const patch = (owner, name, hostOf, api, promised = false) => {
    const original = owner[name];
    if (typeof original !== "function") return;
    originals.push([owner, name, original]);
    owner[name] = function trapped(...args) {
      const host = hostOf(args);
      if (host !== null && !isLoopbackHost(host)) {
        if (!promised) block(api, host);
        try {
          block(api, host);
        } catch (e) {
          return Promise.reject(e);
        }
      }
      return original.apply(this, args);
    };
  };

  const fetchHost = ([input]) => urlHost(typeof input === "object" && input !== null && "url" in input ? input.url : input);
  patch(globalThis, "fetch", fetchHost, "fetch", true);
  for (const [mod, name] of [
    [http, "http"],
    [https, "https"],
  ]) {
    patch(mod, "request", hostOfRequestArgs, `${name}.request`);
    patch(mod, "get", hostOfRequestArgs, `${name}.get`);
  }
  patch(http2, "connect", ([authority]) => urlHost(authority), "http2.connect");
  patch(net, "connect", hostOfSocketArgs, "net.connect");
  patch(net, "createConnection", hostOfSocketArgs, "net.createConnection");
  patch(net.Socket.prototype, "connect", hostOfSocketArgs, "net.Socket.connect");
  patch(tls, "connect", hostOfSocketArgs, "tls.connect");
  const nameOf = ([hostname]) => hostname;
  patch(dns, "lookup", nameOf, "dns.lookup");
  patch(dns, "lookupService", nameOf, "dns.lookupService");
  patch(dns.promises, "lookup", nameOf, "dns.promises.lookup", true);
  for (const name of Object.keys(dns).filter((k) => /^resolve/.test(k))) patch(dns, name, nameOf, `dns.${name}`);
  for (const name of Object.keys(dns.promises).filter((k) => /^resolve/.test(k))) patch(dns.promises, name, nameOf, `dns.promises.${name}`, true);
  syncBuiltinESMExports();

  installed = {
    calls,
    restore() {
      for (const [owner, name, original] of originals.reverse()) owner[name] = original;
      syncBuiltinESMExports();
      installed = null;
    },
  };
  return installed;
}

const logFile = process.env.CW_NET_TRAP_LOG;
if (logFile) {
  appendFileSync(logFile, `armed thread ${threadId}\n`);
  installNetworkTrap((line) => appendFileSync(logFile, `blocked thread ${threadId}: ${line}\n`));
}
