export function isLoopbackHost(host: unknown): boolean;
export function installNetworkTrap(onBlocked?: (line: string) => void): { calls: string[]; restore(): void };
