/**
 * `contractwijzer <command>`: one file per command in this folder, each exporting
 * `run(args, io)`. Errors become one line `E_CODE: message` on stderr and exit code 2.
 */
import { formatErrorLine } from "../errors.js";

export interface CliIo {
  stdout: (chunk: string | Uint8Array) => void;
  stderr: (line: string) => void;
  debug: boolean;
}

type CommandModule = { run: (args: string[], io: CliIo) => Promise<number> };

const COMMANDS: Record<string, { describe: string; load: () => Promise<CommandModule> }> = {
  parse: { describe: "parse FILE [--format json|text]", load: () => import("./parse.js") },
  check: {
    describe: "check FILE... [--profile LIST] [--lang nl|en] [--format text|json|md] [--fail-on critical|major|minor|never]",
    load: () => import("./check.js"),
  },
  generate: {
    describe: "generate FILE... [--profile LIST] [--lang nl|en] [--format md|json|docx] [-o OUT] [--param key=value]...",
    load: () => import("./generate.js"),
  },
  redline: { describe: "redline FILE.docx [--profile LIST] [--lang nl|en] -o OUT.docx", load: () => import("./redline.js") },
  clauses: {
    describe: "clauses list [--lang] | clauses show ID [--lang] [--format md|docx] [--param key=value]...",
    load: () => import("./clauses.js"),
  },
  serve: { describe: "serve [--port N] [--db PATH]", load: () => import("./serve.js") },
  token: {
    describe: "token create --role officer|vendor|legal|admin --org NAME [--db PATH]",
    load: () => import("./token.js"),
  },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  contractwijzer ${c.describe}`);
  return [
    "Contractwijzer: checks IT contracts and vendor terms against the ARBIT-2022 and gen-AI playbook.",
    "It supports review; it is not legal advice.",
    "",
    "Usage:",
    ...lines,
    "",
    "Add --debug to any command to see stack traces.",
  ].join("\n");
}

const defaultIo = (debug: boolean): CliIo => ({
  stdout: (chunk) => process.stdout.write(chunk),
  stderr: (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`),
  debug,
});

export async function main(argv: string[], io: CliIo = defaultIo(argv.includes("--debug"))): Promise<number> {
  const args = argv.filter((a) => a !== "--debug");
  const [name, ...rest] = args;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`E_BAD_REQUEST: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest, io);
  } catch (e) {
    io.stderr(formatErrorLine(e));
    if (io.debug && e instanceof Error && e.stack) io.stderr(e.stack);
    return 2;
  }
}
