// When the server process dies: restart it a few times, then stop and say so.

export const MAX_RESTARTS = 4;
export const WINDOW_MS = 3 * 60 * 1000;

export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Records a crash at `now`; returns true when the server should be restarted. */
  crashed(now: number): boolean {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    return this.crashes.length <= this.max;
  }

  /** Crashes counted in the current window. */
  get count(): number {
    return this.crashes.length;
  }

  reset(): void {
    this.crashes = [];
  }

  /** The message shown when the policy gives up. */
  giveUpMessage(): string {
    const minutes = Math.round(this.windowMs / 60000);
    return `The Altinn Studio language server crashed ${this.crashes.length} times in the last ${minutes} minutes and will not be restarted. See the logs, then use "Altinn Studio: Restart Language Server".`;
  }
}
