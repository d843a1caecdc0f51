import { ContractwijzerError } from "../errors.js";

/**
 * Cooperative time limit. CPU-bound steps call `check()` between units of work, because a
 * timer alone cannot interrupt synchronous code.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(readonly timeoutMs: number) {
    this.endsAt = Date.now() + timeoutMs;
  }

  expired(): boolean {
    return Date.now() > this.endsAt;
  }

  check(): void {
    if (this.expired()) throw timeoutError(this.timeoutMs);
  }

  /** Rejects when the time is up, even while `work` waits on I/O or a worker. */
  async race<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(this.timeoutMs)), Math.max(0, this.endsAt - Date.now()));
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function timeoutError(ms: number): ContractwijzerError {
  return new ContractwijzerError("E_PARSE_TIMEOUT", `parsing took longer than ${ms} ms and was stopped`);
}
