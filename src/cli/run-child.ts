// Runs the Playwright runner as a child and relays SIGINT/SIGTERM to it exactly once each, so that
// Playwright stops gracefully and the reporter writes the (incomplete) reports before anything exits.
import { spawn } from 'node:child_process';

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Signals this process received (and relayed) while the child ran. */
  received: NodeJS.Signals[];
}

export function runChild(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    const received: NodeJS.Signals[] = [];
    let lastAt = 0;
    const relay = (signal: NodeJS.Signals) => {
      // A terminal's Ctrl-C reaches the child directly too; Playwright ignores a repeat within 1 s.
      const now = Date.now();
      if (now - lastAt < 1000) return;
      lastAt = now;
      received.push(signal);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on('SIGINT', relay);
    process.on('SIGTERM', relay);
    child.on('error', (error) => {
      process.off('SIGINT', relay);
      process.off('SIGTERM', relay);
      reject(error);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', relay);
      process.off('SIGTERM', relay);
      resolve({ code, signal, received });
    });
  });
}
